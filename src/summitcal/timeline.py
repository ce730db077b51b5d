"""A picture of the day: one time line with the local clock above and the home clock
below, so the point where the home date changes can be seen, not read.

Pure: a schedule in, an SVG string out (accessible: a title, a description, and the
event titles as text). Times are placed by instant, so a DST change or a date line
needs no special case.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from html import escape
from zoneinfo import ZoneInfo

from summitcal.display import city, short_date
from summitcal.model import Certainty, Event, Schedule

__all__ = ["timeline_svg"]

WIDTH, LEFT, RIGHT = 900, 90, 20
TOP_AXIS, BAR_TOP, BAR_HEIGHT, BOTTOM_AXIS = 40, 60, 22, 60


def timeline_svg(schedule: Schedule, events: tuple[Event, ...] | None = None) -> str:
    """The events between the hours around them, local clock above, home clock below."""
    chosen = schedule.events if events is None else events
    if not chosen:
        return ""
    start = _floor_hour(min(e.start for e in chosen).astimezone(UTC))
    end = _ceil_hour(max(e.end for e in chosen).astimezone(UTC))
    span = (end - start).total_seconds() or 3600.0
    rows = len(chosen)
    bottom = BAR_TOP + rows * (BAR_HEIGHT + 6) + 10
    height = bottom + BOTTOM_AXIS

    def x(moment: datetime) -> float:
        offset = (moment.astimezone(UTC) - start).total_seconds() / span
        return round(LEFT + offset * (WIDTH - LEFT - RIGHT), 1)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-labelledby="timeline-title timeline-desc" class="timeline">',
        f'<title id="timeline-title">The day on {escape(city(schedule.zone))} and '
        f"{escape(city(schedule.home_zone))} clocks</title>",
        f'<desc id="timeline-desc">{escape(_describe(schedule, chosen))}</desc>',
    ]
    parts += _axis(schedule.zone, start, end, x, y=TOP_AXIS, above=True)
    parts += _axis(schedule.home_zone, start, end, x, y=bottom, above=False)
    for row, event in enumerate(chosen):
        top = BAR_TOP + row * (BAR_HEIGHT + 6)
        left, right = x(event.start), x(event.end)
        dashed = (
            ' stroke-dasharray="4 3"'
            if Certainty.NOT_ANNOUNCED in (event.start_certainty, event.end_certainty)
            else ""
        )
        parts.append(
            f'<rect x="{left}" y="{top}" width="{max(right - left, 2)}" height="{BAR_HEIGHT}" '
            f'rx="3" fill="#cfe3f7" stroke="#2b6cb0"{dashed}/>'
        )
        parts.append(
            f'<text x="{left + 4}" y="{top + 15}" font-size="12">{escape(event.title)}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts)


def _axis(
    zone: ZoneInfo,
    start: datetime,
    end: datetime,
    x: Callable[[datetime], float],
    *,
    y: int,
    above: bool,
) -> list[str]:
    label_y = y - 8 if above else y + 16
    parts = [
        f'<line x1="{LEFT}" y1="{y}" x2="{WIDTH - RIGHT}" y2="{y}" stroke="#444"/>',
        f'<text x="4" y="{label_y}" font-size="12" font-weight="bold">{escape(city(zone))}</text>',
    ]
    hours = (end - start).total_seconds() / 3600
    step = timedelta(hours=max(1, math.ceil(hours / 12)))
    moment = start
    while moment <= end:
        local = moment.astimezone(zone)
        position = x(moment)
        midnight = local.hour == 0 and local.minute == 0
        tick = f"{local:%H:%M}" + (f" {short_date(local)}" if midnight or moment == start else "")
        colour = "#a33" if midnight else "#444"
        parts.append(
            f'<line x1="{position}" y1="{y - 4}" x2="{position}" y2="{y + 4}" stroke="{colour}"/>'
        )
        parts.append(
            f'<text x="{position}" y="{label_y}" font-size="11" text-anchor="middle" '
            f'fill="{colour}">{escape(tick)}</text>'
        )
        moment += step
    return parts


def _describe(schedule: Schedule, events: tuple[Event, ...]) -> str:
    first = events[0].start
    home = first.astimezone(schedule.home_zone)
    return (
        f"{len(events)} events from {first:%H:%M} {city(schedule.zone)} time on "
        f"{short_date(first)}, which is {home:%H:%M} on {short_date(home)} in "
        f"{city(schedule.home_zone)}."
    )


def _floor_hour(moment: datetime) -> datetime:
    return moment.replace(minute=0, second=0, microsecond=0)


def _ceil_hour(moment: datetime) -> datetime:
    floor = _floor_hour(moment)
    return floor if floor == moment else floor + timedelta(hours=1)
