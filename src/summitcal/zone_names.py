"""The names people write for time zones, mapped to IANA zones from maintained data.

No hand-made list: every alias comes from the IANA tables that ship with ``tzdata``
(links, ``zone.tab``, ``iso3166.tab``, the abbreviations the zones use) or from the
Unicode CLDR through Babel (zone names such as "Japan Standard Time", Windows zone
names, exemplar cities, country names). The index is built once, on first use.

An alias that stands for several zones is reduced to one only when those zones keep
the same clocks (same offsets from 2015 to 2040); then the zone Windows uses for the
name wins, else the first in ``zone.tab``. Otherwise the caller gets every candidate.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, datetime

from babel import Locale
from babel.core import get_global

from summitcal import tzdb

__all__ = ["all_names", "canonical", "lookup"]

_SUFFIXES = re.compile(r"\s+(standard|daylight|summer)?\s*time$", re.IGNORECASE)


def fold(text: str) -> str:
    """The form names are compared in: case-folded, spaces as underscores."""
    return "_".join(text.split()).casefold()


def lookup(text: str) -> str | list[str] | None:
    """The canonical IANA key for ``text``, the candidates if it is ambiguous, or None."""
    key = fold(text)
    iana = _iana()
    if key in iana:
        return canonical(iana[key])
    for attempt in (key, fold(_SUFFIXES.sub("", text))):
        candidates = _aliases().get(attempt)
        if candidates:
            return _choose(candidates)
    return None


def all_names() -> dict[str, str]:
    """Every accepted name, folded, mapped to how it is best shown (for suggestions)."""
    names = {key: value for key, value in _iana().items() if "/" in value}
    names.update(_alias_display())
    return names


def canonical(key: str) -> str:
    """The zone a backward-compatible IANA link points to (``Japan`` → ``Asia/Tokyo``)."""
    return _links().get(key, key)


@functools.cache
def _iana() -> dict[str, str]:
    return {fold(name): name for name in tzdb.zone_keys()}


@functools.cache
def _links() -> dict[str, str]:
    links: dict[str, str] = {}
    for line in tzdb.table("tzdata.zi"):
        parts = line.split()
        if len(parts) == 3 and parts[0] == "L":
            links[parts[2]] = parts[1]
    return links


@functools.cache
def _zone_order() -> dict[str, int]:
    order = [zone for zones in tzdb.country_zones().values() for zone in zones]
    return {zone: index for index, zone in enumerate(order)}


@functools.cache
def _alias_sources() -> list[tuple[str, str]]:
    """(alias as written, canonical zone) pairs from every source, in priority order."""
    english = Locale("en")
    pairs: list[tuple[str, str]] = []
    known = set(_zone_order())

    def add(alias: str, zone: str) -> None:
        zone = canonical(zone)
        if zone in known:
            pairs.append((alias, zone))

    # CLDR metazone names: "Japan Standard Time", "Peru Time", "Eastern Daylight Time".
    for cldr_zone, metazone in get_global("meta_zones").items():
        names = english.meta_zones.get(metazone, {})
        for width in ("long", "short"):
            for name in names.get(width, {}).values():
                add(name, cldr_zone)
    # Windows names ("Tokyo Standard Time"), as Outlook writes them in TZIDs.
    for windows_name, zone in get_global("windows_zone_mapping").items():
        add(windows_name, zone)
    # Cities: CLDR exemplar cities and the last part of IANA names.
    for zone in known:
        add(zone.rsplit("/", 1)[-1].replace("_", " "), zone)
    for cldr_zone, info in english.time_zones.items():
        if "city" in info:
            add(info["city"], cldr_zone)
    # Countries, by their IANA and CLDR English names.
    for line in tzdb.table("iso3166.tab"):
        code, country = line.split("\t")[:2]
        for zone in tzdb.country_zones().get(code, ()):
            add(country, zone)
            if code in english.territories:
                add(english.territories[code], zone)
    # Abbreviations tzdata uses ("JST", "CET"); numeric ones like "-05" are not names.
    for zone, abbreviation in _abbreviations():
        add(abbreviation, zone)
    return pairs


@functools.cache
def _aliases() -> dict[str, list[str]]:
    table: dict[str, list[str]] = defaultdict(list)
    for alias, zone in _alias_sources():
        if zone not in table[fold(alias)]:
            table[fold(alias)].append(zone)
    return dict(table)


@functools.cache
def _alias_display() -> dict[str, str]:
    return {fold(alias): alias for alias, _zone in reversed(_alias_sources())}


def _abbreviations() -> Iterable[tuple[str, str]]:
    for zone in _zone_order():
        info = tzdb.load(zone)
        seen: set[str] = set()
        for moment in _sample_instants():
            name = moment.astimezone(info).tzname() or ""
            if name.isalpha() and name not in seen:
                seen.add(name)
                yield zone, name


@functools.cache
def _sample_instants() -> tuple[datetime, ...]:
    return tuple(
        datetime(year, month, 15, tzinfo=UTC) for year in range(2015, 2041) for month in (1, 7)
    )


def _clocks(zone: str) -> tuple[object, ...]:
    info = tzdb.load(zone)
    return tuple(moment.astimezone(info).utcoffset() for moment in _sample_instants())


def _choose(candidates: list[str]) -> str | list[str]:
    """One zone when the candidates keep the same clocks; one per kind of clock otherwise."""
    windows = {canonical(zone) for zone in get_global("windows_zone_mapping").values()}
    classes: dict[tuple[object, ...], list[str]] = defaultdict(list)
    for zone in candidates:
        classes[_clocks(zone)].append(zone)
    best = [
        min(zones, key=lambda zone: (zone not in windows, _zone_order().get(zone, 0)))
        for zones in classes.values()
    ]
    if len(best) == 1:
        return best[0]
    return sorted(best, key=lambda zone: _zone_order().get(zone, 0))
