"""Benchmark: what a trip's views cost beside its feed, in one run.

A generated trip (events every two hours through the day in Lima, then Rio de Janeiro,
then Tokyo, a flight between each, a whole-day item per place; --events in all) is
rendered by each human view and by the feed: the day view (`show`'s table), the page's
time lines (one SVG per local day, 900 and 360 wide, as the page includes both), the
JSON, and the iCalendar feed. Each is timed (median of --rounds) and given as a ratio
to the feed's time, so the figures mean the same on a busy machine. Last, the time lines
of the same trip with every meeting 40 days long: a picture ends with the next day
whatever its events' length, so that costs about what the short meetings cost.

Run: .venv/bin/python benchmarks/trip_views.py [--events 2000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, timedelta

from summitcal.ical import calendar_bytes
from summitcal.json_view import schedule_json
from summitcal.model import Event, Kind, Schedule, start_of_day
from summitcal.table import render_table
from summitcal.timeline import day_timelines
from summitcal.tzdb import load
from summitcal.zones import resolve

PLACES = ("America/Lima", "America/Sao_Paulo", "Asia/Tokyo")


def trip(count: int) -> Schedule:
    """``count`` events: a third of them in each place, days of six meetings."""
    events: list[Event] = []
    per_place = count // len(PLACES)
    day = date(2024, 11, 1)
    for index, key in enumerate(PLACES):
        zone = load(key)
        first = day
        for number in range(per_place - 2):
            if number and number % 6 == 0:
                day += timedelta(days=1)
            wall = datetime.combine(day, datetime.min.time()) + timedelta(
                hours=8 + 2 * (number % 6)
            )
            start = resolve(wall, zone, "compatible")
            events.append(
                Event(
                    f"e{index}-{number}",
                    f"Meeting {number} in {key}",
                    start,
                    start + timedelta(minutes=90),
                )
            )
        events.append(
            Event(
                f"days-{index}",
                f"Summit in {key}",
                start_of_day(first, zone),
                start_of_day(day + timedelta(days=1), zone),
                whole_days=True,
            )
        )
        if index + 1 < len(PLACES):
            leave = resolve(datetime.combine(day, datetime.min.time()) + timedelta(hours=21), zone)
            landing = load(PLACES[index + 1])
            events.append(
                Event(
                    f"flight-{index}",
                    "Flight",
                    leave,
                    (leave + timedelta(hours=6)).astimezone(landing),
                    kind=Kind.TRAVEL,
                )
            )
            day += timedelta(days=1)
    return Schedule("trip", "Trip", load(PLACES[0]), load("Asia/Tokyo"), tuple(events))


def lengthened(schedule: Schedule, days: int) -> Schedule:
    """The schedule with each timed event ``days`` days long (a mistake, or a block)."""
    events = tuple(
        event
        if event.whole_days or event.end_zone.key != event.zone.key
        else replace(event, end=event.start + timedelta(days=days))
        for event in schedule.events
    )
    return replace(schedule, events=events)


def timed(action: Callable[[], object], rounds: int) -> float:
    samples = []
    for _ in range(rounds):
        began = time.perf_counter()
        action()
        samples.append(time.perf_counter() - began)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    schedule = trip(args.events)
    long = lengthened(schedule, 40)
    views: dict[str, Callable[[], object]] = {
        "feed (calendar_bytes)": lambda: calendar_bytes(schedule),
        "table (render_table)": lambda: render_table(schedule),
        "time lines, 900 + 360": lambda: (
            day_timelines(schedule),
            day_timelines(schedule, width=360),
        ),
        "JSON (schedule_json)": lambda: schedule_json(schedule),
        "time lines, 40-day events": lambda: (
            day_timelines(long),
            day_timelines(long, width=360),
        ),
    }
    days = len(day_timelines(schedule))
    print(f"{len(schedule.events):,} events, {days} local days, median of {args.rounds}")
    feed = timed(views["feed (calendar_bytes)"], args.rounds)
    for name, action in views.items():
        seconds = feed if name.startswith("feed") else timed(action, args.rounds)
        print(f"{name:26} {seconds * 1000:9.1f} ms   {seconds / feed:5.2f} × the feed")


if __name__ == "__main__":
    main()
