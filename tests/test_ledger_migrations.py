"""A ledger made by the release before migrations (schema 1, ``fixtures/ledger-v1``),
opened by this one: upgraded in place, once, and read exactly as that release served
it; refused, not misread, when it cannot be upgraded or is newer; left as it was when an
upgrade is stopped halfway. Real SQLite files and real processes; nothing is mocked.
Over 400 lines in one module: every test is of the one fixture, with its helpers."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

import summitcal
from summitcal.ical.feed import calendar_bytes
from summitcal.model import Schedule, Texts
from summitcal.revisions import LedgerError, SqliteLedger, describe_change, open_ledger
from summitcal.revisions.migrations import MIGRATIONS, SCHEMA_VERSION, Migration
from summitcal.schedule_file import read_schedule
from summitcal.tokens import open_tokens

from conftest import EXAMPLE, Clock, dump
from test_ledger_faults import holders
from test_web import BIN

FIXTURE = Path(__file__).parent / "fixtures" / "ledger-v1"
EXPECTED: dict[str, Any] = json.loads((FIXTURE / "expected.json").read_text(encoding="utf-8"))
LOGGER = "summitcal.revisions.ledger"
VISIT = "japan-peru-2024"


@pytest.fixture
def old(tmp_path: Path) -> Path:
    """A copy of the schema-1 ledger (the fixture itself is never opened)."""
    folder = tmp_path / "state"
    folder.mkdir()
    return Path(shutil.copy(FIXTURE / "state.sqlite", folder / "state.sqlite"))


def schema(path: Path) -> int:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        (value,) = db.execute("SELECT value FROM ledger_meta WHERE key = 'schema'").fetchone()
    return int(value)


def upgrades(path: Path) -> list[tuple[Any, ...]] | None:
    """The rows of ``ledger_upgrades``; None if there is no such table."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        try:
            return db.execute("SELECT * FROM ledger_upgrades ORDER BY to_version").fetchall()
        except sqlite3.OperationalError:
            return None


def as_it_was(path: Path) -> None:
    """The ledger is the fixture's schema 1, whole: what the release that wrote it reads."""
    assert schema(path) == 1
    assert upgrades(path) is None
    # immutable: SQLite makes no state.sqlite-shm beside the committed fixture
    with sqlite3.connect(f"file:{FIXTURE / 'state.sqlite'}?mode=ro&immutable=1", uri=True) as db:
        fixture = list(db.iterdump())
    assert dump(path) == fixture
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


@pytest.fixture
def example() -> Schedule:
    """The example as it was when ``make.py`` made the fixture: in English only (the
    translations came later, and a ledger records them as a change of their own)."""
    schedule = read_schedule(EXAMPLE)
    return replace(
        schedule,
        languages=("en",),
        texts=Texts(),
        events=tuple(replace(event, texts=Texts()) for event in schedule.events),
    )


def last_schedule(example: Schedule) -> Schedule:
    """The fixture's last version of the example, made again as ``make.py`` made it."""
    events = list(example.events)
    lunch = next(i for i, e in enumerate(events) if e.kind.value == "meal")
    moved = events[lunch]
    events[lunch] = replace(
        moved,
        start=moved.start + timedelta(minutes=15),
        end=moved.end + timedelta(minutes=15),
        title=moved.title + " (moved)",
    )
    removed = events.pop(0)
    events.append(replace(removed, id="courtesy-call", title="Courtesy call"))
    return replace(example, events=tuple(events), description="Updated programme.")


def private_visit(example: Schedule) -> Schedule:
    return replace(example, id="private-visit", title="Private visit", private=True)


# -- upgraded once, read as the old release served it -----------------------------------


