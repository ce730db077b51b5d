"""What the views call an event's clocks and its whole days.

A clock is named by the place the schedule file named for it ("Rio de Janeiro", for
America/Sao_Paulo), else by the zone's city from the CLDR ("Lima"), so a reader in Rio
is never told the time "in São Paulo".
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from summitcal import zone_names
from summitcal.display import city, day_label, short_date
from summitcal.languages import gettext as _
from summitcal.model import Event, Schedule

__all__ = ["end_place", "own_place", "place_of", "whole_days_text", "written_place"]


def written_place(written: str, zone: ZoneInfo) -> str:
    """The place ``written`` names for ``zone`` when only the gazetteer knows it as a
    city ("Rio de Janeiro" for America/Sao_Paulo), as the gazetteer writes it; else
    empty: the zone's own names (IANA, abbreviations, CLDR cities such as "Lima") are
    shown as the zone's city.

    >>> from summitcal.tzdb import load
    >>> written_place("rio de janeiro", load("America/Sao_Paulo"))
    'Rio de Janeiro'
    >>> written_place("BRT", load("America/Sao_Paulo")), written_place("Lima", load("America/Lima"))
    ('', '')
    >>> written_place("Biarritz, France", load("Europe/Paris"))
    'Biarritz'

    """
    from summitcal.gazetteer import cities_named, country_named  # loaded on first use

    if zone_names.lookup(written) is not None:
        return ""
    town, comma, country_text = written.rpartition(",")  # "Biarritz, France"
    name = town if comma else written
    country = country_named(country_text) if comma else None
    found = [
        place
        for place in cities_named(name)
        if zone_names.canonical(place.zone) == zone.key
        and (country is None or place.country == country.code)
    ]
    # The city of that name, else one it is another name of ("Rio" of Rio de Janeiro).
    exact = [place for place in found if zone_names.fold(place.name) == zone_names.fold(name)]
    chosen = (exact or found)[:1]
    if not chosen or chosen[0].name == city(zone, "en"):
        return ""
    return chosen[0].name


def place_of(schedule: Schedule, zone: ZoneInfo) -> str:
    """The name of a clock in ``schedule``'s views: the place its file named the
    schedule's or the home zone by, else the zone's city."""
    if zone.key == schedule.zone.key and schedule.zone_name:
        return schedule.zone_name
    if zone.key == schedule.home_zone.key and schedule.home_zone_name:
        return schedule.home_zone_name
    return city(zone)


def own_place(event: Event) -> str:
    """The name of the clock the event's start is given in."""
    return event.zone_name or city(event.zone)


def end_place(event: Event) -> str:
    """The name of the clock the event's end is given in."""
    if event.end_zone.key == event.zone.key:
        return own_place(event)
    return event.end_zone_name or city(event.end_zone)


def whole_days_text(event: Event) -> str:
    """``whole day`` for one day, ``Thu 14 Nov – Sat 16 Nov`` for several (with the
    years when they differ)."""
    if event.last_day == event.start.date():
        return _("whole day")
    first, last = event.start.date(), event.last_day
    if first.year != last.year:
        return f"{day_label(first)} – {day_label(last)}"
    return f"{short_date(first)} – {short_date(last)}"
