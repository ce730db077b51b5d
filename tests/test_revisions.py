"""Revisions: a schedule edited step by step reaches subscribers with the right SEQUENCE,
stamps and history; the SQLite ledger survives restarts, kills, concurrency and damage;
its setting is a path or a ``sqlite:`` URL. The rules any ledger keeps (retention,
SEQUENCE, seconds, words) are in ``ledger_contract.py``, run by
``test_ledger_contract.py``."""

from __future__ import annotations

import json
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import feedparser
import pytest
from click.testing import Result
from flask.testing import FlaskClient
from hypothesis import given, settings
from hypothesis import strategies as st

from summitcal.ical import calendar_bytes
from summitcal.model import Schedule
from summitcal.revisions import LedgerError, SqliteLedger, StateUrlError, open_ledger
from summitcal.state_url import locate, sqlite_file
from summitcal.tokens import default_state_dir
from summitcal.web import create_app

from conftest import EXAMPLE, Clock, ledger_export, settled
from ledger_contract import field, moved, vevents
from parsers import READERS, REVISION_READERS
from test_web import BIN, free_port, running_server

FEED = "/calendars/japan-peru-2024.ics"
HISTORY = "/calendars/japan-peru-2024/history.json"
Run = Callable[..., Result]


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
    editor.edit('title.en = "Joint press conference"', 'title.en = "Joint press conference (Q&A)"')
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


# -- the ledger's rules in the service (the rules themselves: ledger_contract.py) ----------


def test_retention_is_configurable_in_the_service(folder: Path) -> None:
    app = create_app({"SCHEDULE_FOLDER": str(folder), "RETENTION_DAYS": 0})
    client = app.test_client()
    client.get(FEED)
    editor = Editor(folder / EXAMPLE.name)
    editor.edit(editor.event_block("luncheon"), "")
    assert b"UID:luncheon." not in client.get(FEED).data


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
        ledger.publish(moved(example, "luncheon", minutes))
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
            'location.en = "Presidential Palace (Palacio de Gobierno), Lima"',
            'location.en = "Torre Tagle Palace"',
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
    assert not ledger.exists(), "reading a ledger never makes one"
    unexported = run("export", str(EXAMPLE), "--ledger", str(ledger))
    assert (unexported.exit_code, unexported.output) == (
        1,
        f"summitcal: {ledger}: no such ledger; nothing was written\n",
    )
    assert not ledger.exists()
    run("publish", str(EXAMPLE), "--ledger", str(ledger))
    other = run("history", "no-such-visit", "--ledger", str(ledger))
    assert other.output == f"summitcal: 'no-such-visit' was never published to {ledger}\n"


# -- the setting: a file path or a sqlite: URL ----------------------------------------------


def test_every_form_of_the_setting_names_the_same_ledger(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, example: Schedule
) -> None:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "state" / "ledger 12:00.sqlite3"
    forms: list[str | Path] = [
        str(path),  # a plain path, as --ledger has always taken it
        path,  # a Path is a path, whatever its name
        f"sqlite://{path}",  # sqlite:///absolute/path
        f"sqlite:///{path}",  # four slashes (SQLAlchemy's absolute form): the same file
        "sqlite:state/ledger 12:00.sqlite3",  # relative to the working folder
        "sqlite:state/ledger%2012:00.sqlite3",  # percent-escapes decoded
        "state/ledger 12:00.sqlite3",  # a relative plain path, its colon and all
    ]
    open_ledger(forms[0]).publish(example)
    for form in forms:
        assert open_ledger(form, create=False).versions() == {example.id: 1}, form
    assert [p.name for p in tmp_path.iterdir()] == ["state"], "no file named by a URL's text"
    assert {p.name for p in path.parent.iterdir()} <= {
        path.name,
        f"{path.name}-wal",
        f"{path.name}-shm",
    }


FORMS = "a file path, sqlite:///absolute/path or sqlite:relative/path"
ALL_FORMS = (
    "a file path, sqlite:///absolute/path, sqlite:relative/path or postgresql://user@host/database"
)


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        (
            "mysql://admin:secret@db.example/summitcal",
            "mysql://admin:***@db.example/summitcal: summitcal keeps no state in mysql; give "
            f"the revision ledger as {ALL_FORMS}",
        ),
        (
            "sqlite://db.example/ledger.sqlite3",
            "sqlite://db.example/ledger.sqlite3: a SQLite file has no host; write "
            "sqlite:///absolute/path (three slashes) or sqlite:relative/path",
        ),
        ("sqlite:///", f"sqlite:/// names no file; give the revision ledger as {FORMS}"),
        (
            "sqlite:///srv/ledger.sqlite3?mode=ro",
            "sqlite:///srv/ledger.sqlite3?mode=ro: options after ? or # are not read; give the "
            f"revision ledger as {FORMS}",
        ),
        (
            ":memory:",
            "the revision ledger cannot be kept in memory (it would be lost when the process "
            f"ends); give it as {FORMS}",
        ),
        ("", f"an empty setting names no file; give the revision ledger as {FORMS}"),
    ],
)
def test_a_setting_that_names_no_sqlite_file_is_one_message(setting: str, message: str) -> None:
    with pytest.raises(StateUrlError) as refused:
        open_ledger(setting)
    assert str(refused.value) == message
    assert refused.value.exit_code == 1  # the user's to fix, like any other option


