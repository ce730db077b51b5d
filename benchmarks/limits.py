"""Benchmark: check, export and publish grow linearly up to the limits of a schedule file.

Schedule files of 1/8, 1/4, 1/2 and all of MAX_EVENTS events (one an hour, in five
zones, each with a location and a description) are written as TOML, then timed through
the three paths a user's file takes: `check` (read and validate the text), `export`
(check, then render the feed), and a first `publish` to a fresh SQLite ledger (check,
then plan and write every event). For each size the table gives the milliseconds
(median of --rounds) and the microseconds per event; linear work keeps the last column
flat (the ratio of the largest size's per-event time to the smallest's is printed last).

Run: .venv/bin/python benchmarks/limits.py [--rounds 3]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from summitcal.ical import calendar_bytes
from summitcal.revisions import SqliteLedger
from summitcal.schedule_file import MAX_EVENTS, MAX_FILE_BYTES, parse_schedule

ZONES = ("America/Lima", "Asia/Tokyo", "Europe/Paris", "America/Sao_Paulo", "Australia/Sydney")


def schedule_text(count: int) -> str:
    lines = [
        "[schedule]",
        'id = "big-visit"',
        'title = "A long programme"',
        'zone = "America/Lima"',
        'home_zone = "Asia/Tokyo"',
        "revision = 2024-11-17T09:00:00Z",
        'disambiguate = "compatible"  # an hourly programme meets gaps and folds',
        "",
    ]
    start = datetime(2024, 1, 1, 8, 0)
    for index in range(count):
        wall = start + timedelta(hours=index)
        lines += [
            "[[events]]",
            f'id = "event-{index}"',
            f'title = "Working session {index}"',
            f"start = {wall:%Y-%m-%dT%H:%M:%S}",
            "duration = 45",
            f'zone = "{ZONES[index % len(ZONES)]}"',
            f'location = "Conference room {index % 12}"',
            'description = "Delegations of both governments."',
            "",
        ]
    return "\n".join(lines)


def median_ms(action: Callable[[], object], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def publish(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        SqliteLedger(Path(folder) / "ledger.sqlite3").publish(parse_schedule(text))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    rounds = parser.parse_args().rounds
    sizes = [MAX_EVENTS // 8, MAX_EVENTS // 4, MAX_EVENTS // 2, MAX_EVENTS]
    print(f"limits: {MAX_EVENTS:,} events, {MAX_FILE_BYTES // (1024 * 1024)} MB per file")
    print(
        f"{'events':>7} {'MB':>5}  {'check ms':>9} {'µs/ev':>6}  {'export ms':>9} {'µs/ev':>6}"
        f"  {'publish ms':>10} {'µs/ev':>6}"
    )
    per_event: dict[str, list[float]] = {"check": [], "export": [], "publish": []}
    for count in sizes:
        text = schedule_text(count)
        timings = {
            "check": median_ms(lambda text=text: parse_schedule(text), rounds),
            "export": median_ms(lambda text=text: calendar_bytes(parse_schedule(text)), rounds),
            "publish": median_ms(lambda text=text: publish(text), rounds),
        }
        row = f"{count:>7} {len(text.encode()) / 1e6:>5.1f}"
        for name, ms in timings.items():
            per_event[name].append(ms * 1000 / count)
            row += f"  {ms:>{10 if name == 'publish' else 9}.0f} {ms * 1000 / count:>6.0f}"
        print(row)
    growth = ", ".join(f"{name} {values[-1] / values[0]:.2f}" for name, values in per_event.items())
    print(f"per-event time at {sizes[-1]:,} events over {sizes[0]:,} (1.0 = linear): {growth}")


if __name__ == "__main__":
    main()
