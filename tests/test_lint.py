"""summitcal lint: what it finds in stock and hand-made feeds, nothing in ours, never a crash."""

from __future__ import annotations

import http.server
import subprocess
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import icalendar
import pytest
import vobject
from click.testing import Result
from hypothesis import given, settings
from hypothesis import strategies as st

from summitcal.ical import calendar_bytes
from summitcal.ical.lint import lint
from summitcal.schedule_file import read_schedule
from trip_schedule import trip_schedule

from conftest import EXAMPLE, GOLDEN, ROOT
from parsers import LIBICAL_READER, READERS

Run = Callable[..., Result]
FILES = ROOT / "tests" / "files" / "lint"
# RFC 5545's CONTROL but LF (the line end itself): %x00-08 / %x0B-1F / %x7F
FORBIDDEN = [chr(code) for code in [*range(0x09), *range(0x0B, 0x20), 0x7F]]
C1 = [chr(code) for code in range(0x80, 0xA0)]


def codes(data: bytes) -> list[tuple[int | None, str]]:
    return [(finding.line, finding.code) for finding in lint(data)]


def test_our_example_feed_is_clean() -> None:
    assert lint((GOLDEN / "japan-peru-2024.ics").read_bytes()) == []


def test_our_feed_is_no_itip_message() -> None:
    """No METHOD: a METHOD:PUBLISH without an ORGANIZER in every event fails libical's
    restriction check (the conformance suite's libical reader runs it on every feed)."""
    feed = calendar_bytes(read_schedule(EXAMPLE))
    assert b"\r\nMETHOD:" not in feed
    assert "METHOD" not in icalendar.Calendar.from_ical(feed)


def _with_method(extra: bytes = b"") -> bytes:
    feed = (GOLDEN / "japan-peru-2024.ics").read_bytes()
    feed = feed.replace(b"CALSCALE:GREGORIAN\r\n", b"CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n")
    return feed.replace(b"BEGIN:VEVENT\r\n", b"BEGIN:VEVENT\r\n" + extra)


def test_a_publish_without_organizers_is_an_error_at_its_method_line() -> None:
    feed = _with_method()
    line = feed.split(b"\r\n").index(b"METHOD:PUBLISH") + 1
    (finding,) = lint(feed)
    assert (finding.line, finding.code, finding.severity) == (
        line,
        "publish-without-organizer",
        "error",
    )
    assert "4 of 4 events" in finding.message


def test_libicals_reader_refuses_what_lint_calls_a_publish_without_organizers(
    tmp_path: Path,
) -> None:
    """The conformance suite's libical reader runs Evolution's restriction check, so every
    feed it reads there passes it; the same feed with METHOD:PUBLISH does not."""
    ours, theirs = tmp_path / "ours.ics", tmp_path / "publish.ics"
    ours.write_bytes((GOLDEN / "japan-peru-2024.ics").read_bytes())
    theirs.write_bytes(_with_method())
    read = [str(LIBICAL_READER)]
    assert subprocess.run([*read, str(ours)], capture_output=True, check=False).returncode == 0
    refused = subprocess.run([*read, str(theirs)], capture_output=True, text=True, check=False)
    assert refused.returncode == 2
    assert "restriction check" in refused.stderr and "ORGANIZER" in refused.stderr


def test_a_publish_whose_events_all_have_an_organizer_is_fine() -> None:
    organizer = b"ORGANIZER;CN=Press office:mailto:press@example.org\r\n"
    assert codes(_with_method(organizer)) == []


def test_stock_icalendar_output_shows_every_interop_trap() -> None:
    """icalendar's add_missing_timezones(), as INTEROP.md describes it."""
    found = codes((FILES / "stock-icalendar.ics").read_bytes())
    assert (15, "multi-value-rdate") in found  # America/New_York
    assert (67, "multi-value-rdate") in found  # Europe/Paris
    assert (66, "onset-after-jump") in found
    assert (58, "vtimezone-comment") in found
    assert (113, "vtimezone-disagrees") in found  # an event in 2040, past the 2038 window
    assert (119, "ambiguous-time") in found  # 01:30 on the night New York's clocks go back
    assert (120, "duration-across-change") in found
    assert (1, "no-calendar-name") in found


