"""The revision ledger when things go wrong: odd years, a full disk, its file deleted or
replaced while in use, publishes faster than its clock, very large schedules. Real
SQLite files, real mounts and real processes; nothing is mocked."""

from __future__ import annotations

import cProfile
import errno
import logging
import os
import pstats
import re
import shutil
import sqlite3
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from pathlib import Path

import pytest

from summitcal.ical import calendar_bytes
from summitcal.model import Event, Schedule, Status
from summitcal.revisions import LedgerError, SqliteLedger, TooSoon, describe_change
from summitcal.revisions.history import history_json, history_lines
from summitcal.revisions.plan import plan
from summitcal.revisions.snapshot import fingerprint
from summitcal.tokens import default_state_dir
from summitcal.tzdb import load

from conftest import EXAMPLE, Clock, dump, settled
from ledger_contract import moved
from test_web import BIN, free_port, running_server

LIMA, TOKYO = load("America/Lima"), load("Asia/Tokyo")
STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
FEED = "/calendars/japan-peru-2024.ics"


def visit(*events: Event) -> Schedule:
    return Schedule("odd-years", "Odd years", LIMA, TOKYO, events)


# -- 1. stamps: four-digit years; what cannot be read back is never written -------------


@pytest.mark.parametrize("year", [1, 9999])
def test_an_event_in_year_1_or_9999_is_kept_and_read_back(
    tmp_path: Path, clock: Clock, year: int
) -> None:
    """The library accepts such a schedule (the file format refuses it): the ledger
    writes its instants with four digits, reads them back, says them in words, and the
    next publish continues it."""
    start = datetime(year, 6, 1, 10, 0, tzinfo=LIMA)
    schedule = visit(Event("far", "Far away", start, start + timedelta(hours=1)))
    path = tmp_path / "ledger.sqlite3"
    ledger = SqliteLedger(path, clock=clock)
    first = ledger.publish(schedule)
    assert first is not None and first.schedule.event("far").start == start

    with sqlite3.connect(path) as db:
        (state, created) = db.execute("SELECT state, created FROM ledger_events").fetchone()
        (after,) = db.execute("SELECT after FROM ledger_changes").fetchone()
    assert f'"start": "{year:04d}-06-01T15:' in state  # Lima: -5:08:12 (local mean time) or -5
    assert STAMP.fullmatch(created)
    assert f'"{year:04d}-06-01T' in after

    again = SqliteLedger(path, clock=clock)  # another process reading it: the same
    read_back = again.release(schedule.id)
    assert read_back is not None and read_back.schedule == first.schedule
    assert read_back.stamps == first.stamps
    (version,) = again.history(schedule.id)
    (change,) = version.changes
    assert describe_change(change, "Asia/Tokyo").startswith("“Far away” added: 10:00–11:00")
    assert history_lines([version], "Asia/Tokyo")[0].startswith("version 1, published 2024-")
    assert history_json(schedule, [version])["versions"][0]["changes"][0]["after"]["start"]

    clock.advance(minutes=5)
    later = again.publish(moved(schedule, "far", 15))
    assert later is not None and later.version == 2 and later.stamps["far"].sequence == 1
    (change,) = again.history(schedule.id)[0].changes
    assert "moved from 10:00 to 10:15 Lima time" in describe_change(change, "Asia/Tokyo")


