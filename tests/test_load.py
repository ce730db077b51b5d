"""Load and faults: clients fetch the feed while its schedule file is rewritten.

The real server (gunicorn, 2 workers, as `summitcal serve` runs it) answers 6 clients
for a few seconds while a writer alternates the file between two versions, by atomic
rename and by rewriting it in place in two chunks (so readers can catch it half
written, and the first half is itself a valid schedule). Every answer must be a 200
with exactly the old or the new feed, or a 304; never a 5xx, never a mix.
"""

from __future__ import annotations

import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

from summitcal.ical import calendar_bytes
from summitcal.schedule_file import parse_schedule

from conftest import EXAMPLE, settled
from test_web import free_port, running_server

FEED = "/calendars/japan-peru-2024.ics"
SECONDS = 4.0
CLIENTS = 6


def versions() -> tuple[str, str]:
    old = EXAMPLE.read_text(encoding="utf-8")
    new = old.replace("T12:45:00", "T13:05:00").replace(
        "revision = 2024-11-17T18:00:00Z", "revision = 2024-11-17T18:20:00Z"
    )
    return old, new


def test_concurrent_clients_while_the_file_is_rewritten(tmp_path: Path) -> None:
    old, new = versions()
    feeds = {
        calendar_bytes(parse_schedule(text, "v.toml")): name
        for name, text in (("old", old), ("new", new))
    }
    folder = tmp_path / "schedules"
    folder.mkdir()
    target = folder / "visit.toml"
    target.write_text(old, encoding="utf-8")
    settled(target)
    outcomes: Counter[str] = Counter()
    bad: list[str] = []
    lock = threading.Lock()
    stop = time.monotonic() + SECONDS

    def client(base: str) -> None:
        etag = None
        while time.monotonic() < stop:
            headers = {"If-None-Match": etag} if etag and len(outcomes) % 3 == 0 else {}
            request = urllib.request.Request(base + FEED, headers=headers)
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    body, etag = response.read(), response.headers["ETag"]
                    outcome = f"200 {feeds.get(body, 'OTHER')}"
                    if body not in feeds:
                        bad.append(body[:200].decode(errors="replace"))
            except urllib.error.HTTPError as error:
                outcome = str(error.code)
                error.close()
            with lock:
                outcomes[outcome] += 1

    def writer() -> None:
        texts, turn = (new, old), 0
        while time.monotonic() < stop:
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

    with running_server(folder, free_port(), tmp_path / "server.log") as base:
        threads = [threading.Thread(target=client, args=(base,)) for _ in range(CLIENTS)]
        threads.append(threading.Thread(target=writer))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=SECONDS + 30)
    assert not bad, f"{len(bad)} answers were neither version: {bad[:1]}"
    assert set(outcomes) <= {"200 old", "200 new", "304"}, outcomes
    assert outcomes["200 old"] > 20, outcomes
    assert outcomes["200 new"] > 20, outcomes
