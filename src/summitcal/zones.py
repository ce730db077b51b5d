"""Time zones: lookup by the names people write, wall-time resolution, conversion.

:func:`find_zone` accepts IANA names (any case, spaces for underscores, backward links),
tzdata's abbreviations ("JST") and, where tzdata has only numbers, CLDR's in the
country's languages ("BRT"), CLDR zone names ("Japan Standard Time", "Peru Time"),
Windows names ("Tokyo Standard Time"), cities ("Lima", or any city of 15,000 people or
more in the gazetteer: "Rio de Janeiro") and countries ("Peru"), also with "time" after
them; any case, with or without accents. A name that stands for zones with different
clocks is accepted when they agree at the moments the caller gives (``at``), else
refused with one zone per clock.

The wall time and its IANA zone are the truth; instants are derived from them here,
with an explicit policy for wall times that do not exist (spring gap) or occur twice
(autumn fold). The vocabulary follows RFC 5545, JavaScript's Temporal and ``whenever``:

- ``"raise"`` (the default): :class:`SkippedTimeError` / :class:`RepeatedTimeError`;
- ``"earlier"`` / ``"later"``: the earlier or later of the two possible instants;
- ``"compatible"``: what RFC 5545 prescribes: in a gap the offset before the gap
  (so 02:30 in a 02:00→03:00 gap is 03:30), in a fold the first occurrence.

>>> lima = find_zone("Peru time")
>>> start = resolve(datetime(2024, 11, 17, 10, 50), lima)
>>> tokyo = convert(start, find_zone("JST"))
>>> tokyo.isoformat(), day_shift(start, tokyo)
('2024-11-18T00:50:00+09:00', 1)
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal, get_args
from zoneinfo import ZoneInfo

from summitcal import tzdb, zone_names
from summitcal.errors import WallTimeError, ZoneError
from summitcal.messages import N_, Message, Value

__all__ = [
    "Disambiguate",
    "RepeatedTimeError",
    "SkippedTimeError",
    "Transition",
    "UnknownZoneError",
    "convert",
    "day_shift",
    "find_zone",
    "format_offset",
    "resolve",
    "transitions",
]

Disambiguate = Literal["raise", "earlier", "later", "compatible"]
DISAMBIGUATE_CHOICES: tuple[str, ...] = get_args(Disambiguate)


class UnknownZoneError(ZoneError):
    """Raised when a zone name matches no IANA zone and no alias.

    The message names the input and suggests the closest real names; ``suggestions``
    holds them for programs.
    """

    def __init__(self, name: str, suggestions: list[str], reason: Message | None = None) -> None:
        self.name = name
        self.suggestions = suggestions
        self.reason = reason or N_("unknown time zone {name}", name=repr(name))
        super().__init__(self.with_advice(self.reason))

    def with_advice(self, reason: Message) -> Message:
        """``reason`` followed by the suggestions, or by how an IANA name looks."""
        if not self.suggestions:
            return N_(
                "{reason}; use an IANA name such as 'Asia/Tokyo' or 'America/Lima'", reason=reason
            )
        shown = ", ".join(self.suggestions[:8])
        if len(self.suggestions) > 8:
            return N_(
                "{reason}; did you mean {suggestions} (or {more} more)?",
                reason=reason,
                suggestions=shown,
                more=len(self.suggestions) - 8,
            )
        return N_("{reason}; did you mean {suggestions}?", reason=reason, suggestions=shown)


class _WallTimeError(WallTimeError):
    def __init__(
        self, message: Message, wall: datetime, zone: ZoneInfo, change: Transition
    ) -> None:
        self.wall = wall
        self.zone = zone
        self.change = change
        super().__init__(message)

    def facts(self) -> dict[str, Value]:
        """The values of its message, for the messages that say what to do about it."""
        return _change_facts(self.wall, self.zone, self.change)


class SkippedTimeError(_WallTimeError):
    """Raised when a wall time does not exist in its zone (clocks jumped over it).

    Fix it by giving a time outside the gap, or by choosing a policy
    (``"earlier"``, ``"later"`` or ``"compatible"``).
    """


class RepeatedTimeError(_WallTimeError):
    """Raised when a wall time occurs twice in its zone (clocks went back over it).

    Fix it by choosing ``"earlier"`` (first occurrence) or ``"later"`` (second).
    """


@dataclass(frozen=True, slots=True)
class Transition:
    """A change of a zone's UTC offset: the instant and the offsets on either side."""

    instant: datetime  # UTC
    offset_before: timedelta
    offset_after: timedelta
    dst_after: bool
    name_after: str  # the zone's abbreviation after the change, e.g. "JST" or "-05"

    @property
    def wall_before(self) -> datetime:
        """The naive wall time at the instant of change, read on the old offset."""
        return (self.instant + self.offset_before).replace(tzinfo=None)

    @property
    def wall_after(self) -> datetime:
        """The naive wall time at the instant of change, read on the new offset."""
        return (self.instant + self.offset_after).replace(tzinfo=None)


