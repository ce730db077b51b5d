"""Score ``summitcal extract`` against the real press texts of ``tests/extract/real/``.

Each ``NAME.txt`` there starts with ``Source:``, ``Publisher:`` and ``Language:`` lines and
an empty line, then the text as published; ``NAME.expected.json`` beside it holds the
events a reader finds in it, written from the policy and the text alone (never from the
extractor's output), and the ``--date``/``--zone`` a user would give where the text
cannot decide (``"cli"``).

For each language and each publisher it prints:

- recall: expected events the extractor found (matched by the words of the title, or at
  the same instant by the words of the sentence it was drawn from);
- instants right: of the expected events with a start, those found at the same instant
  (wall time and zone give the same UTC instant);
- duration and hedge: of those that state one, found with the same duration / the same
  flags (start certainty and "approximate");
- precision: events found that are expected;
- wrong conversions flagged: of the stated second times that are wrong, those the
  extractor calls inconsistent; false alarms: right ones (or events not expected) it
  calls inconsistent.

Run: ``.venv/bin/python tests/extract/score.py [FOLDER] [--json]``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from summitcal.extract import extract
from summitcal.extract.render import as_json
from summitcal.zones import find_zone

REAL = Path(__file__).parent / "real"
HEADERS = ("Source", "Publisher", "Language")


@dataclass(frozen=True, slots=True)
class Document:
    name: str
    source: str
    publisher: str
    language: str
    text: str
    expected: dict[str, Any]


def read_document(path: Path) -> Document:
    """A corpus text: its three header lines, an empty line, then the text."""
    head, _, text = path.read_text(encoding="utf-8").partition("\n\n")
    fields = dict(line.split(": ", 1) for line in head.splitlines())
    missing = [key for key in HEADERS if key not in fields]
    if missing:
        raise ValueError(f"{path}: no {', '.join(missing)} line at the top")
    expected = json.loads(path.with_suffix(".expected.json").read_text(encoding="utf-8"))
    return Document(
        path.stem, fields["Source"], fields["Publisher"], fields["Language"], text, expected
    )


def corpus(folder: Path = REAL) -> list[Document]:
    return [read_document(path) for path in sorted(folder.glob("*.txt"))]


@dataclass(slots=True)
class Tally:
    """Counts for one group of documents; each figure is ``right / of``."""

    counts: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))

    def add(self, figure: str, right: bool) -> None:
        self.counts[figure][0] += right
        self.counts[figure][1] += 1

    def share(self, figure: str) -> str:
        right, of = self.counts.get(figure, [0, 0])
        return f"{right}/{of}" + (f" ({right / of:.0%})" if of else "")


FIGURES = (
    "recall",
    "instants right",
    "duration",
    "hedge",
    "precision",
    "wrong conversions flagged",
)


def _instant(wall: str | None, zone: str | None) -> datetime | None:
    if wall is None or zone is None:
        return None
    try:
        return datetime.fromisoformat(wall).replace(tzinfo=ZoneInfo(zone)).astimezone(UTC)
    except (ValueError, KeyError):
        return None


def _matches(wanted: dict[str, Any], found: dict[str, Any]) -> bool:
    return str(wanted.get("title_contains", "")).lower() in str(found["title"]).lower()


def _in_sentence(wanted: dict[str, Any], found: dict[str, Any]) -> bool:
    sentence = str(found.get("source", {}).get("sentence", ""))
    return str(wanted.get("title_contains", "")).lower() in sentence.lower()


def _pair(
    want: list[dict[str, Any]], got: list[dict[str, Any]]
) -> list[tuple[dict[str, Any], dict[str, Any] | None]]:
    """Each expected event with the found event it is: first those whose title has its
    words at the same instant; then those at the same instant drawn from a sentence that
    has the words ("Putin arrived at 13:05" found as "Arrival in the summit location");
    then, longest words first (the most specific), the first unused one whose title has
    them."""
    used: set[int] = set()
    chosen: dict[int, int] = {}
    for matches in (_matches, _in_sentence):
        for w, wanted in enumerate(want):
            at = _instant(wanted.get("start"), wanted.get("zone"))
            if w in chosen or at is None:
                continue
            for i, found in enumerate(got):
                if i in used or not matches(wanted, found):
                    continue
                if _instant(found["start"], found["zone"]) == at:
                    chosen[w] = i
                    used.add(i)
                    break
    by_words = sorted(range(len(want)), key=lambda w: -len(str(want[w].get("title_contains", ""))))
    for w in by_words:
        if w in chosen:
            continue
        for i, found in enumerate(got):
            if i not in used and _matches(want[w], found):
                chosen[w] = i
                used.add(i)
                break
    return [(wanted, got[chosen[w]] if w in chosen else None) for w, wanted in enumerate(want)]


def score_document(document: Document, tally: Tally) -> dict[str, Any]:
    """Extract one document as a user would (with its ``cli`` options) and count."""
    cli = document.expected.get("cli", {})
    on = date.fromisoformat(cli["date"]) if cli.get("date") else None
    zone = find_zone(cli["zone"]).key if cli.get("zone") else None  # as the CLI takes it
    data = as_json(extract(document.text, zone=zone, on=on))
    got = data["events"]
    pairs = _pair(document.expected["events"], got)
    for wanted, found in pairs:
        tally.add("recall", found is not None)
        if wanted.get("start") is not None:
            at = _instant(wanted["start"], wanted.get("zone"))
            tally.add(
                "instants right",
                found is not None
                and at is not None
                and _instant(found["start"], found["zone"]) == at,
            )
        if "duration_minutes" in wanted:
            tally.add(
                "duration",
                found is not None and found.get("duration_minutes") == wanted["duration_minutes"],
            )
        for flag in ("start_certainty", "approximate"):
            if flag in wanted:
                tally.add("hedge", found is not None and found.get(flag) == wanted[flag])
        if wanted.get("conversion") == "inconsistent":
            tally.add(
                "wrong conversions flagged",
                found is not None and found.get("conversion") == "inconsistent",
            )
    matched = {id(found) for _, found in pairs if found is not None}
    alarms = 0
    for found in got:
        tally.add("precision", id(found) in matched)
        wanted_of = next((w for w, f in pairs if f is found), None)
        if found.get("conversion") == "inconsistent" and (
            wanted_of is None or wanted_of.get("conversion") != "inconsistent"
        ):
            alarms += 1
    tally.counts["false alarms"][0] += alarms
    return {"name": document.name, "found": len(got), "expected": len(pairs), "alarms": alarms}


def score(documents: list[Document]) -> dict[str, Tally]:
    """Tallies by "all", "language: xx" and "publisher: name"."""
    groups: dict[str, Tally] = defaultdict(Tally)
    for document in documents:
        own = Tally()
        score_document(document, own)
        for group in ("all", f"language: {document.language}", f"publisher: {document.publisher}"):
            for figure, (right, of) in own.counts.items():
                groups[group].counts[figure][0] += right
                groups[group].counts[figure][1] += of
    return dict(groups)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=REAL)
    parser.add_argument("--json", action="store_true", help="the counts as JSON")
    args = parser.parse_args()
    documents = corpus(args.folder)
    if not documents:
        print(f"no documents in {args.folder}", file=sys.stderr)
        return 1
    groups = score(documents)
    if args.json:
        report = {name: dict(tally.counts) for name, tally in groups.items()}
        print(json.dumps(report, indent=2, ensure_ascii=False))
        return 0
    order = sorted(groups, key=lambda g: (g != "all", not g.startswith("language"), g))
    print(f"{len(documents)} documents in {args.folder}")
    for name in order:
        tally = groups[name]
        figures = "; ".join(f"{figure} {tally.share(figure)}" for figure in FIGURES)
        print(f"{name}: {figures}; false alarms {tally.counts['false alarms'][0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
