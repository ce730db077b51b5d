"""Check any iCalendar feed for what makes real clients disagree about it.

Each finding names the line, what is wrong, and what it does to subscribers. Errors
break the RFC's musts or make some clients show events at other times (or lose or
duplicate them); warnings are risks that depend on the client. The facts behind the
checks are in ``shared/INTEROP.md`` and in the conformance tests.

>>> findings = lint(b"BEGIN:VCALENDAR\\r\\nVERSION:2.0\\r\\nEND:VCALENDAR\\r\\n")
>>> [finding.code for finding in findings]
['missing-prodid', 'no-calendar-name']
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Literal
from zoneinfo import ZoneInfo

import icalendar
from icalendar import vDuration

from summitcal import tzdb, zone_names
from summitcal.ical.contentlines import Component, Layout, Property, scan
from summitcal.zones import RepeatedTimeError, SkippedTimeError, format_offset, resolve
from summitcal.zones import transitions as zone_transitions

__all__ = ["Finding", "lint"]

Severity = Literal["error", "warning"]
_DATE_TIME = re.compile(r"(\d{8})T(\d{6})(Z?)")
_VTIMEZONE_READERS = "clients that use the feed's VTIMEZONE (Thunderbird, Evolution, Radicale)"
_NAME_READERS = "clients that use their own zone data (Google, Apple, icalendar)"
# The abbreviations of ASCII and ISO 6429 for U+0000-U+001F, U+007F and U+0080-U+009F.
_ABBREVIATIONS = (
    "NUL SOH STX ETX EOT ENQ ACK BEL BS HT LF VT FF CR SO SI "
    "DLE DC1 DC2 DC3 DC4 NAK SYN ETB CAN EM SUB ESC FS GS RS US DEL "
    "PAD HOP BPH NBH IND NEL SSA ESA HTS HTJ VTS PLD PLU RI SS2 SS3 "
    "DCS PU1 PU2 STS CCH MW SPA EPA SOS SGC SCI CSI ST OSC PM APC"
)
_CONTROL_NAMES = dict(
    zip([*range(0x20), 0x7F, *range(0x80, 0xA0)], _ABBREVIATIONS.split(), strict=True)
)
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem: where, how bad, a stable code, and what it does to clients."""

    line: int | None
    severity: Severity
    code: str
    message: str


def lint(data: bytes) -> list[Finding]:
    """Every finding for an iCalendar file, in order of line."""
    roots, layout = scan(data)
    findings = _layout_findings(layout)
    calendars = [root for root in roots if root.name == "VCALENDAR"]
    if not calendars:
        findings.append(
            Finding(1, "error", "not-icalendar", "no BEGIN:VCALENDAR: not an iCalendar file")
        )
        return findings
    evaluated = _evaluated_vtimezones(data)
    for calendar in calendars:
        findings.extend(_Checker(calendar, evaluated).run())
    return sorted(findings, key=lambda finding: finding.line or 0)


def _layout_findings(layout: Layout) -> list[Finding]:
    findings = []
    if layout.not_utf8 is not None:
        findings.append(
            Finding(
                layout.not_utf8,
                "error",
                "not-utf8",
                "not UTF-8 text: clients show garbled characters",
            )
        )
    if layout.lf_only:
        findings.append(
            Finding(
                layout.lf_only[0],
                "warning",
                "bare-lf",
                f"{len(layout.lf_only)} of {_lines(layout.lines)} end in LF, not CRLF as RFC "
                "5545 requires; strict parsers reject or misread them",
            )
        )
    if layout.too_long:
        findings.append(
            Finding(
                layout.too_long[0],
                "warning",
                "unfolded-line",
                f"{_lines(len(layout.too_long))} longer than 75 octets (not folded); strict "
                "parsers reject them and some clients cut them off",
            )
        )
    findings.extend(
        Finding(
            line,
            "error",
            "split-character",
            "a fold splits a UTF-8 character: clients show garbage there",
        )
        for line in layout.split_characters
    )
    findings.extend(
        Finding(line, "error", "malformed-line", f"not a content line: {text!r}")
        for line, text in layout.malformed
    )
    for line, name, characters in layout.controls:
        findings.extend(_control_findings(line, f" in {name}" if name else "", characters))
    return findings