def test_hand_made_mistakes_each_found_once_on_their_line() -> None:
    assert codes((FILES / "mistakes.ics").read_bytes()) == [
        (5, "refresh-interval-value"),
        (6, "published-ttl"),
        (8, "abbreviation-tzid"),
        (17, "dtstamp-not-utc"),
        (21, "split-character"),
        (23, "dtend-and-duration"),
        (24, "duplicate-uid"),
        (26, "missing-vtimezone"),
        (27, "missing-vtimezone"),
        (31, "missing-uid"),
        (33, "floating-time"),
        (34, "floating-time"),
        (35, "unfolded-line"),
    ]


def test_bare_lf_and_non_iana_tzid() -> None:
    data = (GOLDEN / "japan-peru-2024.ics").read_bytes().replace(b"\r\n", b"\n")
    data = data.replace(b"America/Lima", b"SA Pacific Standard Time")
    found = lint(data)
    assert [f.code for f in found][:2] == ["bare-lf", "non-iana-tzid"]
    assert "America/Bogota is the IANA name" in found[1].message


@pytest.mark.parametrize("data", [b"", b"hello\n", b"\x00\xff\xfe" * 100, b"BEGIN:VEVENT\r\n"])
def test_not_icalendar(data: bytes) -> None:
    assert "not-icalendar" in [f.code for f in lint(data)]


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=2000) | st.text(max_size=2000).map(str.encode))
def test_never_crashes(data: bytes) -> None:
    for finding in lint(data):
        assert finding.severity in ("error", "warning")


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=4000), st.binary(min_size=1, max_size=40))
def test_never_crashes_on_a_damaged_feed(position: int, garbage: bytes) -> None:
    data = (GOLDEN / "japan-peru-2024.ics").read_bytes()
    lint(data[:position] + garbage + data[position:])


def feed(*lines: bytes) -> bytes:
    """A calendar lint finds nothing in, with ``lines`` (from line 10) in its one event."""
    head = [
        b"BEGIN:VCALENDAR",
        b"VERSION:2.0",
        b"PRODID:-//summitcal//tests//EN",
        b"X-WR-CALNAME:Tests",
        b"BEGIN:VEVENT",
        b"UID:lunch@example.org",
        b"DTSTAMP:20240101T000000Z",
        b"DTSTART:20240105T030000Z",
        b"DTEND:20240105T040000Z",
    ]
    return b"\r\n".join([*head, *lines, b"END:VEVENT", b"END:VCALENDAR", b""])


def test_htab_is_allowed() -> None:
    """HTAB is the one control RFC 5545 allows in a value, and as a fold's first octet."""
    assert lint(feed(b"SUMMARY:Lunch", b"DESCRIPTION:Soup\tand", b"\tbread\t")) == []


def test_bare_cr_forges_an_event_in_vobject() -> None:
    forged = b"SUMMARY:Lunch\rEND:VEVENT\rBEGIN:VEVENT\rUID:forged\rSUMMARY:Forged"
    data = feed(b"DESCRIPTION:Soup", forged)
    assert codes(data) == [(11, "bare-cr")]
    assert "vobject (Radicale) ends the line there" in lint(data)[0].message
    # the consequence is real: vobject (Radicale) sees a second event, icalendar one
    # event whose SUMMARY holds the rest, CRs and all
    uids = [event.uid.value for event in vobject.readOne(data.decode()).vevent_list]
    assert uids == ["lunch@example.org", "forged"]
    events = icalendar.Calendar.from_ical(data).walk("VEVENT")
    assert [str(event["UID"]) for event in events] == ["lunch@example.org"]
    assert str(events[0]["SUMMARY"]).startswith("Lunch\rEND:VEVENT\rBEGIN:VEVENT\r")


def test_bare_cr_makes_vobject_reject_the_feed() -> None:
    data = feed(b"SUMMARY:Lu\rnch")
    assert codes(data) == [(10, "bare-cr")]
    with pytest.raises(vobject.base.ParseError, match="Failed to parse line: nch"):
        vobject.readOne(data.decode())


