"""What the ledger keeps and gives back: rows, changes, releases. Plain frozen data."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from summitcal.ical.feed import Stamp
from summitcal.model import Event, Schedule, Status
from summitcal.revisions.snapshot import event_from_state

__all__ = [
    "DEFAULT_RETENTION",
    "Change",
    "ChangeKind",
    "EventRow",
    "Presence",
    "Release",
    "ScheduleRow",
    "Stamp",
    "Version",
    "stamps_in",
]

DEFAULT_RETENTION = timedelta(days=30)


class Presence(StrEnum):
    """Where an event the ledger knows stands: in the file, removed from it (kept in the
    feed as cancelled), or expired (cancelled longer than the retention: out of the feed)."""

    LISTED = "listed"
    REMOVED = "removed"
    EXPIRED = "expired"


class ChangeKind(StrEnum):
    ADDED = "added"
    CHANGED = "changed"
    CANCELLED = "cancelled"
    RESTORED = "restored"
    REMOVED = "removed"
    EXPIRED = "expired"
    CALENDAR = "calendar"  # the calendar's own fields: title, zones, description


@dataclass(frozen=True, slots=True)
class ScheduleRow:
    schedule_id: str
    version: int
    fingerprint: str
    state: dict[str, Any]
    created: datetime
    modified: datetime


@dataclass(frozen=True, slots=True)
class EventRow:
    event_id: str
    sequence: int
    fingerprint: str  # of the event as the feed shows it (cancelled, once removed)
    state: dict[str, Any]  # the event as the file last gave it
    created: datetime
    modified: datetime
    presence: Presence
    cancelled_at: datetime | None  # since when the feed shows it cancelled
    # What is made of the row, made once (rows are never changed): a release of
    # thousands of unchanged rows, kept by the ledger, costs no conversion.
    _stamp: Stamp | None = field(default=None, init=False, repr=False, compare=False)
    _shown: Event | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def stamp(self) -> Stamp:
        if self._stamp is None:
            object.__setattr__(self, "_stamp", Stamp(self.sequence, self.created, self.modified))
        assert self._stamp is not None
        return self._stamp

    def shown(self) -> Event:
        """The event as the feed shows it: as stored, cancelled once removed."""
        if self._shown is None:
            removed = self.presence is Presence.REMOVED
            event = event_from_state(self.state, status=Status.CANCELLED if removed else None)
            object.__setattr__(self, "_shown", event)
        assert self._shown is not None
        return self._shown


@dataclass(frozen=True, slots=True)
class Change:
    """One change to one event (or, with ``event_id`` None, to the calendar itself).

    ``before`` and ``after`` are states (:mod:`summitcal.revisions.snapshot`); the words
    are made from them when shown (:mod:`summitcal.revisions.words`).
    """

    kind: ChangeKind
    event_id: str | None
    sequence: int | None  # the event's SEQUENCE after the change
    before: dict[str, Any] | None
    after: dict[str, Any] | None


@dataclass(frozen=True, slots=True)
class Version:
    """One published version of a schedule: what changed, and when."""

    schedule_id: str
    version: int
    published: datetime
    changes: tuple[Change, ...]


@dataclass(frozen=True, slots=True)
class Release:
    """A schedule as its feed shows it now, from the ledger alone.

    ``schedule`` holds the file's events and the removed ones still kept (cancelled);
    ``stamps`` gives every one of them its SEQUENCE, CREATED and LAST-MODIFIED;
    ``expires`` is when the next cancelled event leaves the feed (publish again then).
    """

    schedule: Schedule
    stamps: Mapping[str, Stamp]
    version: int
    modified: datetime
    expires: datetime | None
    # event id → language → when that language's own text last changed, where later
    # than the event's LAST-MODIFIED (see :meth:`stamps_in`)
    texts_modified: Mapping[str, Mapping[str, datetime]] = field(default_factory=dict)

    def stamps_in(self, language: str) -> Mapping[str, Stamp]:
        """The stamps of ``language``'s feed: the same SEQUENCE and CREATED in every
        language; LAST-MODIFIED (and DTSTAMP) the later of the event's and the last
        change of its text in that language (a new or corrected translation)."""
        return stamps_in(self.stamps, self.texts_modified, language)


def stamps_in(
    stamps: Mapping[str, Stamp],
    texts_modified: Mapping[str, Mapping[str, datetime]],
    language: str,
) -> Mapping[str, Stamp]:
    """See :meth:`Release.stamps_in`."""
    if not any(language in dated for dated in texts_modified.values()):
        return stamps
    found = dict(stamps)
    for event_id, dated in texts_modified.items():
        when = dated.get(language)
        stamp = found.get(event_id)
        if when is not None and stamp is not None and when > stamp.modified:
            found[event_id] = replace(stamp, modified=when)
    return found
