"""Every client parser reads every event around every offset change of every zone right.

Schedule files, written the way a user writes them (several, as a file holds at most
MAX_EVENTS events), hold two events at each change of UTC offset of every canonical
zone in the tzdata package from 1970 to 2100: one that
starts 30 minutes before the change and lasts 60 minutes of elapsed time (so it spans
the change), one that starts at the change. Each zone's events are exported as the feed
for that zone, and each parser must give the instant tzdata defines for every start and
end. This covers zones with 30- and 45-minute offsets, 30-minute DST, negative DST, the
years around now, the 2030s and after 2038.

Two more sets are read the same way:

- ends in another zone (a flight): at every change of every zone, an event ends in that
  zone 30 minutes before the change, at it or an hour after it, in turn (so in a fold
  too, which the feed writes in UTC, and next to one), starting 45 minutes, 5½ hours or
  12¾ hours earlier in one of three other zones, so that every zone is the start zone
  of events that end in others; each end zone's events are one feed, with the
  VTIMEZONEs of both ends;
- whole days (``VALUE=DATE``): around every change that skips or repeats a midnight
  (Havana, Santiago and Beirut change at 00:00; Apia, Kiritimati, Kanton, Fakaofo and
  Kwajalein skipped a whole day), a day before it, the day of it and days across it,
  and a few days in every zone. Each parser must read them as dates (not date-times),
  DTEND the day after the last day, and TRANSP transparent.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from summitcal import tzdb
from summitcal.ical import calendar_bytes, event_uid
from summitcal.ical.lint import Finding, lint
from summitcal.model import Event, Schedule, start_of_day
from summitcal.schedule_file import MAX_EVENTS, read_schedule
from summitcal.zones import RepeatedTimeError, Transition, resolve, transitions

from parsers import READERS, TRANSP_READERS, Instants, read_files, read_files_transp

pytestmark = pytest.mark.conformance

FIRST, LAST = datetime(1970, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC)


def canonical_zones() -> list[str]:
    links = {line.split()[2] for line in tzdb.table("tzdata.zi") if line.startswith("L ")}
    return sorted(key for key in tzdb.zone_keys() if key not in links)


def header(schedule_id: str, title: str) -> list[str]:
    return [
        "[schedule]",
        f'id = "{schedule_id}"',
        f'title = "{title}"',
        'zone = "UTC"',
        "revision = 2024-01-01T00:00:00Z",
    ]


HEADER = header("every-change", "Every offset change of every zone, 1970-2100")


def every_change_tomls() -> list[str]:
    """The schedule files: events around every change, with a gap/fold policy where
    needed; a zone's events all in one file, each file within the limit of events."""
    return packed(HEADER, (zone_events(key) for key in canonical_zones()))


def packed(head: list[str], blocks: Iterable[list[str]]) -> list[str]:
    """Blocks of [[events]] tables as schedule files, each within the limit of events
    (a block is never split)."""
    files = [list(head)]
    count = 0
    for lines in blocks:
        events = sum(line == "[[events]]" for line in lines)
        if count + events > MAX_EVENTS:
            files.append(list(head))
            count = 0
        files[-1] += lines
        count += events
    return ["\n".join(lines) + "\n" for lines in files]


def slug(key: str) -> str:
    return key.lower().replace("/", "-").replace("_", "-").replace("+", "plus")


def zone_events(key: str) -> list[str]:
    """The [[events]] tables of one zone's changes."""
    lines: list[str] = []
    zone = tzdb.load(key)
    for number, change in enumerate(transitions(zone, FIRST, LAST)):
        for label, minutes_before, duration in (("across", 30, 60), ("at", 0, 30)):
            local = (change.instant - timedelta(minutes=minutes_before)).astimezone(zone)
            wall = local.replace(tzinfo=None)
            lines += [
                "",
                "[[events]]",
                f'id = "{slug(key)}-{number}-{label}"',
                f'title = "{key} change {number}"',
                f'zone = "{key}"',
                f"start = {wall.isoformat()}",
                f"duration = {duration}",
            ]
            try:
                resolve(wall, zone)
            except RepeatedTimeError:
                lines.append(f'disambiguate = "{"later" if local.fold else "earlier"}"')
    return lines


