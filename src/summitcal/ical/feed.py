"""A schedule as an RFC 5545 calendar, byte for byte the same for the same schedule.

Choices that clients depend on (what each does is in the README, "Feeds every client
reads at the same instant", and in the conformance tests):

- every TZID is an IANA name with its VTIMEZONE (:mod:`summitcal.ical.vtimezone`);
- DTEND, never DURATION, which parsers read differently across a DST change; an end
  in another zone than the start (a flight) keeps its own TZID;
- whole days as ``VALUE=DATE`` (DTEND the day after the last, RFC 5545 3.6.1) and
  ``TRANSP:TRANSPARENT``: a summit's days are shown on those dates in every viewer's
  zone and do not make anyone busy;
- a time that occurs twice in its zone (autumn fold) is written in UTC, so no client
  can pick the other occurrence, and so is one whose offset has seconds (local mean
  time), which some parsers round; every other time as wall time with its TZID (a time
  in a spring gap never reaches the feed: the schedule resolves it to a real time);
- DTSTAMP, LAST-MODIFIED, CREATED and SEQUENCE from the revision ledger when the
  caller gives its stamps (:mod:`summitcal.revisions`), else DTSTAMP and LAST-MODIFIED
  from the schedule's revision and SEQUENCE 0; never from the clock;
- no METHOD: a subscribed feed is not an iTIP message, and ``METHOD:PUBLISH`` would
  need an ORGANIZER in every event (RFC 5546 3.2.1), without which libical's
  restriction check rejects each one; a schedule names no organizer to give;
- UIDs ``<event id>.<schedule id>@<domain>``: ids cannot contain dots, so two
  different pairs never give the same UID.
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TypeVar, cast
from zoneinfo import ZoneInfo

from icalendar import Calendar, Timezone, vDuration, vText
from icalendar import Event as VEvent

from summitcal import __version__
from summitcal.describe import describe_event
from summitcal.ical.lines import (
    CANONICAL,
    clock_form,
    date_value,
    fold,
    text,
    time_value,
    utc_value,
)
from summitcal.ical.vtimezone import span_for, vtimezone, vtimezone_bytes
from summitcal.languages import current
from summitcal.model import DETAILS, Event, Schedule

__all__ = [
    "PARTS_KEPT",
    "Stamp",
    "build_calendar",
    "calendar_bytes",
    "clear_parts",
    "content_context",
    "event_content",
    "event_uid",
    "followed",
]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_WRITTEN = tuple(detail for detail in DETAILS if detail.ical)  # as their own properties

# Parts kept: a worker serving 1,000 schedules of 50 events in three languages has
# 150,000; at about 1 KB each, this bounds them to a few hundred MB at most. (The last
# whole feeds' parts, found by identity, are as many at most, mostly the same parts.)
PARTS_KEPT = 200_000


@dataclass(frozen=True, slots=True)
class Stamp:
    """An event's revision numbers, as the ledger keeps them (times in UTC)."""

    sequence: int
    created: datetime
    modified: datetime


def event_uid(schedule: Schedule, event: Event, domain: str | None = None) -> str:
    """The event's stable UID; changing it would duplicate the event for subscribers."""
    return f"{event.id}.{schedule.id}@{domain or schedule.uid_domain}"


