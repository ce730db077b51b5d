"""Revisions: a schedule edited step by step reaches subscribers with the right SEQUENCE,
stamps and history; the ledger survives restarts, kills, concurrency and damage."""

from __future__ import annotations

import json
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import feedparser
import pytest
from click.testing import Result
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summitcal.ical import calendar_bytes
from summitcal.model import Event, Location, Schedule, Status
from summitcal.revisions import ChangeKind, LedgerError, SqliteLedger, TooSoon, describe_change
from summitcal.schedule_file import parse_schedule
from summitcal.web import create_app

from conftest import EXAMPLE, Clock, ledger_export, settled
from parsers import READERS, REVISION_READERS
from test_web import BIN, free_port, running_server

FEED = "/calendars/japan-peru-2024.ics"
HISTORY = "/calendars/japan-peru-2024/history.json"
Run = Callable[..., Result]


def vevents(feed: bytes) -> dict[str, bytes]:
    """Event id → its VEVENT's bytes."""
    found = {}
    for block in feed.split(b"BEGIN:VEVENT")[1:]:
        uid = re.search(rb"UID:([^.]+)\.", block)
        assert uid is not None
        found[uid.group(1).decode()] = block.split(b"END:VEVENT")[0]
    return found


def field(vevent: bytes, name: str) -> str:
    found = re.search(rb"\r\n" + name.encode() + rb"[:;]([^\r]*)", vevent)
    assert found is not None, name
    return found.group(1).decode()


class Editor:
    """The schedule file in the service's folder, edited as a press office would."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def edit(self, old: str, new: str) -> None:
        text = self.path.read_text(encoding="utf-8")
        assert old in text, old
        self.path.write_text(text.replace(old, new, 1), encoding="utf-8")
        settled(self.path)

    def event_block(self, event_id: str) -> str:
        text = self.path.read_text(encoding="utf-8")
        start = text.index(f'[[events]]\nid = "{event_id}"')
        end = text.find("[[events]]", start + 1)
        return text[start : end if end != -1 else len(text)]


@pytest.fixture
def client(folder: Path) -> FlaskClient:
    return create_app({"SCHEDULE_FOLDER": str(folder), "TESTING": True}).test_client()


def summaries(client: FlaskClient) -> list[str]:
    """The latest version's changes, in words."""
    latest = client.get(HISTORY).get_json()["versions"][0]
    return [change["summary"] for change in latest["changes"]]