@pytest.mark.parametrize(
    ("character", "severity", "code", "named"),
    [
        ("\x00", "error", "control-character", "U+0000 (NUL) in DESCRIPTION: "),
        ("\x1b", "error", "control-character", "U+001B (ESC) in DESCRIPTION: "),
        ("\x7f", "error", "control-character", "U+007F (DEL) in DESCRIPTION: "),
        ("\x85", "warning", "c1-control", "C1 control U+0085 (NEL) in DESCRIPTION: "),
    ],
    ids=["NUL", "ESC", "DEL", "NEL"],
)
def test_control_character(character: str, severity: str, code: str, named: str) -> None:
    """Found once for its line, however often it occurs there."""
    text = f"DESCRIPTION:Soup{character} and{character}{character} bread".encode()
    found = lint(feed(b"SUMMARY:Lunch", text))
    assert [(f.line, f.severity, f.code) for f in found] == [(11, severity, code)]
    assert found[0].message.startswith(named)


def test_control_characters_messages() -> None:
    found = lint(feed(b"SUMMARY:\x1b\x00Lunch\x1b"))
    assert [f.message for f in found] == [
        "U+001B (ESC), U+0000 (NUL) in SUMMARY: RFC 5545 forbids control characters in "
        "content lines; icalendar and vobject keep them in the text, shown as nothing or a "
        "box; libical (Evolution) reads the feed as a C string, which ends at the NUL, and "
        "rejects the whole feed; XML 1.0 cannot hold them, so CalDAV and xCal cannot carry "
        "the event (XML parsers reject the response)"
    ]
    assert lint(feed(b"SUMMARY:Caf\xc2\x92s"))[0].message == (
        "C1 control U+0092 (PU2) in SUMMARY: clients show nothing or a box; such characters "
        "usually come from Windows-1252 text decoded as Latin-1"
    )


def test_controls_on_a_folded_line_are_found_on_their_physical_line() -> None:
    # a C1 character split by the fold (also a split-character) is found where it begins
    data = feed(b"DESCRIPTION:Soup and", b" bread\x0b and\xc2", b" \x85cheese\r")
    assert codes(data) == [
        (11, "control-character"),
        (11, "c1-control"),
        (12, "split-character"),
        (12, "bare-cr"),
    ]
    assert all(" in DESCRIPTION: " in f.message for f in lint(data) if f.code != "split-character")


def test_one_finding_per_line_and_code() -> None:
    data = feed(b"SUMMARY:\x00\x01\r\x02\r\xc2\x85\x00\xc2\x86", b"DESCRIPTION:\x1b")
    assert codes(data) == [
        (10, "bare-cr"),
        (10, "control-character"),
        (10, "c1-control"),
        (11, "control-character"),
    ]
    assert lint(data)[1].message.startswith("U+0000 (NUL), U+0001 (SOH), U+0002 (STX) in")


def test_a_cr_that_ends_the_file_is_bare() -> None:
    data = feed()[:-1]
    assert codes(data) == [(11, "bare-cr")]


def test_other_checks_still_run_on_control_characters() -> None:
    data = (FILES / "mistakes.ics").read_bytes()
    data = data.replace(b"SUMMARY:A second event", b"SUMMARY:A\x00 second\r event")
    found = codes(data)
    assert (29, "control-character") in found and (29, "bare-cr") in found
    assert sorted(set(found) - {(29, "control-character"), (29, "bare-cr")}) == sorted(
        codes((FILES / "mistakes.ics").read_bytes())
    )


def test_messages_escape_the_feeds_control_characters() -> None:
    """A value quoted in a message must not reach the terminal as an escape sequence."""
    data = feed().replace(b"DTSTART:20240105T030000Z", b"DTSTART:2024\x1b]0;owned\x07")
    found = lint(data)
    assert [f.code for f in found] == ["control-character", "invalid-time"]
    assert found[1].message.startswith("DTSTART 2024\\x1b]0;owned\\x07 is not a date-time")


OUR_FEED = calendar_bytes(read_schedule(EXAMPLE))


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_a_control_character_anywhere_in_our_feed_is_found_on_its_line(data: st.DataObject) -> None:
    assert b"\n" not in OUR_FEED.replace(b"\r\n", b"")  # every LF has its CR before it
    position = data.draw(st.integers(min_value=0, max_value=len(OUR_FEED)), label="position")
    character = data.draw(st.sampled_from([*FORBIDDEN, *C1]), label="character")
    damaged = OUR_FEED[:position] + character.encode() + OUR_FEED[position:]
    line = OUR_FEED[:position].count(b"\n") + 1
    if character == "\r":
        code = "bare-cr"
    else:
        code = "c1-control" if character in C1 else "control-character"
    found = [f for f in lint(damaged) if f.code == code]
    assert [f.line for f in found] == [line]
    if character != "\r":
        assert f"U+{ord(character):04X} (" in found[0].message


