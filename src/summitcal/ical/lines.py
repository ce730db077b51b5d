"""Content lines written directly: the bytes icalendar's ``to_ical()`` gives for the
properties a feed's VEVENT has, at a fraction of its cost.

icalendar builds an object for every value and every parameter list and then folds
each line a character at a time; for a feed of thousands of events that is most of
the render. Here a property is a string made at once and folded by slicing. What could
differ from icalendar is not decided here but asked of it once and kept: which TZID
(or ``Z``) a time in a zone gets (:func:`clock_form`). Everything else is the RFC 5545
rule icalendar follows, and ``tests/test_ical_lines.py`` compares the two on generated
values (unicode, escapes on fold boundaries, every zone of the tz database).
"""

from __future__ import annotations

import functools
from datetime import UTC, date, datetime, tzinfo

from icalendar import Event as VEvent
from icalendar.prop import vDDDTypes

__all__ = ["CANONICAL", "clock_form", "date_value", "fold", "text", "time_value", "utc_value"]

# The order icalendar writes an event's properties in: these first, the rest by name.
CANONICAL: tuple[str, ...] = tuple(VEvent.canonical_order)

_LIMIT = 75  # octets a folded line stays under (icalendar's: at most 74 before the fold)
_ESCAPES = "\\^"  # a fold never comes right after one (clients misread a split escape)


def text(value: str) -> str:
    """A TEXT value escaped as RFC 5545 3.3.11 says, in icalendar's order (a written
    ``\\N`` is a line break; CR LF, LF and a lone CR are each one ``\\n``)."""
    return (
        value.replace("\\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line: str) -> str:
    """The line folded at 75 octets with CRLF and a space, never inside a UTF-8
    character and never right after a backslash or caret (which moves to the next
    line): icalendar's folding, by slices where the line is ASCII."""
    if line.isascii():
        if len(line) < _LIMIT:
            return line
        pieces = []
        start, width = 0, _LIMIT - 1
        while len(line) - start > width:
            end = start + width
            if line[end - 1] in _ESCAPES:
                end -= 1
            pieces.append(line[start:end])
            start = end
        pieces.append(line[start:])
        return "\r\n ".join(pieces)
    return _fold_wide(line)


def _fold_wide(line: str) -> str:
    """:func:`fold` a character at a time, counting each one's UTF-8 octets."""
    if len(line.encode()) < _LIMIT:
        return line
    pieces: list[str] = []
    current: list[str] = []
    octets = 0
    for char in line:
        size = len(char.encode())
        if current and octets + size >= _LIMIT:
            if len(current) > 1 and current[-1] in _ESCAPES:
                moved = current.pop()
                pieces.append("".join(current))
                current, octets = [moved], len(moved.encode())
            else:
                pieces.append("".join(current))
                current, octets = [], 0
        current.append(char)
        octets += size
    if current:
        pieces.append("".join(current))
    return "\r\n ".join(pieces)


@functools.cache
def clock_form(zone: tzinfo) -> tuple[str, str, str | None]:
    """How icalendar writes a time in ``zone``: the parameters after the property's
    name (``;TZID=America/Lima``, or nothing), what follows the digits (``Z`` for a
    zone it takes for UTC, or nothing), and the TZID (whose VTIMEZONE the calendar
    then needs), if any. Asked of icalendar once per zone."""
    probe = vDDDTypes(datetime(2000, 1, 1, tzinfo=zone))
    params = probe.params.to_ical().decode()
    digits = probe.to_ical().decode()
    tzid = probe.params.get("TZID")
    return (
        f";{params}" if params else "",
        "Z" if digits.endswith("Z") else "",
        None if tzid is None else str(tzid),
    )


def time_value(moment: datetime) -> str:
    """A DATE-TIME's digits, as wall time in its own zone (``20241117T105000``)."""
    return (
        f"{moment.year:04}{moment.month:02}{moment.day:02}"
        f"T{moment.hour:02}{moment.minute:02}{moment.second:02}"
    )


def utc_value(moment: datetime) -> str:
    """A DATE-TIME in UTC (``20241117T155000Z``), as DTSTAMP, CREATED and
    LAST-MODIFIED are always written; a time without a zone is taken for UTC (as
    icalendar takes it, whatever the machine's zone)."""
    instant = moment.replace(tzinfo=UTC) if moment.utcoffset() is None else moment
    return time_value(instant.astimezone(UTC)) + "Z"


def date_value(day: date) -> str:
    """A DATE's digits (``20241117``)."""
    return f"{day.year:04}{day.month:02}{day.day:02}"