def test_an_event_the_ledger_cannot_keep_is_refused_and_nothing_is_written(
    tmp_path: Path, clock: Clock, example: Schedule
) -> None:
    """31 December 9999 in Lima is already the year 10000 in Tokyo, the home zone: its
    feed content cannot be made. One LedgerError naming the schedule and the event; the
    ledger exactly as it was, and still usable."""
    path = tmp_path / "ledger.sqlite3"
    ledger = SqliteLedger(path, clock=clock)
    ledger.publish(example)
    before = dump(path)
    last = datetime(9999, 12, 31, 10, 0, tzinfo=LIMA)
    odd = replace(
        example, events=(*example.events, Event("last", "Last", last, last + timedelta(hours=1)))
    )
    clock.advance(minutes=1)
    with pytest.raises(LedgerError) as refused:
        ledger.publish(odd)
    message = str(refused.value)
    assert message.startswith(f"{path}: 'japan-peru-2024' cannot be published: event 'last': ")
    assert message.endswith("nothing was written (the ledger is as it was)")
    assert type(refused.value) is LedgerError
    with pytest.raises(LedgerError, match="event 'last'"):
        ledger.pending(odd)
    assert dump(path) == before
    release = ledger.publish(moved(example, "luncheon", 5))
    assert release is not None and release.version == 2


@pytest.mark.parametrize("where", ["event", "calendar"])
def test_a_row_that_would_not_read_back_is_never_written(
    tmp_path: Path, clock: Clock, example: Schedule, where: str
) -> None:
    """A lone surrogate is no UTF-8, which SQLite keeps. No VEVENT shows these fields
    (the id of the event a new one follows, when there is no such event; the calendar's
    description), so only the check of the rows before they are written finds them."""
    path = tmp_path / "ledger.sqlite3"
    ledger = SqliteLedger(path, clock=clock)
    ledger.publish(example)
    before = dump(path)
    if where == "event":
        luncheon = example.event("luncheon")
        extra = replace(luncheon, id="coffee", title="Coffee", follows="\udc80")
        odd = replace(example, events=(*example.events, extra))
        named = "event 'coffee' would not read back from the ledger"
    else:
        odd = replace(example, description="Lima \ud800")
        named = "the calendar's own fields would not read back from the ledger"
    clock.advance(minutes=1)
    with pytest.raises(LedgerError) as refused:
        ledger.publish(odd)
    assert str(refused.value).startswith(f"{path}: 'japan-peru-2024' cannot be published: ")
    assert named in str(refused.value)
    assert dump(path) == before
    assert [v.version for v in ledger.history(example.id)] == [1]


def test_stamps_an_earlier_release_wrote_with_short_years_are_read(
    tmp_path: Path, clock: Clock
) -> None:
    """Earlier releases wrote the year 1 as ``1-06-01T…`` (strftime): such a ledger
    still reads, and publishing the same schedule again changes nothing."""
    start = datetime(1, 6, 1, 10, 0, tzinfo=LIMA)
    schedule = visit(Event("far", "Far away", start, start + timedelta(hours=1)))
    path = tmp_path / "ledger.sqlite3"
    SqliteLedger(path, clock=clock).publish(schedule)
    with sqlite3.connect(path) as db:
        for table, column in (("ledger_events", "state"), ("ledger_changes", "after")):
            db.execute(f"UPDATE {table} SET {column} = replace({column}, '\"0001-', '\"1-')")
        (state,) = db.execute("SELECT state FROM ledger_events").fetchone()
    assert '"1-06-01T15:08:12Z"' in state
    ledger = SqliteLedger(path, clock=clock)
    release = ledger.release(schedule.id)
    assert release is not None and release.schedule.event("far").start == start
    clock.advance(minutes=1)
    again = ledger.publish(schedule)
    assert again is not None and again.version == 1
    (change,) = ledger.history(schedule.id)[0].changes
    assert describe_change(change, "Asia/Tokyo").startswith("“Far away” added: 10:00–11:00")


# -- 2. a full disk ----------------------------------------------------------------------