def test_an_old_ledger_is_upgraded_in_place_once(
    old: Path, clock: Clock, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        ledger = open_ledger(f"sqlite://{old}", clock=clock)
        assert ledger.versions() == EXPECTED["versions"]
    assert [r.getMessage() for r in caplog.records] == [f"upgraded ledger {old} from schema 1 to 2"]
    assert schema(old) == SCHEMA_VERSION == 2
    assert upgrades(old) == [(1, 2, "2024-11-17T12:00:00Z", summitcal.__version__)]
    with sqlite3.connect(old) as db:
        plan = db.execute(
            "EXPLAIN QUERY PLAN SELECT version FROM ledger_changes "
            "WHERE schedule_id = ? AND event_id = ?",
            (VISIT, "luncheon"),
        ).fetchall()
    assert "ledger_changes_by_event" in str(plan), "per-event history uses the new index"

    caplog.clear()
    clock.advance(days=1)
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        again = SqliteLedger(old, clock=clock)  # another process, or a restart
        assert again.versions() == EXPECTED["versions"]
    assert not caplog.records and not again.created_new
    assert upgrades(old) == [(1, 2, "2024-11-17T12:00:00Z", summitcal.__version__)]


def test_the_upgraded_ledger_reads_as_the_old_release_served_it(old: Path) -> None:
    ledger = open_ledger(old)
    release = ledger.release(VISIT)
    assert release is not None and release.version == EXPECTED["versions"][VISIT]
    sequences = {key: stamp.sequence for key, stamp in sorted(release.stamps.items())}
    assert sequences == EXPECTED["sequences"]
    feed = calendar_bytes(release.schedule, stamps=release.stamps)
    served = (FIXTURE / "expected-feed.ics").read_bytes()
    assert hashlib.sha256(served).hexdigest() == EXPECTED["feed_sha256"]  # the fixture's own
    # Byte for byte what that release served, but the METHOD line feeds no longer carry
    # (a subscribed feed is not an iTIP message): every event's bytes are the same.
    assert served.count(b"\r\nMETHOD:PUBLISH\r\n") == 1
    assert feed == served.replace(b"\r\nMETHOD:PUBLISH\r\n", b"\r\n")
    home = release.schedule.home_zone.key
    history = [
        {
            "version": version.version,
            "published": version.published.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "changes": [describe_change(change, home) for change in version.changes],
        }
        for version in ledger.history(VISIT)
    ]
    # The words are made again from the ledger whenever shown, so they follow today's
    # wording (certainty markers, "about 12:00"); what each says up to its first time
    # (which event, what happened to it) is what the old release said.
    assert [(v["version"], v["published"], len(v["changes"])) for v in history] == [
        (v["version"], v["published"], len(v["changes"])) for v in EXPECTED["history"]
    ]
    assert [[_said(line) for line in v["changes"]] for v in history] == [
        [_said(line) for line in v["changes"]] for v in EXPECTED["history"]
    ]


def _said(line: str) -> str:
    """A change's words up to its first time: "“Courtesy call” added: "."""
    return re.split(r"\d", line, maxsplit=1)[0]


def test_publishing_what_the_old_release_published_changes_nothing(
    old: Path, example: Schedule, clock: Clock
) -> None:
    clock.advance(days=3)  # after every version in the fixture
    ledger = open_ledger(old, clock=clock, sleep=clock.sleep)
    before = ledger.release(VISIT)
    for schedule in (last_schedule(example), private_visit(example)):
        assert ledger.pending(schedule) == (), schedule.id
        assert ledger.publish(schedule) == ledger.release(schedule.id)
    assert ledger.versions() == EXPECTED["versions"]
    assert ledger.release(VISIT) == before
    assert [v.version for v in ledger.history(VISIT)] == [4, 3, 2, 1]


def test_a_change_after_the_upgrade_raises_sequence_by_one(
    old: Path, example: Schedule, clock: Clock
) -> None:
    clock.advance(days=3)
    ledger = open_ledger(old, clock=clock, sleep=clock.sleep)
    last = last_schedule(example)
    lunch = next(e.id for e in last.events if e.kind.value == "meal")
    later = replace(
        last,
        events=tuple(
            replace(e, start=e.start + timedelta(minutes=5), end=e.end + timedelta(minutes=5))
            if e.id == lunch
            else e
            for e in last.events
        ),
    )
    release = ledger.publish(later)
    assert release is not None and release.version == EXPECTED["versions"][VISIT] + 1
    sequences = {key: stamp.sequence for key, stamp in sorted(release.stamps.items())}
    assert sequences == {**EXPECTED["sequences"], lunch: EXPECTED["sequences"][lunch] + 1}
    assert release.stamps[lunch].modified == clock.now
    (change,) = ledger.history(VISIT)[0].changes
    assert describe_change(change, "Asia/Tokyo").startswith(
        "“Luncheon hosted by President Boluarte (moved)”: moved from 13:00 to 13:05 Lima time"
    )


def test_the_old_token_still_opens_its_schedule(old: Path) -> None:
    open_ledger(old).check()  # upgraded first, as `summitcal serve` does
    tokens = open_tokens(f"sqlite://{old}")
    assert tokens.allows("private-visit", EXPECTED["token"])
    assert not tokens.allows(VISIT, EXPECTED["token"])
    assert [(info.id, info.schedule_id, info.revoked) for info in tokens.list()] == [
        (EXPECTED["token_id"], "private-visit", None)
    ]
    with sqlite3.connect(old) as db:  # the store's schema, kept from now on
        assert db.execute("SELECT * FROM tokens_meta").fetchall() == [("schema", "1")]


def test_a_new_ledger_has_the_upgraded_ones_schema_and_no_upgrade(
    old: Path, tmp_path: Path
) -> None:
    new = tmp_path / "new.sqlite3"
    open_ledger(new).check()
    open_ledger(old).check()

    def tables(path: Path) -> set[tuple[str, str, str]]:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            rows = db.execute(
                "SELECT type, name, sql FROM sqlite_master WHERE tbl_name LIKE 'ledger%'"
            ).fetchall()
        return {(kind, name, " ".join((sql or "").split())) for kind, name, sql in rows}

    assert tables(new) == tables(old)
    assert schema(new) == 2 and upgrades(new) == []


# -- two processes at once: one upgrade --------------------------------------------------


def test_two_processes_opening_an_old_ledger_at_once_upgrade_it_once(old: Path) -> None:
    """A third connection holds the write lock while two processes of the service open
    the ledger; once it lets go, both go on: one upgrades, the other finds it done."""
    lock = sqlite3.connect(old, isolation_level=None)
    lock.execute("BEGIN IMMEDIATE")
    opens = (
        "import sys, logging; logging.basicConfig(format='%(message)s');"
        "from summitcal.revisions import open_ledger;"
        "print(open_ledger(sys.argv[1]).versions())"
    )
    command = [sys.executable, "-c", opens, str(old)]
    processes = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    try:
        for _ in range(200):  # both have it open, and wait for the lock
            if len(holders(old)) == 3:
                break
            time.sleep(0.05)
        assert len(holders(old)) == 3
        time.sleep(0.5)
        assert schema(old) == 1
    finally:
        lock.rollback()
        lock.close()
    outputs = [process.communicate(timeout=60) for process in processes]
    assert [process.returncode for process in processes] == [0, 0], outputs
    for stdout, _ in outputs:
        assert stdout == "{'japan-peru-2024': 4, 'private-visit': 1}\n"
    said = [stderr for _, stderr in outputs]
    assert sorted(said) == ["", f"upgraded ledger {old} from schema 1 to 2\n"]
    assert schema(old) == 2
    assert upgrades(old) is not None and len(upgrades(old) or []) == 1


def test_a_command_that_only_reads_leaves_an_old_ledger_as_it_is(old: Path) -> None:
    """`history` and `export --ledger` on a ledger of the release before read it without
    upgrading it: a service of that release, still running on it, goes on working."""
    before = dump(old)
    done = subprocess.run(
        [str(BIN / "summitcal"), "history", VISIT, "--ledger", str(old)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Japan–Peru Summit Meeting (japan-peru-2024): 4 versions\n")
    assert done.stderr == ""
    assert schema(old) == 1 and dump(old) == before
    # A command that writes upgrades it first.
    assert open_ledger(old).versions() == {"japan-peru-2024": 4, "private-visit": 1}
    assert schema(old) == 2


# -- refused, with one message: newer, read-only -----------------------------------------


def test_a_ledger_of_a_newer_release_is_refused_and_left_alone(old: Path) -> None:
    with sqlite3.connect(old) as db:
        db.execute("UPDATE ledger_meta SET value = '99' WHERE key = 'schema'")
    before = dump(old)
    message = f"{old}: the ledger was written by a newer summitcal (schema 99); upgrade summitcal to use it"
    with pytest.raises(LedgerError) as refused:
        open_ledger(old).check()
    assert str(refused.value) == message
    done = subprocess.run(
        [str(BIN / "summitcal"), "history", VISIT, "--ledger", f"sqlite://{old}"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (done.returncode, done.stdout, done.stderr) == (3, "", f"summitcal: {message}\n")
    assert dump(old) == before


@contextmanager
def read_only(path: Path) -> Iterator[None]:
    """``path`` (a file or a folder) made read-only for this process: by its mode, or as
    root (whom modes do not stop) the file's immutable flag or a read-only bind mount."""
    if os.geteuid() != 0:
        mode = path.stat().st_mode
        path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield
        finally:
            path.chmod(mode)
        return
    if path.is_dir():
        steps = [["mount", "--bind", str(path), str(path)]]
        steps.append(["mount", "-o", "remount,bind,ro", str(path)])
        undo = ["umount", str(path)]
    else:
        steps, undo = [["chattr", "+i", str(path)]], ["chattr", "-i", str(path)]
    for number, step in enumerate(steps):
        if subprocess.run(step, capture_output=True, check=False).returncode != 0:
            if number:
                subprocess.run(undo, check=True)
            pytest.skip(f"`{' '.join(step)}` is not permitted here")
    try:
        yield
    finally:
        subprocess.run(undo, check=True)


def test_a_read_only_old_ledger_is_refused_and_left_as_it_was(old: Path) -> None:
    """SQLite can open the file read-only beside a writable folder: the upgrade's write
    fails, and says so."""
    with read_only(old), pytest.raises(LedgerError) as refused:
        open_ledger(old).check()
    message = str(refused.value)
    assert message.startswith(
        f"{old}: the ledger could not be upgraded from schema 1 to 2 and is as it was "
        "(schema 1, which the release that wrote it still reads): the revision ledger "
        "cannot be written (attempt to write a readonly database); let this user write it "
        "and its folder (SQLite keeps state.sqlite-wal and state.sqlite-shm beside it)"
    )
    as_it_was(old)
    assert open_ledger(old).versions() == EXPECTED["versions"]  # writable again: upgraded
    assert schema(old) == 2


def test_an_old_ledger_in_a_read_only_folder_is_refused_and_left_as_it_was(old: Path) -> None:
    """Without its folder SQLite cannot make PATH-shm, and cannot even read (WAL)."""
    with read_only(old.parent), pytest.raises(LedgerError) as refused:
        open_ledger(old, create=False).check()
    assert str(refused.value) == (
        f"{old}: the revision ledger cannot be written (unable to open database file); let "
        "this user write it and its folder (SQLite keeps state.sqlite-wal and "
        "state.sqlite-shm beside it), or give another with --ledger"
    )
    as_it_was(old)


# -- stopped halfway: the version before, intact ----------------------------------------


def failing(after: Callable[[sqlite3.Connection], None]) -> tuple[Migration, ...]:
    """The real migrations, the last of them running ``after`` once it has done its work."""
    *earlier, last = MIGRATIONS

    def apply(db: sqlite3.Connection) -> None:
        last.apply(db)
        after(db)

    return (*earlier, replace(last, apply=apply))


def test_a_migration_that_fails_leaves_the_version_before(old: Path, clock: Clock) -> None:
    def disk_error(db: sqlite3.Connection) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    ledger = SqliteLedger(old, clock=clock, migrations=failing(disk_error))
    with pytest.raises(LedgerError) as refused:
        ledger.versions()
    assert str(refused.value) == (
        f"{old}: the ledger could not be upgraded from schema 1 to 2 and is as it was "
        "(schema 1, which the release that wrote it still reads): disk I/O error"
    )
    as_it_was(old)  # the new table and index were rolled back with it
    assert open_ledger(old, clock=clock).versions() == EXPECTED["versions"]
    assert upgrades(old) == [(1, 2, "2024-11-17T12:00:00Z", summitcal.__version__)]


def test_an_upgrade_waiting_for_a_lock_gives_up_and_leaves_the_version_before(
    old: Path,
) -> None:
    lock = sqlite3.connect(old, isolation_level=None)
    lock.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(LedgerError) as refused:
            SqliteLedger(old, busy_timeout=0.2).check()
        assert str(refused.value) == (
            f"{old}: the ledger could not be upgraded from schema 1 to 2 and is as it was "
            "(schema 1, which the release that wrote it still reads): the ledger stayed "
            "locked by another process for 0.2 s; try again"
        )
    finally:
        lock.rollback()
        lock.close()
    as_it_was(old)
    assert open_ledger(old).versions() == EXPECTED["versions"]


KILLED_UPGRADE = """
import sys, time
from dataclasses import replace
from pathlib import Path
from summitcal.revisions import SqliteLedger
from summitcal.revisions.migrations import MIGRATIONS

(last,) = MIGRATIONS
def apply(db):
    last.apply(db)
    print("inside the upgrade", flush=True)
    time.sleep(60)
SqliteLedger(Path(sys.argv[1]), migrations=(replace(last, apply=apply),)).check()
"""


def test_an_upgrade_killed_halfway_leaves_the_version_before(old: Path) -> None:
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_UPGRADE, str(old)], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    assert child.stdout.readline() == "inside the upgrade\n"  # the table made, not committed
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=10)
    child.stdout.close()
    as_it_was(old)
    assert open_ledger(old).versions() == EXPECTED["versions"]
    assert schema(old) == 2


def test_migrations_go_one_version_at_a_time(old: Path) -> None:
    (last,) = MIGRATIONS
    with pytest.raises(ValueError, match=r"schema 2, 3, … in order, not \[3\]"):
        SqliteLedger(old, migrations=(replace(last, to_version=3),))
    as_it_was(old)
