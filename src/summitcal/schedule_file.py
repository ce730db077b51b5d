"""Schedule files (TOML) in, with every problem named by file, line, event and field.

The keys of the ``[schedule]`` table and of each ``[[events]]`` table are a contract
that other tools write to; see the README's "Schedule file reference". Reading does not
stop at the first problem: :func:`check_schedule` reports them all, and
:func:`parse_schedule` raises :class:`ScheduleFileError` carrying them all.

>>> text = '''
... [schedule]
... id = "japan-peru-2024"
... title = "Japan–Peru Summit Meeting"
... zone = "America/Lima"
... home_zone = "Asia/Tokyo"
...
... [[events]]
... id = "summit-meeting"
... title = "Summit meeting"
... start = 2024-11-17T10:50:00
... duration = 70
... '''
>>> schedule = parse_schedule(text, "summit.toml")
>>> schedule.events[0].end.isoformat()
'2024-11-17T12:00:00-05:00'
>>> parse_schedule(text.replace("10:50:00", "10:50:00\\nduraton = 5"), "summit.toml")
Traceback (most recent call last):
...
summitcal.errors.ScheduleFileError: summit.toml:12: event "summit-meeting": unknown key "duraton"; did you mean "duration"?
"""

from __future__ import annotations

import bisect
import difflib
import errno
import logging
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar, cast
from zoneinfo import ZoneInfo

from summitcal.errors import ScheduleFileError, TimeRangeError
from summitcal.model import (
    DEFAULT_UID_DOMAIN,
    Certainty,
    Event,
    Kind,
    Location,
    Schedule,
    Status,
)
from summitcal.text import shown, text_problem
from summitcal.timerange import check_year
from summitcal.zones import (
    DISAMBIGUATE_CHOICES,
    Disambiguate,
    RepeatedTimeError,
    SkippedTimeError,
    UnknownZoneError,
    find_zone,
    resolve,
)

__all__ = [
    "EVENT_KEYS",
    "MAX_EVENTS",
    "MAX_FILE_BYTES",
    "SCHEDULE_KEYS",
    "Problem",
    "ScheduleFileError",
    "check_schedule",
    "decode",
    "parse_schedule",
    "read_schedule",
    "read_text",
]

