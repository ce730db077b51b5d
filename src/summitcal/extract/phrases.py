"""Events named in a sentence: "a welcome ceremony at the Presidential Palace", "a
luncheon hosted by President Boluarte", "a telephone talk with ...".

An event is a noun people use for the parts of a visit (ceremony, meeting, talks,
luncheon, press conference, telephone talk, ...), with the words before it that name it
("presentation ceremony", "Japan-Peru Summit Meeting") and after it that say whose or
what ("of the Joint Statement", "hosted by President Boluarte", "with H.E. Ms. Dina
Boluarte"); "at the Presidential Palace" becomes its place.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from summitcal.model import Kind

__all__ = ["Phrase", "find_phrases"]

_NOUNS: list[tuple[str, Kind]] = [
    ("joint press conference", Kind.PRESS_CONFERENCE),
    ("press conference", Kind.PRESS_CONFERENCE),
    ("press encounter", Kind.PRESS_CONFERENCE),
    ("press briefing", Kind.PRESS_CONFERENCE),
    ("joint press announcement", Kind.PRESS_CONFERENCE),
    ("telephone talks?", Kind.CALL),
    ("telephone call", Kind.CALL),
    ("phone call", Kind.CALL),
    ("video conference", Kind.CALL),
    ("videoconference", Kind.CALL),
    ("video call", Kind.CALL),
    ("online meeting", Kind.CALL),
    ("working lunch(?:eon)?", Kind.MEAL),
    ("working dinner", Kind.MEAL),
    ("working breakfast", Kind.MEAL),
    ("luncheon", Kind.MEAL),
    ("lunch", Kind.MEAL),
    ("dinner", Kind.MEAL),
    ("banquet", Kind.MEAL),
    ("breakfast", Kind.MEAL),
    ("reception", Kind.MEAL),
    ("courtesy call", Kind.MEETING),
    ("summit meeting", Kind.MEETING),
    ("small group meeting", Kind.MEETING),
    ("expanded meeting", Kind.MEETING),
    ("plenary (?:meeting|session)", Kind.MEETING),
    ("meeting", Kind.MEETING),
    ("summit talks", Kind.MEETING),
    ("talks", Kind.MEETING),
    ("wreath[- ]laying ceremony", Kind.CEREMONY),
    ("ceremony", Kind.CEREMONY),
    ("wreath[- ]laying", Kind.VISIT),
    ("speech", Kind.SPEECH),
    ("keynote address", Kind.SPEECH),
    ("policy address", Kind.SPEECH),
    ("lecture", Kind.SPEECH),
    ("remarks", Kind.SPEECH),
    ("tour of", Kind.VISIT),
    ("arrival", Kind.TRAVEL),
    ("departure", Kind.TRAVEL),
]
# Events said with a verb: "arrived in Sydney", "visited the Guimet Museum", "paid a
# visit to ...", "will depart Manila". The object is the place, up to a comma or a time.
_OBJECT = r"(?P<object>(?:the\s+|an?\s+)?[\w'’().-]+(?:\s+(?!at\s+\d|on\s+[A-Z]|for\s+|from\s+\d|in\s+order|where\b|to\s+attend)[\w'’().-]+){0,11}?)(?=\s*(?:[,;]|\s+(?:at|on|from|for|in\s+order|where|and\s+(?:then|held|attended))\b|[.!?](?:\s|$)|$))"
_VERBS: list[tuple[re.Pattern[str], str, Kind]] = [
    (
        re.compile(r"\b(?:arrived|arrives|will\s+arrive)\s+(?:in|at)\s+" + _OBJECT),
        "Arrival in",
        Kind.TRAVEL,
    ),
    (
        re.compile(
            r"\b(?:visited|will\s+visit|paid\s+a\s+visit\s+to|made\s+a\s+visit\s+to|will\s+pay\s+a\s+visit\s+to)\s+"
            + _OBJECT
        ),
        "Visit to",
        Kind.VISIT,
    ),
    (
        re.compile(
            r"\b(?:departed|departs|will\s+depart|left)\s+(?:from\s+)?(?P<object>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})"
        ),
        "Departure from",
        Kind.TRAVEL,
    ),
]
# "for the ... Meeting", "of the meeting": a purpose or a reference, not an event held.
_WINDOW = 80  # characters looked at before a noun: enough for its naming words
_NOT_HELD = re.compile(
    r"(?:\bfor|\bof|\bduring|\bafter|\bbefore|\bon\s+the\s+occasion\s+of|\bahead\s+of)\s+(?:the|this|that)\s+$",
    re.IGNORECASE,
)
_NOUN = re.compile(r"\b(?P<noun>" + "|".join(noun for noun, _ in _NOUNS) + r")\b", re.IGNORECASE)
_KINDS = [(re.compile(noun + "$", re.IGNORECASE), kind) for noun, kind in _NOUNS]

# Words that name the event, just before its noun: "presentation", "welcome", "Japan-Peru
# Summit", "state"; a determiner, a verb or a preposition ends them.
_STOP_BEFORE = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "to",
        "of",
        "in",
        "on",
        "at",
        "with",
        "by",
        "for",
        "attended",
        "held",
        "hosted",
        "had",
        "has",
        "have",
        "was",
        "were",
        "is",
        "will",
        "then",
        "followed",
        "after",
        "afterwards",
        "before",
        "his",
        "her",
        "their",
        "its",
        "this",
        "that",
        "which",
        "also",
        "first",
        "then,",
        "commencing",
        "from",
        "into",
        "as",
        "attend",
        "hold",
        "host",
        "delivered",
        "deliver",
        "gave",
        "give",
        "made",
        "make",
        "paid",
        "pay",
        "visited",
        "joined",
        "join",
        "signed",
        "chaired",
        "co-chaired",
        "received",
        "addressed",
        "subsequently",
    ]
)
_TAIL = re.compile(
    r"\s+(?:(?:hosted|given|offered)\s+by|of|with|for(?!\s+(?:approximately|about|around|roughly|some|nearly|almost|over|\d|one|two|three|four|five|six|half|an?\s))|between|in\s+honou?r\s+of|on(?!\s+[A-Z][a-z]+\s+\d)|among|at\s+(?=the\s+[a-z]))\s+"
    r"(?P<tail>[^,;()]*?)(?=\s*(?:[,;()]|\s+and\s+(?:a|an|the)\s|\s+followed\s+by|\s+(?:was|were|is|will|had|took)\b|\s+at\s+(?:the\s+)?[A-Z]|\s+in\s+[A-Z]|(?<![A-Z])(?<!Mr)(?<!Ms)(?<!Mrs)(?<!Dr)(?<!St)(?<!Rt)(?<!Hon)(?<!Sen)(?<!Jr)(?<!Gov)(?<!Amb)(?<!Prof)[.!?](?:\s|$)|$))"
)
_PLACE = re.compile(
    r"\s+(?:at|in)\s+(?P<place>(?:the\s+)?[A-Z][\w'’-]*(?:\s+(?:of\s+the\s+|of\s+|de\s+|del\s+)?[A-Z][\w'’-]*)*)"
)


@dataclass(frozen=True, slots=True)
class Phrase:
    start: int  # offsets within the sentence
    end: int
    title: str
    kind: Kind
    place: str | None
    reference: bool = False  # "the meeting": an event named before


def find_phrases(sentence: str, *, timed: bool = False) -> list[Phrase]:
    """Events named in the sentence, in order. In a sentence without a time, ones named
    with "the" refer back ("The meeting lasted ...": see :func:`find_references`) and are
    left out; in a ``timed`` one they are events ("At 12 a.m., the departure ...")."""
    return [p for p in _phrases(sentence) if timed or not p.reference]


def find_references(sentence: str) -> list[Phrase]:
    """Events the sentence refers back to with "the" ("The talks lasted 90 minutes")."""
    return [p for p in _phrases(sentence) if p.reference]


@functools.lru_cache(maxsize=64)
def _phrases(sentence: str) -> tuple[Phrase, ...]:
    phrases: list[Phrase] = []
    lowered = sentence.lower()
    verbs = _VERBS if any(stem in lowered for stem in ("arriv", "visit", "depart", "left")) else []
    for pattern, prefix, kind in verbs:
        for match in pattern.finditer(sentence):
            place = match["object"].strip().rstrip(".,;:")
            if not place or place.lower() in ("the", "a", "an"):
                continue
            title = f"{prefix} {place}"
            phrases.append(Phrase(match.start(), match.end(), title, kind, None, False))
    for match in _NOUN.finditer(sentence):
        noun = match["noun"]
        if noun.lower() in ("reception", "departure", "arrival") and not _event_like(
            sentence, match.start()
        ):
            continue
        start = _name_start(sentence, match.start())
        before = sentence[max(0, start - _WINDOW) : start]  # what precedes it, bounded
        if _NOT_HELD.search(before):
            continue
        if noun.lower() == "remarks" and not re.search(
            r"\b(?:delivered|gave|made|will\s+deliver|will\s+give)\s+(?:\w+\s+){0,2}$",
            before,
        ):
            continue
        reference = bool(re.search(r"\bthe\s+$", before, re.IGNORECASE))
        end = match.end()
        if noun.lower().endswith(" of"):  # "tour of the Gardens by the Bay"
            what = re.compile(r"\s+" + _OBJECT).match(sentence, end)
            if what is not None:
                end = what.end()
        tail = _TAIL.match(sentence, end)
        if tail is not None and tail["tail"].strip() and len(tail["tail"].split()) <= 14:
            end = tail.end()
        title = sentence[start:end].strip()
        place = _PLACE.match(sentence, end)
        place_name = place["place"].removeprefix("the ").strip() if place else None
        kind = next(kind for pattern, kind in _KINDS if pattern.search(noun))
        phrases.append(
            Phrase(start, end, title[:1].upper() + title[1:], kind, place_name, reference)
        )
    # A phrase that starts inside a longer one ("meeting" in "visited the meeting hall")
    # is not its own: longest first at each start, then one sweep.
    phrases.sort(key=lambda p: (p.start, p.start - p.end))
    kept: list[Phrase] = []
    for phrase in phrases:
        if kept and phrase.start < kept[-1].end:
            continue
        kept.append(phrase)
    return tuple(kept)


def _name_start(sentence: str, noun_start: int) -> int:
    """Back over up to four words that name the event ("presentation", "Summit")."""
    start = noun_start
    offset = max(0, noun_start - _WINDOW)
    words = [
        (offset + m.start(), offset + m.end(), m.group())
        for m in re.finditer(r"[\w’'-]+", sentence[offset:noun_start])
    ]
    for word_start, word_end, word in reversed(words[-4:]):
        if word.lower() in _STOP_BEFORE or sentence[word_end:start].strip():
            break
        start = word_start
    return start


def _event_like(sentence: str, position: int) -> bool:
    """ "A reception was held", "attended a reception": a verb of holding near it."""
    window = sentence[max(0, position - 40) : position + 60].lower()
    return any(verb in window for verb in ("held", "attend", "host", "gave", "give", "took place"))
