"""The linter's rules on events (and to-dos and journal entries): identity and times.

An event's DTSTART and DTEND are each checked on their own (their TZID, its VTIMEZONE,
a wall time in a gap or a fold), since DTEND may be in another zone than DTSTART (a
flight); then the two together: of one value type, DTEND after DTSTART, and a whole-day
event (``VALUE=DATE``) transparent.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Mapping
from datetime import UTC, date, datetime, timedelta, tzinfo

from summitcal import tzdb
from summitcal.ical.contentlines import Component, Property
from summitcal.ical.lint_findings import Report
from summitcal.ical.lint_values import date_value, duration, utc_time, wall_time
from summitcal.messages import N_, Message, npgettext
from summitcal.zones import RepeatedTimeError, SkippedTimeError, format_offset, resolve
from summitcal.zones import transitions as zone_transitions

_LEAP_SECOND = re.compile(r"\d{8}T\d{2}5960Z?", re.ASCII)  # only ever after minute 59

__all__ = ["check_events"]


def check_events(
    calendar: Component,
    tzids: Collection[str],
    evaluated: Mapping[str, tzinfo],
    report: Report,
) -> None:
    """Each VEVENT, VTODO and VJOURNAL of the calendar, with its VTIMEZONEs' TZIDs."""
    uids: Counter[tuple[str, str]] = Counter()
    for component in calendar.children:
        if component.name in ("VEVENT", "VTODO", "VJOURNAL"):
            _event(component, uids, report)
            for name in ("DTSTART", "DTEND", "DUE"):
                prop = component.first(name)
                if prop is not None:
                    _event_time(prop, tzids, evaluated, report)
            _duration(component, report)
            if component.name == "VEVENT":
                _span(component, report)


def _event(event: Component, uids: Counter[tuple[str, str]], report: Report) -> None:
    """UID, DTSTAMP, and DTEND or DURATION."""
    uid = event.first("UID")
    if uid is None:
        report.add(
            event.line,
            "error",
            "missing-uid",
            N_(
                "{component} without UID: clients duplicate it on every refresh",
                component=event.name,
            ),
        )
    else:
        recurrence = event.first("RECURRENCE-ID")
        key = (uid.value, recurrence.value if recurrence else "")
        uids[key] += 1
        if uids[key] == 2:
            report.add(
                uid.line,
                "error",
                "duplicate-uid",
                N_(
                    "UID {uid} is used twice: clients keep one of the events and drop the "
                    "other, or merge them",
                    uid=repr(uid.value),
                ),
            )
    stamp = event.first("DTSTAMP")
    if stamp is None:
        report.add(
            event.line,
            "error",
            "missing-dtstamp",
            N_("{component} without DTSTAMP (RFC 5545 requires it)", component=event.name),
        )
    # Checked as written, not read with vDatetime: this finding is about the Z that
    # RFC 5545 requires, and the linter has none for a DTSTAMP that does not parse.
    elif not stamp.value.endswith("Z") or "TZID" in stamp.params:
        report.add(
            stamp.line, "error", "dtstamp-not-utc", N_("DTSTAMP must be in UTC (ending in Z)")
        )
    if event.first("DTEND") is not None and event.first("DURATION") is not None:
        report.add(
            event.line,
            "error",
            "dtend-and-duration",
            N_("both DTEND and DURATION: RFC 5545 allows one"),
        )


