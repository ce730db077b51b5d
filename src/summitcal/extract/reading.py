"""Reading a press summary sentence by sentence: the events it names, the times it
gives them (and in which zone), their dates and durations. :mod:`.draft` then places
the events in time.

The rules for which time belongs to which event are in :mod:`.draft`'s docstring.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from summitcal.extract.phrases import Phrase, find_phrases, find_references
from summitcal.extract.placing import label_zone
from summitcal.extract.sentences import Sentence
from summitcal.extract.times import (
    YEARS,
    Clock,
    Duration,
    MentionedDate,
    find_clocks,
    find_dates,
    find_durations,
)

# A sentence naming more events or times than this is not a schedule's: the rest of it
# is not read (said in the findings), which also bounds the work on hostile text.
MAX_EVENTS = 40
MAX_DOCUMENT_EVENTS = 10_000  # a state visit has dozens; this bounds hostile text
_CLOCK_LIMIT = 4 * MAX_EVENTS  # clocks read in one sentence, parentheses' ones included

__all__ = [
    "CLOCKISH",
    "MAX_EVENTS",
    "Draft",
    "Second",
    "Timing",
    "main_labels",
    "read_drafts",
    "read_parentheses",
    "safe_date",
]

_HAPPENED = re.compile(
    r"\b(?:held|attend(?:s|ed)?|will\s+attend|host(?:s|ed)?|took\s+place|followed\s+by|"
    r"afterwards|thereafter|subsequently|then|had|gave|delivered|visited|laid|arrived|departed)\b",
    re.IGNORECASE,
)
# Something that may be a clock: the numbered paragraphs without one are skipped whole
# (their dates and places are the talks' content, not the schedule).
CLOCKISH = re.compile(r"\d[:.]\d\d|\d\s*[ap]\.?\s?m\b|\bnoon\b|\bmidnight\b", re.IGNORECASE)
_PAREN = re.compile(r"\((?P<inner>[^()]{0,240})\)")
_RANGE_JOIN = re.compile(r"\s*(?:to|until|till|and|–|—|-)\s*$", re.IGNORECASE)
_LABEL_HINT = re.compile(r"[Tt]ime\b|\b[A-Z]{2,4}T\b")
_LABEL_AFTER = re.compile(
    r"\s*(?P<label>local\s+time|[A-Z][A-Za-z]+(?:\s+[A-Z][A-Za-z]+){0,2}\s+(?:[Ss]tandard\s+)?[Tt]ime|[A-Z]{2,4}T)\b"
)
_NOISE = re.compile(r"[;,:]|\bon\b|\bat\b|\blocal\s+time\b", re.IGNORECASE)


@dataclass(slots=True)
class Second:
    """A parenthesis after a time: another zone's time, or the local one."""

    clock: Clock
    date: MentionedDate | None
    label: str
    zone: str | None  # None: not known (a label no zone has), or local time
    local: bool = False  # "(6:00 p.m. on March 3, local time)": the local time itself


@dataclass(slots=True)
class Timing:
    clock: Clock
    end: Clock | None = None
    label: str = ""  # label right after the main clock ("Japan time")
    second: Second | None = None
    local_in_parenthesis: bool = False  # "(6:00 p.m. on March 3, local time)"


@dataclass(slots=True)
class Draft:
    phrase: Phrase
    sentence: Sentence
    day: date | None
    timing: Timing | None = None
    duration: Duration | None = None
    followers: int = 0  # sub-sessions after it in the sentence: they share its duration
    follows_previous: bool = False
    impossible: bool = False  # its only time in the text cannot exist
    notes: list[str] = field(default_factory=list)


