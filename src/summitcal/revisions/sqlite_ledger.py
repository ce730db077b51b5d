"""The revision ledger in one SQLite file (WAL mode: readers never wait for a writer).

A publish is one ``BEGIN IMMEDIATE`` transaction: processes take turns, each sees what
the one before committed, and a process killed halfway leaves the ledger as it was. The
file is opened once per thread and process, its pages checked, and its schema made or
upgraded (:mod:`.migrations`); its rows are read and written by :mod:`.sqlite_rows`.

What can go wrong is said as what to do, never by resetting anything: a row that would
not read back is never written (the publish is refused, naming the schedule); a full
disk is a full disk (free space, publish again: nothing was lost); a ledger file deleted
or replaced while in use is noticed on the next call (a stat of the path) and never
written to again, since a new file would start every SEQUENCE over; a ledger created new
says so (:attr:`SqliteLedger.created_new` and a warning in the log), and so does one
upgraded to a newer schema.
"""

from __future__ import annotations

import errno
import logging
import os
import sqlite3
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

from summitcal.errors import LedgerError
from summitcal.messages import N_, Message, Value
from summitcal.model import Schedule
from summitcal.revisions import migrations as schema
from summitcal.revisions import sqlite_rows
from summitcal.revisions.kept import Kept, Snapshot
from summitcal.revisions.ledger import (
    LedgerNotFound,
    TooSoon,
    publish_retrying,
    unpublishable,
    utc_now,
    warn_if_behind,
)
from summitcal.revisions.plan import plan, release_of
from summitcal.revisions.records import (
    DEFAULT_RETENTION,
    Change,
    Release,
    Version,
)

__all__ = ["SqliteLedger"]

