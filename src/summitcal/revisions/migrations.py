"""The SQLite ledger's schema versions, and the upgrades from each to the next.

Version 1 is the schema of the first releases (:data:`BASE`); each :class:`Migration`
takes a ledger from one version to the next, in :data:`MIGRATIONS` order. A ledger made
new gets the base and every migration at once, at the latest version (no upgrade is
recorded: there was none). An older ledger is upgraded in place, one step at a time,
each step one ``BEGIN IMMEDIATE`` transaction that applies the migration, bumps
``ledger_meta.schema`` and records the step in ``ledger_upgrades``: a process killed
halfway leaves the version before, intact, and a process that finds, once it holds the
write lock, that another has taken the step already does nothing (two processes opening
an old ledger at once upgrade it once). A ledger of a newer schema than this release
knows is refused, never downgraded: the one that wrote it may rely on what this one
would not keep.

Nothing here reads rows or knows the files: :mod:`.sqlite_ledger` opens the ledger,
says what went wrong, and logs each upgrade.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from summitcal import __version__
from summitcal.timerange import utc_stamp

__all__ = [
    "BASE",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "Migration",
    "Newer",
    "Prepared",
    "UpgradeFailed",
    "check_order",
    "latest",
    "prepare",
    "schema_of",
]

BASE = (  # schema 1, as the first releases made it: never changed, only migrated
    "CREATE TABLE IF NOT EXISTS ledger_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS ledger_schedules (
    schedule_id TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    fingerprint TEXT NOT NULL,
    state TEXT NOT NULL,
    created TEXT NOT NULL,
    modified TEXT NOT NULL
)""",
    """CREATE TABLE IF NOT EXISTS ledger_events (
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
)""",
    """CREATE TABLE IF NOT EXISTS ledger_versions (
    schedule_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    published TEXT NOT NULL,
    PRIMARY KEY (schedule_id, version)
)""",
    """CREATE TABLE IF NOT EXISTS ledger_changes (
    schedule_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    event_id TEXT,
    sequence INTEGER,
    before TEXT,
    after TEXT,
    PRIMARY KEY (schedule_id, version, position)
)""",
)


@dataclass(frozen=True, slots=True)
class Migration:
    """The step to ``to_version`` from the version before. ``apply`` runs inside the
    step's transaction and must not commit (nor use ``executescript``, which does)."""

    to_version: int
    what: str
    apply: Callable[[sqlite3.Connection], None]
    # Whether what the ledger holds reads the same without this step (it only adds):
    # then a reader that must not write (``upgrade=False``) takes the ledger as it is,
    # and a service of the release before, still running on it, goes on working.
    reads_without: bool = False


def _upgrades_and_event_history(db: sqlite3.Connection) -> None:
    db.execute(
        """CREATE TABLE IF NOT EXISTS ledger_upgrades (
    from_version INTEGER NOT NULL,
    to_version INTEGER PRIMARY KEY,
    applied TEXT NOT NULL,
    release TEXT NOT NULL
)"""
    )
    db.execute(
        "CREATE INDEX IF NOT EXISTS ledger_changes_by_event "
        "ON ledger_changes (schedule_id, event_id)"
    )


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        2,
        "a record of every upgrade (ledger_upgrades); an index for each event's history",
        _upgrades_and_event_history,
        reads_without=True,
    ),
)


def latest(migrations: Sequence[Migration]) -> int:
    """The schema a ledger has once every migration of ``migrations`` is applied."""
    return migrations[-1].to_version if migrations else 1


SCHEMA_VERSION = latest(MIGRATIONS)


class Newer(Exception):
    """The ledger's schema is newer than the migrations know (``found``)."""

    def __init__(self, found: int) -> None:
        super().__init__(found)
        self.found = found


class UpgradeFailed(Exception):
    """The step from ``from_version`` to ``to_version`` failed with ``error`` (SQLite's);
    its transaction was rolled back, so the ledger is still at ``from_version``."""

    def __init__(self, from_version: int, to_version: int, error: sqlite3.Error) -> None:
        super().__init__(from_version, to_version, error)
        self.from_version = from_version
        self.to_version = to_version
        self.error = error


@dataclass(frozen=True, slots=True)
class Prepared:
    created: bool  # this call made the ledger's tables
    upgraded: tuple[tuple[int, int], ...]  # the steps this call applied


