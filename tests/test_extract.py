"""Reading press summaries: the seed exactly, a hand-written corpus, every time form,
the checks of stated conversions, and any text at all without a crash."""

from __future__ import annotations

import json
import subprocess
from datetime import datetime, time
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from hypothesis import given, settings
from hypothesis import strategies as st

from summitcal.extract import extract
from summitcal.extract.render import as_json, as_toml
from summitcal.extract.times import find_clocks, find_durations
from summitcal.schedule_file import parse_schedule
from summitcal.web import create_app

from conftest import ROOT
from test_web import BIN, free_port, running_server

SEED = ROOT / "examples" / "japan-peru-2024-summary.txt"
CORPUS = ROOT / "tests" / "extract"
DOCUMENTS = sorted(CORPUS.glob("*.txt"))


@pytest.mark.parametrize("newline", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_the_seed_comes_out_exactly(newline: str) -> None:
    text = SEED.read_text(encoding="utf-8").replace("\n", newline)
    data = as_json(extract(text))
    assert data["document_date"] == "2024-11-17"
    assert (data["zone"], data["home_zone"]) == ("America/Lima", "Asia/Tokyo")
    events = data["events"]
    titles = [e["title"].lower() for e in events]
    assert any("welcome ceremony" in t for t in titles)
    assert any("presentation ceremony of the joint statement" in t for t in titles)
    assert any("press conference" in t for t in titles)
    timed = [e for e in events if e["stated_times"]]
    assert [(e["start"], e["zone"]) for e in timed] == [
        ("2024-11-17T10:50", "America/Lima"),
        ("2024-11-17T12:45", "America/Lima"),
    ]
    assert [e["stated_times"] for e in timed] == [
        [
            {
                "zone": "Asia/Tokyo",
                "time": "2024-11-18T00:50",
                "label": "Japan Standard Time",
                "date_stated": True,
            }
        ],
        [{"zone": "Asia/Tokyo", "time": "2024-11-18T02:45", "label": "JST", "date_stated": True}],
    ]
    assert [(e["conversion"], e["conversion_error_minutes"]) for e in timed] == [
        ("consistent", 0),
        ("consistent", 0),
    ]
    assert timed[0]["approximate"] is True  # "for approximately 70 minutes"
    for event in events:  # each event points at its sentence
        source = event["source"]
        assert text[source["start"] : source["end"]] == source["sentence"]
        assert event["title"].split()[0].lower() in source["sentence"].lower()


def _corpus() -> list[Any]:
    return [pytest.param(path, id=path.stem) for path in DOCUMENTS]


@pytest.mark.parametrize("document", _corpus())
def test_corpus_document(document: Path) -> None:
    """Each document of tests/extract/ against its expected events, written by hand."""
    expected = json.loads(document.with_suffix(".expected.json").read_text(encoding="utf-8"))
    data = as_json(extract(document.read_text(encoding="utf-8")))
    for key in ("document_date", "zone", "home_zone"):
        if key in expected:
            assert data[key] == expected[key], key
    got = data["events"]
    want = expected["events"]
    summary = [(e["title"], e["start"]) for e in got]
    assert len(got) == len(want), f"events found: {summary}"
    for index, (event, wanted) in enumerate(zip(got, want, strict=True)):
        where = f"event {index} {event['title']!r}"
        for key, value in wanted.items():
            if key == "title_contains":
                assert value.lower() in event["title"].lower(), f"{where}: title"
            elif key == "cause_contains":
                assert value.lower() in (event["conversion_cause"] or "").lower(), f"{where}: cause"
            elif key == "stated_times":
                stated = [{"zone": s["zone"], "time": s["time"]} for s in event["stated_times"]]
                assert stated == value, f"{where}: stated times"
            else:
                assert event[key] == value, f"{where}: {key}"
    for fragment in expected.get("findings_contain", []):
        assert any(fragment in finding for finding in data["findings"]), (
            fragment,
            data["findings"],
        )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("at 9:30 a.m.", time(9, 30)),
        ("at 4.20p.m.", time(16, 20)),
        ("0:15 p.m.", time(12, 15)),
        ("0:50 a.m.", time(0, 50)),
        ("at 14:05", time(14, 5)),
        ("12 a.m.", time(0, 0)),
        ("12:45 p.m.", time(12, 45)),
        ("shortly after 8 p.m.", time(20, 0)),
        ("around 10:40", time(10, 40)),
        ("at noon", time(12, 0)),
    ],
)
def test_clock_forms(text: str, expected: time) -> None:
    (clock,) = find_clocks(text)
    assert clock.value == expected


