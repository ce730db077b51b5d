"""The token store in a PostgreSQL database (usually the ledger's): the same ``tokens``
and ``tokens_meta`` tables as SQLite's, made on first use under an advisory lock, so
two servers starting at once make them once. Connections come from a small pool per
process, made on first use after a fork. Whatever fails is one
:class:`~summitcal.errors.TokenStoreError` naming the URL without its password (the
service logs it and answers a plain 404, as for a token it does not know)."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import psycopg
from psycopg_pool import ConnectionPool, PoolTimeout

from summitcal.errors import TokenStoreError
from summitcal.revisions.pg_migrations import schema_of
from summitcal.state_url import ServerUrl
from summitcal.timerange import utc_stamp
from summitcal.tokens import TOKENS_SCHEMA, TokenInfo, allowed, digest, new_token, unknown

__all__ = ["SCHEMA_LOCK", "PostgresTokenStore"]

SCHEMA_LOCK = 0x73756D6D_746F6B6E  # pg_advisory_xact_lock's key for making the tables

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS tokens_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    f"INSERT INTO tokens_meta VALUES ('schema', '{TOKENS_SCHEMA}') ON CONFLICT DO NOTHING",
    """CREATE TABLE IF NOT EXISTS tokens (
    id TEXT PRIMARY KEY,
    schedule_id TEXT NOT NULL,
    digest TEXT NOT NULL UNIQUE,
    label TEXT NOT NULL,
    created TEXT NOT NULL,
    revoked TEXT
)""",
    "CREATE INDEX IF NOT EXISTS tokens_by_schedule ON tokens (schedule_id)",
)

Connection = psycopg.Connection[tuple[Any, ...]]


class PostgresTokenStore:
    """The ``tokens`` table of a PostgreSQL database; ``timeout``: seconds to connect
    and to wait for a pooled connection."""

    def __init__(self, server: ServerUrl, *, pool_size: int = 4, timeout: float = 10.0) -> None:
        self.server = server
        self.pool_size = pool_size
        self.timeout = timeout
        self._guard = threading.Lock()
        self._pool: ConnectionPool[Connection] | None = None
        self._pid = 0

    def create(self, schedule_id: str, label: str = "") -> tuple[str, TokenInfo]:
        token, info, token_digest = new_token(schedule_id, label)
        with self._connect() as db:
            db.execute(
                "INSERT INTO tokens (id, schedule_id, digest, label, created) "
                "VALUES (%s, %s, %s, %s, %s)",
                (info.id, schedule_id, token_digest, label, info.created),
            )
        return token, info

    def list(self, schedule_id: str | None = None) -> list[TokenInfo]:
        query = "SELECT id, schedule_id, label, created, revoked FROM tokens"
        with self._connect() as db:
            rows = (
                db.execute(query + " WHERE schedule_id = %s ORDER BY created, id", (schedule_id,))
                if schedule_id
                else db.execute(query + " ORDER BY schedule_id, created, id")
            ).fetchall()
        return [TokenInfo(*row) for row in rows]

    def revoke(self, token_id: str) -> TokenInfo:
        now = utc_stamp(datetime.now(UTC))
        with self._connect() as db:
            row = db.execute(
                "UPDATE tokens SET revoked = COALESCE(revoked, %s) WHERE id = %s "
                "RETURNING id, schedule_id, label, created, revoked",
                (now, token_id),
            ).fetchone()
        if row is None:
            raise unknown(token_id)
        return TokenInfo(*row)

    def allows(self, schedule_id: str, token: str) -> bool:
        with self._connect() as db:
            row = db.execute(
                "SELECT schedule_id FROM tokens WHERE digest = %s AND revoked IS NULL",
                (digest(token),),
            ).fetchone()
        return allowed(schedule_id, token, row[0] if row else None)

    def close(self) -> None:
        """Close this process's pool (the next call opens another)."""
        with self._guard:
            pool, self._pool = self._pool, None
            if pool is not None and self._pid == os.getpid():
                pool.close()

    # -- connections ------------------------------------------------------------------

    @contextmanager
    def _connect(self) -> Iterator[Connection]:
        """A pooled connection in a transaction, committed at the end."""
        try:
            with self._open().connection() as db, db.transaction():
                yield db
        except PoolTimeout:
            raise TokenStoreError(
                f"{self.server}: no connection to the PostgreSQL server within "
                f"{self.timeout:g} s; check that it runs and takes connections"
            ) from None
        except psycopg.Error as error:
            raise TokenStoreError(self._unusable(error)) from None

    def _open(self) -> ConnectionPool[Connection]:
        with self._guard:
            if self._pool is not None and self._pid == os.getpid():
                return self._pool
            try:
                with psycopg.connect(
                    self.server.url, autocommit=True, connect_timeout=max(2, round(self.timeout))
                ) as db:
                    self._prepare(db)
            except psycopg.Error as error:
                raise TokenStoreError(self._unusable(error)) from None
            self._pool = ConnectionPool(
                self.server.url,
                kwargs={"autocommit": True, "connect_timeout": max(2, round(self.timeout))},
                min_size=1,
                max_size=self.pool_size,
                timeout=self.timeout,
                check=ConnectionPool.check_connection,
                num_workers=1,
                name="summitcal-tokens",
                open=True,
            )
            self._pid = os.getpid()
            return self._pool

    def _prepare(self, db: Connection) -> None:
        found = schema_of(db, "tokens_meta")  # a read: a current store is never written here
        if found is None:
            with db.transaction():
                db.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK,))
                for statement in _SCHEMA:
                    db.execute(statement)
        elif found > TOKENS_SCHEMA:
            raise TokenStoreError(
                f"{self.server}: the token database was written by a newer summitcal (token "
                f"schema {found}); upgrade summitcal to use it"
            )

    def _unusable(self, error: psycopg.Error) -> str:
        text = str(error).strip()
        said = self.server.scrub(text.splitlines()[0] if text else type(error).__name__)
        return (
            f"{self.server}: cannot use the token database ({said}); check that the "
            "PostgreSQL server runs, the URL, and the user's password"
        )
