"""The VEVENTs summitcal writes itself are icalendar's bytes, on generated events.

:mod:`summitcal.ical.lines` writes content lines without icalendar's objects (a cold
render in a fraction of the time); ``build_calendar(...).to_ical()`` is icalendar
writing the same events. Here the two are compared on what is hard to get right:
escapes, folds next to an escape or inside a multi-byte character, every zone of the
tz database, whole days, folds of the clock, stamps, details.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar.parser.content_line import Contentline
from icalendar.prop import vText

from summitcal.ical import build_calendar, calendar_bytes
from summitcal.ical.feed import Stamp, clear_parts
from summitcal.ical.lines import fold, text
from summitcal.model import Certainty, Event, Kind, Location, Schedule, Status
from summitcal.tzdb import load, zone_keys
from summitcal.zones import resolve

# Characters that matter to escaping and folding: the TEXT escapes, the two a fold
# must not follow, quotes and colons, line breaks, and characters of 2, 3 and 4 octets.
_AWKWARD = '\\;,:"^\n\r\t Nnab1é–日本語🇵🇪\u0301'
awkward_text = st.text(alphabet=st.sampled_from(_AWKWARD), max_size=200) | st.text(max_size=120)


def whole(schedule: Schedule, **options: object) -> bytes:
    data: bytes = build_calendar(schedule, **options).to_ical()  # type: ignore[arg-type]
    return data


@given(awkward_text)
@settings(max_examples=600)
def test_text_is_escaped_as_icalendar_escapes_it(value: str) -> None:
    assert text(value).encode() == vText(value).to_ical()


@given(st.text(alphabet=st.sampled_from("ab\\^é日🇵"), min_size=60, max_size=400))
@settings(max_examples=600)
def test_lines_are_folded_as_icalendar_folds_them(line: str) -> None:
    assert fold(line).encode() == Contentline(line).to_ical()


def test_a_fold_that_would_follow_an_escape_moves_it_to_the_next_line() -> None:
    line = "DESCRIPTION:" + "x" * 61 + "\\;" + "y" * 20  # the backslash is octet 74
    folded = fold(line)
    assert folded.split("\r\n ")[0].endswith("x") and folded.split("\r\n ")[1][:2] == "\\;"
    assert folded.encode() == Contentline(line).to_ical()


def _event(zone_key: str, wall: datetime, minutes: int, **fields: object) -> Event:
    zone = load(zone_key)
    start = resolve(wall, zone, "later")
    end = (start.astimezone(UTC) + timedelta(minutes=minutes)).astimezone(zone)
    return Event(f"e-{abs(hash((zone_key, wall))) % 10**8}", "Meeting", start, end, **fields)


def test_a_time_in_every_zone_of_the_tz_database_is_written_as_icalendar_writes_it() -> None:
    events = tuple(
        _event(key, datetime(2024, 3, 31, 2, 30) + timedelta(days=number % 200), 45)
        for number, key in enumerate(sorted(zone_keys()))
    )
    schedule = Schedule("zones", "Zones", load("UTC"), load("Asia/Tokyo"), events)
    clear_parts()
    assert calendar_bytes(schedule) == whole(schedule)


zones = st.sampled_from(
    [
        "America/Lima",
        "Asia/Tokyo",
        "Europe/Paris",
        "UTC",
        "Etc/GMT+5",
        "Australia/Lord_Howe",
        "Africa/Monrovia",
        "Pacific/Apia",
        "America/Sao_Paulo",
    ]
)
walls = st.datetimes(datetime(1960, 1, 1), datetime(2040, 1, 1)).map(
    lambda moment: moment.replace(second=0, microsecond=0)
)


@st.composite
def events(draw: st.DrawFn, number: int) -> Event:
    zone_key = draw(zones)
    zone = load(zone_key)
    if draw(st.booleans()):  # whole days
        day = draw(walls).date()
        start = resolve(datetime.combine(day, datetime.min.time()), zone, "later")
        last = day + timedelta(days=draw(st.integers(1, 4)))
        end = resolve(datetime.combine(last, datetime.min.time()), zone, "later")
        timed: dict[str, object] = {"whole_days": True}
    else:
        start = resolve(draw(walls), zone, draw(st.sampled_from(["earlier", "later"])))
        end_zone = load(draw(zones))
        minutes = draw(st.integers(0, 60 * 30))
        end = (start.astimezone(UTC) + timedelta(minutes=minutes)).astimezone(end_zone)
        timed = {}
    geo = draw(st.none() | st.tuples(st.floats(-90, 90), st.floats(-180, 180)))
    location = draw(st.none() | awkward_text.map(lambda name: Location(name or "x", geo)))
    return Event(
        f"event-{number}",
        draw(awkward_text),
        start,
        end,
        location=location,
        kind=draw(st.sampled_from(list(Kind))),
        status=draw(st.sampled_from(list(Status))),
        start_certainty=draw(st.sampled_from(list(Certainty))),
        description=draw(awkward_text),
        source=draw(awkward_text),
        url=draw(st.sampled_from(["", "https://example.org/a?b=c,d;e", "https://例え.jp/ü"])),
        contact=draw(awkward_text),
        **timed,  # type: ignore[arg-type]
    )


@st.composite
def schedules(draw: st.DrawFn) -> Schedule:
    count = draw(st.integers(1, 4))
    made = [draw(events(number)) for number in range(count)]
    return Schedule(
        "generated",
        # (a calendar's title is also X-WR-CALNAME, written as it is: the file's reader
        # refuses a line break in it, and icalendar cannot write one)
        draw(awkward_text.filter(lambda title: not {"\n", "\r"} & set(title))) or "Calendar",
        load(draw(zones)),
        load(draw(zones)),
        tuple(made),
        description=draw(awkward_text),
        uid_domain=draw(st.sampled_from(["summitcal.invalid", "press.example.org"])),
    )


stamps_drawn = st.builds(
    Stamp,
    st.integers(0, 10**6),
    st.sampled_from([datetime(1970, 1, 1, tzinfo=UTC), datetime(2024, 11, 17, 18, tzinfo=UTC)]),
    st.datetimes(datetime(1970, 1, 1), datetime(2100, 1, 1), timezones=st.just(UTC)).map(
        lambda moment: moment.replace(microsecond=0)
    ),
)


@given(schedules(), st.data())
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_generated_events_are_written_as_icalendar_writes_them(
    schedule: Schedule, data: st.DataObject
) -> None:
    clear_parts()
    assert calendar_bytes(schedule) == whole(schedule)
    stamps = {event.id: data.draw(stamps_drawn) for event in schedule.events}
    assert calendar_bytes(schedule, stamps=stamps) == whole(schedule, stamps=stamps)


def _one(**fields: object) -> Schedule:
    lima = load("America/Lima")
    start = datetime(2024, 11, 17, 10, 50, tzinfo=lima)
    event = Event("e", "Meeting", start, start + timedelta(hours=1), **fields)  # type: ignore[arg-type]
    return Schedule("one", "One", lima, load("Asia/Tokyo"), (event,))


def test_a_url_with_a_line_break_is_refused_as_icalendar_refuses_it() -> None:
    """Written as it is, the break would end the line and start a property of the
    writer's choosing (the schedule file's reader refuses it before this)."""
    schedule = _one(url="https://example.org/\r\nX-EVIL:1")
    clear_parts()
    with pytest.raises(ValueError, match="line break in its url"):
        calendar_bytes(schedule)
    with pytest.raises(ValueError, match="CR or LF"):
        whole(schedule)


def test_stamps_without_a_zone_are_utc_whatever_the_machines_zone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    time.tzset()
    try:
        schedule = _one()
        naive = datetime(2024, 1, 2, 12, 0)
        stamps = {"e": Stamp(1, naive, naive)}
        clear_parts()
        assert calendar_bytes(schedule, stamps=stamps) == whole(schedule, stamps=stamps)
        assert b"DTSTAMP:20240102T120000Z" in calendar_bytes(schedule, stamps=stamps)
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_minus_zero_degrees_is_zero_degrees() -> None:
    """-0.0 equals 0.0, so an event moved from one to the other is the same event: it
    must be written the same, whichever was rendered first."""
    place = Location("Null Island", (-0.0, -0.0))
    assert str(place.geo) == "(0.0, 0.0)"
    clear_parts()
    assert b"GEO:0.0;0.0\r\n" in calendar_bytes(_one(location=place))
