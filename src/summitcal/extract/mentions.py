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
  of that kind named before; "The talks began at 12:30" its time, and "… finishing at
  15:19" its end;
- a programme's lines (:mod:`.programme`) and a Japanese day record's entries
  (:mod:`.day_records`) are events by themselves, item by item;
- the day in force is the date written last before a sentence's time (a dateline's,
  "on Monday" by the sentence's tense, 「同日」); in a programme only its date lines move it;
  dates in quotations and a page's "Last updated" stamps never do.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, time, timedelta

from summitcal.extract.day_records import DayRecord, entry_kind, record_entries
from summitcal.extract.japanese import has_japanese
from summitcal.extract.japanese_phrases import BARE_NOUNS
from summitcal.extract.japanese_phrases import NOUNS as JA_NOUNS
from summitcal.extract.phrases import Phrase, find_phrases, find_references
from summitcal.extract.programme import (
    ProgrammeLine,
    all_approximate,
    item_zone,
    place_heading,
    place_line,
    programme_kind,
    read_line,
    title_line,
)
from summitcal.extract.retellings import (
    first_named,
    headlines,
    told_again,
    without_retold_headlines,
)
from summitcal.extract.second_zone import Parenthetical, SecondZoneTimes, label_of
from summitcal.extract.sentences import MAX_EVENTS, Sentence
from summitcal.extract.times import (
    Clock,
    Duration,
    MentionedDate,
    find_clocks,
    find_dates,
    find_durations,
    nearest_day,
    safe_date,
)
from summitcal.extract.venues import venue_zone
from summitcal.messages import N_, English
from summitcal.model import Kind

__all__ = [
    "MAX_DOCUMENT_EVENTS",
    "Mention",
    "Mentions",
    "Timing",
    "find_mentions",
]

MAX_DOCUMENT_EVENTS = 10_000  # a state visit has dozens; this bounds hostile text
_CLOCK_LIMIT = 4 * MAX_EVENTS  # clocks read in one sentence, parentheses' ones included

# Words that say an event took place (or will): one of them lets an untimed event count.
# Looked up as a set of the sentence's words: faster than one long alternation.
_HAPPENED = frozenset(
    [
        "held",
        "attend",
        "attends",
        "attended",
        "host",
        "hosts",
        "hosted",
        "took",
        "followed",
        "afterwards",
        "thereafter",
        "subsequently",
        "then",
        "had",
        "gave",
        "delivered",
        "visited",
        "laid",
        "arrived",
        "departed",
        "received",
        "met",
        "meets",
        "spoke",
        "talked",
        "landed",
        "touched",
        "left",
        "emplaned",
        "participated",
        "completed",
        "concluded",
        "wrapped",
        "ended",
        "began",
        "started",
        "opened",
        "finished",
        # what is to happen: an announcement's events ("will take place", "will hold")
        "take",
        "takes",
        "hold",
        "holds",
        "meet",
        "proceeded",
        "witness",
        "accorded",
        "welcomed",
        "continue",
        "continued",
        "scheduled",
        "receive",
        "deliver",
        "saw",
        "welcome",
    ]
)
_WORD = re.compile(r"[a-z]+")
_HAPPENED_JA = re.compile(
    r"行われ|行い|行っ|行う|開催|開か|実施|主催|出席|到着|出発|始ま|終え|終わ|会談し|会談す|臨"
)
# A date the page was published or updated on ("Last updated: 06 Dec. 2017 16:21"): not
# the day of the events after it.
_STAMPED = re.compile(
    r"\b(?:updated|published|posted|modified|issued|as\s+on)\s*:?\s*(?:on\s+)?$", re.IGNORECASE
)
_ENDING = re.compile(
    r"\b(?:finish(?:ed|ing)?|end(?:ed|ing)?|conclud(?:ed|ing)|wrapp(?:ed|ing)\s+up|until|till)"
    r"\s+(?:at\s+)?(?:about\s+|around\s+)?$",
    re.IGNORECASE,
)
# A sentence this long said again a few sentences later is the page repeating its lead
# (a standfirst, a caption), not a second event; a short one ("Photo op", "Press
# opportunity") may well come twice, and far apart a text may repeat on purpose.
_REPEATED = 60
_HEADLINE = 100  # a first line longer than this, ending with a full stop, is a lead
_NEARBY = 5
# "[2016/11/10 10:30]", "2013-09-29 04:09 GMT": when a page was published, not an event.
_TIMESTAMP = re.compile(r"\d{4}[/.-]\d{1,2}[/.-]\d{1,2}\s*$")
_TITLE_NAME = re.compile(r"[\u30a0-\u30ff\u3400-\u9fff]")
_RANGE_JOIN = re.compile(r"\s*(?:to|until|till|and|–|—|-|から|~|〜)\s*$", re.IGNORECASE)


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
    zone: str | None = None  # the clock a programme's heading puts it in ("Visit to Greece")
    listed: bool = False  # an item of a programme or a day record, not told in prose


