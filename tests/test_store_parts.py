"""The store's parts, each alone, against real files and a real SQLite ledger: the folder
watcher, settled reads, what each file gave, publishing, rendered variants, and the
conditional-request rules the fast path and the views share."""

from __future__ import annotations

import logging
import os
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from werkzeug.http import http_date, is_resource_modified

from summitcal.files import NotRegularFileError, StillChangingError, read_settled, signature
from summitcal.model import Schedule
from summitcal.revisions import Release, SqliteLedger
from summitcal.web.conditional import etag_of, is_current
from summitcal.web.folder import RACY, Folder, Scan, listing_is_stale, needs_reading
from summitcal.web.publishing import Publisher
from summitcal.web.readings import STALE, Reading, public_problems, read_file, says_private
from summitcal.web.variants import VariantCache

from conftest import EXAMPLE, Clock, settled

# -- the folder watcher ---------------------------------------------------------------

NOW = 1_700_000_000.0
SETTLE = 0.1


def sig(age: float, size: int = 100, inode: int = 7) -> tuple[int, int, int]:
    """A signature of a file last modified ``age`` seconds before NOW."""
    return (size, int((NOW - age) * 1e9), inode)


@pytest.mark.parametrize(
    ("known", "current", "read"),
    [
        (None, sig(60), True),  # never read
        (None, sig(0.01), True),  # never read, still young: read once it settles
        (sig(60), sig(60), False),  # unchanged
        (sig(60), sig(60, size=101), True),  # changed size
        (sig(60), sig(60, inode=8), True),  # replaced: same size and mtime, other inode
        (sig(60), sig(0.01, size=101), False),  # changed, but perhaps still being written
        (sig(1), sig(1), True),  # unchanged, but too recent for the signature to tell
        (STALE, sig(60), True),  # marked to be read again
    ],
)
def test_needs_reading(
    known: tuple[int, int, int] | None, current: tuple[int, int, int], read: bool
) -> None:
    assert needs_reading(known, current, NOW, SETTLE) is read


@pytest.mark.parametrize(
    ("known", "current", "quiet", "read"),
    [
        (sig(-7200), sig(-7200), 60.0, False),  # dated two hours ahead, unchanged
        (
            sig(-7200),
            sig(-7200, size=101),
            0.0,
            False,
        ),  # changed, seen just now: perhaps half written
        (sig(-7200), sig(-7200, size=101), 0.2, True),  # changed and quiet for longer than settle
        (sig(-1), sig(-1, size=101), 0.05, False),  # a file server's clock a second ahead
    ],
)
def test_a_file_dated_in_the_future_is_quiet_by_this_machines_clock(
    known: tuple[int, int, int], current: tuple[int, int, int], quiet: float, read: bool
) -> None:
    assert needs_reading(known, current, NOW, SETTLE, quiet) is read


def test_the_listing_is_taken_again_only_when_the_folder_changes() -> None:
    listed = int((NOW - 60) * 1e9)
    assert not listing_is_stale(listed, listed, NOW)
    assert listing_is_stale(listed + 1, listed, NOW)
    assert listing_is_stale(listed, None, NOW)
    recent = int((NOW - RACY / 2) * 1e9)
    assert listing_is_stale(recent, recent, NOW)


