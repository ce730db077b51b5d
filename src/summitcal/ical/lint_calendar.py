"""The linter's rules on the VCALENDAR's own properties."""

from __future__ import annotations

from summitcal.ical.contentlines import Component
from summitcal.ical.lint_findings import Report
from summitcal.ical.lint_values import duration
from summitcal.messages import N_

__all__ = ["check_calendar"]


def check_calendar(calendar: Component, report: Report) -> None:
    """VERSION, PRODID, METHOD, the calendar's name and how often clients should
    refresh it."""
    version = calendar.first("VERSION")
    if version is None or version.value.strip() != "2.0":
        report.add(
            calendar.line,
            "error",
            "version",
            N_("VERSION:2.0 is missing; clients may refuse the file"),
        )
    if calendar.first("PRODID") is None:
        report.add(
            calendar.line,
            "error",
            "missing-prodid",
            N_("PRODID is missing (RFC 5545 requires it)"),
        )
    method = calendar.first("METHOD")
    if method is not None and method.value.strip().upper() == "PUBLISH":
        # RFC 5546 3.2.1: every VEVENT of a PUBLISH has an ORGANIZER.
        events = calendar.walk("VEVENT")
        without = [event for event in events if event.first("ORGANIZER") is None]
        if without:
            report.add(
                method.line,
                "error",
                "publish-without-organizer",
                N_(
                    "METHOD:PUBLISH with {count} of {total} events without ORGANIZER (the "
                    "first at line {line}): RFC 5546 requires one in each, and libical's "
                    "restriction check rejects every such event; leave METHOD out of a "
                    "subscription feed, or give each event an ORGANIZER",
                    count=len(without),
                    total=len(events),
                    line=without[0].line,
                ),
            )
    if calendar.first("NAME") is None and calendar.first("X-WR-CALNAME") is None:
        report.add(
            calendar.line,
            "warning",
            "no-calendar-name",
            N_("no NAME or X-WR-CALNAME: subscribers see the address or 'Untitled' as its name"),
        )
    refresh = calendar.first("REFRESH-INTERVAL")
    if refresh is not None and refresh.params.get("VALUE", "").upper() != "DURATION":
        report.add(
            refresh.line,
            "warning",
            "refresh-interval-value",
            N_(
                "REFRESH-INTERVAL without VALUE=DURATION (RFC 7986 requires it); strict "
                "clients ignore it"
            ),
        )
    ttl = calendar.first("X-PUBLISHED-TTL")
    if ttl is not None and duration(ttl.value) is None:
        report.add(
            ttl.line,
            "warning",
            "published-ttl",
            N_(
                "X-PUBLISHED-TTL {value} is not a duration such as PT1H; Outlook ignores it",
                value=repr(ttl.value),
            ),
        )
