"""Dual times as people read them: the compact line and the press house style."""

from __future__ import annotations

from datetime import datetime

import pytest

from summitcal.display import compact, house_clock, house_style, shift_label
from summitcal.tzdb import load
from summitcal.zones import resolve

LIMA = load("America/Lima")
TOKYO = load("Asia/Tokyo")


def lima(hour: int, minute: int, day: int = 17) -> datetime:
    return resolve(datetime(2024, 11, day, hour, minute), LIMA)


def test_compact_line_of_the_summit() -> None:
    assert compact(lima(10, 50), TOKYO) == "Sun 17 Nov 10:50 Lima → Mon 18 Nov 00:50 Tokyo (+1 day)"


def test_compact_line_without_date_change_has_no_label() -> None:
    assert compact(lima(9, 0), load("America/New_York")) == (
        "Sun 17 Nov 09:00 Lima → Sun 17 Nov 09:00 New York"
    )


def test_compact_line_back_a_day() -> None:
    tokyo = resolve(datetime(2024, 11, 18, 2, 45), TOKYO)
    assert compact(tokyo, LIMA).endswith("Sun 17 Nov 12:45 Lima (-1 day)")


def test_house_style_as_in_the_seed() -> None:
    assert house_style(lima(10, 50), TOKYO) == (
        "10:50 a.m. (local time; 0:50 a.m. on November 18, Japan Standard Time)"
    )
    assert house_style(lima(12, 45), TOKYO) == (
        "12:45 p.m. (local time; 2:45 a.m. on November 18, Japan Standard Time)"
    )


def test_house_style_names_summer_time_and_omits_a_same_date() -> None:
    paris = resolve(datetime(2024, 7, 1, 9, 0), load("Europe/Paris"))
    assert house_style(paris, load("Europe/London")) == (
        "9:00 a.m. (local time; 8:00 a.m., British Summer Time)"
    )


@pytest.mark.parametrize(
    ("hour", "minute", "text"),
    [
        (0, 0, "0:00 a.m."),
        (0, 50, "0:50 a.m."),
        (11, 59, "11:59 a.m."),
        (12, 15, "12:15 p.m."),
        (23, 5, "11:05 p.m."),
    ],
)
def test_house_clock_writes_the_hour_after_midnight_as_zero(
    hour: int, minute: int, text: str
) -> None:
    assert house_clock(datetime(2024, 1, 1, hour, minute)) == text


def test_shift_labels() -> None:
    assert [shift_label(n) for n in (-1, 0, 1, 2)] == ["-1 day", "", "+1 day", "+2 days"]
