"""The tables of a schedule file, read into a :class:`~summitcal.model.Schedule`:
``[schedule]``, each ``[[events]]``, and what needs all events at once (duplicate ids,
``follows``). Values are read by :class:`~summitcal.schedule_values.Values`; an event's
optional details follow the model's declaration (:data:`summitcal.model.DETAILS`).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from summitcal.errors import TimeRangeError
from summitcal.messages import N_, Message, grouped
from summitcal.model import (
    DEFAULT_UID_DOMAIN,
    DETAILS,
    TEXT_FIELDS,
    Event,
    Schedule,
    Texts,
    start_of_day,
)
from summitcal.schedule_values import ID, MAX_NAME, Values, own_times, unknown, wall_times
from summitcal.text import shown
from summitcal.timerange import check_year

__all__ = ["EVENT_KEYS", "MAX_EVENTS", "SCHEDULE_KEYS", "Reader"]

SCHEDULE_KEYS = (
    "id",
    "languages",
    "title",
    "zone",
    "home_zone",
    "revision",
    "description",
    "uid_domain",
    "refresh_minutes",
    "disambiguate",
    "private",
)
# An event's own keys, then its optional details as the model declares them.
EVENT_KEYS = (
    "id",
    "title",
    "start",
    "duration",
    "end",
    "zone",
    "end_zone",
    "location",
    "geo",
    "follows",
    "disambiguate",
    *(detail.name for detail in DETAILS),
)
MAX_EVENTS = 20_000  # so that every file costs bounded, linear work

_DOMAIN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?")


class Reader(Values):
    """Turns a parsed TOML document into a Schedule, collecting every problem."""

    def schedule(self, document: dict[str, Any]) -> Schedule | None:
        self.where = ""
        for key in document:
            if key not in ("schedule", "events"):
                self.problem(None, unknown(key, ("schedule", "events"), "table"))
        table = document.get("schedule")
        self.block, self.where = self.lines.schedule, "[schedule]"
        if not isinstance(table, dict):
            self.where = ""
            self.problem(
                None, N_("no [schedule] table; add one with id, title, zone and home_zone")
            )
            table = {}
        self.unknown_keys(table, SCHEDULE_KEYS)
        schedule_id = self.identifier(table, "id")
        languages = self.languages(table)
        title, titles = self.texts(table, "title", languages, required=True)
        events_value = document.get("events", [])
        # A zone named by a label that stands for several zones must mean one clock at
        # the times of the events that take it (the home zone: of all events, roughly).
        listed = events_value[:MAX_EVENTS] if isinstance(events_value, list) else []
        tables = [event for event in listed if isinstance(event, dict)]
        untimed = [t for event in tables if "zone" not in event for t in own_times(event)]
        every = [t for event in tables for t in wall_times(event, "start", "end")]
        zone = self.zone(table, "zone", required=True, at=untimed)
        zone_name = self.place(table, "zone", zone)
        home_zone = self.zone(table, "home_zone", at=every) or zone
        home_zone_name = (
            self.place(table, "home_zone", home_zone) if "home_zone" in table else zone_name
        )
        revision = self.revision(table)
        description, descriptions = self.texts(table, "description", languages)
        uid_domain = self.text(table, "uid_domain") or DEFAULT_UID_DOMAIN
        if not _DOMAIN.fullmatch(uid_domain):
            self.problem(
                "uid_domain",
                N_(
                    '{domain} is not a domain name; write one like "press.example.org"',
                    domain=repr(uid_domain),
                ),
            )
        refresh = self.minutes(table, "refresh_minutes", minimum=1)
        policy = self.policy(table, "raise")
        private = table.get("private", False)
        if not isinstance(private, bool):
            self.problem("private", N_("private must be true or false (no quotes)"))
            private = False

        if not isinstance(events_value, list):
            self.block, self.where = None, ""
            self.problem(None, N_('"events" must be a list of [[events]] tables'))
            events_value = []
        if len(events_value) > MAX_EVENTS:
            self.block, self.where = None, ""
            self.problem(
                None,
                N_(
                    "{count} events; a schedule may have at most {limit}: split the visit "
                    "into several schedules",
                    count=grouped(len(events_value)),
                    limit=grouped(MAX_EVENTS),
                ),
            )
            events_value = []
        events = []
        for index, value in enumerate(events_value):
            self.block = self.lines.events[index] if index < len(self.lines.events) else None
            event = self.event(index, value, zone, policy, zone_name, languages)
            if event is not None:
                events.append(event)
        if not events_value:
            self.block, self.where = self.lines.schedule, "[schedule]"
            self.problem(
                None, N_("the schedule has no events; add [[events]] tables"), warning=True
            )
        self.relations(events_value, events)
        if revision is None and zone is not None:
            self.block, self.where = self.lines.schedule, "[schedule]"
            self.problem(
                None,
                N_(
                    "no revision: the feed's DTSTAMP will be 1970-01-01; add "
                    "revision = 2024-11-17T09:00:00Z and raise it with every change"
                ),
                warning=True,
            )
        if self.problems or schedule_id is None or title is None or zone is None:
            return None
        return Schedule(
            id=schedule_id,
            title=title,
            zone=zone,
            home_zone=home_zone or zone,
            events=tuple(events),
            revision=revision,
            description=description or "",
            uid_domain=uid_domain,
            refresh=timedelta(minutes=refresh or 60),
            private=private,
            zone_name=zone_name,
            home_zone_name=home_zone_name,
            languages=languages,
            texts=_texts(title=titles, description=descriptions),
        )

    def event(
        self,
        index: int,
        table: object,
        default_zone: ZoneInfo | None,
        default_policy: str,
        default_name: str = "",
        languages: tuple[str, ...] = ("en",),
    ) -> Event | None:
        self.where = _numbered(index)
        if not isinstance(table, dict):
            self.problem(None, N_("must be a table: write it as [[events]] followed by its keys"))
            return None
        raw_id = table.get("id")
        if isinstance(raw_id, str) and ID.fullmatch(raw_id) and len(raw_id) <= MAX_NAME:
            self.where = _named(raw_id)
        problems_before = len(self.problems)
        self.unknown_keys(table, EVENT_KEYS)
        event_id = self.identifier(table, "id")
        title, titles = self.texts(table, "title", languages, required=True)
        zone = self.zone(table, "zone", at=own_times(table)) or default_zone
        zone_name = self.place(table, "zone", zone) if "zone" in table else default_name
        policy = self.policy(table, default_policy)
        whole_days = isinstance(table.get("start"), date) and not isinstance(
            table.get("start"), datetime
        )
        end_zone_name = ""
        if whole_days:
            start, end = self.days(table, zone)
        else:
            start, end, end_zone_name = self.times(table, zone, policy)
        if start is not None and end is not None and end.astimezone(UTC) < start.astimezone(UTC):
            self.problem(
                "end",
                N_(
                    "end {end} is before start {start}; check the date and the 24-hour time",
                    end=f"{end:%Y-%m-%d %H:%M}",
                    start=f"{start:%Y-%m-%d %H:%M}",
                ),
            )
        location, places = self.location(table, languages)
        follows = self.text(table, "follows")
        details = {
            detail.name: self.detail(table, detail)
            for detail in DETAILS
            if detail.name not in TEXT_FIELDS
        }
        description, descriptions = self.texts(table, "description", languages, paragraphs=True)
        details["description"] = description or ""
        if len(self.problems) > problems_before or None in (event_id, title, start, end):
            return None
        assert event_id and title and start and end
        return Event(
            id=event_id,
            title=title,
            start=start,
            end=end,
            location=location,
            follows=follows,
            whole_days=whole_days,
            zone_name=zone_name,
            end_zone_name=end_zone_name,
            texts=_texts(title=titles, description=descriptions, location=places),
            **details,
        )

    def times(
        self, table: dict[str, Any], zone: ZoneInfo | None, policy: str
    ) -> tuple[datetime | None, datetime | None, str]:
        """``start`` and its ``end`` or ``duration``, the end in ``end_zone`` if given,
        and the place that names the end's zone."""
        start = self.wall_time(table, "start", zone, policy, required=True)
        end_zone, end_name = zone, ""
        if "end_zone" in table:
            at = wall_times(table, "end") or ([start] if start is not None else [])
            end_zone = self.zone(table, "end_zone", at=at)
            end_name = self.place(table, "end_zone", end_zone)
        end = None
        if "end" in table and "duration" in table:
            self.problem("end", N_("give either end or duration, not both"))
        elif "end" in table:
            end = self.wall_time(table, "end", end_zone, policy, required=True)
        elif "duration" in table:
            minutes = self.minutes(table, "duration", minimum=0)
            if start is not None and minutes is not None and end_zone is not None:
                end = (start.astimezone(UTC) + timedelta(minutes=minutes)).astimezone(end_zone)
                # TRANSLATORS: the subject of "{what} {time} is outside the years …"
                end = self.in_range("duration", end, N_("the end"))
        elif start is not None:
            self.problem("start", N_("no end: add duration = <minutes> or end = <local date-time>"))
        return start, end, end_name

    def days(
        self, table: dict[str, Any], zone: ZoneInfo | None
    ) -> tuple[datetime | None, datetime | None]:
        """Whole days: ``start`` and the inclusive last day ``end`` as local dates."""
        first = table["start"]
        last = table.get("end", first)
        for key, why in (
            ("duration", N_("whole days need no duration; give the last day as end = <date>")),
            ("end_zone", N_("whole days are dates of the event's own zone; leave out end_zone")),
            ("start_certainty", N_("whole days have no hours to be sure of; use status instead")),
            ("end_certainty", N_("whole days have no hours to be sure of; use status instead")),
        ):
            if key in table:
                self.problem(key, why)
        if not isinstance(last, date) or isinstance(last, datetime):
            self.problem(
                "end",
                N_(
                    "start is a date, so end must be one too: the last day, such as "
                    "end = 2024-11-16 (no quotes), or leave it out for one day"
                ),
            )
            return None, None
        if last < first:
            self.problem(
                "end",
                N_(
                    "the last day {last} is before the first {first}; end is the last day, "
                    "inclusive",
                    last=last.isoformat(),
                    first=first.isoformat(),
                ),
            )
            return None, None
        if (last - first).days > 366:
            self.problem(
                "end",
                N_(
                    "{days} days is more than a year; check it",
                    days=grouped((last - first).days + 1),
                ),
            )
            return None, None
        try:
            check_year(datetime.combine(first, time()), "start")
            check_year(datetime.combine(last, time()), "end")
        except TimeRangeError as error:
            self.problem("start", error.message or str(error))
            return None, None
        if zone is None:
            return None, None
        for key, day in (("start", first), ("end", last)):
            if start_of_day(day, zone).date() != day:
                self.problem(
                    key,
                    N_(
                        "{day} did not happen in {zone}: its clocks skipped that day; give "
                        "the day before or after",
                        day=day.isoformat(),
                        zone=zone.key,
                    ),
                )
                return None, None
        return start_of_day(first, zone), start_of_day(last + timedelta(days=1), zone)

    def relations(self, tables: list[Any], events: list[Event]) -> None:
        """Duplicate ids and ``follows`` links, which need all events at once (linear)."""
        first: dict[str, int] = {}
        for index, table in enumerate(tables):
            if isinstance(table, dict) and isinstance(table.get("id"), str):
                first.setdefault(table["id"], index)
        for index, table in enumerate(tables):
            if not isinstance(table, dict) or not isinstance(table.get("id"), str):
                continue
            event_id = table["id"]
            self.at_event(index, event_id)
            if first[event_id] != index:
                self.problem(
                    "id",
                    N_(
                        "duplicate id: event #{number} has it too; give every event its own id",
                        number=first[event_id] + 1,
                    ),
                )
            follows = table.get("follows")
            if isinstance(follows, str) and (follows not in first or follows == event_id):
                self.problem(
                    "follows",
                    N_(
                        "follows {id}, which is not another event's id",
                        id=shown(follows),
                    ),
                )
        by_id = {event.id: event for event in events}
        for event in events:
            before = by_id.get(event.follows or "")
            if before is not None and event.start.astimezone(UTC) < before.start.astimezone(UTC):
                self.at_event(first[event.id], event.id)
                self.problem(
                    "start",
                    N_(
                        "starts before {id}, which it follows; move its start after {time}",
                        id=repr(before.id),
                        time=f"{before.start:%H:%M}",
                    ),
                )

    def at_event(self, index: int, event_id: str) -> None:
        """Point messages at the ``index``-th event table."""
        self.block = self.lines.events[index] if index < len(self.lines.events) else None
        self.where = _named(event_id) if ID.fullmatch(event_id) else _numbered(index)


def _named(event_id: str) -> Message:
    """Where a problem is: the event with this id."""
    return N_('event "{id}"', id=event_id)


def _numbered(index: int) -> Message:
    """Where a problem is: the event table at ``index``, which has no usable id."""
    return N_("event #{number}", number=index + 1)


def _texts(**by_field: dict[str, str]) -> Texts:
    """The other languages' texts of each field, as the model keeps them."""
    by_language: dict[str, dict[str, str]] = {}
    for name, texts in by_field.items():
        for language, text in texts.items():
            by_language.setdefault(language, {})[name] = text
    return Texts.of(by_language)