def _control_findings(line: int, where: str, characters: str) -> list[Finding]:
    """A bare CR, RFC 5545's forbidden controls, and C1 controls: one finding each."""
    findings = []
    if "\r" in characters:
        findings.append(
            Finding(
                line,
                "error",
                "bare-cr",
                f"a bare CR (no LF after it){where}: vobject (Radicale) ends the line there "
                "and reads the text after it as a line of its own, so it can forge properties "
                "or whole events (or reject the feed); icalendar, ical.js and libical keep it "
                "in the value",
            )
        )
    forbidden = [c for c in characters if c != "\r" and ord(c) < 0x80]
    if forbidden:
        it = "it" if len(forbidden) == 1 else "them"
        consequences = [f"icalendar and vobject keep {it} in the text, shown as nothing or a box"]
        if "\x00" in forbidden:
            consequences.append(
                "libical (Evolution) reads the feed as a C string, which ends at the NUL, and "
                "rejects the whole feed"
            )
        if any(c != "\x7f" for c in forbidden):
            consequences.append(
                f"XML 1.0 cannot hold {it}, so CalDAV and xCal cannot carry the event (XML "
                "parsers reject the response)"
            )
        findings.append(
            Finding(
                line,
                "error",
                "control-character",
                f"{_characters(forbidden)}{where}: RFC 5545 forbids control characters in "
                f"content lines; {'; '.join(consequences)}",
            )
        )
    # RFC 5545 allows U+0080-U+009F (its NON-US-ASCII is any UTF-8 beyond ASCII), so they
    # are a warning, not an error; but no text needs them: they come from Windows-1252
    # text decoded as Latin-1 (U+0092 where a ’ was meant), and NEL ends a line for
    # Python's str.splitlines() and XML 1.1, as a bare CR does for vobject.
    c1 = [c for c in characters if ord(c) >= 0x80]
    if c1:
        nel = "; NEL ends a line for some readers (Python's str.splitlines(), XML 1.1)"
        findings.append(
            Finding(
                line,
                "warning",
                "c1-control",
                f"C1 control {_characters(c1)}{where}: clients show nothing or a box; such "
                "characters usually come from Windows-1252 text decoded as Latin-1"
                + (nel if "\x85" in c1 else ""),
            )
        )
    return findings


def _characters(characters: list[str]) -> str:
    """``U+0000 (NUL), U+001B (ESC)``."""
    return ", ".join(f"U+{ord(c):04X} ({_CONTROL_NAMES[ord(c)]})" for c in characters)


def _evaluated_vtimezones(data: bytes) -> dict[str, tzinfo]:
    """Each VTIMEZONE read as a client that trusts it would (dateutil, via icalendar)."""
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