def calendar_bytes(
    schedule: Schedule,
    *,
    domain: str | None = None,
    events: tuple[Event, ...] | None = None,
    stamps: Mapping[str, Stamp] | None = None,
) -> bytes:
    """The schedule (or the given subset of its events) as iCalendar bytes; ``stamps``
    (event id → :class:`Stamp`) from the ledger, else sequence 0 and the revision.

    Assembled from parts: each event's VEVENT is rendered once for what it shows (the
    event, the one it follows, the schedule's names and zones, its stamps, the language
    being written) and kept, so a release that changes one event of thousands renders
    one; the bytes are those of :func:`build_calendar`'s ``to_ical()``, which the tests
    compare.
    """
    chosen = schedule.events if events is None else events
    context, language, index = content_context(schedule), current(), schedule.by_id
    if stamps is None:
        stamps = _Unstamped(_interned(_stamp(schedule, chosen[0], None))) if chosen else {}
    feed = (schedule.id, context, domain, language)  # (a subset is read, not kept)
    last = _assembled.last(feed)
    parts: list[_Part] = []
    now: dict[str, _Placed] = {}
    for event in chosen:
        before, stamp = followed(index, event), stamps[event.id]
        placed = last.get(event.id)
        if placed is None or not placed.same(event, before, stamp):
            part = _rendered(event, before, context, domain, stamp, language)
            placed = _Placed(event, before, stamp, part)
        now[event.id] = placed
        parts.append(placed.part)
    if events is None:
        _assembled.keep(feed, now)
    used = set().union(*(part.tzids for part in parts))
    zones = [vtimezone_bytes(zone, start, end) for zone, start, end in _part_spans(parts, used)]
    return b"".join([_head(_Head.of(schedule)), *zones, *(part.data for part in parts), _TAIL])


class _Unstamped(dict[str, Stamp]):
    """Every event's stamp the same (no ledger: SEQUENCE 0 and the revision)."""

    def __init__(self, stamp: Stamp) -> None:
        super().__init__()
        self.stamp = stamp

    def __missing__(self, _event_id: str) -> Stamp:
        return self.stamp


@dataclass(frozen=True, slots=True)
class _Placed:
    """An event's part as the last render of its feed placed it, with what it was for."""

    event: Event
    before: Event | None
    stamp: Stamp
    part: _Part

    def same(self, event: Event, before: Event | None, stamp: Stamp) -> bool:
        """Whether this part is for these very objects (a release kept by the ledger
        gives an unchanged event's objects again): no need to look it up by value."""
        return self.event is event and self.before is before and self.stamp is stamp


class _Assembled:
    """The parts the last whole feeds rendered were made of (feed → event id →
    :class:`_Placed`), at most ``size`` parts in all: the next render of a feed finds
    its unchanged events' parts by identity, which costs less than hashing each event to
    find it among all kept parts (a one-event edit of 10,000 events, see
    ``benchmarks/render_parts.py``)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._feeds: OrderedDict[Hashable, Mapping[str, _Placed]] = OrderedDict()
        self._held = 0  # parts in all feeds
        self._lock = threading.Lock()

    def last(self, feed: Hashable) -> Mapping[str, _Placed]:
        with self._lock:
            return self._feeds.get(feed, {})

    def keep(self, feed: Hashable, placed: Mapping[str, _Placed]) -> None:
        with self._lock:
            self._held += len(placed) - len(self._feeds.pop(feed, {}))
            self._feeds[feed] = placed
            while self._held > self.size and len(self._feeds) > 1:
                _, dropped = self._feeds.popitem(last=False)
                self._held -= len(dropped)

    def clear(self) -> None:
        with self._lock:
            self._feeds.clear()
            self._held = 0


_assembled = _Assembled(size=PARTS_KEPT)


def event_content(
    schedule: Schedule, event: Event, events: Mapping[str, Event] | None = None
) -> bytes:
    """The event's VEVENT without its revision stamps: what a subscriber sees of it.
    ``events`` (id → event) is where to find the event it follows, if not in
    ``schedule``.

    The ledger fingerprints it; when these bytes are unchanged, so is the event.
    """
    return _part(schedule, event, None, None, events).data


def clear_parts() -> None:
    """Forget the events' rendered parts (for benchmarks and tests of a first render)."""
    _rendered.cache_clear()
    _head.cache_clear()
    _assembled.clear()
    _first_equal.cache_clear()
    clock_form.cache_clear()


@dataclass(frozen=True, slots=True)
class _Part:
    data: bytes  # the VEVENT's lines, as they are in the calendar
    tzids: frozenset[str]  # the VTIMEZONEs it needs
    zones: tuple[ZoneInfo, ...]  # the event's zones (the TZIDs are their keys)
    first: date  # the UTC dates of its start and end: the VTIMEZONEs' span
    last: date


