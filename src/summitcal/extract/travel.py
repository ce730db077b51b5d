"""A trip's clocks: each event in the place the travel before it reached.

A programme of several days and places ("17:00 羽田発", "00:18 ポートモレスビー着", "Arrive
Delhi", "Departure from Jakarta") is in more than one clock. An arrival is in the place
arrived at, and so is what follows it; a departure is in the place left, and what
follows it is where the document places it; what comes before the first departure from
a place was in that place. Travel whose place no gazetteer knows ("Arrival of the
President", 「官邸着」), and every event of a text that names no such travel, keep the
document's zone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from summitcal.extract.japanese import has_japanese
from summitcal.extract.japanese_places import ja_places
from summitcal.extract.mentions import Mention
from summitcal.extract.programme import city_zone
from summitcal.model import Kind

__all__ = ["travel_zones"]

_ARRIVAL = re.compile(
    r"\b(?i:arriv(?:e|es|ed|al|als)|land(?:s|ed|ing)?)\b\s*(?:(?:in|at|to)\b)?\s*:?\s*(?P<place>[A-Z].*)"
)
_DEPARTURE = re.compile(
    r"\b(?i:depart(?:s|ed|ure)?|leav(?:e|es|ing)|left)\b\s*(?:from\b)?\s*:?\s*(?P<place>[A-Z].*)"
)
_JA_TRAVEL = re.compile(
    r"(?P<place>[\u30a0-\u30ff\u3400-\u9fff・]+?)(?:国際)?(?:空港)?(?P<way>着|発)$"
)


def travel_zones(mentions: Sequence[Mention], zones: Sequence[str]) -> list[str]:
    """Each event's zone: ``zones`` (the document's choice for each), moved by the
    travel the events name."""
    moves = [_travel(mention) for mention in mentions]
    if not any(move is not None for move in moves):
        return list(zones)
    result = list(zones)
    current: str | None = None
    first: int | None = None
    for index, (mention, move) in enumerate(zip(mentions, moves, strict=True)):
        if move is not None:
            way, zone = move
            result[index] = zone
            # An arrival puts what follows in its place; after a departure the events are
            # where the document says (the place left is behind).
            current = zone if way == "arrival" else None
            if first is None:
                first = index
        elif current is not None and not _own_clock(mention):
            result[index] = current
    move = moves[first] if first is not None else None
    if first is not None and move is not None:
        way, zone = move
        if way == "departure":  # what came before leaving a place happened there
            for index in range(first):
                if not _own_clock(mentions[index]):
                    result[index] = zone
    return result


def _own_clock(mention: Mention) -> bool:
    """A call is in the caller's clock wherever the trip is."""
    return mention.phrase.kind is Kind.CALL and mention.phrase.place is None


def _travel(mention: Mention) -> tuple[str, str] | None:
    """("arrival" or "departure", the zone of the place) when the event is travel to or
    from a place the gazetteer knows."""
    phrase = mention.phrase
    if phrase.kind is not Kind.TRAVEL:
        return None
    title = phrase.title
    if has_japanese(title):
        found = _JA_TRAVEL.search(title)
        if found is None:
            return None
        places = ja_places(found["place"])
        if not places:
            return None
        return ("arrival" if found["way"] == "着" else "departure"), places[-1].zone
    for way, pattern in (("arrival", _ARRIVAL), ("departure", _DEPARTURE)):
        found = pattern.search(title)
        if found is not None:
            zone = city_zone(found["place"])
            if zone is not None:
                return way, zone
    return None
