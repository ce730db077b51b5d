"""What changed, in words people can use: "moved from 10:50 to 11:05 Lima time (0:50 to
1:05 on 18 November in Tokyo)". Made from the ledger's before and after states when
shown, so old history reads as well as new.

Each event's times are said in its own clock, named as the views name it ("Rio de
Janeiro time"; a flight "16:30 on 17 November Lima time to 23:10 Rio de Janeiro time"),
then in the home clock, and keep their certainty: "about 12:00" for an approximate time,
", end not announced" after a span whose end is the schedule's estimate.

The sentences are messages of the catalogs (whole clauses with named placeholders), so
they follow the language being written (:mod:`summitcal.languages`): Japanese in the
Ministry of Foreign Affairs' concise style, Spanish in Peru's (``docs/i18n.md``, "Change
words"). Dates and city names come from the CLDR; titles and places are the state's own
text in that language where it has one. A language without a catalog of ours is written
in English throughout: a sentence half in English, half in CLDR French helps no one.
"""

from __future__ import annotations

import functools
from datetime import UTC, date, datetime, timedelta
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import get_timezone_name

from summitcal.display import city, day_month
from summitcal.languages import CATALOGS, SOURCE, base, current, pgettext, pick, speaking
from summitcal.model import DETAILS
from summitcal.revisions.records import Change, ChangeKind
from summitcal.revisions.snapshot import read_stamp
from summitcal.tzdb import load

__all__ = ["describe_change"]


def _certainty(value: str) -> str:
    """How sure a time is, as the change words say it."""
    words = {
        "exact": pgettext("change words: how sure a time is", "announced"),
        "approximate": pgettext("change words: how sure a time is", "approximate"),
        "not-announced": pgettext(
            "change words: how sure a time is", "not announced (an estimate)"
        ),
    }
    return words[value]


def _calendar_fields() -> dict[str, str]:
    """The calendar's fields, by their state keys, as the change words name them."""
    return {
        "title": pgettext("change words: a field of the calendar", "title"),
        "zone": pgettext("change words: a field of the calendar", "local zone"),
        "home_zone": pgettext("change words: a field of the calendar", "home zone"),
        "zone_name": pgettext("change words: a field of the calendar", "local zone's place name"),
        "home_zone_name": pgettext(
            "change words: a field of the calendar", "home zone's place name"
        ),
        "description": pgettext("change words: a field of the calendar", "description"),
        "uid_domain": pgettext("change words: a field of the calendar", "UID domain"),
        "refresh_minutes": pgettext("change words: a field of the calendar", "refresh interval"),
        "private": pgettext("change words: a field of the calendar", "privacy"),
        "languages": pgettext("change words: a field of the calendar", "languages"),
        "texts": pgettext("change words: a field of the calendar", "translations"),
    }


def _detail_name(label: str) -> str:
    """An event's detail (``url``, ``geo``), as the change words name it; a label this
    list does not know (a field added later) as it is."""
    names = {
        "kind": pgettext("change words: a detail of an event", "kind"),
        "description": pgettext("change words: a detail of an event", "description"),
        "source": pgettext("change words: a detail of an event", "source"),
        "url": pgettext("change words: a detail of an event", "url"),
        "contact": pgettext("change words: a detail of an event", "contact"),
        "geo": pgettext("change words: a detail of an event", "geo"),
        "follows": pgettext("change words: a detail of an event", "follows"),
    }
    return names.get(label, label)


class _Home(NamedTuple):
    zone: ZoneInfo
    name: str  # "Tokyo", or the place the schedule named it by ("Rio de Janeiro")
    clock: str  # the home clock's name: 日本時間, hora de Japón (see _home_clock)


def describe_change(change: Change, home_zone: str, home_name: str = "") -> str:
    """One sentence for one change, in the language being written; ``home_zone`` is the
    schedule's (an IANA name), ``home_name`` the place the schedule names it by, if not
    the zone's own city."""
    language = current() if base(current()) in CATALOGS else SOURCE
    with speaking(language):
        return _describe_change(change, home_zone, home_name)


