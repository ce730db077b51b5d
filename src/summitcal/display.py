"""Times as people read them: dual-zone lines, the press house style, zone labels.

Month and weekday names, and zone names, come from the CLDR through Babel, so output
never depends on the locale of the machine that renders it. Each date format is a CLDR
skeleton (what it shows) that the locale orders and punctuates; English keeps the house
style of our schedules instead ("Sun 17 Nov", "17 November"), written as explicit CLDR
patterns, where CLDR's "en" would write "Sun, Nov 17". Dates, cities and the words
around them ("+1 day") are in the language being written (:mod:`summitcal.languages`)
unless a ``locale`` is given. The press house style in each language is
:mod:`summitcal.house_style`.

>>> from summitcal.zones import find_zone, resolve
>>> start = resolve(datetime(2024, 11, 17, 10, 50), find_zone("America/Lima"))
>>> compact(start, find_zone("Asia/Tokyo"))
'Sun 17 Nov 10:50 Lima → Mon 18 Nov 00:50 Tokyo (+1 day)'
>>> short_date(start, locale="ja")
'11月17日(日)'
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_skeleton, get_timezone_location

from summitcal.languages import base, current, ngettext
from summitcal.zones import day_shift, format_offset

__all__ = [
    "city",
    "cldr_locale",
    "clock",
    "compact",
    "day_label",
    "day_month",
    "long_date",
    "offset_label",
    "other_day",
    "shift_label",
    "short_date",
]


@dataclass(frozen=True, slots=True)
class _DateFormat:
    skeleton: str  # the CLDR skeleton: the fields shown, for any locale to arrange
    english: str  # the CLDR pattern of the house style, for English


_SHORT = _DateFormat("MMMEd", "EEE d MMM")  # Sun 17 Nov
_LABEL = _DateFormat("yMMMEd", "EEE d MMM y")  # Sun 17 Nov 2024
_LONG = _DateFormat("yMMMMEEEEd", "EEEE d MMMM y")  # Sunday 17 November 2024
_DAY_MONTH = _DateFormat("MMMMd", "d MMMM")  # 17 November


def city(zone: ZoneInfo, locale: str | None = None) -> str:
    """The city people know a zone by: ``Asia/Tokyo`` → ``Tokyo`` (in ``locale``, by
    default the language being written: 「東京」); ``Etc/UTC`` → ``UTC``."""
    return _city(zone, locale or current())


@functools.cache
def _city(zone: ZoneInfo, locale: str) -> str:
    key = zone.key
    if key.startswith("Etc/") or "/" not in key:
        return key.removeprefix("Etc/")
    return str(get_timezone_location(zone, locale=cldr_locale(locale), return_city=True))


def clock(moment: datetime) -> str:
    """24-hour wall clock: ``00:50``."""
    return f"{moment:%H:%M}"


def short_date(moment: date, locale: str | None = None) -> str:
    """``Sun 17 Nov``."""
    return _format(moment, _SHORT, locale)


def other_day(moment: date, since: date, locale: str | None = None) -> str:
    """The date of an end on another day than ``since``: ``Mon 18 Nov``, with the year
    when it differs (``Wed 1 Jan 2025``), so a long event's end is never misread.

    >>> other_day(date(2025, 1, 1), date(2024, 12, 31))
    'Wed 1 Jan 2025'
    """
    if moment.year != since.year:
        return day_label(moment, locale)
    return short_date(moment, locale)


def long_date(moment: date, locale: str | None = None) -> str:
    """``Sunday 17 November 2024``."""
    return _format(moment, _LONG, locale)


def day_month(moment: date, locale: str | None = None) -> str:
    """``18 November``."""
    return _format(moment, _DAY_MONTH, locale)


def day_label(moment: date, locale: str | None = None) -> str:
    """``Sun 17 Nov 2024``, the heading of a day in a table."""
    return _format(moment, _LABEL, locale)


def shift_label(days: int) -> str:
    """``+1 day``, ``-1 day``, ``+2 days``; empty for the same date."""
    if not days:
        return ""
    return ngettext("{days} day", "{days} days", abs(days)).format(days=f"{days:+d}")


def compact(moment: datetime, target: ZoneInfo) -> str:
    """One line with both clocks and the date change, if any."""
    there = moment.astimezone(target)
    text = (
        f"{short_date(moment)} {clock(moment)} {city(_zone(moment))} → "
        f"{short_date(there)} {clock(there)} {city(target)}"
    )
    shift = shift_label(day_shift(moment, there))
    return f"{text} ({shift})" if shift else text


def offset_label(moment: datetime) -> str:
    """``UTC+09:00`` for the moment's offset."""
    return format_offset(moment.utcoffset())


def _zone(moment: datetime) -> ZoneInfo:
    if not isinstance(moment.tzinfo, ZoneInfo):
        raise TypeError("expected a datetime in a zoneinfo.ZoneInfo zone")
    return moment.tzinfo


def _format(moment: date, form: _DateFormat, locale: str | None) -> str:
    """The wall date of ``moment`` (in its own zone) in ``form`` for ``locale`` (by
    default the language being written)."""
    parsed = cldr_locale(locale or current())
    day = moment.date() if isinstance(moment, datetime) else moment
    if parsed.language == "en":
        return format_date(day, form.english, locale=parsed)
    return format_skeleton(form.skeleton, day, locale=parsed)


@functools.cache
def cldr_locale(identifier: str) -> Locale:
    """The CLDR locale of a tag, parsed once (given a string, Babel parses it on every
    call: a third of the time). A region's tag is read as its language (``es-PE`` as
    ``es``, never ``es_PE``, whose data writes Peru's clocks with a.m. and calls Japan's
    time its summer time)."""
    return Locale.parse(base(identifier))