def find_zone(name: str, at: Iterable[datetime] = (), *, suggest: bool = True) -> ZoneInfo:
    """Return the zone for an IANA name or a name people write.

    Accepted, in this order: IANA names (any case, spaces for underscores); zone
    abbreviations ("JST", "BRT"); CLDR names ("Japan Standard Time", "Peru Time");
    Windows names ("Tokyo Standard Time"); cities ("Lima") and countries ("Peru"), also
    with "time" after them ("Peru time", "Lima time"); then the gazetteer's cities
    ("Rio de Janeiro"). Accents do not matter ("Brasília" is "Brasilia").

    A name for zones whose clocks differ somewhere in 2015-2040 ("BRT": São Paulo kept
    summer time until 2019, Recife did not) is accepted when they all show the same
    UTC offset at every moment of ``at``: naive wall times (read in each zone) or aware
    instants, such as an event's start and end. Then the zone Windows uses wins, else
    the most populous, else the first in zone.tab (:func:`.zone_names.preferred`).

    >>> find_zone("Japan Standard Time").key, find_zone("lima").key
    ('Asia/Tokyo', 'America/Lima')
    >>> find_zone("BRT", at=[datetime(2024, 11, 18, 10, 0)]).key
    'America/Sao_Paulo'

    Raises:
        UnknownZoneError: nothing matches, or the name stands for several zones with
            different clocks (at a moment of ``at``, when given; the message names its
            date and lists one zone per clock).
    """
    text = " ".join(name.split())
    if not text:
        raise UnknownZoneError(name, [], N_("the time zone name is empty"))
    key = zone_names.lookup(text, cities=True)
    if isinstance(key, str):
        return tzdb.load(key)
    moments = tuple(at)
    if key and moments:
        return tzdb.load(_agreeing(name, text, zone_names.candidates(text, cities=True), moments))
    if key:
        raise UnknownZoneError(
            name, key, N_("{name} stands for several zones with different clocks", name=repr(text))
        )
    # Suggestions compare the name with some 34,000 others (about 50 ms): a caller
    # reading many unknown names may go without them.
    raise UnknownZoneError(name, _suggest(text) if suggest else [])


def _agreeing(name: str, text: str, zones: list[str], moments: tuple[datetime, ...]) -> str:
    """The preferred of ``zones`` if they show the same offset at each moment; else an
    error naming the first moment's date where they do not, with one zone per offset."""
    for moment in moments:
        clocks: dict[tuple[timedelta | None, ...], list[str]] = {}
        for zone in zones:
            clocks.setdefault(_offsets(moment, tzdb.load(zone)), []).append(zone)
        if len(clocks) > 1:
            ordered = sorted(clocks.items(), key=lambda item: [o or timedelta(0) for o in item[0]])
            offsets = ", ".join(
                " or ".join(dict.fromkeys(map(format_offset, readings))) for readings, _ in ordered
            )
            raise UnknownZoneError(
                name,
                [zone_names.preferred(group) for _offsets, group in ordered],
                N_(
                    "{name} stands for several zones with different clocks on {date} ({offsets})",
                    name=repr(text),
                    date=f"{moment:%Y-%m-%d}",
                    offsets=offsets,
                ),
            )
    return zone_names.preferred(zones)


def _offsets(moment: datetime, zone: ZoneInfo) -> tuple[timedelta | None, ...]:
    """The UTC offset of ``moment`` in ``zone``: both readings of a naive wall time (they
    differ in a gap or a fold)."""
    if moment.tzinfo is None:
        return tuple(moment.replace(tzinfo=zone, fold=fold).utcoffset() for fold in (0, 1))
    return (moment.astimezone(zone).utcoffset(),)


