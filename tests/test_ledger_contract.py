"""The ledger contract (``ledger_contract.py``) run against every backend this release
has: SQLite, named by a ``sqlite:///`` URL, and PostgreSQL, a new database of the real
server the ``postgres`` fixture starts (``conftest.py``) named by a ``postgresql://``
URL. Another backend is one more entry in :data:`BACKENDS`."""

from __future__ import annotations

import pytest

from ledger_contract import Backend, LedgerContract

BACKENDS = [
    Backend(
        "sqlite", lambda _request, folder: f"sqlite://{(folder / 'ledger.sqlite3').absolute()}"
    ),
    Backend(
        "postgresql", lambda request, _folder: request.getfixturevalue("postgres").new_database()
    ),
]


@pytest.fixture(params=BACKENDS, ids=lambda backend: backend.name)
def backend(request: pytest.FixtureRequest) -> Backend:
    return request.param  # type: ignore[no-any-return]


class TestLedgerContract(LedgerContract):
    """Every test of the contract, once per backend."""
