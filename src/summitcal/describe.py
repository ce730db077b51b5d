"""Plain-language text about an event: its times in both zones and how sure they are.

Shared by every renderer (the feed's DESCRIPTION, the table, the service's pages), so a
subscriber in Tokyo and a reader of the table are told the same thing. Each event is
told first in its own clocks (a flight's start in Lima's, its landing in Rio's), then in
the home clock, in the language being written (:func:`summitcal.languages.speaking`).

>>> from summitcal.tzdb import load
>>> from summitcal.zones import resolve
>>> lima, rio, tokyo = load("America/Lima"), load("America/Sao_Paulo"), load("Asia/Tokyo")
>>> flight = Event(
...     "flight", "Flight to Rio", resolve(datetime(2024, 11, 17, 16, 30), lima),
...     resolve(datetime(2024, 11, 17, 23, 10), rio), end_zone_name="Rio de Janeiro")
>>> one_line(flight, tokyo)
'16:30 Lima → 23:10 Rio de Janeiro (06:30 → 11:10 Tokyo, +1 day)'
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from summitcal.clocks import end_place, own_place, place_of
from summitcal.display import (
    city,
    clock,
    day_label,
    offset_label,
    other_day,
    shift_label,
    short_date,
)
from summitcal.languages import gettext as _
from summitcal.languages import ngettext
from summitcal.model import Certainty, Event, Schedule, Status
from summitcal.zones import day_shift

__all__ = ["certainty_notes", "describe_event", "marked_clock", "one_line", "spoken", "when_in"]


def marked_clock(moment: datetime, certainty: Certainty) -> str:
    """``10:50`` exact, ``~12:00`` approximate, ``(12:00)`` not announced (an estimate)."""
    text = clock(moment)
    if certainty is Certainty.APPROXIMATE:
        return "~" + text
    if certainty is Certainty.NOT_ANNOUNCED:
        return f"({text})"
    return text


def when_in(event: Event, zone: ZoneInfo | None = None, name: str = "") -> str:
    """``Tokyo time (UTC+09:00): Mon 18 Nov 2024 (+1 day), 00:50 to about 02:00``.

    ``zone`` None: in the event's own clocks, its end in the end's ("Lima time
    (UTC-05:00): Sun 17 Nov 2024, 16:30 to 23:10 Rio de Janeiro time (UTC-03:00)"). The
    day shift is counted from the event's date in its own zone, and left out when the
    dates agree.
    """
    if event.whole_days:
        place, first = own_place(event), day_label(event.start)
        if event.last_day == event.start.date():
            return _("{place} dates: {first} (whole days)").format(place=place, first=first)
        return _("{place} dates: {first} to {last} (whole days)").format(
            place=place, first=first, last=day_label(event.last_day)
        )
    if zone is None:
        start, end, name = event.start, event.end, own_place(event)
    else:
        start, end = event.start.astimezone(zone), event.end.astimezone(zone)
        name = own_place(event) if zone.key == event.zone.key else name or city(zone)
    end_text = spoken(end, event.end_certainty)
    if end.date() != start.date():
        end_text = f"{day_label(end)} {end_text}"
    if zone is None and event.end_zone.key != event.zone.key:
        end_text = _("{end} {place} time ({offset})").format(
            end=end_text, place=end_place(event), offset=offset_label(end)
        )
    shift = shift_label(day_shift(event.start, start))
    day = f"{day_label(start)} ({shift})" if shift else day_label(start)
    return _("{place} time ({offset}): {day}, {start} to {end}").format(
        place=name,
        offset=offset_label(start),
        day=day,
        start=spoken(start, event.start_certainty),
        end=end_text,
    )


def one_line(event: Event, home: ZoneInfo) -> str:
    """The event's times on one line, own clocks first:
    ``10:50–~12:00 Lima (00:50–~02:00 Tokyo, +1 day)``, and a flight's
    ``16:30 Lima → 23:10 Rio de Janeiro (06:30 → 11:10 Tokyo, +1 day)``; whole days as
    ``Thu 14 Nov – Sat 16 Nov 2024, Lima dates``. The shift counts from the start's date.
    """
    if event.whole_days:
        first, last = event.start.date(), event.last_day
        days = day_label(first) if first == last else f"{short_date(first)} – {day_label(last)}"
        return _("{days}, {place} dates").format(days=days, place=own_place(event))
    start, end = event.start, event.end
    start_text = marked_clock(start, event.start_certainty)
    end_text = marked_clock(end, event.end_certainty)
    if end.date() != start.date():
        end_text = f"{other_day(end, start)} {end_text}"
    if event.end_zone.key == event.zone.key:
        text = f"{start_text}–{end_text} {own_place(event)}"
        joiner = "–"
    else:
        text = f"{start_text} {own_place(event)} → {end_text} {end_place(event)}"
        joiner = " → "
    if home.key == event.zone.key and home.key == event.end_zone.key:
        return text
    there, there_end = start.astimezone(home), end.astimezone(home)
    there_end_text = marked_clock(there_end, event.end_certainty)
    if there_end.date() != there.date():
        there_end_text = f"{other_day(there_end, there)} {there_end_text}"
    away = f"{marked_clock(there, event.start_certainty)}{joiner}{there_end_text} {city(home)}"
    shift = shift_label(day_shift(start, there))
    return f"{text} ({away}, {shift})" if shift else f"{text} ({away})"


def certainty_notes(event: Event) -> list[str]:
    """Sentences that say plainly which times were announced and which are estimates."""
    notes = []
    minutes = round(event.duration.total_seconds() / 60)
    if event.start_certainty is Certainty.APPROXIMATE:
        notes.append(_("The start time is approximate."))
    elif event.start_certainty is Certainty.NOT_ANNOUNCED:
        notes.append(
            _(
                "The start time has not been announced; {time} {place} time is this "
                "calendar's estimate."
            ).format(time=clock(event.start), place=own_place(event))
        )
    # English says "1 minutes" as it always has (its bytes are the event's fingerprint);
    # the catalogs give each language its plural.
    if event.end_certainty is Certainty.APPROXIMATE:
        notes.append(
            ngettext(
                "The duration is approximate: about {minutes} minutes.",
                "The duration is approximate: about {minutes} minutes.",
                minutes,
            ).format(minutes=minutes)
        )
    elif event.end_certainty is Certainty.NOT_ANNOUNCED:
        notes.append(
            ngettext(
                "The end time has not been announced; this calendar assumes {minutes} minutes.",
                "The end time has not been announced; this calendar assumes {minutes} minutes.",
                minutes,
            ).format(minutes=minutes)
        )
    return notes


def describe_event(event: Event, schedule: Schedule) -> str:
    """The event's full text: local and home times, certainty, status, notes, source."""
    lines = [when_in(event)]
    home = schedule.home_zone.key
    if not event.whole_days and (home != event.zone.key or home != event.end_zone.key):
        lines.append(when_in(event, schedule.home_zone, place_of(schedule, schedule.home_zone)))
    lines.extend(certainty_notes(event))
    if event.follows and event.follows in schedule.by_id:
        lines.append(_("Held after: {title}.").format(title=schedule.event(event.follows).title))
    if event.status is Status.CANCELLED:
        lines.append(_("This event is cancelled."))
    elif event.status is Status.TENTATIVE:
        lines.append(_("This event is tentative."))
    if event.description:
        lines.extend(["", event.description.strip()])
    if event.source:
        lines.extend(["", _("Source: {source}").format(source=event.source.strip())])
    return "\n".join(lines)


def spoken(moment: datetime, certainty: Certainty) -> str:
    """``10:50``, ``about 12:00``, ``12:15 (estimated)``: a clock as words say it."""
    if certainty is Certainty.APPROXIMATE:
        return _("about {time}").format(time=clock(moment))
    if certainty is Certainty.NOT_ANNOUNCED:
        return _("{time} (estimated)").format(time=clock(moment))
    return clock(moment)