@dataclass(frozen=True, slots=True)
class _Context:
    """What a VEVENT shows of its schedule, besides the event it follows."""

    schedule_id: str
    uid_domain: str
    zone: ZoneInfo
    zone_name: str
    home_zone: ZoneInfo
    home_zone_name: str

    def schedule(self, events: tuple[Event, ...]) -> Schedule:
        return Schedule(
            id=self.schedule_id,
            title="",
            zone=self.zone,
            home_zone=self.home_zone,
            events=events,
            uid_domain=self.uid_domain,
            zone_name=self.zone_name,
            home_zone_name=self.home_zone_name,
        )


def _part(
    schedule: Schedule,
    event: Event,
    domain: str | None,
    stamp: Stamp | None,
    events: Mapping[str, Event] | None = None,
) -> _Part:
    before = followed(schedule.by_id if events is None else events, event)
    return _rendered(event, before, content_context(schedule), domain, stamp, current())


def followed(index: Mapping[str, Event], event: Event) -> Event | None:
    """The event ``event`` follows, as its VEVENT shows it (its end is the start of an
    estimated time), from ``index`` (id → event); None if none (or itself)."""
    if not event.follows:
        return None
    before = index.get(event.follows)
    return None if before is None or before.id == event.id else before


def content_context(schedule: Schedule) -> _Context:
    """What an event's VEVENT shows of its schedule besides the event it follows, the
    same object for equal contexts (so a kept part is found by identity)."""
    return _interned(
        _Context(
            schedule.id,
            schedule.uid_domain,
            schedule.zone,
            schedule.zone_name,
            schedule.home_zone,
            schedule.home_zone_name,
        )
    )


_Same = TypeVar("_Same", _Context, Stamp)


def _interned(value: _Same) -> _Same:
    """The first value equal to ``value`` that was asked for (of the last 4,096)."""
    return cast(_Same, _first_equal(value))


@functools.lru_cache(maxsize=4096)
def _first_equal(value: object) -> object:
    return value


@functools.lru_cache(maxsize=PARTS_KEPT)
def _rendered(
    event: Event,
    before: Event | None,
    context: _Context,
    domain: str | None,
    stamp: Stamp | None,
    _language: str,
) -> _Part:
    schedule = context.schedule((event,) if before is None else (event, before))
    return _written(schedule, event, domain, stamp)


def _written(schedule: Schedule, event: Event, domain: str | None, stamp: Stamp | None) -> _Part:
    """The VEVENT of :func:`_vevent`, as its ``to_ical()`` bytes, written directly
    (:mod:`summitcal.ical.lines`): a cold render in a fraction of icalendar's time."""
    tzids: set[str] = set()

    def clock(name: str, moment: datetime) -> str:
        params, suffix, tzid = clock_form(moment.tzinfo)
        if tzid is not None:
            tzids.add(tzid)
        return f"{name}{params}:{time_value(moment)}{suffix}"

    lines = {"UID": "UID:" + text(event_uid(schedule, event, domain))}
    if stamp is not None:
        lines["DTSTAMP"] = "DTSTAMP:" + utc_value(stamp.modified)
        if stamp.created != _EPOCH:
            lines["CREATED"] = "CREATED:" + utc_value(stamp.created)
        if stamp.modified != _EPOCH:
            lines["LAST-MODIFIED"] = "LAST-MODIFIED:" + utc_value(stamp.modified)
        lines["SEQUENCE"] = f"SEQUENCE:{stamp.sequence}"
    if event.whole_days:
        lines["DTSTART"] = "DTSTART;VALUE=DATE:" + date_value(event.start.date())
        lines["DTEND"] = "DTEND;VALUE=DATE:" + date_value(event.last_day + timedelta(days=1))
    else:
        lines["DTSTART"] = clock("DTSTART", _unambiguous(event.start))
        lines["DTEND"] = clock("DTEND", _unambiguous(event.end))
    lines["SUMMARY"] = "SUMMARY:" + text(event.title)
    lines["STATUS"] = "STATUS:" + text(event.status.value.upper())
    lines["CATEGORIES"] = "CATEGORIES:" + text(event.kind.label)
    if event.location is not None:
        lines["LOCATION"] = "LOCATION:" + text(event.location.name)
        if event.location.geo is not None:
            latitude, longitude = event.location.geo
            lines["GEO"] = f"GEO:{float(latitude)};{float(longitude)}"
    lines["DESCRIPTION"] = "DESCRIPTION:" + text(describe_event(event, schedule))
    for detail in _WRITTEN:
        value = getattr(event, detail.name)
        if value != detail.value(None):
            name = detail.ical.upper()
            plain = detail.plain(value)
            if name in _AS_WRITTEN and ("\r" in plain or "\n" in plain):
                # (as icalendar refuses: written as it is, it would end the line)
                raise ValueError(f"event {event.id!r}: a line break in its {detail.name}")
            lines[name] = f"{name}:{plain}" if name in _AS_WRITTEN else f"{name}:{text(plain)}"
    lines["TRANSP"] = "TRANSP:" + ("TRANSPARENT" if event.whole_days else "OPAQUE")
    ordered = [lines[name] for name in CANONICAL if name in lines]
    ordered += [lines[name] for name in sorted(lines.keys() - set(CANONICAL))]
    body = "\r\n".join(fold(line) for line in ordered)
    data = f"BEGIN:VEVENT\r\n{body}\r\nEND:VEVENT\r\n".encode()
    first, last = (moment.date() for moment in event.order()[:2])
    return _Part(data, frozenset(tzids), (event.zone, event.end_zone), first, last)