def test_a_day_of_changes_step_by_step(client: FlaskClient, folder: Path) -> None:
    editor = Editor(folder / EXAMPLE.name)
    first = vevents(client.get(FEED).data)
    assert {field(v, "SEQUENCE") for v in first.values()} == {"0"}

    # The meeting starts 15 minutes late: only its VEVENT changes, SEQUENCE 1.
    editor.edit("start = 2024-11-17T10:50:00", "start = 2024-11-17T11:05:00")
    moved = vevents(client.get(FEED).data)
    assert field(moved["summit-meeting"], "SEQUENCE") == "1"
    assert field(moved["summit-meeting"], "DTSTART") == "TZID=America/Lima:20241117T110500"
    for other in ("joint-statement", "press-conference", "luncheon"):
        assert moved[other] == first[other], f"{other} must keep its bytes"
    assert summaries(client) == [
        "“Welcome ceremony and Japan–Peru Summit Meeting”: moved from 10:50 to 11:05 "
        "Lima time (0:50 to 1:05 on 18 November in Tokyo)"
    ]

    # Retitled.
    editor.edit('title = "Joint press conference"', 'title = "Joint press conference (Q&A)"')
    retitled = vevents(client.get(FEED).data)
    assert field(retitled["press-conference"], "SEQUENCE") == "1"
    assert field(retitled["press-conference"], "SUMMARY") == "Joint press conference (Q&A)"
    assert field(retitled["summit-meeting"], "SEQUENCE") == "1"
    assert summaries(client) == [
        "“Joint press conference”: retitled “Joint press conference (Q&A)”"
    ]

    # The luncheon is cancelled in the file.
    editor.edit('kind = "meal"\n', 'kind = "meal"\nstatus = "cancelled"\n')
    cancelled = vevents(client.get(FEED).data)
    assert field(cancelled["luncheon"], "STATUS") == "CANCELLED"
    assert field(cancelled["luncheon"], "SEQUENCE") == "1"
    assert summaries(client)[0].startswith(
        "“Luncheon hosted by President Boluarte” cancelled; it was 12:45–14:15 on 17 "
        "November Lima time (2:45–4:15 on 18 November in Tokyo)"
    )

    # The press conference is taken out of the file: still in the feed, cancelled.
    block = editor.event_block("press-conference")
    editor.edit(block, "")
    removed = vevents(client.get(FEED).data)
    assert field(removed["press-conference"], "STATUS") == "CANCELLED"
    assert field(removed["press-conference"], "SEQUENCE") == "2"
    assert "removed from the schedule" in summaries(client)[0]
    page = client.get("/calendars/japan-peru-2024").data.decode()
    assert "<del>Joint press conference (Q&amp;A)</del> <strong>[cancelled]</strong>" in page

    # And put back: restored, SEQUENCE 3, never lower.
    editor.edit('[[events]]\nid = "luncheon"', block + '[[events]]\nid = "luncheon"')
    restored = vevents(client.get(FEED).data)
    assert field(restored["press-conference"], "STATUS") == "CONFIRMED"
    assert field(restored["press-conference"], "SEQUENCE") == "3"
    assert summaries(client)[0].startswith("“Joint press conference (Q&A)” restored: 12:15–12:40")

    # A new revision stamp and a comment change nothing a subscriber sees: same bytes.
    before = client.get(FEED)
    editor.edit("revision = 2024-11-17T18:00:00Z", "revision = 2024-11-17T19:00:00Z # later")
    after = client.get(FEED)
    assert (after.data, after.headers["ETag"]) == (before.data, before.headers["ETag"])

    history = client.get(HISTORY).get_json()
    assert [v["version"] for v in history["versions"]] == [6, 5, 4, 3, 2, 1]
    assert [c["kind"] for v in history["versions"] for c in v["changes"]][:5] == [
        "restored",
        "removed",
        "cancelled",
        "changed",
        "changed",
    ]
    # LAST-MODIFIED moves with each change, CREATED never does.
    stamps = [field(v["summit-meeting"], "LAST-MODIFIED") for v in (first, moved)]
    assert stamps[0] <= stamps[1]
    assert field(first["summit-meeting"], "CREATED") == field(restored["summit-meeting"], "CREATED")


def test_the_same_content_gives_the_same_bytes_after_a_restart(
    folder: Path, tmp_path: Path
) -> None:
    """Two runs of the real server, one after the other: the feed is byte for byte the
    same, so no subscriber re-downloads or sees a change that did not happen."""
    answers = []
    for run in range(2):
        with running_server(folder, free_port(), tmp_path / f"server-{run}.log") as base:
            with urlopen(base + FEED) as response:
                answers.append((response.read(), response.headers["ETag"]))
            time.sleep(1.1)  # a later publish would carry a later stamp
    assert answers[0] == answers[1]
    assert answers[0][0] == ledger_export(folder / EXAMPLE.name)


def urlopen(url: str):  # type: ignore[no-untyped-def]
    import urllib.request

    return urllib.request.urlopen(url, timeout=10)


def test_history_as_atom_is_read_by_a_feed_reader(client: FlaskClient, folder: Path) -> None:
    editor = Editor(folder / EXAMPLE.name)
    client.get(FEED)
    editor.edit("start = 2024-11-17T12:45:00", "start = 2024-11-17T13:00:00")
    response = client.get("/calendars/japan-peru-2024/history.atom")
    assert response.content_type == "application/atom+xml; charset=utf-8"
    parsed = feedparser.parse(response.data)
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.feed.title == "Japan–Peru Summit Meeting: changes"
    titles = [entry.title for entry in parsed.entries]
    assert titles[0] == (
        "Version 2: “Luncheon hosted by President Boluarte”: moved from 12:45 to 13:00 "
        "Lima time (2:45 to 3:00 on 18 November in Tokyo)"
    )
    assert titles[1].startswith("Version 1: “Welcome ceremony")
    assert len({entry.id for entry in parsed.entries}) == 2
    again = client.get("/calendars/japan-peru-2024/history.atom")
    assert again.data == response.data
    page = client.get("/calendars/japan-peru-2024").data.decode()
    assert 'type="application/atom+xml"' in page and "moved from 12:45 to 13:00" in page


