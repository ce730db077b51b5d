"""Benchmark: publishing to the revision ledger, against rendering the same feed, and
PostgreSQL against SQLite in the same run.

A schedule of --events events (the bundled example's events repeated over days) is
published to a fresh ledger of each backend: first publication (every event added), an
unchanged republish (what each worker does when it rereads a file), a publish with one
event moved, reading the release back, each of the last two also after another process
(another ledger object on the same database) wrote last, which makes the ledger read
every row again instead of the ones it kept (summitcal.revisions.kept), and opening the
ledger (what each process does once: its pages checked or its pool made, its schema
read). Each is reported in milliseconds (median of --rounds) and as a ratio to
rendering the feed once with calendar_bytes and no kept parts (what a worker that has
not rendered the schedule does); the last column is PostgreSQL's time over SQLite's for
the same step.

SQLite is a file in a temporary folder (WAL, synchronous=FULL, Python's default);
PostgreSQL a server this script starts from Debian's postgresql package (initdb and
pg_ctl in a temporary folder, on a free port of 127.0.0.1, with its default settings:
fsync and synchronous_commit on), reached over TCP on loopback, as an app server on
another machine would reach it but without the network's round trips.
--no-postgresql measures SQLite alone.

The ledger's clock moves a second before each publish: a version is dated at least a
second after the one before, so on the real clock each publish with a change would
wait for its second, and the figure would be that wait, not the work.

Run: .venv/bin/python benchmarks/publish_ledger.py [--events 500] [--rounds 5]
"""

from __future__ import annotations

import argparse
import itertools
import logging
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from summitcal.ical import calendar_bytes
from summitcal.ical.feed import clear_parts
from summitcal.model import Schedule
from summitcal.revisions import Ledger, open_ledger
from summitcal.schedule_file import read_schedule

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "japan-peru-2024.toml"
sys.path.insert(0, str(ROOT / "tests"))  # the tests' PostgreSQL server

STEPS = (
    "first publication",
    "unchanged republish",
    "publish with one event moved",
    "the same, another process last",
    "read the release back",
    "the same, another process's",
    "open the ledger (once a process)",
)


def big_schedule(count: int) -> Schedule:
    example = read_schedule(EXAMPLE)
    events = []
    for index in range(count):
        base = example.events[index % len(example.events)]
        shift = timedelta(days=index // len(example.events))
        events.append(
            replace(
                base,
                id=f"{base.id}-{index}",
                start=base.start + shift,
                end=base.end + shift,
                follows=None,
            )
        )
    return replace(example, events=tuple(events))


class Clock:
    """The ledger's clock: a second on at each publish (see above)."""

    def __init__(self) -> None:
        self.now = datetime(2024, 11, 17, 12, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def tick(self) -> None:
        self.now += timedelta(seconds=1)

    def sleep(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def median_ms(action: Callable[[], object], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def measure(
    new_url: Callable[[], str], schedule: Schedule, moved: Schedule, rounds: int
) -> dict[str, float]:
    """Each step's median in ms, on ledgers at the URLs ``new_url`` makes."""
    clock = Clock()

    def publish(ledger: Ledger, version: Schedule) -> object:
        clock.tick()
        return ledger.publish(version, wait=False)  # TooSoon, were the clock not moved

    fresh = iter([new_url() for _ in range(rounds)])  # made before: a database takes time

    def first_publication() -> None:
        with closing(open_ledger(next(fresh), clock=clock, sleep=clock.sleep)) as ledger:
            publish(ledger, schedule)

    first = median_ms(first_publication, rounds)
    url = new_url()
    ledger = open_ledger(url, clock=clock, sleep=clock.sleep)
    publish(ledger, schedule)
    unchanged = median_ms(lambda: publish(ledger, schedule), rounds)
    flip = iter([moved, schedule] * rounds)
    one_change = median_ms(lambda: publish(ledger, next(flip)), rounds)
    release = median_ms(lambda: ledger.release(schedule.id), rounds)
    # Two processes taking turns: each finds the other's version, reads every row again.
    other = open_ledger(url, clock=clock, sleep=clock.sleep)
    turns = iter([(other, moved), (ledger, schedule)] * rounds)
    after_other = median_ms(lambda: publish(*next(turns)), rounds)
    theirs = []
    for version in [moved, schedule] * rounds:
        publish(ledger, version)
        started = time.perf_counter()
        other.release(schedule.id)
        theirs.append(time.perf_counter() - started)
    read_theirs = statistics.median(theirs) * 1000
    other.close()
    ledger.close()

    def opening() -> None:
        with closing(open_ledger(url, create=False)) as again:
            again.check()

    opened = median_ms(opening, rounds)
    measured = (first, unchanged, one_change, after_other, release, read_theirs, opened)
    return dict(zip(STEPS, measured, strict=True))


@contextmanager
def sqlite_urls() -> Iterator[Callable[[], str]]:
    with tempfile.TemporaryDirectory() as folder:
        numbers = itertools.count()
        yield lambda: str(Path(folder) / f"ledger-{next(numbers)}.sqlite3")


@contextmanager
def postgresql_urls() -> Iterator[Callable[[], str]]:
    from postgres_server import PostgresServer

    server = PostgresServer(durable=True).start()
    try:
        yield server.new_database
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--no-postgresql", action="store_true", help="SQLite alone.")
    options = parser.parse_args()
    logging.getLogger("summitcal.revisions.ledger").setLevel(logging.ERROR)  # "new ledger"
    schedule = big_schedule(options.events)
    moved = replace(
        schedule,
        events=tuple(
            replace(e, start=e.start + timedelta(minutes=15), end=e.end + timedelta(minutes=15))
            if i == 0
            else e
            for i, e in enumerate(schedule.events)
        ),
    )
    render = median_ms(lambda: (clear_parts(), calendar_bytes(schedule)), options.rounds)
    with sqlite_urls() as new_url:
        sqlite = measure(new_url, schedule, moved, options.rounds)
    postgresql: dict[str, float] = {}
    if not options.no_postgresql:
        with postgresql_urls() as new_url:
            postgresql = measure(new_url, schedule, moved, options.rounds)
    print(f"{options.events} events, median of {options.rounds} rounds")
    print(f"  render the feed (calendar_bytes, no kept parts)  {render:8.1f} ms")
    header = f"  {'':<33} {'SQLite':>8}    {'÷ render':>8}"
    if postgresql:
        header += f"   {'PostgreSQL':>10}    {'÷ render':>8}   {'PostgreSQL ÷ SQLite':>19}"
    print(header)
    for step in STEPS:
        line = f"  {step:<33} {sqlite[step]:8.1f} ms {sqlite[step] / render:8.2f}"
        if postgresql:
            line += (
                f"   {postgresql[step]:10.1f} ms {postgresql[step] / render:8.2f}"
                f"   {postgresql[step] / sqlite[step]:19.2f}"
            )
        print(line)


if __name__ == "__main__":
    main()
