"""The linter's rules on VTIMEZONEs: their TZIDs, RDATE lines and observance onsets."""

from __future__ import annotations

import warnings
from datetime import UTC, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

import icalendar

from summitcal import tzdb, zone_names
from summitcal.ical.contentlines import Component
from summitcal.ical.lint_findings import Report
from summitcal.ical.lint_values import utc_offset, wall_time
from summitcal.messages import N_
from summitcal.zones import transitions as zone_transitions

__all__ = [
    "check_vtimezones",
    "evaluated_vtimezones",
    "vtimezones_by_tzid",
]


def vtimezones_by_tzid(calendar: Component) -> dict[str, Component]:
    """The calendar's VTIMEZONEs by TZID (the last of two with the same TZID wins)."""
    return {
        prop.value: vtimezone
        for vtimezone in calendar.walk("VTIMEZONE")
        if (prop := vtimezone.first("TZID")) is not None
    }


def check_vtimezones(vtimezones: dict[str, Component], report: Report) -> None:
    """Every VTIMEZONE's TZID, COMMENTs, RDATE lines and onsets."""
    for tzid, vtimezone in vtimezones.items():
        _vtimezone(tzid, vtimezone, report)


def evaluated_vtimezones(data: bytes) -> dict[str, tzinfo]:
    """Each VTIMEZONE read as a client that trusts it would (dateutil, via icalendar).

    icalendar warns when it guesses the zone of a vendor-prefixed TZID
    (``/mozilla.org/.../America/New_York``); that warning is silenced: the findings say
    what matters, and a warning printed with icalendar's source line is noise.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", icalendar.GloballyUniqueTZIDGuessed)
        try:
            calendars = icalendar.Calendar.from_ical(data, multiple=True)
        except (ValueError, IndexError, KeyError):
            return {}
        evaluated = {}
        for calendar in calendars:
            for component in calendar.walk("VTIMEZONE"):
                if not isinstance(component, icalendar.Timezone):
                    continue
                try:
                    evaluated[str(component["TZID"])] = component.to_tz(lookup_tzid=False)
                except (ValueError, KeyError, TypeError, AttributeError):
                    continue
    return evaluated


def _vtimezone(tzid: str, vtimezone: Component, report: Report) -> None:
    prop = vtimezone.first("TZID")
    line = prop.line if prop else vtimezone.line
    _tzid_name(tzid, line, report)
    comments = vtimezone.all("COMMENT") + [
        comment for observance in vtimezone.children for comment in observance.all("COMMENT")
    ]
    if comments:
        report.add(
            comments[0].line,
            "warning",
            "vtimezone-comment",
            N_(
                "{tzid}: COMMENT in the VTIMEZONE ({count}), which libical's restriction "
                "check rejects",
                tzid=tzid,
                count=len(comments),
            ),
        )
    for observance in vtimezone.children:
        for rdate in observance.all("RDATE"):
            # Counted as written, not read with icalendar's vDDDLists: a line lists
            # several onsets whether or not each of them parses.
            if "," in rdate.value:
                count = rdate.value.count(",") + 1
                report.add(
                    rdate.line,
                    "error",
                    "multi-value-rdate",
                    N_(
                        "{tzid}: one RDATE line lists {count} onsets; ical.js (Thunderbird) "
                        "and vobject (Radicale) read only the first, so the later changes are "
                        "lost and events around them land an hour off; write one RDATE per line",
                        tzid=tzid,
                        count=count,
                    ),
                )
        _onset(tzid, observance, report)


def _tzid_name(tzid: str, line: int, report: Report) -> None:
    if tzid in tzdb.zone_keys() and "/" in tzid:
        return
    if tzid in tzdb.zone_keys():
        canonical = zone_names.canonical(tzid)
        if canonical != tzid:
            legacy = N_(
                "TZID {tzid} is an abbreviation or legacy name (tzdata reads it as "
                "{canonical}); clients map such names differently (TZID:GMT put Outlook an "
                "hour off for Europe/London): use the IANA name of the place",
                tzid=repr(tzid),
                canonical=canonical,
            )
        else:
            legacy = N_(
                "TZID {tzid} is an abbreviation or legacy name; clients map such names "
                "differently (TZID:GMT put Outlook an hour off for Europe/London): use the "
                "IANA name of the place",
                tzid=repr(tzid),
            )
        report.add(line, "warning", "abbreviation-tzid", legacy)
        return
    known = zone_names.lookup(tzid)
    if isinstance(known, str):
        unknown = N_(
            "TZID {tzid} is not an IANA name ({known} is the IANA name): clients that use "
            "their own zone data (Google, Apple, icalendar) may not know it and show its "
            "events in another zone",
            tzid=repr(tzid),
            known=known,
        )
    else:
        unknown = N_(
            "TZID {tzid} is not an IANA name: clients that use their own zone data (Google, "
            "Apple, icalendar) may not know it and show its events in another zone",
            tzid=repr(tzid),
        )
    report.add(line, "warning", "non-iana-tzid", unknown)


def _onset(tzid: str, observance: Component, report: Report) -> None:
    """An observance's DTSTART must be the wall time before the change (RFC 5545 3.6.5)."""
    if tzid not in tzdb.zone_keys():
        return
    start, before, after = (observance.first(n) for n in ("DTSTART", "TZOFFSETFROM", "TZOFFSETTO"))
    if start is None or before is None or after is None:
        report.add(
            observance.line,
            "error",
            "observance",
            N_("{tzid}: an observance lacks DTSTART or an offset", tzid=tzid),
        )
        return
    wall, offset_from, offset_to = (
        wall_time(start.value),
        utc_offset(before.value),
        utc_offset(after.value),
    )
    if wall is None or offset_from is None or offset_to is None or offset_from == offset_to:
        return
    zone = tzdb.load(tzid)
    try:
        if _is_change(zone, wall - offset_from) or not _is_change(zone, wall - offset_to):
            return
    except OverflowError:  # an onset in year 1 or 9999, where tzdata has no change
        return
    report.add(
        start.line,
        "warning",
        "onset-after-jump",
        N_(
            "{tzid}: onset DTSTART {value} is the wall time after the change; RFC 5545 "
            "defines it as the time before, read in TZOFFSETFROM, so parsers place the change "
            "differently by the size of the jump",
            tzid=tzid,
            value=start.value,
        ),
    )


def _is_change(zone: ZoneInfo, instant: datetime) -> bool:
    found = zone_transitions(zone, instant - timedelta(seconds=1), instant)
    return any(change.instant == instant.replace(tzinfo=UTC) for change in found)
