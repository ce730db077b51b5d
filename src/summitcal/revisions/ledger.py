"""The revision ledger: what each schedule's feed has published, kept in SQLite.

:class:`Ledger` is the small interface the service and the CLI use;
:class:`SqliteLedger` keeps it in one SQLite file (WAL mode: readers never wait for a
writer). A publish is one ``BEGIN IMMEDIATE`` transaction: processes take turns, each
sees what the one before committed, and a process killed halfway leaves the ledger as
it was. The rules of publishing are in :mod:`summitcal.revisions.plan`, shared by any
other backend (see the README on several servers sharing one PostgreSQL ledger).
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from summitcal.errors import LedgerError
from summitcal.model import Schedule
from summitcal.revisions.plan import plan, release_of
from summitcal.revisions.records import (
    DEFAULT_RETENTION,
    Change,
    ChangeKind,
    EventRow,
    Presence,
    Release,
    ScheduleRow,
    Version,
)

__all__ = ["Ledger", "LedgerError", "SqliteLedger"]

SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS ledger_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS ledger_schedules (
    schedule_id TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    fingerprint TEXT NOT NULL,
    state TEXT NOT NULL,
    created TEXT NOT NULL,
    modified TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS ledger_events (
    schedule_id TEXT NOT NULL,
    event_id TEXT NOT NULL,
    sequence INTEGER NOT NULL CHECK (sequence >= 0),
    fingerprint TEXT NOT NULL,
    state TEXT NOT NULL,
    created TEXT NOT NULL,
    modified TEXT NOT NULL,
    presence TEXT NOT NULL,
    cancelled_at TEXT,
    PRIMARY KEY (schedule_id, event_id)
);
CREATE TABLE IF NOT EXISTS ledger_versions (
    schedule_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    published TEXT NOT NULL,
    PRIMARY KEY (schedule_id, version)
);
CREATE TABLE IF NOT EXISTS ledger_changes (
    schedule_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    event_id TEXT,
    sequence INTEGER,
    before TEXT,
    after TEXT,
    PRIMARY KEY (schedule_id, version, position)
);
"""


class Ledger(Protocol):
    """What the service and the CLI need of a ledger, whatever keeps it."""

    def publish(
        self, schedule: Schedule, *, still_current: Callable[[], bool] | None = None
    ) -> Release | None:
        """Record ``schedule`` as published; its release. ``still_current`` is asked
        once the write lock is held: False (the file changed meanwhile) writes nothing
        and returns None, so a slow reader never publishes an older version."""
        ...

    def release(self, schedule_id: str) -> Release | None:
        """The schedule's feed as last published, or None if never published."""
        ...

    def pending(self, schedule: Schedule) -> tuple[Change, ...]:
        """What publishing ``schedule`` now would change; nothing is written."""
        ...

    def versions(self) -> dict[str, int]:
        """Every schedule's current version number."""
        ...

    def history(self, schedule_id: str) -> list[Version]:
        """Every version of the schedule, newest first."""
        ...

    def changed(self) -> bool:
        """Whether someone else has written since this process last asked (cheap)."""
        ...


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


