"""Events and schedules as the ledger stores them: plain JSON-ready states.

A state holds everything needed to show the event again as it was published (a
removed event stays in the feed, cancelled, for a while), so every process renders
the same bytes from the ledger alone. Times are kept as UTC instants with the zone's
name: a wall time alone could not say which side of a fold it was on. The keys of a
trip's forms (``end_zone``, ``whole_days``, ``zone_name``, ``end_zone_name``) and of
languages (``languages``, ``texts``: the other languages' title, description and
location) are written only when they differ from what a state without them means (an
older ledger's), and a detail a state lacks reads as its default.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from summitcal.ical.feed import event_content
from summitcal.languages import SOURCE, speaking
from summitcal.model import DETAILS, Event, Location, Schedule, Status, Texts
from summitcal.timerange import parse_utc_stamp, utc_stamp
from summitcal.tzdb import load

__all__ = [
    "TEXTS_MODIFIED",
    "event_from_state",
    "event_state",
    "fingerprint",
    "read_stamp",
    "schedule_fingerprint",
    "schedule_from_state",
    "schedule_state",
]

State = dict[str, Any]

# In a stored event state: when each language's own text last changed (UTC stamps), where
# that was after the event itself last changed; the language's LAST-MODIFIED then.
TEXTS_MODIFIED = "texts_modified"


def event_state(event: Event) -> State:
    """Every field of the event; times as UTC instants plus the zone."""
    state: State = {
        "id": event.id,
        "title": event.title,
        "zone": event.zone.key,
        "start": _utc(event.start),
        "end": _utc(event.end),
        "location": event.location.name if event.location else None,
        "geo": list(event.location.geo) if event.location and event.location.geo else None,
        "follows": event.follows,
    }
    if event.end_zone.key != event.zone.key:
        state["end_zone"] = event.end_zone.key
    if event.whole_days:
        state["whole_days"] = True
    for name in ("zone_name", "end_zone_name"):
        if getattr(event, name):
            state[name] = getattr(event, name)
    for detail in DETAILS:
        state[detail.name] = detail.plain(getattr(event, detail.name))
    if event.texts:
        state["texts"] = event.texts.by_language()
    return state


def event_from_state(state: State, *, status: Status | None = None) -> Event:
    """The event again; ``status`` overrides the stored one (a removed event: cancelled).

    A detail the state lacks (stored before the field existed) takes its default.
    """
    zone = load(state["zone"])
    geo = state["geo"]
    details = {detail.name: detail.value(state.get(detail.name)) for detail in DETAILS}
    if status is not None:
        details["status"] = status
    return Event(
        id=state["id"],
        title=state["title"],
        start=_instant(state["start"]).astimezone(zone),
        end=_instant(state["end"]).astimezone(load(state.get("end_zone", state["zone"]))),
        location=Location(state["location"], (geo[0], geo[1]) if geo else None)
        if state["location"] is not None
        else None,
        follows=state["follows"],
        whole_days=state.get("whole_days", False),
        zone_name=state.get("zone_name", ""),
        end_zone_name=state.get("end_zone_name", ""),
        texts=Texts.of(state.get("texts", {})),
        **details,
    )


def schedule_state(schedule: Schedule) -> State:
    """The calendar's own fields (its events are stored one by one); the place names
    only where given, so that older states read the same."""
    names = {"zone_name": schedule.zone_name, "home_zone_name": schedule.home_zone_name}
    languages: State = {}
    if schedule.languages != ("en",):
        languages["languages"] = list(schedule.languages)
    if schedule.texts:
        languages["texts"] = schedule.texts.by_language()
    return {
        **{key: value for key, value in names.items() if value},
        **languages,
        "id": schedule.id,
        "title": schedule.title,
        "zone": schedule.zone.key,
        "home_zone": schedule.home_zone.key,
        "description": schedule.description,
        "uid_domain": schedule.uid_domain,
        "refresh_minutes": schedule.refresh.total_seconds() / 60,
        "private": schedule.private,
        "revision": _utc(schedule.revision) if schedule.revision else None,
    }


def schedule_from_state(state: State, events: tuple[Event, ...]) -> Schedule:
    return Schedule(
        id=state["id"],
        title=state["title"],
        zone=load(state["zone"]),
        home_zone=load(state["home_zone"]),
        events=events,
        revision=_instant(state["revision"]) if state["revision"] else None,
        description=state["description"],
        uid_domain=state["uid_domain"],
        refresh=timedelta(minutes=state["refresh_minutes"]),
        private=state["private"],
        zone_name=state.get("zone_name", ""),
        home_zone_name=state.get("home_zone_name", ""),
        languages=tuple(state.get("languages", ("en",))),
        texts=Texts.of(state.get("texts", {})),
    )


def fingerprint(schedule: Schedule, event: Event, events: Mapping[str, Event] | None = None) -> str:
    """What a subscriber sees of the event (its VEVENT without stamps, in the default
    language's text and summitcal's English words) and its instants, hashed: a new
    tzdata that moves an instant is a change even if the text is not; a new translation,
    or new words in a catalog, is not.

    ``events`` (id → event) is where to look up the event this one follows, if not in
    ``schedule``. The VEVENT is rendered once for what it shows
    (:func:`summitcal.ical.feed.event_content`), so an unchanged event costs a look-up.
    """
    with speaking(SOURCE):  # never a catalog's words: a new release bumps nothing
        digest = hashlib.sha256(event_content(schedule, event, events))
    digest.update(f"{_utc(event.start)} {_utc(event.end)}".encode())
    return digest.hexdigest()


def schedule_fingerprint(schedule: Schedule) -> str:
    """The calendar's own fields; the revision is left out: raising it alone changes
    nothing a subscriber sees."""
    state = schedule_state(schedule)
    del state["revision"]
    return hashlib.sha256(json.dumps(state, sort_keys=True).encode()).hexdigest()


def read_stamp(text: str) -> datetime:
    """A stamp the ledger wrote: with a four-digit year (:func:`~summitcal.timerange.utc_stamp`)
    or, as earlier releases wrote years before 1000, with fewer (``1-06-01T00:00:00Z``).
    Raises ValueError.

    >>> read_stamp("0001-06-01T00:00:00Z") == read_stamp("1-06-01T00:00:00Z")
    True
    """
    try:
        return parse_utc_stamp(text)
    except ValueError:
        legacy = _LEGACY_STAMP.fullmatch(text)
        if legacy is None:
            raise
        return parse_utc_stamp(f"{int(legacy[1]):04d}{legacy[2]}")


_LEGACY_STAMP = re.compile(r"(\d{1,3})(-\d\d-\d\dT\d\d:\d\d:\d\dZ)", re.ASCII)


def _utc(moment: datetime) -> str:
    return utc_stamp(moment)


def _instant(text: str) -> datetime:
    return read_stamp(text)