@dataclass(frozen=True, slots=True)
class Mentions:
    events: tuple[Mention, ...]
    findings: tuple[str, ...] = ()


def find_mentions(
    sentences: Sequence[Sentence],
    second: SecondZoneTimes,
    document_date: date | None,
    heading: str = "",
) -> Mentions:
    """Every event the ``sentences`` name, in order; ``second`` holds their parentheses;
    ``heading`` is the document's first lines, whose title names a Japanese event its
    sentence calls only 「会談」."""
    mentions: list[Mention] = []
    findings: list[str] = []
    day = document_date
    programme = DayRecord()
    approximate = all_approximate("\n".join(sentence.text for sentence in sentences))
    # A lone "3.25 The Leaders welcomed …" is a numbered paragraph, not a programme: a
    # time with a dot and no a.m./p.m. or hrs starts an item only where two lines do.
    dotted_programme = sum(read_line(s.text) is not None for s in sentences[:2000]) >= 2
    lines = heading.split("\n")
    headline = lines[0] if len(lines) > 1 else ""  # a text of one line has no headline
    if headline.endswith(".") and len(headline) > _HEADLINE:
        headline = ""  # a lead sentence, not a headline: the body may not tell it again
    pending: ProgrammeLine | None = None  # a programme's time whose item is on the next line
    # Once a programme's lines have begun, its days are set by its date lines ("Monday,
    # November 8, 2010", 「11月15日」), not by dates in the prose between them.
    in_programme = False
    heading_zone: str | None = None  # "Visit to Greece (local time)": the days' place
    seen: dict[str, int] = {}  # a page that repeats its lead (a standfirst) names it once
    for number, (sentence, parentheticals) in enumerate(
        zip(sentences, second.by_sentence, strict=True)
    ):
        words = " ".join(sentence.text.split())[:120]  # a standfirst may be cut short
        if len(words) >= _REPEATED:
            if number - seen.get(words, -_NEARBY - 1) <= _NEARBY:
                continue
            seen[words] = number
        line = None if sentence.numbered else read_line(sentence.text, approximate=approximate)
        if line is not None and not dotted_programme and line.dotted:
            line = None
        if line is not None or pending is not None:
            day = _dated(sentence, document_date, day, findings)
        if line is not None:
            pending = _programme_line(mentions, sentence, day, line, heading_zone)
            in_programme = True
            continue
        if in_programme and pending is None:
            place = place_heading(sentence.text)
            if place is not None:
                heading_zone = place
                continue
        if pending is not None and title_line(sentence.text):
            words = " ".join(sentence.text.split())
            if place_line(words) and not pending.place:
                pending = replace(pending, place=words)
                continue
            line = replace(pending, title=words)
            pending = _programme_line(mentions, sentence, day, line, heading_zone)
            continue
        starts = [p.start for p in parentheticals]
        ends = [p.end for p in parentheticals]

        def outside(position: int, starts: list[int] = starts, ends: list[int] = ends) -> bool:
            index = bisect.bisect_right(starts, position) - 1
            return index < 0 or position >= ends[index]

        clocks = programme.read(
            sentence.text,
            [
                c
                for c in find_clocks(sentence.text, _CLOCK_LIMIT)
                if outside(c.start)
                and not _TIMESTAMP.search(sentence.text, max(0, c.start - 16), c.start)
            ],
        )
        quoted = _Quotes(sentence.text)
        dates = [
            d
            for d in find_dates(sentence.text)
            if outside(d.start)
            and not _STAMPED.search(sentence.text, max(0, d.start - 40), d.start)
            and not quoted(d.start)
        ]
        if dates and (
            clocks
            or _date_heading(sentence.text, dates)
            or (not in_programme and _names_event(sentence.text))
        ):
            # The day of the sentence's time is the date written last before it (「24日に
            # …行われるのを前に、…23日午前11時から」: the 23rd), else the first one.
            # A date written after a second time is that one's ("arrived at 3:40 pm and is
            # to depart at 8 am on Sunday"): the first time keeps the day in force.
            before = [d for d in dates if clocks and d.end <= clocks[0].start]
            later = len(clocks) > 1 and dates[0].start > clocks[1].start
            mentioned = before[-1] if before else None if later else dates[0]
            resolved, problem = (
                _resolve_date(mentioned, document_date, sentence, day) if mentioned else (None, ())
            )
            findings.extend(problem)
            if resolved is not None and resolved != day:
                heading_zone = None  # a new day of a programme: back where it was
                programme.new_day()
            day = resolved or day
        if not clocks and headline and " ".join(sentence.text.split()) == headline:
            continue  # "UPDATE 1-Japan PM meets Biden": the body tells it again, with its time
        entries = record_entries(sentence.text, clocks)
        if entries:
            in_programme = True
            for entry in entries:
                if entry.ends:  # 「同会議終了」: the end of the one begun before
                    _end_previous(mentions, day, entry.clock)
                    continue
                kind = entry_kind(entry.title)
                phrase = Phrase(0, len(sentence.text), entry.title, kind, None, japanese=True)
                timing = Timing(entry.clock, entry.end)
                mentions.append(Mention(phrase, sentence, day, timing, listed=True))
            continue
        for clock in clocks:
            if clock.value is None:
                findings.append(
                    English(
                        N_(
                            "“{clock}” at character {position}: {problem}; not read as a time "
                            "(an event may take its start from another time the sentence "
                            "gives; check it)",
                            clock=clock.text.strip(),
                            position=sentence.start + clock.start,
                            problem=clock.problem,
                        )
                    )
                )
        durations = [d for d in find_durations(sentence.text) if outside(d.start)]
        happened = not _HAPPENED.isdisjoint(_WORD.findall(sentence.text.lower())) or (
            has_japanese(sentence.text) and _HAPPENED_JA.search(sentence.text) is not None
        )
        if not clocks and not durations and not happened:
            continue  # nothing timed and nothing said to happen: no event
        phrases = find_phrases(sentence.text, timed=bool(clocks))
        if not clocks and happened and not sentence.numbered:
            phrases = first_named(phrases, find_references(sentence.text), mentions)
        if len(phrases) > MAX_EVENTS or len(clocks) > MAX_EVENTS:
            findings.append(
                English(
                    N_(
                        "the sentence at character {position} names {events} events and "
                        "{times} times; only the first {most} of each were read",
                        position=sentence.start,
                        events=len(phrases),
                        times=len(clocks),
                        most=MAX_EVENTS,
                    )
                )
            )
            phrases, clocks = phrases[:MAX_EVENTS], clocks[:MAX_EVENTS]
        valid = [c for c in clocks if c.value is not None or _before_parenthesis(c, parentheticals)]
        if not phrases and durations and mentions and not clocks and not sentence.numbered:
            index = _referred(mentions, find_references(sentence.text))
            if index is not None:
                mentions[index] = replace(mentions[index], duration=durations[0])
            continue
        ending = next((c for c in valid if _ENDING.search(sentence.text, 0, c.start)), None)
        if ending is not None and mentions and all(p.reference for p in phrases):
            # "… the talks lasted almost two hours, finishing at 15:19": the end of the
            # talks named before, not talks that begin at 15:19.
            _end_previous(mentions, day, ending)
            continue
        if not phrases or (sentence.numbered and not clocks):
            continue
        if not clocks and not happened:
            continue
        timings = _timings(sentence, valid, parentheticals)
        impossible = any(c.value is None for c in clocks) and not timings
        found = _sentence_mentions(sentence, day, phrases, timings, durations, impossible)
        if len(timings) > 1:
            found = [_dated_after(m, dates, document_date) for m in found]
        earlier = _timed_later(mentions, found)
        if earlier is not None:
            index, timed = earlier
            mentions[index] = replace(
                mentions[index],
                day=timed.day,
                timing=timed.timing,
                duration=mentions[index].duration or timed.duration,
            )
            continue
        mentions.extend(m for m in _timed_references(found) if not told_again(mentions, m))
        if len(mentions) >= MAX_DOCUMENT_EVENTS:
            findings.append(
                English(
                    N_(
                        "more than {most} events: the text after character {position} was not read",
                        most=MAX_DOCUMENT_EVENTS,
                        position=sentence.end,
                    )
                )
            )
            break
    titles = "\n".join(line for line in lines if "。" not in line)  # not the body's sentences
    mentions = _noon_slips(without_retold_headlines(mentions, headlines(sentences)), findings)
    return Mentions(tuple(_japanese_titles(_once(mentions), titles)), tuple(findings))