def _event_time(
    prop: Property, tzids: Collection[str], evaluated: Mapping[str, tzinfo], report: Report
) -> None:
    if prop.params.get("VALUE", "").upper() == "DATE":
        if date_value(prop.value) is None:
            _invalid(
                prop,
                N_(
                    "{value} is not a date (YYYYMMDD, a day of the calendar): clients drop the "
                    "event or show it on a day of their own guessing",
                    value=_written(prop),
                ),
                report,
            )
        return
    if "VALUE" not in prop.params and date_value(prop.value) is not None:
        report.add(
            prop.line,
            "error",
            "date-without-value",
            N_(
                "{property} {value} is a date without VALUE=DATE, which RFC 5545 requires (a "
                "{property} is a DATE-TIME unless it says otherwise): ical.js (Thunderbird) "
                "throws on it ('invalid date-time value') and loses the event; libical, "
                "icalendar and vobject guess a date; write {property};VALUE=DATE:{value}",
                property=prop.name,
                value=prop.value,
            ),
        )
        return
    if wall_time(prop.value) is None and utc_time(prop.value) is None and not _leap(prop):
        _invalid(
            prop,
            N_(
                "{value} is not a date-time (YYYYMMDDTHHMMSS, with Z for UTC): clients drop "
                "the event or show it on a day of their own guessing",
                value=_written(prop),
            ),
            report,
        )
        return
    tzid = prop.params.get("TZID")
    if tzid is None:
        # As written, like DTSTAMP: a value without Z or TZID is floating, and the
        # finding quotes it whether or not vDatetime could read it.
        if not prop.value.endswith("Z"):
            report.add(
                prop.line,
                "warning",
                "floating-time",
                N_(
                    "{property} {value} has no zone: some clients read it as UTC, others as "
                    "the viewer's local time",
                    property=prop.name,
                    value=prop.value,
                ),
            )
        return
    if tzid not in tzids:
        report.add(
            prop.line,
            "error",
            "missing-vtimezone",
            N_(
                "{property}: TZID {tzid} has no VTIMEZONE in the file (RFC 5545 requires one): "
                "Outlook and ical.js (Thunderbird) ignore the TZID and show the time in the "
                "viewer's zone",
                property=prop.name,
                tzid=repr(tzid),
            ),
        )
    if tzid not in tzdb.zone_keys():
        return
    wall = wall_time(prop.value)
    if wall is None:
        return
    zone = tzdb.load(tzid)
    try:
        moment = resolve(wall, zone)
    except SkippedTimeError as error:
        report.add(
            prop.line,
            "warning",
            "nonexistent-time",
            N_(
                "{property}: {wall} does not exist in {zone}: clocks jump from {before} to "
                "{after} ({offset_before} to {offset_after}); parsers disagree which hour they "
                "show",
                property=prop.name,
                **error.facts(),
            ),
        )
        return
    except RepeatedTimeError as error:
        report.add(
            prop.line,
            "warning",
            "ambiguous-time",
            N_(
                "{property}: {wall} occurs twice in {zone}: clocks go back from {before} to "
                "{after} (first {offset_before}, then {offset_after}); parsers disagree which "
                "occurrence they show (write it in UTC)",
                property=prop.name,
                **error.facts(),
            ),
        )
        return
    except OverflowError:  # a time in year 1 or 9999 that UTC would move out of range
        return
    theirs_zone = evaluated.get(tzid)
    if theirs_zone is None:
        return
    theirs = wall.replace(tzinfo=theirs_zone).utcoffset()
    ours = moment.utcoffset()
    if theirs is not None and ours is not None and theirs != ours:
        report.add(
            prop.line,
            "error",
            "vtimezone-disagrees",
            N_(
                "{property} {value} in {zone}: the file's VTIMEZONE gives {theirs}, tzdata "
                "gives {ours}; clients that use the feed's VTIMEZONE (Thunderbird, Evolution, "
                "Radicale) and clients that use their own zone data (Google, Apple, icalendar) "
                "show it {gap} apart",
                property=prop.name,
                value=prop.value,
                zone=tzid,
                theirs=format_offset(theirs),
                ours=format_offset(ours),
                gap=_gap(theirs, ours),
            ),
        )


def _leap(prop: Property) -> bool:
    """Seconds of 60 (a leap second, ``20161231T235960Z``), which RFC 5545's syntax
    allows and Python cannot hold: read as the second before."""
    text = prop.value.strip()
    if not _LEAP_SECOND.fullmatch(text):
        return False
    core = text.removesuffix("Z")
    before = core[:-2] + "59"
    return (utc_time(before + "Z") if text.endswith("Z") else wall_time(before)) is not None


def _invalid(prop: Property, message: Message, report: Report) -> None:
    report.add(prop.line, "error", "invalid-time", message)


def _is_date(prop: Property) -> bool:
    """A DATE: VALUE=DATE, or a date written without it (``date-without-value``)."""
    if "VALUE" not in prop.params:
        return date_value(prop.value) is not None
    return prop.params["VALUE"].upper() == "DATE"


def _written(prop: Property) -> str:
    value = prop.params.get("VALUE", "")
    return f"{prop.name}{';VALUE=' + value if value else ''} {prop.value}"


