"""The IANA time zone database as shipped in the ``tzdata`` package, and nothing else.

``ZoneInfo(key)`` prefers the host's ``/usr/share/zoneinfo`` when there is one, so the
same schedule could give different instants on two machines. summitcal loads every zone
from the ``tzdata`` package instead (:func:`load`), so results depend only on the
declared dependency's version.

It also reads the explicit transitions out of the package's TZif files (RFC 8536), which
``zoneinfo`` does not expose; :func:`summitcal.zones.transitions` checks them against the
zone object before trusting them.
"""

from __future__ import annotations

import calendar
import functools
import re
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from importlib import resources
from zoneinfo import ZoneInfo

__all__ = [
    "TzifData",
    "TzifTransition",
    "load",
    "rule_transitions",
    "table",
    "tzif",
    "zone_keys",
]


@dataclass(frozen=True, slots=True)
class TzifTransition:
    """One transition as a TZif file lists it: from ``instant`` on, this offset applies."""

    instant: int  # seconds since the epoch, UTC
    offset: int  # seconds east of UTC
    dst: bool
    name: str


@dataclass(frozen=True, slots=True)
class TzifData:
    """A zone's explicit transitions, and the POSIX TZ rule that governs the time after."""

    transitions: tuple[TzifTransition, ...]
    footer: str  # e.g. "EST5EDT,M3.2.0,M11.1.0"; "" when absent

    @property
    def rule_continues(self) -> bool:
        """Whether offsets keep changing after the last explicit transition."""
        return "," in self.footer


@functools.cache
def zone_keys() -> frozenset[str]:
    """Every zone name the package carries (canonical zones and backward links)."""
    return frozenset(_text("zones").split())


@functools.cache
def load(key: str) -> ZoneInfo:
    """The zone from the ``tzdata`` package; KeyError if the package has no such zone.

    The same object is returned for the same key, as ``ZoneInfo(key)`` does.
    """
    if key not in zone_keys():
        raise KeyError(key)
    with _path(key).open("rb") as stream:
        return ZoneInfo.from_file(stream, key=key)


@functools.cache
def country_zones() -> dict[str, tuple[str, ...]]:
    """ISO 3166 code → the country's zones, in ``zone.tab`` order (most populous region
    first)."""
    zones: dict[str, list[str]] = {}
    for line in table("zone.tab"):
        code, _coordinates, zone = line.split("\t")[:3]
        zones.setdefault(code, []).append(zone)
    return {code: tuple(names) for code, names in zones.items()}


def table(name: str) -> Iterator[str]:
    """The data lines of one of the package's tables (``zone.tab``, ``tzdata.zi``, ...)."""
    return (line for line in _text(name).splitlines() if line and not line.startswith("#"))


@functools.cache
def tzif(key: str) -> TzifData | None:
    """The transitions a zone's TZif file lists, or None if the package has no such zone."""
    if key not in zone_keys():
        return None
    data = _path(key).read_bytes()
    footer = data[data.rindex(b"\n", 0, len(data) - 1) + 1 : -1] if data.endswith(b"\n") else b""
    return TzifData(tuple(_parse_tzif(data)), footer.decode("ascii"))


def _parse_tzif(data: bytes) -> Iterator[TzifTransition]:
    if data[:4] != b"TZif":
        raise ValueError("not a TZif file")
    counts = struct.unpack(">6l", data[20:44])
    if data[4:5] >= b"2":
        # Skip the version 1 block (32-bit times) to the version 2+ block (64-bit times).
        data = data[_block_size(counts, time_size=4) :]
        counts = struct.unpack(">6l", data[20:44])
        time_size = 8
    else:
        time_size = 4
    _isut, _isstd, _leap, timecount, typecount, charcount = counts
    position = 44
    times = struct.unpack(
        f">{timecount}{'q' if time_size == 8 else 'l'}",
        data[position : position + time_size * timecount],
    )
    position += time_size * timecount
    indices = data[position : position + timecount]
    position += timecount
    types = [
        struct.unpack(">lBB", data[position + 6 * i : position + 6 * i + 6])
        for i in range(typecount)
    ]
    position += 6 * typecount
    names = data[position : position + charcount]
    for instant, index in zip(times, indices, strict=True):
        offset, dst, name_at = types[index]
        name = names[name_at : names.index(b"\0", name_at)].decode("ascii")
        yield TzifTransition(instant=instant, offset=offset, dst=bool(dst), name=name)


def _block_size(counts: tuple[int, ...], time_size: int) -> int:
    isut, isstd, leap, timecount, typecount, charcount = counts
    return (
        44
        + timecount * (time_size + 1)
        + typecount * 6
        + charcount
        + leap * (time_size + 4)
        + isstd
        + isut
    )


