"""Hostile schedule files: whatever a file holds, nothing in summitcal may crash on it.

Files are generated from the schema itself (``SCHEDULE_KEYS``, ``EVENT_KEYS``), with
good values most of the time, so that many files pass the check and reach the feed,
the JSON view, the table, the ledger and the service, and hostile values the rest of
the time: every TOML type in the wrong place, nested arrays and inline tables, floats
such as inf and nan, huge integers, extreme years, times in DST gaps and folds, control
characters in every text field, very long strings, duplicate ids, ``follows`` cycles
and dangling ``follows``, unknown keys and tables. Most files are written by
``tomli_w``; some are laid out by hand (a top-level inline ``events = [...]`` before
``[schedule]``, an inline ``schedule = {...}``), and some are mangled as bytes (a BOM,
CRLF or bare CR line ends, invalid UTF-8, nesting thousands deep, huge integers, quoted
table headers).

For every file (see :func:`survives`):

(a) ``check_schedule`` never raises, returns (schedule or None, errors, warnings) with
    the schedule None exactly when there are errors, and every problem is one line;
(b) a schedule that passes renders: its feed passes ``summitcal lint`` without errors,
    its JSON view dumps as JSON, its table renders, and it publishes to a fresh ledger
    whose release (rendered and linted too) and history read back;
(c) the service over a folder holding the bundled example and the file answers every
    route below 500, keeps serving the example (200, the same bytes), and serves a
    schedule that passes (its page and feed 200);
(d) ``summitcal check FILE`` (and ``--json``) exits 0 or 1 only, never with a
    traceback, 0 exactly when the file passes.

Each of them also fails when summitcal logs an error meanwhile: the reader reports what
it did not foresee as "this is a bug in summitcal" and the service logs it and answers a
500 (or keeps an older version online), so the log is where those bugs show.

Every service check builds its own app over its own temporary folder and ledger: the
ledger keeps what earlier examples published under the same schedule id (removed events
stay in the feed, cancelled, for 30 days), so a shared app would make one example's
outcome depend on the ones before it, and hypothesis could not replay or shrink it.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from click.testing import CliRunner
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summitcal.cli import main
from summitcal.ical import calendar_bytes
from summitcal.ical.lint import lint
from summitcal.json_view import schedule_json
from summitcal.model import DETAILS, Detail, Schedule
from summitcal.revisions import SqliteLedger
from summitcal.schedule_file import (
    EVENT_KEYS,
    SCHEDULE_KEYS,
    Problem,
    ScheduleFileError,
    check_schedule,
    decode,
)
from summitcal.table import render_table
from summitcal.web import create_app
from summitcal.zones import DISAMBIGUATE_CHOICES

from conftest import EXAMPLE, ROOT, settled

BIN = Path(os.environ.get("SUMMITCAL_VENV", ROOT / ".venv")).absolute() / "bin"
EXAMPLE_ID = "japan-peru-2024"
ALWAYS = ("/healthz", "/", "/status", f"/calendars/{EXAMPLE_ID}", f"/calendars/{EXAMPLE_ID}.ics")
GENERATED = "z-generated.toml"  # sorts after the example: it never takes the example's id


# -- the oracle ------------------------------------------------------------------------


def _one_line(problems: list[Problem]) -> None:
    for problem in problems:
        text = str(problem)
        assert "\n" not in text and "\r" not in text, f"a problem on several lines: {text!r}"


def check_file(data: bytes) -> Schedule | None:
    """(a): the check never raises, and says what it found in one line per problem."""
    text, source = "", "f.toml"
    try:
        text, source = decode(data, source)  # how every reader of files gets the text
    except ScheduleFileError as error:  # not UTF-8: one problem, nothing else to check
        problems = list(error.problems)
    else:
        problems = []
    if problems:
        _one_line(problems)
        return None
    outcome = check_schedule(text, source)
    assert isinstance(outcome, tuple) and len(outcome) == 3
    schedule, errors, warnings = outcome
    assert (schedule is None) == bool(errors), (schedule, errors)
    assert all(isinstance(p, Problem) for p in (*errors, *warnings))
    _one_line(errors)
    _one_line(warnings)
    return schedule


def _lint_errors(feed: bytes) -> None:
    errors = [f for f in lint(feed) if f.severity == "error"]
    assert not errors, errors


def check_outputs(schedule: Schedule, workdir: Path) -> None:
    """(b): a schedule that passed the check renders everywhere, and publishes."""
    _lint_errors(calendar_bytes(schedule))
    json.dumps(schedule_json(schedule, schedule.events), allow_nan=False)
    assert isinstance(render_table(schedule, ()), str)
    ledger = SqliteLedger(workdir / "l.sqlite3")
    try:
        published = ledger.publish(schedule)
        assert published is not None
        release = ledger.release(schedule.id)
        assert release is not None and release.version == published.version == 1
        history = ledger.history(schedule.id)
        assert [version.version for version in history] == [1]
        _lint_errors(calendar_bytes(release.schedule, stamps=release.stamps))
    finally:
        ledger.close()


def _get(client: FlaskClient, route: str) -> tuple[int, bytes]:
    """Status and body; an exception out of the app is a 500 under gunicorn."""
    try:
        response = client.get(route)
    except Exception as error:
        raise AssertionError(f"GET {route} raised (a 500): {error!r}") from error
    with response:
        return response.status_code, response.data


def check_service(data: bytes, schedule: Schedule | None, workdir: Path) -> None:
    """(c): the service keeps answering, and keeps the example online, whatever the file."""
    folder = workdir / "served"
    folder.mkdir()
    settled(Path(shutil.copy(EXAMPLE, folder / EXAMPLE.name)))
    app = create_app(
        {
            "SCHEDULE_FOLDER": str(folder),
            "STATE_DB": str(workdir / "state.sqlite3"),
            "SETTLE_SECONDS": 0,
        }
    )
    client = app.test_client()
    status, example_feed = _get(client, f"/calendars/{EXAMPLE_ID}.ics")
    assert status == 200
    path = folder / GENERATED
    path.write_bytes(data)
    settled(path)  # quiet for 5 s already: the store takes it on the next request
    for route in ALWAYS:
        status, body = _get(client, route)
        assert status < 500, (route, status, body[:300])
    assert _get(client, f"/calendars/{EXAMPLE_ID}")[0] == 200
    assert _get(client, f"/calendars/{EXAMPLE_ID}.ics") == (200, example_feed)
    if schedule is None:
        return
    query = ""
    if schedule.private:
        token, _info = app.extensions["summitcal.tokens"].create(schedule.id)
        query = f"?token={token}"
    base = f"/calendars/{schedule.id}"
    for route in (base, base + ".ics"):
        status, body = _get(client, route + query)
        assert status == 200, (route, status, body[:300])


def check_cli(data: bytes, schedule: Schedule | None, workdir: Path) -> None:
    """(d): ``summitcal check`` answers 0 or 1, never with a traceback."""
    path = workdir / "cli.toml"
    path.write_bytes(data)
    for extra in ((), ("--json",)):
        result = CliRunner().invoke(main, ["check", str(path), *extra])
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            extra,
            result.exc_info,
        )
        assert "Traceback" not in result.output
        assert result.exit_code in (0, 1), (extra, result.exit_code, result.output[-500:])
        assert result.exit_code == (0 if schedule is not None else 1), result.output[-500:]
        if extra:
            assert json.loads(result.stdout)["ok"] is (schedule is not None)


class _Bugs(logging.Handler):
    """Collects what summitcal logs at ERROR: the reader and the service catch what they
    did not foresee (check reports "this is a bug in summitcal", the service answers a
    500 or keeps an older version online) and log it with its traceback."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextlib.contextmanager
