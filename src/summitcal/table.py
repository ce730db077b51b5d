"""A schedule as a plain-text table: one column of times per zone, grouped by date in each.

A date row is printed whenever the date changes in any column, and only in the columns
where it changes, so the line where Tokyo has already moved to the next day stands out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from summitcal.describe import marked_clock
from summitcal.display import city, day_label, offset_label, shift_label, short_date
from summitcal.model import Certainty, Event, Schedule, Status
from summitcal.zones import day_shift

__all__ = ["render_table"]

_GAP = "   "


@dataclass(frozen=True, slots=True)
class _Column:
    zone: ZoneInfo
    role: str  # "local", "home" or ""


def render_table(schedule: Schedule, extra_zones: tuple[ZoneInfo, ...] = ()) -> str:
    """The schedule as text, in its local zone, its home zone and any extra zones."""
    columns = [_Column(schedule.zone, "local")]
    for zone, role in [(schedule.home_zone, "home"), *((z, "") for z in extra_zones)]:
        if all(column.zone.key != zone.key for column in columns):
            columns.append(_Column(zone, role))
    rows: list[list[str]] = [[city(column.zone) for column in columns] + ["Event"]]
    dates: list[object] = [None] * len(columns)
    for event in schedule.events:
        starts = [event.start.astimezone(column.zone) for column in columns]
        if any(start.date() != seen for start, seen in zip(starts, dates, strict=True)):
            rows.append(
                [
                    _date_cell(start, starts[0]) if start.date() != seen else ""
                    for start, seen in zip(starts, dates, strict=True)
                ]
                + [""]
            )
            dates = [start.date() for start in starts]
        rows.append([_times(event, column.zone) for column in columns] + [_title(event)])
    widths = [max(len(row[i]) for row in rows) for i in range(len(columns))]
    lines = [schedule.title, _zones_line(schedule, columns), ""]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        lines.append(_GAP.join([*cells, row[-1]]).rstrip())
    if not schedule.events:
        lines.append("(no events)")
    legend = _legend(schedule.events)
    if legend:
        lines.extend(["", legend])
    return "\n".join(lines) + "\n"


def _zones_line(schedule: Schedule, columns: list[_Column]) -> str:
    parts = []
    for column in columns:
        offsets = sorted(
            {offset_label(event.start.astimezone(column.zone)) for event in schedule.events}
        )
        about = ", ".join(part for part in [column.role, " / ".join(offsets)] if part)
        parts.append(f"{city(column.zone)} is {column.zone.key} ({about})")
    return "Zones: " + "; ".join(parts)


def _date_cell(start: datetime, local: datetime) -> str:
    shift = shift_label(day_shift(local, start))
    return f"{day_label(start)} ({shift})" if shift else day_label(start)


def _times(event: Event, zone: ZoneInfo) -> str:
    start = event.start.astimezone(zone)
    end = event.end.astimezone(zone)
    end_text = marked_clock(end, event.end_certainty)
    if end.date() != start.date():
        end_text = f"{short_date(end)} {end_text}"
    return f"{marked_clock(start, event.start_certainty)}–{end_text}"


def _title(event: Event) -> str:
    if event.status is Status.CONFIRMED:
        return event.title
    return f"{event.title} [{event.status.value}]"


def _legend(events: tuple[Event, ...]) -> str:
    used = {event.start_certainty for event in events} | {event.end_certainty for event in events}
    parts = []
    if Certainty.APPROXIMATE in used:
        parts.append("~ approximate")
    if Certainty.NOT_ANNOUNCED in used:
        parts.append("( ) not announced: the schedule's estimate")
    return "   ".join(parts)