def _suggest(text: str) -> list[str]:
    folded = zone_names.fold(text)
    names = zone_names.all_names()
    close = difflib.get_close_matches(folded, list(names), n=3, cutoff=0.6)
    if not close:
        # Compare with the last part of IANA names too ("Tokyo" of "Asia/Tokyo").
        tails = {n.rsplit("/", 1)[-1]: n for n in names if "/" in n}
        close = [tails[t] for t in difflib.get_close_matches(folded, list(tails), n=3, cutoff=0.7)]
    # And with the gazetteer's cities: "Rio de Janiero" → "Rio de Janeiro".
    cities = zone_names.similar_cities(text) if "/" not in text else []
    # A town too small to name a zone alone is named with its country.
    towns = zone_names.towns_named(text) if "/" not in text else []
    return list(dict.fromkeys(towns + [names[c] for c in close] + cities))


def resolve(wall: datetime, zone: ZoneInfo, disambiguate: Disambiguate = "raise") -> datetime:
    """Attach ``zone`` to the naive wall time ``wall``, handling gaps and folds on purpose.

    The result is an aware datetime in ``zone``; for a time in a gap it shows the wall
    time that the chosen instant really has (02:30 in a 02:00→03:00 gap, "compatible",
    comes back as 03:30).

    >>> paris = find_zone("Europe/Paris")
    >>> resolve(datetime(2024, 3, 31, 2, 30), paris)
    Traceback (most recent call last):
    ...
    summitcal.zones.SkippedTimeError: 2024-03-31 02:30 does not exist in Europe/Paris: clocks jump from 02:00 to 03:00 (UTC+01:00 to UTC+02:00)
    >>> resolve(datetime(2024, 3, 31, 2, 30), paris, "compatible").isoformat()
    '2024-03-31T03:30:00+02:00'
    >>> resolve(datetime(2024, 10, 27, 2, 30), paris, "later").isoformat()
    '2024-10-27T02:30:00+01:00'

    Raises:
        SkippedTimeError: ``wall`` is in a gap and the policy is ``"raise"``.
        RepeatedTimeError: ``wall`` is in a fold and the policy is ``"raise"``.
    """
    if wall.tzinfo is not None:
        raise TypeError("resolve() takes a naive wall time; use convert() for aware times")
    if disambiguate not in DISAMBIGUATE_CHOICES:
        raise ValueError(f"disambiguate must be one of {', '.join(DISAMBIGUATE_CHOICES)}")
    first = wall.replace(tzinfo=zone, fold=0)
    second = wall.replace(tzinfo=zone, fold=1)
    if first.utcoffset() == second.utcoffset():
        return first
    instants = sorted(
        {first.astimezone(UTC), second.astimezone(UTC)}
    )  # two readings of the same wall time
    earlier, later = instants[0], instants[-1]
    change = _change_between(zone, earlier, later)
    in_gap = first.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != wall
    if in_gap:
        if disambiguate == "raise":
            raise SkippedTimeError(
                N_(
                    "{wall} does not exist in {zone}: clocks jump from {before} to {after} "
                    "({offset_before} to {offset_after})",
                    **_change_facts(wall, zone, change),
                ),
                wall,
                zone,
                change,
            )
        chosen = earlier if disambiguate == "earlier" else later
        return chosen.astimezone(zone)
    if disambiguate == "raise":
        raise RepeatedTimeError(
            N_(
                "{wall} occurs twice in {zone}: clocks go back from {before} to {after} "
                "(first {offset_before}, then {offset_after})",
                **_change_facts(wall, zone, change),
            ),
            wall,
            zone,
            change,
        )
    return first if disambiguate in ("earlier", "compatible") else second


def convert(moment: datetime, zone: ZoneInfo) -> datetime:
    """The same instant on another zone's clock. ``moment`` must be aware.

    >>> start = resolve(datetime(2024, 11, 17, 12, 45), find_zone("America/Lima"))
    >>> convert(start, find_zone("Asia/Tokyo")).isoformat()
    '2024-11-18T02:45:00+09:00'
    """
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise TypeError("convert() takes an aware datetime; use resolve() for wall times")
    return moment.astimezone(zone)


def day_shift(reference: datetime, other: datetime) -> int:
    """Calendar days between the two wall dates (``other`` minus ``reference``).

    1 for the summit: 17 November in Lima is already 18 November in Tokyo.
    """
    return (other.date() - reference.date()).days