def _path(key: str) -> resources.abc.Traversable:
    return resources.files("tzdata").joinpath("zoneinfo", *key.split("/"))


@functools.cache
def _text(name: str) -> str:
    folder = resources.files("tzdata")
    path = folder.joinpath(name) if name == "zones" else folder.joinpath("zoneinfo", name)
    return path.read_text(encoding="utf-8")


@dataclass(frozen=True, slots=True)
class _Rule:
    """A POSIX TZ string with daylight saving: the two yearly changes."""

    std_offset: int  # seconds east of UTC
    dst_offset: int
    start: tuple[str, int, int, int]  # ("M", month, week, weekday) / ("J", day, 0, 0) / ("D", ...)
    start_time: int  # seconds after local midnight, on standard time
    end: tuple[str, int, int, int]
    end_time: int  # on daylight time


def rule_transitions(footer: str, year: int) -> list[tuple[int, int, bool]]:
    """The changes a POSIX TZ rule makes in ``year``: (UTC instant, new offset, is DST).

    >>> from datetime import UTC, datetime
    >>> [(datetime.fromtimestamp(t, UTC).isoformat(), o, d)
    ...  for t, o, d in rule_transitions("EST5EDT,M3.2.0,M11.1.0", 2024)]
    [('2024-03-10T07:00:00+00:00', -14400, True), ('2024-11-03T06:00:00+00:00', -18000, False)]
    """
    rule = _parse_rule(footer)
    if rule is None:
        return []
    start = _rule_day(rule.start, year) * 86400 + rule.start_time - rule.std_offset
    end = _rule_day(rule.end, year) * 86400 + rule.end_time - rule.dst_offset
    return sorted([(start, rule.dst_offset, True), (end, rule.std_offset, False)])


@functools.cache
def _parse_rule(footer: str) -> _Rule | None:
    match = _POSIX.fullmatch(footer)
    if match is None or not match["rule"]:
        return None
    std_offset = -_seconds(match["std_offset"])
    dst_offset = -_seconds(match["dst_offset"]) if match["dst_offset"] else std_offset + 3600
    start, start_time = _date_rule(match["start"])
    end, end_time = _date_rule(match["end"])
    return _Rule(std_offset, dst_offset, start, start_time, end, end_time)


_NAME = r"(?:[A-Za-z]{3,}|<[+\-0-9A-Za-z]+>)"
_OFFSET = r"[+-]?\d{1,3}(?::\d{1,2}){0,2}"
_DATE = r"(?:J\d{1,3}|\d{1,3}|M\d{1,2}\.\d\.\d)(?:/[+-]?\d{1,3}(?::\d{1,2}){0,2})?"
_POSIX = re.compile(
    rf"{_NAME}(?P<std_offset>{_OFFSET})"
    rf"(?:{_NAME}(?P<dst_offset>{_OFFSET})?(?P<rule>,(?P<start>{_DATE}),(?P<end>{_DATE}))?)?"
)


def _seconds(text: str) -> int:
    sign = -1 if text.startswith("-") else 1
    parts = [int(part) for part in text.lstrip("+-").split(":")] + [0, 0]
    return sign * (parts[0] * 3600 + parts[1] * 60 + parts[2])


def _date_rule(text: str) -> tuple[tuple[str, int, int, int], int]:
    date_text, _, time_text = text.partition("/")
    time_of_day = _seconds(time_text) if time_text else 7200
    if date_text.startswith("M"):
        month, week, weekday = (int(part) for part in date_text[1:].split("."))
        return ("M", month, week, weekday), time_of_day
    if date_text.startswith("J"):
        return ("J", int(date_text[1:]), 0, 0), time_of_day
    return ("D", int(date_text), 0, 0), time_of_day


def _rule_day(rule: tuple[str, int, int, int], year: int) -> int:
    """Days from the epoch to the rule's date in ``year``."""
    kind, first, week, weekday = rule
    january_first = date(year, 1, 1).toordinal() - _EPOCH_ORDINAL
    if kind == "J":  # 1-365, February 29 never counted
        leap_shift = 1 if first >= 60 and calendar.isleap(year) else 0
        return january_first + first - 1 + leap_shift
    if kind == "D":  # 0-365, February 29 counted
        return january_first + first
    month = first
    first_of_month = date(year, month, 1)
    # POSIX weekday: 0 is Sunday; date.weekday(): 0 is Monday.
    offset = (weekday - (first_of_month.weekday() + 1) % 7) % 7
    day = 1 + offset + 7 * (week - 1)
    days_in_month = calendar.monthrange(year, month)[1]
    while day > days_in_month:  # week 5 means "the last"
        day -= 7
    return first_of_month.toordinal() - _EPOCH_ORDINAL + day - 1


_EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
