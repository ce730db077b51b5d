"""Secret addresses for private schedules: tokens kept hashed, in SQLite or PostgreSQL.

A private schedule is served only to a request that carries one of its tokens, the way
calendar apps hand out secret addresses. A token is shown once, when it is created;
the store keeps its SHA-256 and a short public id for listing and revoking. A check
looks the token up by its digest and compares in constant time (:func:`allowed`).

:func:`open_tokens` opens the store a setting names (``--state``, ``--db``,
``STATE_DB``: a file path, a ``sqlite:`` URL or a ``postgresql://`` URL, as for the
ledger): :mod:`summitcal.sqlite_tokens` or :mod:`summitcal.pg_tokens`, each behind
:class:`TokenStore`. Each keeps the store's schema version (1) in ``tokens_meta``, so a
later release can upgrade it as the ledger's are, and refuses a newer one rather than
misread it.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from summitcal.errors import TokenError, TokenStoreError
from summitcal.messages import N_
from summitcal.state_url import ServerUrl, locate
from summitcal.timerange import utc_stamp

__all__ = [
    "TOKENS_SCHEMA",
    "TokenError",
    "TokenInfo",
    "TokenStore",
    "TokenStoreError",
    "allowed",
    "default_state_dir",
    "digest",
    "new_token",
    "open_tokens",
]

TOKENS_SCHEMA = 1


@dataclass(frozen=True, slots=True)
class TokenInfo:
    """What may be shown about a token: never the token itself."""

    id: str
    schedule_id: str
    label: str
    created: str
    revoked: str | None


class TokenStore(Protocol):
    """What the service and ``summitcal tokens`` need of a token store."""

    def create(self, schedule_id: str, label: str = "") -> tuple[str, TokenInfo]:
        """A new token for ``schedule_id``: (the secret, shown only now; its info)."""
        ...

    def list(self, schedule_id: str | None = None) -> list[TokenInfo]:
        """The tokens (of ``schedule_id``, or all), never their secrets."""
        ...

    def revoke(self, token_id: str) -> TokenInfo:
        """Revoke by public id. Raises TokenError for an unknown id."""
        ...

    def allows(self, schedule_id: str, token: str) -> bool:
        """Whether ``token`` is a live token of ``schedule_id``, with the same work
        whatever the schedule and the token (see :func:`allowed`)."""
        ...

    def close(self) -> None:
        """Let go of this process's connections (the next call opens others)."""
        ...


def default_state_dir() -> Path:
    """``$SUMMITCAL_STATE_DIR``, else ``$XDG_STATE_HOME/summitcal``, else ``~/.local/state/summitcal``."""
    if "SUMMITCAL_STATE_DIR" in os.environ:
        return Path(os.environ["SUMMITCAL_STATE_DIR"])
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "summitcal"


def open_tokens(url: str | os.PathLike[str]) -> TokenStore:
    """The token store ``url`` names: a file path, ``sqlite:///absolute/path``,
    ``sqlite:relative/path`` or ``postgresql://user@host/database`` (see
    :mod:`summitcal.state_url`); any other scheme is refused with one message (exit
    status 1). Nothing is opened until the first call."""
    where = locate(url, N_("the token database"))
    if isinstance(where, ServerUrl):
        from summitcal.pg_tokens import PostgresTokenStore

        return PostgresTokenStore(where)
    from summitcal.sqlite_tokens import SqliteTokenStore

    return SqliteTokenStore(where)


def new_token(schedule_id: str, label: str) -> tuple[str, TokenInfo, str]:
    """A new secret, its info and its digest (what a store keeps)."""
    token = secrets.token_urlsafe(24)
    info = TokenInfo(
        id=secrets.token_hex(4),
        schedule_id=schedule_id,
        label=label,
        created=utc_stamp(datetime.now(UTC)),
        revoked=None,
    )
    return token, info, digest(token)


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def allowed(schedule_id: str, token: str, found: str | None) -> bool:
    """Whether ``found`` (the schedule of the live token with ``token``'s digest, if
    any) grants ``schedule_id``: one constant-time comparison of the schedule ids, made
    even when nothing was found or no token was given, so the time does not tell a
    private schedule from a missing one."""
    same = hmac.compare_digest((found or "").encode("utf-8"), schedule_id.encode("utf-8"))
    return bool(token) and found is not None and same


def unknown(token_id: str) -> TokenError:
    return TokenError(N_("no token with id {id}; see `summitcal tokens list`", id=repr(token_id)))