class TestCommand:
    def test_clean_feed(self, run: Run) -> None:
        result = run("lint", str(GOLDEN / "japan-peru-2024.ics"))
        assert result.exit_code == 0
        assert result.output.endswith("japan-peru-2024.ics: no problems found\n")

    def test_errors_exit_1(self, run: Run) -> None:
        result = run("lint", str(FILES / "mistakes.ics"))
        assert result.exit_code == 1
        assert result.output.splitlines()[-1].endswith("mistakes.ics: 7 errors, 6 warnings")

    def test_warnings_alone_exit_0(self, run: Run) -> None:
        data = (GOLDEN / "japan-peru-2024.ics").read_bytes().replace(b"\r\n", b"\n")
        result = run("lint", "-", input=data)
        assert result.exit_code == 0
        assert result.output.startswith("<stdin>:1: warning: ")

    def test_control_characters_do_not_reach_the_terminal(self, run: Run) -> None:
        data = feed(b"SUMMARY:Lunch\x1b[2J\x00\xc2\x9b2J\rX:1")
        data = data.replace(b"DTSTART:20240105T030000Z", b"DTSTART:2024\x1b]0;owned\x07")
        result = run("lint", "-", input=data)
        assert result.exit_code == 1
        assert not [c for c in result.output if (c < " " and c != "\n") or "\x7f" <= c <= "\x9f"]
        assert result.output.splitlines()[-1] == "<stdin>: 4 errors, 1 warning"

    def test_json(self, run: Run) -> None:
        result = run("lint", str(FILES / "mistakes.ics"), "--json")
        assert '"code": "duplicate-uid"' in result.output

    def test_missing_file(self, run: Run, tmp_path: Path) -> None:
        result = run("lint", str(tmp_path / "nope.ics"))
        assert result.exit_code == 1
        assert (
            result.stderr == f"summitcal: {tmp_path / 'nope.ics'}: no such file; check the path\n"
        )


@pytest.fixture
def server() -> Iterator[str]:
    """A real HTTP server on loopback serving the golden files."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, directory=str(GOLDEN), **kwargs)  # type: ignore[arg-type]

        def log_message(self, format: str, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_lint_a_url(run: Run, server: str) -> None:
    result = run("lint", f"{server}/japan-peru-2024.ics")
    assert result.exit_code == 0
    assert result.output == f"{server}/japan-peru-2024.ics: no problems found\n"


def test_lint_a_url_that_is_not_there(run: Run, server: str) -> None:
    result = run("lint", f"{server}/missing.ics")
    assert result.exit_code == 4  # EXIT_NETWORK
    assert (
        result.stderr
        == f"summitcal: {server}/missing.ics: the server answered 404 File not found\n"
    )


def test_lint_a_url_nobody_answers(run: Run) -> None:
    result = run("lint", "http://127.0.0.1:9/feed.ics")
    assert result.exit_code == 4  # EXIT_NETWORK
    assert result.stderr.startswith("summitcal: http://127.0.0.1:9/feed.ics: cannot fetch it (")


# -- values read by icalendar's parsers (summitcal.ical.lint_values) ---------------------


def london_onset(start: str, before: str, after: str, *event: str) -> bytes:
    """A VTIMEZONE for Europe/London of one onset (its DTSTART on line 8), then ``event``."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//summitcal//tests//EN",
        "X-WR-CALNAME:Tests",
        "BEGIN:VTIMEZONE",
        "TZID:Europe/London",
        "BEGIN:DAYLIGHT",
        f"DTSTART:{start}",
        f"TZOFFSETFROM:{before}",
        f"TZOFFSETTO:{after}",
        "END:DAYLIGHT",
        "END:VTIMEZONE",
        *event,
        "END:VCALENDAR",
        "",
    ]
    return "\r\n".join(lines).encode()


@pytest.mark.parametrize(
    ("before", "after"),
    [("+0000", "+0100"), ("-0000", "+0100"), ("+000000", "+010000"), ("-000000", "+010000")],
)
def test_onset_offsets_with_seconds_or_a_negative_zero(before: str, after: str) -> None:
    """London's clocks went forward at 01:00 GMT on 31 March 2024: the onset is 01:00."""
    assert codes(london_onset("20240331T020000", before, after)) == [(8, "onset-after-jump")]
    assert codes(london_onset("20240331T010000", before, after)) == []