def read_parentheses(
    sentence: Sentence, findings: list[str], prefer: tuple[str, ...]
) -> dict[int, Second]:
    """Offset of each parenthesis (in the sentence) that states a time → what it states."""
    found: dict[int, Second] = {}
    for match in itertools.islice(_PAREN.finditer(sentence.text), MAX_EVENTS):
        inner = match["inner"]
        clocks = find_clocks(inner)
        if not clocks:
            continue
        clock = clocks[0]
        dates = find_dates(inner)
        rest = inner[: clock.start] + " " + inner[clock.end :]
        for mentioned in dates:
            rest = rest.replace(mentioned.text, " ")
        label_text = " ".join(_NOISE.sub(" ", rest).split())
        is_local = "local time" in inner.lower()
        zone_key, problem = label_zone(label_text, prefer) if label_text else (None, "")
        if label_text and zone_key is None:
            findings.append(
                f"“{inner.strip()}”: cannot tell which zone “{label_text}” is ({problem})"
            )
        local = is_local and not label_text  # "(6:00 p.m. on March 3, local time)"
        second = Second(
            clock,
            dates[0] if dates else None,
            label_text or ("local time" if is_local else ""),
            zone_key,
            local,
        )
        found[match.start()] = second
    return found


def read_drafts(
    text: str,
    sentences: list[Sentence],
    seconds_by_sentence: dict[int, dict[int, Second]],
    document_date: date | None,
    findings: list[str],
) -> list[Draft]:
    drafts: list[Draft] = []
    day = document_date
    for sentence in sentences:
        seconds = seconds_by_sentence[sentence.start]
        starts = sorted(seconds)
        ends = [sentence.text.find(")", start) + 1 for start in starts]

        def outside(position: int, starts: list[int] = starts, ends: list[int] = ends) -> bool:
            index = bisect.bisect_right(starts, position) - 1
            return index < 0 or position >= ends[index]

        clocks = [c for c in find_clocks(sentence.text, _CLOCK_LIMIT) if outside(c.start)]
        for clock in clocks:
            if clock.value is None:
                findings.append(
                    f"“{clock.text.strip()}” at character {sentence.start + clock.start}: {clock.problem}; "
                    "not read as a time (an event may take its start from another time the sentence gives; check it)"
                )
        dates = [d for d in find_dates(sentence.text) if outside(d.start)]
        if dates:
            day = _resolve_date(dates[0], document_date, findings, sentence) or day
        durations = [d for d in find_durations(sentence.text) if outside(d.start)]
        if not clocks and not durations and not _HAPPENED.search(sentence.text):
            continue  # nothing timed and nothing said to happen: no event
        phrases = find_phrases(sentence.text, timed=bool(clocks))
        if len(phrases) > MAX_EVENTS or len(clocks) > MAX_EVENTS:
            findings.append(
                f"the sentence at character {sentence.start} names {len(phrases)} events and "
                f"{len(clocks)} times; only the first {MAX_EVENTS} of each were read"
            )
            phrases, clocks = phrases[:MAX_EVENTS], clocks[:MAX_EVENTS]
        valid = [c for c in clocks if c.value is not None or _follows_parenthesis(c, seconds)]
        if not phrases and durations and drafts and not clocks and not sentence.numbered:
            _refer_back(drafts, find_references(sentence.text), durations[0])
            continue
        if not phrases or (sentence.numbered and not clocks):
            continue
        if not clocks and not _HAPPENED.search(sentence.text):
            continue
        timings = _timings(sentence, valid, seconds)
        sentence_drafts = [Draft(p, sentence, day) for p in phrases]
        for timing in timings:
            _owner(sentence_drafts, timing.clock.start).timing = (
                _owner(sentence_drafts, timing.clock.start).timing or timing
            )
        for duration in durations:
            owner = _owner(sentence_drafts, duration.start)
            if owner.duration is None:
                owner.duration = duration
        if any(c.value is None for c in clocks) and not timings:
            for draft in sentence_drafts:
                draft.impossible = True
        # Sub-sessions: events after a timed one in the same sentence follow it.
        lead: Draft | None = None
        for draft in sentence_drafts:
            if draft.timing is not None:
                lead = draft
            elif lead is not None:
                draft.follows_previous = True
                lead.followers += 1
        drafts.extend(sentence_drafts)
        if len(drafts) >= MAX_DOCUMENT_EVENTS:
            findings.append(
                f"more than {MAX_DOCUMENT_EVENTS} events: the text after character "
                f"{sentence.end} was not read"
            )
            break
    return drafts


