"""Benchmark: publishing to the revision ledger, against rendering the same feed.

A schedule of --events events (the bundled example's events repeated over days) is
published to a fresh SQLite ledger: first publication (every event added), an unchanged
republish (what each worker does when it rereads a file), a publish with one event
moved, reading the release back (what another worker does after a publish), and opening
the ledger (what each process does once: its pages checked, its schema read). Each is
reported in milliseconds (median of --rounds) and as a ratio to rendering the feed once
with calendar_bytes, the work the service does for every new version anyway.

The ledger's clock moves a second before each publish: a version is dated at least a
second after the one before, so on the real clock each publish with a change would
wait for its second, and the figure would be that wait, not the work.

Run: .venv/bin/python benchmarks/publish_ledger.py [--events 500] [--rounds 5]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from summitcal.ical import calendar_bytes
from summitcal.model import Schedule
from summitcal.revisions import Ledger, open_ledger
from summitcal.schedule_file import read_schedule

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "japan-peru-2024.toml"


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=5)
    options = parser.parse_args()
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
    render = median_ms(lambda: calendar_bytes(schedule), options.rounds)
    clock = Clock()

    def publish(ledger: Ledger, version: Schedule) -> object:
        clock.tick()
        return ledger.publish(version, wait=False)  # TooSoon, were the clock not moved

    with tempfile.TemporaryDirectory() as folder:
        paths = iter(Path(folder) / f"ledger-{n}.sqlite3" for n in range(1000))
        first = median_ms(lambda: publish(open_ledger(next(paths)), schedule), options.rounds)
        path = Path(folder) / "ledger.sqlite3"
        ledger = open_ledger(path, clock=clock, sleep=clock.sleep)
        publish(ledger, schedule)
        unchanged = median_ms(lambda: publish(ledger, schedule), options.rounds)
        flip = iter([moved, schedule] * options.rounds)
        one_change = median_ms(lambda: publish(ledger, next(flip)), options.rounds)
        release = median_ms(lambda: ledger.release(schedule.id), options.rounds)
        ledger.close()
        opening = median_ms(lambda: open_ledger(path, create=False).check(), options.rounds)
    print(f"{options.events} events, median of {options.rounds} rounds")
    print(f"  render the feed (calendar_bytes)  {render:8.1f} ms")
    for label, value in (
        ("first publication", first),
        ("unchanged republish", unchanged),
        ("publish with one event moved", one_change),
        ("read the release back", release),
        ("open the ledger (once a process)", opening),
    ):
        print(f"  {label:<33} {value:8.1f} ms   ratio to render {value / render:.2f}")


if __name__ == "__main__":
    main()
