"""Secret addresses for private schedules: tokens kept hashed in SQLite.

A private schedule is served only to a request that carries one of its tokens, the way
calendar apps hand out secret addresses. A token is shown once, when it is created;
the database keeps its SHA-256 and a short public id for listing and revoking. A check
looks the token up by its digest and compares in constant time.

:func:`open_tokens` opens the store a setting names (``--db``, ``STATE_DB``: a file path
or a ``sqlite:`` URL, as for the ledger); by default it is the ledger's file. The
``tokens_meta`` table keeps the store's schema version (1), so a later release can
upgrade it as the ledger's are (:mod:`summitcal.revisions.migrations`), and this one
refuses a store of a newer schema rather than misread it.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from summitcal.errors import TokenError, TokenStoreError
from summitcal.revisions.migrations import schema_of
from summitcal.state_url import sqlite_file
from summitcal.timerange import utc_stamp

__all__ = [
    "TOKENS_SCHEMA",
    "TokenError",
    "TokenInfo",
    "TokenStore",
    "TokenStoreError",
    "default_state_dir",
    "open_tokens",
]

TOKENS_SCHEMA = 1

_SCHEMA = f"""
BEGIN IMMEDIATE;
CREATE TABLE IF NOT EXISTS tokens_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT OR IGNORE INTO tokens_meta VALUES ('schema', '{TOKENS_SCHEMA}');
CREATE TABLE IF NOT EXISTS tokens (
    id TEXT PRIMARY KEY,
    schedule_id TEXT NOT NULL,
    digest TEXT NOT NULL UNIQUE,
    label TEXT NOT NULL,
    created TEXT NOT NULL,
    revoked TEXT
);
CREATE INDEX IF NOT EXISTS tokens_by_schedule ON tokens (schedule_id);
COMMIT;
"""


@dataclass(frozen=True, slots=True)
class TokenInfo:
    """What may be shown about a token: never the token itself."""

    id: str
    schedule_id: str
    label: str
    created: str
    revoked: str | None


def default_state_dir() -> Path:
    """``$SUMMITCAL_STATE_DIR``, else ``$XDG_STATE_HOME/summitcal``, else ``~/.local/state/summitcal``."""
    if "SUMMITCAL_STATE_DIR" in os.environ:
        return Path(os.environ["SUMMITCAL_STATE_DIR"])
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "summitcal"


def open_tokens(url: str | os.PathLike[str]) -> TokenStore:
    """The token store ``url`` names: a file path, ``sqlite:///absolute/path`` or
    ``sqlite:relative/path`` (see :mod:`summitcal.state_url`); any other scheme
    is refused with one message (exit status 1)."""
    return TokenStore(sqlite_file(url, "the token database"))


class TokenStore:
    """The ``tokens`` table of a SQLite database (WAL mode, created on first use)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(self.path, timeout=10)
        except (OSError, sqlite3.Error) as error:
            raise TokenStoreError(
                f"{self.path}: cannot open the token database ({error})"
            ) from None
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            found = schema_of(connection, "tokens_meta")
            if found is None:
                connection.executescript(_SCHEMA)  # a write only for a store made now
            elif found > TOKENS_SCHEMA:
                raise TokenStoreError(
                    f"{self.path}: the token database was written by a newer summitcal "
                    f"(token schema {found}); upgrade summitcal to use it"
                )
            with connection:
                yield connection
        except sqlite3.DatabaseError as error:
            raise TokenStoreError(
                f"{self.path}: not a usable summitcal database ({error}); "
                "restore it from a backup or point --db elsewhere"
            ) from None
        finally:
            connection.close()

    def create(self, schedule_id: str, label: str = "") -> tuple[str, TokenInfo]:
        """A new token for ``schedule_id``: (the secret, shown only now; its info)."""
        token = secrets.token_urlsafe(24)
        info = TokenInfo(
            id=secrets.token_hex(4),
            schedule_id=schedule_id,
            label=label,
            created=utc_stamp(datetime.now(UTC)),
            revoked=None,
        )
        with self._connect() as db:
            db.execute(
                "INSERT INTO tokens (id, schedule_id, digest, label, created) VALUES (?, ?, ?, ?, ?)",
                (info.id, schedule_id, _digest(token), label, info.created),
            )
        return token, info

    def list(self, schedule_id: str | None = None) -> list[TokenInfo]:
        query = "SELECT id, schedule_id, label, created, revoked FROM tokens"
        with self._connect() as db:
            rows = (
                db.execute(query + " WHERE schedule_id = ? ORDER BY created, id", (schedule_id,))
                if schedule_id
                else db.execute(query + " ORDER BY schedule_id, created, id")
            ).fetchall()
        return [TokenInfo(*row) for row in rows]

    def revoke(self, token_id: str) -> TokenInfo:
        """Revoke by public id. Raises TokenError for an unknown id."""
        now = utc_stamp(datetime.now(UTC))
        with self._connect() as db:
            changed = db.execute(
                "UPDATE tokens SET revoked = COALESCE(revoked, ?) WHERE id = ?", (now, token_id)
            ).rowcount
        if not changed:
            raise TokenError(f"no token with id {token_id!r}; see `summitcal tokens list`")
        return next(info for info in self.list() if info.id == token_id)

    def allows(self, schedule_id: str, token: str) -> bool:
        """Whether ``token`` is a live token of ``schedule_id``.

        The same work whatever the schedule and the token: one look-up by the token's
        digest (an index, so the schedule's number of tokens does not show), then one
        constant-time comparison of the schedule ids, made even when nothing was found
        or no token was given, so the time does not tell a private schedule from a
        missing one.
        """
        if not self.path.exists():
            return False
        with self._connect() as db:
            row = db.execute(
                "SELECT schedule_id FROM tokens WHERE digest = ? AND revoked IS NULL",
                (_digest(token),),
            ).fetchone()
        found = row[0].encode("utf-8") if row else b""
        same = hmac.compare_digest(found, schedule_id.encode("utf-8"))
        return bool(token) and row is not None and same


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
