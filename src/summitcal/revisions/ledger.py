"""The revision ledger: what each schedule's feed has published, kept in SQLite.

:class:`Ledger` is the small interface the service and the CLI use;
:class:`SqliteLedger` keeps it in one SQLite file (WAL mode: readers never wait for a
writer). A publish is one ``BEGIN IMMEDIATE`` transaction: processes take turns, each
sees what the one before committed, and a process killed halfway leaves the ledger as
it was. The rules of publishing are in :mod:`summitcal.revisions.plan`, shared by any
other backend (see the README on several servers sharing one PostgreSQL ledger).

What can go wrong is said as what to do, never by resetting anything: a row that would
not read back is never written (the publish is refused, naming the schedule); a full
disk is a full disk (free space, publish again: nothing was lost); a ledger file deleted
or replaced while in use is noticed on the next call (a stat of the path) and never
written to again, since a new file would start every SEQUENCE over; a ledger created new
says so (:attr:`SqliteLedger.created_new` and a warning in the log).
"""

from __future__ import annotations

import errno
import json
import logging
import os
import sqlite3
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol, TypeVar

from summitcal.errors import LedgerError
from summitcal.model import Schedule
from summitcal.revisions.plan import Plan, plan, release_of
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
from summitcal.revisions.snapshot import read_stamp
from summitcal.timerange import utc_stamp

__all__ = ["Ledger", "LedgerError", "SqliteLedger", "TooSoon"]

log = logging.getLogger(__name__)

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


class TooSoon(LedgerError):
    """A publish less than a second after the schedule's last version: its version would
    be dated after the clock (an HTTP Last-Modified later than Date, which RFC 9110
    forbids). Nothing was written; publish again at ``retry_at`` (at most a second on)."""

    def __init__(self, path: Path, schedule_id: str, version: int, retry_at: datetime) -> None:
        self.schedule_id = schedule_id
        self.version = version  # the version it would have published
        self.retry_at = retry_at  # aware, UTC, whole seconds
        super().__init__(
            f"{path}: {schedule_id!r} was published less than a second ago; version "
            f"{version} would be dated after the clock, so nothing was written; publish "
            f"again at {utc_stamp(retry_at)}"
        )


class Ledger(Protocol):
    """What the service and the CLI need of a ledger, whatever keeps it."""

    def publish(
        self,
        schedule: Schedule,
        *,
        still_current: Callable[[], bool] | None = None,
        wait: bool = True,
    ) -> Release | None:
        """Record ``schedule`` as published; its release. ``still_current`` is asked
        once the write lock is held: False (the file changed meanwhile) writes nothing
        and returns None, so a slow reader never publishes an older version.

        A version is dated now, at least a second after the one before and never after
        the clock: one that would come sooner is published once its second has come
        (``wait``, the lock released meanwhile), or with ``wait=False`` not at all:
        :class:`TooSoon` says when to try again."""
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
        """Whether someone else has written since this process last asked (cheap).
        Raises LedgerError if the ledger can no longer be used (its file replaced)."""
        ...


def _now() -> datetime:
    return datetime.now(UTC)  # to the microsecond: a wait ends as soon as it can


_ATTEMPTS = 10  # publishes that wait for their second before giving up (others publishing)
_FULL = 64 * 1024  # free bytes under which an I/O error is taken for a full disk

Identity = tuple[int, int]  # st_dev, st_ino: which file the path names


def _identity(path: Path) -> Identity | None:
    try:
        status = path.stat()
    except OSError:
        return None
    return (status.st_dev, status.st_ino)


