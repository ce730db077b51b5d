"""Translated text in a schedule file (docs/i18n.md, section 6): a string or a table of
language tags for title, description and location; ``[schedule] languages``, the first
the default; a missing translation falls back with a warning; each mistake refused with
its line, event and field."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from summitcal.languages import speaking
from summitcal.localized import localize, offered
from summitcal.revisions.snapshot import (
    event_from_state,
    event_state,
    fingerprint,
    schedule_from_state,
    schedule_state,
)
from summitcal.schedule_file import check_schedule, read_schedule

EXAMPLE = Path(__file__).parent.parent / "examples" / "japan-peru-2024.toml"


def schedule_text(languages: str = "", title: str = '"Visit"', event: str = "") -> str:
    return f"""
[schedule]
id = "visit"
{languages}
title = {title}
zone = "America/Lima"
home_zone = "Asia/Tokyo"
revision = 2024-11-17T18:00:00Z

[[events]]
id = "lunch"
start = 2024-11-17T12:45:00
duration = 90
{event or 'title = "Luncheon"'}
"""


def read(text: str) -> tuple[list[str], list[str]]:
    _schedule, problems, warnings = check_schedule(text, "visit.toml")
    return [str(p) for p in problems], [str(w) for w in warnings]


def test_a_file_without_languages_reads_as_before_in_english() -> None:
    schedule, problems, warnings = check_schedule(schedule_text(), "visit.toml")
    assert schedule is not None and not problems and not warnings
    assert schedule.languages == ("en",) and not schedule.texts


def test_the_example_offers_three_languages_with_every_text_translated() -> None:
    schedule, problems, warnings = check_schedule(EXAMPLE.read_text("utf-8"), str(EXAMPLE))
    assert schedule is not None and not problems and not warnings
    assert schedule.languages == ("en", "ja", "es")
    assert schedule.title == "Japan–Peru Summit Meeting"
    japanese = localize(schedule, "ja")
    assert japanese.title == "日・ペルー首脳会談"
    meeting = japanese.event("summit-meeting")
    assert meeting.location is not None and meeting.location.name == "大統領府（リマ）"
    assert meeting.location.geo == schedule.event("summit-meeting").location.geo  # type: ignore[union-attr]
    assert localize(schedule, "es").event("luncheon").title == (
        "Almuerzo ofrecido por la presidenta Boluarte"
    )
    # Times and everything else are the same schedule's.
    assert [e.start for e in japanese.events] == [e.start for e in schedule.events]
    assert localize(schedule, "en") is schedule


def test_a_missing_translation_falls_back_to_the_default_with_one_warning_each() -> None:
    text = schedule_text(
        'languages = ["en", "ja", "es"]',
        '{ en = "Visit", ja = "訪問" }',
        'title = { en = "Luncheon", es = "Almuerzo" }\nlocation = "Palacio de Gobierno"',
    )
    schedule, problems, warnings = check_schedule(text, "visit.toml")
    assert schedule is not None and not problems
    assert warnings and [str(w) for w in warnings] == [
        'visit.toml:5: [schedule]: title has no "es" text; the es pages and feed show the "en" one',
        'visit.toml:14: event "lunch": title has no "ja" text; the ja pages and feed show the "en" one',
        'visit.toml:15: event "lunch": location has no "ja" text; the ja pages and feed show the "en" one',
        'visit.toml:15: event "lunch": location has no "es" text; the es pages and feed show the "en" one',
    ]
    assert localize(schedule, "es").title == "Visit"
    assert localize(schedule, "ja").event("lunch").title == "Luncheon"
    assert localize(schedule, "es").event("lunch").title == "Almuerzo"


@pytest.mark.parametrize(
    ("languages", "title", "event", "message"),
    [
        (
            'languages = ["en", "ja"]',
            '{ ja = "訪問" }',
            "",
            'visit.toml:5: [schedule]: title has no "en" text, the default language (the '
            'first of [schedule] languages); add en = "..." to it',
        ),
        (
            'languages = ["en", "ja"]',
            '{ en = "Visit", jp = "訪問" }',
            "",
            "visit.toml:5: [schedule]: title: 'jp' is not one of the languages offered (en, "
            "ja); add it to [schedule] languages or correct the tag",
        ),
        (
            'languages = ["en", "ja"]',
            '"Visit"',
            'title = { en = "Luncheon", ja = "  " }',
            'visit.toml:14: event "lunch": "title.ja" must be a non-empty string in quotes',
        ),
        (
            'languages = ["en", "es"]',
            '"Visit"',
            'title.en = "Luncheon"\ntitle.es = "Almuerzo\\nofrecido"',
            'visit.toml:14: event "lunch": title.es must be one line; it has a line break at '
            "character 9",
        ),
        (
            "languages = []",
            '"Visit"',
            "",
            "visit.toml:4: [schedule]: languages must be a list of language tags; write them "
            'like languages = ["en", "ja", "es"], the default first',
        ),
        (
            'languages = ["en", "EN"]',
            '"Visit"',
            "",
            'visit.toml:4: [schedule]: languages names "en" twice; name it once',
        ),
        (
            'languages = ["en", "jp"]',
            '"Visit"',
            "",
            "visit.toml:4: [schedule]: languages: 'jp' is not a language tag the CLDR knows; "
            'write one like "en", "ja" or "es-PE"',
        ),
    ],
)
def test_each_mistake_is_refused_with_where_and_what_to_do(
    languages: str, title: str, event: str, message: str
) -> None:
    problems, _warnings = read(schedule_text(languages, title, event))
    assert problems == [message]


def test_a_language_without_a_catalog_is_offered_with_a_warning() -> None:
    problems, warnings = read(
        schedule_text('languages = ["en", "fr"]', '{ en = "Visit", fr = "Visite" }')
    )
    assert not problems
    assert any('no catalog of its own words in "fr"' in w for w in warnings)


def test_tags_compare_without_case_and_by_language() -> None:
    text = schedule_text('languages = ["ja", "es-PE"]', '{ JA = "訪問", es_pe = "Visita" }')
    schedule, problems, _warnings = check_schedule(text, "visit.toml")
    assert schedule is not None and not problems
    assert schedule.languages == ("ja", "es-PE") and schedule.title == "訪問"
    assert offered(schedule, "es") == "es-PE" and offered(schedule, "ES-pe") == "es-PE"
    assert offered(schedule, "en") is None
    assert localize(schedule, "es-PE").title == "Visita"


def test_the_ledger_state_keeps_every_language_and_an_older_state_reads_as_english() -> None:
    schedule = read_schedule(EXAMPLE)
    for event in schedule.events:
        assert event_from_state(event_state(event)) == event
    again = schedule_from_state(schedule_state(schedule), schedule.events)
    assert again.languages == schedule.languages and again.texts == schedule.texts
    plain = replace(schedule, languages=("en",), texts=type(schedule.texts)())
    assert "languages" not in schedule_state(plain) and "texts" not in schedule_state(plain)


def test_a_translation_is_not_a_change_of_the_event() -> None:
    """SEQUENCE follows the event, not the wording (docs/i18n.md, section 5, rule 3)."""
    schedule = read_schedule(EXAMPLE)
    lunch = schedule.event("luncheon")
    retranslated = replace(
        lunch, texts=type(lunch.texts).of({"ja": {"title": "ボルアルテ大統領主催の昼食会"}})
    )
    assert fingerprint(schedule, retranslated) == fingerprint(schedule, lunch)
    retitled = replace(lunch, title="Working luncheon hosted by President Boluarte")
    assert fingerprint(schedule, retitled) != fingerprint(schedule, lunch)


def test_summitcals_own_words_are_no_change_of_the_event() -> None:
    """Rule 6: the fingerprint is made in English whatever language is being written,
    so a new release of the catalogs raises no SEQUENCE and moves no LAST-MODIFIED."""
    schedule = read_schedule(EXAMPLE)
    lunch = schedule.event("luncheon")
    english = fingerprint(schedule, lunch)
    for language in ("ja", "es"):
        with speaking(language):
            assert fingerprint(schedule, lunch) == english
