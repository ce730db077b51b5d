"""The start the text states for an event: every time its sentence gives it, each in the
zone it is given in, and the one the start is taken from (the one on the local clock,
else the first, converted). The others are what :mod:`.conversions` checks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from summitcal.extract.document_zones import label_zone, same_clock
from summitcal.extract.mentions import Mention
from summitcal.extract.records import StatedTime
from summitcal.extract.second_zone import Parenthetical
from summitcal.extract.times import find_dates, nearest_day, safe_date
from summitcal.messages import N_, English
from summitcal.tzdb import load
from summitcal.zones import RepeatedTimeError, SkippedTimeError, resolve

__all__ = ["StatedStart", "aware", "claims", "stated_start"]


@dataclass(frozen=True, slots=True)
class StatedStart:
    start: datetime | None  # aware, in the event's zone; None: the text gives no usable one
    others: tuple[StatedTime, ...]  # the times given besides the one the start is from
    worked_back: bool = False  # its own clock cannot exist: the start is from another zone's
    notes: tuple[str, ...] = ()


def stated_start(
    mention: Mention, zone_key: str, home_key: str, named: tuple[str, ...] = ()
) -> StatedStart:
    """The event's start as stated (in ``zone_key``, the event's zone), before any
    estimate. When its own clock cannot exist ("13:30 a.m. (2:30 p.m. JST)"), the start
    is worked back from the other, and all the times are shown, none checked."""
    given = claims(mention, zone_key, home_key, named)
    worked_back = mention.timing is not None and mention.timing.clock.value is None
    if not given:
        return StatedStart(None, (), worked_back)
    local = [index for index, claim in enumerate(given) if same_clock(claim.zone, zone_key)]
    chosen = local[0] if local else 0
    claim = given[chosen]
    notes: list[str] = []
    if worked_back:
        assert mention.timing is not None
        notes.append(
            English(
                N_(
                    "“{clock}” cannot exist; the start is worked back from {time} {label}",
                    clock=mention.timing.clock.text.strip(),
                    time=f"{claim.time:%H:%M}",
                    label=claim.label,
                )
            )
        )
    moment, note = aware(claim.time.replace(tzinfo=None), claim.zone)
    if note:
        notes.append(note)
    others = given if worked_back else given[:chosen] + given[chosen + 1 :]
    return StatedStart(moment.astimezone(load(zone_key)), others, worked_back, tuple(notes))


def claims(
    mention: Mention, zone_key: str, home_key: str, named: tuple[str, ...] = ()
) -> tuple[StatedTime, ...]:
    """Every time the sentence gives the event, each in the zone it is given in: the time
    itself (its label's zone, or the local one) and the one in parentheses."""
    timing = mention.timing
    if timing is None or mention.day is None:
        return ()
    found = []
    if timing.clock.value is not None:
        if timing.label:
            main_zone = label_zone(timing.label, named)[0] or zone_key
            label = timing.label
        elif timing.local_in_parenthesis:
            main_zone, label = home_key, English(N_("home time ({zone})", zone=home_key))
        else:
            main_zone, label = zone_key, English(N_("local time"))
        day = mention.day + timedelta(days=timing.clock.next_day)
        if timing.label and not find_dates(mention.sentence.text):
            day = _home_day(day, timing.clock.value, main_zone, zone_key)
        wall = datetime.combine(day, timing.clock.value)
        main_zone, label = literal_zone(label, main_zone, wall)
        found.append(StatedTime(main_zone, wall, label, True))
    second = timing.second
    if second is not None and second.clock.value is not None:
        second_zone = zone_key if second.local else home_key if second.home else second.zone
        if second_zone is not None:
            day = _second_day(second, mention.day) + timedelta(days=second.clock.next_day)
            wall = datetime.combine(day, second.clock.value)
            written = (
                English(N_("home time ({zone})", zone=home_key)) if second.home else second.label
            )
            second_zone, label = literal_zone(written, second_zone, wall)
            found.append(StatedTime(second_zone, wall, label, second.date is not None))
    if second is not None:
        day = _second_day(second, mention.day)
        for clock, written, zone in second.more:  # "(09:30ET, 15:30CET)"
            assert clock.value is not None
            wall = datetime.combine(day + timedelta(days=clock.next_day), clock.value)
            zone, written = literal_zone(written, zone, wall)
            found.append(StatedTime(zone, wall, written, False))
    return tuple(found)


# Abbreviations of a zone's winter (standard) clock. Written for a day when the zone
# keeps summer time ("15:30 CET" in September), they are taken as written: the winter
# offset, which the conversion check then shows an hour off (the writer's slip, or a
# clock that is right and a label that is not: the reader is told either way).
_WINTER = frozenset(
    ["CET", "EET", "WET", "GMT", "EST", "CST", "MST", "PST", "AKST", "NZST", "AEST"]
)


def literal_zone(label: str, zone_key: str, wall: datetime) -> tuple[str, str]:
    """``zone_key`` and ``label``, unless the label is a winter abbreviation written for a
    summer day of the zone: then a zone of the winter offset (Etc/GMT-1 for CET) and the
    label saying so."""
    if label.strip().upper() not in _WINTER:
        return zone_key, label
    moment, _note = aware(wall, zone_key)
    summer = moment.dst()
    offset = moment.utcoffset()
    if not summer or offset is None:
        return zone_key, label
    hours, rest = divmod(int((offset - summer).total_seconds()), 3600)
    if rest:
        return zone_key, label  # no Etc zone for a half-hour offset
    fixed = "Etc/GMT" + (f"{-hours:+d}" if hours else "")
    return fixed, English(
        N_(
            "{label} (taken as written: UTC{offset}, its winter offset)",
            label=label.strip(),
            offset=f"{hours:+d}",
        )
    )


def aware(wall: datetime, zone_key: str) -> tuple[datetime, str | None]:
    """The wall time in the zone, and a note when it is skipped or repeated there (it is
    then read as the first possible time)."""
    try:
        return resolve(wall, load(zone_key), "raise"), None
    except (SkippedTimeError, RepeatedTimeError) as error:
        moment = resolve(wall, load(zone_key), "compatible")
        problem = error.message if error.message is not None else str(error)
        return moment, English(N_("{problem}; read as the first possible time", problem=problem))


def _home_day(day: date, clock: time, given_zone: str, zone_key: str) -> date:
    """The date of a time given only in another clock with no date of its own
    (「日本時間午前2時半過ぎから」 for talks on the 16th in Washington): the one that
    falls on ``day``, the day in force, where the event is."""
    if same_clock(given_zone, zone_key):
        return day
    for candidate in (day, day + timedelta(days=1), day - timedelta(days=1)):
        moment, _note = aware(datetime.combine(candidate, clock), given_zone)
        if moment.astimezone(load(zone_key)).date() == day:
            return candidate
    return day


def _second_day(second: Parenthetical, day: date) -> date:
    """The parenthesis' date (the nearest year to ``day`` with it; a day alone,
    「日本時間16日」, the nearest such day; 「同日」 ``day`` itself), else ``day``."""
    if second.date is not None and second.date.relative_to == "previous":
        return day + timedelta(days=second.date.shift)
    if second.date is not None and second.date.month is None and second.date.day:
        return nearest_day(second.date.day, day) or day
    if second.date is not None and second.date.month and second.date.day:
        candidates = [
            d
            for d in (
                safe_date(y, second.date.month, second.date.day)
                for y in (day.year - 1, day.year, day.year + 1)
            )
            if d
        ]
        if candidates:
            return min(candidates, key=lambda d: abs((d - day).days))
    return day