@pytest.mark.parametrize("reader", sorted(REVISION_READERS))
def test_every_client_parser_reads_the_change(
    client: FlaskClient, folder: Path, reader: str
) -> None:
    """After a move and a removal, each parser real clients use reads the new time, the
    raised SEQUENCE and the cancellation from the served feed."""
    client.get(FEED)
    editor = Editor(folder / EXAMPLE.name)
    editor.edit("start = 2024-11-17T10:50:00", "start = 2024-11-17T11:05:00")
    editor.edit(editor.event_block("luncheon"), "")
    feed = client.get(FEED).data
    uid = "{}.japan-peru-2024@summitcal.invalid".format
    assert REVISION_READERS[reader](feed) == {
        uid("summit-meeting"): (1, "CONFIRMED"),
        uid("joint-statement"): (0, "CONFIRMED"),
        uid("press-conference"): (0, "CONFIRMED"),
        uid("luncheon"): (1, "CANCELLED"),
    }
    start, _end = READERS[reader](feed)[uid("summit-meeting")]
    assert start == datetime(2024, 11, 17, 16, 5, tzinfo=UTC)


# -- the ledger's rules, with a clock the test moves ------------------------------------


def test_removed_events_leave_after_the_retention_period(
    example: Schedule, tmp_path: Path, clock: Clock
) -> None:
    ledger = SqliteLedger(tmp_path / "ledger.sqlite3", clock=clock)
    ledger.publish(example)
    clock.advance(hours=1)
    fewer = replace(example, events=tuple(e for e in example.events if e.id != "luncheon"))
    release = ledger.publish(fewer)
    assert release is not None and release.schedule.event("luncheon").status is Status.CANCELLED
    assert release.expires == clock.now + timedelta(days=30)
    clock.advance(days=29, hours=23)
    still = ledger.publish(fewer)
    assert still is not None and "luncheon" in still.stamps
    clock.advance(hours=1)
    gone = ledger.publish(fewer)
    assert gone is not None and "luncheon" not in gone.stamps
    assert b"UID:luncheon." not in calendar_bytes(gone.schedule, stamps=gone.stamps)
    assert ledger.history(example.id)[0].changes[0].kind is ChangeKind.EXPIRED
    # Back in the file a year later: restored, its SEQUENCE continuing, never reset.
    clock.advance(days=365)
    back = ledger.publish(example)
    assert back is not None and back.stamps["luncheon"].sequence == 2


def test_a_cancelled_event_leaves_after_the_retention_period_too(
    example: Schedule, tmp_path: Path, clock: Clock
) -> None:
    ledger = SqliteLedger(tmp_path / "ledger.sqlite3", clock=clock, retention=timedelta(days=7))
    ledger.publish(example)
    clock.advance(hours=1)
    cancelled = replace(
        example,
        events=tuple(
            replace(e, status=Status.CANCELLED) if e.id == "luncheon" else e for e in example.events
        ),
    )
    first = ledger.publish(cancelled)
    assert first is not None and first.stamps["luncheon"].sequence == 1
    clock.advance(days=7)
    later = ledger.publish(cancelled)
    assert later is not None and "luncheon" not in later.stamps
    clock.advance(days=1)
    assert ledger.publish(cancelled) == later  # still cancelled: stays out, no new version


def test_retention_is_configurable_in_the_service(folder: Path) -> None:
    app = create_app({"SCHEDULE_FOLDER": str(folder), "RETENTION_DAYS": 0})
    client = app.test_client()
    client.get(FEED)
    editor = Editor(folder / EXAMPLE.name)
    editor.edit(editor.event_block("luncheon"), "")
    assert b"UID:luncheon." not in client.get(FEED).data


