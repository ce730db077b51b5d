"""The linter's rules on the VCALENDAR's own properties."""

from __future__ import annotations

from summitcal.ical.contentlines import Component
from summitcal.ical.lint_findings import Report
from summitcal.ical.lint_values import duration

__all__ = ["check_calendar"]


def check_calendar(calendar: Component, report: Report) -> None:
    """VERSION, PRODID, the calendar's name and how often clients should refresh it."""
    version = calendar.first("VERSION")
    if version is None or version.value.strip() != "2.0":
        report.add(
            calendar.line,
            "error",
            "version",
            "VERSION:2.0 is missing; clients may refuse the file",
        )
    if calendar.first("PRODID") is None:
        report.add(
            calendar.line, "error", "missing-prodid", "PRODID is missing (RFC 5545 requires it)"
        )
    if calendar.first("NAME") is None and calendar.first("X-WR-CALNAME") is None:
        report.add(
            calendar.line,
            "warning",
            "no-calendar-name",
            "no NAME or X-WR-CALNAME: subscribers see the address or 'Untitled' as its name",
        )
    refresh = calendar.first("REFRESH-INTERVAL")
    if refresh is not None and refresh.params.get("VALUE", "").upper() != "DURATION":
        report.add(
            refresh.line,
            "warning",
            "refresh-interval-value",
            "REFRESH-INTERVAL without VALUE=DURATION (RFC 7986 requires it); strict clients ignore it",
        )
    ttl = calendar.first("X-PUBLISHED-TTL")
    if ttl is not None and duration(ttl.value) is None:
        report.add(
            ttl.line,
            "warning",
            "published-ttl",
            f"X-PUBLISHED-TTL {ttl.value!r} is not a duration such as PT1H; Outlook ignores it",
        )
