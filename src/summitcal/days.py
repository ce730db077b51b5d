"""The view model of a schedule's days that every human view renders: the command
line's table (:mod:`summitcal.table`) and the page (``web/templates/schedule.html``).

Columns are zones: the schedule's local zone, its home zone, then any others asked
for. Rows come in order of start: a day row wherever the date changes in any column
(the new date in the columns where it changes), then the event's row, one cell of times
per column. Both views render these rows as they are, so they cannot disagree.

Two rules, the same everywhere:

- a date shift is counted from the event's own clock (the zone its times are given in,
  or the first column's when that zone has no column) to the column's: Tokyo's "+1 day"
  beside a Lima event, Lima's "-1 day" beside a Tokyo one; a day row begins wherever a
  column's date or shift changes, so every event sits under the shifts that are its own;
- an end that falls on another date than the start, in that column, keeps its date
  ("20:00–Tue 19 Nov 19:30"), so a range that crosses midnight never reads backwards.

>>> from summitcal.schedule_file import read_schedule
>>> view = day_view(read_schedule("examples/japan-peru-2024.toml"))
>>> [(c.label, c.shift) for c in view.rows[0].cells]
[('Sun 17 Nov 2024', 0), ('Mon 18 Nov 2024', 1)]
>>> [cell.text for cell in view.rows[1].cells]
['10:50–~12:00', '00:50–~02:00']
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from summitcal.describe import marked_clock
from summitcal.display import day_label, offset_label, short_date
from summitcal.model import Certainty, Event, Schedule
from summitcal.zones import day_shift

__all__ = ["Column", "DayCell", "DayRow", "DayView", "EventRow", "TimeCell", "day_view"]


@dataclass(frozen=True, slots=True)
class Column:
    """One zone's clock; ``role`` is "local", "home" or "" (a zone asked for)."""

    zone: ZoneInfo
    role: str
    offsets: tuple[str, ...]  # the UTC offsets its events start at, "UTC+09:00"


@dataclass(frozen=True, slots=True)
class DayCell:
    """A column of a day row: the date that begins there, or none if it goes on."""

    day: date | None
    label: str  # "Sun 17 Nov 2024", empty where the date goes on
    shift: int  # days from the own clock of the events under the row (+1: a day later here)


@dataclass(frozen=True, slots=True)
class DayRow:
    cells: tuple[DayCell, ...]


@dataclass(frozen=True, slots=True)
class TimeCell:
    """The event in one column's clock."""

    start: datetime
    end: datetime
    text: str  # "10:50–12:00", "~12:45–(14:15)", "20:00–Tue 19 Nov 19:30"
    offset: str  # the start's UTC offset, "UTC-05:00"
    shift: int  # days from the event's own clock to this one


@dataclass(frozen=True, slots=True)
class EventRow:
    event: Event
    cells: tuple[TimeCell, ...]


@dataclass(frozen=True, slots=True)
class DayView:
    columns: tuple[Column, ...]
    rows: tuple[DayRow | EventRow, ...]
    certainties: frozenset[Certainty]  # those the times use: what a legend explains


def day_view(
    schedule: Schedule,
    events: tuple[Event, ...] | None = None,
    extra_zones: tuple[ZoneInfo, ...] = (),
) -> DayView:
    """The schedule's (or the given events') days in its local and home zones and in
    ``extra_zones`` (each zone once, in that order)."""
    chosen = schedule.events if events is None else events
    zones: list[tuple[ZoneInfo, str]] = []
    for zone, role in [
        (schedule.zone, "local"),
        (schedule.home_zone, "home"),
        *((zone, "") for zone in extra_zones),
    ]:
        if all(known.key != zone.key for known, _ in zones):
            zones.append((zone, role))
    columns = tuple(
        Column(zone, role, tuple(sorted({offset_label(e.start.astimezone(zone)) for e in chosen})))
        for zone, role in zones
    )
    rows: list[DayRow | EventRow] = []
    seen: list[tuple[date, int] | None] = [None] * len(columns)
    keys = {column.zone.key for column in columns}
    for event in chosen:
        # The event's own clock, when it has a column; else the first column's.
        own = event.start if event.zone.key in keys else event.start.astimezone(columns[0].zone)
        cells = tuple(_cell(event, column.zone, own) for column in columns)
        days: list[tuple[date, int] | None] = [(c.start.date(), c.shift) for c in cells]
        if days != seen:
            rows.append(
                DayRow(
                    tuple(
                        DayCell(cell.start.date(), day_label(cell.start), cell.shift)
                        if day != before
                        else DayCell(None, "", cell.shift)
                        for day, before, cell in zip(days, seen, cells, strict=True)
                    )
                )
            )
            seen = days
        rows.append(EventRow(event, cells))
    used = {e.start_certainty for e in chosen} | {e.end_certainty for e in chosen}
    return DayView(columns, tuple(rows), frozenset(used))


def _cell(event: Event, zone: ZoneInfo, own: datetime) -> TimeCell:
    start, end = event.start.astimezone(zone), event.end.astimezone(zone)
    end_text = marked_clock(end, event.end_certainty)
    if end.date() != start.date():
        end_text = f"{short_date(end)} {end_text}"
    return TimeCell(
        start,
        end,
        f"{marked_clock(start, event.start_certainty)}–{end_text}",
        offset_label(start),
        day_shift(own, start),
    )
