"""Benchmark: the memory of one worker serving many schedules.

A folder of 1,000 schedule files of 50 events each (the bundled example's four events
repeated over the days, each file with its own id) is served by one app, as one
gunicorn worker holds it: every file read, published to a SQLite ledger, and every
feed requested once in each language the file offers (English, Japanese, Spanish), so
the kept parts hold every event in every language. Reported: the process's resident
memory (VmRSS) before the app, after loading, and after every feed was requested, and
the figures per schedule.

Run: .venv/bin/python benchmarks/worker_memory.py [--schedules 1000] [--events 50]
"""

from __future__ import annotations

import argparse
import os
import re
import tempfile
import time
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "japan-peru-2024.toml"


def rss_mb() -> float:
    status = Path("/proc/self/status").read_text()
    found = re.search(r"VmRSS:\s+(\d+) kB", status)
    assert found is not None
    return int(found.group(1)) / 1024


def schedule_text(number: int, events: int) -> str:
    """The example with its own id and ``events`` events (its four, over the days)."""
    text = EXAMPLE.read_text(encoding="utf-8")
    head, _, _rest = text.partition("[[events]]")
    blocks = ["[[events]]" + block for block in text.split("[[events]]")[1:]]
    head = head.replace('id = "japan-peru-2024"', f'id = "visit-{number:04d}"')
    made = []
    for index in range(events):
        block = blocks[index % len(blocks)]
        day = 1 + index // len(blocks)
        block = re.sub(r'^id = "([a-z-]+)"', rf'id = "\1-{index}"', block, count=1, flags=re.M)
        block = re.sub(r"^follows = .*\n", "", block, flags=re.M)
        block = re.sub(r"2024-11-17T", f"2024-12-{day:02d}T", block)
        made.append(block)
    return head + "".join(made)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schedules", type=int, default=1000)
    parser.add_argument("--events", type=int, default=50)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work) / "schedules"
        folder.mkdir()
        past = time.time() - 60
        for number in range(options.schedules):
            path = folder / f"visit-{number:04d}.toml"
            path.write_text(schedule_text(number, options.events), encoding="utf-8")
            os.utime(path, (past, past))
        os.environ["SUMMITCAL_STATE_DIR"] = str(Path(work) / "state")
        from summitcal.web import create_app

        before = rss_mb()
        started = time.perf_counter()
        app = create_app({"SCHEDULE_FOLDER": str(folder), "TESTING": True})
        loaded = rss_mb()
        load_seconds = time.perf_counter() - started
        client = app.test_client()
        started = time.perf_counter()
        for number in range(options.schedules):
            for language in ("en", "ja", "es"):
                response = client.get(f"/calendars/visit-{number:04d}.ics?lang={language}")
                assert response.status_code == 200, response.status_code
        served = rss_mb()
        serve_seconds = time.perf_counter() - started
    count = options.schedules
    print(f"{count:,} schedules of {options.events} events, one process")
    print(f"  before the app     {before:8.1f} MB")
    print(f"  loaded, published  {loaded:8.1f} MB  ({load_seconds:.0f} s)")
    print(f"  every feed, 3 languages {served:8.1f} MB  ({serve_seconds:.0f} s)")
    print(
        f"  per schedule: {(loaded - before) * 1024 / count:.0f} KB loaded, "
        f"{(served - before) * 1024 / count:.0f} KB with its feeds kept"
    )


if __name__ == "__main__":
    main()
