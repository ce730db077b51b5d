"""The names people write for time zones, mapped to IANA zones from maintained data.

No hand-made list: every alias comes from the IANA tables that ship with ``tzdata``
(links, ``zone.tab``, ``iso3166.tab``, the abbreviations the zones use) or from the
Unicode CLDR through Babel (zone names such as "Japan Standard Time", Windows zone
names, exemplar cities, country names). The index is built once, on first use. Names
are compared case-folded and without accents ("Brasília" is "brasilia").

Where tzdata writes a number ("-03" for São Paulo), the abbreviations CLDR gives the
zone in its country's official languages are accepted too ("BRT", Brazilian
Portuguese). With ``cities=True`` a name that matches nothing else is looked up last
among the cities of the gazetteer (:mod:`summitcal.gazetteer`, loaded then):
cities whose own name it is, else those it is another name of.

An alias that stands for several zones is reduced to one only when those zones keep
the same clocks (same offsets from 2015 to 2040); then the zone Windows uses wins, else
the first in ``zone.tab``. Otherwise the caller gets one zone per kind of clock, and
:func:`candidates` gives every zone, for a caller that knows when the clocks are read
(see :func:`preferred`).
"""

from __future__ import annotations

import difflib
import functools
import re
from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, datetime

from babel import Locale, localedata
from babel.core import get_global

from summitcal import tzdb

__all__ = [
    "all_names",
    "candidates",
    "canonical",
    "fold",
    "lookup",
    "preferred",
    "similar_cities",
    "towns_named",
]

_SUFFIXES = re.compile(r"\s+(standard|daylight|summer)?\s*time$", re.IGNORECASE)


def fold(text: str) -> str:
    """The form names are compared in: case-folded, unaccented, spaces as underscores.

    >>> fold("Brasília  Time"), fold("SÃO_PAULO")
    ('brasilia_time', 'sao_paulo')
    """
    if not text.isascii():
        # The gazetteer is imported where it is used, here and below: summitcal.extract
        # imports this module, and an IANA name needs none of it.
        from summitcal.gazetteer import lowercase_unaccented

        text = lowercase_unaccented(text)
    return "_".join(text.split()).casefold()


def lookup(text: str, *, cities: bool = False) -> str | list[str] | None:
    """The canonical IANA key for ``text``, the candidates if it is ambiguous, or None.

    With ``cities``, a name nothing else matches is looked up among the gazetteer's cities.
    """
    found = _lookup(text, cities)
    return list(found) if isinstance(found, tuple) else found


# A schedule names a few zones thousands of times: each name is worked out once.
@functools.lru_cache(maxsize=4096)
def _lookup(text: str, cities: bool) -> str | tuple[str, ...] | None:
    iana = _iana().get(fold(text))
    if iana is not None:
        return canonical(iana)
    zones = candidates(text, cities=cities)
    if not zones:
        return None
    chosen = _choose(zones)
    return chosen if isinstance(chosen, str) else tuple(chosen)


def candidates(text: str, *, cities: bool = False) -> list[str]:
    """Every zone ``text`` stands for, before :func:`lookup` chooses; empty if none.

    >>> candidates("Brasilia time")[:3]
    ['America/Araguaina', 'America/Bahia', 'America/Belem']
    """
    return list(_candidates(text, cities))


@functools.lru_cache(maxsize=4096)
def _candidates(text: str, cities: bool) -> tuple[str, ...]:
    key = fold(text)
    iana = _iana().get(key)
    if iana is not None:
        return (canonical(iana),)
    stripped = fold(_SUFFIXES.sub("", text))
    for table in (_aliases, _local_abbreviations):
        for attempt in (key, stripped):
            zones = table().get(attempt)
            if zones:
                return tuple(zones)
    return tuple(_city_zones(text)) if cities else ()


