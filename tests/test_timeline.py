"""The picture of the day: local clock above, home clock below, the date change marked."""

from __future__ import annotations

from datetime import datetime, timedelta
from xml.etree import ElementTree

from summitcal.model import Certainty, Event, Schedule
from summitcal.timeline import timeline_svg
from summitcal.tzdb import load

LIMA, TOKYO = load("America/Lima"), load("Asia/Tokyo")


def schedule(*events: Event) -> Schedule:
    return Schedule(id="v", title="V", zone=LIMA, home_zone=TOKYO, events=events)


def event(id: str, hour: int, minutes: int = 60, **extra: object) -> Event:
    start = datetime(2024, 11, 17, hour, tzinfo=LIMA)
    return Event(
        id=id, title=f"<{id}>", start=start, end=start + timedelta(minutes=minutes), **extra
    )  # type: ignore[arg-type]


def texts(svg: str) -> list[str]:
    root = ElementTree.fromstring(svg)
    return [node.text or "" for node in root.iter("{http://www.w3.org/2000/svg}text")]


def test_the_example_day_is_valid_svg_with_both_clocks(example: Schedule) -> None:
    svg = timeline_svg(example)
    labels = texts(svg)
    assert labels[:2] == ["Lima", "10:00 Sun 17 Nov"]
    assert "Tokyo" in labels and "00:00 Mon 18 Nov" in labels
    assert "Luncheon hosted by President Boluarte" in labels
    assert '<title id="timeline-title">The day on Lima and Tokyo clocks</title>' in svg


def test_the_home_date_change_inside_the_day_is_marked() -> None:
    # 09:00-11:00 in Lima is 23:00-01:00 in Tokyo: midnight falls inside.
    svg = timeline_svg(schedule(event("a", 9), event("b", 10)))
    assert "01:00" not in texts(svg)[:6]  # the Lima axis shows Lima hours
    assert "00:00 Mon 18 Nov" in texts(svg)
    assert 'fill="#a33">00:00 Mon 18 Nov</text>' in svg


def test_titles_are_escaped_and_estimates_dashed() -> None:
    svg = timeline_svg(
        schedule(event("sure", 9), event("guess", 10, start_certainty=Certainty.NOT_ANNOUNCED))
    )
    assert "&lt;sure&gt;" in svg and "<sure>" not in svg
    assert svg.count('stroke-dasharray="4 3"') == 1


def test_no_events_no_picture() -> None:
    assert timeline_svg(schedule()) == ""
