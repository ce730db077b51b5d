"""The press house style in Japanese, Spanish and English (docs/i18n.md, sections 1-2).

The seed's lines are the hand-written golden files of ``tests/golden/i18n``; the cases
here are each one rule of the note, on real visits' clocks.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from summitcal.house_style import event_line, format_dual
from summitcal.localized import localize
from summitcal.model import Certainty, Event, start_of_day
from summitcal.schedule_file import read_schedule
from summitcal.tzdb import load
from summitcal.zones import resolve

EXAMPLE = Path(__file__).parent.parent / "examples" / "japan-peru-2024.toml"
LIMA, TOKYO, PARIS = load("America/Lima"), load("Asia/Tokyo"), load("Europe/Paris")


def lima(*parts: int) -> datetime:
    return resolve(datetime(*parts), LIMA)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("moment", "locale", "approximate", "line"),
    [
        # J8: the home clock on the same date is 同日.
        (
            resolve(datetime(2024, 7, 17, 9, 40), PARIS),
            "ja",
            False,
            "現地時間7月17日午前9時40分（日本時間同日午後4時40分）",
        ),
        # J10: an approximate time is 頃 after it, in both clocks.
        (
            lima(2016, 11, 17, 11, 40),
            "ja",
            True,
            "現地時間11月17日午前11時40分頃（日本時間18日午前1時40分頃）",
        ),
        # Another month: month and day; on the hour: no 分; midnight is 午前0時.
        (
            lima(2024, 11, 30, 10, 0),
            "ja",
            False,
            "現地時間11月30日午前10時（日本時間12月1日午前0時）",
        ),
        # Another year: the year too.
        (
            lima(2024, 12, 31, 10, 5),
            "ja",
            False,
            "現地時間12月31日午前10時05分（日本時間2025年1月1日午前0時05分）",
        ),
        # J3: in Tokyo itself, no clock name and no brackets.
        (resolve(datetime(2025, 8, 8, 11, 45), TOKYO), "ja", False, "8月8日午前11時45分"),
        # Noon is 午後0時 (J3, J11).
        (lima(2024, 11, 17, 12, 0), "ja", False, "現地時間11月17日午後0時（日本時間18日午前2時）"),
        # es: the home clock on the same date has no date.
        (
            lima(2024, 11, 17, 8, 0),
            "es",
            False,
            "8:00 horas del domingo 17 de noviembre (hora local; 22:00 horas, hora de Japón)",
        ),
        # es: «aproximadamente» before each clock.
        (
            lima(2024, 11, 17, 10, 50),
            "es",
            True,
            "aproximadamente 10:50 horas del domingo 17 de noviembre (hora local; "
            "aproximadamente 0:50 horas del lunes 18 de noviembre, hora de Japón)",
        ),
        # es: another year carries it.
        (
            lima(2024, 12, 31, 10, 0),
            "es",
            False,
            "10:00 horas del martes 31 de diciembre (hora local; 0:00 horas del miércoles 1 de "
            "enero de 2025, hora de Japón)",
        ),
        # en: the seed's style, with the year when it differs.
        (
            lima(2024, 12, 31, 10, 0),
            "en",
            False,
            "10:00 a.m. (local time; 0:00 a.m. on January 1, 2025, Japan Standard Time)",
        ),
        # A region's tag takes its language's style (es-PE is es, never CLDR's es_PE a.m.).
        (
            lima(2024, 11, 17, 8, 0),
            "es-PE",
            False,
            "8:00 horas del domingo 17 de noviembre (hora local; 22:00 horas, hora de Japón)",
        ),
        # A language without our catalog: the English style, not half of each.
        (
            lima(2024, 11, 17, 10, 50),
            "fr",
            False,
            "10:50 a.m. (local time; 0:50 a.m. on November 18, Japan Standard Time)",
        ),
    ],
)
def test_one_rule_each(moment: datetime, locale: str, approximate: bool, line: str) -> None:
    assert format_dual(moment, TOKYO, locale, approximate=approximate) == line


def _meeting(**changes: object) -> Event:
    start = lima(2024, 11, 17, 10, 50)
    event = Event("m", "Meeting", start, start + timedelta(minutes=70))
    return replace(event, **changes)


def test_an_exact_duration_has_no_about_and_a_minute_is_singular() -> None:
    one = _meeting(end=lima(2024, 11, 17, 10, 51))
    assert event_line(one, TOKYO, "es").endswith(", durante 1 minuto: Meeting")
    assert event_line(one, TOKYO, "en").endswith(", for 1 minute: Meeting")
    assert event_line(_meeting(), TOKYO, "ja").endswith("から70分間、Meeting")


def test_long_durations_stay_minutes_grouped_as_the_cldr_does() -> None:
    long = _meeting(end=lima(2024, 11, 18, 10, 50), end_certainty=Certainty.APPROXIMATE)
    assert event_line(long, TOKYO, "ja").endswith("から約1,440分間、Meeting")
    assert event_line(long, TOKYO, "es").endswith(
        ", durante aproximadamente 1.440 minutos: Meeting"
    )


def test_a_start_not_announced_is_said_after_the_title() -> None:
    event = _meeting(start_certainty=Certainty.NOT_ANNOUNCED)
    assert event_line(event, TOKYO, "ja").endswith("、Meeting（開始時刻は未発表のため推定）")
    assert event_line(event, TOKYO, "es").endswith(
        ": Meeting (hora de inicio no anunciada; estimación de este calendario)"
    )


def test_whole_days_are_dates_without_clocks() -> None:
    first = start_of_day(date(2024, 11, 14), LIMA)
    days = Event("apec", "APEC", first, start_of_day(date(2024, 11, 17), LIMA), whole_days=True)
    assert event_line(days, TOKYO, "ja") == "11月14日から11月16日まで、APEC"
    assert (
        event_line(days, TOKYO, "es")
        == "del jueves 14 de noviembre al sábado 16 de noviembre: APEC"
    )
    one = replace(days, end=start_of_day(date(2024, 11, 15), LIMA))
    assert event_line(one, TOKYO, "en") == "November 14: APEC"


GOLDEN = Path(__file__).parent / "golden" / "i18n"


@pytest.mark.parametrize("language", ["ja", "es"])
def test_the_seed_in_each_language_is_the_hand_written_golden_file(language: str) -> None:
    """Read, never rewritten (see tests/golden/i18n/README.md): each line whole, and
    the event id of the comment above it."""
    schedule = localize(read_schedule(EXAMPLE), language)
    expected: list[tuple[str, str]] = []
    last_id = ""
    for line in (GOLDEN / f"japan-peru-2024.{language}.txt").read_text("utf-8").splitlines():
        if line.startswith("# ") and " " not in line[2:]:
            last_id = line[2:]
        elif not line.startswith("#"):
            expected.append((last_id, line))
    assert [event.id for event in schedule.events] == [event_id for event_id, _ in expected]
    for event, (_, line) in zip(schedule.events, expected, strict=True):
        assert event_line(event, schedule.home_zone, language) == line