def preferred(zones: Iterable[str]) -> str:
    """The zone to stand for ``zones`` where they show the same time: one Windows uses,
    then the most populous (the gazetteer's cities in it), then the first in zone.tab.

    >>> preferred(["America/Araguaina", "America/Sao_Paulo", "America/Recife"])
    'America/Sao_Paulo'
    """
    return _preferred(tuple(zones))


@functools.lru_cache(maxsize=1024)
def _preferred(zones: tuple[str, ...]) -> str:
    windows, people, order = _windows(), _population(), _zone_order()
    return min(
        zones, key=lambda zone: (zone not in windows, -people.get(zone, 0), order.get(zone, 0))
    )


def similar_cities(text: str, count: int = 3) -> list[str]:
    """Gazetteer cities (as written there) whose name begins with ``text`` as whole words,
    then those spelt like it; most populous first. For suggestions.

    >>> similar_cities("Rio de")[0], similar_cities("Rio de Janiero")[0]
    ('Rio de Janeiro', 'Rio de Janeiro')
    """
    key = fold(text)
    names = _city_names()
    found = [shown for name, shown in names.items() if name.startswith(key + "_")][:count]
    # A ratio of 0.85 needs lengths within about a third of each other: compare those only.
    near = [
        name
        for length in range(int(len(key) * 0.7), int(len(key) * 1.45) + 2)
        for name in _city_names_by_length().get(length, ())
    ]
    close = difflib.get_close_matches(key, near, n=count, cutoff=0.85)
    return list(dict.fromkeys(found + [names[name] for name in close]))


@functools.cache
def _city_names_by_length() -> dict[int, tuple[str, ...]]:
    by_length: dict[int, list[str]] = defaultdict(list)
    for name in _city_names():
        by_length[len(name)].append(name)
    return {length: tuple(names) for length, names in by_length.items()}


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
    return _table(_alias_sources())