class _Checker:
    def __init__(self, calendar: Component, evaluated: dict[str, tzinfo]) -> None:
        self.calendar = calendar
        self.evaluated = evaluated
        self.findings: list[Finding] = []
        self.vtimezones = {
            prop.value: vtimezone
            for vtimezone in calendar.walk("VTIMEZONE")
            if (prop := vtimezone.first("TZID")) is not None
        }

    def add(self, line: int | None, severity: Severity, code: str, message: str) -> None:
        # Messages quote the feed's values: escape its control characters (an ESC would
        # reach the terminal of whoever runs lint); control-character reports them.
        visible = _UNPRINTABLE.sub(lambda match: f"\\x{ord(match.group()):02x}", message)
        self.findings.append(Finding(line, severity, code, visible))

    def run(self) -> list[Finding]:
        self.calendar_properties()
        for tzid, vtimezone in self.vtimezones.items():
            self.vtimezone(tzid, vtimezone)
        uids: Counter[tuple[str, str]] = Counter()
        for component in self.calendar.children:
            if component.name in ("VEVENT", "VTODO", "VJOURNAL"):
                self.event(component, uids)
        return self.findings

    # -- the calendar --------------------------------------------------------------------

    def calendar_properties(self) -> None:
        calendar = self.calendar
        version = calendar.first("VERSION")
        if version is None or version.value.strip() != "2.0":
            self.add(
                calendar.line,
                "error",
                "version",
                "VERSION:2.0 is missing; clients may refuse the file",
            )
        if calendar.first("PRODID") is None:
            self.add(
                calendar.line, "error", "missing-prodid", "PRODID is missing (RFC 5545 requires it)"
            )
        if calendar.first("NAME") is None and calendar.first("X-WR-CALNAME") is None:
            self.add(
                calendar.line,
                "warning",
                "no-calendar-name",
                "no NAME or X-WR-CALNAME: subscribers see the address or 'Untitled' as its name",
            )
        refresh = calendar.first("REFRESH-INTERVAL")
        if refresh is not None and refresh.params.get("VALUE", "").upper() != "DURATION":
            self.add(
                refresh.line,
                "warning",
                "refresh-interval-value",
                "REFRESH-INTERVAL without VALUE=DURATION (RFC 7986 requires it); strict clients ignore it",
            )
        ttl = calendar.first("X-PUBLISHED-TTL")
        if ttl is not None and _duration(ttl.value) is None:
            self.add(
                ttl.line,
                "warning",
                "published-ttl",
                f"X-PUBLISHED-TTL {ttl.value!r} is not a duration such as PT1H; Outlook ignores it",
            )

    # -- time zones ----------------------------------------------------------------------

    def vtimezone(self, tzid: str, vtimezone: Component) -> None:
        prop = vtimezone.first("TZID")
        line = prop.line if prop else vtimezone.line
        self.tzid_name(tzid, line)
        comments = vtimezone.all("COMMENT") + [
            comment for observance in vtimezone.children for comment in observance.all("COMMENT")
        ]
        if comments:
            self.add(
                comments[0].line,
                "warning",
                "vtimezone-comment",
                f"{tzid}: COMMENT in the VTIMEZONE ({len(comments)}), which libical's "
                "restriction check rejects",
            )
        for observance in vtimezone.children:
            for rdate in observance.all("RDATE"):
                if "," in rdate.value:
                    count = rdate.value.count(",") + 1
                    self.add(
                        rdate.line,
                        "error",
                        "multi-value-rdate",
                        f"{tzid}: one RDATE line lists {count} onsets; ical.js (Thunderbird) and "
                        "vobject (Radicale) read only the first, so the later changes are lost "
                        "and events around them land an hour off; write one RDATE per line",
                    )
            self.onset(tzid, observance)

    def tzid_name(self, tzid: str, line: int) -> None:
        if tzid in tzdb.zone_keys() and "/" in tzid:
            return
        if tzid in tzdb.zone_keys():
            canonical = zone_names.canonical(tzid)
            reads = f" (tzdata reads it as {canonical})" if canonical != tzid else ""
            self.add(
                line,
                "warning",
                "abbreviation-tzid",
                f"TZID {tzid!r} is an abbreviation or legacy name{reads}; clients map such "
                "names differently (TZID:GMT put Outlook an hour off for Europe/London): use "
                "the IANA name of the place",
            )
            return
        known = zone_names.lookup(tzid)
        hint = f" ({known} is the IANA name)" if isinstance(known, str) else ""
        self.add(
            line,
            "warning",
            "non-iana-tzid",
            f"TZID {tzid!r} is not an IANA name{hint}: {_NAME_READERS} may not know it and "
            "show its events in another zone",
        )

    def onset(self, tzid: str, observance: Component) -> None:
        """An observance's DTSTART must be the wall time before the change (RFC 5545 3.6.5)."""
        if tzid not in tzdb.zone_keys():
            return
        start, before, after = (
            observance.first(n) for n in ("DTSTART", "TZOFFSETFROM", "TZOFFSETTO")
        )
        if start is None or before is None or after is None:
            self.add(
                observance.line,
                "error",
                "observance",
                f"{tzid}: an observance lacks DTSTART or an offset",
            )
            return
        wall, offset_from, offset_to = (
            _wall(start.value),
            _offset(before.value),
            _offset(after.value),
        )
        if wall is None or offset_from is None or offset_to is None or offset_from == offset_to:
            return
        zone = tzdb.load(tzid)
        if _is_change(zone, wall - offset_from):
            return
        if _is_change(zone, wall - offset_to):
            self.add(
                start.line,
                "warning",
                "onset-after-jump",
                f"{tzid}: onset DTSTART {start.value} is the wall time after the change; RFC "
                "5545 defines it as the time before, read in TZOFFSETFROM, so parsers place the "
                "change differently by the size of the jump",
            )

    # -- events --------------------------------------------------------------------------

    def event(self, event: Component, uids: Counter[tuple[str, str]]) -> None:
        uid = event.first("UID")
        if uid is None:
            self.add(
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
                self.add(
                    uid.line,
                    "error",
                    "duplicate-uid",
                    f"UID {uid.value!r} is used twice: clients keep one of the events and drop "
                    "the other, or merge them",
                )
        stamp = event.first("DTSTAMP")
        if stamp is None:
            self.add(
                event.line,
                "error",
                "missing-dtstamp",
                f"{event.name} without DTSTAMP (RFC 5545 requires it)",
            )
        elif not stamp.value.endswith("Z") or "TZID" in stamp.params:
            self.add(stamp.line, "error", "dtstamp-not-utc", "DTSTAMP must be in UTC (ending in Z)")
        if event.first("DTEND") is not None and event.first("DURATION") is not None:
            self.add(
                event.line,
                "error",
                "dtend-and-duration",
                "both DTEND and DURATION: RFC 5545 allows one",
            )
        for name in ("DTSTART", "DTEND", "DUE"):
            prop = event.first(name)
            if prop is not None:
                self.event_time(prop)
        self.duration(event)

    def event_time(self, prop: Property) -> None:
        if prop.params.get("VALUE", "").upper() == "DATE":
            return
        tzid = prop.params.get("TZID")
        if tzid is None:
            if not prop.value.endswith("Z"):
                self.add(
                    prop.line,
                    "warning",
                    "floating-time",
                    f"{prop.name} {prop.value} has no zone: some clients read it as UTC, others "
                    "as the viewer's local time",
                )
            return
        if tzid not in self.vtimezones:
            self.add(
                prop.line,
                "error",
                "missing-vtimezone",
                f"TZID {tzid!r} has no VTIMEZONE in the file (RFC 5545 requires one): Outlook "
                "ignores the TZID and shows the time in the viewer's zone",
            )
        if tzid not in tzdb.zone_keys():
            return
        wall = _wall(prop.value)
        if wall is None:
            return
        zone = tzdb.load(tzid)
        try:
            moment = resolve(wall, zone)
        except SkippedTimeError as error:
            self.add(
                prop.line,
                "warning",
                "nonexistent-time",
                f"{prop.name}: {error}; parsers disagree which hour they show",
            )
            return
        except RepeatedTimeError as error:
            self.add(
                prop.line,
                "warning",
                "ambiguous-time",
                f"{prop.name}: {error}; parsers disagree which occurrence they show (write it in UTC)",
            )
            return
        evaluated = self.evaluated.get(tzid)
        if evaluated is None:
            return
        theirs = wall.replace(tzinfo=evaluated).utcoffset()
        ours = moment.utcoffset()
        if theirs is not None and ours is not None and theirs != ours:
            self.add(
                prop.line,
                "error",
                "vtimezone-disagrees",
                f"{prop.name} {prop.value} in {tzid}: the file's VTIMEZONE gives "
                f"{format_offset(theirs)}, tzdata gives {format_offset(ours)}; {_VTIMEZONE_READERS} "
                f"and {_NAME_READERS} show it {_gap(theirs, ours)} apart",
            )

    def duration(self, event: Component) -> None:
        prop, start = event.first("DURATION"), event.first("DTSTART")
        if prop is None or start is None or start.params.get("TZID") not in tzdb.zone_keys():
            return
        length, wall = _duration(prop.value), _wall(start.value)
        if length is None or wall is None:
            return
        zone = tzdb.load(start.params["TZID"])
        begin = resolve(wall, zone, "compatible").astimezone(UTC)
        if zone_transitions(zone, begin, begin + abs(length)):
            self.add(
                prop.line,
                "warning",
                "duration-across-change",
                f"DURATION {prop.value} spans a change of {zone.key}'s offset: parsers disagree "
                "whether it counts elapsed or wall-clock time, so the end differs between "
                "clients; write DTEND",
            )


def _wall(value: str) -> datetime | None:
    match = _DATE_TIME.fullmatch(value.strip())
    if match is None or match.group(3):
        return None
    try:
        return datetime.strptime(match.group(1) + match.group(2), "%Y%m%d%H%M%S")
    except ValueError:
        return None


def _offset(value: str) -> timedelta | None:
    match = re.fullmatch(r"([+-])(\d\d)(\d\d)(\d\d)?", value.strip())
    if match is None:
        return None
    sign = -1 if match.group(1) == "-" else 1
    return sign * timedelta(
        hours=int(match.group(2)), minutes=int(match.group(3)), seconds=int(match.group(4) or 0)
    )


def _duration(value: str) -> timedelta | None:
    try:
        parsed = vDuration.from_ical(value.strip())  # type: ignore[no-untyped-call]
    except ValueError:
        return None
    return parsed if isinstance(parsed, timedelta) else None


def _is_change(zone: ZoneInfo, instant: datetime) -> bool:
    found = zone_transitions(zone, instant - timedelta(seconds=1), instant)
    return any(change.instant == instant.replace(tzinfo=UTC) for change in found)


def _lines(count: int) -> str:
    return f"{count} line" + ("" if count == 1 else "s")


def _gap(first: timedelta, second: timedelta) -> str:
    minutes = abs(int((first - second).total_seconds())) // 60
    hours, rest = divmod(minutes, 60)
    if not rest:
        return f"{hours} hour" + ("s" if hours != 1 else "")
    return f"{hours}:{rest:02d} hours" if hours else f"{rest} minutes"
