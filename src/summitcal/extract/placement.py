"""Step: every event placed in time, in its zone: the start the text states, or an
estimate from the event before it; and how long it lasts.

Rules where the text leaves things open (the README says them too):

- a telephone talk or video conference with no place is in the home zone;
- sub-sessions (events named after a timed one in its sentence) share its stated
  duration: the timed one gets its kind's usual length, at most half; the rest share
  what remains, the last one taking what does not divide;
- an event without a time follows the one before it and lasts its stated duration,
  else its kind's usual length (ceremony 15 minutes, meeting 60, press conference 30,
  meal 90, ...), cut short if it would run into the next timed event; its start is
  marked not announced;
- estimates count elapsed time, across any change of the zone's offset.

Events are placed in order, each from what placing the one before left
(:class:`Chain`): where it ends, and what is left of a sub-session block.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, time, timedelta

from summitcal.extract.document_zones import DocumentZones
from summitcal.extract.event_ids import event_ids
from summitcal.extract.mentions import Mention
from summitcal.extract.retellings import RETOLD_CHARACTERS
from summitcal.extract.stated_start import StatedStart, aware, stated_start
from summitcal.extract.times import Duration
from summitcal.extract.travel import travel_zones
from summitcal.extract.venues import venue_zone
from summitcal.messages import N_, English
from summitcal.model import Certainty, Kind
from summitcal.tzdb import load

__all__ = [
    "DEFAULT_MINUTES",
    "Chain",
    "PlacedEvent",
    "Span",
    "how_long",
    "place_event",
    "place_events",
    "zone_of",
]

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

_EXACT, _APPROXIMATE = Certainty.EXACT, Certainty.APPROXIMATE
_NOT_ANNOUNCED = Certainty.NOT_ANNOUNCED


@dataclass(frozen=True, slots=True)
class Span:
    """When an event is: its start (aware, in its zone) and length, and how sure each is."""

    start: datetime | None
    minutes: int | None
    start_certainty: Certainty = _EXACT
    end_certainty: Certainty = _NOT_ANNOUNCED
    hedged: bool = False  # the start or the duration is hedged in the source
    follows: str | None = None  # the id of the event it follows directly
    notes: tuple[str, ...] = ()  # what was estimated and why


@dataclass(frozen=True, slots=True)
class PlacedEvent:
    id: str
    mention: Mention
    zone: str
    stated: StatedStart
    span: Span

    @property
    def notes(self) -> tuple[str, ...]:
        return self.stated.notes + self.span.notes


@dataclass(frozen=True, slots=True)
class Chain:
    """What placing an event leaves for the next one."""

    end: datetime | None = None  # where the last placed event ends (aware)
    last_id: str | None = None  # its id
    shares: tuple[int, ...] = ()  # minutes of a sub-session block, for those still to come
    block_hedged: bool = False  # the block's duration is hedged


def place_events(mentions: Sequence[Mention], zones: DocumentZones) -> tuple[PlacedEvent, ...]:
    """Every event placed, in order, each after the one before when the text gives it no
    time of its own."""
    zone_keys = travel_zones(mentions, [zone_of(mention, zones) for mention in mentions])
    stated = [
        stated_start(mention, zone_key, zones.home.zone, zones.named)
        for mention, zone_key in zip(mentions, zone_keys, strict=True)
    ]
    mentions, zone_keys, stated = _once_each(mentions, zone_keys, stated)
    ids = event_ids(mention.phrase.title for mention in mentions)
    following = _next_starts([s.start for s in stated])
    chain = Chain()
    placed = []
    for index, mention in enumerate(mentions):
        event, chain = place_event(
            mention, ids[index], zone_keys[index], stated[index], chain, following[index]
        )
        placed.append(event)
    return tuple(placed)


_RETOLD_WITHIN = 3  # a report tells its lead again in a quote a few events later


def _once_each(
    mentions: Sequence[Mention], zone_keys: Sequence[str], stated: Sequence[StatedStart]
) -> tuple[list[Mention], list[str], list[StatedStart]]:
    """The events with each told once: a report that tells its lead again ("A meeting …
    will begin at 11.30 am local time", then a quote: "It will all begin at approximately
    11.30 local time (Moscow 22.30) with a conversation …") names one event, of one kind
    at one instant; it keeps the first telling, with the times of the fuller one (a
    hedge, a second clock). Programmes' items are never merged: two may share a time."""
    kept: list[tuple[Mention, str, StatedStart]] = []
    for mention, zone_key, start in zip(mentions, zone_keys, stated, strict=True):
        earlier = _told_before(kept, mention, start)
        if earlier is None:
            kept.append((mention, zone_key, start))
            continue
        first, first_zone, first_start = kept[earlier]
        if _fuller(mention, start, first, first_start):
            assert mention.timing is not None
            first = replace(first, timing=mention.timing, day=mention.day)
            kept[earlier] = (first, first_zone, start)
    return [k[0] for k in kept], [k[1] for k in kept], [k[2] for k in kept]


def _told_before(
    kept: Sequence[tuple[Mention, str, StatedStart]], mention: Mention, start: StatedStart
) -> int | None:
    if mention.listed or mention.timing is None or start.start is None:
        return None
    for index in range(len(kept) - 1, max(-1, len(kept) - 1 - _RETOLD_WITHIN), -1):
        other, _zone, other_start = kept[index]
        if (
            not other.listed
            and other.timing is not None
            and other.sentence is not mention.sentence
            and mention.sentence.start - other.sentence.start <= RETOLD_CHARACTERS
            and other.phrase.kind is mention.phrase.kind
            and other_start.start is not None
            and _utc(other_start.start) == _utc(start.start)
        ):
            return index
    return None


def _fuller(mention: Mention, start: StatedStart, first: Mention, first_start: StatedStart) -> bool:
    """Whether the later telling states more: another clock, or a hedge the first lacks."""
    assert mention.timing is not None and first.timing is not None
    more_clocks = len(start.others) > len(first_start.others)
    hedge = mention.timing.clock.hedge is not None and first.timing.clock.hedge is None
    return more_clocks or (hedge and len(start.others) >= len(first_start.others))


def zone_of(mention: Mention, zones: DocumentZones) -> str:
    """The zone an event is in: the local one, but for a call with no place named (the
    caller's: see :attr:`.DocumentZones.call_zone`) and an event at a seat of government
    elsewhere ("will meet the President at the White House on Friday")."""
    if mention.phrase.kind is Kind.CALL and mention.phrase.place is None:
        return zones.call_zone
    seat = venue_zone(mention.phrase.place) if mention.phrase.place else None
    return mention.zone or seat or zones.local.zone


def place_event(
    mention: Mention,
    event_id: str,
    zone_key: str,
    stated: StatedStart,
    chain: Chain,
    next_start: datetime | None = None,
) -> tuple[PlacedEvent, Chain]:
    """One event placed, and what it leaves for the next. ``next_start``: the start the
    text states for the next event that has one, where an estimate must end."""
    if mention.timing is not None and stated.start is not None:
        span, chain = _as_stated(mention, stated.start, zone_key, chain)
    elif mention.timing is not None:
        span = Span(None, None, notes=(English(N_("no date for its time: give --date")),))
    elif chain.end is not None and not mention.impossible:
        span, chain = _after_previous(mention, chain, zone_key, next_start)
    else:
        span = _by_hand(mention)
    if span.start is not None and span.minutes is not None:
        chain = replace(chain, end=_later(span.start, span.minutes), last_id=event_id)
    return PlacedEvent(event_id, mention, zone_key, stated, span), chain


def _as_stated(
    mention: Mention, start: datetime, zone_key: str, chain: Chain
) -> tuple[Span, Chain]:
    """An event with a stated start: it lasts to the end of its range, or its stated
    duration (shared with its sub-sessions), else its kind's usual length."""
    timing = mention.timing
    assert timing is not None
    usual = DEFAULT_MINUTES[mention.phrase.kind]
    hedged = timing.clock.hedge is not None
    certainty = _APPROXIMATE if hedged else _EXACT
    duration = mention.duration
    if timing.end is not None and timing.end.value is not None:
        end_certainty = _APPROXIMATE if timing.end.hedge else _EXACT
        minutes = _until(start, timing.end.value, zone_key)
        return Span(start, minutes, certainty, end_certainty, hedged), chain
    if mention.followers and duration is not None:
        block = duration.minutes  # for this and its sub-sessions together
        first = min(usual, block // 2)
        rest = block - first
        shares = [rest // mention.followers] * mention.followers
        shares[-1] += rest - sum(shares)
        note = English(
            N_(
                "the source gives {length} for this and what follows it; this draft gives it "
                "{minutes} minutes",
                length=how_long(duration),
                minutes=first,
            )
        )
        span = Span(
            start, first, certainty, _NOT_ANNOUNCED, hedged or duration.hedged, notes=(note,)
        )
        return span, replace(chain, shares=tuple(shares), block_hedged=duration.hedged)
    if duration is not None:
        end_certainty = _APPROXIMATE if duration.hedged else _EXACT
        return Span(
            start, duration.minutes, certainty, end_certainty, hedged or duration.hedged
        ), chain
    note = English(
        N_("the source does not say how long: the usual {minutes} minutes", minutes=usual)
    )
    return Span(start, usual, certainty, _NOT_ANNOUNCED, hedged, notes=(note,)), chain


def _after_previous(
    mention: Mention, chain: Chain, zone_key: str, next_start: datetime | None
) -> tuple[Span, Chain]:
    """An event the text gives no time: it starts when the one before ends."""
    assert chain.end is not None
    start = chain.end.astimezone(load(zone_key))
    duration = mention.duration
    sharing = bool(chain.shares) and mention.follows_previous
    if duration is not None and not sharing:
        end_certainty = _APPROXIMATE if duration.hedged else _EXACT
        note = English(
            N_(
                "not announced: it follows directly; the source gives {length}",
                length=how_long(duration),
            )
        )
        span = Span(
            start,
            duration.minutes,
            _NOT_ANNOUNCED,
            end_certainty,
            hedged=duration.hedged,
            follows=chain.last_id,
            notes=(note,),
        )
        return span, chain
    if sharing:
        minutes, *left = chain.shares
        last = _APPROXIMATE if chain.block_hedged else _EXACT  # it ends when the block does
        note = English(
            N_(
                "not announced: it follows directly; {minutes} minutes of the stated time are "
                "left for it",
                minutes=minutes,
            )
        )
        span = Span(
            start,
            minutes,
            _NOT_ANNOUNCED,
            _NOT_ANNOUNCED if left else last,
            hedged=chain.block_hedged,
            follows=chain.last_id,
            notes=(note,),
        )
        return span, replace(chain, shares=tuple(left))
    minutes = DEFAULT_MINUTES[mention.phrase.kind]
    if next_start is not None and _utc(start) < _utc(next_start) < _utc(_later(start, minutes)):
        minutes = _minutes(start, next_start)
        note = English(
            N_(
                "not announced: it follows directly and ends when the next timed event starts "
                "({minutes} minutes)",
                minutes=minutes,
            )
        )
    else:
        note = English(
            N_(
                "not announced: it follows directly and lasts the usual {minutes} minutes",
                minutes=minutes,
            )
        )
    span = Span(start, minutes, _NOT_ANNOUNCED, follows=chain.last_id, notes=(note,))
    return span, chain


def _by_hand(mention: Mention) -> Span:
    """An event nothing places: no time, and none before it to follow."""
    if mention.impossible:
        note = English(N_("its time in the text cannot exist (see the findings): place it by hand"))
    else:
        note = English(N_("no time is given and no earlier event to follow: place it by hand"))
    duration = mention.duration
    return Span(
        None,
        duration.minutes if duration is not None else None,
        _NOT_ANNOUNCED,
        _NOT_ANNOUNCED,
        duration.hedged if duration is not None else False,
        notes=(note,),
    )


def _next_starts(starts: Sequence[datetime | None]) -> list[datetime | None]:
    """For each event, the first stated start after it."""
    following: list[datetime | None] = [None] * len(starts)
    upcoming: datetime | None = None
    for index in range(len(starts) - 1, -1, -1):
        following[index] = upcoming
        upcoming = starts[index] if starts[index] is not None else upcoming
    return following


def how_long(duration: Duration) -> str:
    """``approximately 70 minutes`` from "for approximately 70 minutes"."""
    return re.sub(
        r"^(?:for|lasted|lasting)\s+(?:for\s+)?", "", duration.text.strip(), flags=re.IGNORECASE
    )


def _until(start: datetime, end: time, zone_key: str) -> int:
    """Minutes from ``start`` to the next ``end`` on its clock ("from 11:00 p.m. to 1:00
    a.m." ends the next day). A skipped or repeated end is read as the first possible
    time, without a note (none was ever kept for it)."""
    day = start.date()
    moment, _note = aware(datetime.combine(day, end), zone_key)
    if _utc(moment) <= _utc(start):
        moment, _note = aware(datetime.combine(day + timedelta(days=1), end), zone_key)
    return _minutes(start, moment)


def _minutes(start: datetime, end: datetime) -> int:
    """Elapsed minutes (in UTC: Python subtracts two times of one zone by wall clock)."""
    return max(1, round((_utc(end) - _utc(start)).total_seconds() / 60))


def _later(moment: datetime, minutes: int) -> datetime:
    """``minutes`` of elapsed time after ``moment``, in its zone, across any DST change."""
    return (_utc(moment) + timedelta(minutes=minutes)).astimezone(moment.tzinfo)


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)