# The name operators' log settings know, whichever module of the ledger logs.
log = logging.getLogger("summitcal.revisions.ledger")

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
    With ``create=False`` a missing file is :class:`LedgerNotFound` instead (a worker
    process started after the service made or checked its ledger: a missing one was
    deleted). With ``upgrade=False`` (a command that only reads) a ledger of an older
    schema is read as it is where it can be, so that a service of the release before,
    still running on it, is not stopped by a look at its history. ``migrations`` and
    ``busy_timeout`` (how long to wait for another
    process's write lock) are for tests; ``open_ledger`` is how others make one.
    """

    def __init__(
        self,
        path: Path,
        *,
        retention: timedelta = DEFAULT_RETENTION,
        clock: Callable[[], datetime] = utc_now,
        sleep: Callable[[float], None] = time.sleep,
        create: bool = True,
        upgrade: bool = True,
        migrations: Sequence[schema.Migration] = schema.MIGRATIONS,
        busy_timeout: float = 30.0,
    ) -> None:
        self.path = path
        self.create = create
        self.upgrade = upgrade
        self.retention = retention
        self.clock = clock
        self.sleep = sleep
        schema.check_order(migrations)
        self.migrations = tuple(migrations)
        self.busy_timeout = busy_timeout
        self.created_new = False
        self._local = threading.local()
        self._guard = threading.Lock()
        self._kept = Kept()  # the rows last read or written, while no one else writes
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
        return publish_retrying(
            lambda: self._publish_once(schedule, still_current),
            wait=wait,
            clock=self.clock,
            sleep=self.sleep,
        )

    def _publish_once(
        self, schedule: Schedule, still_current: Callable[[], bool] | None
    ) -> Release | None:
        with self._transaction("IMMEDIATE") as db:
            if still_current is not None and not still_current():
                return None
            head = sqlite_rows.head(db, schedule.id)
            kept = self._kept.at(head)
            rows = sqlite_rows.rows(db, schedule.id) if kept is None else kept.rows
            now = self.clock()
            try:
                known = None if kept is None else kept.known
                outcome = plan(head, rows, schedule, now, self.retention, known)
            except (ValueError, OverflowError) as error:
                raise LedgerError(self._unpublishable(schedule.id, error)) from None
            if outcome.retry_at is not None:
                raise TooSoon(self.path, schedule.id, outcome.schedule.version, outcome.retry_at)
            if head is None or outcome.changes:
                warn_if_behind(
                    self.path, now, schedule.id, outcome.schedule.version, outcome.schedule.modified
                )
                try:
                    statements = sqlite_rows.statements(outcome)
                    release = release_of(outcome.schedule, outcome.events, self.retention)
                except (ValueError, OverflowError) as error:
                    raise LedgerError(self._unpublishable(schedule.id, error)) from None
                self._in_place()  # never a write to a file no longer at the path
                for statement, values in statements:
                    db.executemany(statement, values)
                self._in_place()  # nor a commit
            else:
                release = release_of(outcome.schedule, outcome.events, self.retention)
        # Committed: these rows are the ledger's now (a head that is not this one, next
        # time, means another process wrote).
        self._kept.keep(Snapshot(outcome.schedule, outcome.events, outcome.known, release))
        return release

    def release(self, schedule_id: str) -> Release | None:
        with self._transaction("DEFERRED") as db:  # one snapshot: never a mix of versions
            head = sqlite_rows.head(db, schedule_id)
            kept = self._kept.at(head)
            rows = sqlite_rows.rows(db, schedule_id) if kept is None else kept.rows
        return self._kept.release(head, rows, kept, self.retention)

    def pending(self, schedule: Schedule) -> tuple[Change, ...]:
        with self._transaction("DEFERRED") as db:
            head = sqlite_rows.head(db, schedule.id)
            kept = self._kept.at(head)
            rows = sqlite_rows.rows(db, schedule.id) if kept is None else kept.rows
        try:
            known = None if kept is None else kept.known
            return plan(head, rows, schedule, self.clock(), self.retention, known).changes
        except (ValueError, OverflowError) as error:
            raise LedgerError(self._unpublishable(schedule.id, error)) from None

    def versions(self) -> dict[str, int]:
        with self._transaction("DEFERRED") as db:
            return dict(db.execute("SELECT schedule_id, version FROM ledger_schedules"))

    def history(self, schedule_id: str) -> list[Version]:
        with self._transaction("DEFERRED") as db:
            return sqlite_rows.history(db, schedule_id)

    def changed(self) -> bool:
        with self._errors():
            db = self._connection()
            (data_version,) = db.execute("PRAGMA data_version").fetchone()
        seen = getattr(self._local, "data_version", None)
        self._local.data_version = data_version
        return bool(seen != data_version)  # the first time too: others may have written already

    def check(self) -> None:
        with self._errors():
            self._connection()

    def close(self) -> None:
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
                raise self._moved(found)
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
            raise self._moved(before)
        if before is None and not self.create:
            raise self._moved(None)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if expected is None and self.create:
                db = sqlite3.connect(self.path, timeout=self.busy_timeout, isolation_level=None)
            else:  # never create a new file where this ledger was
                db = sqlite3.connect(
                    self._uri("rw"), timeout=self.busy_timeout, isolation_level=None, uri=True
                )
        except (OSError, sqlite3.Error) as error:
            if (expected is not None or not self.create) and _identity(self.path) is None:
                raise self._moved(None) from None
            raise LedgerError(self._unopenable(error)) from None
        try:
            db.execute("PRAGMA journal_mode=WAL")
            # A damaged file is found now, once per process, not in the middle of a publish.
            (verdict,) = db.execute("PRAGMA quick_check").fetchone()
            if verdict != "ok":
                raise sqlite3.DatabaseError(verdict)
            prepared = schema.prepare(db, self.migrations, clock=self.clock, upgrade=self.upgrade)
        except schema.Newer as newer:
            db.close()
            raise LedgerError(
                f"{self.path}: the ledger was written by a newer summitcal (schema "
                f"{newer.found}); upgrade summitcal to use it"
            ) from None
        except schema.UpgradeFailed as failed:
            db.close()
            raise LedgerError(self._not_upgraded(failed)) from None
        except sqlite3.DatabaseError as error:
            db.close()
            raise LedgerError(self._message(error)) from None
        for old, new in prepared.upgraded:
            log.warning("upgraded ledger %s from schema %d to %d", self.path, old, new)
        after = _identity(self.path)
        with self._guard:
            if self._opened is None and after is not None and after == (before or after):
                self._opened = after
            agreed = after is not None and after == self._opened
        if not agreed:  # the path changed while it was opened
            self._retire(db)
            raise self._moved(after)
        if prepared.created:
            self.created_new = True
            log.warning("new revision ledger at %s: every schedule starts at version 1", self.path)
        self._local.db, self._local.pid, self._local.identity = db, os.getpid(), after
        return db

    def _in_place(self) -> None:
        """Raise LedgerError unless this thread's connection is to the file at the path."""
        found = _identity(self.path)
        if found != self._local.identity:
            raise self._moved(found)

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
        except sqlite_rows.Unreadable as error:
            raise LedgerError(self._unusable(error)) from None

    # -- what went wrong, as what to do -------------------------------------------------

    def _message(self, error: sqlite3.Error) -> Message:
        return self._at(self._problem(error))

    def _at(self, problem: Message) -> Message:
        """``PATH: problem``: every message names the ledger's file first."""
        return N_("{ledger}: {problem}", ledger=str(self.path), problem=problem)

    def _problem(self, error: sqlite3.Error) -> Message:
        code = getattr(error, "sqlite_errorcode", None)
        primary = None if code is None else code & 0xFF
        if primary == sqlite3.SQLITE_FULL or (
            primary in (sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN) and self._disk_full()
        ):
            return self._full_disk()
        if "locked" in str(error) or "busy" in str(error):
            return N_(
                "the ledger stayed locked by another process for {seconds} s; try again",
                seconds=f"{self.busy_timeout:g}",
            )
        if primary == sqlite3.SQLITE_READONLY:
            return self._not_writable(error)
        if isinstance(error, sqlite3.OperationalError) and "unable to open" in str(error):
            return self._not_openable(error)
        return self._not_usable(error)

    def _read_only(self, error: object) -> Message:
        return self._at(self._not_writable(error))

    def _not_writable(self, error: object) -> Message:
        name = self.path.name
        return N_(
            "the revision ledger cannot be written ({reason}); let this user write it and its "
            "folder (SQLite keeps {name}-wal and {name}-shm beside it), or give another with "
            "--ledger",
            reason=str(error),
            name=name,
        )

    def _writable(self) -> bool:
        """Whether this process may write the file (if there) and its folder."""
        places = (self.path, self.path.absolute().parent)
        return all(os.access(place, os.W_OK) for place in places if place.exists())

    def _not_upgraded(self, failed: schema.UpgradeFailed) -> Message:
        problem = self._problem(failed.error)
        reason: Message | str = problem
        if problem == self._not_usable(failed.error):
            reason = str(failed.error)
        return self._at(
            N_(
                "the ledger could not be upgraded from schema {old} to {new} and is as it was "
                "(schema {old}, which the release that wrote it still reads): {reason}",
                old=failed.from_version,
                new=failed.to_version,
                reason=reason,
            )
        )

    def _disk_full(self) -> bool:
        try:
            status = os.statvfs(self.path.absolute().parent)
        except OSError:
            return False
        return status.f_bavail * status.f_frsize < _FULL or status.f_favail == 0

    def _full(self) -> Message:
        return self._at(self._full_disk())

    def _full_disk(self) -> Message:
        return N_(
            "the disk is full; free some space there and publish again; the ledger is as it "
            "was (nothing was lost)"
        )

    def _moved(self, found: Identity | None) -> LedgerError:
        values: dict[str, Value] = {"ledger": str(self.path)}
        if found is None:
            message = N_(
                "{ledger}: the revision ledger was deleted or replaced while in use (no file is "
                "there now); the service keeps serving the last published versions and "
                "publishes nothing until the file is put back (moved back: a copy is another "
                "file) or the service is restarted on purpose; a new ledger starts every "
                "SEQUENCE again, and calendars ignore the changes of an event whose SEQUENCE "
                "went down",
                **values,
            )
            return LedgerNotFound(message)
        message = N_(
            "{ledger}: the revision ledger was deleted or replaced while in use (another file "
            "is there now); the service keeps serving the last published versions and "
            "publishes nothing until the file is put back (moved back: a copy is another "
            "file) or the service is restarted on purpose; a new ledger starts every SEQUENCE "
            "again, and calendars ignore the changes of an event whose SEQUENCE went down",
            **values,
        )
        return LedgerError(message)

    def _unpublishable(self, schedule_id: str, error: object) -> Message:
        return unpublishable(self.path, schedule_id, error)

    def _unopenable(self, error: object) -> Message:
        return self._at(self._not_openable(error))

    def _not_openable(self, error: object) -> Message:
        if isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT):
            return self._full_disk()
        if not self._writable():  # SQLite cannot make PATH-shm: it cannot even read
            return self._not_writable(error)
        return N_(
            "cannot use the revision ledger ({reason}); check the path and its permissions, "
            "or give another with --ledger",
            reason=str(error),
        )

    def _unusable(self, error: object) -> Message:
        return self._at(self._not_usable(error))

    def _not_usable(self, error: object) -> Message:
        return N_(
            "not a usable revision ledger ({reason}); restore it from a backup, or move it "
            "aside to start a new history (subscribers then see every event as new)",
            reason=str(error),
        )
