"""Benchmark: `summitcal extract` on a megabyte of press text, in English and Japanese.

Three texts, each repeated to the size asked: the hand-written corpus of tests/extract/
(twelve summaries, most of each the talks' content in numbered paragraphs, as real ones
are), and the real published texts of tests/extract/real/ in English and in Japanese
(their header lines left out). Reported for each: the first run on the megabyte and the
median of --rounds more, and the events found beside the events of each document read
alone times the copies (equal for the hand-made summaries; the real texts differ where
one document's date or place runs on into the next, as a megabyte of texts joined
together is one document). Before them: the
first extraction of one document in a fresh process (it loads the GeoNames gazetteer
and the zone names, once). The aim: well under a second for 1 MB in each language.

Run: .venv/bin/python benchmarks/extract_text.py [--megabytes 1] [--rounds 5]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from summitcal.extract import extract

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "extract"


def real_texts(language: str) -> list[str]:
    """The real corpus' texts in ``language``, without their Source/Publisher lines."""
    texts = []
    for path in sorted((CORPUS / "real").glob("*.txt")):
        head, _, text = path.read_text(encoding="utf-8").partition("\n\n")
        if f"Language: {language}" in head.splitlines():
            texts.append(text)
    return texts


def measure(name: str, documents: list[str], megabytes: float, rounds: int) -> None:
    per_copy = sum(len(extract(document).events) for document in documents)
    one = "\n\n".join(documents) + "\n\n"
    copies = int(megabytes * 1_000_000 // len(one.encode("utf-8"))) + 1
    text = one * copies
    started = time.perf_counter()
    found = extract(text)
    first = time.perf_counter() - started
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        found = extract(text)
        times.append(time.perf_counter() - started)
    median = statistics.median(times)
    size = len(text.encode("utf-8")) / 1_000_000
    print(f"{name}: {size:.2f} MB ({copies} copies of {len(documents)} documents)")
    print(f"  events found: {len(found.events)} (each document alone: {per_copy * copies})")
    print(f"  first run: {first:.2f} s; median of {rounds} more: {median:.2f} s")
    print(f"  {size / median:.1f} MB/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=1.0)
    parser.add_argument("--rounds", type=int, default=5)
    options = parser.parse_args()
    invented = [path.read_text(encoding="utf-8") for path in sorted(CORPUS.glob("*.txt"))]
    started = time.perf_counter()
    extract(invented[0])  # loads the gazetteer and the zone names, once per process
    print(
        f"one document in a fresh process (loading the gazetteer): {time.perf_counter() - started:.2f} s"
    )
    for name, documents in (
        ("invented summaries (English)", invented),
        ("real texts in English", real_texts("en")),
        ("real texts in Japanese", real_texts("ja")),
    ):
        measure(name, documents, options.megabytes, options.rounds)


if __name__ == "__main__":
    main()
