"""What changed, in words people can use: "moved from 10:50 to 11:05 Lima time (0:50 to
1:05 on 18 November in Tokyo)". Made from the ledger's before and after states when
shown, so old history reads as well as new.

Each event's times are said in its own clock, named as the views name it ("Rio de
Janeiro time"; a flight "16:30 on 17 November Lima time to 23:10 Rio de Janeiro time"),
then in the home clock, and keep their certainty: "about 12:00" for an approximate time,
", end not announced" after a span whose end is the schedule's estimate."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from summitcal.display import city, day_month
from summitcal.languages import SOURCE, speaking
from summitcal.model import DETAILS
from summitcal.revisions.records import Change, ChangeKind
from summitcal.revisions.snapshot import read_stamp
from summitcal.tzdb import load

__all__ = ["describe_change"]

_CERTAINTY = {
    "exact": "announced",
    "approximate": "approximate",
    "not-announced": "not announced (an estimate)",
}
_CALENDAR_FIELDS = {
    "title": "title",
    "zone": "local zone",
    "home_zone": "home zone",
    "zone_name": "local zone's place name",
    "home_zone_name": "home zone's place name",
    "description": "description",
    "uid_domain": "UID domain",
    "refresh_minutes": "refresh interval",
    "private": "privacy",
    "languages": "languages",
    "texts": "translations",
}


class _Home(NamedTuple):
    zone: ZoneInfo
    name: str  # "Tokyo", or the place the schedule named it by ("Rio de Janeiro")


def describe_change(change: Change, home_zone: str, home_name: str = "") -> str:
    """One sentence for one change; ``home_zone`` is the schedule's (an IANA name),
    ``home_name`` the place the schedule names it by, if not the zone's own city.

    In English whatever the language being written: the change words have no catalog
    messages yet, and a sentence half in English, half in CLDR Japanese helps no one.
    """
    with speaking(SOURCE):
        return _describe_change(change, home_zone, home_name)


def _describe_change(change: Change, home_zone: str, home_name: str) -> str:
    home = _Home(load(home_zone), home_name or city(load(home_zone)))
    if change.kind is ChangeKind.CALENDAR:
        return _calendar(change.before or {}, change.after or {})
    state = change.after or change.before or {}
    name = f"“{state.get('title', change.event_id)}”"
    before, after = change.before, change.after
    if change.kind is ChangeKind.ADDED and after is not None:
        status = " (cancelled)" if after["status"] == "cancelled" else ""
        return f"{name} added{status}: {_span(after, home)}"
    if change.kind is ChangeKind.EXPIRED:
        return f"{name} left the calendar: cancelled longer than the retention period"
    if change.kind is ChangeKind.REMOVED:
        return (
            f"{name} removed from the schedule, so calendars show it cancelled; it was "
            f"{_span(state, home)}"
        )
    details = _differences(before or {}, after or {}, home)
    if change.kind is ChangeKind.CANCELLED:
        return f"{name} cancelled; it was {_span(before or state, home)}" + _also(details)
    if change.kind is ChangeKind.RESTORED:
        return f"{name} restored: {_span(state, home)}" + _also(details)
    if details:
        if before is not None and after is not None and before["title"] != after["title"]:
            name = f"“{before['title']}”"
        return f"{name}: {'; '.join(details)}"
    return f"{name}: updated"


def _also(details: list[str]) -> str:
    return "; " + "; ".join(details) if details else ""


def _differences(before: dict[str, Any], after: dict[str, Any], home: _Home) -> list[str]:
    if not before or not after:
        return []
    said: list[str] = []
    zone, end_zone = load(after["zone"]), _end_zone(after)
    old_start, new_start = _at(before["start"], zone), _at(after["start"], zone)
    old_end, new_end = _at(before["end"], end_zone), _at(after["end"], end_zone)
    whole = (bool(before.get("whole_days")), bool(after.get("whole_days")))
    if before["zone"] != after["zone"]:
        said.append(f"now timed in {_place(after)} time ({zone.key}) instead of {before['zone']}")
    if _end_zone(before).key != end_zone.key and before["zone"] == after["zone"] and not any(whole):
        said.append(f"now ends in {_place(after, 'end')} time ({end_zone.key})")
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
                f"days now {_days(after, years)} (were {_days(before, years)}), "
                f"{_place(after)} dates"
            )
    elif any(whole):
        said.append(f"now {_span(after, home)}; was {_span(before, home)}")
    # Compared as the stored UTC instants: two times of one zone compare by wall clock in
    # Python, and 02:30 before and after clocks go back would be "the same".
    elif before["start"] != after["start"]:
        marks = (_mark(before, "start"), _mark(after, "start"))
        said.append("moved from " + _pair(old_start, new_start, _place(after), home, marks=marks))
        if _elapsed(after) != _elapsed(before):
            said.append(
                f"now ends at {_mark(after, 'end')}{_with_date(new_end, new_start)} "
                f"{_place(after, 'end')} time"
            )
    elif before["end"] != after["end"]:
        marks = (_mark(after, "end"), _mark(before, "end"))
        said.append(
            "now ends at "
            + _pair(old_end, new_end, _place(after, "end"), home, "instead of", marks)
        )
    if before["title"] != after["title"]:
        said.append(f"retitled “{after['title']}”")
    if before["location"] != after["location"]:
        if after["location"] is None:
            said.append(f"place no longer given (was “{before['location']}”)")
        elif before["location"] is None:
            said.append(f"place now given: “{after['location']}”")
        else:
            said.append(f"place changed from “{before['location']}” to “{after['location']}”")
    if before["status"] != after["status"] and "cancelled" not in (
        before["status"],
        after["status"],
    ):
        said.append(f"now {after['status']}")
    for end in ("start", "end"):
        key = f"{end}_certainty"
        if before[key] != after[key] and not any(whole):
            said.append(f"{end} time now {_CERTAINTY[after[key]]} (was {_CERTAINTY[before[key]]})")
    others = [
        detail.label
        for detail in DETAILS
        if detail.label
        and before.get(detail.name, detail.default) != after.get(detail.name, detail.default)
    ]
    others += [key for key in ("geo", "follows") if before.get(key) != after.get(key)]
    if others:
        said.append("details updated: " + ", ".join(others))
    texts = (before.get("texts") or {}, after.get("texts") or {})
    languages = sorted(
        language
        for language in set(texts[0]) | set(texts[1])
        if texts[0].get(language) != texts[1].get(language)
    )
    if languages:
        said.append(f"text in {', '.join(languages)} updated")
    return said


def _pair(
    old: datetime,
    new: datetime,
    place: str,
    home: _Home,
    joiner: str = "to",
    marks: tuple[str, str] = ("", ""),
) -> str:
    """``10:50 to 11:05 Lima time (0:50 to 1:05 on 18 November in Tokyo)``; with
    ``joiner="instead of"`` the new time comes first. ``marks`` go before the first and
    the second time ("about ")."""
    first, second = (new, old) if joiner == "instead of" else (old, new)
    one, two = marks
    text = (
        f"{one}{_with_date(first, second)} {joiner} {two}{_with_date(second, first)} {place} time"
    )
    if home.zone.key == getattr(first.tzinfo, "key", None):
        return text
    there, then = first.astimezone(home.zone), second.astimezone(home.zone)
    if there.date() == then.date():
        away = f"{one}{_clock(there)} {joiner} {two}{_clock(then)} on {_date(there)}"
    else:
        away = (
            f"{one}{_clock(there)} on {_date(there, then)} {joiner} "
            f"{two}{_clock(then)} on {_date(then, there)}"
        )
    return f"{text} ({away} in {home.name})"


def _span(state: dict[str, Any], home: _Home) -> str:
    """``12:45–14:15 on 17 November Lima time (2:45–4:15 on 18 November in Tokyo)``,
    ``10:50 to about 12:00 …``, a flight ``16:30 on 17 November Lima time to 23:10 Rio de
    Janeiro time (…)``, whole days ``14 November to 16 November, Lima dates``."""
    zone, end_zone = load(state["zone"]), _end_zone(state)
    start, end = _at(state["start"], zone), _at(state["end"], end_zone)
    if state.get("whole_days"):
        return f"whole days, {_days(state)}, {_place(state)} dates"
    marks = (_mark(state, "start"), _mark(state, "end"))
    if end_zone.key == zone.key:
        text = f"{_range(start, end, marks)} {_place(state)} time"
    else:
        text = (
            f"{marks[0]}{_clock(start)} on {_date(start, end)} {_place(state)} time to "
            f"{marks[1]}{_clock(end)} on {_date(end, start)} {_place(state, 'end')} time"
        )
    if home.zone.key != zone.key or home.zone.key != end_zone.key:
        away = _range(start.astimezone(home.zone), end.astimezone(home.zone), marks)
        text += f" ({away} in {home.name})"
    return text + _unannounced(state)


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
    suffix = f" {last.year}" if year else ""
    if first == last:
        return _date(first) + suffix
    if first.year != last.year:
        return f"{_date(first)} {first.year} to {_date(last)} {last.year}"
    if first.month == last.month:
        return f"{first.day}–{_date(last)}{suffix}"
    return f"{_date(first)} to {_date(last)}{suffix}"


def _range(start: datetime, end: datetime, marks: tuple[str, str] = ("", "")) -> str:
    joiner = " to " if any(marks) else "–"
    if start.date() == end.date():
        return f"{marks[0]}{_clock(start)}{joiner}{marks[1]}{_clock(end)} on {_date(start)}"
    return (
        f"{marks[0]}{_clock(start)} on {_date(start, end)} to "
        f"{marks[1]}{_clock(end)} on {_date(end, start)}"
    )


def _mark(state: dict[str, Any], end: str) -> str:
    """``about `` before an approximate time."""
    return "about " if state.get(f"{end}_certainty") == "approximate" else ""


def _unannounced(state: dict[str, Any]) -> str:
    """``, end not announced`` after a span whose times are partly estimates."""
    unsaid = [end for end in ("start", "end") if state.get(f"{end}_certainty") == "not-announced"]
    if not unsaid:
        return ""
    return f", {' and '.join(unsaid)} not announced"


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
    return f"{_clock(moment)} on {_date(moment, other)}"


def _calendar(before: dict[str, Any], after: dict[str, Any]) -> str:
    if before.get("title") != after.get("title"):
        renamed = f"calendar renamed from “{before.get('title')}” to “{after.get('title')}”"
        rest = [
            label
            for key, label in _CALENDAR_FIELDS.items()
            if key != "title" and before.get(key) != after.get(key)
        ]
        return renamed + (f"; {', '.join(rest)} updated" if rest else "")
    changed = [
        label for key, label in _CALENDAR_FIELDS.items() if before.get(key) != after.get(key)
    ]
    return "calendar's " + ", ".join(changed) + " updated"


def _elapsed(state: dict[str, Any]) -> timedelta:
    return _at(state["end"], UTC) - _at(state["start"], UTC)


def _at(text: str, zone: Any) -> datetime:
    return read_stamp(text).astimezone(zone)


def _clock(moment: datetime) -> str:
    return f"{moment.hour}:{moment.minute:02d}"


def _date(moment: date, other: date | None = None) -> str:
    """``18 November``; with the year when ``other`` is in another one."""
    if other is not None and other.year != moment.year:
        return f"{day_month(moment)} {moment.year}"
    return day_month(moment)