def _follows_parenthesis(clock: Clock, seconds: dict[int, Second]) -> bool:
    """An impossible time with a usable time in another zone right after it."""
    for gap in range(3):
        second = seconds.get(clock.end + gap)
        if second is not None and second.zone and second.clock.value is not None:
            return True
    return False


def _refer_back(drafts: list[Draft], references: list[Phrase], duration: Duration) -> None:
    """ "The meeting lasted approximately 90 minutes.": the duration of an event named before."""
    kinds = {phrase.kind for phrase in references}
    for draft in reversed(drafts):
        if not kinds or draft.phrase.kind in kinds:
            if draft.duration is None:
                draft.duration = duration
            return


def _owner(drafts: list[Draft], position: int) -> Draft:
    before = [d for d in drafts if d.phrase.start <= position]
    return before[-1] if before else drafts[0]


def _timings(sentence: Sentence, clocks: list[Clock], seconds: dict[int, Second]) -> list[Timing]:
    timings: list[Timing] = []
    for clock in clocks:
        previous = timings[-1] if timings else None
        between = sentence.text[previous.clock.end : clock.start] if previous else ""
        if (
            previous is not None
            and previous.end is None
            and _RANGE_JOIN.fullmatch(between or " to")
        ):
            previous.end = clock
            continue
        timing = Timing(clock)
        label = _LABEL_AFTER.match(sentence.text, clock.end)
        if label is not None and not label["label"].lower().startswith("local"):
            timing.label = label["label"]
        timings.append(timing)
    finishes = [(t.end or t.clock).end for t in timings]  # in order: clocks are
    for start, second in sorted(seconds.items()):
        index = bisect.bisect_right(finishes, start) - 1
        if index >= 0:
            timing = timings[index]
            timing.second = second
            timing.local_in_parenthesis = second.local
    return timings


def _resolve_date(
    mentioned: MentionedDate, document: date | None, findings: list[str], sentence: Sentence
) -> date | None:
    if document is None:
        if mentioned.year and mentioned.month and mentioned.day:
            return safe_date(mentioned.year, mentioned.month, mentioned.day)
        return None
    if mentioned.month is None:
        assert mentioned.weekday is not None
        shift = (mentioned.weekday - document.weekday()) % 7
        return document + timedelta(days=shift if shift <= 3 else shift - 7)
    assert mentioned.day is not None
    years = (
        [mentioned.year]
        if mentioned.year
        else [document.year - 1, document.year, document.year + 1]
    )
    candidates = [d for d in (safe_date(y, mentioned.month, mentioned.day) for y in years) if d]
    if not candidates:
        findings.append(f"“{mentioned.text.strip()}” in “{sentence.text[:60]}…” is not a date")
        return None
    return min(candidates, key=lambda d: abs((d - document).days))


def safe_date(year: int, month: int, day: int) -> date | None:
    """The date, or None if there is none such (or the year is not one a summary means)."""
    if year not in YEARS:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def main_labels(text: str) -> list[str]:
    """Zone labels written right after a time, outside parentheses ("5:00 p.m. Japan time")."""
    found: list[str] = []
    if not _LABEL_HINT.search(text):
        return found  # no "... time" and no abbreviation: nothing to find (cheap test first)
    for clock in find_clocks(text, MAX_EVENTS):
        label = _LABEL_AFTER.match(text, clock.end)
        if label is not None and not label["label"].lower().startswith("local"):
            found.append(label["label"])
    return found
