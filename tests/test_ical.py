"""iCalendar output: the example's golden file, the rules clients depend on, and real parsers."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summitcal.ical import calendar_bytes
from summitcal.ical.lint import lint
from summitcal.model import Event, Schedule, Status, start_of_day
from summitcal.schedule_file import read_schedule
from summitcal.tzdb import load, zone_keys
from summitcal.zones import resolve, transitions
from trip_schedule import trip_events

from conftest import GOLDEN, golden
from parsers import READERS, TRANSP_READERS, USES_VTIMEZONE


def lines(data: bytes) -> list[str]:
    """Unfolded content lines."""
    return data.decode("utf-8").replace("\r\n ", "").split("\r\n")


def tzdata_instants(schedule: Schedule) -> dict[str, tuple[datetime, datetime]]:
    return {
        f"{e.id}.{schedule.id}@{schedule.uid_domain}": (
            e.start.astimezone(UTC),
            e.end.astimezone(UTC),
        )
        for e in schedule.events
    }


def test_example_matches_its_golden_file(example: Schedule) -> None:
    golden(GOLDEN / "japan-peru-2024.ics", calendar_bytes(example))


def test_same_schedule_same_bytes(example: Schedule) -> None:
    assert calendar_bytes(example) == calendar_bytes(replace(example))


def test_feed_properties_clients_rely_on(example: Schedule) -> None:
    content = lines(calendar_bytes(example))
    for expected in (
        "NAME:Japan–Peru Summit Meeting",
        "X-WR-CALNAME:Japan–Peru Summit Meeting",
        "REFRESH-INTERVAL;VALUE=DURATION:PT1H",
        "X-PUBLISHED-TTL:PT1H",
        "DTSTART;TZID=America/Lima:20241117T105000",
        "DTEND;TZID=America/Lima:20241117T120000",
        "UID:summit-meeting.japan-peru-2024@summitcal.invalid",
        "DTSTAMP:20241117T180000Z",
        "LAST-MODIFIED:20241117T180000Z",
        "STATUS:CONFIRMED",
        "CATEGORIES:Press conference",
        "GEO:-12.0454;-77.0301",
        "LOCATION:Presidential Palace (Palacio de Gobierno)\\, Lima",
    ):
        assert expected in content
    assert not [line for line in content if line.startswith(("DURATION", "COMMENT", "RDATE"))]


def test_description_shows_both_zones_and_says_what_is_estimated(example: Schedule) -> None:
    text = calendar_bytes(example).decode().replace("\r\n ", "")
    press = text[text.index("UID:press-conference") :]
    description = press[
        press.index("DESCRIPTION:") : press.index("\r\n", press.index("DESCRIPTION:"))
    ]
    assert "Lima time (UTC-05:00): Sun 17 Nov 2024\\, 12:15 (estimated)" in description
    assert "Tokyo time (UTC+09:00): Mon 18 Nov 2024 (+1 day)\\, 02:15 (estimated)" in description
    assert "The start time has not been announced" in description


def test_lima_vtimezone_is_the_one_observance_the_span_needs(example: Schedule) -> None:
    text = calendar_bytes(example).decode()
    vtimezone = text[text.index("BEGIN:VTIMEZONE") : text.index("END:VTIMEZONE")]
    assert vtimezone.count("BEGIN:STANDARD") == 1 and "DAYLIGHT" not in vtimezone
    assert "TZOFFSETTO:-0500" in vtimezone


def test_lines_are_crlf_and_folded_at_75_octets(example: Schedule) -> None:
    data = calendar_bytes(example)
    assert data.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    raw_lines = data.split(b"\r\n")
    assert max(len(line) for line in raw_lines) <= 75
    for line in raw_lines:
        line.decode("utf-8")  # folding never splits a character


def test_a_time_in_a_fold_is_written_in_utc() -> None:
    paris = load("Europe/Paris")
    start = datetime(2024, 10, 27, 2, 30, fold=1, tzinfo=paris)  # the second 02:30
    schedule = Schedule(
        id="fold",
        title="Fold",
        zone=paris,
        home_zone=paris,
        events=(Event(id="late", title="Late", start=start, end=start + timedelta(hours=1)),),
    )
    content = lines(calendar_bytes(schedule))
    assert "DTSTART:20241027T013000Z" in content
    assert "DTEND;TZID=Europe/Paris:20241027T033000" in content


def test_cancelled_event_keeps_its_uid() -> None:
    lima = load("America/Lima")
    start = datetime(2024, 11, 17, 12, 45, tzinfo=lima)
    event = Event(
        id="lunch",
        title="Lunch",
        start=start,
        end=start + timedelta(hours=1),
        status=Status.CANCELLED,
    )
    schedule = Schedule(id="v", title="V", zone=lima, home_zone=lima, events=(event,))
    content = lines(calendar_bytes(schedule))
    assert "STATUS:CANCELLED" in content and "UID:lunch.v@summitcal.invalid" in content
    assert "DTSTAMP:19700101T000000Z" in content  # no revision: never the clock


@pytest.mark.parametrize("reader", READERS)
def test_clients_read_the_summit_at_the_tzdata_instants(reader: str, example: Schedule) -> None:
    assert READERS[reader](calendar_bytes(example)) == tzdata_instants(example)


TRICKY_ZONES = (
    "America/Lima",
    "Asia/Tokyo",
    "Europe/Paris",
    "America/New_York",
    "Australia/Lord_Howe",  # 30-minute DST
    "Asia/Kathmandu",  # +05:45
    "Pacific/Chatham",  # +12:45 / +13:45
    "America/Santiago",  # southern hemisphere, changes at midnight
    "Europe/Dublin",  # negative DST in tzdata
    "America/St_Johns",  # -03:30
)


def around_every_change(year_from: int, year_to: int) -> Schedule:
    """Events just before, across and after each offset change of the tricky zones."""
    events = []
    for key in TRICKY_ZONES:
        zone = load(key)
        changes = transitions(
            zone, datetime(year_from, 1, 1, tzinfo=UTC), datetime(year_to, 1, 1, tzinfo=UTC)
        )
        instants = [c.instant for c in changes] or [datetime(year_from, 6, 1, tzinfo=UTC)]
        for number, instant in enumerate(instants):
            for offset_minutes in (-90, -30, 0, 45):
                start = (instant + timedelta(minutes=offset_minutes)).astimezone(zone)
                events.append(
                    Event(
                        id=f"{key.replace('/', '-').replace('_', '-').lower()}-{number}-{offset_minutes + 90}",
                        title=key,
                        start=start,
                        end=(start.astimezone(UTC) + timedelta(minutes=75)).astimezone(zone),
                    )
                )
    utc = load("UTC")
    return Schedule(id="changes", title="Changes", zone=utc, home_zone=utc, events=tuple(events))


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("years", [(2024, 2026), (2037, 2039), (2051, 2052)])
def test_clients_agree_with_tzdata_around_every_change(reader: str, years: tuple[int, int]) -> None:
    schedule = around_every_change(*years)
    assert len(schedule.events) > 40
    read = READERS[reader](calendar_bytes(schedule))
    expected = tzdata_instants(schedule)
    wrong = {uid: (read.get(uid), want) for uid, want in expected.items() if read.get(uid) != want}
    assert not wrong, (
        f"{len(wrong)} of {len(expected)} events read differently: {sorted(wrong.items())[:3]}"
    )


def test_no_event_time_is_left_for_a_client_to_disambiguate() -> None:
    schedule = around_every_change(2024, 2026)
    for line in lines(calendar_bytes(schedule)):
        match = re.match(r"DT(START|END);TZID=([^:]+):(\d{8}T\d{6})$", line)
        if match:
            wall = datetime.strptime(match.group(3), "%Y%m%dT%H%M%S")
            zone = load(match.group(2))
            readings = {wall.replace(tzinfo=zone, fold=f).astimezone(UTC) for f in (0, 1)}
            assert len(readings) == 1, f"{line} is ambiguous in {zone.key}"


ZONES = sorted(
    key for key in zone_keys() if "/" in key and not key.startswith(("posix/", "right/"))
)
EVENTS = st.lists(
    st.tuples(
        st.sampled_from(ZONES),
        st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2099, 12, 31)).map(
            lambda wall: wall.replace(microsecond=0)
        ),
        st.integers(min_value=0, max_value=24 * 60),
    ),
    min_size=1,
    max_size=4,
)


@settings(max_examples=150, deadline=None)
@given(EVENTS)
def test_any_schedule_round_trips_through_python_parsers(
    specs: list[tuple[str, datetime, int]],
) -> None:
    """Events in any zone at any wall time come back at their tzdata instants."""
    events = []
    for number, (key, wall, minutes) in enumerate(specs):
        zone = load(key)
        start = resolve(wall, zone, "compatible")
        end = (start.astimezone(UTC) + timedelta(minutes=minutes)).astimezone(zone)
        events.append(Event(id=f"e{number}", title=key, start=start, end=end))
    utc = load("UTC")
    schedule = Schedule(id="any", title="Any", zone=utc, home_zone=utc, events=tuple(events))
    data = calendar_bytes(schedule)
    for reader in ("icalendar", "vobject"):
        assert READERS[reader](data) == tzdata_instants(schedule), reader


@pytest.mark.parametrize("reader", READERS)
def test_which_readers_use_the_feeds_own_vtimezone(reader: str, example: Schedule) -> None:
    """A feed whose Lima VTIMEZONE says UTC-03:00 moves the summit two hours for the
    readers that trust the VTIMEZONE, so the conformance tests above test our VTIMEZONEs
    with them; icalendar looks zones up by TZID and is unmoved."""
    data = calendar_bytes(example).replace(b"TZOFFSETTO:-0500", b"TZOFFSETTO:-0300")
    start, _end = READERS[reader](data)["summit-meeting.japan-peru-2024@summitcal.invalid"]
    shift = example.events[0].start.astimezone(UTC) - start
    assert shift == (timedelta(hours=2) if reader in USES_VTIMEZONE else timedelta(0))


# -- ends in another zone and whole days ---------------------------------------------------

LIMA, SAO_PAULO, TOKYO = load("America/Lima"), load("America/Sao_Paulo"), load("Asia/Tokyo")


def schedule_of(*events: Event) -> Schedule:
    return Schedule(id="trip", title="Trip", zone=LIMA, home_zone=TOKYO, events=events)


def vtimezone_ids(data: bytes) -> list[str]:
    content = lines(data)
    return [content[i + 1] for i, line in enumerate(content) if line == "BEGIN:VTIMEZONE"]


def tzids_used(data: bytes) -> set[str]:
    return {m.group(1) for m in re.finditer(r"^DT(?:START|END);TZID=([^:]+):", data.decode(), re.M)}


def vevent_of(data: bytes, event_id: str) -> list[str]:
    """The unfolded lines of the VEVENT whose UID begins with ``event_id``."""
    content = lines(data)
    begins = [i for i, line in enumerate(content) if line == "BEGIN:VEVENT"]
    for begin in begins:
        block = content[begin : content.index("END:VEVENT", begin)]
        if any(line.startswith(f"UID:{event_id}.") for line in block):
            return block
    raise AssertionError(f"no event {event_id}")


def whole_days(event_id: str, first: date, last: date, zone: ZoneInfo = LIMA) -> Event:
    """Whole days as the schedule reader makes them (``start = first``, ``end = last``)."""
    return Event(
        id=event_id,
        title="Days",
        start=start_of_day(first, zone),
        end=start_of_day(last + timedelta(days=1), zone),
        whole_days=True,
    )


FLIGHT = Event(
    id="flight",
    title="Flight to Rio de Janeiro",
    start=datetime(2024, 11, 17, 16, 30, tzinfo=LIMA),
    end=datetime(2024, 11, 17, 23, 10, tzinfo=SAO_PAULO),
)


def test_an_end_in_another_zone_keeps_its_tzid_and_vtimezone() -> None:
    data = calendar_bytes(schedule_of(FLIGHT))
    content = lines(data)
    assert "DTSTART;TZID=America/Lima:20241117T163000" in content
    assert "DTEND;TZID=America/Sao_Paulo:20241117T231000" in content
    assert vtimezone_ids(data) == ["TZID:America/Lima", "TZID:America/Sao_Paulo"]


def test_a_vtimezone_only_for_the_zones_the_times_use() -> None:
    """One zone: one VTIMEZONE; an end in a fold is written in UTC, and its zone then needs
    none (Paris falls back at 03:00 on 27 October 2024: the second 02:30 is 01:30 UTC)."""
    paris = load("Europe/Paris")
    same = Event(
        id="summit",
        title="Summit",
        start=datetime(2024, 11, 17, 10, 50, tzinfo=LIMA),
        end=datetime(2024, 11, 17, 12, 0, tzinfo=LIMA),
    )
    assert vtimezone_ids(calendar_bytes(schedule_of(same))) == ["TZID:America/Lima"]
    into_fold = Event(
        id="red-eye",
        title="Overnight to Paris",
        start=datetime(2024, 10, 26, 19, 0, tzinfo=load("America/New_York")),
        end=datetime(2024, 10, 27, 2, 30, fold=1, tzinfo=paris),
    )
    data = calendar_bytes(schedule_of(into_fold))
    content = lines(data)
    assert "DTSTART;TZID=America/New_York:20241026T190000" in content
    assert "DTEND:20241027T013000Z" in content
    assert vtimezone_ids(data) == ["TZID:America/New_York"]
    # the first 02:30 (00:30 UTC, an hour earlier) too, and both ends in a fold: none at all
    first = replace(into_fold, end=datetime(2024, 10, 27, 2, 30, fold=0, tzinfo=paris))
    assert "DTEND:20241027T003000Z" in lines(calendar_bytes(schedule_of(first)))
    both = replace(into_fold, id="in-paris", start=datetime(2024, 10, 27, 2, 10, tzinfo=paris))
    data = calendar_bytes(schedule_of(both))
    assert vtimezone_ids(data) == [] and tzids_used(data) == set()
    # the VTIMEZONEs are exactly the TZIDs used, whatever mixes the events make
    data = calendar_bytes(schedule_of(same, FLIGHT, into_fold, both))
    assert [v.removeprefix("TZID:") for v in vtimezone_ids(data)] == sorted(tzids_used(data))


def test_an_end_in_another_zone_is_read_at_its_instant_by_every_client() -> None:
    schedule = schedule_of(FLIGHT)
    for reader in READERS:
        assert READERS[reader](calendar_bytes(schedule)) == tzdata_instants(schedule), reader


def test_whole_days_are_dates_with_dtend_the_day_after_the_last() -> None:
    """14-16 November: DTEND 17 November (RFC 5545 3.6.1), transparent; no VTIMEZONE."""
    data = calendar_bytes(schedule_of(whole_days("apec", date(2024, 11, 14), date(2024, 11, 16))))
    content = lines(data)
    assert "DTSTART;VALUE=DATE:20241114" in content
    assert "DTEND;VALUE=DATE:20241117" in content
    assert "TRANSP:TRANSPARENT" in content and "TRANSP:OPAQUE" not in content
    assert vtimezone_ids(data) == [] and b"TZID" not in data


def test_one_whole_day_and_timed_events_beside_it() -> None:
    data = calendar_bytes(
        schedule_of(whole_days("day", date(2024, 11, 18), date(2024, 11, 18)), FLIGHT)
    )
    day, flight = vevent_of(data, "day"), vevent_of(data, "flight")
    assert {"DTSTART;VALUE=DATE:20241118", "DTEND;VALUE=DATE:20241119"} <= set(day)
    assert "TRANSP:TRANSPARENT" in day and "TRANSP:OPAQUE" in flight
    assert vtimezone_ids(data) == ["TZID:America/Lima", "TZID:America/Sao_Paulo"]


@pytest.mark.parametrize(
    ("key", "day"),
    [
        ("America/Havana", date(2024, 3, 10)),  # begins at 01:00
        ("America/Santiago", date(2024, 9, 8)),  # begins at 01:00
        ("Asia/Beirut", date(2024, 3, 31)),  # begins at 01:00
        ("America/Santiago", date(2024, 4, 6)),  # 23:00-24:00 twice: 25 hours
    ],
)
def test_whole_days_where_midnight_is_skipped_or_repeated(key: str, day: date) -> None:
    zone = load(key)
    before, after = day - timedelta(days=1), day + timedelta(days=1)
    events = (
        whole_days("before", before, before, zone),
        whole_days("of", day, day, zone),
        whole_days("across", before, after, zone),
    )
    data = calendar_bytes(schedule_of(*events))
    for event_id, first, end in (
        ("before", before, day),
        ("of", day, after),
        ("across", before, after + timedelta(days=1)),
    ):
        block = vevent_of(data, event_id)
        assert f"DTSTART;VALUE=DATE:{first:%Y%m%d}" in block, event_id
        assert f"DTEND;VALUE=DATE:{end:%Y%m%d}" in block, event_id


def test_a_whole_day_before_a_skipped_day_ends_on_the_next_calendar_day() -> None:
    """29 December 2011 in Apia (the 30th was skipped): DTEND 20111230, one day in every
    client's calendar, not 20111231, which every calendar shows as two days."""
    apia = load("Pacific/Apia")
    content = lines(
        calendar_bytes(schedule_of(whole_days("d", date(2011, 12, 29), date(2011, 12, 29), apia)))
    )
    assert "DTSTART;VALUE=DATE:20111229" in content
    assert "DTEND;VALUE=DATE:20111230" in content


