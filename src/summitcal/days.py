"""The view model of a schedule's days that every human view renders: the command
line's table (:mod:`summitcal.table`), the page (``web/templates/schedule.html``) and
its time lines (:mod:`summitcal.timeline`).

Columns are clocks: the local one, the schedule's home zone, then any others asked for.
When every event is timed in the schedule's zone or the home zone (a call from Tokyo),
the local column is the schedule zone's clock; a trip's events are timed in others
(Lima, then Rio de Janeiro), and the local column is then each event's own clock, named in its day rows ("Mon 18 Nov 2024 · Rio de
Janeiro") and at both ends of an event that ends in another one ("16:30 Lima → 23:10
Rio de Janeiro"). Rows come in order of start: a day row wherever the date changes in
any column (the new date in the columns where it changes), then the event's row, one
cell of times per column. Every view renders these rows as they are, so none can
disagree with another.

Three rules, the same everywhere:

- a date shift is counted from the event's own clock (the zone its start is given in,
  which always has a column, or is the trip's local one) to the column's: Tokyo's "+1 day"
  beside a Lima event, Lima's "-1 day" beside a Tokyo one; a day row begins wherever a
  column's date or shift (or the local column's place) changes, so every event sits
  under the shifts that are its own;
- an end that falls on another date than the start, in that column, keeps its date
  ("20:00–Tue 19 Nov 19:30"), so a range that crosses midnight never reads backwards;
- whole days are dates of the event's own zone: the local column says them ("Thu 14 –
  Sat 16 Nov"), the other columns are empty (a calendar shows them on those dates
  wherever it is).

>>> from summitcal.schedule_file import read_schedule
>>> view = day_view(read_schedule("examples/japan-peru-2024.toml"))
>>> [(c.label, c.shift) for c in view.rows[0].cells]
[('Sun 17 Nov 2024', 0), ('Mon 18 Nov 2024', 1)]
>>> [cell.text for cell in view.rows[1].cells]
['10:50–~12:00', '00:50–~02:00']
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from summitcal.clocks import end_place, own_place, place_of, whole_days_text
from summitcal.describe import marked_clock
from summitcal.display import city, day_label, offset_label, other_day
from summitcal.model import Certainty, Event, Schedule
from summitcal.zones import day_shift

__all__ = [
    "Column",
    "DayCell",
    "DayRow",
    "DayView",
    "EventRow",
    "Place",
    "TimeCell",
    "day_view",
    "places_of",
]


@dataclass(frozen=True, slots=True)
class Column:
    """One clock; ``role`` is "local", "home" or "" (a zone asked for).

    ``own``: the local column of a trip, each event in its own clock; ``zone`` is then
    the schedule's zone, which names no cell.
    """

    zone: ZoneInfo
    role: str
    offsets: tuple[str, ...]  # the UTC offsets its events start at, "UTC+09:00"
    own: bool = False
    name: str = ""  # the clock's place: "Tokyo", "Rio de Janeiro" (see clocks.place_of)


@dataclass(frozen=True, slots=True)
class Place:
    """A clock the events are timed in, by the name the views give it."""

    zone: ZoneInfo
    name: str  # "Rio de Janeiro"
    offsets: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DayCell:
    """A column of a day row: the date that begins there, or none if it goes on."""

    day: date | None
    label: str  # "Sun 17 Nov 2024", empty where the date goes on
    shift: int  # days from the own clock of the events under the row (+1: a day later here)
    place: str = ""  # in a trip's local column: whose clock ("Rio de Janeiro")


@dataclass(frozen=True, slots=True)
class DayRow:
    cells: tuple[DayCell, ...]


@dataclass(frozen=True, slots=True)
class TimeCell:
    """The event in one column's clock."""

    start: datetime
    end: datetime
    text: str  # "10:50–12:00", "~12:45–(14:15)", "16:30 Lima → 23:10 Rio de Janeiro"
    offset: str  # the start's UTC offset, "UTC-05:00"; empty for whole days
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
    places: tuple[Place, ...]  # the clocks the events are timed in, in order of use

    @property
    def trip(self) -> bool:
        """Events timed in a clock that is neither the schedule's nor the home one (or
        named by another place): the local column is each one's own."""
        return bool(self.columns) and self.columns[0].own


