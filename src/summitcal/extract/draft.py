"""From a press summary's text to an :class:`Extraction`: its events, in the local
zone, with what the document states in a second zone checked.

Rules where the text leaves things open (the README says them too):

- a sentence names events by their nouns (:mod:`.phrases`); it yields events if it
  has a time, or says they happened ("held", "attended", "followed by",
  "afterwards"); numbered policy paragraphs without a time are not schedule;
- each time belongs to the last event named before it in the sentence, else the first
  named after it; a time stated in a second zone belongs to the time it follows;
- events named after a timed one in the same sentence ("... followed by a meeting")
  are sub-sessions: they follow it, and share its stated duration (the first gets its
  kind's usual length, at most half; the rest share what remains);
- an event without a time follows the one before it and lasts its kind's usual length
  (ceremony 15 minutes, meeting 60, press conference 30, meal 90, ...), cut short if it
  would run into the next timed event; it is marked not announced;
- a telephone talk or video conference with no place is in the home zone.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from summitcal.extract.places import fold
from summitcal.extract.placing import (
    choose_home,
    choose_local,
    context_zones,
    government_zone,
    label_zone,
    same_clock,
)
from summitcal.extract.reading import (
    CLOCKISH,
    Draft,
    Second,
    main_labels,
    read_drafts,
    read_parentheses,
    safe_date,
)
from summitcal.extract.records import (
    ExtractedEvent,
    Extraction,
    Source,
    StatedTime,
    ZoneChoice,
)
from summitcal.extract.sentences import split_sentences
from summitcal.extract.times import (
    Duration,
    find_document_date,
)
from summitcal.extract.verify import HEDGED_TOLERANCE, check_stated
from summitcal.model import Certainty, Kind
from summitcal.text import FORBIDDEN
from summitcal.tzdb import load
from summitcal.zones import RepeatedTimeError, SkippedTimeError, resolve

__all__ = ["DEFAULT_MINUTES", "extract"]

DEFAULT_MINUTES = {
    Kind.CEREMONY: 15,
    Kind.MEETING: 60,
    Kind.PRESS_CONFERENCE: 30,
    Kind.MEAL: 90,
    Kind.SPEECH: 20,
    Kind.CALL: 30,
    Kind.VISIT: 60,
    Kind.TRAVEL: 30,
    Kind.OTHER: 30,
}


def extract(text: str, *, zone: str | None = None, on: date | None = None) -> Extraction:
    """The schedule a press summary describes. ``zone`` (an IANA name) and ``on`` (the
    document's date) override what the text says. Never raises on any text.

    Control characters, which no schedule field may hold (:mod:`summitcal.text`), are
    read as spaces, so character offsets into the text stay true.
    """
    text = FORBIDDEN.sub(" ", text)
    findings: list[str] = []
    title = _title(text)
    if on is not None:
        document_date: date | None = on
        date_reason = "given with --date"
    else:
        found = find_document_date(text)
        document_date = found[0] if found else None
        date_reason = (
            f"the date line “{text[found[1] : found[2]]}”"
            if found
            else "no date line found; give --date"
        )
        if found is None:
            findings.append(
                "no date found in the document: events without a date cannot be placed; give --date"
            )
    sentences = split_sentences(text)
    # Numbered paragraphs are the talks' content ("... welcomed the adoption of ..."):
    # places named there are not where the visit is.
    narrative = "\n".join(s.text for s in sentences if not s.numbered)
    prefer = context_zones(narrative)
    sentences = [s for s in sentences if not s.numbered or CLOCKISH.search(s.text)]
    seconds_by_sentence = {s.start: read_parentheses(s, findings, prefer) for s in sentences}
    labels = [
        second.label
        for seconds in seconds_by_sentence.values()
        for second in seconds.values()
        if second.zone and not second.local
    ] + [label for sentence in sentences for label in main_labels(sentence.text)]
    # The place first (the government named is the home country, not the visit's),
    # then home: the zone of the other clock the text gives times in.
    government = government_zone(narrative)
    local = choose_local(narrative, government[0] if government else "", zone)
    home = choose_home(narrative, labels, local.zone or "Etc/UTC", prefer)
    if not local.zone:  # no place named, and no government to call home
        local = (
            ZoneChoice(home.zone, "no place is named in the text: the home zone")
            if home is not None
            else ZoneChoice("Etc/UTC", "no place and no home zone in the text: UTC; give --zone")
        )
    if home is None:
        home = ZoneChoice(local.zone, "no home zone is stated: the local zone")
    drafts = read_drafts(text, sentences, seconds_by_sentence, document_date, findings)
    events = _place(drafts, local, home, findings, prefer)
    return Extraction(
        title, document_date, date_reason, local, home, tuple(events), tuple(findings)
    )


def _title(text: str) -> str:
    for line in text.splitlines():
        line = " ".join(line.split())
        if line:
            line = re.sub(r"\s*\((?:summary|outline|overview)\)$", "", line, flags=re.IGNORECASE)
            return line[:120] or "Extracted schedule"
    return "Extracted schedule"


def _place(
    drafts: list[Draft],
    local: ZoneChoice,
    home: ZoneChoice,
    findings: list[str],
    prefer: tuple[str, ...],
) -> list[ExtractedEvent]:
    """Times for every event: stated, or estimated from the one before; then checks."""
    directs = [_direct_start(d, _zone_of(d, local, home), home.zone, prefer) for d in drafts]
    events: list[ExtractedEvent] = []
    ids: dict[str, int] = {}
    previous_end: datetime | None = None  # aware
    previous_id: str | None = None
    shares: list[int] = []  # what is left of a sub-session block, for its followers
    block_hedged = False
    for index, draft in enumerate(drafts):
        kind = draft.phrase.kind
        zone_key = _zone_of(draft, local, home)
        zone = load(zone_key)
        notes = list(draft.notes)
        stated: list[StatedTime] = []
        start_certainty, end_certainty = Certainty.EXACT, Certainty.NOT_ANNOUNCED
        hedged = False
        follows: str | None = None
        start: datetime | None = directs[index]
        minutes: int | None = None
        usual = DEFAULT_MINUTES[kind]
        if draft.timing is not None and start is not None:
            timing = draft.timing
            hedged = timing.clock.hedge is not None
            start_certainty = Certainty.APPROXIMATE if hedged else Certainty.EXACT
            stated.extend(_statements(draft, zone_key, home.zone, prefer))
            if timing.end is not None and timing.end.value is not None:
                day = start.date()
                end = _aware(datetime.combine(day, timing.end.value), zone_key, draft)
                if _utc(end) <= _utc(start):  # "from 11:00 p.m. to 1:00 a.m."
                    end = _aware(
                        datetime.combine(day + timedelta(days=1), timing.end.value), zone_key, draft
                    )
                minutes = _minutes(start, end)
                end_certainty = Certainty.APPROXIMATE if timing.end.hedge else Certainty.EXACT
            elif draft.followers and draft.duration is not None:
                block = draft.duration.minutes  # for this and its sub-sessions together
                first = min(usual, block // 2)
                minutes = first
                rest = block - first
                shares = [rest // draft.followers] * draft.followers
                shares[-1] += rest - sum(shares)
                hedged = hedged or draft.duration.hedged
                block_hedged = draft.duration.hedged
                notes.append(
                    f"the source gives {how_long(draft.duration)} for this and what follows "
                    f"it; this draft gives it {first} minutes"
                )
            elif draft.duration is not None:
                minutes = draft.duration.minutes
                hedged = hedged or draft.duration.hedged
                end_certainty = Certainty.APPROXIMATE if draft.duration.hedged else Certainty.EXACT
            else:
                minutes = usual
                notes.append(f"the source does not say how long: the usual {usual} minutes")
        elif draft.timing is not None:
            notes.append("no date for its time: give --date")
        elif previous_end is not None and not draft.impossible:
            start = previous_end.astimezone(zone)
            follows = previous_id
            start_certainty = Certainty.NOT_ANNOUNCED
            if draft.duration is not None and not (shares and draft.follows_previous):
                minutes = draft.duration.minutes
                hedged = draft.duration.hedged
                end_certainty = Certainty.APPROXIMATE if hedged else Certainty.EXACT
                notes.append(
                    f"not announced: it follows directly; the source gives {how_long(draft.duration)}"
                )
            elif shares and draft.follows_previous:
                minutes = shares.pop(0)
                hedged = block_hedged
                if not shares:  # the last one ends when the stated duration does
                    end_certainty = Certainty.APPROXIMATE if block_hedged else Certainty.EXACT
                notes.append(
                    f"not announced: it follows directly; {minutes} minutes of the stated time are left for it"
                )
            else:
                minutes = usual
                following = next((s for s in directs[index + 1 :] if s is not None), None)
                if following is not None and _utc(start) < _utc(following) < _utc(
                    _later(start, minutes)
                ):
                    minutes = _minutes(start, following)
                    notes.append(
                        f"not announced: it follows directly and ends when the next timed event starts ({minutes} minutes)"
                    )
                else:
                    notes.append(
                        f"not announced: it follows directly and lasts the usual {minutes} minutes"
                    )
        else:
            start_certainty = Certainty.NOT_ANNOUNCED
            if draft.impossible:
                notes.append(
                    "its time in the text cannot exist (see the findings): place it by hand"
                )
            elif draft.timing is None:
                notes.append("no time is given and no earlier event to follow: place it by hand")
            else:
                notes.append("its time in the text cannot exist: place it by hand")
            if draft.duration is not None:
                minutes = draft.duration.minutes
                hedged = draft.duration.hedged
        event_id = _unique(_slug(draft.phrase.title), ids)
        conversion, error, cause = "unchecked", None, None
        checked: list[StatedTime] = []
        derived = draft.timing is not None and draft.timing.clock.value is None
        for statement in stated:
            if start is None or derived:
                break
            tolerance = HEDGED_TOLERANCE if hedged else 0
            verdict, off, why, filled = check_stated(start, statement, tolerance)
            checked.append(filled)
            if conversion != "inconsistent":
                conversion, error, cause = verdict, off, why
            if verdict == "inconsistent":
                findings.append(
                    f"{draft.phrase.title}: the document says {filled.time:%H:%M} on "
                    f"{filled.time:%d %b} in {filled.zone}, but {start:%H:%M} {zone_key} is "
                    f"{start.astimezone(load(filled.zone)):%H:%M on %d %b} there "
                    f"({off:+d} minutes; likely {why})"
                )
        if start is not None and minutes is not None:
            previous_end = _later(start, minutes)
            previous_id = event_id
        events.append(
            ExtractedEvent(
                id=event_id,
                title=draft.phrase.title,
                kind=kind,
                zone=zone_key,
                start=None if start is None else start.replace(tzinfo=None),
                duration_minutes=minutes,
                start_certainty=start_certainty,
                end_certainty=end_certainty if start is not None else Certainty.NOT_ANNOUNCED,
                hedged=hedged,
                follows=follows,
                location=draft.phrase.place,
                stated_times=tuple(checked or stated),
                conversion=conversion,
                conversion_error_minutes=error,
                conversion_cause=cause,
                sentence=Source(draft.sentence.start, draft.sentence.end, draft.sentence.text),
                notes=tuple(notes),
            )
        )
    return events


def _zone_of(draft: Draft, local: ZoneChoice, home: ZoneChoice) -> str:
    if draft.phrase.kind is Kind.CALL and draft.phrase.place is None:
        return home.zone
    return local.zone


def _claims(
    draft: Draft, zone_key: str, home_key: str, prefer: tuple[str, ...]
) -> list[StatedTime]:
    """Every time the sentence gives the event, each in the zone it is given in: the time
    itself (its label's zone, or the local one) and the one in parentheses."""
    timing = draft.timing
    if timing is None or draft.day is None:
        return []
    second = timing.second
    claims = []
    if timing.clock.value is not None:
        if timing.label:
            main_zone = label_zone(timing.label, prefer)[0] or zone_key
            label = timing.label
        elif timing.local_in_parenthesis:
            main_zone, label = home_key, f"home time ({home_key})"
        else:
            main_zone, label = zone_key, "local time"
        day = draft.day + timedelta(days=timing.clock.next_day)
        wall = datetime.combine(day, timing.clock.value)
        claims.append(StatedTime(main_zone, wall, label, True))
    if second is not None and second.clock.value is not None:
        second_zone = zone_key if second.local else second.zone
        if second_zone is not None:
            day = _second_day(second, draft.day) + timedelta(days=second.clock.next_day)
            wall = datetime.combine(day, second.clock.value)
            claims.append(StatedTime(second_zone, wall, second.label, second.date is not None))
    return claims


def _direct_start(
    draft: Draft, zone_key: str, home_key: str, prefer: tuple[str, ...]
) -> datetime | None:
    """The event's start as stated (aware, in its zone), before any estimate: the time
    given in the local zone, else the first one given, converted."""
    claims = _claims(draft, zone_key, home_key, prefer)
    if not claims:
        return None
    local = [c for c in claims if same_clock(c.zone, zone_key)]
    chosen = local[0] if local else claims[0]
    if draft.timing is not None and draft.timing.clock.value is None:
        draft.notes.append(
            f"“{draft.timing.clock.text.strip()}” cannot exist; the start is worked back from "
            f"{chosen.time:%H:%M} {chosen.label}"
        )
    moment = _aware(chosen.time.replace(tzinfo=None), chosen.zone, draft)
    return moment.astimezone(load(zone_key))


def _aware(wall: datetime, zone_key: str, draft: Draft) -> datetime:
    try:
        return resolve(wall, load(zone_key), "raise")
    except (SkippedTimeError, RepeatedTimeError) as error:
        draft.notes.append(f"{error}; read as the first possible time")
        return resolve(wall, load(zone_key), "compatible")


def _second_day(second: Second, day: date) -> date:
    if second.date is not None and second.date.month and second.date.day:
        candidates = [
            d
            for d in (
                safe_date(y, second.date.month, second.date.day)
                for y in (day.year - 1, day.year, day.year + 1)
            )
            if d
        ]
        if candidates:
            return min(candidates, key=lambda d: abs((d - day).days))
    return day


def _statements(
    draft: Draft, zone_key: str, home_key: str, prefer: tuple[str, ...]
) -> list[StatedTime]:
    """The times the document gives besides the one the start is taken from."""
    claims = _claims(draft, zone_key, home_key, prefer)
    local = [c for c in claims if same_clock(c.zone, zone_key)]
    chosen = local[0] if local else (claims[0] if claims else None)
    if draft.timing is not None and draft.timing.clock.value is None:
        return claims  # the start was worked back from them: shown, not checked
    return [c for c in claims if c is not chosen]


def how_long(duration: Duration) -> str:
    """``approximately 70 minutes`` from "for approximately 70 minutes"."""
    return re.sub(
        r"^(?:for|lasted|lasting)\s+(?:for\s+)?", "", duration.text.strip(), flags=re.IGNORECASE
    )


def _minutes(start: datetime, end: datetime) -> int:
    """Elapsed minutes (in UTC: Python subtracts two times of one zone by wall clock)."""
    return max(1, round((_utc(end) - _utc(start)).total_seconds() / 60))


def _later(moment: datetime, minutes: int) -> datetime:
    """``minutes`` of elapsed time after ``moment``, in its zone, across any DST change."""
    return (_utc(moment) + timedelta(minutes=minutes)).astimezone(moment.tzinfo)


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def _slug(title: str) -> str:
    words = re.findall(r"[a-z0-9]+", fold(title))
    slug = ""
    for word in words:
        if len(slug) + len(word) + 1 > 40:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug or "event"


def _unique(slug: str, taken: dict[str, int]) -> str:
    """The slug, or ``slug-2``, ``slug-3``, ...: ``taken`` counts each slug's uses."""
    number = taken.get(slug, 0) + 1
    taken[slug] = number
    candidate = slug if number == 1 else f"{slug}-{number}"
    while number > 1 and candidate in taken:  # "meeting-2" written as a title of its own
        number += 1
        candidate = f"{slug}-{number}"
    taken[candidate] = max(taken.get(candidate, 0), 1)
    return candidate