def test_new_forms_give_the_same_bytes_every_time() -> None:
    events = (
        FLIGHT,
        whole_days("apec", date(2024, 11, 14), date(2024, 11, 16)),
        whole_days("g20", date(2024, 11, 18), date(2024, 11, 19), SAO_PAULO),
    )
    first = calendar_bytes(schedule_of(*events))
    assert calendar_bytes(schedule_of(*events)) == first
    assert calendar_bytes(schedule_of(*reversed(events))) == first  # in any order


TRIP_EVENTS = trip_events("apec", "summit", "flight", "g20", "session-1")


def test_the_trip_feed(write_schedule: Callable[..., Path]) -> None:
    """The trip as a file: lint finds nothing, the same bytes twice, and every client
    reads the flight at its instants and the whole days as dates, transparent."""
    schedule = read_schedule(write_schedule(TRIP_EVENTS))
    data = calendar_bytes(schedule)
    assert lint(data) == []
    assert calendar_bytes(read_schedule(write_schedule(TRIP_EVENTS))) == data
    expected = {
        uid: (start.date(), end.date()) if uid.startswith(("apec.", "g20.")) else (start, end)
        for uid, (start, end) in tzdata_instants(schedule).items()
    }
    expected["apec.test-visit@summitcal.invalid"] = (date(2024, 11, 14), date(2024, 11, 17))
    expected["g20.test-visit@summitcal.invalid"] = (date(2024, 11, 18), date(2024, 11, 20))
    for reader in READERS:
        assert READERS[reader](data) == expected, reader
        read = READERS[reader](data)["apec.test-visit@summitcal.invalid"]
        assert all(type(value) is date for value in read), reader  # not a datetime
        transp = TRANSP_READERS[reader](data)
        assert transp["g20.test-visit@summitcal.invalid"] == "TRANSPARENT", reader
        assert transp["flight.test-visit@summitcal.invalid"] == "OPAQUE", reader