def _table(pairs: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    table: dict[str, list[str]] = defaultdict(list)
    for alias, zone in pairs:
        if zone not in table[fold(alias)]:
            table[fold(alias)].append(zone)
    return dict(table)


_OFFICIAL = ("official", "de_facto_official")


@functools.cache
def _local_abbreviations() -> dict[str, list[str]]:
    """CLDR's short names ("BRT") for the zones tzdata gives only numbers ("-03"), in
    the official languages of the zone's country (Portuguese as in Brazil). Built only
    when the other names fail, as it reads a locale per language and country."""
    named = {zone for zone, _abbreviation in _abbreviations()}
    languages = get_global("territory_languages")
    territories = get_global("zone_territories")
    pairs: list[tuple[str, str]] = []
    for cldr_zone, metazone in get_global("meta_zones").items():
        zone = canonical(cldr_zone)
        territory = territories.get(cldr_zone, "")
        if zone in named or zone not in _zone_order():
            continue
        for language, info in languages.get(territory, {}).items():
            locale = f"{language}_{territory}"
            if info.get("official_status") in _OFFICIAL and localedata.exists(locale):
                short = Locale.parse(locale).meta_zones.get(metazone, {}).get("short", {})
                pairs.extend((name, zone) for name in short.values() if name.isalpha())
    return _table(pairs)


CITY_PEOPLE = 100_000  # the fewest people of a city that names a zone by itself


def _town_zones(town: str, country_name: str) -> list[str]:
    """The zones of the gazetteer's places called ``town`` in the country named
    ``country_name`` (its name or ISO code), any size: "Biarritz, France"."""
    from summitcal.gazetteer import cities_named, country_named

    country = country_named(country_name)
    if country is None:
        return []
    found = [city for city in cities_named(town) if city.country == country.code]
    exact = [city for city in found if fold(city.name) == fold(town)]
    zones = dict.fromkeys(canonical(city.zone) for city in exact or found)
    return [zone for zone in zones if zone in _zone_order()]


def towns_named(text: str) -> list[str]:
    """How to name the gazetteer's towns called ``text`` that are too small to name a
    zone alone: with their country ("Biarritz, France"). For suggestions.

    >>> towns_named("Biarritz")
    ['Biarritz, France']
    """
    from summitcal.gazetteer import cities_named, country_named

    names = []
    for city in cities_named(text):
        if city.population < CITY_PEOPLE and fold(city.name) == fold(text):
            country = country_named(city.country)
            if country is not None:
                names.append(f"{city.name}, {country.name}")
    return list(dict.fromkeys(names))[:3]


def _city_zones(text: str) -> list[str]:
    """The zones of the gazetteer's cities called ``text`` (or ``text`` without "time"):
    those whose own name it is, else those it is another name of; namesakes of a tenth
    the largest one's people or fewer left out, and towns under :data:`CITY_PEOPLE`: a
    zone is named by a city people know, and "Time", "Union", "Airport" and "Same" are
    towns of some 20,000 to 60,000 people, and words."""
    from summitcal.gazetteer import cities_named

    for written in dict.fromkeys((text, _SUFFIXES.sub("", text))):
        town, comma, country = written.rpartition(",")
        if comma and town.strip():  # "Biarritz, France": a town of any size
            return _town_zones(town, country)
        if len(written.strip()) < 3:  # "of" is a town in Turkey, and no zone's name
            continue
        cities = [city for city in cities_named(written) if city.population >= CITY_PEOPLE]
        exact = [city for city in cities if fold(city.name) == fold(written)]
        chosen = exact or cities
        # Namesakes a tenth the size of the largest are not what a file means:
        # "Frankfurt" is the German city, not Frankfort, Kentucky.
        largest = max((city.population for city in chosen), default=0)
        chosen = [city for city in chosen if city.population * 10 >= largest]
        zones = dict.fromkeys(canonical(city.zone) for city in chosen)
        known = [zone for zone in zones if zone in _zone_order()]
        if known:
            return known
    return []


@functools.cache
def _city_names() -> dict[str, str]:
    """Folded city name → the most populous city's name as the gazetteer writes it; the
    cities that can name a zone (:data:`CITY_PEOPLE`), the only ones worth suggesting."""
    from summitcal.gazetteer import all_cities

    names: dict[str, str] = {}
    for city in all_cities():  # most populous first
        if city.population < CITY_PEOPLE:
            break
        names.setdefault(fold(city.name), city.name)
    return names


@functools.cache
def _population() -> dict[str, int]:
    """Zone → the people of the gazetteer's cities (15,000 or more) in it."""
    from summitcal.gazetteer import all_cities

    people: dict[str, int] = defaultdict(int)
    for city in all_cities():
        people[canonical(city.zone)] += city.population
    return dict(people)


@functools.cache
def _windows() -> frozenset[str]:
    return frozenset(canonical(zone) for zone in get_global("windows_zone_mapping").values())


@functools.cache
def _alias_display() -> dict[str, str]:
    return {fold(alias): alias for alias, _zone in reversed(_alias_sources())}


@functools.cache
def _abbreviations() -> tuple[tuple[str, str], ...]:
    found: list[tuple[str, str]] = []
    for zone in _zone_order():
        info = tzdb.load(zone)
        seen: set[str] = set()
        for moment in _sample_instants():
            name = moment.astimezone(info).tzname() or ""
            if name.isalpha() and name not in seen:
                seen.add(name)
                found.append((zone, name))
    return tuple(found)


@functools.cache
def _sample_instants() -> tuple[datetime, ...]:
    return tuple(
        datetime(year, month, 15, tzinfo=UTC) for year in range(2015, 2041) for month in (1, 7)
    )


@functools.cache
def _clocks(zone: str) -> tuple[object, ...]:
    info = tzdb.load(zone)
    return tuple(moment.astimezone(info).utcoffset() for moment in _sample_instants())


def _choose(candidates: list[str]) -> str | list[str]:
    """One zone when the candidates keep the same clocks; one per kind of clock otherwise."""
    if len(candidates) == 1:
        return candidates[0]
    windows = _windows()
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