SCHEDULE_KEYS = (
    "id",
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
EVENT_KEYS = (
    "id",
    "title",
    "start",
    "duration",
    "end",
    "zone",
    "kind",
    "status",
    "location",
    "geo",
    "start_certainty",
    "end_certainty",
    "follows",
    "description",
    "source",
    "url",
    "disambiguate",
)
# Limits, so that every file costs bounded, linear work to check, export and serve.
MAX_FILE_BYTES = 16 * 1024 * 1024
MAX_EVENTS = 20_000
_MAX_NAME = 200  # characters in an id, a zone name or a domain
_MAX_LINE = 2_000  # characters in a one-line text field (titles, places, URLs)

# Fields a calendar shows on one line; the others (descriptions, sources) may hold
# paragraphs.
_PARAGRAPHS = frozenset({"description", "source"})

log = logging.getLogger(__name__)

_ID = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?")
_DOMAIN = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?")
_E = TypeVar("_E", bound=StrEnum)


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong (or worth a warning) in a schedule file."""

    source: str
    line: int | None
    where: str  # "[schedule]", 'event "lunch"', "event #3"
    message: str  # what is wrong and what to do

    def __str__(self) -> str:
        at = f"{self.source}:{self.line}" if self.line else self.source
        return f"{at}: {self.where}: {self.message}" if self.where else f"{at}: {self.message}"


def read_schedule(path: str | Path) -> Schedule:
    """Load a schedule file from disk.

    Raises:
        ScheduleFileError: the file cannot be read or has problems.
    """
    schedule, problems, _warnings = check_schedule(*read_text(Path(path)))
    if schedule is None:
        raise ScheduleFileError(problems)
    return schedule


def parse_schedule(text: str, source: str = "<string>") -> Schedule:
    """Load a schedule from TOML text; ``source`` names it in messages.

    Raises:
        ScheduleFileError: the text has problems.
    """
    schedule, problems, _warnings = check_schedule(text, source)
    if schedule is None:
        raise ScheduleFileError(problems)
    return schedule


def decode(data: bytes, source: str) -> tuple[str, str]:
    """UTF-8 text from bytes (a BOM is allowed), or ScheduleFileError."""
    if len(data) > MAX_FILE_BYTES:
        raise ScheduleFileError([_too_large(source, len(data))])
    try:
        return data.decode("utf-8-sig"), source
    except UnicodeDecodeError as error:
        raise ScheduleFileError(
            [
                Problem(
                    source,
                    data.count(b"\n", 0, error.start) + 1,
                    "",
                    f"not UTF-8 text (byte {error.start}); save the schedule file as UTF-8",
                )
            ]
        ) from None


def read_text(path: Path) -> tuple[str, str]:
    """A schedule file's text and its name for messages, or ScheduleFileError."""
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise unreadable(path, error) from None
    return decode(data, str(path))


def _too_large(source: str, size: int) -> Problem:
    limit = MAX_FILE_BYTES // (1024 * 1024)
    more = "more than " if size > MAX_FILE_BYTES else ""
    return Problem(
        source,
        None,
        "",
        f"{more}{size:,} bytes; a schedule file may have at most {limit} MB "
        f"and {MAX_EVENTS:,} events: split the visit into several schedules",
    )


def unreadable(path: Path, error: OSError) -> ScheduleFileError:
    """The error for a schedule file that cannot be read, saying why and what to do."""
    if isinstance(error, FileNotFoundError):
        problem = "no such file; check the path"
    elif isinstance(error, IsADirectoryError):
        problem = "is a folder, not a schedule file"
    elif error.errno == errno.EAGAIN:
        problem = f"cannot be read: {error.strerror}"
    else:
        problem = f"cannot be read ({error.strerror or error}); check its permissions"
    return ScheduleFileError([Problem(str(path), None, "", problem)])


def check_schedule(text: str, source: str) -> tuple[Schedule | None, list[Problem], list[Problem]]:
    """Validate a schedule file's text: (schedule or None, errors, warnings).

    The schedule is None exactly when there are errors. Whatever the text holds, this
    returns: a problem summitcal itself did not foresee is this file's problem, reported
    as such (and logged with its traceback for the developers), never an exception.
    """
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_FILE_BYTES:
        return None, [_too_large(source, size)], []
    try:
        return _check(text, source)
    except RecursionError:
        message = "not valid TOML for a schedule: arrays or tables nested too deeply"
    except Exception as error:  # the file's problem, never its reader's caller's
        log.exception("%s: unexpected error while reading it", source)
        message = (
            f"summitcal could not read this file ({type(error).__name__}); "
            "this is a bug in summitcal: please report it with the file"
        )
    return None, [Problem(source, None, "", message)], []


def _check(text: str, source: str) -> tuple[Schedule | None, list[Problem], list[Problem]]:
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"\(at line (\d+), column \d+\)", str(error))
        line = int(match.group(1)) if match else None
        reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(error))
        if match is None:
            reason = re.sub(r"\s*\(at end of document\)", "", reason)
        return None, [Problem(source, line, "", f"not valid TOML: {reason}")], []
    except ValueError:  # Python's limit on the digits of an integer (4,300)
        message = "not valid TOML for a schedule: a number with thousands of digits"
        return None, [Problem(source, None, "", message)], []
    reader = _Reader(source, text)
    schedule = reader.schedule(document)
    problems = sorted(reader.problems, key=lambda problem: problem.line or 0)
    return (schedule if not problems else None), problems, reader.warnings


