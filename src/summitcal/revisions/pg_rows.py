"""The SQL of the PostgreSQL ledger's rows; the rows' values are :mod:`.row_values`'
(shared with SQLite), which checks each row reads back before any is written."""

from __future__ import annotations

from typing import Any

import psycopg

from summitcal.revisions.plan import Plan
from summitcal.revisions.records import Change, EventRow, ScheduleRow, Version
from summitcal.revisions.row_values import (
    EVENT_COLUMNS,
    HEAD_COLUMNS,
    Unreadable,
    change_of,
    event_of,
    head_of,
    read,
    time_of,
    written,
)

__all__ = ["Unreadable", "checked", "head", "history", "rows", "versions", "write"]

Connection = psycopg.Connection[tuple[Any, ...]]


def head(db: Connection, schedule_id: str) -> ScheduleRow | None:
    """The schedule's own row; None if it was never published."""
    found = db.execute(
        f"SELECT {HEAD_COLUMNS} FROM ledger_schedules WHERE schedule_id = %s", (schedule_id,)
    ).fetchone()
    if found is None:
        return None
    return read(f"the row of {schedule_id!r}", head_of, found)


def rows(db: Connection, schedule_id: str) -> dict[str, EventRow]:
    """The schedule's event rows by event id."""
    found: dict[str, EventRow] = {}
    for values in db.execute(
        f"SELECT {EVENT_COLUMNS} FROM ledger_events WHERE schedule_id = %s ORDER BY event_id",
        (schedule_id,),
    ):
        found[values[1]] = read(f"event {values[1]!r} of {schedule_id!r}", event_of, values)
    return found


def history(db: Connection, schedule_id: str) -> list[Version]:
    """Every version of the schedule with its changes, newest first."""
    versions = db.execute(
        "SELECT version, published FROM ledger_versions WHERE schedule_id = %s "
        "ORDER BY version DESC",
        (schedule_id,),
    ).fetchall()
    changes: dict[int, list[Change]] = {}
    for row in db.execute(
        "SELECT schedule_id, version, position, kind, event_id, sequence, before, "
        "after FROM ledger_changes WHERE schedule_id = %s ORDER BY version, position",
        (schedule_id,),
    ):
        what = f"change {row[2]} of version {row[1]} of {schedule_id!r}"
        changes.setdefault(row[1], []).append(read(what, change_of, row))
    return [
        Version(
            schedule_id,
            version,
            read(f"version {version} of {schedule_id!r}", time_of, published),
            tuple(changes.get(version, ())),
        )
        for version, published in versions
    ]


def versions(db: Connection) -> dict[str, int]:
    """Every schedule's current version number."""
    return dict(db.execute("SELECT schedule_id, version FROM ledger_schedules"))


def checked(outcome: Plan) -> list[tuple[str, list[tuple[Any, ...]]]]:
    """The statements of a publish and their rows, each checked to read back
    (ValueError naming the row if one would not); :func:`write` runs them."""
    rows = written(outcome)
    head_updates = ", ".join(
        f"{column} = EXCLUDED.{column}" for column in HEAD_COLUMNS.split(", ")[1:]
    )
    event_updates = ", ".join(
        f"{column} = EXCLUDED.{column}" for column in EVENT_COLUMNS.split(", ")[2:]
    )
    return [
        (
            f"INSERT INTO ledger_schedules ({HEAD_COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s) "
            f"ON CONFLICT (schedule_id) DO UPDATE SET {head_updates}",
            rows.heads,
        ),
        (
            f"INSERT INTO ledger_events ({EVENT_COLUMNS}) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s) "
            f"ON CONFLICT (schedule_id, event_id) DO UPDATE SET {event_updates}",
            rows.events,
        ),
        ("INSERT INTO ledger_versions VALUES (%s, %s, %s)", rows.versions),
        ("INSERT INTO ledger_changes VALUES (%s, %s, %s, %s, %s, %s, %s, %s)", rows.changes),
    ]


def write(db: Connection, statements: list[tuple[str, list[tuple[Any, ...]]]]) -> None:
    """Run the statements of :func:`checked` (inside the publish's transaction)."""
    with db.cursor() as cursor:
        for statement, values in statements:
            if values:
                cursor.executemany(statement, values)