class SqliteLedger:
    """The ledger in a SQLite file, created on first use (never replaced or reset).

    ``created_new`` is True once this object has created the file's tables (a new
    ledger: every schedule starts at version 1), which is also logged as a warning.
    With ``create=False`` a missing file is a LedgerError instead (a worker process
    started after the service made or checked its ledger: a missing one was deleted).
    """

    def __init__(
        self,
        path: Path,
        *,
        retention: timedelta = DEFAULT_RETENTION,
        clock: Callable[[], datetime] = _now,
        sleep: Callable[[float], None] = time.sleep,
        create: bool = True,
    ) -> None:
        self.path = path
        self.create = create
        self.retention = retention
        self.clock = clock
        self.sleep = sleep
        self.created_new = False
        self._local = threading.local()
        self._guard = threading.Lock()
        self._opened: Identity | None = None  # the file this ledger is, once opened
        # Connections to a file no longer at the path: never used again, and never
        # closed either (closing would let SQLite checkpoint and delete PATH-wal and
        # PATH-shm by name, which may by then belong to another file).
        self._retired: list[sqlite3.Connection] = []

    # -- the interface --------------------------------------------------------------

    def publish(
        self,
        schedule: Schedule,
        *,
        still_current: Callable[[], bool] | None = None,
        wait: bool = True,
    ) -> Release | None:
        for attempt in range(1, _ATTEMPTS + 1):
            try:
                return self._publish_once(schedule, still_current)
            except TooSoon as soon:
                if not wait or attempt == _ATTEMPTS:
                    raise
                self.sleep(max(0.0, (soon.retry_at - self.clock()).total_seconds()) + 0.001)
        raise AssertionError("unreachable")  # pragma: no cover

    def _publish_once(
        self, schedule: Schedule, still_current: Callable[[], bool] | None
    ) -> Release | None:
        with self._transaction("IMMEDIATE") as db:
            if still_current is not None and not still_current():
                return None
            head = _head(db, schedule.id)
            rows = _rows(db, schedule.id)
            now = self.clock()
            try:
                outcome = plan(head, rows, schedule, now, self.retention)
            except (ValueError, OverflowError) as error:
                raise LedgerError(self._unpublishable(schedule.id, error)) from None
            if outcome.retry_at is not None:
                raise TooSoon(self.path, schedule.id, outcome.schedule.version, outcome.retry_at)
            if head is None or outcome.changes:
                if outcome.schedule.modified > now:
                    log.warning(
                        "%s: the clock (%s) is behind %r's last version: version %d is "
                        "dated %s, a second after it",
                        self.path,
                        utc_stamp(now),
                        schedule.id,
                        outcome.schedule.version,
                        utc_stamp(outcome.schedule.modified),
                    )
                try:
                    statements = _statements(outcome)
                    release = release_of(outcome.schedule, outcome.events, self.retention)
                except (ValueError, OverflowError) as error:
                    raise LedgerError(self._unpublishable(schedule.id, error)) from None
                self._in_place()  # never a write to a file no longer at the path
                for statement, values in statements:
                    db.executemany(statement, values)
                self._in_place()  # nor a commit
            else:
                release = release_of(outcome.schedule, outcome.events, self.retention)
        return release

    def release(self, schedule_id: str) -> Release | None:
        with self._transaction("DEFERRED") as db:  # one snapshot: never a mix of versions
            head = _head(db, schedule_id)
            rows = _rows(db, schedule_id)
        return None if head is None else release_of(head, rows, self.retention)

    def pending(self, schedule: Schedule) -> tuple[Change, ...]:
        with self._transaction("DEFERRED") as db:
            head = _head(db, schedule.id)
            rows = _rows(db, schedule.id)
        try:
            return plan(head, rows, schedule, self.clock(), self.retention).changes
        except (ValueError, OverflowError) as error:
            raise LedgerError(self._unpublishable(schedule.id, error)) from None

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
            for row in db.execute(
                "SELECT schedule_id, version, position, kind, event_id, sequence, before, "
                "after FROM ledger_changes WHERE schedule_id = ? ORDER BY version, position",
                (schedule_id,),
            ):
                what = f"change {row[2]} of version {row[1]} of {schedule_id!r}"
                changes.setdefault(row[1], []).append(_read(what, _change_of, row))
        return [
            Version(
                schedule_id,
                version,
                _read(f"version {version} of {schedule_id!r}", _time, published),
                tuple(changes.get(version, ())),
            )
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
            if _identity(self.path) == self._local.identity:
                db.close()
            else:
                self._retire(db)

    # -- SQLite -----------------------------------------------------------------------

    def _connection(self) -> sqlite3.Connection:
        """This thread's connection (made again after a fork: connections must not
        cross), to the file at the path now: the one first opened, never another."""
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is not None and self._local.pid == os.getpid():
            found = _identity(self.path)
            if found != self._local.identity:  # kept, unused, until the file is put back
                raise LedgerError(self._moved(found))
            return db
        return self._open()

    def _open(self) -> sqlite3.Connection:
        with self._guard:
            expected = self._opened
        before = _identity(self.path)
        if expected is not None and before != expected:
            # Put back (the same file), it is used again; any other file, never: a new
            # one would start every SEQUENCE over, and even opening a copy could apply
            # this ledger's PATH-wal (still there, still ours) to it.
            raise LedgerError(self._moved(before))
        if before is None and not self.create:
            raise LedgerError(self._moved(None))
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if expected is None and self.create:
                db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            else:  # never create a new file where this ledger was
                db = sqlite3.connect(self._uri("rw"), timeout=30, isolation_level=None, uri=True)
        except (OSError, sqlite3.Error) as error:
            if (expected is not None or not self.create) and _identity(self.path) is None:
                raise LedgerError(self._moved(None)) from None
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
        after = _identity(self.path)
        with self._guard:
            if self._opened is None and after is not None and after == (before or after):
                self._opened = after
            agreed = after is not None and after == self._opened
        if not agreed:  # the path changed while it was opened
            self._retire(db)
            raise LedgerError(self._moved(after))
        if found is None:
            self.created_new = True
            log.warning("new revision ledger at %s: every schedule starts at version 1", self.path)
        self._local.db, self._local.pid, self._local.identity = db, os.getpid(), after
        return db

    def _in_place(self) -> None:
        """Raise LedgerError unless this thread's connection is to the file at the path."""
        found = _identity(self.path)
        if found != self._local.identity:
            raise LedgerError(self._moved(found))

    def _retire(self, db: sqlite3.Connection) -> None:
        try:
            if db.in_transaction:
                db.rollback()
            db.execute("PRAGMA query_only = ON")
        except sqlite3.Error:
            pass
        with self._guard:
            self._retired.append(db)

    def _uri(self, mode: str) -> str:
        return f"file:{urllib.parse.quote(str(self.path.absolute()))}?mode={mode}"

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
                    try:
                        db.rollback()
                    except sqlite3.Error:  # the connection is in doubt: the next call opens another
                        self._local.db = None
                        self._retire(db)
                raise

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.DatabaseError as error:
            raise LedgerError(self._message(error)) from None
        except _Unreadable as error:
            raise LedgerError(self._unusable(error)) from None

    def _message(self, error: sqlite3.DatabaseError) -> str:
        code = getattr(error, "sqlite_errorcode", None)
        primary = None if code is None else code & 0xFF
        if primary == sqlite3.SQLITE_FULL or (
            primary in (sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN) and self._disk_full()
        ):
            return self._full()
        if "locked" in str(error) or "busy" in str(error):
            return f"{self.path}: the ledger stayed locked by another process for 30 s; try again"
        if isinstance(error, sqlite3.OperationalError) and "unable to open" in str(error):
            return self._unopenable(error)
        return self._unusable(error)

    def _disk_full(self) -> bool:
        try:
            status = os.statvfs(self.path.absolute().parent)
        except OSError:
            return False
        return status.f_bavail * status.f_frsize < _FULL or status.f_favail == 0

    def _full(self) -> str:
        return (
            f"{self.path}: the disk is full; free some space there and publish again; the "
            "ledger is as it was (nothing was lost)"
        )

    def _moved(self, found: Identity | None) -> str:
        now = "no file is there now" if found is None else "another file is there now"
        return (
            f"{self.path}: the revision ledger was deleted or replaced while in use ({now}); "
            "the service keeps serving the last published versions and publishes nothing "
            "until the file is put back (moved back: a copy is another file) or the service "
            "is restarted on purpose; a new ledger starts every SEQUENCE again, and "
            "calendars ignore the changes of an event whose SEQUENCE went down"
        )

    def _unpublishable(self, schedule_id: str, error: object) -> str:
        return (
            f"{self.path}: {schedule_id!r} cannot be published: {error}; nothing was "
            "written (the ledger is as it was)"
        )

    def _unopenable(self, error: object) -> str:
        if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):
            return self._full()
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


