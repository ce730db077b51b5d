"""The press house style in each language: an event's time as its press office writes it.

English follows the seed, the Ministry of Foreign Affairs of Japan's English summaries;
Japanese the Ministry's own Japanese pages; Spanish the agendas of Peru's Presidency and
its state media (``docs/i18n.md`` quotes them and gives the rules). The words and the
CLDR date and time patterns of each language are messages of its catalog, so a
translator reorders them; month, weekday and day-period names and zone names come from
the CLDR through Babel.

>>> from summitcal.zones import find_zone, resolve
>>> start = resolve(datetime(2024, 11, 17, 10, 50), find_zone("America/Lima"))
>>> tokyo = find_zone("Asia/Tokyo")
>>> format_dual(start, tokyo)
'10:50 a.m. (local time; 0:50 a.m. on November 18, Japan Standard Time)'
>>> format_dual(start, tokyo, locale="ja")
'現地時間11月17日午前10時50分（日本時間18日午前0時50分）'
>>> format_dual(start, tokyo, locale="es")
'10:50 horas del domingo 17 de noviembre (hora local; 0:50 horas del lunes 18 de noviembre, hora de Japón)'
"""

from __future__ import annotations

import gettext
from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time, get_timezone_name
from babel.numbers import format_decimal

from summitcal.display import cldr_locale
from summitcal.languages import CATALOGS, SOURCE, base, words
from summitcal.model import Certainty, Event

__all__ = ["event_line", "format_dual", "house_clock"]


def house_clock(moment: datetime) -> str:
    """The English 12-hour clock of the seed: ``0:50 a.m.`` after midnight, ``12:45 p.m.``.

    Not CLDR's ``h:mm a`` (``12:50 AM`` after midnight) nor ``K:mm a`` (``0:45 PM``
    after noon): no CLDR pattern writes it, so English keeps this function.
    """
    half = "a.m." if moment.hour < 12 else "p.m."
    hour = moment.hour if moment.hour <= 12 else moment.hour - 12
    return f"{hour}:{moment.minute:02d} {half}"


def format_dual(
    moment: datetime, home: ZoneInfo, locale: str = SOURCE, *, approximate: bool = False
) -> str:
    """The local clock with its date, then the home clock in brackets with its date
    when it differs and its zone's name. ``approximate``: the time was given as "about".

    When the home zone is the moment's own, only the local clock (the Ministry writes
    no clock name in Tokyo). A language with no catalog of ours gets the English style.
    """
    locale = _styled(locale)
    words_ = words(locale)
    local = _clock(moment, locale, approximate)
    local = words_.pgettext("house style: the local clock; {date} is its date", "{time}").format(
        time=local, date=_date(moment.date(), locale, "local")
    )
    if _zone(moment).key == home.key:
        return local
    there = moment.astimezone(home)
    zone = _zone_name(there, locale)
    time = _clock(there, locale, approximate)
    if there.date() == moment.date():
        home_text = words_.pgettext(
            "house style: the home clock on the local date", "{time}, {zone}"
        ).format(time=time, zone=zone)
    else:
        if there.year != moment.year:
            which = "other year"
        elif there.month != moment.month:
            which = "other month"
        else:
            which = "same month"
        home_text = words_.pgettext(
            "house style: the home clock on another date", "{time} on {date}, {zone}"
        ).format(time=time, date=_date(there.date(), locale, which), zone=zone)
    return words_.pgettext("house style: both clocks", "{local} (local time; {home})").format(
        local=local, home=home_text
    )


