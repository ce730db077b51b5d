"""summitcal lint: what it finds in stock and hand-made feeds, nothing in ours, never a crash."""

from __future__ import annotations

import http.server
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import Result
from hypothesis import given, settings
from hypothesis import strategies as st

from summitcal.ical.lint import lint

from conftest import GOLDEN, ROOT

Run = Callable[..., Result]
FILES = ROOT / "tests" / "files" / "lint"


def codes(data: bytes) -> list[tuple[int | None, str]]:
    return [(finding.line, finding.code) for finding in lint(data)]


def test_our_example_feed_is_clean() -> None:
    assert lint((GOLDEN / "japan-peru-2024.ics").read_bytes()) == []


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