def loaded(folder: Path, tomls: list[str]) -> Schedule:
    """The schedule files, written to ``folder`` and read as one schedule."""
    events: list[Event] = []
    for number, text in enumerate(tomls):
        source = folder / f"schedule-{number}.toml"
        source.write_text(text, encoding="utf-8")
        part = read_schedule(source)
        events += part.events
    return replace(part, events=tuple(events))


def feeds_by(schedule: Schedule, folder: Path, key_of: str) -> dict[Path, str]:
    """One feed per zone (the events' ``zone`` or ``end_zone``), written to a file:
    path → zone."""
    by_zone = defaultdict(list)
    for event in schedule.events:
        by_zone[getattr(event, key_of).key].append(event)
    feeds = {}
    for key, events in sorted(by_zone.items()):
        path = folder / f"{key.replace('/', '--')}.ics"
        path.write_bytes(calendar_bytes(schedule, events=tuple(events)))
        feeds[path] = key
    return feeds


def read_by(reader: str, feeds: dict[Path, str]) -> Instants:
    """Every event of the feeds as the parser reads it, by UID."""
    if reader in ("ical.js", "libical"):
        results = read_files(reader, feeds)
    else:
        results = {path: READERS[reader](path.read_bytes()) for path in feeds}
    return {uid: instants for per_file in results.values() for uid, instants in per_file.items()}


@pytest.fixture(scope="module")
def every_change(tmp_path_factory: pytest.TempPathFactory) -> tuple[Schedule, dict[Path, str]]:
    """The loaded schedule, and each zone's feed written to a file (path → zone)."""
    folder = tmp_path_factory.mktemp("every-change")
    schedule = loaded(folder, every_change_tomls())
    return schedule, feeds_by(schedule, folder, "zone")


def test_the_schedule_covers_what_matters(every_change: tuple[Schedule, dict[Path, str]]) -> None:
    schedule, feeds = every_change
    zones = set(feeds.values())
    assert len(zones) > 250, "every zone that has changed offset since 1970"
    for key in ("Australia/Lord_Howe", "Asia/Kathmandu", "Pacific/Chatham", "Australia/Eucla"):
        assert key in zones
    years = {event.start.year for event in schedule.events}
    assert {1970, 2024, 2025, 2035, 2038, 2039, 2099} <= years
    spanning = [e for e in schedule.events if e.start.utcoffset() != e.end.utcoffset()]
    assert len(spanning) > len(schedule.events) // 3, "many events span the change"


@pytest.mark.parametrize("reader", READERS)
def test_every_parser_reads_every_change_at_the_tzdata_instant(
    reader: str, every_change: tuple[Schedule, dict[Path, str]]
) -> None:
    schedule, feeds = every_change
    read = read_by(reader, feeds)
    wrong = defaultdict(list)
    for event in schedule.events:
        expected = (event.start.astimezone(UTC), event.end.astimezone(UTC))
        got = read.get(event_uid(schedule, event))
        if got != expected:
            wrong[event.zone.key].append(f"{event.id}: read {got}, tzdata {expected}")
    summary = [f"{zone} ({len(items)}): {items[0]}" for zone, items in sorted(wrong.items())]
    assert not wrong, f"{sum(map(len, wrong.values()))} events misread:\n" + "\n".join(summary)


def test_summitcal_lint_finds_nothing_in_any_zone_feed(
    every_change: tuple[Schedule, dict[Path, str]],
) -> None:
    """Nothing but the advice to name legacy zones (EST5EDT) by a place."""
    findings = lint_findings(every_change[1])
    assert not findings, f"{len(findings)} zone feeds have findings: {list(findings.items())[:2]}"


def lint_findings(feeds: dict[Path, str]) -> dict[str, list[Finding]]:
    """Each feed's lint findings, by the feed's zone, but the advice to name legacy
    zones (EST5EDT) by a place."""
    findings = {}
    for path, key in feeds.items():
        found = [
            f
            for f in lint(path.read_bytes())
            if f.code != "abbreviation-tzid" or "/" in f.message.split("'")[1]
        ]
        if found:
            findings[key] = found
    return findings


