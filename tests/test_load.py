"""Load and faults: clients fetch the feed while its schedule file is rewritten and
published from several processes at once.

The real server (gunicorn, 2 workers, as `summitcal serve` runs it) answers 6 clients
for a few seconds while a writer alternates the file between two versions, by atomic
rename and by rewriting it in place in two chunks (so readers can catch it half
written, and the first half is itself a valid schedule), and `summitcal publish`
publishes the same file to the same ledger in a loop. Every answer must be a 200 with
exactly the old or the new feed, or a 304; never a 5xx, never a mix; each client sees
SEQUENCE only go up; and the ledger ends with one consistent history.
"""

from __future__ import annotations

import itertools
import re
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from summitcal.ical import calendar_bytes
from summitcal.revisions import ChangeKind, SqliteLedger
from summitcal.schedule_file import parse_schedule
from summitcal.tokens import default_state_dir

from conftest import EXAMPLE, settled, without_stamps
from test_web import BIN, free_port, running_server

FEED = "/calendars/japan-peru-2024.ics"
SECONDS = 4.0
CLIENTS = 6


def versions() -> tuple[str, str]:
    old = EXAMPLE.read_text(encoding="utf-8")
    new = old.replace("T12:45:00", "T13:05:00").replace(
        "revision = 2024-11-17T18:00:00Z", "revision = 2024-11-17T18:20:00Z"
    )
    return old, new


def content(feed: bytes) -> bytes:
    """The feed without what the ledger numbers and dates: what the file decides."""
    return re.sub(rb"SEQUENCE:\d+\r\n", b"", without_stamps(feed))


def luncheon_sequence(feed: bytes) -> int:
    event = feed.split(b"UID:luncheon.", 1)[1]
    return int(re.search(rb"SEQUENCE:(\d+)", event).group(1))  # type: ignore[union-attr]


