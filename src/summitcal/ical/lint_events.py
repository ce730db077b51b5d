"""The linter's rules on events (and to-dos and journal entries): identity and times."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping
from datetime import UTC, timedelta, tzinfo

from summitcal import tzdb
from summitcal.ical.contentlines import Component, Property
from summitcal.ical.lint_findings import Report
from summitcal.ical.lint_values import duration, wall_time
from summitcal.ical.lint_zones import NAME_READERS, VTIMEZONE_READERS
from summitcal.zones import RepeatedTimeError, SkippedTimeError, format_offset, resolve
from summitcal.zones import transitions as zone_transitions

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


def _event(event: Component, uids: Counter[tuple[str, str]], report: Report) -> None:
    """UID, DTSTAMP, and DTEND or DURATION."""
    uid = event.first("UID")
    if uid is None:
        report.add(
            event.line,
            "error",
            "missing-uid",
            f"{event.name} without UID: clients duplicate it on every refresh",
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
                f"UID {uid.value!r} is used twice: clients keep one of the events and drop "
                "the other, or merge them",
            )
    stamp = event.first("DTSTAMP")
    if stamp is None:
        report.add(
            event.line,
            "error",
            "missing-dtstamp",
            f"{event.name} without DTSTAMP (RFC 5545 requires it)",
        )
    # Checked as written, not read with vDatetime: this finding is about the Z that
    # RFC 5545 requires, and the linter has none for a DTSTAMP that does not parse.
    elif not stamp.value.endswith("Z") or "TZID" in stamp.params:
        report.add(stamp.line, "error", "dtstamp-not-utc", "DTSTAMP must be in UTC (ending in Z)")
    if event.first("DTEND") is not None and event.first("DURATION") is not None:
        report.add(
            event.line,
            "error",
            "dtend-and-duration",
            "both DTEND and DURATION: RFC 5545 allows one",
        )


def _event_time(
    prop: Property, tzids: Collection[str], evaluated: Mapping[str, tzinfo], report: Report
) -> None:
    if prop.params.get("VALUE", "").upper() == "DATE":
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
                f"{prop.name} {prop.value} has no zone: some clients read it as UTC, others "
                "as the viewer's local time",
            )
        return
    if tzid not in tzids:
        report.add(
            prop.line,
            "error",
            "missing-vtimezone",
            f"TZID {tzid!r} has no VTIMEZONE in the file (RFC 5545 requires one): Outlook "
            "ignores the TZID and shows the time in the viewer's zone",
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
            f"{prop.name}: {error}; parsers disagree which hour they show",
        )
        return
    except RepeatedTimeError as error:
        report.add(
            prop.line,
            "warning",
            "ambiguous-time",
            f"{prop.name}: {error}; parsers disagree which occurrence they show (write it in UTC)",
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
            f"{prop.name} {prop.value} in {tzid}: the file's VTIMEZONE gives "
            f"{format_offset(theirs)}, tzdata gives {format_offset(ours)}; {VTIMEZONE_READERS} "
            f"and {NAME_READERS} show it {_gap(theirs, ours)} apart",
        )


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
            f"DURATION {prop.value} spans a change of {zone.key}'s offset: parsers disagree "
            "whether it counts elapsed or wall-clock time, so the end differs between "
            "clients; write DTEND",
        )


def _gap(first: timedelta, second: timedelta) -> str:
    minutes = abs(int((first - second).total_seconds())) // 60
    hours, rest = divmod(minutes, 60)
    if not rest:
        return f"{hours} hour" + ("s" if hours != 1 else "")
    return f"{hours}:{rest:02d} hours" if hours else f"{rest} minutes"
