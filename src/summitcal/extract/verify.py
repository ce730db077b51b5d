"""Checking a time the document states in a second zone against the local time.

The error is the stated time minus the correct one, in minutes. Within the tolerance
(0 minutes for an exact time, 15 for a hedged one: "around", "shortly after") the
statement is consistent. Otherwise the likely cause is named when one is obvious: a
12-hour slip (a.m. and p.m. mixed up), a date a day off, or an offset the zone uses at
another time of year (daylight-saving time applied, or forgotten); else the offset the
stated time implies is given.
"""

from __future__ import annotations

import functools
from datetime import UTC, datetime, timedelta

from summitcal.extract.records import StatedTime
from summitcal.tzdb import load
from summitcal.zones import format_offset, resolve

__all__ = ["HEDGED_TOLERANCE", "check_stated"]

HEDGED_TOLERANCE = 15


def check_stated(
    local_start: datetime, stated: StatedTime, tolerance: int
) -> tuple[str, int, str | None, StatedTime]:
    """(conversion, error in minutes, cause or None, the statement with its date filled
    in when the document gave none)."""
    zone = load(stated.zone)
    expected = local_start.astimezone(zone)
    if not stated.date_stated:
        days = [expected.date() + timedelta(days=shift) for shift in (-1, 0, 1)]
        best = min(
            days, key=lambda d: abs(_error(datetime.combine(d, stated.time.time()), zone, expected))
        )
        stated = StatedTime(
            stated.zone, datetime.combine(best, stated.time.time()), stated.label, False
        )
    error = _error(stated.time, zone, expected)
    if abs(error) <= tolerance:
        return "consistent", error, None, stated
    return "inconsistent", error, _cause(error, stated, expected, local_start), stated


def _error(wall: datetime, zone: object, expected: datetime) -> int:
    stated = resolve(wall, zone, "compatible")  # type: ignore[arg-type]
    return round((stated - expected).total_seconds() / 60)


def _cause(error: int, stated: StatedTime, expected: datetime, local_start: datetime) -> str:
    if abs(error) == 720:
        return "a 12-hour slip: a.m. and p.m. mixed up"
    if abs(error) == 1440:
        return "the date is a day off"
    instant = expected.astimezone(UTC)
    implied = stated.time - instant.replace(tzinfo=None)
    actual = expected.utcoffset()
    assert actual is not None
    others = _offsets_in_year(stated.zone, instant.year) - {actual}
    if implied in others:
        season = (
            "daylight-saving time applied when it is not in force"
            if implied > actual
            else "daylight-saving time in force but standard time used"
        )
        return (
            f"{stated.zone}'s other offset {format_offset(implied)} instead of "
            f"{format_offset(actual)}: {season}"
        )
    local_zone = local_start.tzinfo
    local_actual = local_start.utcoffset()
    assert local_actual is not None and local_zone is not None
    local_others = _offsets_in_year(str(local_zone), instant.year) - {local_actual}
    for other in local_others:
        if timedelta(minutes=error) == local_actual - other:
            return (
                f"the local zone's other offset {format_offset(other)} instead of "
                f"{format_offset(local_actual)}: daylight-saving time mixed up at the place"
            )
    return f"the stated time implies {format_offset(implied)}; {stated.zone} is {format_offset(actual)} then"


@functools.lru_cache(maxsize=512)
def _offsets_in_year(key: str, year: int) -> frozenset[timedelta]:
    zone = load(key)
    offsets = set()
    for month in range(1, 13):
        offset = datetime(year, month, 15, 12, tzinfo=UTC).astimezone(zone).utcoffset()
        if offset is not None:
            offsets.add(offset)
    return frozenset(offsets)
