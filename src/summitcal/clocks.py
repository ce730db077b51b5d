"""What the views call an event's clocks and its whole days.

A clock is named by the place the schedule file named for it ("Rio de Janeiro", for
America/Sao_Paulo), else by the zone's city from the CLDR ("Lima"), so a reader in Rio
is never told the time "in São Paulo".
"""

from __future__ import annotations

from summitcal.display import city, short_date
from summitcal.model import Event

__all__ = ["end_place", "own_place", "whole_days_text"]


def own_place(event: Event) -> str:
    """The name of the clock the event's start is given in."""
    return event.zone_name or city(event.zone)


def end_place(event: Event) -> str:
    """The name of the clock the event's end is given in."""
    if event.end_zone.key == event.zone.key:
        return own_place(event)
    return event.end_zone_name or city(event.end_zone)


def whole_days_text(event: Event) -> str:
    """``whole day`` for one day, ``Thu 14 – Sat 16 Nov`` for several."""
    if event.last_day == event.start.date():
        return "whole day"
    return f"{short_date(event.start)} – {short_date(event.last_day)}"
