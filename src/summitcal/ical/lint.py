"""Check any iCalendar feed for what makes real clients disagree about it.

Each finding names the line, what is wrong, and what it does to subscribers. Errors
break the RFC's musts or make some clients show events at other times (or lose or
duplicate them); warnings are risks that depend on the client. The tests show the
facts behind the checks with the parsers that clients use (``tests/test_lint.py``,
``tests/test_conformance.py``).

The rules live by area: ``lint_layout`` (line ends, folds, controls), ``lint_calendar``
(the VCALENDAR's properties), ``lint_zones`` (VTIMEZONEs) and ``lint_events``; values
are read by icalendar's parsers through ``lint_values``.

>>> findings = lint(b"BEGIN:VCALENDAR\\r\\nVERSION:2.0\\r\\nEND:VCALENDAR\\r\\n")
>>> [finding.code for finding in findings]
['missing-prodid', 'no-calendar-name']
"""

from __future__ import annotations

from summitcal.ical.contentlines import scan
from summitcal.ical.lint_calendar import check_calendar
from summitcal.ical.lint_events import check_events
from summitcal.ical.lint_findings import Finding, Report, Severity
from summitcal.ical.lint_layout import layout_findings
from summitcal.ical.lint_zones import check_vtimezones, evaluated_vtimezones, vtimezones_by_tzid
from summitcal.messages import N_

__all__ = ["Finding", "Severity", "lint"]


def lint(data: bytes) -> list[Finding]:
    """Every finding for an iCalendar file, in order of line."""
    roots, layout = scan(data)
    findings = layout_findings(layout)
    calendars = [root for root in roots if root.name == "VCALENDAR"]
    if not calendars:
        message = N_("no BEGIN:VCALENDAR: not an iCalendar file")
        findings.append(Finding.of(1, "error", "not-icalendar", message))
        return findings
    evaluated = evaluated_vtimezones(data)
    for calendar in calendars:
        report = Report()
        vtimezones = vtimezones_by_tzid(calendar)
        check_calendar(calendar, report)
        check_vtimezones(vtimezones, report)
        check_events(calendar, vtimezones.keys(), evaluated, report)
        findings.extend(report.findings)
    return sorted(findings, key=lambda finding: finding.line or 0)
