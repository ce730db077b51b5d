"""Rows as the SQLite ledger keeps them: each written and read by one pair of functions.

What the ledger could not read back it never writes: :func:`statements` checks every
row of a publish by reading it and writing it again, byte for byte, before any is
written. A row that does not read back all the same (written by a faulty release) is
:class:`Unreadable`, naming the row.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from summitcal.revisions.plan import Plan
from summitcal.revisions.records import (
    Change,
    ChangeKind,
    EventRow,
    Presence,
    ScheduleRow,
    Version,
)
from summitcal.revisions.snapshot import read_stamp
from summitcal.timerange import utc_stamp

__all__ = ["Unreadable", "head", "history", "rows", "statements"]

_In = TypeVar("_In")
_Out = TypeVar("_Out")

Values = tuple[Any, ...]

_HEAD_COLUMNS = "schedule_id, version, fingerprint, state, created, modified"
_EVENT_COLUMNS = (
    "schedule_id, event_id, sequence, fingerprint, state, created, modified, presence, cancelled_at"
)


class Unreadable(ValueError):
    """A row of the ledger that does not read back (written by a faulty release)."""


def _read(what: str, read: Callable[[_In], _Out], values: _In) -> _Out:
    try:
        return read(values)
    except (ValueError, KeyError, TypeError, OverflowError) as error:
        raise Unreadable(f"{what} cannot be read: {error}") from None


# -- reading ----------------------------------------------------------------------------


def head(db: sqlite3.Connection, schedule_id: str) -> ScheduleRow | None:
    """The schedule's own row; None if it was never published."""
    found = db.execute(
        f"SELECT {_HEAD_COLUMNS} FROM ledger_schedules WHERE schedule_id = ?", (schedule_id,)
    ).fetchone()
    if found is None:
        return None
    return _read(f"the row of {schedule_id!r}", _head_of, found)


def rows(db: sqlite3.Connection, schedule_id: str) -> dict[str, EventRow]:
    """The schedule's event rows by event id."""
    found: dict[str, EventRow] = {}
    for values in db.execute(
        f"SELECT {_EVENT_COLUMNS} FROM ledger_events WHERE schedule_id = ? ORDER BY event_id",
        (schedule_id,),
    ):
        found[values[1]] = _read(f"event {values[1]!r} of {schedule_id!r}", _event_of, values)
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


# -- writing ----------------------------------------------------------------------------


def statements(outcome: Plan) -> list[tuple[str, list[Values]]]:
    """The statements of a publish and their rows, each checked to read back (ValueError
    naming the row if one would not)."""
    top = outcome.schedule
    schedule_id, version = top.schedule_id, top.version
    heads = [_checked(_head_values(top), _head_again, "the calendar's own fields")]
    events = [
        _checked(
            _event_values(schedule_id, outcome.events[event_id]),
            _event_again,
            f"event {event_id!r}",
        )
        for event_id in outcome.written
    ]
    versions = [_checked((schedule_id, version, _text(top.modified)), _version_again, "its date")]
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


# -- each row: its values, and the row again from them ---------------------------------


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


def _json(state: dict[str, Any] | None) -> str | None:
    return None if state is None else json.dumps(state, sort_keys=True, ensure_ascii=False)


def _load(text: str | None) -> dict[str, Any] | None:
    return None if text is None else dict(json.loads(text))


def _text(moment: datetime) -> str:
    return utc_stamp(moment)


def _time(text: str) -> datetime:
    return read_stamp(text)
