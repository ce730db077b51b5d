"""The SQL of the SQLite ledger's rows; the rows' values are :mod:`.row_values`' (shared
with every backend), which checks each row reads back before any is written."""

from __future__ import annotations

import sqlite3

from summitcal.revisions.plan import Plan
from summitcal.revisions.records import Change, EventRow, ScheduleRow, Version
from summitcal.revisions.row_values import (
    EVENT_COLUMNS,
    HEAD_COLUMNS,
    Unreadable,
    Values,
    change_of,
    event_of,
    head_of,
    read,
    time_of,
    written,
)

__all__ = ["Unreadable", "head", "history", "rows", "statements"]


def head(db: sqlite3.Connection, schedule_id: str) -> ScheduleRow | None:
    """The schedule's own row; None if it was never published."""
    found = db.execute(
        f"SELECT {HEAD_COLUMNS} FROM ledger_schedules WHERE schedule_id = ?", (schedule_id,)
    ).fetchone()
    if found is None:
        return None
    return read(f"the row of {schedule_id!r}", head_of, found)


def rows(db: sqlite3.Connection, schedule_id: str) -> dict[str, EventRow]:
    """The schedule's event rows by event id."""
    found: dict[str, EventRow] = {}
    for values in db.execute(
        f"SELECT {EVENT_COLUMNS} FROM ledger_events WHERE schedule_id = ? ORDER BY event_id",
        (schedule_id,),
    ):
        found[values[1]] = read(f"event {values[1]!r} of {schedule_id!r}", event_of, values)
    return found


def history(db: sqlite3.Connection, schedule_id: str) -> list[Version]:
    """Every version of the schedule with its changes, newest first."""
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


def statements(outcome: Plan) -> list[tuple[str, list[Values]]]:
    """The statements of a publish and their rows, each checked to read back (ValueError
    naming the row if one would not)."""
    rows = written(outcome)
    return [
        (
            f"INSERT OR REPLACE INTO ledger_schedules ({HEAD_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)",
            rows.heads,
        ),
        (
            f"INSERT OR REPLACE INTO ledger_events ({EVENT_COLUMNS}) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows.events,
        ),
        ("INSERT INTO ledger_versions VALUES (?, ?, ?)", rows.versions),
        ("INSERT INTO ledger_changes VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows.changes),
    ]