class SqliteLedger:
    """The ledger in a SQLite file, created on first use (never replaced or reset)."""

    def __init__(
        self,
        path: Path,
        *,
        retention: timedelta = DEFAULT_RETENTION,
        clock: Callable[[], datetime] = _now,
    ) -> None:
        self.path = path
        self.retention = retention
        self.clock = clock
        self._local = threading.local()

    # -- the interface --------------------------------------------------------------

    def publish(
        self, schedule: Schedule, *, still_current: Callable[[], bool] | None = None
    ) -> Release | None:
        with self._transaction("IMMEDIATE") as db:
            if still_current is not None and not still_current():
                return None
            head = _head(db, schedule.id)
            rows = _rows(db, schedule.id)
            outcome = plan(head, rows, schedule, self.clock(), self.retention)
            if head is None or outcome.changes:
                _write(db, outcome.schedule, [outcome.events[i] for i in outcome.written])
                db.execute(
                    "INSERT INTO ledger_versions VALUES (?, ?, ?)",
                    (schedule.id, outcome.schedule.version, _text(outcome.schedule.modified)),
                )
                db.executemany(
                    "INSERT INTO ledger_changes VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        (
                            schedule.id,
                            outcome.schedule.version,
                            position,
                            change.kind.value,
                            change.event_id,
                            change.sequence,
                            _json(change.before),
                            _json(change.after),
                        )
                        for position, change in enumerate(outcome.changes)
                    ],
                )
        return release_of(outcome.schedule, outcome.events, self.retention)

    def release(self, schedule_id: str) -> Release | None:
        with self._transaction("DEFERRED") as db:  # one snapshot: never a mix of versions
            head = _head(db, schedule_id)
            rows = _rows(db, schedule_id)
        return None if head is None else release_of(head, rows, self.retention)

    def pending(self, schedule: Schedule) -> tuple[Change, ...]:
        with self._transaction("DEFERRED") as db:
            head = _head(db, schedule.id)
            rows = _rows(db, schedule.id)
        return plan(head, rows, schedule, self.clock(), self.retention).changes

    def versions(self) -> dict[str, int]:
        with self._transaction("DEFERRED") as db:
            return dict(db.execute("SELECT schedule_id, version FROM ledger_schedules"))

    def history(self, schedule_id: str) -> list[Version]:
        with self._transaction("DEFERRED") as db:
            versions = db.execute(
                "SELECT version, published FROM ledger_versions WHERE schedule_id = ? "
                "ORDER BY version DESC",
                (schedule_id,),
            ).fetchall()
            changes: dict[int, list[Change]] = {}
            for version, kind, event_id, sequence, before, after in db.execute(
                "SELECT version, kind, event_id, sequence, before, after FROM ledger_changes "
                "WHERE schedule_id = ? ORDER BY version, position",
                (schedule_id,),
            ):
                changes.setdefault(version, []).append(
                    Change(ChangeKind(kind), event_id, sequence, _load(before), _load(after))
                )
        return [
            Version(schedule_id, version, _time(published), tuple(changes.get(version, ())))
            for version, published in versions
        ]

    def changed(self) -> bool:
        with self._errors():
            db = self._connection()
            (data_version,) = db.execute("PRAGMA data_version").fetchone()
        seen = getattr(self._local, "data_version", None)
        self._local.data_version = data_version
        return bool(seen != data_version)  # the first time too: others may have written already

    def check(self) -> None:
        """Open the ledger (creating it if new) and check its pages now: LedgerError
        if it cannot be used."""
        with self._errors():
            self._connection()

    def close(self) -> None:
        """Close this thread's connection (the next call opens a new one)."""
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is not None:
            self._local.db = None
            db.close()

    # -- SQLite -----------------------------------------------------------------------

    def _connection(self) -> sqlite3.Connection:
        """This thread's connection (made again after a fork: connections must not cross)."""
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is not None and self._local.pid == os.getpid():
            return db
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        except (OSError, sqlite3.Error) as error:
            raise LedgerError(self._unopenable(error)) from None
        try:
            db.execute("PRAGMA journal_mode=WAL")
            # A damaged file is found now, once per process, not in the middle of a publish.
            (verdict,) = db.execute("PRAGMA quick_check").fetchone()
            if verdict != "ok":
                raise sqlite3.DatabaseError(verdict)
            db.execute("BEGIN IMMEDIATE")
            for statement in _SCHEMA.split(";"):  # not executescript: it would commit
                if statement.strip():
                    db.execute(statement)
            found = db.execute("SELECT value FROM ledger_meta WHERE key = 'schema'").fetchone()
            if found is None:
                db.execute("INSERT INTO ledger_meta VALUES ('schema', ?)", (str(SCHEMA_VERSION),))
            db.execute("COMMIT")
        except sqlite3.DatabaseError as error:
            db.close()
            raise LedgerError(self._message(error)) from None
        if found is not None and int(found[0]) > SCHEMA_VERSION:
            db.close()
            raise LedgerError(
                f"{self.path}: the ledger was written by a newer summitcal (schema "
                f"{found[0]}); upgrade summitcal to use it"
            )
        self._local.db, self._local.pid = db, os.getpid()
        return db

    @contextmanager
    def _transaction(self, mode: str) -> Iterator[sqlite3.Connection]:
        with self._errors():
            db = self._connection()
            db.execute(f"BEGIN {mode}")
            try:
                yield db
                db.execute("COMMIT")
            except BaseException:
                if db.in_transaction:  # SQLite may have rolled back by itself (disk full)
                    db.rollback()
                raise

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.DatabaseError as error:
            raise LedgerError(self._message(error)) from None

    def _message(self, error: sqlite3.DatabaseError) -> str:
        if "locked" in str(error) or "busy" in str(error):
            return f"{self.path}: the ledger stayed locked by another process for 30 s; try again"
        if isinstance(error, sqlite3.OperationalError) and "unable to open" in str(error):
            return self._unopenable(error)
        return self._unusable(error)

    def _unopenable(self, error: object) -> str:
        return (
            f"{self.path}: cannot use the revision ledger ({error}); check the path and "
            "its permissions, or give another with --ledger"
        )

    def _unusable(self, error: object) -> str:
        return (
            f"{self.path}: not a usable revision ledger ({error}); restore it from a "
            "backup, or move it aside to start a new history (subscribers then see "
            "every event as new)"
        )