def schema_of(db: sqlite3.Connection, meta: str = "ledger_meta") -> int | None:
    """The schema version kept in the ``meta`` table (the ledger's by default, the token
    store's with ``tokens_meta``); None if the database has none yet."""
    if not db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (meta,)
    ).fetchone():
        return None
    found = db.execute(f"SELECT value FROM {meta} WHERE key = 'schema'").fetchone()
    if found is None:
        return None
    try:
        return int(found[0])
    except (TypeError, ValueError):
        raise sqlite3.DatabaseError(f"its schema version ({meta}) is {found[0]!r}") from None


def prepare(
    db: sqlite3.Connection,
    migrations: Sequence[Migration] = MIGRATIONS,
    *,
    clock: Callable[[], datetime],
    upgrade: bool = True,
) -> Prepared:
    """Bring the ledger ``db`` holds (or none yet) to the latest schema of
    ``migrations``: made new, upgraded, or as it is when it is current (nothing written).
    With ``upgrade=False`` an older ledger is left as it is when every step since only
    adds (:attr:`Migration.reads_without`), and upgraded otherwise (it must be, to read).

    ``db`` is in autocommit mode (``isolation_level=None``). Raises :class:`Newer`,
    :class:`UpgradeFailed`, or SQLite's error for one that is neither (a lock held too
    long, a full disk, a damaged file, while making a new ledger)."""
    check_order(migrations)
    target = latest(migrations)
    found = schema_of(db)  # a read: a current ledger is never written to here
    if found is not None and found > target:
        raise Newer(found)
    created = False
    if found is None:
        created, found = _create(db, migrations)
    upgraded = []
    if not upgrade and all(m.reads_without for m in migrations if m.to_version > found):
        return Prepared(created, ())
    while found < target:
        step = next(m for m in migrations if m.to_version == found + 1)
        found, applied = _upgrade(db, step, clock)
        if applied:
            upgraded.append((step.to_version - 1, step.to_version))
    if found > target:  # a newer release upgraded it meanwhile
        raise Newer(found)
    return Prepared(created, tuple(upgraded))


def check_order(migrations: Sequence[Migration]) -> None:
    """ValueError unless ``migrations`` go to schema 2, 3, … one version at a time."""
    versions = [m.to_version for m in migrations]
    if versions != list(range(2, 2 + len(versions))):
        raise ValueError(f"migrations must go to schema 2, 3, … in order, not {versions}")


def _create(db: sqlite3.Connection, migrations: Sequence[Migration]) -> tuple[bool, int]:
    """Make the ledger at the latest schema; (whether this call made it, its schema)."""
    with _immediate(db):
        found = schema_of(db)  # again, under the lock: another process may have made it
        if found is not None:
            return False, found
        for statement in BASE:
            db.execute(statement)
        for migration in migrations:
            migration.apply(db)
        target = latest(migrations)
        db.execute("INSERT INTO ledger_meta VALUES ('schema', ?)", (str(target),))
    return True, target


def _upgrade(
    db: sqlite3.Connection, step: Migration, clock: Callable[[], datetime]
) -> tuple[int, bool]:
    """Take ``step`` if the ledger still needs it; (its schema after, whether taken)."""
    before = step.to_version - 1
    try:
        with _immediate(db):
            found = schema_of(db)
            if found is None:
                raise sqlite3.DatabaseError("its schema version went missing")
            if found != before:  # another process took the step meanwhile
                return found, False
            step.apply(db)
            db.execute(
                "UPDATE ledger_meta SET value = ? WHERE key = 'schema'", (str(step.to_version),)
            )
            db.execute(
                "INSERT INTO ledger_upgrades (from_version, to_version, applied, release) "
                "VALUES (?, ?, ?, ?)",
                (before, step.to_version, utc_stamp(clock()), __version__),
            )
    except sqlite3.Error as error:
        raise UpgradeFailed(before, step.to_version, error) from error
    return step.to_version, True


@contextmanager
def _immediate(db: sqlite3.Connection) -> Iterator[None]:
    """``BEGIN IMMEDIATE`` … ``COMMIT``, rolled back on any error (a failed commit too)."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:  # SQLite may have rolled back by itself
            db.rollback()
        raise
