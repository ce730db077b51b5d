"""iCalendar output. The only package that imports ``icalendar``."""

from summitcal.ical.feed import build_calendar, calendar_bytes, event_uid

__all__ = ["build_calendar", "calendar_bytes", "event_uid"]