def _no_bug_logged() -> Iterator[None]:
    """Fail when summitcal logs an error; the logged exception is the failure's cause,
    so that hypothesis tells different bugs apart (and shrinks each)."""
    bugs = _Bugs()
    logger = logging.getLogger("summitcal")
    logger.addHandler(bugs)
    try:
        yield
    except BaseException as error:
        for record in bugs.records:
            error.add_note("logged meanwhile: " + logging.Formatter().format(record))
        raise
    finally:
        logger.removeHandler(bugs)
    if bugs.records:
        first = bugs.records[0]
        cause = first.exc_info[1] if first.exc_info else None
        text = "\n".join(logging.Formatter().format(record) for record in bugs.records)
        raise AssertionError(f"summitcal logged an error:\n{text}") from cause


def survives(data: bytes, workdir: Path | None = None) -> None:
    """Every check above, cheapest first (so that failures shrink fast)."""
    if workdir is None:
        with tempfile.TemporaryDirectory() as temporary:
            survives(data, Path(temporary))
        return
    with _no_bug_logged():
        schedule = check_file(data)
    with _no_bug_logged():
        check_cli(data, schedule, workdir)
    if schedule is not None:
        with _no_bug_logged():
            check_outputs(schedule, workdir)
    with _no_bug_logged():
        check_service(data, schedule, workdir)