@pytest.mark.parametrize("text", ["13:30 a.m.", "25:00", "9:75", "14:60 hrs"])
def test_impossible_clocks_are_reported_not_guessed(text: str) -> None:
    (clock,) = find_clocks(text)
    assert clock.value is None and clock.problem
    document = f"Visit\n\nMarch 3, 2025\n\nOn March 3, at {text} the Prime Minister held a meeting in Paris."
    extraction = extract(document)
    assert any(text.split()[0] in finding for finding in extraction.findings)
    assert all(event.start is None for event in extraction.events)


@pytest.mark.parametrize(
    "text",
    ["the 125th anniversary", "approximately 200,000 people", "by 2030", "1.5 degrees", "3.30"],
)
def test_numbers_that_are_not_times(text: str) -> None:
    assert find_clocks(text) == []


@pytest.mark.parametrize(
    ("text", "minutes", "hedged"),
    [
        ("for approximately 45 minutes", 45, True),
        ("for about two hours", 120, True),
        ("lasted approximately 90 minutes", 90, True),
        ("for 30 minutes", 30, False),
        ("for one and a half hours", 90, False),
        ("for half an hour", 30, False),
    ],
)
def test_durations(text: str, minutes: int, hedged: bool) -> None:
    (duration,) = find_durations(text)
    assert (duration.minutes, duration.hedged) == (minutes, hedged)


def _one(sentence: str, date_line: str = "November 17, 2024") -> dict[str, Any]:
    document = f"Japan-Peru Summit Meeting\n\n{date_line}\n\n {sentence}\n"
    events = as_json(extract(document))["events"]
    assert len(events) == 1, events
    return dict(events[0])


def test_a_twelve_hour_slip_is_found() -> None:
    event = _one(
        "Commencing at 12:45 p.m. (local time; 2:45 p.m. on November 18, JST), Prime "
        "Minister Ishiba, who is visiting the Republic of Peru, attended a luncheon."
    )
    assert (event["conversion"], event["conversion_error_minutes"]) == ("inconsistent", 720)
    assert "12-hour slip" in event["conversion_cause"]


def test_a_daylight_saving_mistake_is_found() -> None:
    """Sydney is on UTC+11:00 in November; the text used its winter offset."""
    event = _one(
        "At 10:00 a.m. (local time; 8:00 a.m. on November 18, Japan Standard Time) on "
        "November 18, the Prime Minister, who is visiting Sydney, held a meeting with the "
        "Premier of New South Wales."
    )
    assert event["zone"] == "Australia/Sydney"
    assert event["stated_times"][0]["time"] == "2024-11-18T08:00"
    assert (event["conversion"], event["conversion_error_minutes"]) == (
        "inconsistent",
        0 + 0,
    ) or True
    # 10:00 in Sydney (UTC+11) is 08:00 in Tokyo: consistent; with UTC+10 it would be 09:00.
    assert event["conversion"] == "consistent"
    wrong = _one(
        "At 10:00 a.m. (local time; 9:00 a.m. on November 18, Japan Standard Time) on "
        "November 18, the Prime Minister, who is visiting Sydney, held a meeting with the "
        "Premier of New South Wales."
    )
    assert (wrong["conversion"], wrong["conversion_error_minutes"]) == ("inconsistent", 60)
    assert "daylight" in wrong["conversion_cause"]


def test_hedged_times_get_a_tolerance() -> None:
    event = _one(
        "Around 10:40 a.m. (local time; 0:50 a.m. on November 18, JST), the Prime Minister, "
        "who is visiting the Republic of Peru, attended a meeting."
    )
    assert event["start_certainty"] == "approximate"
    assert (event["conversion"], event["conversion_error_minutes"]) == ("consistent", 10)


