"""Benchmark: what a one-event edit of a big schedule costs, against a cold render.

A schedule of 10,000 events across 50 zones (render_feed.py's) is published to a fresh
SQLite ledger and its feed rendered (a service's first request). Then, in one process:

- cold: the feed rendered with every cache of summitcal's emptied (VTIMEZONEs and event
  parts): what a new worker pays;
- edit: one event moved, published to the ledger, and the new release's feed rendered:
  what a press office's correction costs a running service (the schedule's events made
  anew, as the service reading the file again makes them, and the version published
  before it this process's own: the ledger's kept rows, see summitcal.revisions.kept);
- stock: icalendar building and serialising the same events itself (VTIMEZONEs from its
  ``add_missing_timezones``), as render_feed.py does.

Reported: medians, and edit / cold (issue 15's aim: at most 0.05) and cold / stock (aim:
at most 0.5); the edited feed's bytes are checked against a cold render of the same
release (they must be identical).

Run: .venv/bin/python benchmarks/render_parts.py [--events 10000] [--zones 50] [--rounds 7]
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

from render_feed import schedule_of, stock

from summitcal.ical import calendar_bytes
from summitcal.ical.feed import clear_parts
from summitcal.ical.vtimezone import clear_cache
from summitcal.model import Schedule
from summitcal.revisions import Ledger, Release, open_ledger


class Clock:
    """The ledger's clock, a second on at each publish (no waiting for real seconds)."""

    def __init__(self) -> None:
        self.now = datetime(2024, 11, 17, 12, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


def moved(schedule: Schedule, number: int) -> Schedule:
    """The schedule with one event (of ``number``) later by ``number`` minutes, every
    event a new object, as a schedule file read again gives them (equal, not the same:
    nothing is found by identity that a service would not find)."""
    chosen = schedule.events[number % len(schedule.events)]
    shift = timedelta(minutes=5 + number)
    later = replace(chosen, start=chosen.start + shift, end=chosen.end + shift)
    return replace(
        schedule, events=tuple(later if e is chosen else replace(e) for e in schedule.events)
    )


def feed(release: Release) -> bytes:
    return calendar_bytes(release.schedule, stamps=release.stamps)


def timed(run: Callable[[], bytes]) -> tuple[float, bytes]:
    started = time.perf_counter()
    data = run()
    return time.perf_counter() - started, data


def edit(ledger: Ledger, version: Schedule) -> bytes:
    """Publish ``version`` and render the release's feed."""
    published = ledger.publish(version, wait=False)
    assert published is not None
    return feed(published)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--zones", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=7)
    options = parser.parse_args()
    schedule = schedule_of(options.events, options.zones)
    clock = Clock()
    with tempfile.TemporaryDirectory() as folder:
        ledger = open_ledger(Path(folder) / "ledger.sqlite3", clock=clock, sleep=clock.sleep)
        release = ledger.publish(schedule, wait=False)
        assert release is not None
        feed(release)
        results: dict[str, list[float]] = {"cold": [], "edit": [], "stock": []}
        for number in range(options.rounds):
            clock.now += timedelta(seconds=2)
            version = moved(schedule, number)
            seconds, edited = timed(lambda version=version: edit(ledger, version))
            results["edit"].append(seconds)
            current = ledger.release(schedule.id)
            assert current is not None
            clear_cache()
            clear_parts()
            seconds, cold = timed(lambda current=current: feed(current))
            results["cold"].append(seconds)
            assert edited == cold, "the edited feed differs from a cold render"
            results["stock"].append(timed(lambda: stock(schedule))[0])
        ledger.close()
    medians = {name: statistics.median(times) for name, times in results.items()}
    print(f"{options.events:,} events, {options.zones} zones, {options.rounds} rounds (median)")
    for name, seconds in medians.items():
        print(f"  {name:6} {seconds:7.3f} s")
    print(f"  edit / cold: {medians['edit'] / medians['cold']:.3f} (aim: at most 0.05)")
    print(f"  cold / stock: {medians['cold'] / medians['stock']:.2f} (aim: at most 0.5)")


if __name__ == "__main__":
    main()