class SmallDisk:
    """A 4 MiB tmpfs mounted in the test's folder (as root); where mounting is not
    permitted, SQLite's own limit on the ledger's size (``PRAGMA max_page_count``),
    which fails a write with the same SQLITE_FULL."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir()
        mounted = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(folder)],
            capture_output=True,
            check=False,
        )
        self.mounted = mounted.returncode == 0
        self.filler = folder / "filler"

    def fill(self, ledger: SqliteLedger) -> None:
        if not self.mounted:
            db = ledger._connection()  # the fallback needs the ledger's own connection
            (pages,) = db.execute("PRAGMA page_count").fetchone()
            db.execute(f"PRAGMA max_page_count = {pages}")
            return
        for size in (1 << 16, 512, 1):
            assert _write_until_full(self.filler, size) == errno.ENOSPC
        assert os.statvfs(self.folder).f_bavail == 0

    def free(self, ledger: SqliteLedger) -> None:
        if self.mounted:
            self.filler.unlink()
        else:
            ledger._connection().execute("PRAGMA max_page_count = 1073741823")

    def unmount(self) -> None:
        if self.mounted:
            done = subprocess.run(["umount", str(self.folder)], capture_output=True, check=False)
            if done.returncode != 0:
                subprocess.run(["umount", "-l", str(self.folder)], check=True)


def _write_until_full(path: Path, size: int) -> int | None:
    """Append ``size`` bytes at a time until writing fails; the error's number."""
    try:
        with path.open("ab") as stream:
            while True:
                stream.write(b"\0" * size)
                stream.flush()
    except OSError as error:
        return error.errno


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[SmallDisk]:
    disk = SmallDisk(tmp_path / "disk")
    try:
        yield disk
    finally:
        disk.unmount()


def test_a_full_disk_is_reported_as_a_full_disk_and_nothing_is_lost(
    small_disk: SmallDisk, clock: Clock, example: Schedule, tmp_path: Path
) -> None:
    path = small_disk.folder / "ledger.sqlite3"
    full = (
        f"{path}: the disk is full; free some space there and publish again; the ledger is "
        "as it was (nothing was lost)"
    )
    ledger = SqliteLedger(path, clock=clock)
    first = ledger.publish(example)
    assert first is not None
    feed = calendar_bytes(first.schedule, stamps=first.stamps)
    wordy = replace(
        example,
        events=tuple(replace(e, description="A long briefing. " * 400) for e in example.events),
    )
    small_disk.fill(ledger)
    clock.advance(minutes=1)
    with pytest.raises(LedgerError) as refused:
        ledger.publish(wordy)
    assert str(refused.value) == full  # never "move it aside", which resets every SEQUENCE

    release = ledger.release(example.id)  # still read, on the full disk
    assert release is not None and release.version == 1
    assert calendar_bytes(release.schedule, stamps=release.stamps) == feed
    if small_disk.mounted:
        # `summitcal publish` as another process, opening the ledger on the full disk.
        changed = tmp_path / "visit.toml"
        changed.write_text(
            EXAMPLE.read_text(encoding="utf-8").replace("T12:45:00", "T13:15:00"),
            encoding="utf-8",
        )
        command = [str(BIN / "summitcal"), "publish", str(settled(changed)), "--ledger", str(path)]
        done = subprocess.run(command, capture_output=True, text=True, timeout=60)
        assert (done.returncode, done.stderr) == (3, f"summitcal: {full}\n")

    small_disk.free(ledger)
    clock.advance(minutes=1)
    second = ledger.publish(wordy)
    assert second is not None and second.version == 2
    assert [v.version for v in ledger.history(example.id)] == [2, 1]
    assert len(ledger.history(example.id)[0].changes) == 4
    ledger.close()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)


# -- 3. the file deleted or replaced while in use; a new ledger is never silent ---------


def held(path: Path, keep: Path) -> dict[str, bytes]:
    """Hard links to the ledger's files, so they can be read after the path is gone."""
    links = {}
    for suffix in ("", "-wal"):
        link = keep.with_name(keep.name + suffix)
        os.link(path.with_name(path.name + suffix), link)
        links[str(link)] = link.read_bytes()
    return links


MOVED = "the revision ledger was deleted or replaced while in use"


