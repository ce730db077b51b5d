"""Step: which zone a document's times are in (the visit's place) and which zone its
reader keeps (the home zone), each with the reason, from the text and the gazetteer;
and the zone a label such as "JST" or "Beijing time" names.

A capitalised word is taken for a city only where the text uses it as a place
("in Sydney", "arrived in", "visit to", "Beijing time"), and a city in the visited
country wins over a namesake elsewhere, so "Reading" or "Nice" at the start of a
sentence, or Sydney in Nova Scotia, are not mistaken for the visit's city.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from babel import Locale

from summitcal.extract.demonyms import subject_country
from summitcal.extract.japanese import has_japanese, is_japanese_document
from summitcal.extract.japanese_places import (
    ja_label_zone,
    ja_places,
    ja_someone_there,
    ja_visited,
)
from summitcal.extract.records import ZoneChoice
from summitcal.extract.regions import region_named
from summitcal.extract.venues import venue_zone
from summitcal.gazetteer import (
    City,
    Country,
    capital_of,
    capitals,
    cities_named,
    countries_in,
    country_named,
    lowercase_unaccented,
)
from summitcal.messages import N_, CountryName, English, Named, Value
from summitcal.tzdb import country_zones, load
from summitcal.zone_names import CITY_PEOPLE, lookup, preferred
from summitcal.zones import UnknownZoneError, find_zone

__all__ = [
    "DocumentZones",
    "choose_home",
    "choose_local",
    "choose_zones",
    "context_zones",
    "government_zone",
    "label_zone",
    "same_clock",
]

_VISITING = re.compile(
    r"\b(?:visiting|visit(?:s|ed)?\s+to|trip\s+to|arrived\s+(?:in|at)|arrives\s+in|in)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_LOCATIVE = re.compile(
    r"\b(?:in|at|to|visiting|visited|arrived\s+in|arrives\s+in|from)\s+$", re.IGNORECASE
)
_CAPITALISED = re.compile(r"\b[A-Z][\w'’.-]*(?:[ \t]+[A-Z][\w'’.-]*){0,2}")
# "a meeting with the Minister of Foreign Affairs of Turkey": the counterpart's government,
# not the one the document speaks for.
_COUNTERPART = re.compile(
    r"\b(?:with|and|between|received|met)\s+(?:the\s+)?"
    r"(?:(?:H\.E\.|Hon\.|Mr\.|Ms\.|Mrs\.|Dr\.|[A-Z][\w'’.-]*)[ \t,]+)*$"
)
_GOVERNMENT = re.compile(
    r"\b(?:Prime\s+Minister|President|Chancellor|Premier|King|Queen|Emperor|Foreign\s+Minister|"
    r"Minister\s+for\s+Foreign\s+Affairs|Minister\s+of\s+Foreign\s+Affairs|Ministry\s+of\s+Foreign\s+Affairs|"
    r"Department\s+of\s+Foreign\s+Affairs(?:\s+and\s+Trade)?|Government|Federal\s+Foreign\s+Office)"
    r"(?:\s+[A-Z][\w'’-]+){0,3}\s+of\s+(?:the\s+)?$"  # "Prime Minister Ishiba of Japan"
)


@dataclass(frozen=True, slots=True)
class DocumentZones:
    local: ZoneChoice  # the visit's: where the events happen
    home: ZoneChoice  # the reader's: the other clock the text gives times in
    named: tuple[str, ...]  # zones of the places the text names (:func:`context_zones`)
    # Where a telephone talk with no place is: the caller's own, the home zone, unless
    # the text says the caller is visiting somewhere ("…, who is visiting Italy, held a
    # telephone talk"): then there.
    calls: str = ""

    @property
    def call_zone(self) -> str:
        return self.calls or self.home.zone


def choose_zones(
    narrative: str,
    labels: Sequence[str],
    named: tuple[str, ...],
    given: str | None = None,
    dateline: str = "",
    paired: bool = False,
) -> DocumentZones:
    """The local zone (``given``, else the place, else the ``dateline``'s city), then the
    home zone: the zone of the other clock the ``labels`` give times in, else the
    government's. The government named is the home country, not the visit's, so it is
    not taken for the place. ``paired``: some time is also given in a second clock."""
    government = government_zone(narrative)
    local = choose_local(narrative, government[0] if government else "", given, dateline)
    if local.weak and not paired:
        local = _own_clock(labels, named) or local
    home = choose_home(narrative, labels, local.zone or "Etc/UTC", named)
    if not local.zone:  # no place named, and no government to call home
        local = (
            ZoneChoice(home.zone, English(N_("no place is named in the text: the home zone")))
            if home is not None
            else ZoneChoice(
                "Etc/UTC",
                English(N_("no place and no home zone in the text: UTC; give --zone")),
            )
        )
    if home is None:
        home = ZoneChoice(local.zone, English(N_("no home zone is stated: the local zone")))
    visiting = given is None and local.visited
    if visiting and is_japanese_document(narrative):
        visiting = ja_someone_there(narrative, home.zone)
    caller = local.zone if visiting else ""
    if not caller and government is None and given is None:
        caller = _subject_zone(narrative)
    return DocumentZones(local, home, named, caller)


def _subject_zone(text: str) -> str:
    """ "South Korean Foreign Minister Yun … had phone talks with …": a call with no
    government named is on the side of the report's subject."""
    country = subject_country(text)
    zones = _country_zone(country) if country is not None else []
    return zones[0] if zones else ""


@functools.lru_cache(maxsize=1024)
def label_zone(label: str, prefer: tuple[str, ...] = ()) -> tuple[str | None, str]:
    """The zone a label names ("JST", "Japan Standard Time", "Japan time", "Beijing
    time"), and a problem when it names none. A name several clocks share ("Central
    European Time") is read as the zone in ``prefer`` (zones of the places the text
    names) that keeps that clock, else as the one most people live in ("BRT": São Paulo)."""
    text = " ".join(label.split()).strip(" ,;:")
    if not text:
        return None, ""
    if has_japanese(text):
        zone = ja_label_zone(text)
        return zone, "" if zone else English(N_("no zone is called “{label}”", label=text))
    named = lookup(text)
    if isinstance(named, str):
        return named, ""
    place = re.sub(r"\s+(?:standard\s+|daylight\s+|summer\s+)?time$", "", text, flags=re.IGNORECASE)
    cities = cities_named(place) if place != text else []
    if isinstance(named, list) and named:
        for zone in prefer:
            if any(same_clock(zone, candidate) for candidate in named):
                return zone, ""
        # "Moscow time" is Moscow's clock, though the name is one Minsk's shares.
        for city in cities[:1]:
            if any(same_clock(city.zone, candidate) for candidate in named):
                return city.zone, ""
        return preferred(named), ""
    cities = cities or cities_named(place)
    if cities:
        return cities[0].zone, ""
    for _start, _end, country in countries_in(place):
        zones = _country_zone(country)
        if zones:
            return zones[0], ""
    try:
        return find_zone(text).key, ""
    except UnknownZoneError as error:
        return None, English(error.message) if error.message else str(error)


@functools.lru_cache(maxsize=4096)
def same_clock(one: str, other: str) -> bool:
    """Whether two zones show the same time all through 2020-2030 (sampled twice a month)."""
    if one == other:
        return True
    first, second = load(one), load(other)
    for year in range(2020, 2031):
        for month in range(1, 13):
            for day in (1, 15):
                moment = datetime(year, month, day, 12, tzinfo=UTC)
                if moment.astimezone(first).utcoffset() != moment.astimezone(second).utcoffset():
                    return False
    return True


def context_zones(text: str) -> tuple[str, ...]:
    """Zones of the countries and cities the text names, in order: the ones a shared
    zone name most likely means."""
    zones: list[str] = []
    for _start, _end, country in countries_in(text):
        zones.extend(_country_zone(country))
    zones.extend(city.zone for city in _cities_named_as_places(text)[:20])
    if has_japanese(text):
        zones.extend(place.zone for place in ja_places(text)[:40])
    return tuple(dict.fromkeys(zones))


def choose_local(text: str, home_zone: str, given: str | None, dateline: str = "") -> ZoneChoice:
    """``given`` (--zone), else the visited country's zone (a city of it decides among
    several), else a city abroad named as a place, else the city a news report was filed
    from (its ``dateline``), else ``home_zone`` ("" if unknown)."""
    if given:
        return ZoneChoice(given, English(N_("given with --zone")))
    if has_japanese(text):
        place_said = ja_visited(text, home_zone)
        if place_said is not None:
            place, quote = place_said
            name: Value = place.name  # as the text writes it: 「リマ」
            if place.country is not None:
                name = CountryName(place.country.code, place.name)
            elif place.city is not None:
                name = Named(place.name, {"es": _spanish_city(place.city, place.zone)})
            why = English(
                N_(
                    "the visit is to {place} (“{quote}”): {zone}",
                    place=name,
                    quote=quote,
                    zone=place.zone,
                )
            )
            return ZoneChoice(place.zone, why, visited=True)
    visited = _visited_country(text, home_zone)
    cities = _cities_named_as_places(text)
    # "The meetings will take place in Brussels": a city named as the place, over a
    # country the text only says something is "in" ("the crisis in Venezuela"), unless
    # the report is filed from that country ("BUENOS AIRES (Sputnik) - … in Argentina").
    abroad = [
        c
        for c in cities
        if c.zone != home_zone and (c.population >= CITY_PEOPLE or c in capitals())
    ]
    only_in = visited is not None and visited[1].lower().startswith("in")
    if only_in and visited is not None and any(c.country != visited[0].code for c in abroad):
        filed = _dateline_city(dateline)
        if filed is None or filed.country != visited[0].code:
            visited = None
    if visited is not None:
        country, quote = visited
        zones = country_zones().get(country.code, ())
        in_country = [c for c in cities if c.country == country.code]
        visit = CountryName(country.code, country.name)
        weak = quote.lower().startswith("in")  # "in Venezuela": background says so too
        if len(zones) == 1:
            return ZoneChoice(
                zones[0],
                English(
                    N_(
                        "the visit is to {country} (“{quote}”), whose only zone is {zone}",
                        country=visit,
                        quote=quote,
                        zone=zones[0],
                    )
                ),
                visited=True,
                weak=weak,
            )
        if in_country:
            city = max(in_country, key=lambda c: c.population)
            return ZoneChoice(
                city.zone,
                English(
                    N_(
                        "the visit is to {country} (“{quote}”), which has {count} zones; "
                        "{city} is named in the text",
                        country=visit,
                        quote=quote,
                        count=len(zones),
                        city=city.name,
                    )
                ),
                visited=True,
            )
        capital = capital_of(country)
        if capital is not None:
            return ZoneChoice(
                capital.zone,
                English(
                    N_(
                        "the visit is to {country} (“{quote}”), which has {count} zones and no "
                        "city of it is named: the zone of its capital, {capital}; give --zone "
                        "if the visit is elsewhere",
                        country=visit,
                        quote=quote,
                        count=len(zones),
                        capital=capital.name,
                    )
                ),
                visited=True,
                weak=weak,
            )
    said = _local_time_in(text)
    if said is not None:
        return ZoneChoice(
            said.zone, English(N_("the text gives the local time in {city}", city=said.name))
        )
    # A town of a few thousand people named "Summit" or "Beaumont" is a word of the text,
    # not the place of a visit.
    if abroad:
        city = max(abroad, key=lambda c: c.population)
        return ZoneChoice(
            city.zone, English(N_("{city} is named as the place in the text", city=city.name))
        )
    filed = _dateline_city(dateline)
    if filed is not None:
        city = filed
        return ZoneChoice(
            city.zone,
            English(N_("the report is filed from {city} (its dateline)", city=city.name)),
        )
    if not home_zone:  # no government to call home: a seat named, or a large city
        seat = venue_zone(text)
        if seat is not None:
            return ZoneChoice(
                seat,
                English(N_("the text names a building in {zone}; give --zone if not", zone=seat)),
            )
        named = _large_cities_named(text)
        if named:
            city = named[0]
            return ZoneChoice(
                city.zone,
                English(
                    N_(
                        "{city} is the only large city the text names (“{city}”); "
                        "give --zone if the events are elsewhere",
                        city=city.name,
                    )
                ),
            )
    return ZoneChoice(home_zone, English(N_("no place abroad is named in the text: the home zone")))


def _spanish_city(city: City, zone: str) -> str:
    """The Spanish name of a city a Japanese text names: GeoNames' (English) name, or for
    a city known by its zone's CLDR name the CLDR's Spanish one («Lima» for 「リマ」)."""
    if city.country:  # a GeoNames city: its name is the English one
        return city.name
    exemplar = zone.rsplit("/", 1)[-1].replace("_", " ")  # the CLDR's city where it has none
    return str(Locale.parse("es").time_zones.get(zone, {}).get("city", exemplar))


def _own_clock(labels: Sequence[str], named: tuple[str, ...]) -> ZoneChoice | None:
    """ "at 19:45 BST", "At 11:00BST", and no time in another clock: where the events
    are, over a country the text only says something happened "in" ("the victims of the
    fires in Australia last month")."""
    zones = {label_zone(label, named)[0] for label in labels}
    if len(zones) != 1 or None in zones:
        return None
    (zone,) = zones
    if zone is None or _universal(zone):
        return None
    zone = next((z for z in named if same_clock(z, zone)), zone)  # "CEST": Brussels, named
    return ZoneChoice(
        zone,
        English(
            N_("every time is given in “{label}” ({zone})", label=labels[0].strip(), zone=zone)
        ),
    )


def government_zone(text: str) -> tuple[str, str] | None:
    """The zone of the government the document speaks for ("Prime Minister of Japan",
    "Minister for Foreign Affairs of Australia": the first such named), and a quote. A
    document in Japanese is Japan's (its readers keep Japan's clock)."""
    if is_japanese_document(text):
        return "Asia/Tokyo", English(N_("the document is in Japanese, for readers in Japan"))
    for start, end, country in countries_in(text)[:_MENTIONS_READ]:
        before = text[max(0, start - 60) : start]
        named = _GOVERNMENT.search(before)
        if named and not _COUNTERPART.search(before, 0, named.start()):
            zones = _country_zone(country)
            if zones:
                quote = text[max(0, start - 40) : end].split("\n")[-1].strip()
                return zones[0], English(
                    N_(
                        "the document speaks for {country} (“…{quote}”)",
                        country=CountryName(country.code, country.name),
                        quote=quote,
                    )
                )
    return _first_of_pair(text)


# "Japan-Australia Foreign Ministers' Telephone Talk", "Korea-US Summit": a government
# names itself first in its titles.
_PAIR = re.compile(r"\b(?P<first>[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)[-–](?P<second>[A-Z][\w.]*)\b")


# Short names a pair uses that are no country's name alone ("Korea" names two).
_PAIR_NAMES = {"Korea": "KR", "ROK": "KR", "U.S.": "US", "USA": "US", "UK": "GB", "U.K.": "GB"}


def _pair_country(name: str) -> Country | None:
    return country_named(_PAIR_NAMES.get(name, name))


def _first_of_pair(text: str) -> tuple[str, str] | None:
    """The zone of the first country of a pair in the document's first lines, and a quote."""
    for pair in _PAIR.finditer(text[:400]):
        first, second = _pair_country(pair["first"]), _pair_country(pair["second"])
        if first is None or second is None:
            continue
        zones = _country_zone(first)
        if zones:
            return zones[0], English(
                N_(
                    "the title names {country} first (“{pair}”)",
                    country=CountryName(first.code, first.name),
                    pair=pair.group(),
                )
            )
    return None


def choose_home(
    text: str, labels: Sequence[str], local: str, prefer: tuple[str, ...] = ()
) -> ZoneChoice | None:
    """The zone of the labels the text gives times in, other than the local clock
    ("Japan Standard Time", "JST"); else the government's; else None."""
    zones = Counter(
        zone
        for zone in (label_zone(label, prefer)[0] for label in labels)
        if zone and not same_clock(zone, local) and not _universal(zone)
    )
    if zones:
        zone, _count = zones.most_common(1)[0]
        label = next(label for label in labels if label_zone(label, prefer)[0] == zone)
        return ZoneChoice(
            zone,
            English(
                N_("times are also given in “{label}” ({zone})", label=label.strip(), zone=zone)
            ),
        )
    government = government_zone(text)
    if government is not None:
        return ZoneChoice(*government)
    return None


def _dateline_city(dateline: str) -> City | None:
    """The first city a dateline names ("PANMUNJOM/GOYANG": Goyang, as Panmunjom is no
    city of the gazetteer), a city of that very name before one it is another name of."""
    for name in dateline.split("/"):
        cities = cities_named(name) if name else []
        exact = [c for c in cities if lowercase_unaccented(c.name) == lowercase_unaccented(name)]
        if exact or cities:
            return max(exact or cities, key=lambda c: c.population)
    return None


def _universal(zone: str) -> bool:
    """GMT and UTC are the clock a wire story checks times against, no reader's home."""
    return zone.startswith("Etc/") or zone in ("UTC", "GMT")


def _country_zone(country: Country) -> list[str]:
    zones = country_zones().get(country.code, ())
    if len(zones) > 1:
        capital = capital_of(country)
        if capital is not None:
            return [capital.zone]
    return list(zones)


# "President Park's trip to China in June", "his visit to Japan last year": a visit of
# another time, not the one the text is about.
_ANOTHER_TIME = re.compile(
    r"(?:,?\s+in\s+(?:early\s+|late\s+|mid-)?(?:January|February|March|April|May|"
    r"June|July|August|September|October|November|December)\b(?!\s+\d)"
    r"|,?\s+in\s+\d{4}\b"
    r"|,?\s+(?:last|earlier\s+this|in\s+the\s+past)\s+(?:year|month|week|spring|summer|autumn|fall|winter)\b)"
)


def _visited_country(text: str, home_zone: str) -> tuple[Country, str] | None:
    strong = _visited(text, home_zone, weak=False)
    return strong if strong is not None else _visited(text, home_zone, weak=True)


def _visited(text: str, home_zone: str, weak: bool) -> tuple[Country, str] | None:
    """A country named as the visit's ("visiting the Republic of Peru", "visit to"), or
    with ``weak`` any country the text says something is "in"."""
    for start, end, country in countries_in(text)[:_MENTIONS_READ]:
        before = text[max(0, start - 40) : start]
        match = _VISITING.search(
            re.sub(
                r"(?:the\s+)?(?:[A-Z][\w’'-]*\s+){0,2}(?:Republic|Kingdom|State|Commonwealth|Federation|"
                r"Principality|Sultanate|Emirate|Confederation|Union)\s+of\s+(?:the\s+)?$",
                "",
                before,
            )
        )
        if match is None or (not weak and match.group().lower().startswith("in")):
            continue
        quote = (text[start - len(before) + match.start() : end]).strip()
        if _GOVERNMENT.search(before) or _ANOTHER_TIME.match(text, end):
            continue
        zones = _country_zone(country)
        if zones and zones[0] == home_zone:
            continue  # a visit home, or the home country named in passing
        return country, quote
    return None


_LOCAL_TIME_IN = re.compile(
    r"\blocal\s+time\s+in\s+(?P<place>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2})"
)


def _local_time_in(text: str) -> City | None:
    """ "will begin at 11.30 am local time in Alaska": the place whose clock the text
    gives is where the events are, over other cities it names ("told reporters in
    Moscow")."""
    for said in _LOCAL_TIME_IN.finditer(text[:20_000]):
        words = said["place"].split()
        for size in range(len(words), 0, -1):
            places = _places_named(" ".join(words[:size]).rstrip(".,;:"))
            places = [c for c in places if c.population >= CITY_PEOPLE or c in capitals()]
            if places:
                return max(places, key=lambda c: c.population)
    return None


def _places_named(name: str) -> list[City]:
    """Cities called ``name``, those it is the own name of first; a region of that name
    (Bali) alone, not the smaller towns elsewhere that share it."""
    region = region_named(name)
    if region is not None:
        return [region]
    cities = cities_named(name)
    # "Islamabad" is also an old name of Chittagong: a large city whose own name says it
    # ("Islamabad"; "City of Westminster" for "Westminster") first.
    wanted = _words_of(name)
    own = [
        c
        for c in cities
        if wanted in _words_of(c.name) and (c.population >= CITY_PEOPLE or c in capitals())
    ]
    return own or cities


def _words_of(name: str) -> str:
    """ "City of Westminster" as " city of westminster ", to find a name's words in."""
    return " " + " ".join(_NOT_WORD.split(lowercase_unaccented(name))).strip() + " "


_NOT_WORD = re.compile(r"[^\w]+")


@functools.lru_cache(maxsize=4)
def _cities_named_as_places(text: str) -> tuple[City, ...]:
    """Cities named where the text uses a place ("in Sydney"), every namesake of each."""
    found: list[City] = []
    for match in _CAPITALISED.finditer(text):
        if not _LOCATIVE.search(text[max(0, match.start() - 20) : match.start()]):
            continue
        if _ANOTHER_TIME.match(text, match.end()):
            continue  # "Yun and Wang met in New York in September": another time's place
        words = []
        for word in match.group().split():
            words.append(word.rstrip(".,;:"))
            if word[-1] in ".,;:" and not re.fullmatch(r"(?:[A-Z]\.)+", word):
                break  # "Washington." ends the name; "D.C." does not
        for size in range(len(words), 0, -1):
            cities = _places_named(" ".join(words[:size]))
            if cities:
                found.extend(cities)
                break
    return tuple(found)


# A press text names fewer countries than this; a text naming more (hostile, or a megabyte
# of texts) is looked at up to here for its government and its visit.
_MENTIONS_READ = 200
# A city named anywhere, not as a place ("European Convention Center Luxembourg"), is
# taken only when it is this large or a capital: a namesake is likelier the smaller it is.
_LARGE = 300_000


@functools.lru_cache(maxsize=4)
def _large_cities_named(text: str) -> tuple[City, ...]:
    """Large cities a text names anywhere ("European Convention Center Luxembourg"), when
    they all keep one clock; none when they disagree."""
    found: list[City] = []
    for match in _CAPITALISED.finditer(text[:20_000]):
        for name in _spans(match.group().split()):
            cities = [c for c in _places_named(name) if c.population >= _LARGE or c in capitals()]
            if cities:
                found.append(max(cities, key=lambda c: c.population))
                break
    if not found or any(not same_clock(c.zone, found[0].zone) for c in found):
        return ()
    return tuple(found)


def _spans(words: list[str]) -> list[str]:
    """The runs of ``words``, longest first, then from the left: "EECL Luxembourg" is
    tried whole, then "EECL", then "Luxembourg"."""
    return [
        " ".join(words[start : start + size]).rstrip(".,;:")
        for size in range(len(words), 0, -1)
        for start in range(len(words) - size + 1)
    ]