def test_time_never_runs_backwards_in_the_ledger(
    example: Schedule, tmp_path: Path, clock: Clock
) -> None:
    ledger = SqliteLedger(tmp_path / "ledger.sqlite3", clock=clock)
    ledger.publish(example)
    clock.advance(days=-3)  # the machine's clock set back
    moved = _moved(example, "luncheon", minutes=10)
    release = ledger.publish(moved)
    assert release is not None
    # A second after the previous version, never before it.
    assert release.stamps["luncheon"].modified == datetime(2024, 11, 17, 12, 0, 1, tzinfo=UTC)


def _moved(schedule: Schedule, event_id: str, minutes: int) -> Schedule:
    shift = timedelta(minutes=minutes)
    return replace(
        schedule,
        events=tuple(
            replace(e, start=e.start + shift, end=e.end + shift) if e.id == event_id else e
            for e in schedule.events
        ),
    )


_edits = st.lists(
    st.tuples(
        st.sampled_from(["summit-meeting", "joint-statement", "press-conference", "luncheon"]),
        st.sampled_from(["move", "retitle", "cancel", "remove", "restore", "shuffle", "nothing"]),
        st.integers(min_value=-90, max_value=90),
    ),
    min_size=1,
    max_size=12,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(edits=_edits)
def test_sequence_never_goes_down_and_never_skips(
    example: Schedule, tmp_path_factory: pytest.TempPathFactory, edits: list[tuple[str, str, int]]
) -> None:
    clock = Clock()
    ledger = SqliteLedger(tmp_path_factory.mktemp("l") / "ledger.sqlite3", clock=clock)
    ledger.publish(example)
    current: dict[str, Event] = {e.id: e for e in example.events}
    original = dict(current)
    seen = dict.fromkeys(current, 0)
    for event_id, action, minutes in edits:
        clock.advance(minutes=5)
        if action == "move" and event_id in current:
            shift = timedelta(minutes=minutes)
            current[event_id] = replace(
                current[event_id],
                start=current[event_id].start + shift,
                end=current[event_id].end + shift,
            )
        elif action == "retitle" and event_id in current:
            current[event_id] = replace(current[event_id], title=f"Retitled {minutes}")
        elif action == "cancel" and event_id in current:
            current[event_id] = replace(current[event_id], status=Status.CANCELLED)
        elif action == "remove":
            current.pop(event_id, None)
        elif action == "restore":
            current[event_id] = original[event_id]
        events = list(current.values())
        if action == "shuffle":
            events.reverse()
        schedule = replace(example, events=tuple(_without_dangling(events)))
        before = vevents(_feed(ledger, example.id))
        release = ledger.publish(schedule)
        assert release is not None
        after = vevents(calendar_bytes(release.schedule, stamps=release.stamps))
        for stamped_id, stamp in release.stamps.items():
            assert stamp.sequence in (seen[stamped_id], seen[stamped_id] + 1), "never skips"
            was = before.get(stamped_id)
            changed = was is None or _content(was) != _content(after[stamped_id])
            assert (stamp.sequence > seen[stamped_id]) == changed, (stamped_id, action)
            if not changed:
                assert after[stamped_id] == was, "an unchanged event keeps its bytes"
            seen[stamped_id] = stamp.sequence
        if action in ("shuffle", "nothing"):
            assert after == before, "the order of events in the file is no change"
    ledger.close()


def _without_dangling(events: list[Event]) -> list[Event]:
    ids = {e.id for e in events}
    return [
        e if e.follows in ids or e.follows is None else replace(e, follows=None) for e in events
    ]


def _feed(ledger: SqliteLedger, schedule_id: str) -> bytes:
    release = ledger.release(schedule_id)
    assert release is not None
    return calendar_bytes(release.schedule, stamps=release.stamps)


def _content(vevent: bytes) -> bytes:
    """The VEVENT without what the ledger numbers and dates."""
    stamped = (b"SEQUENCE:", b"DTSTAMP:", b"CREATED:", b"LAST-MODIFIED:")
    return b"".join(line for line in vevent.split(b"\r\n") if not line.startswith(stamped))


# -- damage, kills and locks -------------------------------------------------------------


def test_a_corrupt_ledger_is_named_and_never_reset(run: Run, tmp_path: Path) -> None:
    garbage = tmp_path / "ledger.sqlite3"
    garbage.write_bytes(b"these are not the pages of a database\n" * 200)
    before = garbage.read_bytes()
    for command in (["publish", str(EXAMPLE)], ["history", str(EXAMPLE)]):
        result = subprocess.run(
            [str(BIN / "summitcal"), *command, "--ledger", str(garbage)],
            capture_output=True,
            text=True,
        )
        assert result.returncode == 3  # EXIT_STATE: the operator's to fix
        assert result.stderr == (
            f"summitcal: {garbage}: not a usable revision ledger (file is not a database); "
            "restore it from a backup, or move it aside to start a new history (subscribers "
            "then see every event as new)\n"
        )
    assert garbage.read_bytes() == before, "a damaged ledger is never rewritten"


def test_a_damaged_page_is_found_before_anything_is_written(
    tmp_path: Path, example: Schedule, clock: Clock
) -> None:
    path = tmp_path / "ledger.sqlite3"
    ledger = SqliteLedger(path, clock=clock)
    for minutes in range(0, 300, 5):  # enough history for several pages
        clock.advance(minutes=1)
        ledger.publish(_moved(example, "luncheon", minutes))
    ledger.close()
    data = bytearray(path.read_bytes())
    assert len(data) > 8 * 4096
    data[4 * 4096 : 6 * 4096] = b"\xa5" * 8192  # two pages in the middle
    path.write_bytes(bytes(data))
    for wal in tmp_path.glob("ledger.sqlite3-*"):
        wal.unlink()
    with pytest.raises(LedgerError, match="not a usable revision ledger"):
        SqliteLedger(path).publish(example)


def test_serve_refuses_an_unusable_ledger(tmp_path: Path, folder: Path) -> None:
    garbage = tmp_path / "ledger.sqlite3"
    garbage.write_bytes(b"x" * 5000)
    result = subprocess.run(
        [
            str(BIN / "summitcal"),
            "serve",
            str(folder),
            "--port",
            str(free_port()),
            "--ledger",
            str(garbage),
        ],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 3  # EXIT_STATE
    assert f"{garbage}: not a usable revision ledger" in result.stderr
    assert "Traceback" not in result.stderr


KILLED_PUBLISH = """
import sqlite3, sys, time
from pathlib import Path
from summitcal.revisions import SqliteLedger
from summitcal.schedule_file import read_schedule

connect = sqlite3.connect
def traced(*args, **kwargs):
    db = connect(*args, **kwargs)
    def pause(statement):
        if statement.startswith("INSERT INTO ledger_changes"):
            print("inside the transaction", flush=True)
            time.sleep(60)
    db.set_trace_callback(pause)
    return db
sqlite3.connect = traced
SqliteLedger(Path(sys.argv[1])).publish(read_schedule(Path(sys.argv[2])))
"""


def test_a_publish_killed_halfway_leaves_the_old_version(tmp_path: Path, run: Run) -> None:
    """SIGKILL between the writes of one publish: the ledger is intact, the feed is
    exactly the old version, and the next publish takes the change as version 2."""
    ledger_path = tmp_path / "ledger.sqlite3"
    schedule_file = tmp_path / "visit.toml"
    schedule_file.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    assert run("publish", str(schedule_file), "--ledger", str(ledger_path)).exit_code == 0
    old_feed = ledger_export(schedule_file, ledger_path)
    text = schedule_file.read_text(encoding="utf-8")
    schedule_file.write_text(text.replace("T12:45:00", "T13:15:00"), encoding="utf-8")

    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_PUBLISH, str(ledger_path), str(schedule_file)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    assert child.stdout.readline() == "inside the transaction\n"  # rows written, not committed
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=10)
    child.stdout.close()

    with sqlite3.connect(ledger_path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    ledger = SqliteLedger(ledger_path)
    release = ledger.release("japan-peru-2024")
    assert release is not None and release.version == 1
    assert calendar_bytes(release.schedule, stamps=release.stamps) == old_feed
    assert [v.version for v in ledger.history("japan-peru-2024")] == [1]
    published = run("publish", str(schedule_file), "--ledger", str(ledger_path))
    assert "published version 2 (1 change)" in published.output


# -- the command line --------------------------------------------------------------------


def test_publish_then_history_then_export(run: Run, tmp_path: Path) -> None:
    schedule_file = tmp_path / "visit.toml"
    schedule_file.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    ledger = str(tmp_path / "ledger.sqlite3")
    first = run("publish", str(schedule_file), "--ledger", ledger)
    assert first.output.startswith(
        f"japan-peru-2024: published version 1 (4 changes) to {ledger}\n"
    )
    assert run("publish", str(schedule_file), "--ledger", ledger).output == (
        "japan-peru-2024: no changes; version 1 stays published\n"
    )
    text = schedule_file.read_text(encoding="utf-8")
    schedule_file.write_text(
        text.replace(
            'location = "Presidential Palace (Palacio de Gobierno), Lima"',
            'location = "Torre Tagle Palace"',
        ),
        encoding="utf-8",
    )
    unpublished = run("export", str(schedule_file), "--ledger", ledger)
    assert unpublished.exit_code == 1
    assert "has 1 change not yet published" in unpublished.output
    second = run("publish", str(schedule_file), "--ledger", ledger)
    assert second.output.splitlines()[1] == (
        "  - “Welcome ceremony and Japan–Peru Summit Meeting”: place changed from "
        "“Presidential Palace (Palacio de Gobierno), Lima” to “Torre Tagle Palace”"
    )
    shown = run("history", "japan-peru-2024", "--ledger", ledger)
    assert shown.output.splitlines()[0] == "Japan–Peru Summit Meeting (japan-peru-2024): 2 versions"
    assert re.match(
        r"version 2, published \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC: 1 change",
        shown.output.splitlines()[1],
    )
    data = json.loads(run("history", str(schedule_file), "--ledger", ledger, "--json").output)
    assert [v["version"] for v in data["versions"]] == [2, 1]
    assert data["versions"][0]["changes"][0]["after"]["location"] == "Torre Tagle Palace"
    exported = run("export", str(schedule_file), "--ledger", ledger)
    assert b"SEQUENCE:1" in exported.stdout_bytes
    plain = run("export", str(schedule_file))
    assert b"SEQUENCE:1" not in plain.stdout_bytes and plain.stdout_bytes.count(b"SEQUENCE:0") == 4


def test_history_of_a_schedule_never_published(run: Run, tmp_path: Path) -> None:
    ledger = tmp_path / "ledger.sqlite3"
    missing = run("history", str(EXAMPLE), "--ledger", str(ledger))
    assert (missing.exit_code, missing.output) == (
        1,
        f"summitcal: {ledger}: no such ledger; publish a schedule first (summitcal publish)\n",
    )
    run("publish", str(EXAMPLE), "--ledger", str(ledger))
    other = run("history", "no-such-visit", "--ledger", str(ledger))
    assert other.output == f"summitcal: 'no-such-visit' was never published to {ledger}\n"


# -- words -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [
        (15, "moved from 12:45 to 13:00 Lima time (2:45 to 3:00 on 18 November in Tokyo)"),
        (
            -180,
            "moved from 12:45 to 9:45 Lima time "
            "(2:45 on 18 November to 23:45 on 17 November in Tokyo)",
        ),
        (
            -780,
            "moved from 12:45 on 17 November to 23:45 on 16 November Lima time "
            "(2:45 on 18 November to 13:45 on 17 November in Tokyo)",
        ),
    ],
)
def test_moves_in_words(
    example: Schedule, tmp_path: Path, clock: Clock, minutes: int, expected: str
) -> None:
    ledger = SqliteLedger(tmp_path / "l.sqlite3", clock=clock, sleep=clock.sleep)
    ledger.publish(example)
    ledger.publish(_moved(example, "luncheon", minutes))
    (change,) = ledger.history(example.id)[0].changes
    assert (
        describe_change(change, "Asia/Tokyo")
        == f"“Luncheon hosted by President Boluarte”: {expected}"
    )