@pytest.mark.parametrize("removed", [("",), ("", "-wal", "-shm")])
def test_a_deleted_ledger_is_noticed_and_never_written(
    tmp_path: Path, clock: Clock, example: Schedule, removed: tuple[str, ...]
) -> None:
    path = tmp_path / "ledger.sqlite3"
    ledger = SqliteLedger(path, clock=clock)
    ledger.publish(example)
    assert ledger.changed() is True and ledger.changed() is False
    kept = held(path, tmp_path / "kept.sqlite3")
    for suffix in removed:
        path.with_name(path.name + suffix).unlink()

    with pytest.raises(LedgerError) as noticed:
        ledger.changed()  # what the service asks on every request
    message = str(noticed.value)
    assert message.startswith(f"{path}: {MOVED} (no file is there now); ")
    assert "keeps serving the last published versions and publishes nothing" in message
    assert "restarted on purpose" in message and "starts every SEQUENCE again" in message
    clock.advance(minutes=1)
    for call in (
        lambda: ledger.publish(moved(example, "luncheon", 5)),
        lambda: ledger.release(example.id),
        ledger.versions,
        ledger.check,
    ):
        with pytest.raises(LedgerError, match=MOVED):
            call()
    for link, data in kept.items():
        assert Path(link).read_bytes() == data, "nothing was written to the deleted file"
    assert not path.exists()
    with pytest.raises(LedgerError, match=MOVED):
        ledger.changed()
    assert not path.exists(), "never a new ledger where the old one was"


def test_a_ledger_put_back_is_used_again(tmp_path: Path, clock: Clock, example: Schedule) -> None:
    path = tmp_path / "ledger.sqlite3"
    ledger = SqliteLedger(path, clock=clock)
    ledger.publish(example)
    assert ledger.changed() is True  # the first time: others may have written
    aside = tmp_path / "aside.sqlite3"
    path.rename(aside)
    with pytest.raises(LedgerError, match=MOVED):
        ledger.changed()
    aside.rename(path)
    assert ledger.changed() is False
    clock.advance(minutes=1)
    release = ledger.publish(moved(example, "luncheon", 5))
    assert release is not None and release.version == 2
    assert [v.version for v in ledger.history(example.id)] == [2, 1]


