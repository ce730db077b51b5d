"""Benchmark: `summitcal extract` stays linear on text no press release looks like.

Each hostile text (one endless sentence of numbers, of Japanese minutes, of weekdays, of
capitalised names after "with", of programme lines, of country pairs, …) is extracted at
one size and at twice that size; reported are the seconds of each and their ratio, which
for a linear reader is about 2 (a quadratic one gives 4). Every process first extracts
one small text, so the gazetteer's loading is not counted.

Run: .venv/bin/python benchmarks/extract_hostile.py [--kilobytes 200]
"""

from __future__ import annotations

import argparse
import time

from summitcal.extract import extract

UNITS = {
    "numbers": "1.11 ",
    "Japanese minutes": "同1分、",
    "Japanese ranges": "午後1時2分から同3時4分まで、",
    "weekdays": "Monday ",
    "capitalised names": "Mr. A B C D E F G H ",
    "names after 'with'": "with the H.E. Mr. Dr. ",
    "programme lines": "1250 hrs\n",
    "time and place lines": "12:00 pm\n27th Floor\n",
    "place headings": "Visit to ",
    "datelines": "MOSCOW, ",
    "country pairs": "Japan-",
    "arrivals": "Arrive ",
    "open brackets": "「",
}


def seconds(text: str) -> float:
    started = time.perf_counter()
    extract(text)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kilobytes", type=float, default=200.0)
    options = parser.parse_args()
    extract("Japan-Peru Summit Meeting\nNovember 17, 2024\nA meeting was held at 10:50.")
    worst = 0.0
    for name, unit in UNITS.items():
        text = unit * int(options.kilobytes * 1000 // len(unit.encode("utf-8")))
        once, twice = seconds(text), seconds(text + text)
        ratio = twice / once
        worst = max(worst, ratio)
        size = len(text.encode("utf-8")) / 1000
        print(
            f"{name:22s} {size:6.0f} kB: {once:.2f} s, twice the text: {twice:.2f} s ({ratio:.1f}x)"
        )
    print(f"worst ratio: {worst:.1f}x (linear: about 2)")


if __name__ == "__main__":
    main()