# Detail properties whose values are written as they are (URIs), not escaped as TEXT.
_AS_WRITTEN = frozenset({"URL"})


@dataclass(frozen=True, slots=True)
class _Head:
    """What the calendar's own lines show."""

    title: str
    description: str
    refresh: timedelta

    @classmethod
    def of(cls, schedule: Schedule) -> _Head:
        return cls(schedule.title, schedule.description, schedule.refresh)


_TAIL = b"END:VCALENDAR\r\n"


@functools.lru_cache(maxsize=4096)
def _head(head: _Head) -> bytes:
    """The calendar's lines before its components: its ``to_ical()`` without the end."""
    calendar = _calendar(head.title, head.description, head.refresh)
    data: bytes = calendar.to_ical()
    assert data.endswith(_TAIL)
    return data[: -len(_TAIL)]


def build_calendar(
    schedule: Schedule,
    *,
    domain: str | None = None,
    events: tuple[Event, ...] | None = None,
    timezones: bool = True,
    stamps: Mapping[str, Stamp] | None = None,
) -> Calendar:
    """The calendar as an icalendar component; ``timezones=False`` leaves out VTIMEZONEs."""
    chosen = schedule.events if events is None else events
    calendar = _calendar(schedule.title, schedule.description, schedule.refresh)
    vevents = [
        _vevent(schedule, event, domain, _stamp(schedule, event, stamps)) for event in chosen
    ]
    if timezones:
        for component in _timezones(chosen, _used_tzids(vevents)):
            calendar.add_component(component)
    for vevent in vevents:
        calendar.add_component(vevent)
    return calendar