_TWELVE_AM = re.compile(r"^12[:.]\d\d\s*a\.?\s?m\b", re.IGNORECASE)


def _noon_slips(mentions: list[Mention], findings: list[str]) -> list[Mention]:
    """ "12:30 am Ceremonial welcome", then "12:50 Talks", "13:00 …": a programme's items
    are in time order, and midnight does not come between them: it is noon (said in
    the findings). Only where the next item that day is before 3 p.m."""
    fixed = list(mentions)
    for index, mention in enumerate(mentions):
        timing = mention.timing
        if not mention.listed or timing is None or timing.clock.value is None:
            continue
        if not _TWELVE_AM.match(timing.clock.text.strip()):
            continue
        following = next(
            (m for m in mentions[index + 1 :] if m.listed and m.timing is not None), None
        )
        after = following.timing.clock.value if following and following.timing else None
        if following is None or following.day != mention.day or after is None:
            continue
        if not time(12, 0) <= after < time(15, 0):
            continue
        noon = replace(timing.clock, value=timing.clock.value.replace(hour=12))
        fixed[index] = replace(mention, timing=replace(timing, clock=noon))
        findings.append(
            English(
                N_(
                    "“{clock}” read as {time}: the programme's next item is at {next}, and its "
                    "items are in time order",
                    clock=timing.clock.text.strip(),
                    time=f"{noon.value:%H:%M}",
                    next=f"{after:%H:%M}",
                )
            )
        )
    return fixed