# -- ends in another zone ------------------------------------------------------------------

END_HEADER = header("every-end-change", "An end in another zone at every offset change")
END_MINUTES = (-30, 0, 60)  # where an end falls from its zone's change
# "Factory" (tzdata's zone for "local time unknown", -00) is no place, and vobject reads
# every time in it as floating: its VTIMEZONE has UTC's offsets from 2000 to 2020, so
# vobject drops it for UTC's, then asks pytz for the name, which pytz does not know.
VOBJECT_UNKNOWN = "Factory"
FLIGHT_MINUTES = (45, 330, 765)  # how long before its end an event starts
# An end in a zone without changes from 1970 to 2100 (UTC, Asia/Tokyo since 1951).
QUIET_END = datetime(2024, 11, 18, 2, 10, tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Flight:
    """An event that starts in one zone and ends in another, as tzdata places it."""

    id: str
    start: datetime  # in the start zone
    end: datetime  # in the end zone


def partners(keys: list[str], index: int) -> list[str]:
    """The start zones of the events that end in ``keys[index]``: the next zone in the
    list (often a neighbour with other rules) and two a third of the list apart (so no
    zone is its own partner, and every zone is one's first)."""
    count = len(keys)
    return [keys[(index + step) % count] for step in (1, count // 3, 2 * count // 3)]


def flights() -> list[list[Flight]]:
    """Per end zone, its events: one at each of its changes, one if it has none.

    Change n takes the end's place (before, at or after the change), its start zone and
    its length from n % 3, n // 3 % 3 and n // 9 % 3, so every 27 changes of a zone take
    each combination once.
    """
    keys = [key for key in canonical_zones() if key != VOBJECT_UNKNOWN]
    found = []
    for index, key in enumerate(keys):
        zone, starts = tzdb.load(key), [tzdb.load(k) for k in partners(keys, index)]
        ends = [
            (f"{number}", change.instant + timedelta(minutes=END_MINUTES[number % 3]))
            for number, change in enumerate(transitions(zone, FIRST, LAST))
        ] or [("quiet", QUIET_END)]
        zone_flights = []
        for number, (label, end) in enumerate(ends):
            start_zone = starts[number // 3 % len(starts)]
            minutes = FLIGHT_MINUTES[number // 9 % len(FLIGHT_MINUTES)]
            start = (end - timedelta(minutes=minutes)).astimezone(start_zone)
            zone_flights.append(Flight(f"to-{slug(key)}-{label}", start, end.astimezone(zone)))
        found.append(zone_flights)
    return found


def policy(*moments: datetime) -> str | None:
    """The disambiguate policy that gives these instants' wall times (each in its own
    zone) in a file; "" when none is needed, None when they need different ones."""
    needed = set()
    for moment in moments:
        assert isinstance(moment.tzinfo, ZoneInfo)
        try:
            resolve(moment.replace(tzinfo=None), moment.tzinfo)
        except RepeatedTimeError:
            needed.add("later" if moment.fold else "earlier")
    if len(needed) > 1:
        return None
    return needed.pop() if needed else ""


def flight_lines(flight: Flight) -> list[str]:
    """The [[events]] table of a flight, its end as a wall time in its zone (or as a
    duration where the start and the end are in folds that need different policies)."""
    assert isinstance(flight.start.tzinfo, ZoneInfo) and isinstance(flight.end.tzinfo, ZoneInfo)
    lines = [
        "",
        "[[events]]",
        f'id = "{flight.id}"',
        f'title = "To {flight.end.tzinfo.key}"',
        'kind = "travel"',
        f'zone = "{flight.start.tzinfo.key}"',
        f"start = {flight.start.replace(tzinfo=None).isoformat()}",
        f'end_zone = "{flight.end.tzinfo.key}"',
    ]
    both = policy(flight.start, flight.end)
    if both is None:
        minutes = (flight.end - flight.start) // timedelta(minutes=1)
        return [*lines, f"duration = {minutes}", f'disambiguate = "{policy(flight.start)}"']
    lines.append(f"end = {flight.end.replace(tzinfo=None).isoformat()}")
    return [*lines, f'disambiguate = "{both}"'] if both else lines


@pytest.fixture(scope="module")
def every_end_change(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Schedule, dict[Path, str], dict[str, tuple[datetime, datetime]]]:
    """The schedule of flights, each end zone's feed (path → end zone), and the instants
    tzdata gives each UID."""
    folder = tmp_path_factory.mktemp("every-end-change")
    per_zone = flights()
    blocks = ([line for flight in zone for line in flight_lines(flight)] for zone in per_zone)
    tomls = packed(END_HEADER, blocks)
    schedule = loaded(folder, tomls)
    expected = {
        f"{flight.id}.{schedule.id}@{schedule.uid_domain}": (
            flight.start.astimezone(UTC),
            flight.end.astimezone(UTC),
        )
        for zone in per_zone
        for flight in zone
    }
    return schedule, feeds_by(schedule, folder, "end_zone"), expected


def test_the_flights_cover_what_matters(
    every_end_change: tuple[Schedule, dict[Path, str], dict[str, tuple[datetime, datetime]]],
) -> None:
    schedule, feeds, expected = every_end_change
    # The file reader gives the instants tzdata gives, so the parsers are checked below
    # against tzdata itself, not against what summitcal read.
    assert tzdata_of(schedule) == expected
    ends = {event.end_zone.key for event in schedule.events}
    assert ends == set(canonical_zones()) - {VOBJECT_UNKNOWN}, "every zone is an end zone"
    for key in (
        "Pacific/Kiritimati",  # +14, after a skipped day
        "Pacific/Apia",  # skipped 30 December 2011
        "Asia/Kolkata",  # +05:30
        "Asia/Kathmandu",  # +05:45
        "Pacific/Chatham",  # +12:45 / +13:45
        "Australia/Lord_Howe",  # 30-minute DST
        "Europe/Dublin",  # negative DST
    ):
        assert key in ends
    assert all(event.zone.key != event.end_zone.key for event in schedule.events)
    starts_of = defaultdict(set)
    for event in schedule.events:
        starts_of[event.end_zone.key].add(event.zone.key)
    # three start zones per end zone that changes 7 times or more, fewer for the others
    assert {len(starts) for starts in starts_of.values()} == {1, 2, 3}
    assert sum(len(starts) == 3 for starts in starts_of.values()) > 200
    assert set().union(*starts_of.values()) == ends, "every zone is a start zone"
    apart = [e for e in schedule.events if e.start.utcoffset() != e.end.utcoffset()]
    assert len(apart) > 0.8 * len(schedule.events), "the two ends are on different clocks"
    # Ends in a fold are written in UTC, the others with their zone's TZID.
    folds = [
        e
        for e in schedule.events
        if e.end.replace(fold=1 - e.end.fold).utcoffset() != e.end.utcoffset()
    ]
    text = b"".join(path.read_bytes() for path in feeds).replace(b"\r\n ", b"")
    in_utc = sum(
        1 for line in text.split(b"\r\n") if line.startswith(b"DTEND:") and line.endswith(b"Z")
    )
    assert len(folds) > 5000 and in_utc >= len(folds)
    assert b"DTEND;TZID=Pacific/Kiritimati:19941231T" not in text  # 31 Dec 1994: no such day
    assert b"DTEND;TZID=Pacific/Kiritimati:19950101T" in text


def tzdata_of(schedule: Schedule) -> dict[str, tuple[datetime, datetime]]:
    return {
        event_uid(schedule, e): (e.start.astimezone(UTC), e.end.astimezone(UTC))
        for e in schedule.events
    }


@pytest.mark.parametrize("reader", READERS)
def test_every_parser_reads_ends_in_another_zone_at_the_tzdata_instant(
    reader: str,
    every_end_change: tuple[Schedule, dict[Path, str], dict[str, tuple[datetime, datetime]]],
) -> None:
    """Each end at its own zone's instant, whatever the start's zone."""
    schedule, feeds, expected = every_end_change
    read = read_by(reader, feeds)
    assert read.keys() == expected.keys(), "every UID, and no other"
    end_zones = {event_uid(schedule, e): e.end_zone.key for e in schedule.events}
    wrong = defaultdict(list)
    for uid, want in expected.items():
        if read[uid] != want:
            wrong[end_zones[uid]].append(f"{uid}: read {read[uid]}, tzdata {want}")
    summary = [f"{zone} ({len(items)}): {items[0]}" for zone, items in sorted(wrong.items())]
    assert not wrong, f"{sum(map(len, wrong.values()))} events misread:\n" + "\n".join(summary)


def test_summitcal_lint_finds_nothing_in_any_flight_feed(
    every_end_change: tuple[Schedule, dict[Path, str], dict[str, tuple[datetime, datetime]]],
) -> None:
    findings = lint_findings(every_end_change[1])
    assert not findings, f"{len(findings)} feeds have findings: {list(findings.items())[:2]}"


# -- whole days ----------------------------------------------------------------------------

DAYS_HEADER = header("every-midnight", "Whole days around every change of a midnight")
EVERYWHERE = (date(2024, 11, 14), date(2024, 11, 16))  # days in every zone


@dataclass(frozen=True, slots=True)
class Days:
    """Whole days as a file gives them: the first and the last day, inclusive."""

    id: str
    zone: str
    first: date
    last: date

    @property
    def dates(self) -> tuple[date, date]:
        """What a client must read: DTSTART the first day, DTEND the day after the last
        (RFC 5545 3.6.1; a DATE is a calendar date: the next day is the next day)."""
        return self.first, self.last + timedelta(days=1)


def moves_midnight(change: Transition) -> bool:
    """The change skips or repeats a midnight, or happens at one."""
    low, high = sorted((change.wall_before, change.wall_after))
    return low.date() != high.date() or time() in (low.time(), high.time())


def skipped(day: date, zone: ZoneInfo) -> bool:
    """No instant of ``day`` happened on ``zone``'s clock (Apia, 30 December 2011)."""
    return start_of_day(day, zone).date() != day


def zone_days(key: str) -> list[Days]:
    """Around each change that moves a midnight: the day before it, the day of it, and
    days across it (from the day before the one before to the day after the one of it)."""
    zone = tzdb.load(key)
    spans = {EVERYWHERE}
    for change in transitions(zone, FIRST, LAST):
        if moves_midnight(change):
            before = (change.instant - timedelta(seconds=1)).astimezone(zone).date()
            of = change.instant.astimezone(zone).date()
            day = timedelta(days=1)
            spans |= {(before, before), (of, of), (before - day, of + day)}
    return [
        Days(f"days-{slug(key)}-{first:%Y%m%d}-{last:%Y%m%d}", key, first, last)
        for first, last in sorted(spans)
    ]


def days_lines(days: Days) -> list[str]:
    return [
        "",
        "[[events]]",
        f'id = "{days.id}"',
        f'title = "{days.zone} days"',
        f'zone = "{days.zone}"',
        f"start = {days.first.isoformat()}",
        f"end = {days.last.isoformat()}",
    ]


@pytest.fixture(scope="module")
def every_midnight(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Schedule, dict[Path, str], dict[str, Days]]:
    """The schedule of whole days, each zone's feed (path → zone), and the days by UID."""
    folder = tmp_path_factory.mktemp("every-midnight")
    per_zone = [zone_days(key) for key in canonical_zones()]
    blocks = ([line for days in zone for line in days_lines(days)] for zone in per_zone)
    schedule = loaded(folder, packed(DAYS_HEADER, blocks))
    by_uid = {
        f"{days.id}.{schedule.id}@{schedule.uid_domain}": days for zone in per_zone for days in zone
    }
    return schedule, feeds_by(schedule, folder, "zone"), by_uid


def day_skip(days: Days) -> bool:
    """The day after the last was skipped in the zone (29 December 2011 in Apia): DTEND
    is still the next calendar date (see the test of such days below)."""
    return skipped(days.last + timedelta(days=1), tzdb.load(days.zone))


def test_the_whole_days_cover_what_matters(
    every_midnight: tuple[Schedule, dict[Path, str], dict[str, Days]],
) -> None:
    schedule, feeds, by_uid = every_midnight
    assert all(event.whole_days for event in schedule.events)
    assert {event_uid(schedule, e) for e in schedule.events} == by_uid.keys()
    assert len(feeds) == len(canonical_zones())
    # Midnight is skipped: these days begin at 01:00.
    for key, day in (
        ("America/Havana", date(2024, 3, 10)),
        ("America/Santiago", date(2024, 9, 8)),
        ("Asia/Beirut", date(2024, 3, 31)),
    ):
        zone = tzdb.load(key)
        assert start_of_day(day, zone).time() == time(1)
        ids = {(d.first, d.last) for d in by_uid.values() if d.zone == key}
        assert {(day, day), (day - timedelta(days=1), day - timedelta(days=1))} <= ids
    # Whole days were skipped (crossing the date line), and midnights repeated.
    for key, day in (
        ("Pacific/Apia", date(2011, 12, 30)),
        ("Pacific/Kiritimati", date(1994, 12, 31)),
        ("Pacific/Kwajalein", date(1993, 8, 21)),
    ):
        assert skipped(day, tzdb.load(key))
        assert any(d.first < day < d.last for d in by_uid.values() if d.zone == key)
    assert sum(map(day_skip, by_uid.values())) == 5  # Apia, Fakaofo, Kanton, Kiritimati, Kwajalein
    text = b"".join(path.read_bytes() for path in feeds)
    assert b"TZID" not in text, "whole days need no zone"
    assert text.count(b"DTSTART;VALUE=DATE:") == len(by_uid) == text.count(b"DTEND;VALUE=DATE:")


@pytest.mark.parametrize("reader", READERS)
def test_every_parser_reads_whole_days_as_dates(
    reader: str, every_midnight: tuple[Schedule, dict[Path, str], dict[str, Days]]
) -> None:
    """Dates, not date-times (a Python date, ical.js isDate, libical icaltime_is_date),
    DTEND the day after the last day, and TRANSP transparent, for every UID."""
    _schedule, feeds, by_uid = every_midnight
    read = read_by(reader, feeds)
    assert read.keys() == by_uid.keys(), "every UID, and no other"
    wrong = defaultdict(list)
    for uid, days in by_uid.items():
        got = read[uid]
        if any(type(value) is not date for value in got):
            wrong[days.zone].append(f"{uid}: read {got}, not dates")
        elif got != days.dates:
            wrong[days.zone].append(f"{uid}: read {got}, want {days.dates}")
    summary = [f"{zone} ({len(items)}): {items[0]}" for zone, items in sorted(wrong.items())]
    assert not wrong, f"{sum(map(len, wrong.values()))} events misread:\n" + "\n".join(summary)
    if reader in ("ical.js", "libical"):
        transps = {
            uid: transp
            for per_file in read_files_transp(reader, feeds).values()
            for uid, transp in per_file.items()
        }
    else:
        transps = {
            uid: transp
            for path in feeds
            for uid, transp in TRANSP_READERS[reader](path.read_bytes()).items()
        }
    assert set(transps.values()) == {"TRANSPARENT"}
    assert transps.keys() == by_uid.keys()


@pytest.mark.parametrize("reader", READERS)
def test_a_day_before_a_skipped_day_ends_on_the_next_calendar_day(
    reader: str, every_midnight: tuple[Schedule, dict[Path, str], dict[str, Days]]
) -> None:
    """One day, 29 December 2011 in Apia, is DTSTART 20111229, DTEND 20111230: DATE values
    are calendar dates, and every calendar (Apia's too) shows a 30 December."""
    _schedule, feeds, by_uid = every_midnight
    affected = {uid: days for uid, days in by_uid.items() if day_skip(days)}
    zones = {days.zone for days in affected.values()}
    read = read_by(reader, {path: key for path, key in feeds.items() if key in zones})
    assert {uid: read[uid] for uid in affected} == {uid: d.dates for uid, d in affected.items()}


def test_summitcal_lint_finds_nothing_in_any_whole_day_feed(
    every_midnight: tuple[Schedule, dict[Path, str], dict[str, Days]],
) -> None:
    findings = lint_findings(every_midnight[1])
    assert not findings, f"{len(findings)} feeds have findings: {list(findings.items())[:2]}"