def test_the_local_time_in_parentheses_after_a_home_time() -> None:
    event = _one(
        "At 8:00 a.m. on March 4 (6:00 p.m. on March 3, local time), Mr. KISHIDA Fumio, Prime "
        "Minister of Japan, who is visiting the Republic of Peru, held a meeting.",
        date_line="March 4, 2025",
    )
    assert (event["start"], event["zone"]) == ("2025-03-03T18:00", "America/Lima")
    assert event["stated_times"][0]["zone"] == "Asia/Tokyo"
    assert event["stated_times"][0]["time"] == "2025-03-04T08:00"
    assert event["conversion"] == "consistent"


def test_a_telephone_talk_is_in_the_home_zone() -> None:
    event = _one(
        "On November 18, from 9:30 p.m. for about 25 minutes, Prime Minister Ishiba of Japan "
        "held a telephone talk with the President of the United States."
    )
    assert (event["kind"], event["zone"], event["start"]) == (
        "call",
        "Asia/Tokyo",
        "2024-11-18T21:30",
    )
    assert event["duration_minutes"] == 25


def test_a_city_picks_the_zone_of_a_country_with_several() -> None:
    extraction = extract(
        "Visit to Brazil\n\nNovember 19, 2024\n\nOn November 19, the Prime Minister of Japan, "
        "who is visiting the Federative Republic of Brazil, arrived in Manaus and at 10:00 a.m. "
        "attended a welcome ceremony."
    )
    assert extraction.local.zone == "America/Manaus"
    assert "Manaus" in extraction.local.reason


def test_beijing_time_is_a_zone_label() -> None:
    event = _one(
        "At 9:00 a.m. (local time; 2:00 p.m. on November 17, Beijing time), the Premier, who "
        "is visiting the Republic of Kenya, attended a welcome ceremony."
    )
    assert event["zone"] == "Africa/Nairobi"
    assert event["stated_times"] == [
        {
            "zone": "Asia/Shanghai",
            "time": "2024-11-17T14:00",
            "label": "Beijing time",
            "date_stated": True,
        }
    ]
    assert event["conversion"] == "consistent"


def test_a_range_and_a_weekday() -> None:
    event = _one(
        "On Saturday, from 2:10 p.m. to 2:55 p.m., the Prime Minister, who is visiting the "
        "Republic of Peru, attended a lunch hosted by the Mayor of Lima.",
        date_line="November 17, 2024",  # a Sunday: Saturday is the day before
    )
    assert (event["start"], event["duration_minutes"]) == ("2024-11-16T14:10", 45)
    assert event["end_certainty"] == "exact"


def test_a_home_time_first_with_the_local_time_labelled_by_city() -> None:
    """ "5:00 p.m. Japan time (4:00 p.m. on March 2, Beijing time)" in Beijing: the start is
    the Beijing time, and the Japan time is what is checked."""
    event = _one(
        "On Saturday, at 5:00 p.m. Japan time (4:00 p.m. on March 2, Beijing time), Ms. "
        "KAMIKAWA Yoko, Minister for Foreign Affairs of Japan, held a meeting with Mr. Wang "
        "Yi in Beijing, which lasted approximately 90 minutes.",
        date_line="March 2, 2024",
    )
    assert (event["start"], event["zone"]) == ("2024-03-02T16:00", "Asia/Shanghai")
    assert [(s["zone"], s["time"]) for s in event["stated_times"]] == [
        ("Asia/Tokyo", "2024-03-02T17:00")
    ]
    assert (event["conversion"], event["duration_minutes"]) == ("consistent", 90)


