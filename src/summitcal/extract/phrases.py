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

from summitcal.extract.japanese import has_japanese
from summitcal.extract.japanese_phrases import ja_phrase_spans
from summitcal.model import Kind

__all__ = ["Phrase", "find_phrases"]

_NOUNS: list[tuple[str, Kind]] = [
    ("joint press conference", Kind.PRESS_CONFERENCE),
    ("press conference", Kind.PRESS_CONFERENCE),
    ("news conference", Kind.PRESS_CONFERENCE),
    ("press availability", Kind.PRESS_CONFERENCE),
    ("media availability", Kind.PRESS_CONFERENCE),
    ("short\\s+statements?\\s+to\\s+the\\s+(?:media|press)", Kind.PRESS_CONFERENCE),
    ("statements?\\s+to\\s+the\\s+(?:media|press)", Kind.PRESS_CONFERENCE),
    ("press statements?", Kind.PRESS_CONFERENCE),
    ("press encounter", Kind.PRESS_CONFERENCE),
    ("press briefing", Kind.PRESS_CONFERENCE),
    ("joint press announcement", Kind.PRESS_CONFERENCE),
    ("telephone talks?", Kind.CALL),
    ("telephone call", Kind.CALL),
    ("telephone conversation", Kind.CALL),
    ("phone conversation", Kind.CALL),
    ("phone talks?", Kind.CALL),
    ("phone call", Kind.CALL),
    ("call", Kind.CALL),  # only "the call", "a call": see _call_named
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
    ("formal sitting", Kind.MEETING),
    ("plenary sitting", Kind.MEETING),
    ("audience", Kind.MEETING),  # "an audience with Pope Francis"
    ("signing of", Kind.CEREMONY),
    ("meeting", Kind.MEETING),
    ("summit talks", Kind.MEETING),
    ("talks", Kind.MEETING),
    ("negotiations", Kind.MEETING),
    ("private\\s+conversation", Kind.MEETING),
    ("conversation", Kind.MEETING),
    ("summit", Kind.MEETING),  # only "a summit with ...", "held a summit": see _summit_held
    ("wreath[- ]laying ceremony", Kind.CEREMONY),
    ("ceremony", Kind.CEREMONY),
    ("wreath[- ]laying", Kind.VISIT),
    ("memorial service", Kind.CEREMONY),
    ("speech", Kind.SPEECH),
    ("talk", Kind.SPEECH),  # only "a talk": see _ONLY_AFTER_A
    ("debate", Kind.OTHER),  # only "a debate"
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
_OBJECT = r"(?P<object>(?:the\s+|an?\s+)?[\w'’().-]+(?:\s+(?!at\s+\d|on\s+[A-Z]|for\s+|from\s+\d|in\s+order|where\b|to\s+attend)[\w'’().-]+){0,11}?)(?=\s*(?:[,;]|\s+(?:at|on|from|for|in\s+order|where|will|was|were|is|are|took|takes|and\s+(?:then|held|attended))\b|[.!?](?:\s|$)|$))"
# Whom a meeting is with: capitalised words, "of"/"for" between them ("Council of Europe
# Secretary General Thorbjorn Jagland", "High Commissioner for Refugees Filippo Grandi").
_NAME = r"[A-Z][\w'’.-]*(?:\s+(?:(?:of|for)\s+(?:the\s+)?)?[A-Z][\w'’.-]*|\s+counterparts?|\s+leader(?=\s+[A-Z])){0,10}"
# "meet with prime minister Mariano Rajoy": a title in small letters before the name.
_LOWER_TITLE = (
    r"(?:prime\s+minister|president|king|queen|chancellor|premier|foreign\s+minister)\s+(?=[A-Z])"
)
# Someone named by a title ("President Sergio Mattarella", "Prime Minister Conte").
_TITLED = (
    r"(?:President|Prime\s+Minister|Premier|Chancellor|King|Queen|Pope|Emperor|Crown\s+Prince|"
    r"Foreign\s+Minister|Secretary|Governor|Mayor)(?:\s+[A-Z][\w'’.-]*){1,3}"
)
# "met A, B, and C": each is met, separately.
_ALSO_MET = re.compile(r",?\s+(?:and\s+)?(?:the\s+)?(?P<object>" + _NAME + r")")
_VERBS: list[tuple[re.Pattern[str], str, Kind]] = [
    (
        re.compile(
            r"\b(?:arrived|arrives|arriving|(?:will|to|would)\s+arrive|landed|lands|(?:will|to)\s+land|touched\s+down)"
            r"\s+(?:in|at)\s+" + _OBJECT
        ),
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
    (
        # "is to depart at 8 am on Sunday": a departure timed, its place the visit's.
        re.compile(
            r"\b(?:departed|departs|(?:will|to|would)\s+depart|(?:will|to|would)\s+leave|leaves)"
            r"(?P<object>)\s+(?=at\s+(?:about\s+|around\s+)?\d)"
        ),
        "Departure",
        Kind.TRAVEL,
    ),
    (
        # "Air Force One will fly President Obama into Stansted airport", "flew into Tokyo".
        re.compile(
            r"\b(?:(?:will\s+)?fly|flies|flew)\s+(?:[A-Z][\w.'’-]*\s+){0,3}into\s+"
            r"(?P<object>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}(?:\s+(?:airport|airbase|air\s+base))?)"
        ),
        "Arrival in",
        Kind.TRAVEL,
    ),
    (
        # "will emplane for Delhi", "left for Jakarta": travel to the place named.
        re.compile(
            r"\b(?:emplaned?|enplaned?|(?:will\s+)?leave|leaves|left|(?:will\s+)?depart|departed|"
            r"(?:will\s+)?fly|flew)\s+for\s+(?P<object>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}"
            # "will leave for the venue of ASEAN-India summit": a place of the visit
            r"|the\s+(?:venue|airport|hotel|palace|residence)(?:\s+of\s+(?:the\s+)?[A-Z][\w'’.-]*(?:\s+[\w'’.-]+){0,3}?(?=\s+(?:at|on|from|for|and)\b|[,.;]|$))?)"
        ),
        "Departure for",
        Kind.TRAVEL,
    ),
    (
        # "… will emplane for Delhi at 11:45am and land around 6:45pm": landing where it
        # flew for (named by :func:`_landing_place`).
        re.compile(
            r"\b(?:and\s+)?(?:will\s+)?(?:land|lands|landed|arrive|arrives|arrived)(?P<object>)"
            r"(?=\s+(?:at\s+|around\s+|about\s+|shortly\s+after\s+)?\d)"
        ),
        "Arrival",
        Kind.TRAVEL,
    ),
    (
        # "attended the East Asia Summit", "will take part in …": the gathering is the event
        # (but "to attend …", a purpose, is not: see _NOT_HELD).
        re.compile(
            r"\b(?:attended|attends|(?:will|would)\s+attend|took\s+part\s+in|(?:will\s+)?take\s+part\s+in|"
            r"participated\s+in|participates\s+in|will\s+participate\s+in)\s+(?:the\s+)?"
            r"(?P<object>[A-Z][\w'’.-]*(?:\s+(?:of\s+the\s+|of\s+)?[A-Z][\w'’.-]*|\s+(?:summit|meeting|meet|session|ceremony|forum|dinner|lunch|luncheon|banquet|reception)\b){0,6})"
        ),
        "",
        Kind.MEETING,
    ),
    (
        # "met Chancellor Scholz", "will meet with his counterpart": a meeting said with a verb.
        re.compile(
            r"\b(?:met|meets|will\s+meet|(?:is|are)\s+(?:due\s+|scheduled\s+|set\s+|expected\s+)?to\s+meet|received|will\s+receive)"
            r"(?:(?:\s+with)?\s+(?:the\s+)?(?P<object>(?:(?:his|her|their)\s+)?(?:"
            + _LOWER_TITLE
            + r")?"
            + _NAME
            + r"|(?:his|her|their)\s+\w+\s+counterparts?))?"
        ),
        "Meeting with",
        Kind.MEETING,
    ),
    (
        # "King Felipe VI welcomed Chilean President Michelle Bachelet", "Erdoğan welcomed
        # Zelensky at the entrance": a welcome of a visitor (a title, or a place after).
        re.compile(
            r"\b(?:welcomed|welcomes|will\s+welcome)\s+(?:the\s+)?(?P<object>(?:\d{4}\s+)?"
            + _NAME
            + r")(?=\s+(?:at|to|in)\s|[,.]|$)"
        ),
        "Welcome of",
        Kind.CEREMONY,
    ),
    (
        # "Later in the day he saw President Sergio Mattarella": a call on someone.
        re.compile(r"\b(?:saw|sees|will\s+see)\s+(?P<object>" + _TITLED + r")"),
        "Meeting with",
        Kind.MEETING,
    ),
    (
        re.compile(
            r"\b(?:spoke|speaks|talked|will\s+speak)\s+(?:by|on\s+the|over\s+the)\s+(?:tele)?phone"
            r"(?:\s+with\s+(?P<object>(?:(?:his|her|their)\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,4}))?"
        ),
        "Telephone call with",
        Kind.CALL,
    ),
]
_HONOUR = re.compile(
    r"\b(?:Prize|Award|Order|Medal|Degree|Doctorate|Honou?rs?|Decoration|Credentials|Letters?|"
    r"Briefing|Brief|Report)\b"  # what is received, not who
)
_VERB_STEMS = (
    "arriv",
    "visit",
    "depart",
    "left",
    "met",
    "meet",
    "spoke",
    "speak",
    "talked",
    "land",
    "plane",
    "leave",
    "fl",
    "attend",
    "part",
    "receiv",
    "touched",
    "welcom",
    "saw",
    "see",
)
# "for the ... Meeting", "of the meeting": a purpose or a reference, not an event held.
_WINDOW = 80  # characters looked at before a noun: enough for its naming words
_NOT_HELD = re.compile(
    r"(?:\bfor|\bof|\bduring|\bafter|\bbefore|\bon\s+the\s+occasion\s+of|\bahead\s+of)\s+(?:the|this|that)\s+$"
    # "during telephone talks, the leaders …", "Following talks, both …": told of, not held
    r"|\b(?:during|following|after|before|ahead\s+of)\s+$"
    # "arrived in Ankara on Thursday for a meeting with Erdoğan", "for peace talks": why
    # someone came, told again where it happens
    r"|\b(?:arrived|arrives|arriving|came|comes|travell?ed|flew|headed)\b[^.;]{0,60}\bfor\s+(?:an?\s+)?(?:[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)


def _by_first_letter(patterns: list[str]) -> str:
    """One alternation of ``patterns`` (each starting with a letter), grouped by that
    letter in their order: at each word the engine tries only the few that can match
    there, not all fifty. The same matches as the plain alternation."""
    groups: dict[str, list[str]] = {}
    for pattern in patterns:
        groups.setdefault(pattern[0].lower(), []).append(pattern[1:])
    return "|".join(f"{letter}(?:{'|'.join(rest)})" for letter, rest in groups.items())


# "the talks", "this meeting", "these talks": an event named before.
_REFERS = re.compile(r"\b(?:the|this|that|these|those)\s+$", re.IGNORECASE)
# Nouns that are an event only after "a" (an occasion), not said of a topic ("the
# debate over tariffs", "talk of a deal").
_ONLY_AFTER_A = frozenset(["talk", "debate"])
_AFTER_A = re.compile(r"\ban?\s+(?:[\w-]+\s+)?$", re.IGNORECASE)
# "to discuss Kim's possible upcoming summit with …": one that may be, some day.
_MAYBE = re.compile(
    r"\b(?:possible|potential|proposed|upcoming|previous|future|hypothetical)\s+(?:[\w'’-]+\s+){0,2}$",
    re.IGNORECASE,
)
_NOUN = re.compile(
    r"\b(?P<noun>" + _by_first_letter([noun for noun, _ in _NOUNS]) + r")\b", re.IGNORECASE
)
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
        "during",
        "following",
        "ahead",
        "discuss",
    ]
)
# Where a name's tail ends: at the words that say when ("from 4 p.m.", "at 9:40 AM", "on
# Nov. 16", "today", "on Monday"), which belong to the time, not to the title.
_WEEKDAY_NAMES = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_WHEN = (
    r"\s+(?:(?:at|from|on|around|about|until|till|by|between|starting|beginning|shortly\s+after|just\s+after)"
    r"\s+(?:about\s+|around\s+|approximately\s+)?(?:\d|noon\b|midnight\b|[A-Z][a-z]{2,8}\.?\s+\d)"
    r"|(?:today|tonight|yesterday|tomorrow|this\s+(?:morning|afternoon|evening)|(?:on\s+)?(?:"
    + _WEEKDAY_NAMES
    + r"))\b)"
)
_TAIL = re.compile(
    r"\s+(?:(?:hosted|given|offered)\s+by|of|with|for(?!\s+(?:approximately|about|around|roughly|some|nearly|almost|over|\d|one|two|three|four|five|six|half|an?\s))|between|in\s+honou?r\s+of|on(?!\s+[A-Z][a-z]+\.?\s+\d|\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b)|among|celebrating|marking|commemorating|at(?=\s+(?:the|an?)\s+[a-z]))\s+"
    r"(?P<tail>[^,;()]*?)(?=\s*(?:[,;()]|\s+and\s+(?:a|an|the)\s|"
    + _WHEN
    + r"|\s+followed\s+by|\s+(?:was|were|is|are|will|had|took|began|started|ended|lasted|opened|continued)\b|\s+at\s+(?:the\s+)?[A-Z]|\s+in\s+[A-Z]|(?<![A-Z])(?<!Mr)(?<!Ms)(?<!Mrs)(?<!Dr)(?<!St)(?<!Rt)(?<!Hon)(?<!Sen)(?<!Jr)(?<!Gov)(?<!Amb)(?<!Prof)[.!?](?:\s|$)|$))"
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
    held: bool = True  # the words around it say it takes place (「…を行った」)
    japanese: bool = False


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
    verbs = _VERBS if any(stem in lowered for stem in _VERB_STEMS) else []
    for pattern, prefix, kind in verbs:
        for match in pattern.finditer(sentence):
            place = (match["object"] or "").strip().rstrip(".,;:")
            if place.lower() in ("the", "a", "an"):
                continue
            if prefix == "Arrival":
                prefix = _landing_place(phrases)
            if (
                not place
                and (kind in (Kind.TRAVEL, Kind.VISIT) or not prefix)
                and prefix not in ("Departure", "Arrival")
                and not prefix.startswith("Arrival in ")
            ):
                continue
            if prefix == "Meeting with" and _HONOUR.search(place):
                continue  # "received the Nobel Peace Prize": an honour, not a visitor
            title = (f"{prefix} {place}" if place else prefix.removesuffix(" with")).strip()
            named_kind = kind
            if not prefix:  # "attended the State Banquet": the gathering's own name
                title = place
                last = place.split()[-1]
                named_kind = next((k for p, k in _KINDS if p.search(last)), kind)
            # "will meet face to face at 10:00": a meeting when timed; untimed, it may be
            # one named before ("the two met again"), as "the meeting" is.
            unnamed = not place and kind is Kind.MEETING
            if prefix == "Meeting with" and place:
                others, end = _also_met(sentence, match.end())
                if len(others) == 1 and not _JOINED.match(sentence, match.end()):
                    # "received the U.S. Secretary of State, Rex Tillerson, at …": one person
                    title = f"{title} {others[0].title.removeprefix('Meeting with ')}"
                    where = _place_at(sentence, end)
                    phrases.append(Phrase(match.start(), end, title, named_kind, where))
                    continue
                where = _place_at(sentence, match.end())
                phrases.append(Phrase(match.start(), match.end(), title, named_kind, where))
                if any(_JOINED.match(sentence, o.start - 6, o.start) for o in others[-1:]):
                    phrases.extend(others)  # a list ends with "and …"
                continue
            phrases.append(Phrase(match.start(), match.end(), title, named_kind, None, unnamed))
    for match in _NOUN.finditer(sentence):
        noun = match["noun"]
        if noun.lower() in ("reception", "departure", "arrival") and not _event_like(
            sentence, match.start()
        ):
            continue
        if noun.lower() == "summit" and not _summit_held(sentence, match.start(), match.end()):
            continue
        if noun.lower() == "call" and not _call_named(sentence, match.start(), match.end()):
            continue
        if noun.lower() == "audience" and not sentence.startswith(" with", match.end()):
            continue  # "an audience with the Pope", not "the audience applauded"
        if noun.lower() in _ONLY_AFTER_A and not _AFTER_A.search(sentence, 0, match.start()):
            continue  # "deliver a talk", "join him for a debate"; not "the debate over …"
        start = _name_start(sentence, match.start())
        before = sentence[max(0, start - _WINDOW) : start]  # what precedes it, bounded
        if _NOT_HELD.search(before) or _MAYBE.search(
            sentence, max(0, match.start() - 40), match.start()
        ):
            continue
        if noun.lower() == "remarks" and not re.search(
            r"\b(?:delivered|gave|made|will\s+deliver|will\s+give)\s+(?:\w+\s+){0,2}$",
            before,
        ):
            continue
        reference = bool(_REFERS.search(before))
        end = match.end()
        if noun.lower().endswith(" of"):  # "tour of the Gardens by the Bay"
            what = re.compile(r"\s+" + _OBJECT).match(sentence, end)
            if what is not None:
                end = what.end()
        tail = _TAIL.match(sentence, end)
        if tail is not None and tail["tail"].strip() and len(tail["tail"].split()) <= 14:
            end = tail.end()
        title = sentence[start:end].strip()
        if end == match.end() and not reference:
            title += _between_subjects(sentence[:start])
        place = _PLACE.match(sentence, end)
        place_name = place["place"].removeprefix("the ").strip() if place else None
        kind = next(kind for pattern, kind in _KINDS if pattern.search(noun))
        phrases.append(
            Phrase(start, end, title[:1].upper() + title[1:], kind, place_name, reference)
        )
    if has_japanese(sentence):
        for start, end, _noun, title, kind, held in ja_phrase_spans(sentence):
            phrases.append(Phrase(start, end, title, kind, None, not held, held, True))
    # A phrase that starts inside a longer one ("meeting" in "visited the meeting hall")
    # is not its own: longest first at each start, then one sweep.
    phrases.sort(key=lambda p: (p.start, p.start - p.end))
    kept: list[Phrase] = []
    for phrase in phrases:
        if kept and phrase.start < kept[-1].end:
            continue
        kept.append(phrase)
    return tuple(kept)


# "Macron and new Italian Prime Minister Giorgia Meloni held talks": who the talks were
# between, when the sentence's subject names both sides and the noun says nothing more.
_PAIR_HELD = re.compile(
    r"^(?:[A-Z][\w'’.-]*,?\s+){0,3}?(?P<pair>[A-Z][^,;:]{0,80}?\s+and\s+[^,;:]{1,80}?)\s+"
    r"(?:held|hold|holds|had|have|began|begin|started|will\s+hold|are\s+to\s+hold)\s+"
    r"(?:an?\s+|their\s+)?$"
)


def _between_subjects(before: str) -> str:
    """ " between Macron and … Meloni" for talks whose sentence starts with both sides."""
    pair = _PAIR_HELD.search(before[-200:])
    if pair is None or len(pair["pair"].split()) > 14:
        return ""
    return f" between {re.sub(r'^The ', 'the ', pair['pair'])}"


_JOINED = re.compile(r",?\s*and\s+(?:the\s+)?$|,?\s+and\s")


def _landing_place(found: list[Phrase]) -> str:
    """ "Arrival in Delhi" after "Departure for Delhi" in the same sentence; else
    "Arrival"."""
    for phrase in reversed(found):
        if phrase.title.startswith("Departure for "):
            return "Arrival in " + phrase.title.removeprefix("Departure for ")
    return "Arrival"


def _place_at(sentence: str, end: int) -> str | None:
    """ "… at the White House": where a meeting said with a verb is."""
    place = _PLACE.match(sentence, end)
    return place["place"].removeprefix("the ").strip() if place else None


def _also_met(sentence: str, end: int) -> tuple[list[Phrase], int]:
    """The names after the first of "met A, B, and C" (each a meeting of its own when an
    "and" ends the list; one name alone after a comma is the first one's), and where
    they end."""
    found: list[Phrase] = []
    while len(found) < 8:
        more = _ALSO_MET.match(sentence, end)
        if more is None or not re.match(r",|\s+and\b", sentence[end : end + 5]):
            break
        name = more["object"].strip().rstrip(".,;:")
        found.append(
            Phrase(more.start("object"), more.end(), f"Meeting with {name}", Kind.MEETING, None)
        )
        end = more.end()
    return found, end


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
    """ "A reception was held", "attended a reception", "upon arrival at the airport": a
    verb of holding near it, or an arrival said where."""
    window = sentence[max(0, position - 40) : position + 60].lower()
    if re.match(r"(?:upon|on)\s+$", window[:40][-6:]) or re.match(
        r"arrival\s+(?:at|in)\s", sentence[position : position + 12].lower()
    ):
        return True
    return any(verb in window for verb in ("held", "attend", "host", "gave", "give", "took place"))


_SUMMIT_HELD = re.compile(
    r"\b(?:held|hold|holds|holding|have|had|has)\s+(?:a|an|their|the)\s+(?:[\w-]+\s+){0,3}$"
)


def _summit_held(sentence: str, start: int, end: int) -> bool:
    """ "held a summit with ...", "a summit between ...": a meeting; "the G20 summit", "to
    attend the APEC summit": a gathering, which is not an event of the schedule."""
    after = sentence[end : end + 12].lower()
    if after.startswith((" with ", " between ", " of ")) and not after.startswith(" of the"):
        return not re.search(
            r"\b(?:attend|attending|for|at|during)\s+(?:the\s+)?$",
            sentence[max(0, start - 40) : start],
        )
    return _SUMMIT_HELD.search(sentence[max(0, start - 60) : start]) is not None


def _call_named(sentence: str, start: int, end: int) -> bool:
    """ "the call, which took place at 2:30 pm", "a call with ...": a call; "called for",
    "a call for restraint", "a call on the President" (a courtesy call) are not."""
    before = sentence[max(0, start - 40) : start].lower()
    after = sentence[end : end + 6].lower()
    # "a call", "a surprise 45-minute call", "their phone call"
    named = r"\b(?:the|an?|this|their|his|her)\s+(?:(?!for\b|to\b)[\w-]+\s+){0,2}$"
    return bool(re.search(named, before)) and not re.match(r"\s+(?:for|to|of|on|by)\b", after)