def _once(mentions: Sequence[Mention]) -> list[Mention]:
    """The mentions with one of each event named twice at the same time a few events
    apart (a page that repeats its paragraphs): the same title, day, clock and label."""
    seen: dict[tuple[str, date | None, time, str], int] = {}
    kept = []
    for number, mention in enumerate(mentions):
        timing = mention.timing
        if timing is not None and timing.clock.value is not None:
            key = (mention.phrase.title, mention.day, timing.clock.value, timing.label)
            if number - seen.get(key, -_NEARBY_EVENTS - 1) <= _NEARBY_EVENTS:
                continue
            seen[key] = number
        kept.append(mention)
    return kept


_NEARBY_EVENTS = 3  # a repeated paragraph is close by; a long text repeats on purpose


def _japanese_titles(mentions: list[Mention], title: str) -> list[Mention]:
    """A Japanese event called only by its noun (「会談を行った」) takes the name the
    document's title gives it (「日・カタール外相会談」); one without a time that is named
    as a timed one is (「日中首脳会談も開かれ」 before the meeting's own entry) is that one."""
    timed = {m.phrase.title for m in mentions if m.timing is not None and m.phrase.japanese}
    kept = []
    for mention in mentions:
        phrase = mention.phrase
        if not phrase.japanese:
            kept.append(mention)
            continue
        if mention.timing is None and phrase.title in timed:
            continue
        named = _TITLE_NAME.search(title) if phrase.title in BARE_NOUNS else None
        noun = _title_noun(phrase, title) if named is not None else None
        if noun is not None:
            whole = re.search(r"[\u30a0-\u30ff\u3400-\u9fffA-Za-z0-9・]*" + re.escape(noun), title)
            if whole is not None and len(whole.group()) > len(phrase.title):
                mention = replace(mention, phrase=replace(phrase, title=whole.group()))
        kept.append(mention)
    return kept