def _describe_change(change: Change, home_zone: str, home_name: str) -> str:
    zone = load(home_zone)
    home = _Home(zone, home_name or city(zone), _home_clock(zone, home_name))
    if change.kind is ChangeKind.CALENDAR:
        return _calendar(change.before or {}, change.after or {})
    state = change.after or change.before or {}
    name = _quoted(_text(state, "title") or change.event_id)
    before, after = change.before, change.after
    if change.kind is ChangeKind.ADDED and after is not None:
        if after["status"] == "cancelled":
            return pgettext(
                "change words: an event added", "{name} added (cancelled): {span}"
            ).format(name=name, span=_span(after, home))
        return pgettext("change words: an event added", "{name} added: {span}").format(
            name=name, span=_span(after, home)
        )
    if change.kind is ChangeKind.EXPIRED:
        return pgettext(
            "change words: an event expired",
            "{name} left the calendar: cancelled longer than the retention period",
        ).format(name=name)
    if change.kind is ChangeKind.REMOVED:
        return pgettext(
            "change words: an event removed from the file",
            "{name} removed from the schedule, so calendars show it cancelled; it was {span}",
        ).format(name=name, span=_span(state, home))
    details = _differences(before or {}, after or {}, home)
    if change.kind is ChangeKind.CANCELLED:
        sentence = pgettext("change words: an event cancelled", "{name} cancelled; it was {span}")
        return _also(sentence.format(name=name, span=_span(before or state, home)), details)
    if change.kind is ChangeKind.RESTORED:
        sentence = pgettext("change words: a cancelled event restored", "{name} restored: {span}")
        return _also(sentence.format(name=name, span=_span(state, home)), details)
    if details:
        if before is not None and after is not None and _retitled(before, after):
            name = _quoted(_text(before, "title"))
        return pgettext("change words: what changed in an event", "{name}: {details}").format(
            name=name, details=_clauses(details)
        )
    return pgettext("change words: an event changed in nothing said", "{name}: updated").format(
        name=name
    )


def _also(sentence: str, details: list[str]) -> str:
    if not details:
        return sentence
    return pgettext("change words: more changes after a sentence", "{sentence}; {details}").format(
        sentence=sentence, details=_clauses(details)
    )


def _clauses(details: list[str]) -> str:
    """The changes of one event, one clause each."""
    return pgettext("change words: between two changes of one event", "; ").join(details)


def _listed(names: list[str]) -> str:
    return pgettext("change words: between the names of a list", ", ").join(names)


def _quoted(text: str | None) -> str:
    """A title or a place, in the language's quotation marks."""
    return pgettext("change words: a title or a place, quoted", "“{text}”").format(text=text)


def _text(state: dict[str, Any], name: str) -> Any:
    """A text field of a state (``title``, ``location``) in the language being written:
    the state's own text in that language, else the default language's."""
    value = state.get(name)
    texts = state.get("texts") or {}
    if value is None or not texts:
        return value
    language = pick(tuple(texts), current())
    own = texts[language].get(name) if language is not None else None
    return value if own is None else own


def _retitled(before: dict[str, Any], after: dict[str, Any]) -> bool:
    return bool(_text(before, "title") != _text(after, "title"))


