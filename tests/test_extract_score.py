"""The corpus scorer (tests/extract/score.py) counts what it says it counts: checked on
an invented document whose expectations are made wrong on purpose."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tests" / "extract"))
from score import corpus, score

INVENTED = ROOT / "tests" / "extract" / "japan-brazil-2024"


def write(folder: Path, expected: dict[str, object]) -> None:
    text = INVENTED.with_suffix(".txt").read_text(encoding="utf-8")
    header = "Source: invented\nPublisher: Test ministry\nLanguage: en\n\n"
    (folder / "doc.txt").write_text(header + text, encoding="utf-8")
    (folder / "doc.expected.json").write_text(json.dumps(expected), encoding="utf-8")


def test_right_expectations_score_full_and_wrong_ones_do_not(tmp_path: Path) -> None:
    expected = json.loads(INVENTED.with_suffix(".expected.json").read_text(encoding="utf-8"))
    write(tmp_path, expected)
    full = score(corpus(tmp_path))["all"].counts
    events = len(expected["events"])
    assert full["recall"] == [events, events]
    assert full["precision"] == [events, events]
    timed = full["instants right"][1]
    assert full["instants right"] == [timed, timed] and timed >= 1
    # One start an hour off, one event the text does not have, one hedge flipped.
    summit = next(e for e in expected["events"] if e["title_contains"] == "summit meeting")
    summit["start"] = "2024-11-21T10:30"
    summit["approximate"] = not summit["approximate"]
    expected["events"].append({"title_contains": "banquet", "start": None})
    write(tmp_path, expected)
    groups = score(corpus(tmp_path))
    wrong = groups["all"].counts
    assert wrong["recall"] == [events, events + 1]
    assert wrong["instants right"] == [timed - 1, timed]
    assert wrong["hedge"][0] == full["hedge"][0] - 1
    assert groups["publisher: Test ministry"].counts == wrong
    assert groups["language: en"].counts == wrong


def test_pairs_at_the_same_instant_first_then_the_most_specific_words() -> None:
    from score import _pair

    want = [
        {"title_contains": "meeting", "start": None},
        {"title_contains": "summit meeting", "start": "2024-11-21T09:30", "zone": "UTC"},
    ]
    got = [
        {"title": "Summit meeting", "start": "2024-11-21T09:30", "zone": "UTC"},
        {"title": "Foreign ministers' meeting", "start": None, "zone": "UTC"},
    ]
    assert [found and found["title"] for _, found in _pair(want, got)] == [
        "Foreign ministers' meeting",
        "Summit meeting",
    ]


def test_an_event_drawn_from_the_sentence_with_the_words_at_the_instant_is_found() -> None:
    from score import _pair

    sentence = "Putin arrived at the summit location at 13:05, Biden at 13:17."
    want = [
        {"title_contains": "putin arriv", "start": "2021-06-16T13:05", "zone": "Europe/Zurich"},
        {"title_contains": "biden", "start": "2021-06-16T13:05", "zone": "Europe/Zurich"},
    ]
    got = [
        {
            "title": "Arrival in the summit location",
            "start": "2021-06-16T13:05",
            "zone": "Europe/Zurich",
            "source": {"sentence": sentence},
        },
        {
            "title": "Arrival in Villa La Grange",
            "start": "2021-06-16T13:17",
            "zone": "Europe/Zurich",
            "source": {"sentence": sentence},
        },
    ]
    # The sentence has both names, but only the first event is at the instant wanted:
    # the second expected event (at 13:05 too) finds no other event at its instant.
    assert [found and found["title"] for _, found in _pair(want, got)] == [
        "Arrival in the summit location",
        None,
    ]