def test_the_commands_take_a_sqlite_url(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    settled(Path(shutil.copy(EXAMPLE, tmp_path / "visit.toml")))
    relative = "sqlite:state/ledger.sqlite3"
    published = run("publish", "visit.toml", "--ledger", relative)
    assert published.output.startswith(
        f"japan-peru-2024: published version 1 (4 changes) to {relative}\n"
    )
    path = tmp_path / "state" / "ledger.sqlite3"
    shown = run("history", "japan-peru-2024", "--ledger", f"sqlite://{path}")
    assert shown.output.splitlines()[0] == "Japan–Peru Summit Meeting (japan-peru-2024): 1 version"
    exported = run("export", "visit.toml", "--ledger", str(path))
    assert exported.exit_code == 0 and exported.stdout_bytes == ledger_export(EXAMPLE, path)


@pytest.mark.parametrize(
    ("args", "what"),
    [
        (["publish", str(EXAMPLE), "--ledger"], "the revision ledger"),
        (["history", "japan-peru-2024", "--state"], "the revision ledger"),
        (["export", str(EXAMPLE), "--ledger"], "the revision ledger"),
        (["serve", "--ledger"], "the revision ledger"),
        (["serve", "--db"], "the token database"),
        (["tokens", "list", "--state"], "the token database"),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else None,
)
def test_another_scheme_is_one_message_and_exit_1(run: Run, args: list[str], what: str) -> None:
    result = run(*args, "mysql://summitcal:secret@db.example/summitcal")
    assert (result.exit_code, result.stdout, result.stderr) == (
        1,
        "",
        "summitcal: mysql://summitcal:***@db.example/summitcal: summitcal keeps no state in "
        f"mysql; give {what} as {ALL_FORMS}\n",
    )
    assert list(default_state_dir().iterdir()) == [], "nothing was made"


def test_the_service_takes_a_sqlite_url_in_its_settings(folder: Path, tmp_path: Path) -> None:
    state = tmp_path / "state" / "state.sqlite3"
    config = {"SCHEDULE_FOLDER": str(folder), "STATE_DB": f"sqlite://{state}", "TESTING": True}
    assert create_app(config).test_client().get(FEED).status_code == 200
    assert open_ledger(state, create=False).versions() == {"japan-peru-2024": 1}
    with pytest.raises(StateUrlError, match="summitcal keeps no state in mysql"):
        create_app({**config, "LEDGER_DB": "mysql://db.example/summitcal"})


# -- found in review: ties, reverts, seconds -------------------------------------------


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


@pytest.mark.parametrize(
    "setting",
    [
        "postgresql://admin:pa[ss@db.example/x",
        "postgresql://[::1",
        "mysql://u:secret@[bad]host/db",
        "sqlite://[::1]/x",
    ],
)
def test_a_setting_that_is_not_even_a_url_is_one_message_without_its_password(
    setting: str,
) -> None:
    """libpq reads some URLs Python's parser refuses (``pa[ss``): those name a server,
    which is shown without the password too."""
    try:
        said = str(locate(setting, "the revision ledger"))
    except StateUrlError as refused:
        said = str(refused)
    assert "pa[ss" not in said and "secret" not in said


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40) | st.from_regex(r"[a-z]{2,9}://[^\s]{0,30}", fullmatch=True))
def test_any_setting_is_a_file_or_one_message(setting: str) -> None:
    try:
        found: Path | str = sqlite_file(setting, "the revision ledger")
    except StateUrlError as refused:
        found = str(refused)  # one message; anything else escapes and fails the test
    assert isinstance(found, Path) or "give the revision ledger as" in found or found


def test_an_event_moved_to_another_zone_of_the_same_offset_is_published(
    client: FlaskClient, folder: Path
) -> None:
    """Lima to Bogotá in November: the same instants, another clock. Aware datetimes
    compare as instants, so this once left the file's change unpublished."""
    first = vevents(client.get(FEED).data)
    Editor(folder / EXAMPLE.name).edit(
        'kind = "meal"\n', 'kind = "meal"\nzone = "America/Bogota"\n'
    )
    lunch = vevents(client.get(FEED).data)["luncheon"]
    assert field(lunch, "DTSTART") == "TZID=America/Bogota:20241117T124500"
    assert field(lunch, "SEQUENCE") == "1"
    assert field(first["luncheon"], "DTSTART") == "TZID=America/Lima:20241117T124500"