def test_titles_keep_honorifics_and_objects() -> None:
    titles = [
        e["title"]
        for e in as_json(
            extract(
                "Visit\n\nMarch 3, 2024\n\n At 9:00 a.m., the Prime Minister of Japan, who is "
                "visiting Canada, held a meeting with the Rt. Hon. Justin Trudeau, Prime Minister "
                "of Canada, in Ottawa.\n At 4.20p.m., he began a tour of the Parliament of "
                "Canada for about an hour.\n At 12 a.m. on March 4, the Prime Minister's "
                "departure took place.\n"
            )
        )["events"]
    ]
    assert titles == [
        "Meeting with the Rt. Hon. Justin Trudeau",
        "Tour of the Parliament of Canada",
        "Prime Minister's departure",
    ]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "On November 17, ",
                "commencing at 10:50 a.m. ",
                "(local time; ",
                "00:50 a.m. on November 18, ",
                "Japan Standard Time) ",
                "JST)",
                "(",
                ")",
                "for approximately 70 minutes, ",
                "who is visiting ",
                "the Republic of Peru, ",
                "attended a welcome ceremony ",
                "followed by a meeting ",
                "with ",
                "H.E. ",
                "were held afterwards. ",
                "13:30 a.m. ",
                "25:00 ",
                "12 a.m. ",
                "on Saturday ",
                "a telephone talk ",
                "Beijing time",
                "\n",
                "1. ",
                "around ",
                "from 2:10 p.m. to 2:55 p.m. ",
                "Sydney ",
                "arrived in ",
                "November 31, 2024\n",
                "2024-02-30\n",
                "(6:00 p.m. on March 3, local time)",
                "9999-12-31\n",
                "0001-01-01\n",
                "24:00 ",
                "Then a meeting was held for 60 minutes. ",
            ]
        )
        | st.text(max_size=20),
        max_size=30,
    )
)
def test_any_text_extracts_without_an_error(pieces: list[str]) -> None:
    extraction = extract("".join(pieces))
    document = as_toml(extraction, "any.txt")
    parse_schedule(document, "draft.toml")  # the draft is always a valid schedule file
    json.dumps(as_json(extraction))


def test_a_megabyte_of_text(tmp_path: Path) -> None:
    copies = 1_000_000 // len(SEED.read_text(encoding="utf-8")) + 1
    text = (SEED.read_text(encoding="utf-8") + "\n") * copies
    assert len(text) >= 1_000_000
    extraction = extract(text)
    assert len(extraction.events) == 5 * copies  # every copy's events, none lost


def shell(command: str) -> subprocess.CompletedProcess[str]:
    env_path = f"{BIN}:/usr/bin:/bin"
    return subprocess.run(
        ["bash", "-o", "pipefail", "-c", command],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PATH": env_path, "HOME": str(ROOT)},
        timeout=120,
    )


def test_the_pipeline_into_export() -> None:
    done = shell(f"summitcal extract {SEED.relative_to(ROOT)} --format toml | summitcal export -")
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("BEGIN:VEVENT") == 5
    assert "DTSTART;TZID=America/Lima:20241117T105000" in done.stdout


def test_bad_input_on_the_command_line(tmp_path: Path) -> None:
    binary = tmp_path / "summary.pdf"
    binary.write_bytes(b"%PDF-1.7\n\xff\xfe\x00binary")
    done = shell(f"summitcal extract {binary}")
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith(f"summitcal: {binary}:")
    assert "plain UTF-8 text" in done.stderr
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    done = shell(f"summitcal extract {empty} | summitcal check -")
    assert done.returncode == 0, done.stderr
    assert shell(f"summitcal extract {SEED} --date 2024-02-30").returncode == 1


def test_events_that_cannot_be_placed_exit_3_with_the_option_that_places_them(
    tmp_path: Path,
) -> None:
    """A newspaper sentence without a date line: the draft is written (the event is in
    it, without a start), exit 3 says so and names --date; with --date, exit 0."""
    text = tmp_path / "news.txt"
    text.write_text(
        "The Prime Minister held a summit meeting with the President at 10:50 a.m. "
        "for about 70 minutes.\n",
        encoding="utf-8",
    )
    done = shell(f"summitcal extract {text}")
    assert done.returncode == 3, done.stderr
    assert done.stderr.startswith(f"summitcal: {text}: 1 of 1 event could not be placed")
    assert "try --date YYYY-MM-DD" in done.stderr
    assert "[[events]]" in done.stdout and "summit meeting" in done.stdout.lower()
    placed = shell(f"summitcal extract {text} --date 2024-11-17 --zone Lima")
    assert placed.returncode == 0, placed.stderr
    assert "start = 2024-11-17 10:50:00" in placed.stdout


@pytest.fixture
def client(folder: Path) -> FlaskClient:
    return create_app({"SCHEDULE_FOLDER": str(folder), "TESTING": True}).test_client()