@pytest.mark.parametrize("before", ["X0000", "0000", "+0 00", "+00000000", "+０000", "+2400"])
def test_an_offset_not_in_the_rfcs_form_is_not_read(before: str) -> None:
    """vUTCOffset alone reads all but +2400 as +00:00, and the onset would be checked."""
    assert codes(london_onset("20240331T020000", before, "+0100")) == []


@pytest.mark.parametrize(
    ("value", "found"),
    [
        ("20241103T013000", ["missing-vtimezone", "ambiguous-time"]),
        ("20241103T013000Z", ["missing-vtimezone"]),  # UTC: no wall time in New York
        ("202411+3T013000", ["invalid-time"]),  # vDatetime alone reads 3 November
        ("２０２４1103T013000", ["invalid-time"]),  # so does int() for these digits
        ("20241303T013000", ["invalid-time"]),  # month 13
        ("20241103T015960", ["missing-vtimezone"]),  # second 60: RFC 5545 allows a leap second
        ("20241103T013060", ["invalid-time"]),  # not at minute 59: no leap second
    ],
)
def test_only_a_local_date_time_is_read_as_a_wall_time(value: str, found: list[str]) -> None:
    data = feed(f"DUE;TZID=America/New_York:{value}".encode())
    assert codes(data) == [(10, code) for code in found]


def test_the_first_onset_of_stock_icalendar_is_read() -> None:
    """1970-01-01 00:00 is a wall time like any other: London kept BST (+01:00) all year."""
    event = "UID:epoch@example.org", "DTSTAMP:20240101T000000Z"
    start = "DTSTART;TZID=Europe/London:19700101T000000"
    data = london_onset(
        "19700101T000000", "+0000", "+0000", "BEGIN:VEVENT", *event, start, "END:VEVENT"
    )
    assert codes(data) == [(16, "vtimezone-disagrees")]
    assert "the file's VTIMEZONE gives UTC+00:00, tzdata gives UTC+01:00" in lint(data)[0].message


@pytest.mark.parametrize(
    ("start", "before", "after"),
    [("00010101T000000", "+0100", "+0000"), ("99991231T235959", "-0100", "+0000")],
)
def test_an_onset_at_the_ends_of_the_calendar_does_not_crash(
    start: str, before: str, after: str
) -> None:
    assert codes(london_onset(start, before, after)) == []


@pytest.mark.parametrize(
    ("start", "length"),
    # 22:00 in Lima is 03:00 UTC: the DTEND of feed() (04:00 UTC) is not before it
    [("99991231T235959", "PT1H"), ("20240104T220000", "P9999999D")],
)
def test_a_duration_past_the_year_9999_does_not_crash(start: str, length: str) -> None:
    data = feed(f"DURATION:{length}".encode()).replace(
        b"DTSTART:20240105T030000Z", f"DTSTART;TZID=America/Lima:{start}".encode()
    )
    assert codes(data) == [(5, "dtend-and-duration"), (8, "missing-vtimezone")]


def test_icalendars_warning_on_a_vendor_tzid_does_not_escape() -> None:
    """icalendar warns as it guesses the zone; pytest here turns warnings into errors."""
    data = feed(b"DUE;TZID=/mozilla.org/20070129_1/America/New_York:20240105T030000")
    assert codes(data) == [(10, "missing-vtimezone")]


# -- whole days and ends in another zone -------------------------------------------------

TRIP = trip_schedule("apec", "flight", "session-1")


@pytest.fixture
def trip_feed(tmp_path: Path) -> bytes:
    """Whole days (VALUE=DATE), a flight from Lima to São Paulo, a session there."""
    path = tmp_path / "trip.toml"
    path.write_text(TRIP, encoding="utf-8")
    return calendar_bytes(read_schedule(path))


def line_of(data: bytes, text: bytes) -> int:
    return data.split(b"\r\n").index(text) + 1


def test_whole_days_and_an_end_in_another_zone_are_clean(trip_feed: bytes) -> None:
    assert b"DTSTART;VALUE=DATE:20241114\r\nDTEND;VALUE=DATE:20241117\r\n" in trip_feed
    assert b"DTEND;TZID=America/Sao_Paulo:20241117T231000\r\n" in trip_feed
    assert lint(trip_feed) == []


