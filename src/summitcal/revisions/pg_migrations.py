"""The PostgreSQL ledger's schema versions: the same versions, tables and steps as
SQLite's (:mod:`.migrations`), in PostgreSQL's types.

Version 1 is :data:`BASE`; each :class:`PgMigration` takes a ledger to the next version,
in :data:`MIGRATIONS` order, and goes to the same version, for the same reason, as the
SQLite migration of that number (``tests/test_pg_ledger.py`` holds them to it). A
ledger made new gets every step at once; an older one is upgraded in place, one step
per transaction that applies it, bumps ``ledger_meta.schema`` and records the step in
``ledger_upgrades``. Each transaction first takes :data:`SCHEMA_LOCK` (an advisory
lock), so two servers opening an old ledger at once upgrade it once, and a process
killed halfway leaves the version before (PostgreSQL's DDL is transactional). A ledger
of a newer schema is refused, never downgraded.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

import psycopg

from summitcal import __version__
from summitcal.revisions.migrations import Newer, Prepared
from summitcal.timerange import utc_stamp

__all__ = [
    "BASE",
    "MIGRATIONS",
    "SCHEMA_LOCK",
    "PgMigration",
    "PgUpgradeFailed",
    "prepare",
    "schema_of",
]

# pg_advisory_xact_lock's key for making and upgrading the schema ("summ" "ical").
SCHEMA_LOCK = 0x73756D6D_6963616C

BASE = (  # schema 1, as SQLite's first releases made it: never changed, only migrated
    "CREATE TABLE IF NOT EXISTS ledger_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE IF NOT EXISTS ledger_schedules (
    schedule_id TEXT PRIMARY KEY,
    version BIGINT NOT NULL,
    fingerprint TEXT NOT NULL,
    state TEXT NOT NULL,
    created TEXT NOT NULL,
    modified TEXT NOT NULL
)""",
    """CREATE TABLE IF NOT EXISTS ledger_events (
    schedule_id TEXT NOT NULL,
    event_id TEXT NOT NULL,
    sequence BIGINT NOT NULL CHECK (sequence >= 0),
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
    version BIGINT NOT NULL,
    published TEXT NOT NULL,
    PRIMARY KEY (schedule_id, version)
)""",
    """CREATE TABLE IF NOT EXISTS ledger_changes (
    schedule_id TEXT NOT NULL,
    version BIGINT NOT NULL,
    position BIGINT NOT NULL,
    kind TEXT NOT NULL,
    event_id TEXT,
    sequence BIGINT,
    before TEXT,
    after TEXT,
    PRIMARY KEY (schedule_id, version, position)
)""",
)


@dataclass(frozen=True, slots=True)
class PgMigration:
    """The step to ``to_version``: its statements, run in the step's transaction."""

    to_version: int
    what: str
    statements: tuple[str, ...]
    reads_without: bool = False  # as :attr:`.migrations.Migration.reads_without`


MIGRATIONS: tuple[PgMigration, ...] = (
    PgMigration(
        2,
        "a record of every upgrade (ledger_upgrades); an index for each event's history",
        (
            """CREATE TABLE IF NOT EXISTS ledger_upgrades (
    from_version BIGINT NOT NULL,
    to_version BIGINT PRIMARY KEY,
    applied TEXT NOT NULL,
    release TEXT NOT NULL
)""",
            "CREATE INDEX IF NOT EXISTS ledger_changes_by_event "
            "ON ledger_changes (schedule_id, event_id)",
        ),
        reads_without=True,
    ),
)


class PgUpgradeFailed(Exception):
    """The step to ``to_version`` failed with ``error`` and was rolled back."""

    def __init__(self, from_version: int, to_version: int, error: psycopg.Error) -> None:
        super().__init__(from_version, to_version, error)
        self.from_version = from_version
        self.to_version = to_version
        self.error = error


def _latest(migrations: Sequence[PgMigration]) -> int:
    return migrations[-1].to_version if migrations else 1


def schema_of(db: psycopg.Connection[tuple[object, ...]], meta: str = "ledger_meta") -> int | None:
    """The schema version kept in the ``meta`` table of the connection's search path;
    None if there is none yet."""
    # A query of the catalog, not to_regclass(): its cache may not yet know a table
    # another server made while this one waited for the schema lock.
    (exists,) = db.execute(
        "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_tables "
        "WHERE schemaname = current_schema() AND tablename = %s)",
        (meta,),
    ).fetchone() or (False,)
    if not exists:
        return None
    found = db.execute(f"SELECT value FROM {meta} WHERE key = 'schema'").fetchone()
    if found is None:
        return None
    try:
        return int(str(found[0]))
    except ValueError:
        raise psycopg.DataError(f"its schema version ({meta}) is {found[0]!r}") from None


def prepare(
    db: psycopg.Connection[tuple[object, ...]],
    migrations: Sequence[PgMigration] = MIGRATIONS,
    *,
    clock: Callable[[], datetime],
    upgrade: bool = True,
) -> Prepared:
    """Bring the ledger in ``db`` (autocommit) to the latest schema, as
    :func:`.migrations.prepare` does for SQLite. Raises :class:`~.migrations.Newer`,
    :class:`PgUpgradeFailed`, or psycopg's error."""
    target = _latest(migrations)
    found = schema_of(db)
    if found is not None and found > target:
        raise Newer(found)
    created = False
    if found is None:
        created, found = _create(db, migrations)
    if not upgrade and all(m.reads_without for m in migrations if m.to_version > found):
        return Prepared(created, ())
    upgraded = []
    while found < target:
        step = next(m for m in migrations if m.to_version == found + 1)
        found, applied = _upgrade(db, step, clock)
        if applied:
            upgraded.append((step.to_version - 1, step.to_version))
    if found > target:
        raise Newer(found)
    return Prepared(created, tuple(upgraded))


def _create(
    db: psycopg.Connection[tuple[object, ...]], migrations: Sequence[PgMigration]
) -> tuple[bool, int]:
    with db.transaction():
        db.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK,))
        found = schema_of(db)  # again, under the lock: another server may have made it
        if found is not None:
            return False, found
        for statement in BASE:
            db.execute(statement)
        for migration in migrations:
            for statement in migration.statements:
                db.execute(statement)
        target = _latest(migrations)
        db.execute("INSERT INTO ledger_meta VALUES ('schema', %s)", (str(target),))
    return True, target


def _upgrade(
    db: psycopg.Connection[tuple[object, ...]], step: PgMigration, clock: Callable[[], datetime]
) -> tuple[int, bool]:
    before = step.to_version - 1
    try:
        with db.transaction():
            db.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK,))
            found = schema_of(db)
            if found is None:
                raise psycopg.DataError("its schema version went missing")
            if found != before:
                return found, False
            for statement in step.statements:
                db.execute(statement)
            db.execute(
                "UPDATE ledger_meta SET value = %s WHERE key = 'schema'", (str(step.to_version),)
            )
            db.execute(
                "INSERT INTO ledger_upgrades (from_version, to_version, applied, release) "
                "VALUES (%s, %s, %s, %s)",
                (before, step.to_version, utc_stamp(clock()), __version__),
            )
    except psycopg.Error as error:
        raise PgUpgradeFailed(before, step.to_version, error) from error
    return step.to_version, True
