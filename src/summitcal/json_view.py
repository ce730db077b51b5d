"""A schedule as JSON-ready data: every time as local wall time with its zone, as home
time, and as UTC, so a program never has to do time-zone arithmetic itself.

An event's local end is in its end's zone (a flight lands in Rio's clock), each local
time names its place ("Rio de Janeiro"); whole days add ``days`` (first and last, dates
of the event's zone) and their times are the first instants of those days."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from summitcal.clocks import end_place, own_place
from summitcal.model import DETAILS, Event, Schedule
from summitcal.timerange import utc_stamp
from summitcal.zones import day_shift, format_offset

__all__ = ["conversion_json", "schedule_json"]


def schedule_json(
    schedule: Schedule, events: tuple[Event, ...] | None = None, display: ZoneInfo | None = None
) -> dict[str, Any]:
    """The schedule (or some of its events); ``display`` adds times in a third zone."""
    chosen = schedule.events if events is None else events
    return {
        "id": schedule.id,
        "title": schedule.title,
        "description": schedule.description,
        "zone": schedule.zone.key,
        "home_zone": schedule.home_zone.key,
        "display_zone": display.key if display else None,
        "revision": _utc(schedule.revision) if schedule.revision else None,
        "events": [_event(schedule, event, display) for event in chosen],
    }


def conversion_json(moment: datetime, targets: tuple[ZoneInfo, ...]) -> dict[str, Any]:
    """One instant in its own zone and in each target zone."""
    return {
        "utc": _utc(moment),
        "from": _time(moment, moment),
        "to": [_time(moment.astimezone(zone), moment) for zone in targets],
    }


def _event(schedule: Schedule, event: Event, display: ZoneInfo | None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": event.id,
        "title": event.title,
        "location": event.location.name if event.location else None,
        "geo": list(event.location.geo) if event.location and event.location.geo else None,
        "follows": event.follows,
        **{detail.name: detail.plain(getattr(event, detail.name)) for detail in DETAILS},
        "duration_minutes": round(event.duration.total_seconds() / 60),
        "whole_days": event.whole_days,
        "start": {
            "local": {**_time(event.start, event.start), "place": own_place(event)},
            "home": _time(event.start.astimezone(schedule.home_zone), event.start),
            "utc": _utc(event.start),
        },
        "end": {
            "local": {**_time(event.end, event.start), "place": end_place(event)},
            "home": _time(event.end.astimezone(schedule.home_zone), event.start),
            "utc": _utc(event.end),
        },
    }
    if event.whole_days:
        data["days"] = {"first": event.start.date().isoformat(), "last": event.last_day.isoformat()}
    if display is not None:
        data["start"]["display"] = _time(event.start.astimezone(display), event.start)
        data["end"]["display"] = _time(event.end.astimezone(display), event.start)
    return data


def _time(moment: datetime, reference: datetime) -> dict[str, Any]:
    zone = moment.tzinfo
    assert isinstance(zone, ZoneInfo)
    return {
        "time": moment.replace(tzinfo=None).isoformat(timespec="minutes"),
        "zone": zone.key,
        "offset": format_offset(moment.utcoffset()),
        "day_shift": day_shift(reference, moment),
    }


def _utc(moment: datetime) -> str:
    return utc_stamp(moment)
