"""A schedule as a plain-text table: the day view (:mod:`summitcal.days`) as text.

A date row is printed whenever the date changes in any column, and only in the columns
where it changes, so the line where Tokyo has already moved to the next day stands out.
A trip's local column is each event's own clock, and its date rows name the place.
"""

from __future__ import annotations

from collections.abc import Mapping
from zoneinfo import ZoneInfo

from summitcal.days import Column, DayCell, DayRow, DayView, day_view
from summitcal.display import shift_label
from summitcal.model import Certainty, Event, Schedule, Status

__all__ = ["column_name", "legend_marks", "render_table"]

_GAP = "   "


def render_table(
    schedule: Schedule,
    extra_zones: tuple[ZoneInfo, ...] = (),
    names: Mapping[str, str] | None = None,
) -> str:
    """The schedule as text, in its local zone, its home zone and any extra zones
    (named by ``names``, zone key → place, where given)."""
    view = day_view(schedule, extra_zones=extra_zones, names=names)
    rows: list[list[str]] = [[column_name(column) for column in view.columns] + ["Event"]]
    for shown in view.rows:
        if isinstance(shown, DayRow):
            rows.append([_date_cell(cell) for cell in shown.cells] + [""])
        else:
            rows.append([cell.text for cell in shown.cells] + [_title(shown.event)])
    widths = [max(len(row[i]) for row in rows) for i in range(len(view.columns))]
    lines = [schedule.title, _zones_line(view), ""]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        lines.append(_GAP.join([*cells, row[-1]]).rstrip())
    if not schedule.events:
        lines.append("(no events)")
    legend = _legend(view)
    if legend:
        lines.extend(["", legend])
    return "\n".join(lines) + "\n"


def column_name(column: Column) -> str:
    """A column's heading: its clock's place, or "Local time" for each event's own."""
    return "Local time" if column.own else column.name


def _zones_line(view: DayView) -> str:
    """``Zones: Lima is America/Lima (local, UTC-05:00); Tokyo is …``; a trip's own
    clocks first: ``Zones: local time is each event's own: Lima (America/Lima,
    UTC-05:00), …; home: Tokyo (Asia/Tokyo, UTC+09:00)``."""
    parts = []
    if view.trip:
        named = [f"{p.name} ({p.zone.key}, {' / '.join(p.offsets)})" for p in view.places]
        parts.append("local time is each event's own: " + ", ".join(named))
    for column in view.columns:
        if column.own:
            continue
        offsets = " / ".join(column.offsets)
        if view.trip:
            about = f"{column.role}: " if column.role else ""
            parts.append(f"{about}{column.name} ({column.zone.key}, {offsets})")
        else:
            about = ", ".join(part for part in [column.role, offsets] if part)
            parts.append(f"{column.name} is {column.zone.key} ({about})")
    return "Zones: " + "; ".join(parts)


def _date_cell(cell: DayCell) -> str:
    if not cell.label:
        return ""
    text = f"{cell.label} · {cell.place}" if cell.place else cell.label
    return f"{text} ({shift_label(cell.shift)})" if cell.shift else text


def _title(event: Event) -> str:
    if event.status is Status.CONFIRMED:
        return event.title
    return f"{event.title} [{event.status.value}]"


def legend_marks(view: DayView) -> list[str]:
    """What each certainty mark the view uses means: ``~ approximate``, …"""
    parts = []
    if Certainty.APPROXIMATE in view.certainties:
        parts.append("~ approximate")
    if Certainty.NOT_ANNOUNCED in view.certainties:
        parts.append("( ) not announced: the schedule's estimate")
    return parts


def _legend(view: DayView) -> str:
    return "   ".join(legend_marks(view))
