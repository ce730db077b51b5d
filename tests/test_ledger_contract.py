"""The ledger contract (``ledger_contract.py``) run against every backend this release
has: SQLite, named by a ``sqlite:///`` URL. Another backend is one more entry in
:data:`BACKENDS`."""

from __future__ import annotations

import pytest

from ledger_contract import Backend, LedgerContract

BACKENDS = [
    Backend("sqlite", lambda folder: f"sqlite://{(folder / 'ledger.sqlite3').absolute()}"),
]


@pytest.fixture(params=BACKENDS, ids=lambda backend: backend.name)
def backend(request: pytest.FixtureRequest) -> Backend:
    return request.param  # type: ignore[no-any-return]


class TestLedgerContract(LedgerContract):
    """Every test of the contract, once per backend."""
