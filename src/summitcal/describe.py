"""Plain-language text about an event: its times in both zones and how sure they are.

Shared by every renderer (the feed's DESCRIPTION, the table, the service's pages), so a
subscriber in Tokyo and a reader of the table are told the same thing.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from summitcal.display import city, clock, day_label, offset_label, shift_label
from summitcal.model import Certainty, Event, Schedule, Status
from summitcal.zones import day_shift

__all__ = ["certainty_notes", "describe_event", "marked_clock", "when_in"]


def marked_clock(moment: datetime, certainty: Certainty) -> str:
    """``10:50`` exact, ``~12:00`` approximate, ``(12:00)`` not announced (an estimate)."""
    text = clock(moment)
    if certainty is Certainty.APPROXIMATE:
        return "~" + text
    if certainty is Certainty.NOT_ANNOUNCED:
        return f"({text})"
    return text


def when_in(event: Event, zone: ZoneInfo) -> str:
    """``Tokyo time (UTC+09:00): Mon 18 Nov 2024 (+1 day), 00:50 to about 02:00``.

    The day shift is counted from the event's date in its own zone, and left out when
    the dates agree.
    """
    start = event.start.astimezone(zone)
    end = event.end.astimezone(zone)
    end_text = _spoken(end, event.end_certainty)
    if end.date() != start.date():
        end_text = f"{day_label(end)} {end_text}"
    shift = shift_label(day_shift(event.start, start))
    day = f"{day_label(start)} ({shift})" if shift else day_label(start)
    return (
        f"{city(zone)} time ({offset_label(start)}): {day}, "
        f"{_spoken(start, event.start_certainty)} to {end_text}"
    )


def certainty_notes(event: Event) -> list[str]:
    """Sentences that say plainly which times were announced and which are estimates."""
    notes = []
    minutes = round(event.duration.total_seconds() / 60)
    if event.start_certainty is Certainty.APPROXIMATE:
        notes.append("The start time is approximate.")
    elif event.start_certainty is Certainty.NOT_ANNOUNCED:
        notes.append(
            f"The start time has not been announced; {clock(event.start)} "
            f"{city(event.zone)} time is this calendar's estimate."
        )
    if event.end_certainty is Certainty.APPROXIMATE:
        notes.append(f"The duration is approximate: about {minutes} minutes.")
    elif event.end_certainty is Certainty.NOT_ANNOUNCED:
        notes.append(
            f"The end time has not been announced; this calendar assumes {minutes} minutes."
        )
    return notes


def describe_event(event: Event, schedule: Schedule) -> str:
    """The event's full text: local and home times, certainty, status, notes, source."""
    lines = [when_in(event, event.zone)]
    if schedule.home_zone.key != event.zone.key:
        lines.append(when_in(event, schedule.home_zone))
    lines.extend(certainty_notes(event))
    if event.follows and event.follows in schedule.by_id:
        lines.append(f"Held after: {schedule.event(event.follows).title}.")
    if event.status is Status.CANCELLED:
        lines.append("This event is cancelled.")
    elif event.status is Status.TENTATIVE:
        lines.append("This event is tentative.")
    if event.description:
        lines.extend(["", event.description.strip()])
    if event.source:
        lines.extend(["", f"Source: {event.source.strip()}"])
    return "\n".join(lines)


def _spoken(moment: datetime, certainty: Certainty) -> str:
    if certainty is Certainty.APPROXIMATE:
        return f"about {clock(moment)}"
    if certainty is Certainty.NOT_ANNOUNCED:
        return f"{clock(moment)} (estimated)"
    return clock(moment)