def test_words_without_a_second_zone_and_for_a_new_place(
    example: Schedule, tmp_path: Path, clock: Clock
) -> None:
    local = replace(example, home_zone=example.zone)
    ledger = SqliteLedger(tmp_path / "l.sqlite3", clock=clock, sleep=clock.sleep)
    ledger.publish(local)
    luncheon = local.event("luncheon")
    changed = replace(
        local,
        events=tuple(
            replace(e, end=e.end + timedelta(minutes=30), location=Location("Hotel Bolívar"))
            if e.id == "luncheon"
            else e
            for e in local.events
        ),
    )
    ledger.publish(changed)
    (change,) = ledger.history(local.id)[0].changes
    assert luncheon.location is None
    assert describe_change(change, local.home_zone.key) == (
        "“Luncheon hosted by President Boluarte”: now ends at 14:45 instead of 14:15 Lima time; "
        "place now given: “Hotel Bolívar”"
    )


# -- found in review: ties, reverts, seconds -------------------------------------------


def test_events_at_the_same_time_render_the_same_in_every_process(
    write_schedule: Callable[..., Path], tmp_path: Path
) -> None:
    """Two events with the same start: the publishing process and any other reading the
    ledger give the same bytes (one order, whatever the file's)."""
    path = write_schedule(
        '[[events]]\nid = "zeta"\ntitle = "Zeta"\nstart = 2024-11-17T10:00:00\nduration = 30\n'
        '[[events]]\nid = "alpha"\ntitle = "Alpha"\nstart = 2024-11-17T10:00:00\nduration = 30\n'
    )
    schedule = parse_schedule(path.read_text(encoding="utf-8"), str(path))
    ledger_path = tmp_path / "ledger.sqlite3"
    published = SqliteLedger(ledger_path).publish(schedule)
    read_back = SqliteLedger(ledger_path).release(schedule.id)
    assert published is not None and read_back is not None
    assert calendar_bytes(published.schedule, stamps=published.stamps) == calendar_bytes(
        read_back.schedule, stamps=read_back.stamps
    )
    assert [e.id for e in read_back.schedule.events] == ["alpha", "zeta"]