# -- values ----------------------------------------------------------------------------

CONTROL = ["\x00", "\r", "\n", "\r\n", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\u2028",
           "\u2029", "\t", "\ufeff", "\x1b[2J"]  # fmt: skip
_plain_text = st.text(st.characters(exclude_categories=("Cs",)), max_size=12)
_sprinkled = st.lists(
    st.sampled_from(CONTROL) | st.text("ab -:;,.\\\"'[]=#", min_size=1, max_size=5),
    min_size=1,
    max_size=6,
).map("".join)
_long = st.builds(
    lambda piece, count: piece * count,
    st.sampled_from(["x", "é", "日", "😀", "ab\n", "\x00", "\\,;"]),
    st.sampled_from([76, 300, 2_001, 5_000, 20_000]),
)
TEXTS = st.one_of(_sprinkled, _plain_text, _sprinkled, _plain_text, _long)  # long: 1 in 5

YEARS = [1, 2, 1899, 1900, 1901, 1969, 1970, 2024, 2037, 2038, 2200, 2201, 9998, 9999]
_special_walls = [
    datetime(2024, 3, 31, 2, 30),  # in Europe/Paris's spring gap
    datetime(2024, 10, 27, 2, 30),  # in Europe/Paris's autumn fold
    datetime(2024, 3, 31, 2, 0),
    datetime(2024, 10, 27, 2, 0),
    datetime(2024, 11, 17, 10, 50),
    datetime(1, 1, 1, 0, 0),
    datetime(9999, 12, 31, 23, 59, 59),
    datetime(9999, 6, 1, 10, 0),
    datetime(1, 6, 1, 10, 0),
    datetime(1900, 1, 1, 0, 0),
    datetime(2038, 1, 19, 3, 14, 8),
]
WALLS = st.one_of(
    st.sampled_from(_special_walls),
    st.builds(
        datetime,
        st.sampled_from(YEARS),
        st.integers(1, 12),
        st.integers(1, 28),
        st.integers(0, 23),
        st.sampled_from([0, 30, 59]),
    ),
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 12, 31, 23, 59, 59)),
)
OFFSETS = st.sampled_from(
    [UTC, timezone(timedelta(hours=14)), timezone(-timedelta(hours=12)),
     timezone(timedelta(hours=5, minutes=45)), timezone(timedelta(hours=23, minutes=59)),
     timezone(-timedelta(hours=23, minutes=59)), timezone(timedelta(hours=9))]
)  # fmt: skip
AWARE = st.builds(lambda wall, offset: wall.replace(tzinfo=offset), WALLS, OFFSETS)
DATES = st.sampled_from([date(1, 1, 1), date(9999, 12, 31), date(2024, 11, 17)]) | st.dates()
TIMES = st.sampled_from([time(0, 0), time(10, 50), time(23, 59, 59, 999999)]) | st.times()
INTS = st.sampled_from(
    [0, 1, 5, 60, 1440, 527_040, 527_041, -1, -5, 2**31, 2**63 - 1, -(2**63), 2**64, 10**40]
) | st.integers()  # fmt: skip
FLOATS = st.sampled_from([float("inf"), float("-inf"), float("nan"), -0.0, 5.0, 5.5, 1e308]) | (
    st.floats()
)
SCALARS = st.one_of(TEXTS, INTS, FLOATS, st.booleans(), WALLS, AWARE, DATES, TIMES)
KEYS = st.one_of(
    st.sampled_from([*SCHEDULE_KEYS, *EVENT_KEYS, "schedule", "events", "", " ", "a.b", "0"]),
    _plain_text,
    _sprinkled,
)


def _nest(value: Any, depth: int) -> Any:
    return functools.reduce(lambda inner, _: [inner], range(depth), value)


