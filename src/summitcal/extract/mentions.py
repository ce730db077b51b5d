"""Step: the events a document names, sentence by sentence, each with the time, date and
duration the text gives it. Placing them in time is :mod:`.placement`'s.

Which time belongs to which event:

- a sentence names events by their nouns (:mod:`.phrases`); it yields events if it
  has a time, or says they happened ("held", "attended", "followed by",
  "afterwards"); numbered policy paragraphs without a time are not schedule;
- each time belongs to the last event named before it in the sentence, else the first
  named after it; a time stated in a second zone belongs to the time it follows;
- events named after a timed one in the same sentence ("... followed by a meeting")
  are its sub-sessions;
- "The meeting lasted approximately 90 minutes." gives its duration to the last event
  of that kind named before.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from summitcal.extract.phrases import Phrase, find_phrases, find_references
from summitcal.extract.second_zone import Parenthetical, SecondZoneTimes, label_after
from summitcal.extract.sentences import MAX_EVENTS, Sentence
from summitcal.extract.times import (
    Clock,
    Duration,
    MentionedDate,
    find_clocks,
    find_dates,
    find_durations,
    safe_date,
)

__all__ = ["MAX_DOCUMENT_EVENTS", "Mention", "Mentions", "Timing", "find_mentions"]

MAX_DOCUMENT_EVENTS = 10_000  # a state visit has dozens; this bounds hostile text
_CLOCK_LIMIT = 4 * MAX_EVENTS  # clocks read in one sentence, parentheses' ones included

_HAPPENED = re.compile(
    r"\b(?:held|attend(?:s|ed)?|will\s+attend|host(?:s|ed)?|took\s+place|followed\s+by|"
    r"afterwards|thereafter|subsequently|then|had|gave|delivered|visited|laid|arrived|departed)\b",
    re.IGNORECASE,
)
_RANGE_JOIN = re.compile(r"\s*(?:to|until|till|and|–|—|-)\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Timing:
    """A time the sentence gives an event: its clock, the end of a range, the zone label
    after it, and the parenthesis that follows it."""

    clock: Clock
    end: Clock | None = None  # "from 2:10 p.m. to 2:55 p.m."
    label: str = ""  # label right after the main clock ("Japan time")
    second: Parenthetical | None = None

    @property
    def local_in_parenthesis(self) -> bool:
        """ "8:00 a.m. (6:00 p.m. on March 3, local time)": the clock is the home one."""
        return self.second is not None and self.second.local


@dataclass(frozen=True, slots=True)
class Mention:
    """An event as the text names it, before it is placed in time."""

    phrase: Phrase
    sentence: Sentence
    day: date | None  # the date in force at its sentence
    timing: Timing | None = None
    duration: Duration | None = None
    followers: int = 0  # sub-sessions after it in the sentence: they share its duration
    follows_previous: bool = False  # a sub-session of a timed event before it
    impossible: bool = False  # its only time in the text cannot exist


@dataclass(frozen=True, slots=True)
class Mentions:
    events: tuple[Mention, ...]
    findings: tuple[str, ...] = ()


def find_mentions(
    sentences: Sequence[Sentence], second: SecondZoneTimes, document_date: date | None
) -> Mentions:
    """Every event the ``sentences`` name, in order; ``second`` holds their parentheses."""
    mentions: list[Mention] = []
    findings: list[str] = []
    day = document_date
    for sentence, parentheticals in zip(sentences, second.by_sentence, strict=True):
        starts = [p.start for p in parentheticals]
        ends = [p.end for p in parentheticals]

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
            resolved, problem = _resolve_date(dates[0], document_date, sentence)
            findings.extend(problem)
            day = resolved or day
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
        valid = [c for c in clocks if c.value is not None or _before_parenthesis(c, parentheticals)]
        if not phrases and durations and mentions and not clocks and not sentence.numbered:
            index = _referred(mentions, find_references(sentence.text))
            if index is not None:
                mentions[index] = replace(mentions[index], duration=durations[0])
            continue
        if not phrases or (sentence.numbered and not clocks):
            continue
        if not clocks and not _HAPPENED.search(sentence.text):
            continue
        timings = _timings(sentence, valid, parentheticals)
        impossible = any(c.value is None for c in clocks) and not timings
        mentions.extend(_sentence_mentions(sentence, day, phrases, timings, durations, impossible))
        if len(mentions) >= MAX_DOCUMENT_EVENTS:
            findings.append(
                f"more than {MAX_DOCUMENT_EVENTS} events: the text after character "
                f"{sentence.end} was not read"
            )
            break
    return Mentions(tuple(mentions), tuple(findings))


def _sentence_mentions(
    sentence: Sentence,
    day: date | None,
    phrases: Sequence[Phrase],
    timings: Sequence[Timing],
    durations: Sequence[Duration],
    impossible: bool,
) -> list[Mention]:
    """The sentence's events, each with the first time and duration that belong to it."""
    timing_of: dict[int, Timing] = {}
    for timing in timings:
        timing_of.setdefault(_owner(phrases, timing.clock.start), timing)
    duration_of: dict[int, Duration] = {}
    for duration in durations:
        duration_of.setdefault(_owner(phrases, duration.start), duration)
    followers = [0] * len(phrases)
    follows = [False] * len(phrases)
    lead: int | None = None  # sub-sessions: events after a timed one follow it
    for index in range(len(phrases)):
        if index in timing_of:
            lead = index
        elif lead is not None:
            follows[index] = True
            followers[lead] += 1
    return [
        Mention(
            phrase,
            sentence,
            day,
            timing_of.get(index),
            duration_of.get(index),
            followers[index],
            follows[index],
            impossible,
        )
        for index, phrase in enumerate(phrases)
    ]


