"""Step: the check of the times an event's sentence states besides its start, and the
event as extracted.

The error is the stated time minus the correct one, in minutes. Within the tolerance
(0 minutes for an exact time, 15 for a hedged one: "around", "shortly after") the
statement is consistent. Otherwise the likely cause is named when one is obvious: a
12-hour slip (a.m. and p.m. mixed up), a date a day off, or an offset the zone uses at
another time of year (daylight-saving time applied, or forgotten); else the offset the
stated time implies is given. An event with several such times is inconsistent if any
is; a start worked back from them leaves them unchecked.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from summitcal.extract.placement import PlacedEvent
from summitcal.extract.records import Conversion, ExtractedEvent, Source, StatedTime
from summitcal.messages import N_, DayMonth, English
from summitcal.tzdb import load
from summitcal.zones import format_offset, resolve

__all__ = ["HEDGED_TOLERANCE", "StatedCheck", "check_conversions", "check_event", "check_stated"]

HEDGED_TOLERANCE = 15


@dataclass(frozen=True, slots=True)
class StatedCheck:
    conversion: Conversion
    error_minutes: int
    cause: str | None  # the likely cause of an inconsistency
    stated: StatedTime  # the statement, its date filled in when the document gave none


def check_conversions(
    placed: Sequence[PlacedEvent],
) -> tuple[tuple[ExtractedEvent, ...], tuple[str, ...]]:
    """The events as extracted, and the findings about their inconsistent times."""
    checked = [check_event(event) for event in placed]
    events = tuple(event for event, _findings in checked)
    return events, tuple(finding for _event, findings in checked for finding in findings)


def check_event(placed: PlacedEvent) -> tuple[ExtractedEvent, tuple[str, ...]]:
    """The event with its stated times checked, and a finding for each inconsistent one."""
    span, statements = placed.span, placed.stated.others
    checks: list[StatedCheck] = []
    if span.start is not None and not placed.stated.worked_back:
        tolerance = HEDGED_TOLERANCE if span.hedged else 0
        checks = [check_stated(span.start, statement, tolerance) for statement in statements]
    inconsistent = [c for c in checks if c.conversion is Conversion.INCONSISTENT]
    verdict = inconsistent[0] if inconsistent else (checks[-1] if checks else None)
    title, sentence = placed.mention.phrase.title, placed.mention.sentence
    findings = tuple(
        English(
            N_(
                "{title}: the document says {stated_time} on {stated_day} in {stated_zone}, but "
                "{start} {zone} is {there_time} on {there_day} there ({minutes} minutes; "
                "likely {cause})",
                title=title,
                stated_time=f"{c.stated.time:%H:%M}",
                stated_day=DayMonth(c.stated.time.date()),
                stated_zone=c.stated.zone,
                start=f"{span.start:%H:%M}",
                zone=placed.zone,
                there_time=f"{span.start.astimezone(load(c.stated.zone)):%H:%M}",
                there_day=DayMonth(span.start.astimezone(load(c.stated.zone)).date()),
                minutes=f"{c.error_minutes:+d}",
                cause=c.cause or "",
            )
        )
        for c in inconsistent
        if span.start is not None
    )
    event = ExtractedEvent(
        id=placed.id,
        title=title,
        kind=placed.mention.phrase.kind,
        zone=placed.zone,
        start=None if span.start is None else span.start.replace(tzinfo=None),
        duration_minutes=span.minutes,
        start_certainty=span.start_certainty,
        end_certainty=span.end_certainty,
        hedged=span.hedged,
        follows=span.follows,
        location=placed.mention.phrase.place,
        stated_times=tuple(c.stated for c in checks) or statements,
        conversion=verdict.conversion if verdict else Conversion.UNCHECKED,
        conversion_error_minutes=verdict.error_minutes if verdict else None,
        conversion_cause=verdict.cause if verdict else None,
        sentence=Source(sentence.start, sentence.end, sentence.text),
        notes=placed.notes,
    )
    return event, findings


def check_stated(local_start: datetime, stated: StatedTime, tolerance: int) -> StatedCheck:
    """A statement against the event's start (aware, in its zone)."""
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
        return StatedCheck(Conversion.CONSISTENT, error, None, stated)
    cause = _cause(error, stated, expected, local_start)
    return StatedCheck(Conversion.INCONSISTENT, error, cause, stated)


def _error(wall: datetime, zone: object, expected: datetime) -> int:
    stated = resolve(wall, zone, "compatible")  # type: ignore[arg-type]
    return round((stated - expected).total_seconds() / 60)


def _cause(error: int, stated: StatedTime, expected: datetime, local_start: datetime) -> str:
    if abs(error) == 720:
        return English(N_("a 12-hour slip: a.m. and p.m. mixed up"))
    if abs(error) == 1440:
        return English(N_("the date is a day off"))
    instant = expected.astimezone(UTC)
    implied = stated.time - instant.replace(tzinfo=None)
    actual = expected.utcoffset()
    assert actual is not None
    others = _offsets_in_year(stated.zone, instant.year) - {actual}
    if implied in others:
        season = (
            N_("daylight-saving time applied when it is not in force")
            if implied > actual
            else N_("daylight-saving time in force but standard time used")
        )
        return English(
            N_(
                "{zone}'s other offset {offset} instead of {actual}: {season}",
                zone=stated.zone,
                offset=format_offset(implied),
                actual=format_offset(actual),
                season=season,
            )
        )
    local_zone = local_start.tzinfo
    local_actual = local_start.utcoffset()
    assert local_actual is not None and local_zone is not None
    local_others = _offsets_in_year(str(local_zone), instant.year) - {local_actual}
    for other in local_others:
        if timedelta(minutes=error) == local_actual - other:
            return English(
                N_(
                    "the local zone's other offset {offset} instead of {actual}: "
                    "daylight-saving time mixed up at the place",
                    offset=format_offset(other),
                    actual=format_offset(local_actual),
                )
            )
    return English(
        N_(
            "the stated time implies {offset}; {zone} is {actual} then",
            offset=format_offset(implied),
            zone=stated.zone,
            actual=format_offset(actual),
        )
    )


@functools.lru_cache(maxsize=512)
def _offsets_in_year(key: str, year: int) -> frozenset[timedelta]:
    zone = load(key)
    offsets = set()
    for month in range(1, 13):
        offset = datetime(year, month, 15, 12, tzinfo=UTC).astimezone(zone).utcoffset()
        if offset is not None:
            offsets.add(offset)
    return frozenset(offsets)
