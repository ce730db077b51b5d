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
from summitcal.languages import gettext as _
from summitcal.languages import pgettext
from summitcal.model import Certainty, Event, Schedule, Status

__all__ = ["column_name", "legend_marks", "render_table", "role_label", "status_label"]

_GAP = "   "


def render_table(
    schedule: Schedule,
    extra_zones: tuple[ZoneInfo, ...] = (),
    names: Mapping[str, str] | None = None,
) -> str:
    """The schedule as text, in its local zone, its home zone and any extra zones
    (named by ``names``, zone key → place, where given)."""
    view = day_view(schedule, extra_zones=extra_zones, names=names)
    rows: list[list[str]] = [[column_name(column) for column in view.columns] + [_("Event")]]
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
        lines.append(_("(no events)"))
    legend = _legend(view)
    if legend:
        lines.extend(["", legend])
    return "\n".join(lines) + "\n"


def column_name(column: Column) -> str:
    """A column's heading: its clock's place, or "Local time" for each event's own."""
    return _("Local time") if column.own else column.name


def _zones_line(view: DayView) -> str:
    """``Zones: Lima is America/Lima (local, UTC-05:00); Tokyo is …``; a trip's own
    clocks first: ``Zones: local time is each event's own: Lima (America/Lima,
    UTC-05:00), …; home: Tokyo (Asia/Tokyo, UTC+09:00)``."""
    parts = []
    if view.trip:
        named = [f"{p.name} ({p.zone.key}, {' / '.join(p.offsets)})" for p in view.places]
        parts.append(_("local time is each event's own: {places}").format(places=", ".join(named)))
    for column in view.columns:
        if column.own:
            continue
        offsets = " / ".join(column.offsets)
        role = role_label(column.role)
        if view.trip:
            about = f"{role}: " if role else ""
            parts.append(f"{about}{column.name} ({column.zone.key}, {offsets})")
        else:
            about = ", ".join(part for part in [role, offsets] if part)
            parts.append(
                _("{place} is {zone} ({about})").format(
                    place=column.name, zone=column.zone.key, about=about
                )
            )
    return _("Zones: {zones}").format(zones="; ".join(parts))


def role_label(role: str) -> str:
    """A column's role as the views say it: ``local``, ``home``; empty for none."""
    if role == "local":
        return pgettext("the role of a clock in a table", "local")
    if role == "home":
        return pgettext("the role of a clock in a table", "home")
    return role


def _date_cell(cell: DayCell) -> str:
    if not cell.label:
        return ""
    text = f"{cell.label} · {cell.place}" if cell.place else cell.label
    return f"{text} ({shift_label(cell.shift)})" if cell.shift else text


def _title(event: Event) -> str:
    if event.status is Status.CONFIRMED:
        return event.title
    return f"{event.title} [{status_label(event.status)}]"


def status_label(status: Status) -> str:
    """``cancelled``, ``tentative``, ``confirmed``, in the language being written."""
    labels = {
        Status.CONFIRMED: pgettext("an event's status", "confirmed"),
        Status.TENTATIVE: pgettext("an event's status", "tentative"),
        Status.CANCELLED: pgettext("an event's status", "cancelled"),
    }
    return labels[status]


def legend_marks(view: DayView) -> list[str]:
    """What each certainty mark the view uses means: ``~ approximate``, …"""
    parts = []
    if Certainty.APPROXIMATE in view.certainties:
        parts.append(_("~ approximate"))
    if Certainty.NOT_ANNOUNCED in view.certainties:
        parts.append(_("( ) not announced: the schedule's estimate"))
    return parts


def _legend(view: DayView) -> str:
    return "   ".join(legend_marks(view))