def format_offset(offset: timedelta | None) -> str:
    """``UTC+09:00``, ``UTC-05:00``, ``UTC+05:45``, ``UTC+00:00``.

    >>> format_offset(timedelta(hours=-5)), format_offset(timedelta(hours=5, minutes=45))
    ('UTC-05:00', 'UTC+05:45')
    """
    offset = offset or timedelta(0)
    sign = "-" if offset < timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    seconds = abs(int(offset.total_seconds())) % 60
    text = f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"
    return text + (f":{seconds:02d}" if seconds else "")


def transitions(zone: ZoneInfo, start: datetime, end: datetime) -> list[Transition]:
    """Every change of ``zone``'s UTC offset (or of DST status) in ``(start, end]``.

    zoneinfo does not expose its transitions. For zones loaded by summitcal (from the
    ``tzdata`` package, :func:`summitcal.tzdb.load`) they are read from the package's
    TZif file and, after its last listed change, computed from the file's POSIX rule.
    Any other zone object (say, one read from the host's zone files) is sampled every
    12 hours and each change bisected to the second; no zone changes offset twice
    within 12 hours.
    """
    start, end = start.astimezone(UTC), end.astimezone(UTC)
    data = tzdb.tzif(zone.key) if zone.key in tzdb.zone_keys() else None
    if data is None or zone is not tzdb.load(zone.key):
        return _sampled(zone, start, end, timedelta(hours=12))
    found = []
    for listed in data.transitions:
        instant = datetime.fromtimestamp(listed.instant, UTC)
        if start < instant <= end:
            change = _change_at(zone, instant)
            if change is not None:
                found.append(change)
    last = datetime.fromtimestamp(data.transitions[-1].instant, UTC) if data.transitions else start
    if data.rule_continues and end > last:
        for year in range(max(start, last).year, end.year + 1):
            for seconds, _offset, _dst in tzdb.rule_transitions(data.footer, year):
                instant = datetime.fromtimestamp(seconds, UTC)
                if max(start, last) < instant <= end:
                    change = _change_at(zone, instant)
                    if change is not None:
                        found.append(change)
    return found


_SECOND = timedelta(seconds=1)


def _change_at(zone: ZoneInfo, instant: datetime) -> Transition | None:
    """The change at ``instant``, or None if only the zone's abbreviation changes there."""
    before, after = _state(zone, instant - _SECOND), _state(zone, instant)
    if before == after:
        return None
    local = instant.astimezone(zone)
    return Transition(
        instant=instant,
        offset_before=before[0] or timedelta(0),
        offset_after=after[0] or timedelta(0),
        dst_after=bool(after[1]),
        name_after=local.tzname() or "",
    )


def _sampled(zone: ZoneInfo, start: datetime, end: datetime, step: timedelta) -> list[Transition]:
    found: list[Transition] = []
    left, left_state = start, _state(zone, start)
    while left < end:
        right = min(left + step, end)
        right_state = _state(zone, right)
        if right_state != left_state:
            found.append(_change_between(zone, left, right))
        left, left_state = right, right_state
    return found


def _state(zone: ZoneInfo, instant: datetime) -> tuple[timedelta | None, timedelta | None]:
    local = instant.astimezone(zone)
    return local.utcoffset(), local.dst()


def _change_between(zone: ZoneInfo, low: datetime, high: datetime) -> Transition:
    """Bisect the instant in (low, high] where the zone's offset or DST status changes."""
    low_state = _state(zone, low)
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        middle = middle.replace(microsecond=0)
        if middle <= low:
            middle = low + timedelta(seconds=1)
        if _state(zone, middle) == low_state:
            low = middle
        else:
            high = middle
    change = _change_at(zone, high)
    assert change is not None, "bisection ends on a change"
    return change


def _change_facts(wall: datetime, zone: ZoneInfo, change: Transition) -> dict[str, Value]:
    return {
        "wall": _wall(wall),
        "zone": zone.key,
        "before": f"{change.wall_before:%H:%M}",
        "after": f"{change.wall_after:%H:%M}",
        "offset_before": format_offset(change.offset_before),
        "offset_after": format_offset(change.offset_after),
    }


def _wall(wall: datetime) -> str:
    return wall.strftime("%Y-%m-%d %H:%M" + (":%S" if wall.second else ""))