def _differences(before: dict[str, Any], after: dict[str, Any], home: _Home) -> list[str]:
    if not before or not after:
        return []
    said: list[str] = []
    zone, end_zone = load(after["zone"]), _end_zone(after)
    old_start, new_start = _at(before["start"], zone), _at(after["start"], zone)
    old_end, new_end = _at(before["end"], end_zone), _at(after["end"], end_zone)
    whole = (bool(before.get("whole_days")), bool(after.get("whole_days")))
    if before["zone"] != after["zone"]:
        said.append(
            pgettext(
                "change words: an event's clock changed; {zone} and {old} are IANA names",
                "now timed in {place} time ({zone}) instead of {old}",
            ).format(place=_place(after), zone=zone.key, old=before["zone"])
        )
    if _end_zone(before).key != end_zone.key and before["zone"] == after["zone"] and not any(whole):
        said.append(
            pgettext(
                "change words: an event's end given on another clock; {zone} is an IANA name",
                "now ends in {place} time ({zone})",
            ).format(place=_place(after, "end"), zone=end_zone.key)
        )
    moved = before["start"] != after["start"] or before["end"] != after["end"]
    if whole == (True, True):
        if moved:
            years = (
                len(
                    {
                        _local_year(state, key)
                        for state in (before, after)
                        for key in ("start", "end")
                    }
                )
                > 1
            )
            said.append(
                pgettext(
                    "change words: whole days moved", "days now {new} (were {old}), {place} dates"
                ).format(new=_days(after, years), old=_days(before, years), place=_place(after))
            )
    elif any(whole):
        said.append(
            pgettext(
                "change words: whole days now timed, or a timed event now whole days",
                "now {new}; was {old}",
            ).format(new=_span(after, home), old=_span(before, home))
        )
    # Compared as the stored UTC instants: two times of one zone compare by wall clock in
    # Python, and 02:30 before and after clocks go back would be "the same".
    elif before["start"] != after["start"]:
        marks = (_mark(before, "start"), _mark(after, "start"))
        local, away = _pair(old_start, new_start, home, marks=marks)
        if away is None:
            said.append(
                pgettext("change words: an event moved", "moved from {times} {place} time").format(
                    times=local, place=_place(after)
                )
            )
        else:
            said.append(
                pgettext(
                    "change words: an event moved, and the times on the home clock; {zone} is "
                    "the home clock's name",
                    "moved from {times} {place} time ({home_times} in {home})",
                ).format(
                    times=local,
                    place=_place(after),
                    home_times=away,
                    home=home.name,
                    zone=home.clock,
                )
            )
        if _elapsed(after) != _elapsed(before):
            said.append(
                pgettext(
                    "change words: the new end of an event that moved",
                    "now ends at {time} {place} time",
                ).format(
                    time=_marked(_with_date(new_end, new_start), _mark(after, "end")),
                    place=_place(after, "end"),
                )
            )
    elif before["end"] != after["end"]:
        marks = (_mark(after, "end"), _mark(before, "end"))
        local, away = _pair(old_end, new_end, home, "instead of", marks)
        if away is None:
            said.append(
                pgettext(
                    "change words: an event's end moved", "now ends at {times} {place} time"
                ).format(times=local, place=_place(after, "end"))
            )
        else:
            said.append(
                pgettext(
                    "change words: an event's end moved, and the times on the home clock; "
                    "{zone} is the home clock's name",
                    "now ends at {times} {place} time ({home_times} in {home})",
                ).format(
                    times=local,
                    place=_place(after, "end"),
                    home_times=away,
                    home=home.name,
                    zone=home.clock,
                )
            )
    if _retitled(before, after):
        said.append(
            pgettext("change words: an event's new title", "retitled {title}").format(
                title=_quoted(_text(after, "title"))
            )
        )
    old_place, new_place = _text(before, "location"), _text(after, "location")
    if old_place != new_place:
        if new_place is None:
            said.append(
                pgettext("change words: a place", "place no longer given (was {old})").format(
                    old=_quoted(old_place)
                )
            )
        elif old_place is None:
            said.append(
                pgettext("change words: a place", "place now given: {new}").format(
                    new=_quoted(new_place)
                )
            )
        else:
            said.append(
                pgettext("change words: a place", "place changed from {old} to {new}").format(
                    old=_quoted(old_place), new=_quoted(new_place)
                )
            )
    if before["status"] != after["status"] and "cancelled" not in (
        before["status"],
        after["status"],
    ):
        said.append(_status(after["status"]))
    for end in ("start", "end"):
        key = f"{end}_certainty"
        if before[key] != after[key] and not any(whole):
            new, old = _certainty(after[key]), _certainty(before[key])
            if end == "start":
                text = pgettext(
                    "change words: a time's certainty", "start time now {new} (was {old})"
                )
            else:
                text = pgettext(
                    "change words: a time's certainty", "end time now {new} (was {old})"
                )
            said.append(text.format(new=new, old=old))
    others = [
        _detail_name(detail.label)
        for detail in DETAILS
        if detail.label
        and before.get(detail.name, detail.default) != after.get(detail.name, detail.default)
    ]
    others += [_detail_name(key) for key in ("geo", "follows") if before.get(key) != after.get(key)]
    if others:
        said.append(
            pgettext("change words: an event's details", "details updated: {details}").format(
                details=_listed(others)
            )
        )
    texts = (before.get("texts") or {}, after.get("texts") or {})
    languages = sorted(
        language
        for language in set(texts[0]) | set(texts[1])
        if texts[0].get(language) != texts[1].get(language)
    )
    if languages:
        said.append(
            pgettext(
                "change words: an event's text in other languages; {languages} are tags (ja, es)",
                "text in {languages} updated",
            ).format(languages=_listed(languages))
        )
    return said