HOSTILE = st.one_of(
    SCALARS,
    st.recursive(
        SCALARS,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=3),
        max_leaves=6,
    ),
    st.builds(_nest, SCALARS, st.integers(2, 12)),  # [[[[x]]]], a few levels deep
    st.builds(lambda v: [v], TEXTS),  # id = ["a"]: a list where a string belongs
    st.just({}),
    st.just([]),
)

IDS = ["a", "b", "c", "d"]  # events get them in order; follows picks among them
GOOD_ZONES = [
    "Europe/Paris", "America/Lima", "Asia/Tokyo", "UTC", "Etc/UTC", "Etc/GMT+5", "Etc/GMT-14",
    "Lima", "JST", "Japan Standard Time", "Peru time", "Africa/Monrovia", "Australia/Lord_Howe",
    "Pacific/Apia", "Pacific/Kiritimati", "Antarctica/Troll", "America/St_Johns",
    "Asia/Kathmandu", "Europe/London", "America/Sao_Paulo", "EST5EDT", "GMT", "europe/paris",
    "Pacific/Kwajalein", "America/New_York", "Africa/Casablanca", "Asia/Tehran",
    "America/Caracas", "Europe/Moscow", "Europe/Dublin", "Asia/Gaza", "America/Scoresbysund",
    "America/Havana", "Rio de Janeiro", "BRT",
]  # fmt: skip
BAD_ZONES = [
    "Factory", "CST", "IST", "Asia/Tokio", "", " ", "Europe/Paris\n", "../../etc/passwd",
    "posixrules", "localtime", "\x00", "Europe/Paris\x00", "/usr/share/zoneinfo/UTC",
]  # fmt: skip
# Text a file may hold: what passes the check reaches the feed, the page and the table.
GOOD_TEXTS = st.sampled_from(
    ["Meeting", "Japan–Peru Summit Meeting", "Déjeuner à l'Élysée", "首脳会談", "Tab\there",
     "a, b; c\\d", "\u202eevil\u202c", "\ufeffBOM", "e\u0301\u200b😀", "END:VEVENT", "x" * 1_999, "日" * 700, "😀" * 500, "e\u0301" * 600,
     "<script>alert(1)</script>", "{{ 7*7 }}", " padded "]
)  # fmt: skip
PARAGRAPHS = GOOD_TEXTS | st.sampled_from(["First.\n\nSecond.", "a\nb\n", "\n", "x\t\ny"])
# Wall times that pass: the supported years, whole seconds, and the DST gap and fold.
_GOOD_SPECIAL_WALLS = [
    datetime(2024, 11, 17, 10, 50), datetime(2024, 3, 31, 2, 30), datetime(2024, 10, 27, 2, 30),
    datetime(1900, 1, 1, 0, 0), datetime(1900, 1, 2), datetime(2200, 12, 31, 23, 59, 59),
    datetime(2200, 12, 31, 12, 0), datetime(2037, 12, 31, 23, 0),
    datetime(2011, 12, 30, 10, 0), datetime(2011, 12, 29, 23, 59),  # Pacific/Apia skips a day
    datetime(1993, 8, 20, 12, 0),  # so does Pacific/Kwajalein
    datetime(2024, 4, 7, 1, 45), datetime(2024, 10, 6, 2, 15),  # Lord Howe's half hour
    datetime(1988, 4, 3, 1, 0),  # St John's two-hour jump
    datetime(2024, 3, 10, 2, 30), datetime(2024, 11, 3, 1, 30),  # the US gap and fold
    datetime(2024, 3, 31, 1, 30), datetime(2024, 10, 27, 1, 30),  # Europe/Dublin's
]  # fmt: skip
_ANY_GOOD_WALL = st.datetimes(min_value=datetime(1900, 1, 2), max_value=datetime(2200, 12, 30))
GOOD_WALLS = st.one_of(  # one in three on an edge (a gap, a fold, the supported years' ends)
    _ANY_GOOD_WALL.map(lambda moment: moment.replace(microsecond=0)),
    st.sampled_from(_GOOD_SPECIAL_WALLS),
    _ANY_GOOD_WALL.map(lambda moment: moment.replace(microsecond=0)),
)
# Whole days: one in five starts; on the supported years' ends, around a skipped
# midnight (Havana, 10 March 2024) and the day Apia skipped (30 December 2011).
GOOD_DAYS = st.sampled_from(
    [date(1900, 1, 1), date(2200, 12, 31), date(2024, 3, 10), date(2011, 12, 30)]
) | st.dates(date(1900, 1, 1), date(2200, 12, 31))
EXTREME_WALLS = st.sampled_from(
    [
        datetime(year, *day)
        for year in (1, 2, 1899, 1900, 2200, 2201, 9998, 9999)
        for day in ((1, 1, 0, 0), (6, 1, 10, 0), (12, 31, 23, 59, 59), (3, 31, 2, 30))
    ]
)
GOOD_AWARE = st.builds(lambda wall, offset: wall.replace(tzinfo=offset), GOOD_WALLS, OFFSETS)


