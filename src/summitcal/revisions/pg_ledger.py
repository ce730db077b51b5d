"""The revision ledger in a PostgreSQL database, shared by several app servers.

The same tables, rows and rules as SQLite's (:mod:`.pg_migrations`, :mod:`.pg_rows`,
:mod:`.plan`). A publish is one transaction that first takes an advisory lock on the
schedule's id (``pg_advisory_xact_lock``), so the publishers of one schedule take turns
as they do under SQLite's write lock, each seeing what the one before committed
(READ COMMITTED: every statement after the lock reads what was committed before it);
publishers of other schedules do not wait. A release is read in one REPEATABLE READ
snapshot, never a mix of versions. A publish that writes a version notifies as it
commits, and :meth:`PostgresLedger.changed` hears it at once (:mod:`.pg_hearing`:
``LISTEN`` on a connection of its own, polling when it cannot listen).

Connections come from a pool (psycopg_pool) per process, made on first use after a
fork; nothing crosses into a child. The schema is made or upgraded once per process, on
first use; with ``create=False`` a database without a ledger is :class:`LedgerNotFound`.
A server that cannot be reached, a URL it refuses, a password it does not take: one
:class:`LedgerError` naming the URL without its password.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

import psycopg
from psycopg import errors as pg_errors
from psycopg_pool import ConnectionPool, PoolTimeout

from summitcal.errors import LedgerError
from summitcal.messages import Message
from summitcal.model import Schedule
from summitcal.revisions import pg_migrations as schema
from summitcal.revisions import pg_rows
from summitcal.revisions.kept import Kept, Snapshot
from summitcal.revisions.ledger import (
    LedgerNotFound,
    TooSoon,
    publish_retrying,
    unpublishable,
    utc_now,
    warn_if_behind,
)
from summitcal.revisions.migrations import Newer
from summitcal.revisions.pg_hearing import CHANNEL, Hearing
from summitcal.revisions.plan import plan, release_of
from summitcal.revisions.records import (
    DEFAULT_RETENTION,
    Change,
    Release,
    Version,
)
from summitcal.state_url import ServerUrl

__all__ = ["PUBLISH_LOCK", "PostgresLedger"]

log = logging.getLogger("summitcal.revisions.ledger")

PUBLISH_LOCK = 0x5343  # the first key of a schedule's advisory lock; hashtext(id) the second
_RESTING = 10.0  # seconds a server found unreachable is not asked again (said at once)
_POOL_WAIT = 5.0  # seconds at most to wait for a pooled connection

Connection = psycopg.Connection[tuple[Any, ...]]


class PostgresLedger:
    """The ledger in the database ``server`` names; its tables made on first use
    (``create``), never dropped or reset. ``pool_size``: connections per process at
    most; ``timeout``: seconds to connect and to wait for another publisher's lock (a
    pooled connection is waited for 5 s at most); ``poll_seconds``: how often the server
    is asked anything by :mod:`.pg_hearing`. ``open_ledger`` is how others make one."""

    def __init__(
        self,
        server: ServerUrl,
        *,
        retention: timedelta = DEFAULT_RETENTION,
        clock: Callable[[], datetime] = utc_now,
        sleep: Callable[[float], None] = time.sleep,
        create: bool = True,
        upgrade: bool = True,
        migrations: Sequence[schema.PgMigration] = schema.MIGRATIONS,
        pool_size: int = 8,
        timeout: float = 30.0,
        poll_seconds: float = 1.0,
    ) -> None:
        self.server = server
        self.retention = retention
        self.clock = clock
        self.sleep = sleep
        self.create = create
        self.upgrade = upgrade
        self.migrations = tuple(migrations)
        self.pool_size = pool_size
        self.timeout = timeout
        self.poll_seconds = poll_seconds
        self.created_new = False
        self._guard = threading.Lock()  # the pool and the schema, once per process
        self._pool: ConnectionPool[Connection] | None = None
        self._pid = 0
        self._hearing = Hearing(
            server,
            connect_timeout=_seconds(timeout),
            poll_seconds=poll_seconds,
            poll=self._stamp,
            unreachable=lambda error: self._unreachable_now(self._unreachable(error)),
            said=self._said,
        )
        self._asked = False
        self._kept = Kept()  # the rows last read or written, while no one else writes
        self._down: tuple[float, str] | None = None  # until when, and why: unreachable

    # -- the interface --------------------------------------------------------------

    def publish(
        self,
        schedule: Schedule,
        *,
        still_current: Callable[[], bool] | None = None,
        wait: bool = True,
    ) -> Release | None:
        return publish_retrying(
            lambda: self._publish_once(schedule, still_current),
            wait=wait,
            clock=self.clock,
            sleep=self.sleep,
        )

    def _publish_once(
        self, schedule: Schedule, still_current: Callable[[], bool] | None
    ) -> Release | None:
        with self._transaction() as db:
            db.execute(f"SET LOCAL lock_timeout = '{int(self.timeout * 1000)}ms'")
            db.execute(
                "SELECT pg_advisory_xact_lock(%s, hashtext(%s))", (PUBLISH_LOCK, schedule.id)
            )
            if still_current is not None and not still_current():
                return None
            head = pg_rows.head(db, schedule.id)
            kept = self._kept.at(head)
            rows = pg_rows.rows(db, schedule.id) if kept is None else kept.rows
            now = self.clock()
            try:
                known = None if kept is None else kept.known
                outcome = plan(head, rows, schedule, now, self.retention, known)
            except (ValueError, OverflowError) as error:
                raise LedgerError(self._unpublishable(schedule.id, error)) from None
            if outcome.retry_at is not None:
                raise TooSoon(
                    str(self.server), schedule.id, outcome.schedule.version, outcome.retry_at
                )
            try:
                release = release_of(outcome.schedule, outcome.events, self.retention)
                statements = pg_rows.checked(outcome)
            except (ValueError, OverflowError) as error:
                raise LedgerError(self._unpublishable(schedule.id, error)) from None
            if head is None or outcome.changes:
                warn_if_behind(
                    self.server,
                    now,
                    schedule.id,
                    outcome.schedule.version,
                    outcome.schedule.modified,
                )
                pg_rows.write(db, statements)
                db.execute(
                    "SELECT pg_notify(%s, %s)",
                    (CHANNEL, f"{schedule.id} {outcome.schedule.version}"),
                )
        # Committed: these rows are the ledger's now (a head that is not this one, next
        # time, means another process wrote).
        self._kept.keep(Snapshot(outcome.schedule, outcome.events, outcome.known, release))
        return release

    def release(self, schedule_id: str) -> Release | None:
        with self._transaction(snapshot=True) as db:
            head = pg_rows.head(db, schedule_id)
            kept = self._kept.at(head)
            rows = pg_rows.rows(db, schedule_id) if kept is None else kept.rows
        return self._kept.release(head, rows, kept, self.retention)

    def pending(self, schedule: Schedule) -> tuple[Change, ...]:
        with self._transaction(snapshot=True) as db:
            head = pg_rows.head(db, schedule.id)
            kept = self._kept.at(head)
            rows = pg_rows.rows(db, schedule.id) if kept is None else kept.rows
        try:
            known = None if kept is None else kept.known
            return plan(head, rows, schedule, self.clock(), self.retention, known).changes
        except (ValueError, OverflowError) as error:
            raise LedgerError(self._unpublishable(schedule.id, error)) from None

    def versions(self) -> dict[str, int]:
        with self._transaction(snapshot=True) as db:
            return pg_rows.versions(db)

    def history(self, schedule_id: str) -> list[Version]:
        with self._transaction(snapshot=True) as db:
            return pg_rows.history(db, schedule_id)

    def changed(self) -> bool:
        with self._errors():
            self._open()
            first, self._asked = not self._asked, True
            news = self._hearing.heard()
        return first or news  # the first time too: others may have written already

    def check(self) -> None:
        with self._errors():
            self._open()

    def close(self) -> None:
        """Close this process's pool and listening connection (the next call opens
        others): before a fork, and when done."""
        with self._guard:
            pool, self._pool = self._pool, None
            if self._pid != os.getpid():  # a parent's: never closed from here
                self._hearing.forget()
                return
        self._hearing.close()
        if pool is not None:
            pool.close()

    def _stamp(self) -> tuple[int, int]:
        """How many schedules, and the sum of their versions: what polling compares."""
        with self._transaction(snapshot=True) as db:
            found = db.execute(
                "SELECT count(*), coalesce(sum(version), 0) FROM ledger_schedules"
            ).fetchone()
        return (int(found[0]), int(found[1])) if found else (0, 0)

    # -- connections ------------------------------------------------------------------

    def _open(self) -> ConnectionPool[Connection]:
        """This process's pool, made (and the schema made or upgraded) on first use."""
        with self._guard:
            if self._pool is not None and self._pid == os.getpid():
                return self._pool
            if self._pid != os.getpid():  # a parent's pool and listener: leave them be
                self._pool, self._asked = None, False
                self._hearing.forget()
            with self._connect() as db:
                if not self.create and schema.schema_of(db) is None:
                    raise LedgerNotFound(
                        f"{self.server}: no revision ledger in this database; publish to "
                        "it first (summitcal publish, or serve)"
                    )
                try:
                    prepared = schema.prepare(
                        db, self.migrations, clock=self.clock, upgrade=self.upgrade
                    )
                except Newer as newer:
                    raise LedgerError(
                        f"{self.server}: the ledger was written by a newer summitcal (schema "
                        f"{newer.found}); upgrade summitcal to use it"
                    ) from None
                except schema.PgUpgradeFailed as failed:
                    raise LedgerError(
                        f"{self.server}: the ledger could not be upgraded from schema "
                        f"{failed.from_version} to {failed.to_version} and is as it was: "
                        f"{self._said(failed.error)}"
                    ) from None
            for old, new in prepared.upgraded:
                log.warning("upgraded ledger %s from schema %d to %d", self.server, old, new)
            if prepared.created:
                self.created_new = True
                log.warning(
                    "new revision ledger at %s: every schedule starts at version 1", self.server
                )
            pool: ConnectionPool[Connection] = ConnectionPool(
                self.server.url,
                kwargs={"autocommit": True, "connect_timeout": _seconds(self.timeout)},
                min_size=1,
                max_size=self.pool_size,
                timeout=min(self.timeout, _POOL_WAIT),
                check=ConnectionPool.check_connection,
                num_workers=1,
                name="summitcal-ledger",
                open=True,
            )
            self._pool, self._pid = pool, os.getpid()
            return pool

    def _connect(self) -> Connection:
        """One connection of its own (autocommit): the pool's first, said plainly."""
        try:
            return psycopg.connect(
                self.server.url, autocommit=True, connect_timeout=_seconds(self.timeout)
            )
        except pg_errors.InvalidCatalogName:
            message = (
                f"{self.server}: no such database on the PostgreSQL server; create it "
                "(createdb) and give its owner in the URL"
            )
            if not self.create:
                raise LedgerNotFound(message) from None
            raise LedgerError(message) from None
        except psycopg.Error as error:
            raise self._unreachable_now(self._unreachable(error)) from None

    def _unreachable_now(self, message: str) -> LedgerError:
        """The error, remembered for :data:`_RESTING` seconds (see :meth:`_errors`)."""
        self._down = (time.monotonic() + _RESTING, message)
        return LedgerError(message)

    @contextmanager
    def _transaction(self, *, snapshot: bool = False) -> Iterator[Connection]:
        """A transaction on a pooled connection; ``snapshot``: one consistent read."""
        with self._errors():
            pool = self._open()
            with pool.connection() as db, db.transaction():
                if snapshot:
                    db.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                yield db

    @contextmanager
    def _errors(self) -> Iterator[None]:
        """psycopg's errors as LedgerError. A server found unreachable is not asked
        again for :data:`_RESTING` seconds, its error said at once: a service whose
        database is down answers from what it last published without waiting on every
        request, and asks again now and then."""
        down = self._down
        if down is not None and time.monotonic() < down[0]:
            raise LedgerError(down[1])
        try:
            yield
        except PoolTimeout:
            raise self._unreachable_now(
                f"{self.server}: no connection to the PostgreSQL server within "
                f"{min(self.timeout, _POOL_WAIT):g} s; check that it runs and takes connections"
            ) from None
        except pg_errors.LockNotAvailable:
            raise LedgerError(
                f"{self.server}: the schedule stayed locked by another publisher for "
                f"{self.timeout:g} s; try again"
            ) from None
        except pg_errors.UndefinedTable as error:
            raise LedgerError(
                f"{self.server}: the ledger's tables are gone ({self._said(error)}); restore "
                "them from a backup (a new ledger starts every SEQUENCE over)"
            ) from None
        except psycopg.OperationalError as error:
            if error.sqlstate is None or error.sqlstate.startswith(("08", "57P")):
                raise self._unreachable_now(self._unreachable(error)) from None
            raise LedgerError(self._unreachable(error)) from None
        except psycopg.Error as error:
            raise LedgerError(
                f"{self.server}: not a usable revision ledger ({self._said(error)}); restore "
                "it from a backup, or give another with --state"
            ) from None
        except pg_rows.Unreadable as error:
            raise LedgerError(
                f"{self.server}: not a usable revision ledger ({error}); restore it from a "
                "backup, or give another with --state"
            ) from None

    # -- what went wrong, as what to do -------------------------------------------------

    def _unreachable(self, error: psycopg.Error) -> str:
        return (
            f"{self.server}: cannot use the PostgreSQL server ({self._said(error)}); check "
            "that it runs, the URL, and the user's password, or give another with --state"
        )

    def _said(self, error: BaseException) -> str:
        """An error's first line (libpq's hints follow on lines of their own), without
        the URL's password, which a server's message could quote."""
        text = str(error).strip()
        return self.server.scrub(text.splitlines()[0] if text else type(error).__name__)

    def _unpublishable(self, schedule_id: str, error: object) -> Message:
        return unpublishable(self.server, schedule_id, error)


def _seconds(timeout: float) -> int:
    return max(2, round(timeout))  # libpq's connect_timeout: whole seconds, 2 at least
