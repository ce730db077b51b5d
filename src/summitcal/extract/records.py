"""What extraction finds: plain frozen data, the same for every output format."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from summitcal.model import Certainty, Kind

__all__ = ["Conversion", "ExtractedEvent", "Extraction", "Source", "StatedTime", "ZoneChoice"]


class Conversion(StrEnum):
    """What the check of an event's times in a second zone found."""

    CONSISTENT = "consistent"  # within the tolerance
    INCONSISTENT = "inconsistent"
    UNCHECKED = "unchecked"  # no second time, or nothing to check it against


@dataclass(frozen=True, slots=True)
class Source:
    """A stretch of the document: character offsets (Python string indices) and text."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class StatedTime:
    """A time the document states in a second zone, as it states it (wall time)."""

    zone: str
    time: datetime  # naive wall time in ``zone``
    label: str  # as written: "Japan Standard Time", "JST", "local time"
    date_stated: bool  # False: the date was inferred


@dataclass(frozen=True, slots=True)
class ZoneChoice:
    zone: str
    reason: str
    visited: bool = False  # the text says the visit is there (not only that it names it)
    weak: bool = False  # only "in <country>" says so, which background also says


@dataclass(frozen=True, slots=True)
class ExtractedEvent:
    id: str
    title: str
    kind: Kind
    zone: str
    start: datetime | None  # naive local wall time; None when nothing places it
    duration_minutes: int | None
    start_certainty: Certainty
    end_certainty: Certainty
    hedged: bool  # the start or the duration is hedged in the source ("approximately")
    follows: str | None
    location: str | None
    stated_times: tuple[StatedTime, ...]
    conversion: Conversion
    conversion_error_minutes: int | None
    conversion_cause: str | None
    sentence: Source
    notes: tuple[str, ...] = ()  # what was estimated and why; findings about its times


@dataclass(frozen=True, slots=True)
class Extraction:
    title: str
    document_date: date | None
    date_reason: str
    local: ZoneChoice
    home: ZoneChoice
    events: tuple[ExtractedEvent, ...]
    findings: tuple[str, ...] = field(default=())  # about the document: impossible times...