def _status(status: str) -> str:
    if status == "confirmed":
        return pgettext("change words: an event's new status", "now confirmed")
    if status == "tentative":
        return pgettext("change words: an event's new status", "now tentative")
    return pgettext("change words: an event's new status", "now {status}").format(status=status)


def _pair(
    old: datetime,
    new: datetime,
    home: _Home,
    joiner: str = "to",
    marks: tuple[str, str] = ("", ""),
) -> tuple[str, str | None]:
    """``10:50 to 11:05``, and on the home clock ``0:50 to 1:05 on 18 November`` (None
    when the times are the home clock's); with ``joiner="instead of"`` the new time comes
    first. ``marks`` (``"about"`` or empty) go with the first and the second time."""
    first, second = (new, old) if joiner == "instead of" else (old, new)
    one, two = marks
    local = _joined(
        _marked(_with_date(first, second), one), _marked(_with_date(second, first), two), joiner
    )
    if home.zone.key == getattr(first.tzinfo, "key", None):
        return local, None
    there, then = first.astimezone(home.zone), second.astimezone(home.zone)
    if there.date() == then.date():
        away = _on(_joined(_marked(_clock(there), one), _marked(_clock(then), two), joiner), there)
    else:
        away = _joined(
            _marked(_on(_clock(there), there, then), one),
            _marked(_on(_clock(then), then, there), two),
            joiner,
        )
    return local, away


def _joined(first: str, second: str, joiner: str) -> str:
    if joiner == "instead of":
        return pgettext(
            "change words: a new time (first) instead of the old one (second)",
            "{first} instead of {second}",
        ).format(first=first, second=second)
    return pgettext(
        "change words: a time moved from the first to the second", "{first} to {second}"
    ).format(first=first, second=second)


def _on(times: str, moment: date, other: date | None = None) -> str:
    """``12:45 on 17 November``, ``12:45–14:15 on 17 November``."""
    return pgettext("change words: a time or times on a date", "{times} on {date}").format(
        times=times, date=_date(moment, other)
    )