def _title_noun(phrase: Phrase, title: str) -> str | None:
    """The noun the title names the event by: the phrase's own (「会談」 in 「日・カタール外相
    会談」), else one of the same kind (「電話会談」 for the title 「日米電話外相会談」)."""
    if phrase.title in title:
        return phrase.title
    return next((noun for noun, kind in JA_NOUNS if kind is phrase.kind and noun in title), None)


def _sentence_mentions(
    sentence: Sentence,
    day: date | None,
    phrases: Sequence[Phrase],
    timings: Sequence[Timing],
    durations: Sequence[Duration],
    impossible: bool,
) -> list[Mention]:
    """The sentence's events, each with the first time and duration that belong to it."""
    owner = _owner_ja if phrases and phrases[0].japanese else _owner
    timing_of: dict[int, Timing] = {}
    for timing in timings:
        timing_of.setdefault(owner(phrases, timing.clock.start), timing)
    duration_of: dict[int, Duration] = {}
    for duration in durations:
        duration_of.setdefault(owner(phrases, duration.start), duration)
    for index, phrase in enumerate(phrases):
        if index not in timing_of and _BEGAN_AS.match(sentence.text, phrase.end):
            later = [i for i in sorted(timing_of) if i > index]
            if later:  # "A summit began as the President arrived … around 1:30 pm"
                timing_of[index] = timing_of[later[0]]
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


# "<event> began as <someone> arrived at …": the event starts at the time of what follows.
_BEGAN_AS = re.compile(
    r"\s+(?:[\w-]+\s+){0,6}?(?:began|started|opened|got\s+under\s+way|kicked\s+off)\s+(?:as|when)\b"
)


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


class _Quotes:
    """Whether a position is inside a quotation (「…」, “…”): a date someone said, not the
    day of the events. Asked in order of position, so the text is read once."""

    def __init__(self, text: str) -> None:
        self.text, self.read, self.depth = text, 0, 0
        # "“The delegation arrived in Istanbul on Monday …": a statement the report quotes
        # as its own telling, from the sentence's start: its dates are the report's.
        if text[:1] in '“"':
            self.read = 1

    def __call__(self, position: int) -> bool:
        if position < self.read:  # asked out of order: count afresh
            self.read, self.depth = int(self.text[:1] in '“"'), 0
        for character in self.text[self.read : position]:
            if character in "「“":
                self.depth += 1
            elif character in "」”" and self.depth:
                self.depth -= 1
        self.read = max(self.read, position)
        return self.depth > 0


def _names_event(text: str) -> bool:
    """Whether a sentence without a time names an event: its date is then the day in
    force; a date in a sentence of background ("a month after the elections on 28
    July, …") is not the day of what follows."""
    return bool(find_phrases(text) or find_references(text)) or (
        not has_japanese(text) and _TRAVELS.search(text) is not None
    )


# "will travel to Japan from 26 to 29 September", "left for Tokyo on 8 January": a trip's
# dates, the day of what follows though no event noun is named.
_TRAVELS = re.compile(
    r"(?:travel|trip|visit|tour|journey|arriv|depart|left|leave|fly|flew|returns?|returned)",
    re.IGNORECASE,
)


def _date_heading(text: str, dates: Sequence[MentionedDate]) -> bool:
    """Whether the sentence is a date line of a programme: the date and little else."""
    rest = text
    for mentioned in dates:
        rest = rest.replace(mentioned.text, "")
    return len(re.sub(r"[\W\d_]|曜日?|[月火水木金土日]", "", rest)) <= 12


def _dated(
    sentence: Sentence, document: date | None, day: date | None, findings: list[str]
) -> date | None:
    """The date in force after a programme's line: the one it states, else ``day``."""
    dates = find_dates(sentence.text)
    if not dates:
        return day
    resolved, problem = _resolve_date(dates[0], document, sentence, day)
    findings.extend(problem)
    return resolved or day


