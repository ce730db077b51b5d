"""VTIMEZONE components that every client reads the same way.

Written from ``zoneinfo`` (so from the ``tzdata`` package), bounded to the years the
feed's events need, one observance per offset change, each with a single onset:

- the onset's DTSTART is the wall time *before* the change, on the old offset, as
  RFC 5545 3.6.5 defines it (stock icalendar writes the time after the jump);
- no multi-value RDATE lines (ical.js and vobject read only their first value);
- no COMMENT, which libical's restriction check rejects.

The span is whole years, from the year before the first event to the year after the
last, so the component (and the feed's bytes) stays the same while events are added
within those years.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

from summitcal.zones import resolve, transitions

__all__ = ["span_for", "vtimezone"]


def span_for(first: date, last: date) -> tuple[datetime, datetime]:
    """The span, as naive local wall times, a zone must cover for events between two dates."""
    return datetime(first.year - 1, 1, 1), datetime(last.year + 2, 1, 1)


def vtimezone(zone: ZoneInfo, start: datetime, end: datetime) -> Timezone:
    """The VTIMEZONE for ``zone`` between two wall times (naive, read in ``zone``)."""
    component = Timezone()
    component.add("tzid", zone.key)
    # Open at the local midnight of the span's first day, so the first onset reads well.
    opening = resolve(start.replace(tzinfo=None), zone, "compatible")
    start = opening.astimezone(UTC)
    offset = opening.utcoffset() or timedelta(0)
    component.add_component(
        _observance(
            wall=opening.replace(tzinfo=None),
            offset_from=offset,
            offset_to=offset,
            dst=bool(opening.dst()),
            name=opening.tzname() or "",
        )
    )
    closing = resolve(end, zone, "compatible")
    for change in transitions(zone, start, closing):
        component.add_component(
            _observance(
                wall=change.wall_before,
                offset_from=change.offset_before,
                offset_to=change.offset_after,
                dst=change.dst_after,
                name=change.name_after,
            )
        )
    return component


def _observance(
    *, wall: datetime, offset_from: timedelta, offset_to: timedelta, dst: bool, name: str
) -> TimezoneStandard | TimezoneDaylight:
    observance = TimezoneDaylight() if dst else TimezoneStandard()
    observance.add("dtstart", wall)
    observance.add("tzoffsetfrom", offset_from)
    observance.add("tzoffsetto", offset_to)
    if name:
        observance.add("tzname", name)
    return observance