def _span(event: Component, report: Report) -> None:
    """DTSTART and DTEND together: one value type, the end after the start; and a whole
    day (a DATE DTSTART) does not make its subscribers busy."""
    start, end = event.first("DTSTART"), event.first("DTEND")
    if start is not None and _is_date(start):
        transp = event.first("TRANSP")
        if transp is not None and transp.value.strip().upper() == "OPAQUE":
            report.add(
                transp.line,
                "warning",
                "opaque-whole-day",
                N_(
                    "TRANSP:OPAQUE on a whole-day event (DTSTART;VALUE=DATE): subscribers are "
                    "shown busy all day, and invitations and free/busy lookups avoid those "
                    "days; write TRANSP:TRANSPARENT"
                ),
            )
    if start is None or end is None:
        return
    if _is_date(start) != _is_date(end):
        if _is_date(start):
            mixed = N_(
                "{end} is a DATE-TIME but DTSTART is a DATE: RFC 5545 requires both of one "
                "value type; parsers read one end as a day and the other as a time, so clients "
                "show it as a whole-day event, as a timed one, or not at all",
                end=_written(end),
            )
        else:
            mixed = N_(
                "{end} is a DATE but DTSTART is a DATE-TIME: RFC 5545 requires both of one "
                "value type; parsers read one end as a day and the other as a time, so clients "
                "show it as a whole-day event, as a timed one, or not at all",
                end=_written(end),
            )
        report.add(end.line, "error", "date-and-date-time", mixed)
        return
    first, last = _moment(start), _moment(end)
    if first is None or last is None:
        return
    if _is_date(start) and last <= first:
        report.add(
            end.line,
            "error",
            "dtend-not-after-dtstart",
            N_(
                "{end} is not after DTSTART {start}: DTEND of whole days is the day after the "
                "last (RFC 5545 3.6.1; DTEND:20241117 for 14-16 November), so clients show "
                "the event on no day, on one, or drop it",
                end=_written(end),
                start=start.value,
            ),
        )
    elif last < first:
        report.add(
            end.line,
            "error",
            "dtend-not-after-dtstart",
            N_(
                "{end} is {gap} before DTSTART {start}: RFC 5545 requires DTEND later than "
                "DTSTART; clients drop the event or show it without length",
                end=_placed(end),
                gap=_gap(first - last, timedelta(0)),
                start=_placed(start),
            ),
        )


def _placed(prop: Property) -> Message | str:
    """``DTEND 20241117T180000 in America/Sao_Paulo`` (the name left out for DTSTART)."""
    tzid = prop.params.get("TZID")
    time = f"{prop.name} {prop.value}" if prop.name != "DTSTART" else prop.value
    return N_("{time} in {zone}", time=time, zone=tzid) if tzid else time


def _moment(prop: Property) -> date | datetime | None:
    """A DATE as its date; a DATE-TIME in UTC or in a tzdata zone as its instant (a wall
    time in a gap as RFC 5545 reads it); else None."""
    if _is_date(prop):
        return date_value(prop.value)
    tzid = prop.params.get("TZID")
    if tzid is None:
        return utc_time(prop.value)
    wall = wall_time(prop.value)
    if wall is None or tzid not in tzdb.zone_keys():
        return None
    try:
        return resolve(wall, tzdb.load(tzid), "compatible").astimezone(UTC)
    except OverflowError:  # year 1 or 9999
        return None


def _duration(event: Component, report: Report) -> None:
    prop, start = event.first("DURATION"), event.first("DTSTART")
    if prop is None or start is None or start.params.get("TZID") not in tzdb.zone_keys():
        return
    length, wall = duration(prop.value), wall_time(start.value)
    if length is None or wall is None:
        return
    zone = tzdb.load(start.params["TZID"])
    try:
        begin = resolve(wall, zone, "compatible").astimezone(UTC)
        changes = zone_transitions(zone, begin, begin + abs(length))
    except OverflowError:  # the start or the end is out of datetime's range (year 9999)
        return
    if changes:
        report.add(
            prop.line,
            "warning",
            "duration-across-change",
            N_(
                "DURATION {value} spans a change of {zone}'s offset: parsers disagree whether "
                "it counts elapsed or wall-clock time, so the end differs between clients; "
                "write DTEND",
                value=prop.value,
                zone=zone.key,
            ),
        )


def _gap(first: timedelta, second: timedelta) -> Message:
    """``1 hour``, ``2 hours``, ``1:30 hours``, ``30 minutes``."""
    minutes = abs(int((first - second).total_seconds())) // 60
    hours, rest = divmod(minutes, 60)
    if not rest:
        return npgettext("a length of time", "{count} hour", "{count} hours", hours, count=hours)
    if hours:
        return N_("{hours}:{minutes} hours", hours=hours, minutes=f"{rest:02d}")
    return N_("{minutes} minutes", minutes=rest)