def test_concurrent_clients_and_publishers_while_the_file_is_rewritten(tmp_path: Path) -> None:
    old, new = versions()
    feeds = {
        content(calendar_bytes(parse_schedule(text, "v.toml"))): name
        for name, text in (("old", old), ("new", new))
    }
    folder = tmp_path / "schedules"
    folder.mkdir()
    target = folder / "visit.toml"
    target.write_text(old, encoding="utf-8")
    settled(target)
    outcomes: Counter[str] = Counter()
    bad: list[str] = []
    went_down: list[tuple[int, int]] = []
    published: list[subprocess.CompletedProcess[str]] = []
    lock = threading.Lock()
    stop = time.monotonic() + SECONDS
    publisher_done = threading.Event()

    def running() -> bool:
        """Until the time is up and `summitcal publish` has run a few times (on a loaded
        machine its start-up alone can take a second)."""
        return time.monotonic() < stop or not publisher_done.is_set()

    def client(base: str) -> None:
        etag, highest, asked = None, -1, 0
        while running():
            asked += 1
            headers = {"If-None-Match": etag} if etag and asked % 3 == 0 else {}
            request = urllib.request.Request(base + FEED, headers=headers)
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    body, etag = response.read(), response.headers["ETag"]
                    outcome = f"200 {feeds.get(content(body), 'OTHER')}"
                    if content(body) not in feeds:
                        bad.append(body[:200].decode(errors="replace"))
                    sequence = luncheon_sequence(body)
                    if sequence < highest:
                        went_down.append((highest, sequence))
                    highest = max(highest, sequence)
            except urllib.error.HTTPError as error:
                outcome = str(error.code)
                error.close()
            with lock:
                outcomes[outcome] += 1

    def writer() -> None:
        texts, turn = (new, old), 0
        while running():
            text = texts[turn % 2]
            if turn % 2:  # atomic: write beside, then rename into place
                temporary = folder / ".visit.toml.tmp"
                temporary.write_text(text, encoding="utf-8")
                temporary.replace(target)
            else:
                # In place, in two chunks cut before the last event: the first chunk alone
                # is a valid schedule with one event fewer, the worst a reader can catch.
                cut = text.rindex("[[events]]")
                with target.open("w", encoding="utf-8") as stream:
                    stream.write(text[:cut])
                    stream.flush()
                    time.sleep(0.005)
                    stream.write(text[cut:])
            turn += 1
            time.sleep(0.15)  # longer than the store's settle time, so versions do change

    def publisher() -> None:
        while time.monotonic() < stop or len(published) < 3:
            time.sleep(0.05)
            command = [str(BIN / "summitcal"), "publish", str(target)]
            done = subprocess.run(command, capture_output=True, text=True, timeout=60)
            published.append(done)
        publisher_done.set()

    with running_server(folder, free_port(), tmp_path / "server.log") as base:
        threads = [threading.Thread(target=client, args=(base,)) for _ in range(CLIENTS)]
        threads += [threading.Thread(target=writer), threading.Thread(target=publisher)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=SECONDS + 120)
    assert not bad, f"{len(bad)} answers were neither version: {bad[:1]}"
    log = (tmp_path / "server.log").read_text()
    assert set(outcomes) <= {"200 old", "200 new", "304"}, (outcomes, log[-3000:])
    assert outcomes["200 old"] > 20, outcomes
    assert outcomes["200 new"] > 20, outcomes
    assert outcomes["304"] > 20, outcomes
    assert not went_down, f"SEQUENCE went down for a client: {went_down[:3]}"

    # `summitcal publish` ran beside the workers: it either published or found the file
    # changing under it (and said so); it never met a locked database. On a loaded
    # machine the writer can stall between truncating the file and writing it for longer
    # than the settle time: the empty file then looks quiet, and publish refuses it as
    # the invalid schedule it is (exit 1), publishing nothing; the history below shows
    # nothing half-written was published.
    assert len(published) >= 3
    for done in published:
        assert "locked" not in done.stderr and "Traceback" not in done.stderr, done.stderr
        caught_empty = done.returncode == 1 and "no [schedule] table" in done.stderr
        assert (
            done.returncode == 0 or "changed while it was published" in done.stderr or caught_empty
        ), done.stderr
    # On a loaded machine every publish may have met the file changing; once the writer
    # has stopped, the file is quiet and publishing it succeeds.
    quiet = subprocess.run(
        [str(BIN / "summitcal"), "publish", str(target)], capture_output=True, text=True, timeout=60
    )
    assert quiet.returncode == 0, quiet.stderr
    assert "locked" not in log and "Traceback" not in log

    # One consistent history: versions 1..N without gaps, each with a change; each
    # event's SEQUENCE goes up by one at each change, and each change starts where the
    # one before it ended.
    ledger = SqliteLedger(default_state_dir() / "summitcal.sqlite3")
    history = list(reversed(ledger.history("japan-peru-2024")))
    assert [v.version for v in history] == list(range(1, len(history) + 1))
    assert len(history) >= 3, "both the service and publish took the file several times"
    # At most one version a second, none dated after the clock: Last-Modified is never
    # later than the Date of the answer that carries it (RFC 9110).
    stamps = [version.published for version in history]
    assert all(b - a >= timedelta(seconds=1) for a, b in itertools.pairwise(stamps)), stamps
    assert stamps[-1] <= datetime.now(UTC), stamps[-1]
    last: dict[str, tuple[int | None, object]] = {}
    for version in history:
        assert version.changes, f"version {version.version} records no change"
        for change in version.changes:
            assert change.event_id is not None
            if change.kind is ChangeKind.ADDED:
                assert change.event_id not in last and change.sequence == 0
            else:
                sequence, state = last[change.event_id]
                assert change.before == state, f"v{version.version} does not continue"
                assert change.sequence == (sequence or 0) + 1, (version.version, change)
            last[change.event_id] = (change.sequence, change.after)
    release = ledger.release("japan-peru-2024")
    assert release is not None
    assert release.stamps["luncheon"].sequence == last["luncheon"][0]