def _head(db: sqlite3.Connection, schedule_id: str) -> ScheduleRow | None:
    found = db.execute(
        "SELECT version, fingerprint, state, created, modified FROM ledger_schedules "
        "WHERE schedule_id = ?",
        (schedule_id,),
    ).fetchone()
    if found is None:
        return None
    version, fingerprint, state, created, modified = found
    return ScheduleRow(
        schedule_id, version, fingerprint, json.loads(state), _time(created), _time(modified)
    )


def _rows(db: sqlite3.Connection, schedule_id: str) -> dict[str, EventRow]:
    return {
        event_id: EventRow(
            event_id,
            sequence,
            fingerprint,
            json.loads(state),
            _time(created),
            _time(modified),
            Presence(presence),
            _time(cancelled_at) if cancelled_at else None,
        )
        for event_id, sequence, fingerprint, state, created, modified, presence, cancelled_at in db.execute(
            "SELECT event_id, sequence, fingerprint, state, created, modified, presence, "
            "cancelled_at FROM ledger_events WHERE schedule_id = ? ORDER BY event_id",
            (schedule_id,),
        )
    }


def _write(db: sqlite3.Connection, head: ScheduleRow, rows: list[EventRow]) -> None:
    db.execute(
        "INSERT OR REPLACE INTO ledger_schedules VALUES (?, ?, ?, ?, ?, ?)",
        (
            head.schedule_id,
            head.version,
            head.fingerprint,
            _json(head.state),
            _text(head.created),
            _text(head.modified),
        ),
    )
    db.executemany(
        "INSERT OR REPLACE INTO ledger_events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (
                head.schedule_id,
                row.event_id,
                row.sequence,
                row.fingerprint,
                _json(row.state),
                _text(row.created),
                _text(row.modified),
                row.presence.value,
                _text(row.cancelled_at) if row.cancelled_at else None,
            )
            for row in rows
        ],
    )


def _json(state: dict[str, Any] | None) -> str | None:
    return None if state is None else json.dumps(state, sort_keys=True, ensure_ascii=False)


def _load(text: str | None) -> dict[str, Any] | None:
    return None if text is None else dict(json.loads(text))


def _text(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _time(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
