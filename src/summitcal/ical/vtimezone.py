"""VTIMEZONE components that every client reads the same way.

Written from the zone itself (for summitcal's zones: the ``tzdata`` package), for the
years the feed's events need, in the forms every parser we test reads alike:

- each offset change is an observance whose DTSTART is the wall time *before* the
  change, on the old offset (RFC 5545 3.6.5); stock icalendar writes the time after;
- changes that follow a yearly rule ("last Sunday of March at 02:00") are one
  observance with ``RRULE:FREQ=YEARLY;BYMONTH=..;BYDAY=..;UNTIL=..``, as Outlook,
  Google and Apple write them; every other change is an observance of its own, with
  no RDATE at all (ical.js and vobject read only the first value of an RDATE line);
- no COMMENT, which libical's restriction check rejects;
- an opening observance at the start of the span states the offset then in force.

The span is whole years, from the year before the first event to the year after the
last, so the component (and the feed's bytes) stays the same while events are added
within those years. One adjustment: vobject (Radicale) ignores a VTIMEZONE that looks
like UTC from 2000 to 2020 and falls back to pytz, which stops at 2037. A zone whose
span opens on UTC+00:00 after 2000 (Europe/London) therefore starts in 2000, which with
RRULEs costs two observances.

Components are built once per zone and span and reused.
"""

from __future__ import annotations

import calendar
import functools
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

from summitcal.zones import Transition, resolve, transitions

__all__ = ["clear_cache", "span_for", "vtimezone", "vtimezone_bytes"]

_VOBJECT_PROBE = (datetime(2000, 1, 1), datetime(2020, 1, 1))
# UNTIL bounds the last onset inclusively; dateutil (vobject) compares it with the onset's
# wall time instead of its instant, which east of UTC would drop the last onset. A day
# later is still a year before the next one under either reading.
_UNTIL_MARGIN = timedelta(days=1)


def span_for(first: date, last: date) -> tuple[datetime, datetime]:
    """The span, as naive local wall times, a zone must cover for events between two dates."""
    return datetime(first.year - 1, 1, 1), datetime(last.year + 2, 1, 1)


def vtimezone(zone: ZoneInfo, start: datetime, end: datetime) -> Timezone:
    """The VTIMEZONE for ``zone`` between two wall times (naive, read in ``zone``).

    The component is cached: treat it as read-only.
    """
    return _vtimezone(zone, start, end)


@functools.lru_cache(maxsize=1024)
def vtimezone_bytes(zone: ZoneInfo, start: datetime, end: datetime) -> bytes:
    """The VTIMEZONE's lines, as a calendar holds them (made once: see feed.calendar_bytes)."""
    data: bytes = _vtimezone(zone, start, end).to_ical()
    return data


def clear_cache() -> None:
    """Forget the components built so far (for benchmarks of a first render)."""
    _vtimezone.cache_clear()
    vtimezone_bytes.cache_clear()


@functools.lru_cache(maxsize=1024)
def _vtimezone(zone: ZoneInfo, start: datetime, end: datetime) -> Timezone:
    opening = resolve(start, zone, "compatible")
    closing = resolve(end, zone, "compatible")
    changes = transitions(zone, opening, closing)
    if _looks_like_utc_to_vobject(opening, changes) and start > _VOBJECT_PROBE[0]:
        opening = resolve(_VOBJECT_PROBE[0], zone, "compatible")
        changes = transitions(zone, opening, closing)
    component = Timezone()
    component.add("tzid", zone.key)
    offset = opening.utcoffset() or timedelta(0)
    observances = [
        _observance(
            wall=opening.replace(tzinfo=None),
            offset_from=offset,
            offset_to=offset,
            dst=bool(opening.dst()),
            name=opening.tzname() or "",
        )
    ]
    for run in _runs(changes):
        first = run.changes[0]
        observance = _observance(
            wall=first.wall_before,
            offset_from=first.offset_before,
            offset_to=first.offset_after,
            dst=first.dst_after,
            name=first.name_after,
        )
        if len(run.changes) > 1:
            observance.add(
                "rrule",
                {
                    "FREQ": "YEARLY",
                    "BYMONTH": first.wall_before.month,
                    "BYDAY": f"{run.week}{_WEEKDAYS[first.wall_before.weekday()]}",
                    "UNTIL": run.changes[-1].instant.astimezone(UTC) + _UNTIL_MARGIN,
                },
            )
        observances.append(observance)
    for observance in observances:
        component.add_component(observance)
    return component


def _looks_like_utc_to_vobject(opening: datetime, changes: list[Transition]) -> bool:
    """Whether dateutil would see UTC+00:00 and no change from 2000 to 2020 in the component."""
    if opening.utcoffset() or not changes:
        return False
    probe_start, probe_end = (moment.replace(tzinfo=UTC) for moment in _VOBJECT_PROBE)
    return not any(probe_start <= change.instant < probe_end for change in changes)


@dataclass(frozen=True, slots=True)
class _Run:
    """Changes in consecutive years that one yearly RRULE describes."""

    changes: tuple[Transition, ...]
    week: int  # BYDAY's ordinal: 1 to 5, or -1 for the last such weekday of the month


def _runs(changes: list[Transition]) -> list[_Run]:
    """Group the changes into yearly runs; a change that fits no run stands alone."""
    runs: list[_Run] = []
    open_runs: dict[tuple[object, ...], tuple[list[Transition], set[int]]] = {}
    for change in changes:
        kind = _kind(change)
        weeks = _weeks(change.wall_before)
        current = open_runs.get(kind)
        if current is not None:
            members, possible = current
            consecutive = change.wall_before.year == members[-1].wall_before.year + 1
            if consecutive and possible & weeks:
                members.append(change)
                open_runs[kind] = (members, possible & weeks)
                continue
            runs.append(_close(members, possible))
        open_runs[kind] = ([change], weeks)
    runs.extend(_close(members, possible) for members, possible in open_runs.values())
    return sorted(runs, key=lambda run: run.changes[0].instant)


def _kind(change: Transition) -> tuple[object, ...]:
    wall = change.wall_before
    return (
        change.offset_before,
        change.offset_after,
        change.dst_after,
        change.name_after,
        wall.month,
        wall.weekday(),
        wall.time(),
    )


def _weeks(wall: datetime) -> set[int]:
    """The BYDAY ordinals that name this date: its week of the month, and -1 if last."""
    weeks = {(wall.day - 1) // 7 + 1}
    if wall.day + 7 > calendar.monthrange(wall.year, wall.month)[1]:
        weeks.add(-1)
    return weeks


def _close(members: list[Transition], possible: set[int]) -> _Run:
    return _Run(tuple(members), -1 if -1 in possible else min(possible))


_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def _observance(
    *, wall: datetime, offset_from: timedelta, offset_to: timedelta, dst: bool, name: str
) -> TimezoneStandard | TimezoneDaylight:
    observance = TimezoneDaylight() if dst else TimezoneStandard()
    observance.add("dtstart", wall)
    observance.add("tzoffsetfrom", offset_from)
    observance.add("tzoffsetto", offset_to)
    if name:
        observance.add("tzname", name)
    return observance