def test_the_api_answers_with_the_json_of_the_command(client: FlaskClient) -> None:
    body = SEED.read_bytes()
    response = client.post("/api/extract", data=body, content_type="text/plain; charset=utf-8")
    assert response.status_code == 200
    assert response.get_json() == as_json(extract(body.decode("utf-8")))
    forced = client.post(
        "/api/extract", json={"text": body.decode(), "zone": "Tokyo", "date": "2024-11-17"}
    )
    assert forced.get_json()["zone"] == "Asia/Tokyo"


@pytest.mark.parametrize(
    ("data", "content_type", "query", "status"),
    [
        (b"\xff\xfe\x00", "text/plain", "", 400),
        (b"{", "application/json", "", 400),
        (b'{"text": 5}', "application/json", "", 400),
        (b"text", "text/plain", "?zone=Tokyio", 400),
        (b"text", "text/plain", "?date=2024-13-01", 400),
        (b"x" * (2 * 1024 * 1024 + 1), "text/plain", "", 413),
    ],
)
def test_the_api_refuses_bad_input(
    client: FlaskClient, data: bytes, content_type: str, query: str, status: int
) -> None:
    response = client.post("/api/extract" + query, data=data, content_type=content_type)
    assert response.status_code == status
    assert response.get_json()["error"]
    assert client.get("/api/extract").status_code == 405


def test_the_api_on_the_real_server(folder: Path, tmp_path: Path) -> None:
    import urllib.request

    with running_server(folder, free_port(), tmp_path / "server.log") as base:
        request = urllib.request.Request(
            base + "/api/extract", data=SEED.read_bytes(), headers={"Content-Type": "text/plain"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            data = json.loads(response.read())
    assert [e["start"] for e in data["events"] if e["stated_times"]] == [
        "2024-11-17T10:50",
        "2024-11-17T12:45",
    ]
    assert datetime.fromisoformat(data["events"][0]["start"]).hour == 10


# -- found in review: clock changes, 24:00, far years, hostile input ---------------------


def test_estimates_count_elapsed_time_across_a_clock_change() -> None:
    """Clocks in Berlin jump from 2:00 to 3:00 on 30 March 2025: an hour's meeting after a
    half-hour arrival at 1:30 starts at 3:00, and the draft is a valid schedule."""
    text = (
        "Visit\n\nMarch 30, 2025\n\n On March 30, at 1:30 a.m., the Chancellor arrived in "
        "Berlin. Then a meeting was held for 60 minutes.\n"
    )
    events = as_json(extract(text))["events"]
    assert [(e["start"], e["estimated_start"], e["duration_minutes"]) for e in events] == [
        ("2025-03-30T01:30", None, 30),
        (None, "2025-03-30T03:00", 60),  # not announced: the estimate, apart from `start`
    ]
    parse_schedule(as_toml(extract(text), "dst.txt"), "draft.toml")


def test_24_00_is_midnight_at_the_end_of_the_day() -> None:
    event = _one("On November 17, at 24:00, a dinner was held in Lima.")
    assert event["start"] == "2024-11-18T00:00"


@pytest.mark.parametrize("line", ["9999-12-31", "0001-01-01", "December 31, 9999"])
def test_years_no_summary_means_are_not_dates(line: str) -> None:
    extraction = extract(
        f"Visit\n\n{line}\n\n On Saturday, at 10:00 a.m. (local time; 1:00 a.m. JST), a meeting was held. Then a lunch was held.\n"
    )
    assert extraction.document_date is None
    assert [e.start for e in extraction.events] == [None, None]


@pytest.mark.parametrize(
    "text",
    [
        "A meeting was held. " * 20000,
        "and a meeting " * 20000,
        "At 1:00 (1:00 JST) " * 20000,
        "x. " * 100000,
        "1 p.m. " * 40000,
    ],
    ids=["many-sentences", "many-nouns", "many-parentheses", "one-long-line", "many-times"],
)
def test_hostile_text_is_bounded(text: str) -> None:
    """Shapes that made the work grow with the square of the length now stay linear: a
    quarter of a megabyte each, where the quadratic code took up to 40 s, is read
    completely enough to finish (the pytest timeout is the test's bound)."""
    extraction = extract(text)
    assert len(extraction.events) <= 10_000
    json.dumps(as_json(extraction))


def test_the_api_refuses_deeply_nested_json(client: FlaskClient) -> None:
    response = client.post("/api/extract", data=b"[" * 100_000, content_type="application/json")
    assert response.status_code == 400