def _choices(kind: Any) -> st.SearchStrategy[str]:
    return st.sampled_from([member.value for member in kind])


_BAD_CHOICES = st.sampled_from(["banquet", "", "Meeting", "meeting ", "MEETING"]) | HOSTILE
_coordinate = st.one_of(st.integers(-200, 200), FLOATS, st.booleans(), TEXTS)

# Per key: (a value that should pass, a value that should not). Hostile values are also
# drawn from HOSTILE, any TOML value at all.
SCHEDULE_SCHEMA: dict[str, tuple[st.SearchStrategy[Any], st.SearchStrategy[Any]]] = {
    "id": (
        st.sampled_from(["visit", "s", "test-visit", "a1", "x" * 200]),
        st.sampled_from([["visit"], "Visit", "a.b", "x" * 201, 1]) | TEXTS,
    ),
    # Good ones begin with "en", which the generated plain texts then stand for.
    "languages": (
        st.sampled_from([["en"], ["en", "ja", "es"], ["en", "es-PE"], ["EN", "fr"]]),
        st.sampled_from([[], ["en", "en"], ["jp"], "en", [1], ["en", "x-y-z"], ["en", ""]]),
    ),
    "title": (GOOD_TEXTS, TEXTS),
    "zone": (st.sampled_from(GOOD_ZONES), st.sampled_from(BAD_ZONES) | TEXTS),
    "home_zone": (st.sampled_from(GOOD_ZONES), st.sampled_from(BAD_ZONES) | TEXTS),
    "revision": (GOOD_AWARE, AWARE | WALLS),
    "description": (PARAGRAPHS, TEXTS),
    "uid_domain": (
        st.sampled_from(["press.example.org", "a", "x-y.z", "summitcal.invalid", "A.B"]),
        st.sampled_from(["-a", "a..b", "a b", "é.org", "a/b", "a@b"]) | TEXTS,
    ),
    "refresh_minutes": (st.integers(1, 10_000), INTS),
    "disambiguate": (
        st.sampled_from(DISAMBIGUATE_CHOICES),
        st.sampled_from(["Raise", "", "compatible "]),
    ),
    "private": (st.booleans(), st.sampled_from(["true", 1, 0, "false"])),
}
EVENT_SCHEMA: dict[str, tuple[st.SearchStrategy[Any], st.SearchStrategy[Any]]] = {
    "id": (
        st.sampled_from(IDS),
        st.sampled_from([["a"], ["a", "b"], [], "A", "a.b", "-a", "a_b", "a b", 1, {}]) | TEXTS,
    ),
    "title": (GOOD_TEXTS, TEXTS),
    "start": (GOOD_WALLS | GOOD_DAYS, st.sampled_from(_special_walls) | WALLS | AWARE | TIMES),
    "duration": (st.integers(0, 600) | st.sampled_from([527_040, 1440]), INTS | FLOATS),
    "end": (GOOD_WALLS | GOOD_DAYS, st.sampled_from(_special_walls) | WALLS | AWARE | TIMES),
    "zone": (st.sampled_from(GOOD_ZONES), st.sampled_from(BAD_ZONES) | TEXTS),
    "end_zone": (st.sampled_from(GOOD_ZONES), st.sampled_from(BAD_ZONES) | TEXTS),
    "location": (GOOD_TEXTS, TEXTS),
    "geo": (
        st.tuples(st.floats(-90, 90), st.floats(-180, 180)).map(list)
        | st.sampled_from([[90, 180], [-90, -180], [0, 0], [-12.0454, -77.0301]]),
        st.lists(_coordinate, max_size=3),
    ),
    "follows": (st.sampled_from(IDS), st.sampled_from(["zzz", ""]) | TEXTS),  # cycles, self
    "disambiguate": (
        st.sampled_from(DISAMBIGUATE_CHOICES),
        st.sampled_from(["Raise", "", "compatible "]),
    ),
}