def test_a_reverted_file_is_served_after_another_process_published(
    client: FlaskClient, folder: Path, tmp_path: Path, run: Run
) -> None:
    """The service serves its file: when `publish` of another version of the schedule
    lands and the file says otherwise, the service publishes the file again."""
    before = vevents(client.get(FEED).data)
    other = tmp_path / "elsewhere" / "visit.toml"  # not in the served folder
    other.parent.mkdir()
    other.write_text(
        (folder / EXAMPLE.name).read_text(encoding="utf-8").replace("T12:45:00", "T13:30:00"),
        encoding="utf-8",
    )
    assert run("publish", str(other)).exit_code == 0
    after = vevents(client.get(FEED).data)
    assert field(after["luncheon"], "DTSTART") == "TZID=America/Lima:20241117T124500"
    assert field(after["luncheon"], "SEQUENCE") == "2"  # moved away and back: two changes
    assert field(before["luncheon"], "SEQUENCE") == "0"
    history = client.get(HISTORY).get_json()["versions"]
    assert [v["version"] for v in history] == [3, 2, 1]


def test_each_version_is_modified_a_second_after_the_last(
    example: Schedule, tmp_path: Path, clock: Clock
) -> None:
    """Two versions within one second must not share Last-Modified (a client asking
    If-Modified-Since the first would be told the second is not newer), nor may the
    second be dated after the clock: it waits for its second, or says when it may come."""
    ledger = SqliteLedger(tmp_path / "ledger.sqlite3", clock=clock, sleep=clock.sleep)
    first = ledger.publish(example)
    clock.advance(seconds=0.4)
    with pytest.raises(TooSoon) as soon:
        ledger.publish(_moved(example, "luncheon", 10), wait=False)
    assert first is not None and soon.value.retry_at == first.modified + timedelta(seconds=1)
    assert soon.value.version == 2 and ledger.versions() == {example.id: 1}  # nothing written
    second = ledger.publish(_moved(example, "luncheon", 10))  # waits (the lock released)
    assert second is not None and second.modified == first.modified + timedelta(seconds=1)
    assert second.modified <= clock.now