class _Lines:
    """Finds the line of a table or a key, so that messages can point at it."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        headers = [
            (number, line.strip())
            for number, line in enumerate(self.lines)
            if re.match(r"\s*\[", line)
        ]
        self.headers = [number for number, _ in headers]
        self.schedule = next((n for n, h in headers if re.match(r"\[\s*schedule\s*\]", h)), None)
        self.events = [n for n, h in headers if re.match(r"\[\[\s*events\s*\]\]", h)]

    def of(self, table: int | None, key: str | None = None) -> int | None:
        if table is None:
            return None
        if key is None:
            return table + 1
        after = bisect.bisect_right(self.headers, table)
        end = self.headers[after] if after < len(self.headers) else len(self.lines)
        pattern = re.compile(rf"\s*[\"']?{re.escape(key)}[\"']?\s*=")
        for number in range(table + 1, end):
            if pattern.match(self.lines[number]):
                return number + 1
        return table + 1


class _Reader:
    """Turns a parsed TOML document into a Schedule, collecting every problem."""

    def __init__(self, source: str, text: str) -> None:
        self.source = source
        self.lines = _Lines(text)
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.block: int | None = None
        self.where = ""

    def problem(self, key: str | None, message: str, *, warning: bool = False) -> None:
        line = self.lines.of(self.block, key)
        (self.warnings if warning else self.problems).append(
            Problem(self.source, line, self.where, message)
        )

    # -- tables --------------------------------------------------------------------------

    def schedule(self, document: dict[str, Any]) -> Schedule | None:
        self.where = ""
        for key in document:
            if key not in ("schedule", "events"):
                self.problem(None, _unknown(key, ("schedule", "events"), "table"))
        table = document.get("schedule")
        self.block, self.where = self.lines.schedule, "[schedule]"
        if not isinstance(table, dict):
            self.where = ""
            self.problem(None, "no [schedule] table; add one with id, title, zone and home_zone")
            table = {}
        self.unknown_keys(table, SCHEDULE_KEYS)
        schedule_id = self.identifier(table, "id")
        title = self.text(table, "title", required=True)
        zone = self.zone(table, "zone", required=True)
        home_zone = self.zone(table, "home_zone") or zone
        revision = self.revision(table)
        description = self.text(table, "description")
        uid_domain = self.text(table, "uid_domain") or DEFAULT_UID_DOMAIN
        if not _DOMAIN.fullmatch(uid_domain):
            self.problem(
                "uid_domain",
                f'{uid_domain!r} is not a domain name; write one like "press.example.org"',
            )
        refresh = self.minutes(table, "refresh_minutes", minimum=1)
        policy = self.policy(table, "raise")
        private = table.get("private", False)
        if not isinstance(private, bool):
            self.problem("private", "private must be true or false (no quotes)")
            private = False

        events_value = document.get("events", [])
        if not isinstance(events_value, list):
            self.block, self.where = None, ""
            self.problem(None, '"events" must be a list of [[events]] tables')
            events_value = []
        if len(events_value) > MAX_EVENTS:
            self.block, self.where = None, ""
            self.problem(
                None,
                f"{len(events_value):,} events; a schedule may have at most {MAX_EVENTS:,}: "
                "split the visit into several schedules",
            )
            events_value = []
        events = []
        for index, value in enumerate(events_value):
            self.block = self.lines.events[index] if index < len(self.lines.events) else None
            event = self.event(index, value, zone, policy)
            if event is not None:
                events.append(event)
        if not events_value:
            self.block, self.where = self.lines.schedule, "[schedule]"
            self.problem(None, "the schedule has no events; add [[events]] tables", warning=True)
        self.relations(events_value, events)
        if revision is None and zone is not None:
            self.block, self.where = self.lines.schedule, "[schedule]"
            self.problem(
                None,
                "no revision: the feed's DTSTAMP will be 1970-01-01; add "
                "revision = 2024-11-17T09:00:00Z and raise it with every change",
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
        )

    def event(
        self, index: int, table: object, default_zone: ZoneInfo | None, default_policy: str
    ) -> Event | None:
        self.where = f"event #{index + 1}"
        if not isinstance(table, dict):
            self.problem(None, "must be a table: write it as [[events]] followed by its keys")
            return None
        raw_id = table.get("id")
        if isinstance(raw_id, str) and _ID.fullmatch(raw_id) and len(raw_id) <= _MAX_NAME:
            self.where = f'event "{raw_id}"'
        problems_before = len(self.problems)
        self.unknown_keys(table, EVENT_KEYS)
        event_id = self.identifier(table, "id")
        title = self.text(table, "title", required=True)
        zone = self.zone(table, "zone") or default_zone
        policy = self.policy(table, default_policy)
        start = self.wall_time(table, "start", zone, policy, required=True)
        end = None
        if "end" in table and "duration" in table:
            self.problem("end", "give either end or duration, not both")
        elif "end" in table:
            end = self.wall_time(table, "end", zone, policy, required=True)
        elif "duration" in table:
            minutes = self.minutes(table, "duration", minimum=0)
            if start is not None and minutes is not None:
                end = (start.astimezone(UTC) + timedelta(minutes=minutes)).astimezone(start.tzinfo)
                end = self.in_range("duration", end, "the end")
        elif start is not None:
            self.problem("start", "no end: add duration = <minutes> or end = <local date-time>")
        if start is not None and end is not None and end.astimezone(UTC) < start.astimezone(UTC):
            self.problem(
                "end",
                f"end {end:%Y-%m-%d %H:%M} is before start {start:%Y-%m-%d %H:%M}; "
                "check the date and the 24-hour time",
            )
        kind = self.choice(table, "kind", Kind, Kind.OTHER)
        status = self.choice(table, "status", Status, Status.CONFIRMED)
        start_certainty = self.choice(table, "start_certainty", Certainty, Certainty.EXACT)
        end_certainty = self.choice(table, "end_certainty", Certainty, Certainty.EXACT)
        location = self.location(table)
        follows = self.text(table, "follows")
        description = self.text(table, "description") or ""
        source = self.text(table, "source") or ""
        url = self.text(table, "url") or ""
        if len(self.problems) > problems_before or None in (event_id, title, start, end):
            return None
        assert event_id and title and start and end
        return Event(
            id=event_id,
            title=title,
            start=start,
            end=end,
            kind=kind,
            status=status,
            location=location,
            start_certainty=start_certainty,
            end_certainty=end_certainty,
            follows=follows,
            description=description,
            source=source,
            url=url,
        )

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
                    f"duplicate id: event #{first[event_id] + 1} has it too; "
                    "give every event its own id",
                )
            follows = table.get("follows")
            if isinstance(follows, str) and (follows not in first or follows == event_id):
                self.problem(
                    "follows", f"follows {shown(follows)}, which is not another event's id"
                )
        by_id = {event.id: event for event in events}
        for event in events:
            before = by_id.get(event.follows or "")
            if before is not None and event.start.astimezone(UTC) < before.start.astimezone(UTC):
                self.at_event(first[event.id], event.id)
                self.problem(
                    "start",
                    f"starts before {before.id!r}, which it follows; move its start after "
                    f"{before.start:%H:%M}",
                )

    def at_event(self, index: int, event_id: str) -> None:
        """Point messages at the ``index``-th event table."""
        self.block = self.lines.events[index] if index < len(self.lines.events) else None
        self.where = f'event "{event_id}"' if _ID.fullmatch(event_id) else f"event #{index + 1}"

    # -- values --------------------------------------------------------------------------

    def unknown_keys(self, table: dict[str, Any], allowed: Iterable[str]) -> None:
        for key in table:
            if key not in allowed:
                self.problem(key, _unknown(key, tuple(allowed)))

    def text(self, table: dict[str, Any], key: str, *, required: bool = False) -> str | None:
        value = table.get(key)
        if value is None:
            if required:
                self.problem(None, f'missing "{key}"; add {key} = "..."')
            return None
        if not isinstance(value, str) or (required and not value.strip()):
            self.problem(key, f'"{key}" must be a non-empty string in quotes')
            return None
        one_line = key not in _PARAGRAPHS
        wrong = text_problem(value, one_line=one_line)
        if wrong is None and one_line and len(value) > _MAX_LINE:
            wrong = f"is {len(value):,} characters long; keep it under {_MAX_LINE:,}"
        if wrong is not None:
            self.problem(key, f"{key} {wrong}")
            return None
        return value

    def identifier(self, table: dict[str, Any], key: str) -> str | None:
        value = self.text(table, key, required=True)
        if value is not None and (not _ID.fullmatch(value) or len(value) > _MAX_NAME):
            self.problem(
                key,
                f"id {shown(value)} is not usable in URLs and UIDs; use lowercase letters, "
                f'digits and hyphens (at most {_MAX_NAME}), like "summit-meeting"',
            )
            return None
        return value

    def zone(self, table: dict[str, Any], key: str, *, required: bool = False) -> ZoneInfo | None:
        name = self.text(table, key, required=required)
        if name is None:
            return None
        if len(name) > _MAX_NAME:
            self.problem(key, f"{key}: {shown(name)} is not a time zone: too long")
            return None
        try:
            return find_zone(name)
        except UnknownZoneError as error:
            self.problem(key, f"{key}: {error}")
            return None

    def policy(self, table: dict[str, Any], default: str) -> str:
        value = table.get("disambiguate", default)
        if not isinstance(value, str) or value not in DISAMBIGUATE_CHOICES:
            self.problem(
                "disambiguate",
                f"disambiguate must be one of {', '.join(map(repr, DISAMBIGUATE_CHOICES))}",
            )
            return default
        return str(value)

    def wall_time(
        self,
        table: dict[str, Any],
        key: str,
        zone: ZoneInfo | None,
        policy: str,
        *,
        required: bool,
    ) -> datetime | None:
        value = table.get(key)
        example = f"{key} = 2024-11-17T10:50:00"
        if value is None:
            if required:
                self.problem(None, f"missing {key!r}; add {example} (wall time, no quotes)")
            return None
        if isinstance(value, datetime) and value.tzinfo is not None:
            self.problem(
                key,
                f"{key} has a UTC offset; write the wall time without one ({example}) and "
                "put the zone in zone = ...",
            )
            return None
        if not isinstance(value, datetime):
            kind = "a number"
            if isinstance(value, str):
                kind = "text in quotes"
            elif isinstance(value, date):
                kind = "a date without a time"
            elif isinstance(value, time):
                kind = "a time without a date"
            self.problem(key, f"{key} is {kind}; write a local date-time: {example} (no quotes)")
            return None
        if value.microsecond:
            self.problem(key, f"{key} has fractions of a second; calendars keep whole seconds")
            return None
        try:
            check_year(value, key)
        except TimeRangeError as error:
            self.problem(key, str(error))
            return None
        if zone is None:
            return None
        try:
            return self.in_range(key, resolve(value, zone, cast(Disambiguate, policy)), key)
        except (SkippedTimeError, RepeatedTimeError) as error:
            if isinstance(error, SkippedTimeError):
                fix = 'give a time outside the gap, or set disambiguate = "compatible"'
            else:
                fix = 'set disambiguate = "earlier" (first occurrence) or "later"'
            self.problem(key, f"{key} {error}; {fix}")
            return None

    def in_range(self, key: str, moment: datetime, what: str) -> datetime | None:
        """``moment`` if its instant is in the supported years, else a problem and None."""
        try:
            check_year(moment, what)
        except TimeRangeError as error:
            self.problem(key, str(error))
            return None
        return moment

    def minutes(self, table: dict[str, Any], key: str, *, minimum: int) -> int | None:
        value = table.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            self.problem(key, f"{key} must be a whole number of minutes, {minimum} or more")
            return None
        if value > 60 * 24 * 366:
            self.problem(key, f"{key} of {value} minutes is more than a year; check it")
            return None
        return value

    def revision(self, table: dict[str, Any]) -> datetime | None:
        value = table.get("revision")
        if value is None:
            return None
        if not isinstance(value, datetime) or value.tzinfo is None:
            self.problem(
                "revision",
                "revision must be a date-time with an offset, such as 2024-11-17T09:00:00Z",
            )
            return None
        if self.in_range("revision", value, "revision") is None:
            return None
        return value.astimezone(UTC)

    def choice(self, table: dict[str, Any], key: str, kind: type[_E], default: _E) -> _E:
        value = table.get(key)
        if value is None:
            return default
        choices = [member.value for member in kind]
        if not isinstance(value, str) or value not in choices:
            self.problem(key, f"{key} {shown(value)} is not one of: {', '.join(choices)}")
            return default
        return kind(value)

    def location(self, table: dict[str, Any]) -> Location | None:
        name = self.text(table, "location")
        geo_value = table.get("geo")
        geo = None
        if geo_value is not None:
            valid = (
                isinstance(geo_value, list)
                and len(geo_value) == 2
                and all(isinstance(v, int | float) and not isinstance(v, bool) for v in geo_value)
                and -90 <= geo_value[0] <= 90
                and -180 <= geo_value[1] <= 180
            )
            if not valid:
                self.problem("geo", "geo must be [latitude, longitude] in degrees")
            else:
                geo = (float(geo_value[0]), float(geo_value[1]))
        if name is None:
            if geo is not None:
                self.problem("geo", 'geo needs a location name: add location = "..."')
            return None
        return Location(name=name, geo=geo)


def _unknown(key: str, allowed: tuple[str, ...], what: str = "key") -> str:
    close = difflib.get_close_matches(key[:_MAX_NAME], allowed, n=1)
    hint = f'; did you mean "{close[0]}"?' if close else f"; known: {', '.join(allowed)}"
    name = f'"{key}"' if _ID.fullmatch(key.replace("_", "-")) else shown(key)
    return f"unknown {what} {name}{hint}"