def _detail_strategies(detail: Detail) -> tuple[st.SearchStrategy[Any], st.SearchStrategy[Any]]:
    """An optional detail's good and bad values, from its declaration: a new field is
    generated here without a line of its own."""
    if detail.choices is not None:
        return _choices(detail.choices), _BAD_CHOICES
    good = PARAGRAPHS if detail.paragraphs else GOOD_TEXTS
    if detail.ical == "url":  # links a page could be tricked into running
        good = st.sampled_from(["https://example.org/a?b=c&d=e", "javascript:alert(1)", "x"])
    return good, TEXTS


EVENT_SCHEMA.update({detail.name: _detail_strategies(detail) for detail in DETAILS})
assert set(SCHEDULE_SCHEMA) == set(SCHEDULE_KEYS) and set(EVENT_SCHEMA) == set(EVENT_KEYS)
REQUIRED = {"id", "title", "zone", "start", "duration"}  # the schedule's zone; events' own


@st.composite
def tables(
    draw: st.DrawFn,
    schema: dict[str, tuple[st.SearchStrategy[Any], st.SearchStrategy[Any]]],
    required: set[str],
    hostility: int,
) -> dict[str, Any]:
    """A table of the schema's keys. Most tables are clean: the required keys with good
    values, some optional ones; the others also have a few keys absent, wrong (for that
    key) or anything at all, and unknown keys: ``hostility`` in 10 tables. Everything
    shrinks towards clean."""
    table: dict[str, Any] = {}
    for key, (good, _bad) in schema.items():
        if key in required or draw(st.integers(0, 3)) == 3:
            table[key] = draw(good)
    if "end" in table and "duration" in table:
        del table[draw(st.sampled_from(["end", "duration"]))]
    if "geo" in table and "location" not in table:
        table["location"] = draw(schema["location"][0])
    if draw(st.integers(0, 9)) < hostility:
        keys = st.sampled_from(sorted(schema))
        for key in draw(st.lists(keys, min_size=1, max_size=3, unique=True)):
            how = draw(st.sampled_from(["bad", "absent", "anything", "bad"]))
            if how == "absent":
                table.pop(key, None)
            else:
                table[key] = draw(schema[key][1] if how == "bad" else HOSTILE)
        if draw(st.booleans()):
            table.update(draw(st.dictionaries(KEYS, HOSTILE, min_size=1, max_size=2)))
    return table


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    """A whole schedule document, as Python data ready for a TOML writer."""
    document: dict[str, Any] = {}
    hostility = draw(st.sampled_from([0, 1, 3, 6]))  # tables in 10 that get something wrong
    roll = draw(st.integers(0, 19))
    if roll < 18:
        document["schedule"] = draw(tables(SCHEDULE_SCHEMA, {"id", "title", "zone"}, hostility))
        if draw(st.integers(0, 19)) == 19:
            revision = draw(st.builds(datetime.replace, EXTREME_WALLS, tzinfo=OFFSETS))
            document["schedule"]["revision"] = revision
    elif roll == 18:
        document["schedule"] = draw(HOSTILE)  # schedule = "x", schedule = [1]
    events: Any = []
    for index in range(draw(st.sampled_from([1, 2, 3, 4, 0]))):  # shrinks to one event
        event = draw(tables(EVENT_SCHEMA, {"id", "title", "start", "duration"}, hostility))
        if event.get("id") in IDS:
            event["id"] = IDS[index]  # unique, unless the draw says otherwise below
        start, end = event.get("start"), event.get("end")
        after = isinstance(start, datetime) and start.tzinfo is None and start.year < 2200
        if after and isinstance(end, datetime) and draw(st.booleans()):  # an end after it
            event["end"] = start + timedelta(minutes=draw(st.integers(0, 600)))
        if draw(st.integers(0, 19)) == 19:  # the years summitcal does not support, and edges
            event[draw(st.sampled_from(["start", "end"]))] = draw(EXTREME_WALLS)
            if "end" in event:
                event.pop("duration", None)
        if event.get("follows") in IDS and draw(st.integers(0, 3)):  # mostly one before it
            if index:
                event["follows"] = IDS[draw(st.integers(0, index - 1))]
            else:
                del event["follows"]
        events.append(event)
    if len(events) > 1 and "id" in events[0] and draw(st.integers(0, 4)) == 4:
        events[-1]["id"] = events[0]["id"]  # a duplicate id
    roll = draw(st.integers(0, 19))
    if roll == 17 and events:
        events.insert(draw(st.integers(0, len(events))), draw(HOSTILE))  # events = [1, {...}]
    elif roll == 18:
        events = draw(HOSTILE)  # events = 5, [events] as a table, ...
    if roll != 19:
        document["events"] = events
    if draw(st.integers(0, 9)) == 9:  # unknown top-level keys and tables
        for key, value in draw(st.dictionaries(KEYS, HOSTILE, min_size=1, max_size=2)).items():
            document.setdefault(key, value)
    return document


