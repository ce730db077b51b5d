"""Dual times as people read them: the compact line and the press house style."""

from __future__ import annotations

import calendar
from datetime import date, datetime, time, timedelta

import pytest

from summitcal.display import (
    compact,
    day_label,
    day_month,
    long_date,
    shift_label,
    short_date,
)
from summitcal.house_style import format_dual, house_clock
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
    assert format_dual(lima(10, 50), TOKYO) == (
        "10:50 a.m. (local time; 0:50 a.m. on November 18, Japan Standard Time)"
    )
    assert format_dual(lima(12, 45), TOKYO) == (
        "12:45 p.m. (local time; 2:45 a.m. on November 18, Japan Standard Time)"
    )


def test_house_style_names_summer_time_and_omits_a_same_date() -> None:
    paris = resolve(datetime(2024, 7, 1, 9, 0), load("Europe/Paris"))
    assert format_dual(paris, load("Europe/London")) == (
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


# The names as display.py wrote them out by hand before Babel wrote them: the English
# output below was captured from that code and must stay byte for byte the same.
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@pytest.mark.parametrize("month", range(1, 13), ids=MONTHS)
def test_every_day_of_2024_reads_as_before(month: int) -> None:
    """Every month, and in each month every weekday, in each date format."""
    days = calendar.monthrange(2024, month)[1]
    for day in (date(2024, month, number) for number in range(1, days + 1)):
        moment = resolve(datetime.combine(day, time(10, 50)), LIMA)
        weekday, name = WEEKDAYS[day.weekday()], MONTHS[month - 1]
        short = f"{weekday[:3]} {day.day} {name[:3]}"
        assert short_date(moment) == short
        assert day_label(moment) == f"{short} 2024"
        assert long_date(moment) == f"{weekday} {day.day} {name} 2024"
        assert day_month(moment) == f"{day.day} {name}"
        there = moment.astimezone(TOKYO)  # 00:50 the next day
        tokyo_short = f"{WEEKDAYS[there.weekday()][:3]} {there.day} {MONTHS[there.month - 1][:3]}"
        assert compact(moment, TOKYO) == f"{short} 10:50 Lima → {tokyo_short} 00:50 Tokyo (+1 day)"
        assert format_dual(moment, TOKYO) == (
            f"10:50 a.m. (local time; 0:50 a.m. on {MONTHS[there.month - 1]} {there.day}"
            f"{', 2025' if there.year == 2025 else ''}, Japan Standard Time)"
        )


def test_the_whole_year_covers_every_weekday_of_every_month() -> None:
    """The test above can fail for each name: 2024 has every weekday in every month."""
    seen = {
        (day.month, day.weekday())
        for day in (date(2024, 1, 1) + timedelta(days=n) for n in range(366))
    }
    assert len(seen) == 12 * 7


@pytest.mark.parametrize(
    ("year", "label", "long"),
    [
        (1, "Sun 4 Mar 1", "Sunday 4 March 1"),
        (999, "Mon 4 Mar 999", "Monday 4 March 999"),
        (1900, "Sun 4 Mar 1900", "Sunday 4 March 1900"),
        (9999, "Thu 4 Mar 9999", "Thursday 4 March 9999"),
    ],
)
def test_years_are_written_without_padding(year: int, label: str, long: str) -> None:
    moment = datetime(year, 3, 4, 5, 6)
    assert (day_label(moment), long_date(moment)) == (label, long)


def test_the_date_is_the_wall_date_of_the_moments_zone() -> None:
    """23:50 in Lima is already the next day in UTC: the label keeps Lima's date."""
    late = lima(23, 50, day=30)
    assert (day_label(late), day_month(late)) == ("Sat 30 Nov 2024", "30 November")


def test_other_locales_arrange_dates_as_the_cldr_does() -> None:
    """A skeleton per format: Japanese is not English with other names."""
    moment = lima(10, 50)
    formats = (short_date, day_label, long_date, day_month)
    assert [write(moment, locale="ja") for write in formats] == [
        "11月17日(日)",
        "2024年11月17日(日)",
        "2024年11月17日日曜日",
        "11月17日",
    ]
    assert day_month(moment, locale="es") == "17 de noviembre"
    assert day_label(moment, locale="en_GB") == "Sun 17 Nov 2024"  # English: the house style