def day_view(
    schedule: Schedule,
    events: tuple[Event, ...] | None = None,
    extra_zones: tuple[ZoneInfo, ...] = (),
    names: Mapping[str, str] | None = None,
) -> DayView:
    """The schedule's (or the given events') days in its local and home zones and in
    ``extra_zones`` (each zone once, in that order), named by ``names`` (zone key →
    the place it was asked for by, "Rio de Janeiro") where given."""
    chosen = schedule.events if events is None else events
    places = places_of(chosen)
    # A trip: an event timed in a clock other than the schedule's and the home one, or
    # named by another place ("Rio de Janeiro" in a São Paulo schedule). A call timed in
    # the home clock, under its zone's own city, is not one: the local column shows it.
    known = {(z.key, place_of(schedule, z)) for z in (schedule.zone, schedule.home_zone)}
    keys = {key for key, _name in known}
    trip = any(
        p.zone.key not in keys or (p.name != city(p.zone) and (p.zone.key, p.name) not in known)
        for p in places
    )
    # A trip's local column is every event's own clock, no one zone's: the schedule's
    # zone asked for as well gets a column of its own.
    zones: list[tuple[ZoneInfo, str]] = []
    for zone, role in [
        (schedule.zone, "local"),
        (schedule.home_zone, "home"),
        *((zone, "") for zone in extra_zones),
    ]:
        if all(
            column.key != zone.key or (trip and had == "local" and role == "")
            for column, had in zones
        ):
            zones.append((zone, role))
    columns = tuple(
        Column(
            zone,
            role,
            tuple(sorted({offset_label(e.start.astimezone(zone)) for e in chosen})),
            own=trip and role == "local",
            # A zone asked for by a city is named by it; the schedule's own, as it says.
            name=((names or {}).get(zone.key, "") if role == "" else "")
            or place_of(schedule, zone),
        )
        for zone, role in zones
    )
    rows: list[DayRow | EventRow] = []
    seen: list[tuple[date, int, str] | None] = [None] * len(columns)
    for event in chosen:
        own = event.start  # its own clock: the schedule's or the home zone's, or a trip's
        cells = tuple(_cell(event, column, own) for column in columns)
        places_here = [own_place(event) if column.own else "" for column in columns]
        # Whole days are the local column's dates only: they move no other column's.
        days: list[tuple[date, int, str] | None] = [
            before
            if event.whole_days and column.role != "local"
            else (cell.start.date(), cell.shift, place)
            for cell, place, column, before in zip(cells, places_here, columns, seen, strict=True)
        ]
        if days != seen:
            rows.append(
                DayRow(
                    tuple(
                        DayCell(cell.start.date(), day_label(cell.start), cell.shift, place)
                        if day != before
                        else DayCell(None, "", cell.shift)
                        for day, before, cell, place in zip(
                            days, seen, cells, places_here, strict=True
                        )
                    )
                )
            )
            seen = days
        rows.append(EventRow(event, cells))
    timed = [e for e in chosen if not e.whole_days]
    used = {e.start_certainty for e in timed} | {e.end_certainty for e in timed}
    return DayView(columns, tuple(rows), frozenset(used), places)


def places_of(events: tuple[Event, ...]) -> tuple[Place, ...]:
    """Each clock the events start or end in, once, in order of first use."""
    found: dict[tuple[str, str], tuple[ZoneInfo, set[str]]] = {}
    for event in events:
        for zone, name, moment in (
            (event.zone, own_place(event), event.start),
            (event.end_zone, end_place(event), event.end),
        ):
            _, offsets = found.setdefault((zone.key, name), (zone, set()))
            offsets.add(offset_label(moment))
    return tuple(
        Place(zone, name, tuple(sorted(offsets))) for (_, name), (zone, offsets) in found.items()
    )


def _cell(event: Event, column: Column, own: datetime) -> TimeCell:
    if column.own:
        start, end = event.start, event.end
    else:
        start, end = event.start.astimezone(column.zone), event.end.astimezone(column.zone)
    shift = day_shift(own, start)
    if event.whole_days:
        return TimeCell(
            start, end, whole_days_text(event) if column.role == "local" else "", "", shift
        )
    start_text = marked_clock(start, event.start_certainty)
    end_text = marked_clock(end, event.end_certainty)
    if end.date() != start.date():
        end_text = f"{other_day(end, start)} {end_text}"
    if event.end_zone.key == event.zone.key:
        text = f"{start_text}–{end_text}"
    elif column.own:
        text = f"{start_text} {own_place(event)} → {end_text} {end_place(event)}"
    else:
        text = f"{start_text} → {end_text}"
    return TimeCell(start, end, text, offset_label(start), shift)