def _programme_line(
    mentions: list[Mention],
    sentence: Sentence,
    day: date | None,
    line: ProgrammeLine,
    zone: str | None = None,
) -> ProgrammeLine | None:
    """Adds the event a programme's line names (or ends) to ``mentions``; the line
    itself when its item is still to come, on the next line."""
    if not line.title:
        return line
    if line.ends_previous:
        _end_previous(mentions, day, line.clock)
        return None
    title, _by, then = line.title.partition(" followed by ")
    title = title[:120]
    phrase = Phrase(0, len(sentence.text), title, programme_kind(title), line.place or None)
    timing = Timing(line.clock, line.end, line.label)
    zone = item_zone(line.title) or venue_zone(line.title) or zone or _place_before(mentions, day)
    mentions.append(Mention(phrase, sentence, day, timing, zone=zone, listed=True))
    if then.strip():  # "… via video conference followed by press conference": two items
        after = then.strip().rstrip(".")[:120]
        follower = Phrase(
            0, len(sentence.text), after[:1].upper() + after[1:], programme_kind(after), None
        )
        mentions.append(
            Mention(follower, sentence, day, None, follows_previous=True, zone=zone, listed=True)
        )
    return None


def _place_before(mentions: Sequence[Mention], day: date | None) -> str | None:
    """The place of the programme's item before, the same day: an item that names none
    ("7:40 p.m. Meeting with the Governor" after "1:20 p.m. … in Anchorage") is there."""
    if mentions and mentions[-1].day == day:
        return mentions[-1].zone
    return None


def _end_previous(mentions: list[Mention], day: date | None, clock: Clock) -> None:
    """ "19.00 End of the meeting", 「同会議終了」: the last timed event (among the last few),
    begun the same day and without a length yet, lasts until ``clock``."""
    index = next(
        (i for i in range(len(mentions) - 1, max(-1, len(mentions) - 4), -1) if mentions[i].timing),
        None,
    )
    if index is None or mentions[index].duration is not None:
        return
    previous = mentions[index]
    assert previous.timing is not None
    begun, ended = previous.timing.clock.value, clock.value
    if begun is None or ended is None or previous.day != day:
        return
    minutes = (ended.hour * 60 + ended.minute) - (begun.hour * 60 + begun.minute)
    if minutes > 0:
        duration = Duration(0, 0, clock.text, minutes, clock.hedge is not None)
        mentions[index] = replace(previous, duration=duration)


def _timed_later(
    mentions: Sequence[Mention], found: Sequence[Mention]
) -> tuple[int, Mention] | None:
    """ "… held talks with Xi in the Kremlin. The talks began at 12:30.": a sentence whose
    only events refer back ("the talks") and give a time gives it to the event named
    before (the last of the same kind among the last few, if it has no time yet): the
    index of that event, and the mention that times it."""
    if not found or not all(m.phrase.reference for m in found):
        return None
    timed = next((m for m in found if m.timing is not None), None)
    if timed is None or timed.phrase.japanese:
        return None
    kinds = {timed.phrase.kind} | ({Kind.CALL} if timed.phrase.kind is Kind.MEETING else set())
    for index in range(len(mentions) - 1, max(-1, len(mentions) - 6), -1):
        if mentions[index].phrase.kind in kinds:  # "the talks" of telephone talks too
            if mentions[index].timing is not None:
                return None
            return (index, timed) if _same_name(timed.phrase, mentions[index].phrase) else None
    return None


_ON_DAY = re.compile(r"\s*(?:,\s*)?(?:on\s+)?$")


def _dated_after(
    mention: Mention, dates: Sequence[MentionedDate], document: date | None
) -> Mention:
    """ "arrived at 3:40 pm and is to depart at 8 am on Sunday": the date written right
    after a sentence's later time is that time's day."""
    timing = mention.timing
    if timing is None or timing.second is not None:
        return mention
    text = mention.sentence.text
    written = next(
        (
            d
            for d in dates
            if d.start >= timing.clock.end
            and d.start - timing.clock.end <= 8
            and _ON_DAY.match(text[timing.clock.end : d.start])
        ),
        None,
    )
    if written is None:
        return mention
    resolved, _problem = _resolve_date(written, document, mention.sentence, mention.day)
    return replace(mention, day=resolved) if resolved is not None else mention