def _span(state: dict[str, Any], home: _Home) -> str:
    """``12:45–14:15 on 17 November Lima time (2:45–4:15 on 18 November in Tokyo)``,
    ``10:50 to about 12:00 …``, a flight ``16:30 on 17 November Lima time to 23:10 Rio de
    Janeiro time (…)``, whole days ``14 November to 16 November, Lima dates``."""
    zone, end_zone = load(state["zone"]), _end_zone(state)
    start, end = _at(state["start"], zone), _at(state["end"], end_zone)
    if state.get("whole_days"):
        return pgettext(
            "change words: an event of whole days", "whole days, {days}, {place} dates"
        ).format(days=_days(state), place=_place(state))
    marks = (_mark(state, "start"), _mark(state, "end"))
    if end_zone.key == zone.key:
        text = _clock_of(_range(start, end, marks), _place(state))
    else:
        text = _spanned(
            _clock_of(_marked(_on(_clock(start), start, end), marks[0]), _place(state)),
            _clock_of(_marked(_on(_clock(end), end, start), marks[1]), _place(state, "end")),
        )
    if home.zone.key != zone.key or home.zone.key != end_zone.key:
        away = _range(start.astimezone(home.zone), end.astimezone(home.zone), marks)
        text = pgettext(
            "change words: times, then the same on the home clock; {zone} is the home clock's name",
            "{local} ({times} in {home})",
        ).format(local=text, times=away, home=home.name, zone=home.clock)
    return _unannounced(state, text)


def _clock_of(times: str, place: str) -> str:
    """``12:45–14:15 on 17 November Lima time``."""
    return pgettext("change words: times on a place's clock", "{times} {place} time").format(
        times=times, place=place
    )


def _spanned(start: str, end: str, marked: bool = True) -> str:
    """From one time to another: ``12:45–14:15`` (``marked=False``: neither is
    approximate), ``10:50 to about 12:00``, ``… on 17 November to … on 18 November``."""
    if marked:
        return pgettext(
            "change words: a span of time, either end approximate or on another day",
            "{start} to {end}",
        ).format(start=start, end=end)
    return pgettext("change words: a span of time on one day", "{start}–{end}").format(
        start=start, end=end
    )


def _local_year(state: dict[str, Any], key: str) -> int:
    """The year of a whole-day event's first (``start``) or last (``end``) day."""
    zone = load(state["zone"])
    if key == "start":
        return _at(state["start"], zone).year
    return (_at(state["end"], UTC) - timedelta(seconds=1)).astimezone(zone).year


def _days(state: dict[str, Any], year: bool = False) -> str:
    """A whole-day event's days: ``14 November``, ``14–16 November``, ``30 November to
    2 December``, ``30 December 2024 to 2 January 2025``; with ``year``, the year
    always. The last is the day of the instant before the end (as
    :attr:`Event.last_day`), so a day a zone skipped (Apia's 30 December 2011) is not
    counted."""
    zone = load(state["zone"])
    first = _at(state["start"], zone).date()
    last = (_at(state["end"], UTC) - timedelta(seconds=1)).astimezone(zone).date()
    if first == last:
        return _with_year(_date(first), first.year) if year else _date(first)
    if first.year != last.year:
        return _days_apart(_with_year(_date(first), first.year), _with_year(_date(last), last.year))
    if first.month == last.month:
        days = pgettext(
            "change words: days of one month; {first} is the first day's date",
            "{day}–{last}",
        ).format(day=first.day, last=_date(last), first=_date(first))
    else:
        days = _days_apart(_date(first), _date(last))
    return _with_year(days, last.year) if year else days


def _days_apart(first: str, last: str) -> str:
    return pgettext("change words: from one day to another", "{first} to {last}").format(
        first=first, last=last
    )


def _with_year(dates: str, year: int) -> str:
    """``18 November 2024``; ``14–16 November 2024``."""
    return pgettext("change words: a date or dates, and the year", "{date} {year}").format(
        date=dates, year=year
    )


def _range(start: datetime, end: datetime, marks: tuple[str, str] = ("", "")) -> str:
    if start.date() == end.date():
        return _on(
            _spanned(_marked(_clock(start), marks[0]), _marked(_clock(end), marks[1]), any(marks)),
            start,
        )
    return _spanned(
        _marked(_on(_clock(start), start, end), marks[0]),
        _marked(_on(_clock(end), end, start), marks[1]),
    )


def _mark(state: dict[str, Any], end: str) -> str:
    """``about`` for an approximate time, else empty."""
    return "about" if state.get(f"{end}_certainty") == "approximate" else ""


