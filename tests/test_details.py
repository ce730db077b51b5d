"""An event's optional details travel from the file to every output by one declaration
(:data:`summitcal.model.DETAILS`), shown here end to end with ``contact``."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
import vobject
from flask.testing import FlaskClient
from icalendar import Calendar

from summitcal.errors import ScheduleFileError
from summitcal.ical.feed import calendar_bytes
from summitcal.model import DETAILS, Detail, Event
from summitcal.revisions import SqliteLedger, describe_change
from summitcal.revisions.snapshot import event_from_state, event_state
from summitcal.schedule_file import EVENT_KEYS, parse_schedule
from summitcal.web import create_app

VISIT = """
[schedule]
id = "visit"
title = "Visit"
zone = "America/Lima"
home_zone = "Asia/Tokyo"
revision = 2024-11-17T09:00:00Z

[[events]]
id = "press"
title = "Joint press conference"
start = 2024-11-17T12:15:00
duration = 25
{contact}

[[events]]
id = "lunch"
title = "Luncheon"
start = 2024-11-17T12:45:00
duration = 90
"""
CONTACT = 'contact = "Press office, +51 1 204 2400"'


def visit(contact: str = CONTACT) -> str:
    return VISIT.replace("{contact}", contact)


def test_every_declared_detail_is_a_key_of_the_file() -> None:
    assert {detail.name for detail in DETAILS} <= set(EVENT_KEYS)
    assert "contact" in EVENT_KEYS


def test_the_file_gives_the_contact_and_leaves_it_empty_where_not_given() -> None:
    schedule = parse_schedule(visit())
    assert schedule.event("press").contact == "Press office, +51 1 204 2400"
    assert schedule.event("lunch").contact == ""


@pytest.mark.parametrize("detail", DETAILS, ids=lambda detail: detail.name)
def test_each_detail_of_the_wrong_type_is_one_problem_naming_it(detail: Detail) -> None:
    name = detail.name
    with pytest.raises(ScheduleFileError) as raised:
        parse_schedule(visit(f"{name} = [1, 2]"))
    (problem,) = raised.value.problems
    assert name in problem.message
    assert problem.line == 14


TEXTS = [detail for detail in DETAILS if detail.choices is None]


@pytest.mark.parametrize("detail", TEXTS, ids=lambda detail: detail.name)
def test_a_line_break_is_refused_only_where_a_detail_is_one_line(detail: Detail) -> None:
    name = detail.name
    text = visit(f'{name} = "first line\\nsecond line"')
    if detail.paragraphs:
        assert getattr(parse_schedule(text).event("press"), name) == "first line\nsecond line"
    else:
        with pytest.raises(ScheduleFileError, match="line break"):
            parse_schedule(text)


def test_the_feed_writes_contact_escaped_and_only_where_given() -> None:
    feed = calendar_bytes(parse_schedule(visit()))
    assert b"CONTACT:Press office\\, +51 1 204 2400\r\n" in feed
    assert feed.count(b"CONTACT") == 1
    # As two real parsers read it back: the comma is the text's, not a list's.
    calendar = vobject.readOne(feed.decode("utf-8"))
    contacts = {e.uid.value: e.contents.get("contact") for e in calendar.vevent_list}
    assert contacts["press.visit@summitcal.invalid"][0].value == "Press office, +51 1 204 2400"
    assert contacts["lunch.visit@summitcal.invalid"] is None
    press = Calendar.from_ical(feed).walk("VEVENT")[0]
    assert str(press["CONTACT"]) == "Press office, +51 1 204 2400"


def test_an_event_without_the_new_field_keeps_its_bytes() -> None:
    with_field = calendar_bytes(parse_schedule(visit()))
    without = calendar_bytes(parse_schedule(visit("")))
    assert with_field.split(b"BEGIN:VEVENT")[2:] == without.split(b"BEGIN:VEVENT")[2:]


def test_a_ledger_state_from_before_the_field_reads_with_its_default() -> None:
    event = parse_schedule(visit()).event("press")
    state = event_state(event)
    assert state["contact"] == "Press office, +51 1 204 2400"
    del state["contact"]
    again: Event = event_from_state(state)
    assert again.contact == ""
    assert again.title == event.title and again.start == event.start


def test_a_changed_contact_is_a_change_with_its_words(tmp_path: Path) -> None:
    ledger = SqliteLedger(tmp_path / "ledger.sqlite", clock=lambda: _at(10))
    ledger.publish(parse_schedule(visit()))
    ledger.clock = lambda: _at(11)
    changed = visit('contact = "Protocol office"')
    release = ledger.publish(parse_schedule(changed))
    assert release is not None
    assert release.stamps["press"].sequence == 1
    assert release.stamps["lunch"].sequence == 0
    (latest, _first) = ledger.history("visit")
    assert [describe_change(c, "Asia/Tokyo") for c in latest.changes] == [
        "“Joint press conference”: details updated: contact"
    ]


def test_the_json_and_the_page_show_the_contact(tmp_path: Path) -> None:
    folder = tmp_path / "schedules"
    folder.mkdir()
    (folder / "visit.toml").write_text(visit(), encoding="utf-8")
    app = create_app(
        {"SCHEDULE_FOLDER": str(folder), "STATE_DB": str(tmp_path / "s.sqlite"), "TESTING": True}
    )
    client: FlaskClient = app.test_client()
    events = client.get("/calendars/visit.json").get_json()["events"]
    assert [event["contact"] for event in events] == ["Press office, +51 1 204 2400", ""]
    page = client.get("/calendars/visit").text
    assert "Contact: Press office, +51 1 204 2400" in page
    assert page.count("Contact:") == 1


def _at(hour: int) -> datetime:
    return datetime(2024, 11, 17, hour, tzinfo=UTC)


def test_the_words_for_a_changed_url_are_the_ones_earlier_releases_wrote(tmp_path: Path) -> None:
    """The change words are made again from the ledger whenever shown: renaming a label
    would reword every old version's history (and change its JSON and Atom bytes)."""
    ledger = SqliteLedger(tmp_path / "ledger.sqlite", clock=lambda: _at(10))
    ledger.publish(parse_schedule(visit('url = "https://example.org/a"')))
    ledger.clock = lambda: _at(11)
    ledger.publish(parse_schedule(visit('url = "https://example.org/b"')))
    (latest, _first) = ledger.history("visit")
    assert [describe_change(c, "Asia/Tokyo") for c in latest.changes] == [
        "“Joint press conference”: details updated: url"
    ]
