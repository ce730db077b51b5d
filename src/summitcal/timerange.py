"""The years summitcal supports, and the one way it writes and reads UTC stamps.

Every wall time a schedule file, a request or a command gives must fall in
:data:`YEARS` (1900–2200): zone data before 1900 is local mean time guessed per city,
calendar clients disagree about it, and a VTIMEZONE must cover the year after the last
event, which for year 9999 does not exist. Refusing the rest at the door means that
whatever ``check`` accepts, ``export``, ``publish`` and ``serve`` can render.

Stamps (the ledger's, the JSON's, the history's) are ISO 8601 in UTC with four-digit
years, always: ``strftime("%Y")`` writes year 1 as ``1``, which nothing reads back.

>>> from datetime import datetime, UTC
>>> utc_stamp(datetime(2024, 11, 17, 15, 50, tzinfo=UTC))
'2024-11-17T15:50:00Z'
>>> utc_stamp(datetime(1, 6, 1, tzinfo=UTC))
'0001-06-01T00:00:00Z'
>>> parse_utc_stamp("0001-06-01T00:00:00Z").year
1
>>> check_year(datetime(9999, 6, 1, 10, 0), "start")
Traceback (most recent call last):
...
summitcal.errors.TimeRangeError: start 9999-06-01 10:00 is outside the years summitcal supports (1900 to 2200)
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from summitcal.errors import TimeRangeError
from summitcal.messages import N_, Value

__all__ = ["FIRST_YEAR", "LAST_YEAR", "YEARS", "check_year", "parse_utc_stamp", "utc_stamp"]

FIRST_YEAR = 1900
LAST_YEAR = 2200
YEARS = range(FIRST_YEAR, LAST_YEAR + 1)


def check_year(moment: date, what: Value) -> None:
    """Raise :class:`TimeRangeError` naming ``what`` unless ``moment``'s year is supported.

    A wall time is checked as written and, when aware, also as its UTC instant (an
    event at 2200-12-31 23:30 in Tokyo is still 2200 in UTC, one at 1900-01-01 00:30 in
    Tokyo is 1899 in UTC).
    """
    years = {moment.year}
    if isinstance(moment, datetime) and moment.tzinfo is not None:
        try:
            years.add(moment.astimezone(UTC).year)
        except OverflowError:
            years.add(0)
    if not years <= set(YEARS):
        shown = f"{moment.year:04d}-{moment:%m-%d}"
        if isinstance(moment, datetime):
            shown += f" {moment:%H:%M}"
        raise TimeRangeError(
            N_(
                "{what} {time} is outside the years summitcal supports ({first} to {last})",
                what=what,
                time=shown,
                first=FIRST_YEAR,
                last=LAST_YEAR,
            )
        )


def utc_stamp(moment: datetime) -> str:
    """``YYYY-MM-DDTHH:MM:SSZ`` for an aware time (four-digit year, whole seconds)."""
    utc = moment.astimezone(UTC)
    return f"{utc.year:04d}-{utc:%m-%dT%H:%M:%S}Z"


def parse_utc_stamp(text: str) -> datetime:
    """The aware UTC time of a stamp :func:`utc_stamp` wrote. Raises ValueError."""
    if not text.endswith("Z") or len(text) != 20:
        raise ValueError(f"not a UTC stamp such as 2024-11-17T15:50:00Z: {text!r}")
    return datetime.fromisoformat(text[:-1]).replace(tzinfo=UTC)