_In = TypeVar("_In")
_Out = TypeVar("_Out")


class _Unreadable(ValueError):
    """A row of the ledger that does not read back (written by a faulty release)."""


def _read(what: str, read: Callable[[_In], _Out], values: _In) -> _Out:
    try:
        return read(values)
    except (ValueError, KeyError, TypeError, OverflowError) as error:
        raise _Unreadable(f"{what} cannot be read: {error}") from None


# -- rows as SQLite keeps them: written and read by one pair of functions each -----------

_HEAD_COLUMNS = "schedule_id, version, fingerprint, state, created, modified"
_EVENT_COLUMNS = (
    "schedule_id, event_id, sequence, fingerprint, state, created, modified, presence, cancelled_at"
)
Values = tuple[Any, ...]


def _head_values(head: ScheduleRow) -> Values:
    return (
        head.schedule_id,
        head.version,
        head.fingerprint,
        _json(head.state),
        _text(head.created),
        _text(head.modified),
    )


def _head_of(values: Values) -> ScheduleRow:
    schedule_id, version, fingerprint, state, created, modified = values
    return ScheduleRow(
        schedule_id, version, fingerprint, json.loads(state), _time(created), _time(modified)
    )


def _event_values(schedule_id: str, row: EventRow) -> Values:
    return (
        schedule_id,
        row.event_id,
        row.sequence,
        row.fingerprint,
        _json(row.state),
        _text(row.created),
        _text(row.modified),
        row.presence.value,
        _text(row.cancelled_at) if row.cancelled_at else None,
    )