def toml_text(document: dict[str, Any], multiline: bool) -> str:
    return tomli_w.dumps(document, multiline_strings=multiline)


def _inline(value: Any) -> str:
    """One value as inline TOML: tables as {...}, arrays as [...], all on one line."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)} = {_inline(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_inline(v) for v in value) + "]"
    return tomli_w.dumps({"v": value}).removeprefix("v = ").removesuffix("\n")


def _key(key: str) -> str:
    return tomli_w.dumps({key: 1}).removesuffix(" = 1\n")


@st.composite
def inline_files(draw: st.DrawFn) -> bytes:
    """Layouts tomli_w never writes: ``events = [...]`` as the first line, before
    [schedule]; ``schedule = {...}`` inline; both."""
    document = draw(documents())
    events = document.pop("events", [])
    schedule = document.pop("schedule", {})
    layout = draw(st.sampled_from(["events-first", "schedule-inline", "both-inline"]))
    text = ""
    if layout != "schedule-inline":
        text += f"events = {_inline(events)}\n"
    if layout != "events-first":
        text += f"schedule = {_inline(schedule)}\n"
    text += tomli_w.dumps(document)  # unknown top-level keys, if any
    if layout == "events-first" and isinstance(schedule, dict):
        text += tomli_w.dumps({"schedule": schedule})
    elif layout == "schedule-inline" and isinstance(events, list):
        text += tomli_w.dumps({"events": events})
    return text.encode("utf-8")


SMALL_FILE = b"""[schedule]
id = "visit"
title = "Visit"
zone = "Europe/Paris"

