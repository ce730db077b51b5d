"""The token store in a SQLite file (WAL mode, created on first use): the ``tokens``
table beside the ledger's, and ``tokens_meta`` with its schema version."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from summitcal.errors import TokenStoreError
from summitcal.revisions.migrations import schema_of
from summitcal.timerange import utc_stamp
from summitcal.tokens import TOKENS_SCHEMA, TokenInfo, allowed, digest, new_token, unknown

__all__ = ["SqliteTokenStore"]

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


class SqliteTokenStore:
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

    def close(self) -> None:
        """Nothing to let go of: each call opens and closes its own connection."""

    def create(self, schedule_id: str, label: str = "") -> tuple[str, TokenInfo]:
        """A new token for ``schedule_id``: (the secret, shown only now; its info)."""
        token, info, digest = new_token(schedule_id, label)
        with self._connect() as db:
            db.execute(
                "INSERT INTO tokens (id, schedule_id, digest, label, created) VALUES (?, ?, ?, ?, ?)",
                (info.id, schedule_id, digest, label, info.created),
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
            raise unknown(token_id)
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
            return allowed(schedule_id, token, None)
        with self._connect() as db:
            row = db.execute(
                "SELECT schedule_id FROM tokens WHERE digest = ? AND revoked IS NULL",
                (digest(token),),
            ).fetchone()
        return allowed(schedule_id, token, row[0] if row else None)
