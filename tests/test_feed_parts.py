"""Feeds assembled from kept parts are the bytes of a whole render, whatever changed.

``calendar_bytes`` keeps each event's VEVENT for what it shows and the calendar's own
lines; ``build_calendar(...).to_ical()`` renders everything anew with icalendar. Every
case here renders through the kept parts after other renders have filled them, and
compares with a whole render.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from summitcal.ical import build_calendar, calendar_bytes
from summitcal.ical.feed import Stamp, clear_parts
from summitcal.languages import speaking
from summitcal.localized import localize
from summitcal.model import Event, Schedule
from summitcal.schedule_file import read_schedule
from summitcal.tzdb import load
from summitcal.zones import resolve

EXAMPLES = Path(__file__).parent.parent / "examples"


def whole(schedule: Schedule, **options: object) -> bytes:
    data: bytes = build_calendar(schedule, **options).to_ical()  # type: ignore[arg-type]
    return data


@pytest.fixture(params=sorted(EXAMPLES.glob("*.toml")), ids=lambda p: p.stem)
def bundled(request: pytest.FixtureRequest) -> Schedule:
    return read_schedule(request.param)


@pytest.mark.parametrize("language", ["en", "ja", "es"])
def test_each_bundled_schedule_in_each_language(bundled: Schedule, language: str) -> None:
    with speaking(language):
        shown = localize(
            bundled, bundled.languages[0] if language not in bundled.languages else language
        )
        clear_parts()
        first = calendar_bytes(shown)
        assert first == whole(shown)
        assert calendar_bytes(shown) == first  # from the kept parts


def test_a_kept_part_never_stands_for_another_language(bundled: Schedule) -> None:
    english = calendar_bytes(bundled)
    with speaking("ja"):
        japanese = calendar_bytes(bundled)
        assert japanese == whole(bundled)
    assert japanese != english and calendar_bytes(bundled) == english


def _many_zones() -> Schedule:
    """Events across zones with gaps, folds and odd offsets, following each other."""
    walls = [
        ("America/Lima", datetime(2024, 11, 17, 10, 50)),
        ("Europe/Paris", datetime(2024, 10, 27, 2, 30)),  # in the autumn fold: UTC
        ("America/New_York", datetime(2024, 3, 10, 3, 30)),
        ("Australia/Lord_Howe", datetime(2024, 4, 7, 1, 45)),  # a half-hour fold
        ("Asia/Kolkata", datetime(2024, 11, 18, 9, 0)),
        ("Africa/Monrovia", datetime(1971, 6, 1, 12, 0)),  # an offset with seconds
        ("Pacific/Apia", datetime(2011, 12, 31, 9, 0)),
    ]
    events = []
    for number, (key, wall) in enumerate(walls):
        zone = load(key)
        start = resolve(wall, zone, "earlier")
        end = (start.astimezone(UTC) + timedelta(minutes=95)).astimezone(zone)
        events.append(
            Event(
                f"e{number}",
                f"Event {number}",
                start,
                end,
                follows=f"e{number - 1}" if number else None,
            )
        )
    return Schedule("zones", "Zones", load("America/Lima"), load("Asia/Tokyo"), tuple(events))


def _swap(schedule: Schedule, event: Event) -> Schedule:
    return replace(
        schedule, events=tuple(event if e.id == event.id else e for e in schedule.events)
    )


def test_every_change_renders_what_a_whole_render_gives() -> None:
    base = _many_zones()
    calendar_bytes(base)
    lima, bogota = load("America/Lima"), load("America/Bogota")
    first, second = base.event("e0"), base.event("e1")
    variants = {
        "retitled": _swap(base, replace(first, title="Summit")),
        "the one it follows retitled": _swap(base, replace(first, title="Opening")),
        # The same instants in another zone of the same offset: equal as datetimes.
        "another zone, same instants": _swap(
            base,
            replace(first, start=first.start.astimezone(bogota), end=first.end.astimezone(bogota)),
        ),
        "end in another zone": _swap(
            base, replace(first, end=first.end.astimezone(load("Asia/Tokyo")))
        ),
        "follows another": _swap(base, replace(second, follows="e3")),
        # The later 02:30 of the night Paris goes back: equal as datetimes of one zone.
        "the other 02:30": _swap(base, replace(second, start=second.start.replace(fold=1))),
        "home named": replace(base, home_zone_name="Osaka"),
        "home zone": replace(base, home_zone=load("Europe/London")),
        "uid domain": replace(base, uid_domain="press.example.org"),
        "schedule id": replace(base, id="zones-2"),
        "title": replace(base, title="Other"),
        "refresh": replace(base, refresh=timedelta(minutes=15)),
    }
    assert first.zone is lima
    for name, changed in variants.items():
        assert calendar_bytes(changed) == whole(changed), name
        assert calendar_bytes(changed) != calendar_bytes(base), name
    stamps = {
        event.id: Stamp(3, datetime(2024, 1, 1, tzinfo=UTC), datetime(2024, 11, 1, tzinfo=UTC))
        for event in base.events
    }
    assert calendar_bytes(base, stamps=stamps) == whole(base, stamps=stamps)
    later = {**stamps, "e2": replace(stamps["e2"], sequence=4)}
    assert calendar_bytes(base, stamps=later) == whole(base, stamps=later)
    subset = base.events[2:4]
    assert calendar_bytes(base, events=subset) == whole(base, events=subset)
    assert calendar_bytes(base, domain="x.example") == whole(base, domain="x.example")
