"""Publishing, decided: the ledger's rows before, a schedule file's content, the time →
the rows after and the changes. Pure, so every storage backend shares the rules.

The rules:

- an event whose feed content changes gets SEQUENCE + 1 and LAST-MODIFIED now; an
  unchanged one keeps its numbers, so its bytes stay the same; one whose translations
  alone changed (its text in languages other than the default) is written with them,
  keeping its SEQUENCE and LAST-MODIFIED (docs/i18n.md, section 5);
- an event removed from the file stays in the feed as cancelled (SEQUENCE + 1) for the
  retention period, and so does one the file marks cancelled; then it leaves the feed;
- an event that comes back (restored) continues its SEQUENCE: it never goes down;
- each version is dated at least a second after the one before (an HTTP
  If-Modified-Since from one version must never match the next) and never after the
  clock: a publish that comes sooner is not to be written, and says when it may be
  (``Plan.retry_at``);
- time never runs backwards in the ledger: a clock that is behind the ledger's last
  version (set back) does not date a change before it, but a second after it.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from types import MappingProxyType
from typing import Any

from summitcal.ical.feed import content_context, followed
from summitcal.model import Event, Schedule, Status
from summitcal.revisions.records import (
    Change,
    ChangeKind,
    EventRow,
    Presence,
    Release,
    ScheduleRow,
    Stamp,
)
from summitcal.revisions.snapshot import (
    TEXTS_MODIFIED,
    event_from_state,
    event_state,
    fingerprint,
    read_stamp,
    schedule_fingerprint,
    schedule_from_state,
    schedule_state,
)
from summitcal.timerange import utc_stamp

__all__ = ["Known", "Plan", "Planned", "plan", "release_of", "texts_modified"]


@dataclass(frozen=True, slots=True)
class Planned:
    """The file's event a row was last planned from, and the event it follows: while
    the row, both events and the schedule's context are the same, the row is still the
    event's (its fingerprint, its texts), and the next plan need not render it."""

    row: EventRow
    event: Event
    before: Event | None


@dataclass(frozen=True, slots=True)
class Known:
    """What one plan leaves the next (in the same process): the schedule's context
    (:func:`~summitcal.ical.feed.content_context`) and each listed event's
    :class:`Planned`. A plan given it costs what changed, not what the schedule holds."""

    context: Hashable
    events: Mapping[str, Planned]


@dataclass(frozen=True, slots=True)
class Plan:
    """The outcome of publishing: rows to write (only changed ones) and the changes."""

    schedule: ScheduleRow
    events: Mapping[str, EventRow]  # every event row after publishing
    written: tuple[str, ...]  # ids of the event rows that changed
    changes: tuple[Change, ...]
    # Set when there are changes but the version would be dated after ``now`` (less than
    # a second after the previous one): write nothing, and plan again at this time.
    retry_at: datetime | None = None
    known: Known | None = None  # for the next plan, once these rows are the ledger's


def plan(
    previous: ScheduleRow | None,
    rows: Mapping[str, EventRow],
    schedule: Schedule,
    now: datetime,
    retention: timedelta,
    known: Known | None = None,
) -> Plan:
    """Compare ``schedule`` with the ledger's ``rows`` as of ``now``.

    ``known`` is what the plan that made these rows left (:attr:`Plan.known`): an event
    the same as the one its row was planned from is then passed over at the cost of a
    comparison. The outcome is the same with or without it.

    Raises ValueError naming the event whose feed content cannot be made (an instant
    that has no wall time in the home zone, say).
    """
    clock, now = now, now.replace(microsecond=0)  # the ledger keeps whole seconds
    retry_at = None
    if previous is not None:
        # Each version strictly later than the one before, to the second: an HTTP
        # If-Modified-Since from the previous version must never match the next one.
        due = previous.modified + timedelta(seconds=1)
        if now < due:
            if clock >= previous.modified:
                retry_at = due  # a second has not passed yet: later, not dated ahead
            now = due  # (a clock behind the ledger's last version: a second after it)
    listed = schedule.by_id

    # Since when each event would be shown cancelled, if it is.
    cancelled_since: dict[str, datetime] = {}
    for event in schedule.events:
        if event.status is Status.CANCELLED:
            row = rows.get(event.id)
            kept = row is not None and (_cancelled(row) or row.presence is Presence.EXPIRED)
            was = row.cancelled_at if row is not None and kept else None
            cancelled_since[event.id] = was or now
    for event_id in rows.keys() - listed.keys():
        row = rows[event_id]
        if row.presence is not Presence.EXPIRED:
            cancelled_since[event_id] = (row.cancelled_at if _cancelled(row) else None) or now

    def expired(event_id: str) -> bool:
        since = cancelled_since.get(event_id)
        return since is not None and since + retention <= now

    ended = {event_id for event_id in cancelled_since if expired(event_id)}
    shown = [event for event in schedule.events if event.id not in ended]
    removed = [
        event_from_state(rows[event_id].state, status=Status.CANCELLED)
        for event_id in sorted(cancelled_since.keys() - listed.keys())
        if not expired(event_id)
    ]
    if removed or len(shown) < len(schedule.events):
        feed = replace(schedule, events=(*shown, *removed))
    else:
        feed = schedule  # (the same events: no need to order them again)
    by_id = feed.by_id
    context = content_context(feed)
    reuse = known.events if known is not None and known.context == context else {}
    planned: dict[str, Planned] = {}

    after: dict[str, EventRow] = dict(rows)
    written: list[str] = []
    changes: list[Change] = []
    for event in feed.events:
        row = rows.get(event.id)
        is_listed = event.id in listed
        before = followed(by_id, event)
        if is_listed and row is not None:
            last = reuse.get(event.id)
            if (
                last is not None
                and last.row is row
                and row.presence is Presence.LISTED
                and (last.event is event or last.event == event)
                and (last.before is before or last.before == before)
            ):
                planned[event.id] = last  # the same event as its row's: nothing to do
                continue
        presence = Presence.LISTED if is_listed else Presence.REMOVED
        state = event_state(listed[event.id]) if is_listed else rows[event.id].state
        if row is not None and is_listed:
            state = _texts_dated(row.state, state, now)
        try:
            content = fingerprint(feed, event, by_id)
        except (ValueError, OverflowError) as error:
            raise ValueError(f"event {event.id!r}: {error}") from error
        cancelled_at = cancelled_since.get(event.id)
        if row is None:
            new = EventRow(event.id, 0, content, state, now, now, presence, cancelled_at)
            kind = ChangeKind.ADDED
        elif (
            row.fingerprint == content
            and row.presence is presence
            and row.state.get("texts") == state.get("texts")
        ):
            if is_listed:
                planned[event.id] = Planned(row, event, before)
            continue
        else:
            bump = row.fingerprint != content or row.presence is Presence.EXPIRED
            if bump:  # every language's text is as new as the event's: no dates of their own
                state = {key: value for key, value in state.items() if key != TEXTS_MODIFIED}
            new = EventRow(
                event.id,
                row.sequence + int(bump),
                content,
                state,
                row.created,
                now if bump else row.modified,
                presence,
                cancelled_at,
            )
            kind = _kind(row, new)
        after[event.id] = new
        if is_listed:
            planned[event.id] = Planned(new, event, before)
        written.append(event.id)
        changes.append(Change(kind, event.id, new.sequence, _before(row), new.state))
    leaving = [
        event_id
        for event_id, row in rows.items()
        if event_id not in by_id and row.presence is not Presence.EXPIRED
    ]
    for event_id in sorted(leaving):
        row = rows[event_id]
        gone = replace(row, presence=Presence.EXPIRED, cancelled_at=cancelled_since[event_id])
        after[event_id] = gone
        written.append(event_id)
        changes.append(Change(ChangeKind.EXPIRED, event_id, row.sequence, row.state, None))

    calendar = schedule_fingerprint(schedule)
    if previous is not None and previous.fingerprint != calendar:
        changes.insert(
            0, Change(ChangeKind.CALENDAR, None, None, previous.state, schedule_state(schedule))
        )
    if previous is None:
        head = ScheduleRow(schedule.id, 1, calendar, schedule_state(schedule), now, now)
    elif changes:
        head = ScheduleRow(
            schedule.id,
            previous.version + 1,
            calendar,
            schedule_state(schedule),
            previous.created,
            now,
        )
    else:
        head = previous
    return Plan(
        head,
        after,
        tuple(written),
        tuple(changes),
        retry_at if changes else None,
        Known(context, planned),
    )