def _before_parenthesis(clock: Clock, parentheticals: Sequence[Parenthetical]) -> bool:
    """An impossible time with a usable time in another zone right after it."""
    return any(
        p.start - clock.end in range(3) and p.zone and p.clock.value is not None
        for p in parentheticals
    )


def _referred(mentions: Sequence[Mention], references: Sequence[Phrase]) -> int | None:
    """ "The meeting lasted approximately 90 minutes.": the index of the event a duration
    is of (the last one named of the kinds referred to), if it has none yet."""
    kinds = {phrase.kind for phrase in references}
    for index in range(len(mentions) - 1, -1, -1):
        if not kinds or mentions[index].phrase.kind in kinds:
            return index if mentions[index].duration is None else None
    return None


def _owner(phrases: Sequence[Phrase], position: int) -> int:
    """The phrase a time or duration at ``position`` belongs to: the last one named
    before it, else the first."""
    before = [index for index, phrase in enumerate(phrases) if phrase.start <= position]
    return before[-1] if before else 0


def _timings(
    sentence: Sentence, clocks: Sequence[Clock], parentheticals: Sequence[Parenthetical]
) -> list[Timing]:
    """The sentence's times: ranges joined, each with its label and the last
    parenthesis after it (and before the next time)."""
    spans: list[tuple[Clock, Clock | None, str]] = []  # the clock, a range's end, the label
    for clock in clocks:
        if spans:
            previous, previous_end, previous_label = spans[-1]
            between = sentence.text[previous.end : clock.start]
            if previous_end is None and _RANGE_JOIN.fullmatch(between or " to"):
                spans[-1] = (previous, clock, previous_label)
                continue
        spans.append((clock, None, label_after(sentence.text, clock.end) or ""))
    finishes = [(end or clock).end for clock, end, _label in spans]  # in order: clocks are
    second_of: dict[int, Parenthetical] = {}
    for parenthetical in parentheticals:  # in order: a later one replaces an earlier one
        index = bisect.bisect_right(finishes, parenthetical.start) - 1
        if index >= 0:
            second_of[index] = parenthetical
    return [
        Timing(clock, end, label, second_of.get(index))
        for index, (clock, end, label) in enumerate(spans)
    ]


def _resolve_date(
    mentioned: MentionedDate, document: date | None, sentence: Sentence
) -> tuple[date | None, tuple[str, ...]]:
    """The date a sentence mentions, the nearest such to the document's; a finding if it
    is no date at all."""
    if document is None:
        if mentioned.year and mentioned.month and mentioned.day:
            return safe_date(mentioned.year, mentioned.month, mentioned.day), ()
        return None, ()
    if mentioned.month is None:
        assert mentioned.weekday is not None
        shift = (mentioned.weekday - document.weekday()) % 7
        return document + timedelta(days=shift if shift <= 3 else shift - 7), ()
    assert mentioned.day is not None
    years = (
        [mentioned.year]
        if mentioned.year
        else [document.year - 1, document.year, document.year + 1]
    )
    candidates = [d for d in (safe_date(y, mentioned.month, mentioned.day) for y in years) if d]
    if not candidates:
        return None, (f"“{mentioned.text.strip()}” in “{sentence.text[:60]}…” is not a date",)
    return min(candidates, key=lambda d: abs((d - document).days)), ()
