"""Times as people read them: dual-zone lines, the press house style, zone labels.

English only, with fixed month and day names, so output never depends on the locale of
the machine that renders it. Zone names come from the CLDR through Babel.

>>> from summitcal.zones import find_zone, resolve
>>> start = resolve(datetime(2024, 11, 17, 10, 50), find_zone("America/Lima"))
>>> compact(start, find_zone("Asia/Tokyo"))
'Sun 17 Nov 10:50 Lima → Mon 18 Nov 00:50 Tokyo (+1 day)'
>>> house_style(start, find_zone("Asia/Tokyo"))
'10:50 a.m. (local time; 0:50 a.m. on November 18, Japan Standard Time)'
"""

from __future__ import annotations

import functools
from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import get_timezone_location, get_timezone_name

from summitcal.zones import day_shift, format_offset

__all__ = [
    "city",
    "clock",
    "compact",
    "day_label",
    "day_month",
    "house_clock",
    "house_style",
    "long_date",
    "offset_label",
    "shift_label",
    "short_date",
    "zone_name",
]

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_LONG_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@functools.cache
def city(zone: ZoneInfo) -> str:
    """The city people know a zone by: ``Asia/Tokyo`` → ``Tokyo``; ``Etc/UTC`` → ``UTC``."""
    key = zone.key
    if key.startswith("Etc/") or "/" not in key:
        return key.removeprefix("Etc/")
    return str(get_timezone_location(zone, locale="en", return_city=True))


def zone_name(moment: datetime) -> str:
    """The CLDR long name of the zone at that moment: "Japan Standard Time"."""
    return str(get_timezone_name(moment, "long", locale="en"))


def clock(moment: datetime) -> str:
    """24-hour wall clock: ``00:50``."""
    return f"{moment:%H:%M}"


def house_clock(moment: datetime) -> str:
    """12-hour clock as the seed writes it: ``0:50 a.m.`` after midnight, ``12:45 p.m.``."""
    half = "a.m." if moment.hour < 12 else "p.m."
    hour = moment.hour if moment.hour <= 12 else moment.hour - 12
    return f"{hour}:{moment.minute:02d} {half}"


def short_date(moment: datetime) -> str:
    """``Sun 17 Nov``."""
    return f"{_DAYS[moment.weekday()]} {moment.day} {_MONTHS[moment.month - 1][:3]}"


def long_date(moment: datetime) -> str:
    """``Sunday 17 November 2024``."""
    return f"{_LONG_DAYS[moment.weekday()]} {moment.day} {_MONTHS[moment.month - 1]} {moment.year}"


def day_month(moment: datetime) -> str:
    """``18 November``."""
    return f"{moment.day} {_MONTHS[moment.month - 1]}"


def day_label(moment: datetime) -> str:
    """``Sun 17 Nov 2024``, the heading of a day in a table."""
    return f"{short_date(moment)} {moment.year}"


def shift_label(days: int) -> str:
    """``+1 day``, ``-1 day``, ``+2 days``; empty for the same date."""
    if not days:
        return ""
    return f"{days:+d} day" + ("s" if abs(days) != 1 else "")


def compact(moment: datetime, target: ZoneInfo) -> str:
    """One line with both clocks and the date change, if any."""
    there = moment.astimezone(target)
    text = (
        f"{short_date(moment)} {clock(moment)} {city(_zone(moment))} → "
        f"{short_date(there)} {clock(there)} {city(target)}"
    )
    shift = shift_label(day_shift(moment, there))
    return f"{text} ({shift})" if shift else text


def house_style(moment: datetime, home: ZoneInfo) -> str:
    """The seed's style: local time, then the home time and its date when it differs."""
    there = moment.astimezone(home)
    on_date = f" on {_MONTHS[there.month - 1]} {there.day}" if day_shift(moment, there) else ""
    return f"{house_clock(moment)} (local time; {house_clock(there)}{on_date}, {zone_name(there)})"


def offset_label(moment: datetime) -> str:
    """``UTC+09:00`` for the moment's offset."""
    return format_offset(moment.utcoffset())


def _zone(moment: datetime) -> ZoneInfo:
    if not isinstance(moment.tzinfo, ZoneInfo):
        raise TypeError("expected a datetime in a zoneinfo.ZoneInfo zone")
    return moment.tzinfo