def release_of(head: ScheduleRow, rows: Mapping[str, EventRow], retention: timedelta) -> Release:
    """The feed as the ledger's rows give it: what every process serves."""
    shown: list[Event] = []
    stamps: dict[str, Stamp] = {}
    dated: dict[str, dict[str, datetime]] = {}
    ends: list[datetime] = []
    # In the rows' order: the schedule orders its events (by start, end and id, the same
    # in every process), in a moment if they come nearly in order, as kept rows do.
    for event_id, row in rows.items():
        if row.presence is Presence.EXPIRED:
            continue
        shown.append(row.shown())
        stamps[event_id] = row.stamp
        if TEXTS_MODIFIED in row.state:
            dated[event_id] = texts_modified(row)
        if row.cancelled_at:
            ends.append(row.cancelled_at + retention)
    return Release(
        schedule=schedule_from_state(head.state, tuple(shown)),
        stamps=MappingProxyType(stamps),  # (read-only: a kept release is shared)
        texts_modified=MappingProxyType({i: when for i, when in dated.items() if when}),
        version=head.version,
        modified=head.modified,
        expires=min(ends, default=None),
    )


def _texts_dated(before: dict[str, Any], after: dict[str, Any], now: datetime) -> dict[str, Any]:
    """``after`` with, under :data:`TEXTS_MODIFIED`, when each language's own text last
    changed (added, corrected or removed), carried over from ``before``: that language's
    LAST-MODIFIED, while SEQUENCE stays (docs/i18n.md, section 5, rules 3 and 4)."""
    old, new = before.get("texts") or {}, after.get("texts") or {}
    dated = dict(before.get(TEXTS_MODIFIED) or {})
    for language in set(old) | set(new):
        if old.get(language) != new.get(language):
            dated[language] = utc_stamp(now)
    if not dated:
        return after
    return {**after, TEXTS_MODIFIED: dict(sorted(dated.items()))}


def texts_modified(row: EventRow) -> dict[str, datetime]:
    """When each language's own text of the row's event last changed, where it did
    after the event itself."""
    dated = row.state.get(TEXTS_MODIFIED) or {}
    return {language: read_stamp(text) for language, text in dated.items()}


def _cancelled(row: EventRow) -> bool:
    """Whether the feed shows the row's event cancelled."""
    return row.presence is Presence.REMOVED or row.state["status"] == Status.CANCELLED.value


def _kind(row: EventRow, new: EventRow) -> ChangeKind:
    if row.presence is not Presence.REMOVED and new.presence is Presence.REMOVED:
        return ChangeKind.REMOVED
    was, now = row.presence is Presence.EXPIRED or _cancelled(row), _cancelled(new)
    if was and not now:
        return ChangeKind.RESTORED
    if now and not was:
        return ChangeKind.CANCELLED
    return ChangeKind.CHANGED


def _before(row: EventRow | None) -> dict[str, object] | None:
    return None if row is None else row.state