[[events]]
id = "a"
title = "x"
start = 2024-11-17T10:00:00
duration = 5
"""
INVALID_UTF8 = [b"\xff", b"\xc3", b"\xc0\xaf", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\x80"]


def _deep(depth: int, shape: str) -> bytes:
    if shape == "array":
        return b"x = " + b"[" * depth + b"]" * depth + b"\n"
    if shape == "table":
        return b"x = " + b"{a = " * depth + b"1" + b"}" * depth + b"\n"
    return b"x = " + b"[{a = " * depth + b"1" + b"}]" * depth + b"\n"


@st.composite
def raw_files(draw: st.DrawFn) -> bytes:
    """Generated files mangled as bytes: what no TOML writer writes. Half of them mangle
    one small valid file, which keeps shrinking short (every shrink step runs it all)."""
    if draw(st.booleans()):
        data = toml_text(draw(documents()), draw(st.booleans())).encode("utf-8")
    else:
        data = SMALL_FILE
    for mutation in draw(
        st.lists(
            st.sampled_from(
                ["deep", "bom", "crlf", "bare-cr", "invalid-utf8", "huge-int", "headers", "nul"]
            ),
            min_size=1,
            max_size=3,
            unique=True,
        )
    ):
        if mutation in ("deep", "huge-int"):
            if mutation == "deep":
                depth = draw(st.sampled_from([10, 100, 300, 500, 1000, 5000]))
                line = _deep(depth, draw(st.sampled_from(["array", "table", "mixed"])))
            else:
                line = b"x = 1" + b"0" * draw(st.sampled_from([4300, 19, 5000, 4299]))
                line += b"\n"
            at = data.find(b"[schedule]\n")
            at = 0 if at < 0 else at + len(b"[schedule]\n")
            data = data[:at] + line + data[at:]
        elif mutation == "bom":
            data = b"\xef\xbb\xbf" + data
        elif mutation == "crlf":
            data = data.replace(b"\n", b"\r\n")
        elif mutation in ("bare-cr", "invalid-utf8", "nul"):
            piece = {"bare-cr": b"\r", "nul": b"\x00"}.get(mutation) or draw(
                st.sampled_from(INVALID_UTF8)
            )
            at = draw(st.integers(0, len(data)))
            data = data[:at] + piece + data[at:]
        else:
            data = data.replace(
                b"[[events]]", draw(st.sampled_from([b'[["events"]]', b"[[ events ]]"]))
            ).replace(b"[schedule]", draw(st.sampled_from([b'["schedule"]', b"[ schedule ]"])))
    return data


# -- the properties --------------------------------------------------------------------


def _settings(examples: int) -> settings:
    return settings(
        max_examples=examples, deadline=None, suppress_health_check=[HealthCheck.too_slow]
    )


@_settings(200)
@given(documents(), st.booleans())
def test_generated_files_break_nothing(document: dict[str, Any], multiline: bool) -> None:
    survives(toml_text(document, multiline).encode("utf-8"))


@_settings(60)
@given(inline_files())
def test_inline_layouts_break_nothing(data: bytes) -> None:
    survives(data)


@_settings(120)
@given(raw_files())
def test_mangled_bytes_break_nothing(data: bytes) -> None:
    survives(data)


# -- files known to break --------------------------------------------------------------

HEADER = """[schedule]
id = "visit"
title = "Visit"
zone = "Europe/Paris"
home_zone = "Asia/Tokyo"
revision = 2024-01-01T00:00:00Z
"""


def _event(start: str = "2024-11-17T10:00:00", **keys: str) -> str:
    lines = {"id": '"a"', "title": '"x"', "start": start, "duration": "5", **keys}
    return "\n[[events]]\n" + "".join(f"{k} = {v}\n" for k, v in lines.items() if v)


REGRESSIONS: dict[str, bytes] = {
    "event id is a list": (HEADER + _event(id='["a"]')).encode(),
    "inline events array first": (
        'events = [1, {id="a", title="x", start=2024-11-17T10:00:00, duration=5}]\n' + HEADER
    ).encode(),
    "arrays 5000 deep": HEADER.replace(
        "revision", "x = " + "[" * 5000 + "]" * 5000 + "\nrevision"
    ).encode(),
    "start in 9999 in Paris": (HEADER + _event("9999-06-01T10:00:00")).encode(),
    "start in year 1": (HEADER + _event("0001-06-01T10:00:00")).encode(),
    "calendar title with a newline": (
        HEADER.replace('"Visit"', '"Visit\\nEND:VCALENDAR"') + _event()
    ).encode(),
    "event title with a bare CR": (HEADER + _event(title='"x\\rEND:VEVENT"')).encode(),
    # found by the properties above
    "calendar description in paragraphs": (
        HEADER.replace("revision", 'description = "First.\\n\\nSecond."\nrevision') + _event()
    ).encode(),
    "an integer of 4301 digits": HEADER.replace(
        "revision", "x = 1" + "0" * 4300 + "\nrevision"
    ).encode(),
}


@pytest.mark.parametrize("data", REGRESSIONS.values(), ids=REGRESSIONS.keys())
def test_known_hostile_files(data: bytes, tmp_path: Path) -> None:
    survives(data, tmp_path)


@pytest.mark.parametrize("data", REGRESSIONS.values(), ids=REGRESSIONS.keys())
def test_service_keeps_serving_beside_known_hostile_files(data: bytes, tmp_path: Path) -> None:
    """(c) alone, whatever (a) says: the service reads files its own way as well."""
    try:
        schedule = check_schedule(*decode(data, "f.toml"))[0]
    except Exception:
        schedule = None
    with _no_bug_logged():
        check_service(data, schedule, tmp_path)


SUBPROCESS = ["event id is a list", "arrays 5000 deep", "an integer of 4301 digits"]


@pytest.mark.parametrize("name", SUBPROCESS)
def test_check_command_in_a_process(name: str, tmp_path: Path) -> None:
    """The real command, with the real stack depth and the real error handling."""
    path = tmp_path / "f.toml"
    path.write_bytes(REGRESSIONS[name])
    result = subprocess.run(
        [str(BIN / "summitcal"), "check", str(path)], capture_output=True, text=True, timeout=60
    )
    assert "Traceback" not in result.stdout + result.stderr, result.stderr[-2000:]
    assert result.returncode in (0, 1), (result.returncode, result.stderr[-2000:])