def test_a_dtend_tzid_without_its_vtimezone(trip_feed: bytes) -> None:
    """The end's own TZID needs its own VTIMEZONE; ical.js then reads the end as a
    floating time (which the conformance reader prints as UTC): the flight lands at
    23:10 in the viewer's zone, not in São Paulo."""
    written = b"DTEND;TZID=America/Sao_Paulo:20241117T231000"
    data = trip_feed.replace(written, b"DTEND;TZID=America/Bogota:20241117T231000")
    (finding,) = lint(data)
    assert (finding.line, finding.severity, finding.code) == (
        line_of(trip_feed, written),
        "error",
        "missing-vtimezone",
    )
    assert finding.message.startswith("DTEND: TZID 'America/Bogota' has no VTIMEZONE")
    _start, end = READERS["ical.js"](data)["flight.trip@summitcal.invalid"]
    assert end == datetime(2024, 11, 17, 23, 10, tzinfo=UTC)  # not 04:10 UTC on the 18th


def test_a_dtend_in_another_zone_before_its_start(trip_feed: bytes) -> None:
    """18:00 in São Paulo is 21:00 UTC, half an hour before 16:30 in Lima."""
    written = b"DTEND;TZID=America/Sao_Paulo:20241117T231000"
    data = trip_feed.replace(written, b"DTEND;TZID=America/Sao_Paulo:20241117T180000")
    (finding,) = lint(data)
    assert (finding.line, finding.severity, finding.code) == (
        line_of(trip_feed, written),
        "error",
        "dtend-not-after-dtstart",
    )
    assert finding.message.startswith(
        "DTEND 20241117T180000 in America/Sao_Paulo is 30 minutes before DTSTART "
        "20241117T163000 in America/Lima: "
    )


@pytest.mark.parametrize(
    ("start", "end", "found"),
    [
        (b"DTSTART;VALUE=DATE:20241114", b"DTEND;VALUE=DATE:20241117", []),
        (b"DTSTART;VALUE=DATE:20241114", b"DTEND:20241117T000000Z", [(9, "date-and-date-time")]),
        (b"DTSTART:20241114T100000Z", b"DTEND;VALUE=DATE:20241117", [(9, "date-and-date-time")]),
        (
            b"DTSTART;VALUE=DATE:20241114",
            b"DTEND;VALUE=DATE:20241114",
            [(9, "dtend-not-after-dtstart")],
        ),
        (
            b"DTSTART;VALUE=DATE:20241114",
            b"DTEND;VALUE=DATE:20241113",
            [(9, "dtend-not-after-dtstart")],
        ),
        (b"DTSTART:20241117T100000Z", b"DTEND:20241117T095900Z", [(9, "dtend-not-after-dtstart")]),
        (b"DTSTART:20241117T100000Z", b"DTEND:20241117T100000Z", []),  # no length: a moment
        (b"DTSTART;VALUE=date:20241114", b"DTEND;VALUE=DATE:20241115", []),  # any case
    ],
    ids=[
        "days",
        "date-to-time",
        "time-to-date",
        "same-day",
        "day-before",
        "time-before",
        "moment",
        "case",
    ],
)
def test_dtstart_and_dtend_together(start: bytes, end: bytes, found: list[tuple[int, str]]) -> None:
    """One finding, on the DTEND line, for each way the two ends disagree."""
    data = feed(b"TRANSP:TRANSPARENT")
    data = data.replace(b"DTSTART:20240105T030000Z", start).replace(b"DTEND:20240105T040000Z", end)
    assert codes(data) == found
    assert all(f.severity == "error" for f in lint(data))


def test_the_messages_of_dtstart_and_dtend_together() -> None:
    def message(start: bytes, end: bytes) -> str:
        data = feed().replace(b"DTSTART:20240105T030000Z", start)
        (finding,) = lint(data.replace(b"DTEND:20240105T040000Z", end))
        return finding.message

    assert message(b"DTSTART;VALUE=DATE:20241114", b"DTEND:20241117T000000Z").startswith(
        "DTEND 20241117T000000Z is a DATE-TIME but DTSTART is a DATE: RFC 5545 requires "
        "both of one value type; "
    )
    assert message(b"DTSTART;VALUE=DATE:20241114", b"DTEND;VALUE=DATE:20241114").startswith(
        "DTEND;VALUE=DATE 20241114 is not after DTSTART 20241114: DTEND of whole days is the "
        "day after the last (RFC 5545 3.6.1; DTEND:20241117 for 14-16 November)"
    )


