"""iCalendar output. The only package that imports ``icalendar``."""

from summitcal.ical.feed import calendar_bytes, event_uid

__all__ = ["calendar_bytes", "event_uid"]
