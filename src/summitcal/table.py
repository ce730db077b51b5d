"""A schedule as a plain-text table: the day view (:mod:`summitcal.days`) as text.

A date row is printed whenever the date changes in any column, and only in the columns
where it changes, so the line where Tokyo has already moved to the next day stands out.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from summitcal.days import DayRow, DayView, day_view
from summitcal.display import city, shift_label
from summitcal.model import Certainty, Event, Schedule, Status

__all__ = ["render_table"]

_GAP = "   "


def render_table(schedule: Schedule, extra_zones: tuple[ZoneInfo, ...] = ()) -> str:
    """The schedule as text, in its local zone, its home zone and any extra zones."""
    view = day_view(schedule, extra_zones=extra_zones)
    rows: list[list[str]] = [[city(column.zone) for column in view.columns] + ["Event"]]
    for shown in view.rows:
        if isinstance(shown, DayRow):
            rows.append([_date_cell(cell.label, cell.shift) for cell in shown.cells] + [""])
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


def _zones_line(view: DayView) -> str:
    parts = []
    for column in view.columns:
        about = ", ".join(part for part in [column.role, " / ".join(column.offsets)] if part)
        parts.append(f"{city(column.zone)} is {column.zone.key} ({about})")
    return "Zones: " + "; ".join(parts)


def _date_cell(label: str, shift: int) -> str:
    if not label:
        return ""
    return f"{label} ({shift_label(shift)})" if shift else label


def _title(event: Event) -> str:
    if event.status is Status.CONFIRMED:
        return event.title
    return f"{event.title} [{event.status.value}]"


def _legend(view: DayView) -> str:
    parts = []
    if Certainty.APPROXIMATE in view.certainties:
        parts.append("~ approximate")
    if Certainty.NOT_ANNOUNCED in view.certainties:
        parts.append("( ) not announced: the schedule's estimate")
    return "   ".join(parts)