def _marked(time: str, mark: str) -> str:
    """``about 12:00`` when ``mark`` says so."""
    if not mark:
        return time
    return pgettext("change words: an approximate time", "about {time}").format(time=time)


def _unannounced(state: dict[str, Any], span: str) -> str:
    """``…, end not announced`` after a span whose times are partly estimates."""
    unsaid = [end for end in ("start", "end") if state.get(f"{end}_certainty") == "not-announced"]
    if unsaid == ["start", "end"]:
        text = pgettext(
            "change words: a span whose times are partly the schedule's estimates",
            "{span}, start and end not announced",
        )
    elif unsaid == ["start"]:
        text = pgettext(
            "change words: a span whose times are partly the schedule's estimates",
            "{span}, start not announced",
        )
    elif unsaid == ["end"]:
        text = pgettext(
            "change words: a span whose times are partly the schedule's estimates",
            "{span}, end not announced",
        )
    else:
        return span
    return text.format(span=span)


def _place(state: dict[str, Any], end: str = "") -> str:
    """What the views call the start's (or with ``end``, the end's) clock."""
    if end and "end_zone" in state:
        return str(state.get("end_zone_name") or city(load(state["end_zone"])))
    return str(state.get("zone_name") or city(load(state["zone"])))


def _end_zone(state: dict[str, Any]) -> Any:
    return load(state.get("end_zone", state["zone"]))


def _with_date(moment: datetime, other: datetime) -> str:
    """The clock, with the date only when the other time is on another day."""
    if moment.date() == other.date():
        return _clock(moment)
    return _on(_clock(moment), moment, other)


def _calendar(before: dict[str, Any], after: dict[str, Any]) -> str:
    fields = _calendar_fields()
    old, new = _text(before, "title"), _text(after, "title")
    if old != new:
        renamed = pgettext(
            "change words: the calendar renamed", "calendar renamed from {old} to {new}"
        ).format(old=_quoted(old), new=_quoted(new))
        rest = [
            label
            for key, label in fields.items()
            if key != "title" and before.get(key) != after.get(key)
        ]
        if not rest:
            return renamed
        return pgettext(
            "change words: the calendar renamed, and other fields changed",
            "{sentence}; {fields} updated",
        ).format(sentence=renamed, fields=_listed(rest))
    changed = [label for key, label in fields.items() if before.get(key) != after.get(key)]
    return pgettext(
        "change words: the calendar's fields changed", "calendar's {fields} updated"
    ).format(fields=_listed(changed))


def _elapsed(state: dict[str, Any]) -> timedelta:
    return _at(state["end"], UTC) - _at(state["start"], UTC)


def _at(text: str, zone: Any) -> datetime:
    return read_stamp(text).astimezone(zone)


def _clock(moment: datetime) -> str:
    """``0:50``; 「0時50分」, 「12時」 on the hour."""
    if moment.minute:
        text = pgettext("change words: a clock; {minute} has two digits", "{hour}:{minute}")
    else:
        text = pgettext("change words: a clock on the hour; {minute} is 00", "{hour}:{minute}")
    return text.format(hour=moment.hour, minute=f"{moment.minute:02d}")


def _date(moment: date, other: date | None = None) -> str:
    """``18 November``; with the year when ``other`` is in another one."""
    if other is not None and other.year != moment.year:
        return _with_year(day_month(moment), moment.year)
    return day_month(moment)


def _home_clock(zone: ZoneInfo, home_name: str) -> str:
    """The home clock's name for the languages that say it so: the CLDR's generic zone
    name (日本時間, hora de Japón), or the place the schedule names it by."""
    if home_name and home_name != city(zone):
        return pgettext(
            "change words: the home clock, named by the place the schedule gives",
            "{home} time",
        ).format(home=home_name)
    return _generic_name(zone, base(current()))


@functools.cache
def _generic_name(zone: ZoneInfo, language: str) -> str:
    return str(
        get_timezone_name(zone, "long", zone_variant="generic", locale=Locale.parse(language))
    )
