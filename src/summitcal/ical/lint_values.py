"""Property values read by icalendar's own parsers, with the forms the linter insists on.

icalendar's readers are lenient where a client is not: they take ``int()`` of each
field, so they accept signs, spaces and non-ASCII digits inside a value, and
``vUTCOffset`` does not look at the sign character or at anything after the seventh.
Each reader here first checks the value has the RFC 5545 form (ASCII digits, as its
DIGIT is), so a value a strict client rejects is never checked as if it were valid;
icalendar then does the conversion and its range checks (month 13, 30 February, a
second of 60 and an offset of 24 hours or more are all refused). ``vDDDTypes`` is not
used: where a check needs a wall time it would also read a DATE, a DURATION or a PERIOD.

>>> wall_time("20241117T105000")
datetime.datetime(2024, 11, 17, 10, 50)
>>> wall_time("20241117T105000Z") is None  # UTC, not a wall time
True
>>> utc_time("20241117T155000Z")
datetime.datetime(2024, 11, 17, 15, 50, tzinfo=datetime.timezone.utc)
>>> date_value("20241114"), date_value("20241114T000000")
(datetime.date(2024, 11, 14), None)
>>> utc_offset("-0500")
datetime.timedelta(days=-1, seconds=68400)
>>> utc_offset("X0500") is None  # vUTCOffset alone reads it as +05:00
True
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from icalendar import vDate, vDatetime, vDuration, vUTCOffset

__all__ = ["date_value", "duration", "utc_offset", "utc_time", "wall_time"]

# RFC 5545 3.3.5 form 1 (local time) and form 3 (with TZID): no trailing Z. vDatetime
# also reads the text after the last colon of whatever it is given and "+1" as a field.
_LOCAL_DATE_TIME = re.compile(r"\d{8}T\d{6}", re.ASCII)
# RFC 5545 3.3.5 form 2 (UTC) and 3.3.4 (DATE).
_UTC_DATE_TIME = re.compile(r"\d{8}T\d{6}Z", re.ASCII)
_DATE = re.compile(r"\d{8}", re.ASCII)
# RFC 5545 3.3.14: ("+" / "-") time-hour time-minute [time-second]. vUTCOffset takes any
# first character as the sign (X0100 is +01:00) and ignores what follows the seconds.
_UTC_OFFSET = re.compile(r"[+-]\d{4}(?:\d\d)?", re.ASCII)


def wall_time(value: str) -> datetime | None:
    """A DATE-TIME without ``Z``, as the naive wall time it names; None if it is not one.

    A value ending in Z is UTC: no wall time in the zone of a TZID (RFC 5545 does not
    allow TZID on it), so it is None here although vDatetime reads it.
    """
    text = value.strip()
    if not _LOCAL_DATE_TIME.fullmatch(text):
        return None
    try:
        parsed = vDatetime.from_ical(text)  # type: ignore[no-untyped-call]
    except ValueError:
        return None
    return parsed if isinstance(parsed, datetime) and parsed.tzinfo is None else None


def utc_time(value: str) -> datetime | None:
    """A DATE-TIME in UTC (ending in ``Z``), as an aware datetime; None if it is not one."""
    text = value.strip()
    if not _UTC_DATE_TIME.fullmatch(text):
        return None
    try:
        parsed = vDatetime.from_ical(text)  # type: ignore[no-untyped-call]
    except ValueError:
        return None
    return parsed.astimezone(UTC) if isinstance(parsed, datetime) and parsed.tzinfo else None


def date_value(value: str) -> date | None:
    """A DATE value (``20241114``); None if it is not one (a DATE-TIME is not)."""
    text = value.strip()
    if not _DATE.fullmatch(text):
        return None
    try:
        parsed = vDate.from_ical(text)  # type: ignore[no-untyped-call]
    except ValueError:
        return None
    return parsed if isinstance(parsed, date) and not isinstance(parsed, datetime) else None


def utc_offset(value: str) -> timedelta | None:
    """A UTC-OFFSET value (``+0100``, ``-000456``); None if it is not one.

    ``-0000`` reads as zero, as ``+0000`` does (RFC 5545 forbids it; no check here
    looks at the sign of a zero offset).
    """
    text = value.strip()
    if not _UTC_OFFSET.fullmatch(text):
        return None
    try:
        parsed = vUTCOffset.from_ical(text)  # type: ignore[no-untyped-call]
    except ValueError:
        return None
    return parsed if isinstance(parsed, timedelta) else None


def duration(value: str) -> timedelta | None:
    """A DURATION value (``PT1H``, ``-P1D``); None if icalendar cannot read it."""
    try:
        parsed = vDuration.from_ical(value.strip())  # type: ignore[no-untyped-call]
    except ValueError:
        return None
    return parsed if isinstance(parsed, timedelta) else None