def _calendar(title: str, description: str, refresh: timedelta) -> Calendar:
    """The calendar component with its own properties, no components yet."""
    calendar = Calendar()
    calendar.add("prodid", f"-//summitcal//summitcal {__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # No METHOD: a subscribed feed is not an iTIP message, and METHOD:PUBLISH would need
    # an ORGANIZER in every event (RFC 5546 3.2.1), which libical's check enforces.
    calendar.add("name", title)
    calendar.add("x-wr-calname", title)
    if description:
        calendar.add("description", description)
        # An X- property is written as it is unless its value is typed: as TEXT, its
        # line breaks and commas are escaped like DESCRIPTION's (Apple reads it so).
        calendar.add("x-wr-caldesc", vText(description))
    calendar.add("refresh-interval", vDuration(refresh), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(refresh))
    return calendar


def _used_tzids(vevents: list[VEvent]) -> set[str]:
    """The TZIDs the events really use: UTC times and fold times written in UTC need none."""
    return {
        str(vevent[name].params["TZID"])
        for vevent in vevents
        for name in ("DTSTART", "DTEND")
        if "TZID" in vevent[name].params
    }


def _timezones(events: tuple[Event, ...], used: set[str]) -> list[Timezone]:
    return [vtimezone(zone, start, end) for zone, start, end in _zone_spans(events, used)]


def _zone_spans(
    events: tuple[Event, ...], used: set[str]
) -> list[tuple[ZoneInfo, datetime, datetime]]:
    """The zones the events use, by TZID, each with the span its VTIMEZONE covers."""
    if not used:
        return []
    zones = {
        zone.key: zone
        for event in events
        for zone in (event.zone, event.end_zone)
        if zone.key in used
    }
    start, end = span_for(
        min(event.start.astimezone(UTC).date() for event in events),
        max(event.end.astimezone(UTC).date() for event in events),
    )
    return [(zones[key], start, end) for key in sorted(zones)]


def _part_spans(parts: list[_Part], used: set[str]) -> list[tuple[ZoneInfo, datetime, datetime]]:
    """:func:`_zone_spans` from the parts (each knows its zones and dates)."""
    if not used:
        return []
    zones = {zone.key: zone for part in parts for zone in part.zones if zone.key in used}
    start, end = span_for(min(part.first for part in parts), max(part.last for part in parts))
    return [(zones[key], start, end) for key in sorted(zones)]


def _stamp(schedule: Schedule, event: Event, stamps: Mapping[str, Stamp] | None) -> Stamp:
    if stamps is not None:
        return stamps[event.id]
    revision = schedule.revision.astimezone(UTC) if schedule.revision else _EPOCH
    return Stamp(sequence=0, created=_EPOCH, modified=revision)


def _vevent(schedule: Schedule, event: Event, domain: str | None, stamp: Stamp | None) -> VEvent:
    """The VEVENT; ``stamp`` None leaves out DTSTAMP, CREATED, LAST-MODIFIED, SEQUENCE."""
    vevent = VEvent()
    vevent.add("uid", event_uid(schedule, event, domain))
    if stamp is not None:
        # DTSTAMP of a published event: when this version was made.
        vevent.add("dtstamp", stamp.modified)
        if stamp.created != _EPOCH:
            vevent.add("created", stamp.created)
        if stamp.modified != _EPOCH:
            vevent.add("last-modified", stamp.modified)
        vevent.add("sequence", stamp.sequence)
    if event.whole_days:
        vevent.add("dtstart", event.start.date())
        # A calendar date: the day after the last, even where that day was skipped.
        vevent.add("dtend", event.last_day + timedelta(days=1))
    else:
        vevent.add("dtstart", _unambiguous(event.start))
        vevent.add("dtend", _unambiguous(event.end))
    vevent.add("summary", event.title)
    vevent.add("status", event.status.value.upper())
    vevent.add("categories", [event.kind.label])
    if event.location is not None:
        vevent.add("location", event.location.name)
        if event.location.geo is not None:
            vevent.add("geo", event.location.geo)
    vevent.add("description", describe_event(event, schedule))
    for detail in _WRITTEN:
        value = getattr(event, detail.name)
        if value != detail.value(None):  # left out at its default: no event's bytes change
            vevent.add(detail.ical, detail.plain(value))
    vevent.add("transp", "TRANSPARENT" if event.whole_days else "OPAQUE")
    return vevent


def _unambiguous(moment: datetime) -> datetime:
    """The time as the feed writes it: in UTC when a client could read it another way.

    That is a wall time that occurs twice (a fold; event times are real wall times, so
    readings that differ with ``fold`` mean a fold, and a gap time built by hand is
    caught the same way), or one whose UTC offset has seconds (local mean time, Monrovia
    before 1972), which dateutil (vobject) truncates to whole minutes.
    """
    offset = moment.utcoffset()
    if moment.replace(fold=1 - moment.fold).utcoffset() != offset or (
        offset and offset.seconds % 60
    ):
        return moment.astimezone(UTC)
    return moment