@pytest.mark.parametrize(
    ("start", "transp", "found"),
    [
        (b"DTSTART;VALUE=DATE:20241114", b"TRANSP:OPAQUE", [(10, "opaque-whole-day")]),
        (b"DTSTART;VALUE=DATE:20241114", b"TRANSP:opaque", [(10, "opaque-whole-day")]),
        (b"DTSTART;VALUE=DATE:20241114", b"TRANSP:TRANSPARENT", []),
        (b"DTSTART:20241114T100000Z", b"TRANSP:OPAQUE", []),  # a timed event is busy
    ],
)
def test_a_whole_day_marked_opaque_is_a_warning(
    start: bytes, transp: bytes, found: list[tuple[int, str]]
) -> None:
    data = feed(transp).replace(b"DTSTART:20240105T030000Z", start)
    data = data.replace(
        b"DTEND:20240105T040000Z",
        b"DTEND;VALUE=DATE:20241117" if b"DATE" in start else b"DTEND:20241114T110000Z",
    )
    assert codes(data) == found
    assert all(f.severity == "warning" and "busy all day" in f.message for f in lint(data))


def test_our_whole_days_are_transparent_and_an_opaque_one_is_found(trip_feed: bytes) -> None:
    data = trip_feed.replace(b"TRANSP:TRANSPARENT", b"TRANSP:OPAQUE")
    assert [f.code for f in lint(data)] == ["opaque-whole-day"]


def test_a_date_without_value_date_is_an_error_not_a_floating_time() -> None:
    """RFC 5545 reads DTSTART:20241114 as a DATE-TIME; ical.js then throws, which the
    conformance reader shows by failing, while libical, icalendar and vobject guess a date."""
    data = feed(b"TRANSP:TRANSPARENT").replace(b"DTSTART:20240105T030000Z", b"DTSTART:20241114")
    data = data.replace(b"DTEND:20240105T040000Z", b"DTEND:20241117")
    assert codes(data) == [(8, "date-without-value"), (9, "date-without-value")]
    assert lint(data)[0].message.endswith("write DTSTART;VALUE=DATE:20241114")
    with pytest.raises(subprocess.CalledProcessError) as failed:
        READERS["ical.js"](data)
    assert b"invalid date-time value" in failed.value.stderr
    for reader in ("libical", "icalendar", "vobject"):
        assert READERS[reader](data)["lunch@example.org"] == (
            date(2024, 11, 14),
            date(2024, 11, 17),
        )
    # one of them with VALUE=DATE: the other is still the one finding
    fixed = data.replace(b"DTSTART:20241114", b"DTSTART;VALUE=DATE:20241114")
    assert codes(fixed) == [(9, "date-without-value")]


@pytest.mark.parametrize(
    "start",
    [
        b"DTSTART;VALUE=DATE:20241314",  # no thirteenth month
        b"DTSTART;VALUE=DATE:20241131",  # nor a 31 November
        b"DTSTART:20241114T256000Z",
        b"DTSTART:20241114T235961Z",
    ],
)
def test_a_time_that_is_no_time_is_an_error(start: bytes) -> None:
    """A value that names no day or no time of day: a real parser (icalendar) refuses
    it, and lint says which property and what it should be."""
    data = feed(b"TRANSP:TRANSPARENT").replace(b"DTSTART:20240105T030000Z", start)
    if b"DATE" in start:
        data = data.replace(b"DTEND:20240105T040000Z", b"DTEND;VALUE=DATE:20241201")
    assert codes(data) == [(8, "invalid-time")]
    assert start.split(b":")[-1].decode() in lint(data)[0].message
    with pytest.raises(ValueError):  # noqa: PT011  icalendar's own words vary
        READERS["icalendar"](data)


def test_a_leap_second_in_utc_is_a_time() -> None:
    """RFC 5545 allows second 60: the leap second at the end of 2016 is no error."""
    data = feed(b"TRANSP:TRANSPARENT").replace(
        b"DTSTART:20240105T030000Z", b"DTSTART:20161231T235960Z"
    )
    assert "invalid-time" not in [f.code for f in lint(data)]
