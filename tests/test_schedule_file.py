"""Schedule files: the example's honest model, and one clear message per mistake."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, timedelta
from pathlib import Path

import pytest

from summitcal.model import Certainty, Kind, Schedule, Status
from summitcal.schedule_file import ScheduleFileError, check_schedule, parse_schedule, read_schedule

Write = Callable[..., Path]

EVENT = """
[[events]]
id = "{id}"
title = "Meeting"
start = {start}
duration = {duration}
"""


def event(
    id: str = "meeting", start: str = "2024-11-17T10:50:00", duration: int = 60, extra: str = ""
) -> str:
    return EVENT.format(id=id, start=start, duration=duration) + extra


def problems(path: Path) -> list[str]:
    with pytest.raises(ScheduleFileError) as caught:
        read_schedule(path)
    return [str(problem) for problem in caught.value.problems]


class TestTheExample:
    def test_times_in_lima_and_tokyo(self, example: Schedule) -> None:
        assert example.zone.key == "America/Lima"
        assert example.home_zone.key == "Asia/Tokyo"
        starts = {
            e.id: e.start.astimezone(example.home_zone).strftime("%d %H:%M") for e in example.events
        }
        assert starts["summit-meeting"] == "18 00:50"
        assert starts["luncheon"] == "18 02:45"

    def test_says_what_is_stated_and_what_is_estimated(self, example: Schedule) -> None:
        meeting, statement, press, lunch = example.events
        assert (meeting.id, meeting.start_certainty, meeting.end_certainty) == (
            "summit-meeting",
            Certainty.EXACT,
            Certainty.APPROXIMATE,
        )
        assert meeting.duration == timedelta(minutes=70)
        assert meeting.location is not None and "Presidential Palace" in meeting.location.name
        for unannounced in (statement, press):
            assert unannounced.start_certainty is Certainty.NOT_ANNOUNCED
            assert unannounced.end_certainty is Certainty.NOT_ANNOUNCED
            assert "afterwards" in unannounced.source
        assert (statement.follows, press.follows) == ("summit-meeting", "joint-statement")
        assert press.kind is Kind.PRESS_CONFERENCE
        assert (lunch.start.hour, lunch.start.minute, lunch.start_certainty) == (
            12,
            45,
            Certainty.EXACT,
        )
        assert lunch.end_certainty is Certainty.NOT_ANNOUNCED
        assert press.end <= lunch.start, "the estimates must not overlap the announced luncheon"

    def test_revision_is_utc(self, example: Schedule) -> None:
        assert example.revision is not None and example.revision.tzinfo is UTC


class TestTimes:
    def test_duration_is_elapsed_time_across_a_dst_change(self, write_schedule: Write) -> None:
        # Clocks in Paris go back at 03:00 on 27 October 2024: 120 minutes from 01:30
        # end at 02:30 on the second pass, not at 03:30.
        schedule = read_schedule(
            write_schedule(event(start="2024-10-27T01:30:00", duration=120), zone="Europe/Paris")
        )
        meeting = schedule.events[0]
        assert meeting.end.astimezone(UTC) - meeting.start.astimezone(UTC) == timedelta(hours=2)
        assert (meeting.end.hour, meeting.end.minute, meeting.end.utcoffset()) == (
            2,
            30,
            timedelta(hours=1),
        )

    def test_end_may_read_earlier_than_start_after_clocks_go_back(
        self, write_schedule: Write
    ) -> None:
        # 02:45 (first pass, UTC+02:00) to 02:15 (second pass, UTC+01:00) is 30 minutes.
        text = event(start="2024-10-27T02:45:00", duration=30, extra='disambiguate = "earlier"\n')
        meeting = read_schedule(write_schedule(text, zone="Europe/Paris")).events[0]
        assert (meeting.end.hour, meeting.end.minute, meeting.end.fold) == (2, 15, 1)
        assert meeting.duration == timedelta(minutes=30)

    def test_end_as_wall_time(self, write_schedule: Write) -> None:
        text = '\n[[events]]\nid = "m"\ntitle = "M"\nstart = 2024-11-17T10:50:00\nend = 2024-11-17T12:00:00\n'
        assert read_schedule(write_schedule(text)).events[0].duration == timedelta(minutes=70)

    def test_event_zone_overrides_schedule_zone(self, write_schedule: Write) -> None:
        schedule = read_schedule(write_schedule(event(extra='zone = "Japan time"\n')))
        assert schedule.events[0].zone.key == "Asia/Tokyo"

    def test_gap_with_a_policy_is_accepted(self, write_schedule: Write) -> None:
        text = event(start="2024-03-31T02:30:00", extra='disambiguate = "compatible"\n')
        schedule = read_schedule(write_schedule(text, zone="Europe/Paris"))
        assert schedule.events[0].start.isoformat() == "2024-03-31T03:30:00+02:00"

    def test_events_are_in_order_of_start(self, write_schedule: Write) -> None:
        text = event("late", "2024-11-17T15:00:00") + event("early", "2024-11-17T09:00:00")
        assert [e.id for e in read_schedule(write_schedule(text)).events] == ["early", "late"]


class TestBadInput:
    def test_malformed_toml_names_the_line(self, write_schedule: Write) -> None:
        path = write_schedule(event() + "title = \n")
        [message] = problems(path)
        assert message.startswith(f"{path}:14: not valid TOML")

    def test_unknown_key_with_suggestion(self, write_schedule: Write) -> None:
        path = write_schedule(event(extra='locaton = "Lima"\n'))
        assert problems(path) == [
            f'{path}:14: event "meeting": unknown key "locaton"; did you mean "location"?'
        ]

    def test_unknown_zone(self, write_schedule: Write) -> None:
        path = write_schedule(event(extra='zone = "Asia/Tokio"\n'))
        [message] = problems(path)
        assert message.startswith(
            f"{path}:14: event \"meeting\": zone: unknown time zone 'Asia/Tokio'"
        )
        assert "Asia/Tokyo" in message

    def test_time_in_a_gap(self, write_schedule: Write) -> None:
        path = write_schedule(event(start="2024-03-31T02:30:00"), zone="Europe/Paris")
        assert problems(path) == [
            f'{path}:12: event "meeting": start 2024-03-31 02:30 does not exist in Europe/Paris: '
            "clocks jump from 02:00 to 03:00 (UTC+01:00 to UTC+02:00); give a time outside the "
            'gap, or set disambiguate = "compatible"'
        ]

    def test_time_in_a_fold(self, write_schedule: Write) -> None:
        path = write_schedule(event(start="2024-11-03T01:30:00"), zone="America/New_York")
        [message] = problems(path)
        assert "occurs twice in America/New_York" in message
        assert 'disambiguate = "earlier"' in message

    def test_end_before_start(self, write_schedule: Write) -> None:
        text = '\n[[events]]\nid = "m"\ntitle = "M"\nstart = 2024-11-17T10:50:00\nend = 2024-11-17T09:50:00\n'
        path = write_schedule(text)
        assert problems(path) == [
            f'{path}:13: event "m": end 2024-11-17 09:50 is before start 2024-11-17 10:50; '
            "check the date and the 24-hour time"
        ]

    def test_duplicate_ids(self, write_schedule: Write) -> None:
        path = write_schedule(event("lunch") + event("lunch", "2024-11-17T12:45:00"))
        assert problems(path) == [
            f'{path}:16: event "lunch": duplicate id: event #1 has it too; give every event its own id'
        ]

    def test_missing_required_keys(self, write_schedule: Write) -> None:
        path = write_schedule("\n[[events]]\nstart = 2024-11-17T10:50:00\nduration = 5\n")
        assert problems(path) == [
            f'{path}:9: event #1: missing "id"; add id = "..."',
            f'{path}:9: event #1: missing "title"; add title = "..."',
        ]

    def test_missing_schedule_table(self, write_schedule: Write) -> None:
        path = write_schedule(event(), header="")
        assert any("no [schedule] table" in message for message in problems(path))

    def test_offset_in_start_is_refused(self, write_schedule: Write) -> None:
        path = write_schedule(event(start="2024-11-17T10:50:00-05:00"))
        [message] = problems(path)
        assert "has a UTC offset" in message and "zone = " in message

    def test_quoted_start_is_refused_with_the_fix(self, write_schedule: Write) -> None:
        path = write_schedule(event(start='"2024-11-17 10:50"'))
        [message] = problems(path)
        assert "write a local date-time: start = 2024-11-17T10:50:00 (no quotes)" in message

    def test_every_problem_is_reported_not_just_the_first(self, write_schedule: Write) -> None:
        text = (
            event("a", extra='kind = "banquet"\n')
            + event("b", start="2024-03-31T02:30:00")
            + event("c", extra='follows = "nobody"\nstatus = "maybe"\n')
        )
        messages = problems(write_schedule(text, zone="Europe/Paris"))
        assert len(messages) == 4
        assert [m.split(": ")[1] for m in messages] == [
            'event "a"',
            'event "b"',
            'event "c"',
            'event "c"',
        ]

    def test_unreadable_file(self, tmp_path: Path) -> None:
        assert problems(tmp_path / "missing.toml") == [
            f"{tmp_path / 'missing.toml'}: no such file; check the path"
        ]
        assert problems(tmp_path) == [f"{tmp_path}: is a folder, not a schedule file"]

    def test_binary_file(self, tmp_path: Path) -> None:
        path = tmp_path / "visit.toml"
        path.write_bytes(b"[schedule]\n\xff\xfe\x00")
        [message] = problems(path)
        assert message == f"{path}:2: not UTF-8 text (byte 11); save the schedule file as UTF-8"

    def test_bad_id_and_geo(self, write_schedule: Write) -> None:
        path = write_schedule(
            event("Summit Meeting", extra='location = "Palace"\ngeo = [200, 5]\n')
        )
        messages = problems(path)
        assert len(messages) == 2
        assert "lowercase letters, digits and hyphens" in messages[0]
        assert "geo must be [latitude, longitude]" in messages[1]


def test_missing_revision_is_a_warning_not_an_error() -> None:
    text = '[schedule]\nid = "v"\ntitle = "V"\nzone = "Lima"\n' + event()
    schedule, errors, warnings = check_schedule(text, "v.toml")
    assert schedule is not None and errors == []
    assert [str(w) for w in warnings] == [
        "v.toml:1: [schedule]: no revision: the feed's DTSTAMP will be 1970-01-01; add "
        "revision = 2024-11-17T09:00:00Z and raise it with every change"
    ]
    assert schedule.home_zone.key == "America/Lima"


def test_status_and_kind_are_read() -> None:
    text = '[schedule]\nid = "v"\ntitle = "V"\nzone = "Lima"\nrevision = 2024-01-01T00:00:00Z\n'
    schedule = parse_schedule(text + event(extra='status = "cancelled"\nkind = "meal"\n'))
    assert (schedule.events[0].status, schedule.events[0].kind) == (Status.CANCELLED, Kind.MEAL)