def test_a_ledger_replaced_by_another_file_is_never_used(
    tmp_path: Path, clock: Clock, example: Schedule
) -> None:
    """Moved aside and a new ledger made at its path by `summitcal publish` (another
    process), then a copy of the old one put there: neither is this ledger."""
    path = tmp_path / "ledger.sqlite3"
    ledger = SqliteLedger(path, clock=clock)
    ledger.publish(example)
    clock.advance(minutes=1)
    ledger.publish(moved(example, "luncheon", 5))
    ledger_files = [path.with_name(path.name + s) for s in ("", "-wal", "-shm")]
    aside = tmp_path / "aside"
    aside.mkdir()
    for file in ledger_files:
        shutil.copy(file, aside / file.name)
        file.unlink()  # all three: a new file at the path would take up this one's WAL

    command = [str(BIN / "summitcal"), "publish", str(EXAMPLE), "--ledger", str(path)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert f"new revision ledger at {path}: every schedule starts at version 1" in done.stderr
    newcomer = dump(path)
    with pytest.raises(LedgerError) as noticed:
        ledger.changed()
    assert f"{MOVED} (another file is there now)" in str(noticed.value)
    clock.advance(minutes=1)
    with pytest.raises(LedgerError, match=MOVED):
        ledger.publish(moved(example, "luncheon", 10))
    assert dump(path) == newcomer

    for file in ledger_files:  # a copy of the old ledger: another file still
        file.unlink(missing_ok=True)
    shutil.copy(aside / path.name, path)
    with pytest.raises(LedgerError, match=MOVED):
        ledger.changed()


def test_a_new_ledger_is_never_silent(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "state" / "ledger.sqlite3"
    with caplog.at_level(logging.WARNING, logger="summitcal.revisions.ledger"):
        ledger = SqliteLedger(path)
        ledger.check()
    assert ledger.created_new
    assert [r.getMessage() for r in caplog.records] == [
        f"new revision ledger at {path}: every schedule starts at version 1"
    ]
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="summitcal.revisions.ledger"):
        again = SqliteLedger(path)
        again.check()
    assert not again.created_new and not caplog.records


def holders(path: Path) -> set[int]:
    """The processes that have ``path`` open (from /proc)."""
    found = set()
    for fd in Path("/proc").glob("[0-9]*/fd/*"):
        try:
            if fd.readlink() == path:
                found.add(int(fd.parts[2]))
        except OSError:
            continue
    return found


def test_the_service_keeps_serving_when_its_ledger_is_deleted(folder: Path, tmp_path: Path) -> None:
    """`summitcal serve` (two workers): the ledger deleted under it, then the file
    edited. Every answer is the last published feed; no new ledger appears at the path
    (a restart would make one, and say so); the log says why nothing is published."""
    ledger = default_state_dir() / "summitcal.sqlite3"
    log = tmp_path / "server.log"
    with running_server(folder, free_port(), log) as base:
        with urllib.request.urlopen(base + FEED, timeout=10) as response:
            published = response.read()
        for _ in range(100):  # both workers up, each with the ledger open
            if len(holders(ledger)) == 2:
                break
            time.sleep(0.1)
        assert len(holders(ledger)) == 2
        for suffix in ("", "-wal", "-shm"):
            ledger.with_name(ledger.name + suffix).unlink()
        schedule_file = folder / EXAMPLE.name
        text = schedule_file.read_text(encoding="utf-8")
        schedule_file.write_text(text.replace("T12:45:00", "T13:15:00"), encoding="utf-8")
        settled(schedule_file)
        for _ in range(8):
            with urllib.request.urlopen(base + FEED, timeout=10) as response:
                assert response.read() == published
        assert not ledger.exists()
    assert MOVED in log.read_text()
    assert "Traceback" not in log.read_text()
    assert not ledger.exists(), log.read_text()
    with running_server(folder, free_port(), log):  # restarted on purpose: a new ledger
        pass
    assert "every schedule starts at version 1" in log.read_text()


# -- 4. never dated after the clock ------------------------------------------------------


def test_publishes_a_fifth_of_a_second_apart_never_date_a_version_after_the_clock(
    tmp_path: Path, example: Schedule
) -> None:
    """The real clock; the file rewritten every 0.2 s. A publish less than a second after
    the last version writes nothing and says when it may; the versions are a second
    apart, none dated later than the moment it was published, and the last content is
    what the ledger ends with once it is retried."""
    ledger = SqliteLedger(tmp_path / "ledger.sqlite3")
    published: dict[int, tuple[datetime, datetime]] = {}  # version → its date, clock after
    refused: list[tuple[TooSoon, datetime, int]] = []  # and when, and the last version
    for minutes in range(15):
        try:
            release = ledger.publish(moved(example, "luncheon", minutes), wait=False)
        except TooSoon as soon:
            refused.append((soon, datetime.now(UTC), max(published)))
        else:
            assert release is not None
            published[release.version] = (release.modified, datetime.now(UTC))
        time.sleep(0.2)
    last = ledger.publish(moved(example, "luncheon", 14))  # retried: it waits its turn
    assert last is not None
    published.setdefault(last.version, (last.modified, datetime.now(UTC)))
    assert len(refused) >= 5 and len(published) >= 3
    for soon, now, version in refused:
        assert now - timedelta(seconds=0.1) < soon.retry_at <= now + timedelta(seconds=1)
        assert soon.retry_at == published[version][0] + timedelta(seconds=1)
        assert soon.version == version + 1
    for modified, then in published.values():
        assert modified <= then, "a version dated after the clock"
    history = list(reversed(ledger.history(example.id)))
    dates = [v.published for v in history]
    assert dates == [published[v][0] for v in sorted(published)]
    assert all(b - a >= timedelta(seconds=1) for a, b in pairwise(dates))
    release = ledger.release(example.id)
    assert release is not None
    expected = moved(example, "luncheon", 14).event("luncheon").start
    assert release.schedule.event("luncheon").start == expected


def test_waiting_publishes_lose_nothing(tmp_path: Path, example: Schedule) -> None:
    """By default a publish waits (at most a second, the lock given up meanwhile) for
    its version's second: each content is published, in order, dated by the clock."""
    ledger = SqliteLedger(tmp_path / "ledger.sqlite3")
    dates = []
    for version, minutes in enumerate(range(0, 25, 5), start=1):
        release = ledger.publish(moved(example, "luncheon", minutes))
        assert release is not None and release.version == version
        assert release.modified <= datetime.now(UTC)
        dates.append(release.modified)
    assert all(b - a >= timedelta(seconds=1) for a, b in pairwise(dates))
    assert all(b - a <= timedelta(seconds=2) for a, b in pairwise(dates))


def test_publish_commands_in_quick_succession_each_publish(tmp_path: Path) -> None:
    """`summitcal publish` run again as soon as it returns, the file edited between:
    every run publishes its version, none dated after the moment it returned."""
    schedule_file = tmp_path / "visit.toml"
    ledger = tmp_path / "ledger.sqlite3"
    text = EXAMPLE.read_text(encoding="utf-8")
    returned = []
    for run, start in enumerate(("T12:45:00", "T12:50:00", "T12:55:00", "T13:00:00"), 1):
        schedule_file.write_text(text.replace("T12:45:00", start), encoding="utf-8")
        settled(schedule_file)
        command = [str(BIN / "summitcal"), "publish", str(schedule_file), "--ledger", str(ledger)]
        done = subprocess.run(command, capture_output=True, text=True, timeout=60)
        returned.append(datetime.now(UTC))
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith(f"japan-peru-2024: published version {run} ")
    versions = list(reversed(SqliteLedger(ledger).history("japan-peru-2024")))
    assert [v.version for v in versions] == [1, 2, 3, 4]
    for version, then in zip(versions, returned, strict=True):
        assert version.published <= then
    dates = [v.published for v in versions]
    assert all(b - a >= timedelta(seconds=1) for a, b in pairwise(dates))


def test_a_clock_behind_the_ledger_does_not_stop_publishing(
    tmp_path: Path, clock: Clock, example: Schedule, caplog: pytest.LogCaptureFixture
) -> None:
    """Set back a day, the clock would make a version wait a day: it is dated a second
    after the last one instead (time never runs backwards in the ledger), and logged."""
    ledger = SqliteLedger(tmp_path / "ledger.sqlite3", clock=clock, sleep=clock.sleep)
    first = ledger.publish(example)
    clock.advance(days=-1)
    with caplog.at_level(logging.WARNING, logger="summitcal.revisions.ledger"):
        second = ledger.publish(moved(example, "luncheon", 5), wait=False)
    assert first is not None and second is not None
    assert second.modified == first.modified + timedelta(seconds=1)
    assert "the clock (2024-11-16T12:00:00Z) is behind 'japan-peru-2024'" in caplog.text


# -- 5. the plan: odd histories, many events, linear cost -------------------------------


def test_an_event_removed_and_restored_many_times(
    tmp_path: Path, clock: Clock, example: Schedule
) -> None:
    """Removed, put back, cancelled, expired, and again, 300 times: each step is one
    change, its SEQUENCE one higher, never lower, and the history reads."""
    ledger = SqliteLedger(tmp_path / "ledger.sqlite3", clock=clock, retention=timedelta(days=1))
    ledger.publish(example)
    without = replace(example, events=tuple(e for e in example.events if e.id != "luncheon"))
    cancelled = replace(
        example,
        events=tuple(
            replace(e, status=Status.CANCELLED) if e.id == "luncheon" else e for e in example.events
        ),
    )
    steps = [without, example, cancelled, example, without]
    sequence = 0
    for step in range(300):
        clock.advance(hours=30 if step % 7 == 0 else 1)  # now and then past the retention
        release = ledger.publish(steps[step % len(steps)])
        assert release is not None
        stamp = release.stamps.get("luncheon")
        if stamp is not None:
            assert stamp.sequence in (sequence, sequence + 1)
            sequence = stamp.sequence
    assert sequence > 150
    history = ledger.history(example.id)
    assert [v.version for v in history] == list(range(len(history), 0, -1))
    for version in history[:20]:
        for change in version.changes:
            assert describe_change(change, "Asia/Tokyo")


def chain(count: int, start: datetime = datetime(2024, 11, 17, 8, tzinfo=LIMA)) -> Schedule:
    """``count`` events, each held after the one before."""
    events = tuple(
        Event(
            f"e{i:05d}",
            f"Event {i}",
            start + timedelta(minutes=i),
            start + timedelta(minutes=i + 30),
            follows=f"e{i - 1:05d}" if i else None,
        )
        for i in range(count)
    )
    return Schedule("chain", "Chain", LIMA, TOKYO, events)


def test_fingerprints_with_the_index_are_the_ones_the_ledger_has(example: Schedule) -> None:
    """The plan looks the event an event follows up by id, not by a scan of them all:
    the same fingerprints (existing ledgers see no change), at any size the same cost."""
    for schedule in (example, chain(30)):
        by_id = {e.id: e for e in schedule.events}
        for event in schedule.events:
            assert fingerprint(schedule, event, by_id) == fingerprint(schedule, event)


def calls(function: Callable[..., object], *args: object) -> int:
    profile = cProfile.Profile()
    profile.runcall(function, *args)
    return int(pstats.Stats(profile).total_calls)  # type: ignore[attr-defined]


def test_a_publish_makes_as_many_calls_per_event_at_any_size(tmp_path: Path, clock: Clock) -> None:
    """Function calls (deterministic, unlike time) of a first publish, of a republish
    with half the events removed and one moved, and of the plan alone, at 250 and 2000
    events: eight times the events, no more than eight times the calls."""
    work = {}
    for count in (250, 2000):
        schedule = chain(count)
        ledger = SqliteLedger(tmp_path / f"ledger-{count}.sqlite3", clock=clock)
        first = calls(ledger.publish, schedule)
        clock.advance(minutes=1)
        half = replace(schedule, events=schedule.events[::2])
        later = calls(ledger.publish, moved(half, "e00000", 5))
        work[count] = (first, later, calls(plan, None, {}, schedule, clock.now, timedelta(1)))
    for small, large in zip(work[250], work[2000], strict=True):
        assert large / small < 8.5, work


def test_twenty_thousand_events(tmp_path: Path, clock: Clock) -> None:
    schedule = chain(20_000)
    ledger = SqliteLedger(tmp_path / "ledger.sqlite3", clock=clock)
    first = ledger.publish(schedule)
    assert first is not None and len(first.stamps) == 20_000
    clock.advance(minutes=1)
    release = ledger.publish(moved(schedule, "e12345", 5))
    assert release is not None and release.version == 2
    assert [c.event_id for c in ledger.history("chain")[0].changes] == ["e12345"]


def test_a_worker_never_makes_a_new_ledger(tmp_path: Path, example: Schedule) -> None:
    """``create=False`` (for processes started after the service checked its ledger):
    a missing file is the deleted ledger, never a new one."""
    path = tmp_path / "ledger.sqlite3"
    with pytest.raises(LedgerError, match=MOVED):
        SqliteLedger(path, create=False).check()
    assert not path.exists()
    SqliteLedger(path).publish(example)
    worker = SqliteLedger(path, create=False)
    assert worker.versions() == {example.id: 1} and not worker.created_new