def _copy(folder: Path, name: str = EXAMPLE.name, text: str | None = None) -> Path:
    path = folder / name
    path.write_text(text or EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    return settled(path)


def test_the_watcher_notices_a_file_replaced_with_the_same_size_and_mtime(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    folder = Folder(tmp_path, SETTLE)
    scan = folder.scan({})
    assert scan is not None and [p for p, _ in scan.changed] == [path]
    known = {path: Reading(scan.changed[0][1], b"", None)}
    assert folder.scan(known) == Scan([], []), "nothing changed: nothing to read"
    before = path.stat()
    text = path.read_text(encoding="utf-8").replace("T12:45:00", "T13:05:00")  # same size
    replacement = tmp_path / ".replacement"
    replacement.write_text(text, encoding="utf-8")
    os.utime(replacement, ns=(before.st_atime_ns, before.st_mtime_ns))
    replacement.replace(path)
    after = path.stat()
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    scan = folder.scan(known)
    assert scan is not None and scan.changed == [(path, signature(path))]


def test_the_watcher_refuses_links_and_fifos_and_logs_them_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = _copy(tmp_path)
    (tmp_path / "linked.toml").symlink_to(path)
    os.mkfifo(tmp_path / "pipe.toml")
    (tmp_path / "notes.txt").write_text("not a schedule")
    (tmp_path / ".hidden.toml").write_text("skipped")
    folder = Folder(tmp_path, SETTLE)
    with caplog.at_level(logging.WARNING, logger="summitcal.web.folder"):
        assert folder.listing() == [path]
        os.mkfifo(tmp_path / "second.toml")
        assert folder.listing() == [path]
    assert sorted(folder.refused) == ["linked.toml", "pipe.toml", "second.toml"]
    assert "linked.toml: a symbolic link" in folder.refused["linked.toml"]
    logged = [record.getMessage().split(":")[0] for record in caplog.records]
    assert logged == ["linked.toml", "pipe.toml", "second.toml"], "each refusal logged once"


def test_a_file_is_gone_only_when_it_cannot_be_found_by_name(tmp_path: Path) -> None:
    """A listing may miss a file being renamed over another: one not listed but still
    found by name is kept (and read when it changes); one not found is gone."""
    old = int((time.time() - 60) * 1e9)
    os.utime(tmp_path, ns=(old, old))
    folder = Folder(tmp_path, SETTLE)
    assert folder.listing() == []
    missed = _copy(tmp_path, "missed.toml")
    os.utime(tmp_path, ns=(old, old))  # as if the listing were still current
    assert folder.listing() == [], "the folder looks unchanged: not listed again"
    found = signature(missed)
    assert found is not None
    scan = folder.scan(
        {missed: Reading(found, b"", None), tmp_path / "removed.toml": Reading(found, b"", None)}
    )
    assert scan is not None
    assert (scan.changed, scan.gone) == ([], [tmp_path / "removed.toml"])


def test_an_unlistable_folder_is_none(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    assert Folder(tmp_path / "nowhere", SETTLE).scan({}) is None
    assert "cannot list" in caplog.text


# -- settled reads -----------------------------------------------------------------------


def test_a_settled_read_with_a_limit_never_follows_a_link_nor_opens_a_fifo(
    tmp_path: Path,
) -> None:
    path = _copy(tmp_path)
    (tmp_path / "link.toml").symlink_to(path)
    os.mkfifo(tmp_path / "pipe.toml")
    with pytest.raises(NotRegularFileError, match="symbolic link"):
        read_settled(tmp_path / "link.toml", 0, limit=1000)
    with pytest.raises(NotRegularFileError, match="FIFO"):
        read_settled(tmp_path / "pipe.toml", 0, limit=1000)
    data, read = read_settled(tmp_path / "link.toml", 0)  # the command line's: a named file
    assert data == path.read_bytes() and read == signature(path)
    data, read = read_settled(path, 0, limit=10)
    assert len(data) == 11, "at most limit + 1 bytes: more means too large"


def test_a_settled_read_waits_for_a_young_file_within_its_patience(tmp_path: Path) -> None:
    path = tmp_path / "young.toml"
    path.write_text("x = 1\n")
    data, read = read_settled(path, 0.3, patience=5, limit=100)
    assert time.time() >= path.stat().st_mtime + 0.3, "taken only once quiet for 0.3 s"
    assert (data, read) == (b"x = 1\n", signature(path))


def test_a_file_dated_in_the_future_is_read_once_quiet_by_this_machines_clock(
    tmp_path: Path,
) -> None:
    """Dated two hours ahead (copied with its times, or on a file server whose clock is
    ahead): its age says nothing, so it is watched for ``settle`` seconds, not hours."""
    path = tmp_path / "visit.toml"
    path.write_bytes(b"whole")
    ahead = time.time() + 7200
    os.utime(path, (ahead, ahead))
    with pytest.raises(StillChangingError):
        read_settled(path, settle=SETTLE, patience=0.0, limit=1000)  # not watched yet
    started = time.monotonic()
    data, seen = read_settled(path, settle=SETTLE, patience=1.0, limit=1000)
    assert data == b"whole"
    assert SETTLE <= time.monotonic() - started < 1
    # Seen quiet long enough before (as the folder watcher tells it): read at once.
    time.sleep(SETTLE)
    assert read_settled(path, SETTLE, 0.0, limit=1000, seen=(seen, started))[0] == b"whole"


def test_a_file_dated_in_the_future_rewritten_in_place_is_not_read_half_written(
    tmp_path: Path,
) -> None:
    """On a file server whose clock is ahead, every write leaves a future date: a file
    rewritten all the while is never taken."""
    path = tmp_path / "visit.toml"
    stop = threading.Event()

    def keep_writing() -> None:
        number = 0
        while not stop.is_set():
            number += 1
            path.write_text(f"part {number}", encoding="utf-8")
            ahead = time.time() + 30
            os.utime(path, (ahead, ahead))
            time.sleep(0.02)

    path.write_text("part 0", encoding="utf-8")
    ahead = time.time() + 30
    os.utime(path, (ahead, ahead))
    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        with pytest.raises(StillChangingError):
            read_settled(path, settle=SETTLE, patience=0.5, limit=1000)
    finally:
        stop.set()
        writer.join()


def test_a_settled_read_never_waits_past_its_patience(tmp_path: Path) -> None:
    path = tmp_path / "young.toml"
    path.write_text("x = 1\n")
    started = time.monotonic()
    with pytest.raises(StillChangingError) as caught:
        read_settled(path, 5, patience=0, limit=100)
    assert time.monotonic() - started < 1
    assert "kept changing" in str(caught.value)


# -- what each file gave -------------------------------------------------------------------


def _read(path: Path, previous: Reading | None = None) -> Reading:
    listed = signature(path, follow_symlinks=False)
    assert listed is not None
    return read_file(path, listed, previous, 0)


def test_an_invalid_file_keeps_its_last_good_version(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    good = _read(path)
    assert good.schedule is not None and not good.problems and not good.private
    path.write_text("[schedule\n", encoding="utf-8")
    bad = _read(settled(path), good)
    assert bad.schedule is good.schedule
    [problem] = bad.problems
    assert problem.startswith("japan-peru-2024.toml:1: not valid TOML")
    assert not bad.private, "its last good version is public: its problems may be shown"
    assert _read(path, bad) == bad, "the same bytes again: nothing new"


def test_a_file_still_changing_is_not_served_until_it_is_whole(tmp_path: Path) -> None:
    """Never read and rewritten all the while, it is not served (nor waited for past
    ``settle``); read before and modified just now, what it gave stays meanwhile."""
    path = _copy(tmp_path)
    text = EXAMPLE.read_text(encoding="utf-8")
    stop, writing = threading.Event(), threading.Event()

    def keep_writing() -> None:
        number = 0
        while not stop.is_set():
            number += 1
            path.write_text(f"{text}\n# {number}\n", encoding="utf-8")
            writing.set()
            time.sleep(0.02)

    writer = threading.Thread(target=keep_writing)
    writer.start()
    assert writing.wait(5)  # read only once the writing has begun
    try:
        listed = signature(path, follow_symlinks=False)
        assert listed is not None
        unsettled = read_file(path, listed, None, 0.3)
    finally:
        stop.set()
        writer.join()
    assert unsettled == Reading(STALE, b"", None)
    good = _read(settled(path))
    path.write_text(text + "\n# again\n", encoding="utf-8")  # just now: perhaps half written
    listed = signature(path, follow_symlinks=False)
    assert listed is not None
    assert read_file(path, listed, good, 5.0) is good


def test_an_unreadable_file_is_its_own_problem(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    good = _read(path)
    listed = signature(path, follow_symlinks=False)
    assert listed is not None
    path.unlink()
    path.symlink_to(EXAMPLE)  # swapped for a link after it was listed
    gone = read_file(path, listed, good, 0)
    assert gone.schedule is good.schedule and gone.signature == listed
    assert gone.problems == (f"{path.name}: cannot be read (a symbolic link)",)


@pytest.mark.parametrize(
    ("text", "private"),
    [
        ('[schedule]\nid = "x"\nprivate = true\ntitle = 5\n', True),
        ('[schedule]\nid = "x"\nprivate = "yes"\n', True),  # meant private, badly written
        ('[schedule]\nid = "x"\nprivate = true\ntitle = "x\n', True),  # not even TOML
        ('[schedule]\nid = "x"\nprivate = false\ntitle = 5\n', False),
        ('[schedule]\nid = "x"\ntitle = 5\n', False),
        ("[schedule\nprivate = false\n", False),
    ],
)
def test_says_private(text: str, private: bool) -> None:
    assert says_private(text.encode()) is private


def test_only_public_files_problems_are_shown(tmp_path: Path) -> None:
    public = _read(_copy(tmp_path, "a.toml"))
    copy = _read(_copy(tmp_path, "b.toml"))
    hidden = tmp_path / "c.toml"
    hidden.write_text('[schedule]\nid = "x"\nprivate = true\ntitle = 5\n', encoding="utf-8")
    readings = {
        tmp_path / "a.toml": public,
        tmp_path / "b.toml": copy,
        hidden: _read(settled(hidden)),
    }
    others = [(tmp_path / "a.toml", "a.toml: not published"), (hidden, "c.toml: not published")]
    assert public_problems(readings, others) == {
        "a.toml": ["a.toml: not published"],
        "b.toml": [
            "b.toml: id 'japan-peru-2024' is already served from a.toml; give it its own id"
        ],
    }


# -- publishing ------------------------------------------------------------------------------


class Service:
    """One server's view of a folder: its files read as the store reads them, published
    through its own connection to the ledger."""

    def __init__(self, folder: Path, ledger: SqliteLedger, clock: Clock) -> None:
        self.folder = folder
        self.publisher = Publisher(ledger, clock=lambda: clock.now.timestamp())
        self.readings: dict[Path, Reading] = {}

    def read(self) -> None:
        for path in sorted(self.folder.glob("*.toml")):
            self.readings[path] = _read(path, self.readings.get(path))

    def request(self) -> set[Path]:
        """What the store does on each request once the files are read."""
        return self.publisher.publish(self.readings, self.publisher.has_news())

    def version(self, schedule_id: str = "japan-peru-2024") -> int:
        return self.publisher.served[schedule_id].version


def _ledger(path: Path, clock: Clock, *, waits: bool = True) -> SqliteLedger:
    """A real SQLite ledger on ``clock``; one that does not wait lets no time pass while
    it waits for a version's second, so it gives up with TooSoon."""
    return SqliteLedger(path, clock=clock, sleep=clock.sleep if waits else lambda _: None)


def _edit(path: Path, old: str, new: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    settled(path)


def test_a_publish_refused_as_too_soon_goes_at_its_retry_time(tmp_path: Path, clock: Clock) -> None:
    path = _copy(tmp_path)
    service = Service(tmp_path, _ledger(tmp_path / "ledger.sqlite3", clock, waits=False), clock)
    service.read()
    assert service.request() == set()
    assert service.version() == 1
    _edit(path, "T12:45:00", "T13:05:00")
    service.read()
    assert service.request() == {path}, "not published: read again"
    assert service.version() == 1, "the last release stays online"
    assert service.publisher.retry_at == (clock.now + timedelta(seconds=1)).timestamp()
    clock.advance(seconds=0.5)
    assert not service.publisher.has_news(), "not before its second"
    clock.advance(seconds=0.5)
    assert service.request() == set()
    assert service.version() == 2 and service.publisher.retry_at is None
    assert b"T130500" in service.publisher.served["japan-peru-2024"].feed


def test_a_ledger_that_fails_keeps_the_last_release_and_says_so(
    tmp_path: Path, clock: Clock
) -> None:
    path = _copy(tmp_path)
    state = tmp_path / "ledger.sqlite3"
    service = Service(tmp_path, _ledger(state, clock), clock)
    service.read()
    service.request()
    served = service.publisher.served["japan-peru-2024"]
    for file in tmp_path.glob(state.name + "*"):
        file.unlink()
    _edit(path, "T12:45:00", "T13:05:00")
    service.read()
    assert service.request() == {path}
    assert service.publisher.served["japan-peru-2024"] is served
    assert service.publisher.ledger_problem is not None
    [(failed, problem)] = service.publisher.problems()
    assert failed == path and problem.startswith(f"{path.name}: not published: ")
    assert not state.exists(), "no new ledger made behind the operator's back"


class BuggyLedger(SqliteLedger):
    """A real ledger whose publish of one schedule hits a bug, as summitcal's own code
    might: nothing the ledger itself raises on purpose."""

    def publish(self, schedule: Schedule, **options: object) -> Release | None:
        if schedule.id == "broken":
            raise ZeroDivisionError("a bug")
        return super().publish(schedule, **options)  # type: ignore[arg-type]


def test_a_bug_in_one_files_publish_leaves_the_others_served(
    tmp_path: Path, clock: Clock, caplog: pytest.LogCaptureFixture
) -> None:
    _copy(tmp_path)
    broken = _copy(tmp_path, "broken.toml")
    _edit(broken, 'id = "japan-peru-2024"', 'id = "broken"')
    service = Service(tmp_path, BuggyLedger(tmp_path / "ledger.sqlite3", clock=clock), clock)
    service.read()
    assert service.request() == {broken}
    assert list(service.publisher.served) == ["japan-peru-2024"]
    assert service.publisher.problems() == [
        (
            broken,
            "broken.toml: not published: summitcal failed on it (ZeroDivisionError); "
            "this is a bug in summitcal: please report it",
        )
    ]
    assert "Traceback" in caplog.text


def test_two_servers_that_disagree_make_a_handful_of_versions(tmp_path: Path, clock: Clock) -> None:
    """Each puts its file back once; then both serve the ledger's version, and the one
    overruled names the disagreement."""
    state = tmp_path / "ledger.sqlite3"
    services = []
    for name, lunch in (("a", "T12:45:00"), ("b", "T13:30:00")):
        folder = tmp_path / name
        folder.mkdir()
        _edit(_copy(folder), "T12:45:00", lunch)
        services.append(Service(folder, _ledger(state, clock), clock))
        services[-1].read()
    for _ in range(5):
        for service in services:
            service.request()
    assert SqliteLedger(state).versions() == {"japan-peru-2024": 4}
    feeds = [s.publisher.served["japan-peru-2024"].feed for s in services]
    assert feeds[0] == feeds[1] and b"T133000" in feeds[0], "both serve the last put back"
    [(path, problem)] = services[0].publisher.problems()
    assert path.parent.name == "a" and "was published again from elsewhere" in problem
    assert services[1].publisher.problems() == []
    services[0].publisher.forget(path)
    assert services[0].publisher.problems() == []


def test_without_a_ledger_each_ids_first_file_is_served(tmp_path: Path) -> None:
    first = _copy(tmp_path, "a.toml")
    _copy(tmp_path, "b.toml")
    publisher = Publisher(None)
    readings = {path: _read(path) for path in sorted(tmp_path.glob("*.toml"))}
    assert not publisher.has_news()
    assert publisher.publish(readings) == set()
    served = publisher.served["japan-peru-2024"]
    assert served.path == first and served.version == 0
    assert served.last_modified == datetime(2024, 11, 17, 18, 0, tzinfo=UTC)  # its revision
    publisher.publish(dict(readings))
    assert publisher.served["japan-peru-2024"] is served, "rendered once per version"


# -- rendered variants --------------------------------------------------------------------------


def test_variants_are_rendered_once_per_version_and_the_oldest_leave() -> None:
    cache = VariantCache(size=2)
    renders: list[str] = []

    def render(name: str) -> bytes:
        renders.append(name)
        return name.encode()

    assert cache.get('"v1"', "a", lambda: render("a1")) == b"a1"
    assert cache.get('"v1"', "a", lambda: render("again")) == b"a1"
    assert cache.get('"v2"', "a", lambda: render("a2")) == b"a2", "a new version: rendered"
    cache.get('"v1"', "a", lambda: render("again"))  # used: now the most recent
    cache.get('"v1"', "b", lambda: render("b1"))
    assert len(cache) == 2
    assert cache.get('"v2"', "a", lambda: render("a2 again")) == b"a2 again"
    assert renders == ["a1", "a2", "b1", "a2 again"]


def test_variants_can_be_rendered_from_many_threads() -> None:
    cache = VariantCache(size=8)
    failures: list[BaseException] = []

    def use(index: int) -> None:
        try:
            for step in range(200):
                key = (index + step) % 12
                assert cache.get('"v"', key, lambda k=key: str(k).encode()) == str(key).encode()
        except BaseException as error:  # reported by the test below, not lost in a thread
            failures.append(error)

    threads = [threading.Thread(target=use, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == [] and len(cache) == 8


# -- conditional requests ----------------------------------------------------------------------

MODIFIED = datetime(2024, 11, 17, 18, 0, tzinfo=UTC)
TAG = etag_of(b"feed")


def _current(**headers: str) -> bool:
    environ = {"HTTP_" + name.upper(): value for name, value in headers.items()}
    return is_current(environ, TAG, MODIFIED)


def test_the_etag_is_strong_and_of_the_bytes() -> None:
    assert TAG == etag_of(b"feed") != etag_of(b"feed ")
    assert TAG.startswith('"') and TAG.endswith('"') and len(TAG) == 34


@pytest.mark.parametrize(
    ("headers", "current"),
    [
        ({}, False),
        ({"if_none_match": TAG}, True),
        ({"if_none_match": f"W/{TAG}"}, True),  # weak comparison
        ({"if_none_match": f'"other", {TAG}'}, True),
        ({"if_none_match": "*"}, True),
        ({"if_none_match": '"other"'}, False),
        ({"if_modified_since": http_date(MODIFIED)}, True),
        ({"if_modified_since": http_date(MODIFIED + timedelta(days=1))}, True),
        ({"if_modified_since": http_date(MODIFIED - timedelta(seconds=1))}, False),
        ({"if_modified_since": "yesterday"}, False),
        # If-None-Match wins over If-Modified-Since, either way
        ({"if_none_match": '"other"', "if_modified_since": http_date(MODIFIED)}, False),
        ({"if_none_match": TAG, "if_modified_since": "Mon, 01 Jan 1990 00:00:00 GMT"}, True),
        ({"if_match": '"other"'}, False),  # a feed is read-only: If-Match is no condition
    ],
)
def test_is_current(headers: dict[str, str], current: bool) -> None:
    assert _current(**headers) is current


def test_if_modified_since_compares_whole_seconds() -> None:
    """Last-Modified is sent in whole seconds: a client that echoes it is current."""
    environ = {"HTTP_IF_MODIFIED_SINCE": http_date(MODIFIED)}
    assert is_current(environ, TAG, MODIFIED.replace(microsecond=500_000))


@pytest.mark.parametrize("if_none_match", [None, TAG, f"W/{TAG}", "*", '"other"', "", ","])
@pytest.mark.parametrize(
    "if_modified_since",
    [None, http_date(MODIFIED), http_date(MODIFIED - timedelta(days=1)), "yesterday"],
)
def test_is_current_is_werkzeugs_answer(
    if_none_match: str | None, if_modified_since: str | None
) -> None:
    """The shortcuts taken before asking werkzeug give its own answer, but where an
    If-None-Match that lists no readable tag ("", ",") would make werkzeug fall back to
    If-Modified-Since, which RFC 9110 says to ignore whenever If-None-Match is there."""
    environ = {"HTTP_IF_NONE_MATCH": if_none_match, "HTTP_IF_MODIFIED_SINCE": if_modified_since}
    environ = {name: value for name, value in environ.items() if value is not None}
    werkzeugs = not is_resource_modified(environ, etag=TAG, last_modified=MODIFIED)
    if if_none_match in ("", ","):
        werkzeugs = False  # nothing matches: the date is not asked
    assert is_current(environ, TAG, MODIFIED) is werkzeugs
