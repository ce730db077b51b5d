"""Benchmark: `summitcal extract` on a megabyte of press text.

The text is the hand-written corpus of tests/extract/ (twelve summaries, most of each
the talks' content in numbered paragraphs, as real ones are) repeated to 1 MB. Reported:
the first extraction of one document in a fresh process (it loads the GeoNames gazetteer
and the zone names, once), the first run on the megabyte, and the median of --rounds
more; and the events found, which must be the
corpus' events times the copies. The aim: well under a second for 1 MB.

Run: .venv/bin/python benchmarks/extract_text.py [--megabytes 1] [--rounds 5]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from summitcal.extract import extract

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "extract"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=1.0)
    parser.add_argument("--rounds", type=int, default=5)
    options = parser.parse_args()
    documents = [path.read_text(encoding="utf-8") for path in sorted(CORPUS.glob("*.txt"))]
    started = time.perf_counter()
    extract(documents[0])  # loads the gazetteer and the zone names, once per process
    cold = time.perf_counter() - started
    per_copy = sum(len(extract(document).events) for document in documents)
    one = "\n\n".join(documents) + "\n\n"
    copies = int(options.megabytes * 1_000_000 // len(one)) + 1
    text = one * copies
    started = time.perf_counter()
    found = extract(text)
    first = time.perf_counter() - started
    times = []
    for _ in range(options.rounds):
        started = time.perf_counter()
        found = extract(text)
        times.append(time.perf_counter() - started)
    median = statistics.median(times)
    size = len(text.encode("utf-8")) / 1_000_000
    print(f"{size:.2f} MB of press text ({copies} copies of {len(documents)} documents)")
    print(f"  events found: {len(found.events)} (expected {per_copy * copies})")
    print(f"  one document in a fresh process (loading the gazetteer): {cold:.2f} s")
    print(f"  1 MB, first run: {first:.2f} s")
    print(f"  median of {options.rounds} more: {median:.2f} s ({size / median:.1f} MB/s)")


if __name__ == "__main__":
    main()
