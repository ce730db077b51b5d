"""Benchmark: rendering a feed with summitcal's VTIMEZONEs against stock icalendar's.

A schedule of 10,000 events across 50 zones (the zones with the most offset changes
since 1970, so VTIMEZONEs are not trivial; events spread over 2020-2030) is rendered to
bytes two ways, alternating, in one process:

- summitcal: ``calendar_bytes()``, VTIMEZONEs from summitcal.ical.vtimezone;
- stock: the same events, VTIMEZONEs from icalendar's ``add_missing_timezones()``.

"cold" clears summitcal's caches (VTIMEZONEs and kept event parts) before each run
(a new worker's first request); "warm" keeps them (every later request for the same
schedule). Reported: the median of
each and the ratio summitcal / stock (below 1.0: summitcal is faster).

Run: .venv/bin/python benchmarks/render_feed.py [--events 10000] [--zones 50] [--rounds 5]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from summitcal import tzdb
from summitcal.ical import build_calendar, calendar_bytes
from summitcal.ical.feed import clear_parts
from summitcal.ical.vtimezone import clear_cache
from summitcal.model import Event, Schedule
from summitcal.zones import resolve, transitions


def busiest_zones(count: int) -> list[str]:
    links = {line.split()[2] for line in tzdb.table("tzdata.zi") if line.startswith("L ")}
    first, last = datetime(1970, 1, 1, tzinfo=UTC), datetime(2040, 1, 1, tzinfo=UTC)
    changes = {
        key: len(transitions(tzdb.load(key), first, last))
        for key in tzdb.zone_keys()
        if key not in links
    }
    return sorted(changes, key=lambda key: (-changes[key], key))[:count]


def schedule_of(events: int, zones: int) -> Schedule:
    rng = random.Random(20241117)
    keys = busiest_zones(zones)
    made = []
    for number in range(events):
        zone = tzdb.load(keys[number % len(keys)])
        wall = datetime(2020, 1, 1) + timedelta(minutes=15 * rng.randrange(0, 4 * 24 * 3650))
        start = resolve(wall, zone, "compatible")
        end = (start.astimezone(UTC) + timedelta(minutes=rng.choice((30, 60, 90)))).astimezone(zone)
        made.append(Event(id=f"event-{number}", title=f"Event {number}", start=start, end=end))
    utc = tzdb.load("Etc/UTC")
    return Schedule(id="bench", title="Benchmark", zone=utc, home_zone=utc, events=tuple(made))


def stock(schedule: Schedule) -> bytes:
    calendar = build_calendar(schedule, timezones=False)
    calendar.add_missing_timezones()
    data: bytes = calendar.to_ical()
    return data


def timed(run: Callable[[], bytes]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--zones", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=5)
    options = parser.parse_args()
    schedule = schedule_of(options.events, options.zones)
    results: dict[str, list[float]] = {"summitcal cold": [], "summitcal warm": [], "stock": []}
    for _ in range(options.rounds):
        clear_cache()
        clear_parts()
        results["summitcal cold"].append(timed(lambda: calendar_bytes(schedule)))
        results["summitcal warm"].append(timed(lambda: calendar_bytes(schedule)))
        results["stock"].append(timed(lambda: stock(schedule)))
    medians = {name: statistics.median(times) for name, times in results.items()}
    print(f"{options.events} events, {options.zones} zones, {options.rounds} rounds (median)")
    for name, seconds in medians.items():
        print(f"  {name:15} {seconds:7.3f} s")
    for name in ("summitcal cold", "summitcal warm"):
        print(f"  ratio {name} / stock: {medians[name] / medians['stock']:.2f}")
    sizes = {"summitcal": len(calendar_bytes(schedule)), "stock": len(stock(schedule))}
    print(f"  bytes: summitcal {sizes['summitcal']:,}, stock {sizes['stock']:,}")


if __name__ == "__main__":
    main()
