"""The ledger's rows as values, whatever database keeps them: each row written and read
by one pair of functions, so every backend stores the same text and numbers.

What the ledger could not read back it never writes: :func:`written` checks every row
of a publish by reading it and writing it again, byte for byte, before any is written.
A row that does not read back all the same (written by a faulty release) is
:class:`Unreadable`, naming the row. The SQL of each backend is its own
(:mod:`.sqlite_rows`, :mod:`.pg_rows`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from summitcal.revisions.plan import Plan
from summitcal.revisions.records import (
    Change,
    ChangeKind,
    EventRow,
    Presence,
    ScheduleRow,
)
from summitcal.revisions.snapshot import read_stamp
from summitcal.timerange import utc_stamp

__all__ = [
    "EVENT_COLUMNS",
    "HEAD_COLUMNS",
    "Unreadable",
    "Values",
    "Written",
    "change_of",
    "event_of",
    "head_of",
    "read",
    "time_of",
    "written",
]

_In = TypeVar("_In")
_Out = TypeVar("_Out")

Values = tuple[Any, ...]

HEAD_COLUMNS = "schedule_id, version, fingerprint, state, created, modified"
EVENT_COLUMNS = (
    "schedule_id, event_id, sequence, fingerprint, state, created, modified, presence, cancelled_at"
)


class Unreadable(ValueError):
    """A row of the ledger that does not read back (written by a faulty release)."""


def read(what: str, reader: Callable[[_In], _Out], values: _In) -> _Out:
    """``reader(values)``, or :class:`Unreadable` naming ``what``."""
    try:
        return reader(values)
    except (ValueError, KeyError, TypeError, OverflowError) as error:
        raise Unreadable(f"{what} cannot be read: {error}") from None


@dataclass(frozen=True, slots=True)
class Written:
    """The rows of one publish, each checked to read back, in the tables' column order."""

    heads: list[Values]  # ledger_schedules (HEAD_COLUMNS)
    events: list[Values]  # ledger_events (EVENT_COLUMNS)
    versions: list[Values]  # ledger_versions
    changes: list[Values]  # ledger_changes


def written(outcome: Plan) -> Written:
    """The rows a publish writes, each checked to read back (ValueError naming the row
    if one would not)."""
    top = outcome.schedule
    schedule_id, version = top.schedule_id, top.version
    return Written(
        heads=[_checked(_head_values(top), _head_again, "the calendar's own fields")],
        events=[
            _checked(
                _event_values(schedule_id, outcome.events[event_id]),
                _event_again,
                f"event {event_id!r}",
            )
            for event_id in outcome.written
        ],
        versions=[
            _checked((schedule_id, version, _text(top.modified)), _version_again, "its date")
        ],
        changes=[
            _checked(
                _change_values(schedule_id, version, position, change),
                _change_again,
                f"the change to {change.event_id or 'the calendar'!r}",
            )
            for position, change in enumerate(outcome.changes)
        ],
    )


def _checked(values: Values, again: Callable[[Values], Values], what: str) -> Values:
    """``values`` if what a read of them gives writes them again, byte for byte (else
    ValueError naming ``what``): what the ledger could not read back it never writes."""
    try:
        for value in values:
            if isinstance(value, str):
                value.encode("utf-8")  # both databases keep UTF-8: a lone surrogate is none
                if "\x00" in value:  # PostgreSQL's text holds no NUL
                    raise ValueError("a NUL character cannot be stored")
            elif isinstance(value, int) and not -(2**63) <= value < 2**63:
                raise ValueError(f"{value} is too large for the ledger (64 bits)")
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


def head_of(values: Values) -> ScheduleRow:
    schedule_id, version, fingerprint, state, created, modified = values
    return ScheduleRow(
        schedule_id, version, fingerprint, json.loads(state), time_of(created), time_of(modified)
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


def event_of(values: Values) -> EventRow:
    _, event_id, sequence, fingerprint, state, created, modified, presence, cancelled_at = values
    return EventRow(
        event_id,
        sequence,
        fingerprint,
        json.loads(state),
        time_of(created),
        time_of(modified),
        Presence(presence),
        time_of(cancelled_at) if cancelled_at else None,
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


def change_of(values: Values) -> Change:
    _, _, _, kind, event_id, sequence, before, after = values
    return Change(ChangeKind(kind), event_id, sequence, _load(before), _load(after))


def _head_again(values: Values) -> Values:
    return _head_values(head_of(values))


def _event_again(values: Values) -> Values:
    return _event_values(values[0], event_of(values))


def _version_again(values: Values) -> Values:
    schedule_id, version, published = values
    return (schedule_id, version, _text(time_of(published)))


def _change_again(values: Values) -> Values:
    schedule_id, version, position = values[:3]
    return _change_values(schedule_id, version, position, change_of(values))


def _json(state: dict[str, Any] | None) -> str | None:
    return None if state is None else json.dumps(state, sort_keys=True, ensure_ascii=False)


def _load(text: str | None) -> dict[str, Any] | None:
    return None if text is None else dict(json.loads(text))


def _text(moment: datetime) -> str:
    return utc_stamp(moment)


def time_of(text: str) -> datetime:
    """A stored stamp as an aware UTC datetime."""
    return read_stamp(text)
