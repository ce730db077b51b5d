"""Trips: events that end in another clock, whole days, and every view telling each
event in its own clocks (the reader, the model, the ledger's states, the words, the
JSON, the table and check's summary)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from click.testing import Result

from summitcal.clocks import own_place, place_of, written_place
from summitcal.describe import describe_event, one_line
from summitcal.ical import calendar_bytes, event_uid
from summitcal.ical.lint import lint
from summitcal.json_view import schedule_json
from summitcal.model import Certainty, Event, start_of_day
from summitcal.revisions.history import history_lines
from summitcal.revisions.records import Change, ChangeKind, Version
from summitcal.revisions.snapshot import (
    event_from_state,
    event_state,
    fingerprint,
    schedule_from_state,
    schedule_state,
)
from summitcal.revisions.words import describe_change
from summitcal.schedule_file import ScheduleFileError, parse_schedule, read_schedule
from summitcal.table import render_table
from summitcal.tzdb import load
from trip_schedule import trip_events, trip_schedule

from conftest import ROOT, golden
from parsers import READERS

Write = Callable[..., Path]

LIMA, RIO, TOKYO = load("America/Lima"), load("America/Sao_Paulo"), load("Asia/Tokyo")


def on_days(event: Event, first: date, after: date, zone: ZoneInfo = LIMA, **changes: Any) -> Event:
    """``event`` as whole days of ``zone`` from ``first`` up to (not including) ``after``."""
    return replace(event, start=start_of_day(first, zone), end=start_of_day(after, zone), **changes)


TRIP = trip_schedule(
    "apec", "summit", "flight", "g20", "session-1", title="Lima and Rio", rio="Rio de Janeiro"
)


@pytest.fixture
def trip() -> dict[str, Event]:
    return parse_schedule(TRIP).by_id  # type: ignore[return-value]


def problems(text: str) -> list[str]:
    with pytest.raises(ScheduleFileError) as caught:
        parse_schedule(text, "trip.toml")
    return [str(problem) for problem in caught.value.problems]


def with_event(body: str) -> str:
    header = TRIP.split("[[events]]")[0]
    return header + "[[events]]\n" + 'id = "x"\ntitle = "X"\n' + body


class TestTheFile:
    def test_an_end_keeps_its_own_zone(self, trip: dict[str, Event]) -> None:
        flight = trip["flight"]
        assert (flight.zone.key, flight.end_zone.key) == ("America/Lima", "America/Sao_Paulo")
        assert flight.end.strftime("%H:%M") == "23:10"
        assert flight.duration == timedelta(hours=4, minutes=40)  # 21:30 to 02:10 UTC

    def test_a_duration_ends_in_the_end_zone(self) -> None:
        text = with_event(
            'start = 2024-11-17T16:30:00\nduration = 280\nend_zone = "America/Sao_Paulo"\n'
        )
        (flight,) = parse_schedule(text).events
        assert (flight.end.isoformat(), flight.end_zone.key) == (
            "2024-11-17T23:10:00-03:00",
            "America/Sao_Paulo",
        )

    def test_whole_days_are_dates_of_the_event_zone(self, trip: dict[str, Event]) -> None:
        apec, g20 = trip["apec"], trip["g20"]
        assert apec.whole_days and g20.whole_days
        assert (apec.start.date(), apec.last_day) == (date(2024, 11, 14), date(2024, 11, 16))
        assert apec.start == datetime(2024, 11, 14, tzinfo=LIMA)
        assert apec.end == datetime(2024, 11, 17, tzinfo=LIMA)
        assert g20.start.astimezone(UTC) == datetime(2024, 11, 18, 3, tzinfo=UTC)

    def test_a_zone_by_the_city_or_a_label_that_means_one_clock_then(self) -> None:
        schedule = parse_schedule(TRIP)
        session, flight = schedule.event("session-1"), schedule.event("flight")
        assert (session.zone.key, session.zone_name) == ("America/Sao_Paulo", "Rio de Janeiro")
        assert (flight.end_zone.key, flight.end_zone_name) == (
            "America/Sao_Paulo",
            "Rio de Janeiro",
        )
        # BRT and "Brasília time" stand for several zones that all read UTC-03:00 in 2024.
        for label in ("BRT", "Brasília time"):
            (event,) = parse_schedule(
                with_event(f'zone = "{label}"\nstart = 2024-11-18T10:00:00\nduration = 60\n')
            ).events
            assert (event.zone.key, event.zone_name) == ("America/Sao_Paulo", "")
        # ... but not in 2018, when São Paulo kept summer time and Araguaína did not.
        (problem,) = problems(
            with_event('zone = "BRT"\nstart = 2018-12-01T10:00:00\nduration = 60\n')
        )
        assert "several zones with different clocks on 2018-12-01" in problem
        assert "(UTC-03:00, UTC-02:00)" in problem and "America/Sao_Paulo" in problem

    @pytest.mark.parametrize("word", ["Time", "Union", "Airport", "Same", "Of"])
    def test_words_that_are_small_towns_are_no_zones(self, word: str) -> None:
        """The gazetteer knows towns called Time (Norway), Union (New Jersey), Airport
        (Hawaii), Same (Tanzania), Of (Turkey): none is what a schedule means by a zone
        alone, and a suggestion names the town with its country ("Of, Turkey")."""
        (problem,) = problems(
            with_event(f'zone = "{word}"\nstart = 2024-11-18T10:00:00\nduration = 60\n')
        )
        assert f"unknown time zone {word!r}" in problem, problem
        assert f"did you mean {word}?" not in problem

    def test_a_small_town_names_a_zone_with_its_country(self) -> None:
        """Summits meet in towns (the G7 in Biarritz, 25,000 people): alone the name is
        refused with the way to write it, and with its country it names the clock."""
        (problem,) = problems(
            with_event('zone = "Biarritz"\nstart = 2019-08-24T18:00:00\nduration = 60\n')
        )
        assert "did you mean Biarritz, France?" in problem, problem
        for written in ("Biarritz, France", "Biarritz, FR"):
            (event,) = parse_schedule(
                with_event(f'zone = "{written}"\nstart = 2019-08-24T18:00:00\nduration = 60\n')
            ).events
            assert (event.zone.key, own_place(event)) == ("Europe/Paris", "Biarritz")

    def test_a_label_is_checked_at_the_times_given_in_its_clock(self) -> None:
        """BRT meant one clock until São Paulo's summer time began on 4 November 2018:
        an event timed in BRT before then that ends in Lima's clock is fine; one that
        lasts into it (by ``duration``) is refused, the end being in BRT as well."""
        (event,) = parse_schedule(
            with_event(
                'zone = "BRT"\nstart = 2018-10-20T10:00:00\nend = 2018-11-10T10:00:00\n'
                'end_zone = "America/Lima"\n'
            )
        ).events
        assert (event.zone.key, event.end_zone.key) == ("America/Sao_Paulo", "America/Lima")
        (problem,) = problems(
            with_event('zone = "BRT"\nstart = 2018-11-03T20:00:00\nduration = 1440\n')
        )
        assert "several zones with different clocks on 2018-11-04" in problem, problem

    def test_one_whole_day_when_end_is_left_out(self) -> None:
        (day,) = parse_schedule(with_event("start = 2024-11-17\n")).events
        assert (day.start.date(), day.last_day, day.duration) == (
            date(2024, 11, 17),
            date(2024, 11, 17),
            timedelta(days=1),
        )

    def test_a_day_whose_midnight_was_skipped_begins_when_clocks_jumped(self) -> None:
        # Havana's clocks went from 00:00 to 01:00 on 10 March 2024.
        (day,) = parse_schedule(with_event('zone = "America/Havana"\nstart = 2024-03-10\n')).events
        assert day.start.isoformat() == "2024-03-10T01:00:00-04:00"
        assert day.duration == timedelta(hours=23)
        assert start_of_day(date(2024, 3, 10), load("America/Havana")) == day.start

    def test_a_day_after_a_skipped_one_ends_the_day_before(self) -> None:
        # Apia skipped 30 December 2011: a day on the 29th ends when the 31st begins.
        (day,) = parse_schedule(with_event('zone = "Pacific/Apia"\nstart = 2011-12-29\n')).events
        assert day.last_day == date(2011, 12, 29)
        feed = calendar_bytes(
            parse_schedule(with_event('zone = "Pacific/Apia"\nstart = 2011-12-29\n'))
        )
        assert b"DTEND;VALUE=DATE:20111230" in feed

    @pytest.mark.parametrize(
        ("body", "key", "says"),
        [
            (
                'zone = "Pacific/Apia"\nstart = 2011-12-30\n',
                "start",
                "2011-12-30 did not happen in Pacific/Apia",
            ),
            ("start = 2024-11-14\nend = 2024-11-16T10:00:00\n", "end", "end must be one too"),
            ("start = 2024-11-16\nend = 2024-11-14\n", "end", "before the first"),
            ("start = 2024-11-14\nduration = 60\n", "duration", "need no duration"),
            (
                'start = 2024-11-14\nend_zone = "America/Sao_Paulo"\n',
                "end_zone",
                "leave out end_zone",
            ),
            (
                'start = 2024-11-14\nstart_certainty = "approximate"\n',
                "start_certainty",
                "use status",
            ),
            ("start = 2024-01-01\nend = 2026-01-01\n", "end", "more than a year"),
            ("start = 2300-01-01\n", "start", "outside the years"),
            (
                'start = 2024-11-17T16:30:00\nduration = 60\nend_zone = "Mars/Olympus"\n',
                "end_zone",
                "unknown time zone",
            ),
            (
                'start = 2024-11-17T16:30:00\nend = 2024-11-17T17:10:00\nend_zone = "Asia/Tokyo"\n',
                "end",
                "before start",
            ),
        ],
    )
    def test_one_clear_problem_on_its_line(self, body: str, key: str, says: str) -> None:
        text = with_event(body)
        (problem,) = problems(text)
        line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith(f"{key} ="))
        assert problem.startswith(f'trip.toml:{line}: event "x": ')
        assert says in problem


class TestTheLedgerState:
    def test_states_round_trip(self, trip: dict[str, Event]) -> None:
        for event in trip.values():
            again = event_from_state(event_state(event))
            assert again == event
            assert again.end_zone.key == event.end_zone.key

    def test_an_older_state_reads_as_its_defaults(self, trip: dict[str, Event]) -> None:
        summit = event_state(trip["summit"])
        assert not {"end_zone", "whole_days", "zone_name", "end_zone_name"} & set(summit)
        assert "end_zone" in event_state(trip["flight"])
        assert event_state(trip["apec"])["whole_days"] is True

    def test_the_end_zone_is_part_of_what_subscribers_see(self) -> None:
        schedule = parse_schedule(TRIP)
        flight = schedule.event("flight")
        same_instant = Event(
            flight.id,
            flight.title,
            flight.start,
            flight.end.astimezone(LIMA),
            kind=flight.kind,
        )
        assert same_instant.duration == flight.duration
        assert fingerprint(schedule, same_instant) != fingerprint(schedule, flight)


class TestWords:
    def test_a_flight_in_its_own_clocks(self, trip: dict[str, Event]) -> None:
        assert one_line(trip["flight"], TOKYO) == (
            "16:30 Lima → 23:10 Rio de Janeiro (06:30 → 11:10 Tokyo, +1 day)"
        )
        assert (
            one_line(trip["session-1"], TOKYO)
            == "~10:00–12:30 Rio de Janeiro (~22:00–Tue 19 Nov 00:30 Tokyo)"
        )
        assert one_line(trip["apec"], TOKYO) == "Thu 14 Nov – Sat 16 Nov 2024, Lima dates"

    def test_the_description_says_each_clock(self, trip: dict[str, Event]) -> None:
        schedule = parse_schedule(TRIP)
        flight = describe_event(trip["flight"], schedule).splitlines()
        assert flight[:2] == [
            "Lima time (UTC-05:00): Sun 17 Nov 2024, 16:30 to 23:10 Rio de Janeiro time (UTC-03:00)",
            "Tokyo time (UTC+09:00): Mon 18 Nov 2024 (+1 day), 06:30 to 11:10",
        ]
        session = describe_event(trip["session-1"], schedule).splitlines()
        assert session[0].startswith(
            "Rio de Janeiro time (UTC-03:00): Mon 18 Nov 2024, about 10:00"
        )
        apec = describe_event(trip["apec"], schedule).splitlines()
        assert apec[0] == "Lima dates: Thu 14 Nov 2024 to Sat 16 Nov 2024 (whole days)"
        assert not any(line.startswith("Tokyo time") for line in apec)

    def test_history_names_each_clock_and_keeps_the_certainty(self, trip: dict[str, Event]) -> None:
        def added(event: Event) -> str:
            change = Change(ChangeKind.ADDED, event.id, 0, None, event_state(event))
            return describe_change(change, "Asia/Tokyo")

        assert added(trip["session-1"]) == (
            "“G20 Session I” added: about 10:00 to 12:30 on 18 November Rio de Janeiro time "
            "(about 22:00 on 18 November to 0:30 on 19 November in Tokyo)"
        )
        assert added(trip["flight"]) == (
            "“Flight to Rio de Janeiro” added: 16:30 on 17 November Lima time to 23:10 on "
            "17 November Rio de Janeiro time (6:30–11:10 on 18 November in Tokyo)"
        )
        assert added(trip["apec"]) == (
            "“APEC Economic Leaders' Week” added: whole days, 14–16 November, Lima dates"
        )
        unannounced = Event(
            "lunch",
            "Luncheon",
            datetime(2024, 11, 17, 12, 45, tzinfo=LIMA),
            datetime(2024, 11, 17, 14, 15, tzinfo=LIMA),
            end_certainty=Certainty.NOT_ANNOUNCED,
        )
        assert added(unannounced) == (
            "“Luncheon” added: 12:45–14:15 on 17 November Lima time (2:45–4:15 on 18 "
            "November in Tokyo), end not announced"
        )

    def test_a_move_keeps_about(self, trip: dict[str, Event]) -> None:
        before = event_state(trip["session-1"])
        after = dict(before, start="2024-11-18T13:30:00Z")
        change = Change(ChangeKind.CHANGED, "session-1", 1, before, after)
        assert "moved from about 10:00 to about 10:30 Rio de Janeiro time" in describe_change(
            change, "Asia/Tokyo"
        )

    def test_whole_days_are_worded_as_days_when_added_moved_or_switched(
        self, trip: dict[str, Event]
    ) -> None:
        def changed(before: dict[str, object], after: dict[str, object]) -> str:
            return describe_change(Change(ChangeKind.CHANGED, "x", 1, before, after), "Asia/Tokyo")

        apia = load("Pacific/Apia")  # 30 December 2011 did not happen there
        day = Event(
            "d",
            "Day",
            start_of_day(date(2011, 12, 29), apia),
            start_of_day(date(2011, 12, 30), apia),
            whole_days=True,
        )
        assert describe_change(
            Change(ChangeKind.ADDED, "d", 0, None, event_state(day)), "Asia/Tokyo"
        ).endswith("added: whole days, 29 December, Apia dates")
        apec = event_state(trip["apec"])
        later = event_state(on_days(trip["apec"], date(2024, 11, 15), date(2024, 11, 18)))
        assert changed(apec, later).endswith(
            ": days now 15–17 November (were 14–16 November), Lima dates"
        )
        assert "0:00" not in changed(apec, later)
        timed = event_state(trip["summit"])
        as_day = event_state(
            on_days(
                trip["summit"],
                date(2024, 11, 17),
                date(2024, 11, 18),
                whole_days=True,
                end_certainty=Certainty.EXACT,
            )
        )
        assert changed(timed, as_day).endswith(
            ": now whole days, 17 November, Lima dates; was 10:50 to about 12:00 on "
            "17 November Lima time (0:50 to about 2:00 on 18 November in Tokyo)"
        )
        assert changed(as_day, timed).endswith(
            ": now 10:50 to about 12:00 on 17 November Lima time (0:50 to about 2:00 on "
            "18 November in Tokyo); was whole days, 17 November, Lima dates"
        )

    def test_a_move_to_another_year_says_both_years(self, trip: dict[str, Event]) -> None:
        def changed(event: Event, later: Event) -> str:
            change = Change(ChangeKind.CHANGED, event.id, 1, event_state(event), event_state(later))
            return describe_change(change, "Asia/Tokyo")

        summit = trip["summit"]
        a_year_on = replace(
            summit, start=summit.start.replace(year=2025), end=summit.end.replace(year=2025)
        )
        assert "moved from 10:50 on 17 November 2024 to 10:50 on 17 November 2025 Lima time" in (
            changed(summit, a_year_on)
        )
        apec = trip["apec"]
        days = on_days(apec, date(2025, 11, 14), date(2025, 11, 17))
        assert changed(apec, days).endswith(
            "days now 14–16 November 2025 (were 14–16 November 2024), Lima dates"
        )
        new_year = on_days(apec, date(2024, 12, 30), date(2025, 1, 3))
        tokyo_days = on_days(apec, date(2024, 12, 31), date(2025, 1, 2), TOKYO)
        moved = on_days(tokyo_days, date(2025, 1, 1), date(2025, 1, 3), TOKYO)
        assert changed(tokyo_days, moved).endswith(  # Tokyo's years, not UTC's
            "days now 1–2 January 2025 (were 31 December 2024 to 1 January 2025), Tokyo dates"
        )
        added = Change(ChangeKind.ADDED, "apec", 0, None, event_state(new_year))
        assert describe_change(added, "Asia/Tokyo").endswith(
            "whole days, 30 December 2024 to 2 January 2025, Lima dates"
        )

    def test_the_home_clock_is_worded_by_the_schedules_name_for_it(self) -> None:
        """``home_zone = "Rio de Janeiro"``: history says "in Rio de Janeiro", as the
        table does, never "in São Paulo"."""
        text = trip_schedule("summit").replace('"Asia/Tokyo"', '"Rio de Janeiro"')
        schedule = parse_schedule(text)
        change = Change(ChangeKind.ADDED, "summit", 0, None, event_state(schedule.events[0]))
        words = history_lines(
            [Version("trip", 1, datetime(2024, 11, 20, tzinfo=UTC), (change,))],
            schedule.home_zone.key,
            place_of(schedule, schedule.home_zone),
        )[1]
        assert words.endswith("(12:50 to about 14:00 on 17 November in Rio de Janeiro)"), words
        assert "São Paulo" not in describe_event(schedule.events[0], schedule)

    def test_a_moved_flight_says_the_day_it_now_lands(self, trip: dict[str, Event]) -> None:
        before = event_state(trip["flight"])
        flight = trip["flight"]
        later = replace(
            flight,
            start=flight.start + timedelta(hours=6),
            end=flight.end + timedelta(hours=7),
        )
        text = describe_change(
            Change(ChangeKind.CHANGED, "flight", 1, before, event_state(later)), "Asia/Tokyo"
        )
        assert "now ends at 6:10 on 18 November Rio de Janeiro time" in text, text


class TestViews:
    def test_json_gives_the_end_in_its_zone_and_the_days(self) -> None:
        data = schedule_json(parse_schedule(TRIP))
        events = {event["id"]: event for event in data["events"]}
        flight = events["flight"]["end"]["local"]
        assert (flight["time"], flight["zone"], flight["offset"]) == (
            "2024-11-17T23:10",
            "America/Sao_Paulo",
            "UTC-03:00",
        )
        assert events["apec"]["days"] == {"first": "2024-11-14", "last": "2024-11-16"}
        assert events["apec"]["whole_days"] and not events["summit"]["whole_days"]

    def test_the_table_shows_each_event_in_its_own_clock(self) -> None:
        table = render_table(parse_schedule(TRIP))
        lines = table.splitlines()
        assert lines[1] == (
            "Zones: local time is each event's own: Lima (America/Lima, UTC-05:00), Rio de Janeiro "
            "(America/Sao_Paulo, UTC-03:00); home: Tokyo (Asia/Tokyo, UTC+09:00)"
        )
        assert lines[3].startswith("Local time ")
        session = next(line for line in lines if "G20 Session I" in line)
        assert session.startswith("~10:00–12:30 "), "Rio's event in Rio's clock, not Lima's"
        flight = next(line for line in lines if "Flight" in line)
        assert flight.startswith("16:30 Lima → 23:10 Rio de Janeiro   06:30 → 11:10 ")
        assert any(line.startswith("Mon 18 Nov 2024 · Rio de Janeiro") for line in lines)
        assert any(line.startswith("Thu 14 Nov – Sat 16 Nov ") and "APEC" in line for line in lines)

    def test_the_schedule_zone_asked_for_in_a_trip_gets_its_column(self) -> None:
        """A trip's local column is no one zone's: ``--zone America/Lima`` (the
        schedule's) adds Lima's clock, where Rio's session reads two hours earlier."""
        lines = render_table(parse_schedule(TRIP), (LIMA,)).splitlines()
        assert lines[3].split() == ["Local", "time", "Tokyo", "Lima", "Event"]
        session = next(line for line in lines if "G20 Session I" in line)
        assert session.split()[:3] == ["~10:00–12:30", "~22:00–Tue", "19"]
        assert session.split()[5] == "~08:00–10:30"

    def test_a_call_timed_in_the_home_clock_leaves_the_schedule_in_one_place(self) -> None:
        """One event timed in Tokyo (the home zone) is no trip: Lima's column shows it
        in Lima's clock, the day before ("-1 day"), as for any schedule."""
        text = with_event('start = 2024-11-18T09:00:00\nduration = 30\nzone = "Tokyo"\n')
        lines = render_table(parse_schedule(text)).splitlines()
        assert lines[3].split() == ["Lima", "Tokyo", "Event"]
        call = lines.index(next(line for line in lines if line.endswith(" X")))
        assert lines[call].split()[:2] == ["19:00–19:30", "09:00–09:30"]
        assert lines[call - 1].split()[:5] == ["Sun", "17", "Nov", "2024", "(-1"]

    def test_a_trip_without_a_home_zone_has_no_second_column_of_its_zone(self) -> None:
        text = trip_schedule("summit", "session-1").replace('home_zone = "Asia/Tokyo"\n', "")
        lines = render_table(parse_schedule(text)).splitlines()
        assert lines[3].split() == ["Local", "time", "Event"]
        assert "home" not in lines[1]

    def test_an_event_named_by_another_city_of_the_same_zone_makes_a_trip(self) -> None:
        """A São Paulo schedule with one event timed "Rio de Janeiro": same clock,
        another place, which its day row names."""
        text = trip_schedule("summit").replace('"America/Lima"', '"America/Sao_Paulo"')
        text += trip_events("session-1", rio="Rio de Janeiro")
        lines = render_table(parse_schedule(text)).splitlines()
        assert any(line.startswith("Mon 18 Nov 2024 · Rio de Janeiro") for line in lines)
        assert any(line.startswith("Sun 17 Nov 2024 · São Paulo") for line in lines)

    def test_a_city_names_only_the_column_asked_for_and_by_its_own_name(self) -> None:
        """ "Tehran, Iran" heads Tehran's column "Tehran" (not a namesake's alternate
        name); a name given for the schedule's own zone renames nothing."""
        schedule = read_schedule(ROOT / "examples" / "japan-peru-2024.toml")
        tehran = load("Asia/Tehran")
        assert written_place("Tehran, Iran", tehran) == ""  # Tehran is the zone's city
        lines = render_table(schedule, (tehran, LIMA), {"America/Lima": "Callao"}).splitlines()
        assert lines[3].split()[:3] == ["Lima", "Tokyo", "Tehran"]
        # An event timed "America/Sao_Paulo" in a schedule whose home is named Rio: the
        # home clock, so no trip.
        text = trip_schedule("summit").replace('"Asia/Tokyo"', '"Rio de Janeiro"')
        text += trip_events("session-1", rio="America/Sao_Paulo")
        assert not any(" · " in line for line in render_table(parse_schedule(text)).splitlines())

    def test_a_zone_asked_for_by_a_city_is_named_by_it(
        self, run: Callable[..., Result], tmp_path: Path
    ) -> None:
        path = tmp_path / "trip.toml"
        path.write_text(TRIP, encoding="utf-8")
        result = run("show", str(path), "--zone", "rio de janeiro")
        assert result.exit_code == 0, result.output
        assert result.output.splitlines()[3].split()[3:6] == ["Rio", "de", "Janeiro"]
        assert "São Paulo" not in result.output

    def test_a_schedule_zone_named_by_a_city_names_its_columns(self) -> None:
        """``zone = "Rio de Janeiro"`` is São Paulo's clock, shown as Rio's everywhere:
        the table's heading, the Zones line, the feed's DESCRIPTION, the ledger."""
        text = TRIP.split("[[events]]")[0].replace('"America/Lima"', '"Rio de Janeiro"')
        text = text.replace('home_zone = "Asia/Tokyo"', 'home_zone = "Rio de Janeiro"')
        text += '[[events]]\nid = "x"\ntitle = "X"\nstart = 2024-11-18T10:00:00\nduration = 30\n'
        schedule = parse_schedule(text)
        assert (schedule.zone_name, schedule.home_zone_name) == ("Rio de Janeiro",) * 2
        lines = render_table(schedule).splitlines()
        assert lines[1] == "Zones: Rio de Janeiro is America/Sao_Paulo (local, UTC-03:00)"
        assert lines[3].split()[:3] == ["Rio", "de", "Janeiro"]
        assert "São Paulo" not in render_table(schedule, (TOKYO,))
        description = describe_event(schedule.events[0], schedule)
        assert description.startswith("Rio de Janeiro time (UTC-03:00): Mon 18 Nov 2024")
        assert "São Paulo" not in description
        stored = schedule_from_state(schedule_state(schedule), schedule.events)
        assert (stored.zone_name, stored.home_zone_name) == ("Rio de Janeiro",) * 2
        plain = schedule_state(parse_schedule(TRIP))
        assert "zone_name" not in plain and "home_zone_name" not in plain

    def test_check_names_every_clock(self, run: Callable[..., Result], tmp_path: Path) -> None:
        path = tmp_path / "trip.toml"
        path.write_text(TRIP, encoding="utf-8")
        result = run("check", str(path))
        assert result.exit_code == 0, result.output
        assert result.output.endswith(
            "OK, 5 events in Lima (America/Lima) and Rio de Janeiro (America/Sao_Paulo), "
            "shown also in Tokyo (Asia/Tokyo)\n"
        )


def test_the_bundled_trip_reads_and_keeps_its_clocks() -> None:
    trip = read_schedule(Path(__file__).parents[1] / "examples" / "japan-trip-2024-11.toml")
    zones = {event.zone.key for event in trip.events} | {e.end_zone.key for e in trip.events}
    assert {"America/Lima", "America/Sao_Paulo", "Asia/Tokyo"} <= zones
    assert any(event.whole_days for event in trip.events)
    assert any(event.end_zone.key != event.zone.key for event in trip.events)
    for event in trip.events:
        assert event.source and event.url.startswith("https://"), event.id


TRIP_EXAMPLE = Path(__file__).parents[1] / "examples" / "japan-trip-2024-11.toml"
GOLDEN = Path(__file__).parent / "golden"


def test_the_bundled_trip_feed_is_its_golden_file_and_lints_clean() -> None:
    feed = calendar_bytes(read_schedule(TRIP_EXAMPLE))
    golden(GOLDEN / "japan-trip-2024-11.ics", feed)
    assert lint(feed) == []


@pytest.mark.parametrize("reader", sorted(READERS))
def test_every_client_reads_the_trip_at_the_same_instants_and_dates(reader: str) -> None:
    schedule = read_schedule(TRIP_EXAMPLE)
    read = READERS[reader](calendar_bytes(schedule))
    expected: dict[str, tuple[object, object]] = {}
    for event in schedule.events:
        uid = event_uid(schedule, event)
        if event.whole_days:
            expected[uid] = (event.start.date(), event.end.date())  # DTEND: the day after
        else:
            expected[uid] = (event.start.astimezone(UTC), event.end.astimezone(UTC))
    assert read == expected