def _event_of(values: Values) -> EventRow:
    _, event_id, sequence, fingerprint, state, created, modified, presence, cancelled_at = values
    return EventRow(
        event_id,
        sequence,
        fingerprint,
        json.loads(state),
        _time(created),
        _time(modified),
        Presence(presence),
        _time(cancelled_at) if cancelled_at else None,
    )


def _change_values(schedule_id: str, version: int, position: int, change: Change) -> Values:
    return (
        schedule_id,
        version,
        position,
        change.kind.value,
        change.event_id,
        change.sequence,
        _json(change.before),
        _json(change.after),
    )


def _change_of(values: Values) -> Change:
    _, _, _, kind, event_id, sequence, before, after = values
    return Change(ChangeKind(kind), event_id, sequence, _load(before), _load(after))


def _head(db: sqlite3.Connection, schedule_id: str) -> ScheduleRow | None:
    found = db.execute(
        f"SELECT {_HEAD_COLUMNS} FROM ledger_schedules WHERE schedule_id = ?", (schedule_id,)
    ).fetchone()
    if found is None:
        return None
    return _read(f"the row of {schedule_id!r}", _head_of, found)


def _rows(db: sqlite3.Connection, schedule_id: str) -> dict[str, EventRow]:
    rows: dict[str, EventRow] = {}
    for values in db.execute(
        f"SELECT {_EVENT_COLUMNS} FROM ledger_events WHERE schedule_id = ? ORDER BY event_id",
        (schedule_id,),
    ):
        rows[values[1]] = _read(f"event {values[1]!r} of {schedule_id!r}", _event_of, values)
    return rows


def _statements(outcome: Plan) -> list[tuple[str, list[Values]]]:
    """The statements of a publish and their rows, each checked to read back (ValueError
    naming the row if one would not)."""
    head = outcome.schedule
    schedule_id, version = head.schedule_id, head.version
    heads = [_checked(_head_values(head), _head_again, "the calendar's own fields")]
    events = [
        _checked(
            _event_values(schedule_id, outcome.events[event_id]),
            _event_again,
            f"event {event_id!r}",
        )
        for event_id in outcome.written
    ]
    versions = [_checked((schedule_id, version, _text(head.modified)), _version_again, "its date")]
    changes = [
        _checked(
            _change_values(schedule_id, version, position, change),
            _change_again,
            f"the change to {change.event_id or 'the calendar'!r}",
        )
        for position, change in enumerate(outcome.changes)
    ]
    return [
        (
            f"INSERT OR REPLACE INTO ledger_schedules ({_HEAD_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)",
            heads,
        ),
        (
            f"INSERT OR REPLACE INTO ledger_events ({_EVENT_COLUMNS}) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            events,
        ),
        ("INSERT INTO ledger_versions VALUES (?, ?, ?)", versions),
        ("INSERT INTO ledger_changes VALUES (?, ?, ?, ?, ?, ?, ?, ?)", changes),
    ]


def _head_again(values: Values) -> Values:
    return _head_values(_head_of(values))


def _event_again(values: Values) -> Values:
    return _event_values(values[0], _event_of(values))


def _version_again(values: Values) -> Values:
    schedule_id, version, published = values
    return (schedule_id, version, _text(_time(published)))


def _change_again(values: Values) -> Values:
    schedule_id, version, position = values[:3]
    return _change_values(schedule_id, version, position, _change_of(values))


def _checked(values: Values, again: Callable[[Values], Values], what: str) -> Values:
    """``values`` if what a read of them gives writes them again, byte for byte (else
    ValueError naming ``what``): what the ledger could not read back it never writes."""
    try:
        for value in values:
            if isinstance(value, str):
                value.encode("utf-8")  # SQLite keeps UTF-8: a lone surrogate is none
            elif isinstance(value, int) and not -(2**63) <= value < 2**63:
                raise ValueError(f"{value} is too large for SQLite")
        same = again(values) == values
    except (ValueError, KeyError, TypeError, OverflowError) as error:
        raise ValueError(f"{what} would not read back from the ledger ({error})") from None
    if not same:
        raise ValueError(f"{what} would not read back from the ledger as written")
    return values


def _json(state: dict[str, Any] | None) -> str | None:
    return None if state is None else json.dumps(state, sort_keys=True, ensure_ascii=False)


def _load(text: str | None) -> dict[str, Any] | None:
    return None if text is None else dict(json.loads(text))


def _text(moment: datetime) -> str:
    return utc_stamp(moment)


def _time(text: str) -> datetime:
    return read_stamp(text)
