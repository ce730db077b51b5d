"""Programmes: the lines of an agenda, a media advisory, an itinerary or an indicative
programme, each a time and the item ("- 14.30 Arrival of Heads of State", "+/- 09.00
Doorstep by the High Representative", "1250 hrs" with "Arrive: Mumbai" on the next line,
"09:20-10:05 Working breakfast", "8:30 a.m. JST The Prime Minister will visit the Meiji
Shrine", "19.00 (approximately) End of the meeting", 「09:00 衆議院外務委員会(-12:00)」).

Such a line names its event by the whole item, not by a noun in a sentence. A dotted
"09.30" with no a.m./p.m. or hrs starts an item only in a text with two such lines (alone
it is likelier a numbered paragraph, "3.25 The Leaders welcomed …"). A line between a
time and its item may only say where ("27th Floor"); a heading may put the items after
it in a place ("Visit to Greece (local time)"). An item that only ends what came before
("End of ...", "Close") gives the previous item its end; a range's end without a.m./p.m.
is the first such time after its start. "All times are approximate" anywhere in the text
hedges every time of the programme.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import time

from summitcal.extract.japanese import has_japanese
from summitcal.extract.japanese_places import ja_label_zone
from summitcal.extract.phrases import find_phrases
from summitcal.extract.times import Clock, clock_value, find_clocks, find_dates
from summitcal.gazetteer import capital_of, capitals, cities_named, countries_in
from summitcal.model import Kind
from summitcal.tzdb import country_zones
from summitcal.zone_names import CITY_PEOPLE

__all__ = [
    "ProgrammeLine",
    "all_approximate",
    "city_zone",
    "item_zone",
    "place_heading",
    "place_line",
    "programme_kind",
    "read_line",
    "title_line",
]

_HEDGE = r"(?P<hedge>\+/-|\+/–|±|(?i:approx\.|approximately|around|about|ca\.|c\.|from))?"
_TIME = (
    r"(?P<{0}h>2[0-4]|[01]?\d)(?:[.:h](?P<{0}m>[0-5]\d)|(?P<{0}m2>[0-5]\d)(?=\s*(?:hrs?|hours)\b))?"
    r"(?:\s*(?P<{0}ampm>[ap]\.?\s?m\b\.?))?"
)
_LINE = re.compile(
    r"^[-–•*·]?\s*"
    + _HEDGE
    + r"\s*"
    + _TIME.format("a")
    + r"(?:\s*(?:-|–|—|to|until)\s*"
    + _TIME.format("b")
    + r")?"
    + r"(?:\s*(?:hrs?\b|hours\b|h\b))?"
    + r"(?:\s+(?P<label>LOCAL|local\s+time|[A-Z]{1,4}T|UTC|GMT)\b)?"
    + r"\s*(?P<approx>\((?:approx\.?|approximately|tbc\.?|ttbc\.?)\))?"
    + r"\s*[:.\-–]?\s*(?P<title>.*)$",
)
# An end written after the item: "(-12:00)", "(〜15:00)", "(until 15.30)".
_UNTIL = re.compile(
    r"\s*[(（]\s*(?:-|–|〜|~|until\s+|to\s+)\s*(?P<h>2[0-4]|[01]?\d)[:.](?P<m>[0-5]\d)\s*[)）]\s*$"
)
_JA_SECOND_CLOCK = re.compile(r"^[(（](?P<place>[^\d()（）]{1,12}?)\s*\d{1,2}:\d\d[)）]$")
_ALL_APPROXIMATE = re.compile(
    r"\ball\s+times\s+(?:are\s+)?(?:approximate|indicative|subject\s+to\s+change)", re.IGNORECASE
)
_ENDS = re.compile(
    r"^(?:\(approx\.?\)\s*)?(?:end\b|close\b|closing\s+of\b|conclusion\b)", re.IGNORECASE
)
# Items a programme names that the sentence nouns do not (:mod:`.phrases`).
_PROGRAMME_KINDS: list[tuple[re.Pattern[str], Kind]] = [
    (
        re.compile(r"\bsession\b|\bround\s*table\b|\bcall\s+(?:on|by)\b", re.IGNORECASE),
        Kind.MEETING,
    ),
    (
        re.compile(r"\bdoorsteps?\b|\bpress\s+statements?\b|\bpress\s+point\b", re.IGNORECASE),
        Kind.PRESS_CONFERENCE,
    ),
    (
        re.compile(r"\bfamily\s+photo\b|\bwelcom(?:e|ing)\b|\bwreath\b", re.IGNORECASE),
        Kind.CEREMONY,
    ),
    (
        re.compile(
            r"\barriv(?:e|al|als)\b|\bdepart(?:ure)?\b|\bemplane\b|\benplane\b|\bdeplane\b",
            re.IGNORECASE,
        ),
        Kind.TRAVEL,
    ),
    (re.compile(r"\bvisit\b|\btour\b", re.IGNORECASE), Kind.VISIT),
]


@dataclass(frozen=True, slots=True)
class ProgrammeLine:
    """One line of a programme: its time (a range's end too) and its item, "" when the
    item is on the next line."""

    clock: Clock
    end: Clock | None
    title: str
    ends_previous: bool  # "End of the meeting": the previous item's end, not an event
    label: str = ""  # the clock it is given in ("JST", "ET"), "" for the local one
    place: str = ""  # a line of its own before the item ("27th Floor", "Venue: ...")
    dotted: bool = False  # "09.30" with no a.m./p.m. or hrs: a number too, alone


def all_approximate(text: str) -> bool:
    """Whether the text says every time of its programme is approximate."""
    return _ALL_APPROXIMATE.search(text) is not None


def read_line(text: str, *, approximate: bool = False) -> ProgrammeLine | None:
    """The programme line ``text`` is, or None when it is not one (a sentence that
    happens to start with a number, a date line, a time with a.m./p.m.)."""
    match = _LINE.match(text)
    if match is None or len(text) > 400:
        return None
    if not (match["am"] or match["am2"] or match["aampm"]):
        return None  # "11 Heads of State", "2018 Summit": a number, not a time
    if has_japanese(text) and not (match["am"] and text[match.end("ah")] == ":"):
        return None  # Japanese clocks (「8時45分」) are read with their sentences
    title = match["title"].strip()
    if re.match(r"\d", title) or (title and title[:1].islower()):
        return None  # "10.5 million", "10.30 per cent of ...": prose
    if title and (title[0] in ",;" or (title[0] in "(（" and not _JA_SECOND_CLOCK.match(title))):
        return None  # "From 11:20 a.m. to 0:05 p.m., Prime Minister …", "Around 10:40 a.m. (local"
    hedged = bool(match["hedge"] and match["hedge"].lower() != "from") or bool(match["approx"])
    clock = _clock(match, "a", "around" if hedged or approximate else None, match["aampm"])
    if clock is None:
        return None
    end = None
    if match["bh"]:  # "11.00 a.m. - 2.00" shares the a.m./p.m.; "11.00 a.m. - 14.00" not
        shared = match["aampm"] if int(match["bh"]) <= 12 else None
        end = _clock(match, "b", None, match["bampm"] or shared)
    until = _UNTIL.search(title)
    if until is not None and end is None:  # "衆議院外務委員会(-12:00)", "Talks (until 15.30)"
        end = _after(
            clock,
            Clock(
                match.start("title") + until.start(),
                match.start("title") + until.end(),
                until.group(),
                time(int(until["h"]) % 24, int(until["m"])),
                None,
                next_day=until["h"] == "24",
            ),
            bool(match["aampm"]),
        )
        title = title[: until.start()].rstrip()
    elif end is not None and not match["bampm"]:
        end = _after(clock, end, bool(match["aampm"]))
    second = _JA_SECOND_CLOCK.match(title)
    if second is not None and ja_label_zone(second["place"]) is not None:
        # 「15:00(バンコク13:00)」: the time is Japan's, the place's is in brackets.
        return ProgrammeLine(clock, end, "", False, "日本時間")
    if title and not title_line(title, inline=True):
        title = ""  # "1250 hrs Saturday, November 6, 2010": a date, not an item
    label = match["label"] or ""
    if label.lower() in ("local", "local time"):
        label = ""
    dotted = text[match.end("ah") : match.end("ah") + 1] == "." and not match["aampm"]
    return ProgrammeLine(clock, end, title, bool(_ENDS.match(title)), label, dotted=dotted)


def title_line(text: str, *, inline: bool = False) -> bool:
    """Whether a line can name a programme item: some words, not only a date; a line of
    its own (not ``inline`` after the time) is short and has no time."""
    words = text.strip()
    if not words or (not inline and (len(words) > 300 or find_clocks(words, 1))):
        return False
    dates = find_dates(words)
    rest = words
    for mentioned in dates:
        rest = rest.replace(mentioned.text, " ")
    return bool(re.search(r"[A-Za-z]{3}|[\u3040-\u30ff\u3400-\u9fff]", rest)) and not re.fullmatch(
        r"[\s,.\[\]()\d-]*(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)?[\s,.\[\]()\d-]*",
        rest,
    )


_EVENT_WORDS = re.compile(
    r"\b(?:reception|ceremony|briefing|photo|signing|plenary|forum|concert|tour)\b", re.IGNORECASE
)
_PLACE_END = re.compile(
    r"\b(?:room|floor|hall|lobby|stakeout|building|entrance|auditorium|terminal|airport|"
    r"atrium|forecourt|lawns?)\b(?:\s*,\s*[\w-]+)?\s*$",
    re.IGNORECASE,
)
_PLACE_WORDS = re.compile(
    r"^(?:venue\s*:|location\s*:)|\b(?:floor|room|hall|lobby|stakeout|building|entrance|"
    r"venue|auditorium|terminal|airport|podium|atrium|forecourt|lawns?)\b",
    re.IGNORECASE,
)


def place_line(text: str) -> bool:
    """Whether a line between a programme's time and its item only says where ("27th
    Floor", "Press Briefing Room, S-237", "Venue: Hyderabad House"), not what happens
    there ("Ceremonial Reception at Forecourt")."""
    if len(text) > 60 or _PLACE_WORDS.search(text) is None:
        return False
    if _PLACE_END.search(text) and not re.search(r"\s(?:at|in|on)\s", text):
        return True  # "Press Briefing Room, S-237": a room, whatever its name
    return programme_kind(text) is Kind.OTHER and not _EVENT_WORDS.search(text)


_HEADING = re.compile(
    r"^(?:(?:official|state|working)\s+)?(?:visit|trip|travel)\s+(?:to|in)\s+(?P<place>[A-Z][\w'’. -]{1,40}?)"
    r"\s*(?:\((?:local\s+time|all\s+times\s+local)\))?\s*$",
    re.IGNORECASE,
)


def place_heading(text: str) -> str | None:
    """The zone of a programme's place heading ("Visit to Greece (local time)", "Visit
    to Malta"): the items after it, until the next day, are there."""
    heading = _HEADING.match(text.strip())
    if heading is None:
        return None
    place = heading["place"]
    for _start, _end, country in countries_in(place):
        capital = capital_of(country)
        zones = country_zones().get(country.code, ())
        if capital is not None:
            return capital.zone
        if zones:
            return zones[0]
    return city_zone(place)


def programme_kind(title: str) -> Kind:
    """The kind an item's words say: a noun of the sentences', else a programme's word."""
    phrases = find_phrases(title, timed=True)
    if phrases:
        return phrases[0].kind
    for pattern, kind in _PROGRAMME_KINDS:
        if pattern.search(title):
            return kind
    return Kind.OTHER


def _clock(match: re.Match[str], which: str, hedge: str | None, ampm: str | None) -> Clock | None:
    hour = int(match[f"{which}h"])
    minute = int(match[f"{which}m"] or match[f"{which}m2"] or 0)
    half = (ampm or "").lower().replace(".", "").replace(" ", "")
    if hour == 24 and (minute or half or which == "a"):
        return None  # only a range may end at 24.00
    value, _problem = clock_value(hour, minute, half)
    if value is None:
        return None  # "14:20 a.m.": for the sentence reader, which reports it
    start, end = match.start(f"{which}h"), match.end(which + "h")
    for group in (f"{which}m", f"{which}m2", f"{which}ampm"):
        if match[group]:
            end = match.end(group)
    return Clock(start, end, match.string[start:end], value, hedge, next_day=hour == 24)


def _after(start: Clock, end: Clock, twelve_hour: bool) -> Clock:
    """A range's end written without a.m./p.m. ("11.00 a.m. - 2.00", "(until 1.30)") is
    the first such time after the start: 2.00 is 14:00, not 2:00 the next morning."""
    if not twelve_hour or end.value is None or start.value is None or end.next_day:
        return end
    written = re.match(r"\d+", end.text)
    if written is None or int(written.group()) > 12:
        return end  # "11.00 a.m. - 14.00": a 24-hour end means what it says
    began = start.value.hour * 60 + start.value.minute
    hour = int(written.group()) % 12
    for candidate in (hour, hour + 12, hour + 24):  # "9.00 p.m.-12.00" ends at midnight
        if candidate * 60 + end.value.minute > began:
            value = time(candidate % 24, end.value.minute)
            return replace(end, value=value, next_day=candidate >= 24)
    return end


def city_zone(words: str) -> str | None:
    """The zone of the city the words start with ("Delhi", "Rio de Janeiro airport",
    "Washington, D.C."), if it is a capital or has 100,000 people or more."""
    names = re.split(r"[,;:(]", words, maxsplit=1)[0].split()[:4]
    for size in range(len(names), 0, -1):
        cities = [
            city
            for city in cities_named(" ".join(names[:size]).rstrip("."))
            if city.population >= CITY_PEOPLE or city in capitals()
        ]
        if cities:
            return max(cities, key=lambda city: city.population).zone
    return None


# "… meets with the Foreign Minister in Tokyo, Japan.": where a programme's item is.
_ITEM_PLACE = re.compile(
    r"\b(?:in|at)\s+(?P<place>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,2})"
    r"(?:,\s*[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,2})?\.?\s*$"
)


def item_zone(title: str) -> str | None:
    """The zone of the city a programme's item ends by naming, if any."""
    place = _ITEM_PLACE.search(title)
    return city_zone(place["place"]) if place is not None else None