def _timed_references(found: list[Mention]) -> list[Mention]:
    """ "The small-group meeting began around 1:35 pm, with the talks focusing on …": a
    sentence of references only that names a new event keeps that one; the others
    ("the talks") are it again."""
    if len(found) < 2 or not all(m.phrase.reference for m in found):
        return found
    timed = [replace(m, followers=0) for m in found if m.timing is not None]
    return timed or found


_NAMING = re.compile(r"[a-z][a-z-]{2,}")


def _same_name(reference: Phrase, earlier: Phrase) -> bool:
    """Whether "the small-group meeting" can be the event named before: the words that
    name it besides its noun ("small-group") are in that one's title. "The meeting",
    "the talks" can be any meeting."""
    words = _NAMING.findall(reference.title.lower())[:-1]
    named = earlier.title.lower()
    return all(word in named for word in words if word != "the")


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
        spans.append((clock, None, label_of(sentence.text, clock)))
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


def _owner_ja(phrases: Sequence[Phrase], position: int) -> int:
    """In Japanese the time comes before its event (「午後4時45分から…会談を行った」): the first
    event after it said to be held, else the first after it, else the last before it."""
    after = [index for index, phrase in enumerate(phrases) if phrase.start >= position]
    held = [index for index in after if phrases[index].held]
    if held:
        return held[0]
    if after:
        return after[0]
    return len(phrases) - 1


def _resolve_date(
    mentioned: MentionedDate,
    document: date | None,
    sentence: Sentence,
    current: date | None = None,
) -> tuple[date | None, tuple[str, ...]]:
    """The date a sentence mentions, the nearest such to the document's; a finding if it
    is no date at all. ``current`` is the date in force, which 「同日」「翌日」 count from."""
    if mentioned.relative_to:
        base = document if mentioned.relative_to == "document" else (current or document)
        return (base + timedelta(days=mentioned.shift) if base else None), ()
    if mentioned.month is None and mentioned.day is not None:
        return nearest_day(mentioned.day, current or document), ()
    if document is None:
        if mentioned.year and mentioned.month and mentioned.day:
            return safe_date(mentioned.year, mentioned.month, mentioned.day), ()
        return None, ()
    if mentioned.month is None:
        assert mentioned.weekday is not None
        shift = (mentioned.weekday - document.weekday()) % 7
        tense = _tense(sentence.text)
        if tense == "future":  # "will meet on Monday": the next Monday, or the day itself
            return document + timedelta(days=shift), ()
        if tense == "past":  # "met on Monday": the last one, or the day itself
            return document + timedelta(days=shift - 7 if shift else 0), ()
        return document + timedelta(days=shift if shift <= 3 else shift - 7), ()
    assert mentioned.day is not None
    years = (
        [mentioned.year]
        if mentioned.year
        else [document.year - 1, document.year, document.year + 1]
    )
    candidates = [d for d in (safe_date(y, mentioned.month, mentioned.day) for y in years) if d]
    if not candidates:
        not_a_date = N_(
            "“{date}” in “{sentence}…” is not a date",
            date=mentioned.text.strip(),
            sentence=sentence.text[:60],
        )
        return None, (English(not_a_date),)
    return min(candidates, key=lambda d: abs((d - document).days)), ()


_FUTURE = re.compile(
    r"\b(?:will|shall|is\s+to|are\s+to|is\s+due|are\s+due|is\s+scheduled|are\s+scheduled|"
    r"is\s+expected|are\s+expected|plans?\s+to|planned\s+to|is\s+set\s+to|are\s+set\s+to|"
    r"is\s+slated|are\s+slated|going\s+to)\b",
    re.IGNORECASE,
)
_PAST = re.compile(
    r"\b(?:was|were|had|held|met|began|begun|started|ended|lasted|took\s+place|arrived|"
    r"departed|left|spoke|talked|visited|attended|hosted|signed|gave|delivered)\b",
    re.IGNORECASE,
)


def _tense(text: str) -> str:
    """ "future" ("will meet"), "past" ("met"), or "" when the sentence does not say."""
    future = _FUTURE.search(text)
    past = _PAST.search(text)
    if future and not past:
        return "future"
    if past and not future:
        return "past"
    return ""