def event_line(event: Event, home: ZoneInfo, locale: str = SOURCE) -> str:
    """The event in one sentence of the house style: when, for how long, what, and
    which times were not announced (so are this calendar's estimates).

    The title is the event's as given: pass an event in ``locale``'s text.
    """
    locale = _styled(locale)
    words_ = words(locale)
    title = _noted_title(event, words_)
    if event.whole_days:
        first = _date(event.start.date(), locale, "local")
        if event.last_day == event.start.date():
            return words_.pgettext("house style: one whole day", "{first}: {title}").format(
                first=first, title=title
            )
        last = _date(event.last_day, locale, "local")
        return words_.pgettext(
            "house style: whole days, the first and the last", "{first} to {last}: {title}"
        ).format(first=first, last=last, title=title)
    when = format_dual(
        event.start, home, locale, approximate=event.start_certainty is Certainty.APPROXIMATE
    )
    minutes = round(event.duration.total_seconds() / 60)
    if not minutes:
        return words_.pgettext("house style: an event without duration", "{when}: {title}").format(
            when=when, title=title
        )
    number = format_decimal(minutes, locale=cldr_locale(locale))
    if event.end_certainty is Certainty.APPROXIMATE:
        length = words_.npgettext(
            "house style: an approximate duration", "about {n} minute", "about {n} minutes", minutes
        )
    else:
        length = words_.ngettext("{n} minute", "{n} minutes", minutes)
    return words_.pgettext(
        "house style: an event with its duration", "{when}, for {length}: {title}"
    ).format(when=when, length=length.format(n=number), title=title)


def _noted_title(event: Event, words_: gettext.NullTranslations) -> str:
    start = event.start_certainty is Certainty.NOT_ANNOUNCED
    end = event.end_certainty is Certainty.NOT_ANNOUNCED and not event.whole_days
    if start and end:
        note = words_.pgettext(
            "house style: a title whose start and duration were not announced",
            "{title} (start and duration not announced; this calendar's estimate)",
        )
    elif start:
        note = words_.pgettext(
            "house style: a title whose start was not announced",
            "{title} (start not announced; this calendar's estimate)",
        )
    elif end:
        note = words_.pgettext(
            "house style: a title whose duration was not announced",
            "{title} (duration not announced; this calendar's estimate)",
        )
    else:
        return event.title
    return note.format(title=event.title)


def _clock(moment: datetime, locale: str, approximate: bool) -> str:
    words_ = words(locale)
    if base(locale) == SOURCE:
        text = house_clock(moment)
    elif moment.minute:
        pattern = words_.pgettext("house style: the CLDR pattern of a time", "h:mm a")
        text = format_time(moment, pattern, locale=cldr_locale(locale))
    else:
        pattern = words_.pgettext("house style: the CLDR pattern of a time on the hour", "h:mm a")
        text = format_time(moment, pattern, locale=cldr_locale(locale))
    if approximate:
        return words_.pgettext("house style: an approximate time", "about {time}").format(time=text)
    return text


def _date(day: date, locale: str, which: str) -> str:
    """The date in the house style's pattern for ``which`` date it is: the local date,
    or the home date when it is on another day of the same month, another month, or
    another year."""
    words_ = words(locale)
    if which == "local":
        pattern = words_.pgettext("house style: the CLDR pattern of the local date", "MMMM d")
    elif which == "same month":
        pattern = words_.pgettext(
            "house style: the CLDR pattern of the home date, another day of the month", "MMMM d"
        )
    elif which == "other month":
        pattern = words_.pgettext(
            "house style: the CLDR pattern of the home date, another month", "MMMM d"
        )
    else:
        pattern = words_.pgettext(
            "house style: the CLDR pattern of the home date, another year", "MMMM d, y"
        )
    return format_date(day, pattern, locale=cldr_locale(locale))


def _zone_name(moment: datetime, locale: str) -> str:
    """The CLDR's long name of the zone: the specific one in English, as the seed
    writes it ("Japan Standard Time"), the generic one elsewhere, as the Ministry's
    「日本時間」 and Peru's «hora de Japón» are."""
    if base(locale) == SOURCE:
        return str(get_timezone_name(moment, "long", locale=cldr_locale(locale)))
    return str(
        get_timezone_name(moment, "long", zone_variant="generic", locale=cldr_locale(locale))
    )


def _zone(moment: datetime) -> ZoneInfo:
    if not isinstance(moment.tzinfo, ZoneInfo):
        raise TypeError("expected a datetime in a zoneinfo.ZoneInfo zone")
    return moment.tzinfo


def _styled(locale: str) -> str:
    """The language whose house style is written: ``locale`` if it has one (a catalog
    of ours), English otherwise (a line half in French dates, half in English words
    would serve no reader)."""
    return locale if base(locale) in CATALOGS else SOURCE
