"""Typed values of a schedule file's tables, each wrong one a :class:`Problem` naming
its file, line, table and key, and saying what to write instead.

:class:`Values` reads one value at a time (text, ids, zones, wall times, minutes,
choices, places) and collects the problems; :mod:`summitcal.schedule_tables` reads the
tables with it. The limits (2,000 characters on a line, 200 in an id or a zone name)
keep every file's cost linear.
"""

from __future__ import annotations

import bisect
import contextlib
import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Any, TypeVar, cast
from zoneinfo import ZoneInfo

from summitcal.clocks import written_place
from summitcal.errors import SummitcalError, TimeRangeError
from summitcal.languages import CATALOGS, SOURCE, LanguageError, base, tag
from summitcal.messages import N_, Message, Value, grouped, not_a_tag, said
from summitcal.model import Detail, Location
from summitcal.text import shown, text_problem
from summitcal.timerange import FIRST_YEAR, LAST_YEAR, check_year
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
    "ID",
    "MAX_NAME",
    "Lines",
    "Problem",
    "Values",
    "own_times",
    "unknown",
    "wall_times",
]

MAX_NAME = 200  # characters in an id, a zone name or a domain
_MAX_LINE = 2_000  # characters in a one-line text field (titles, places, URLs)
# Unknown zone names a file gets suggestions for (each costs about 50 ms); the rest are
# refused without, so that 20,000 of them cost seconds, not a quarter of an hour.
_SUGGESTED_ZONES = 20

# The [schedule] table's fields that may hold paragraphs (an event's: see its details).
_PARAGRAPHS = frozenset({"description"})

ID = re.compile(r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?")
_E = TypeVar("_E", bound=StrEnum)


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong (or worth a warning) in a schedule file."""

    source: str
    line: int | None
    where: str  # "[schedule]", 'event "lunch"', "event #3"
    message: str  # what is wrong and what to do, in English
    # The same two, to be said in the reader's language (see :meth:`of`).
    words: tuple[Message | str, Message | str] | None = field(
        default=None, compare=False, repr=False
    )

    @classmethod
    def of(
        cls, source: str, line: int | None, where: Message | str, message: Message | str
    ) -> Problem:
        """A problem whose place and message are said in the reader's language."""
        return cls(source, line, str(where), str(message), (where, message))

    def __str__(self) -> str:
        """In English: for logs, JSON and the library."""
        return self._written(self.where, self.message)

    def said(self) -> str:
        """In the language being written, for the person who wrote the file."""
        if self.words is None:
            return str(self)
        where, message = (said(part) for part in self.words)
        return self._written(where, message)

    def _written(self, where: str, message: str) -> str:
        at = f"{self.source}:{self.line}" if self.line else self.source
        return f"{at}: {where}: {message}" if where else f"{at}: {message}"


class Lines:
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
        # key = …, or key.ja = … (a field given per language as dotted keys)
        pattern = re.compile(rf"\s*[\"']?{re.escape(key)}[\"']?\s*[=.]")
        for number in range(table + 1, end):
            if pattern.match(self.lines[number]):
                return number + 1
        return table + 1


class Values:
    """Reads values from the tables of one file's text, collecting every problem.

    ``block`` (the line of the table being read) and ``where`` (its name in messages)
    are set by the table reader before each table."""

    def __init__(self, source: str, text: str) -> None:
        self.source = source
        self.lines = Lines(text)
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.block: int | None = None
        self.where: str | Message = ""
        self._unknown_zones: set[str] = set()

    def problem(self, key: str | None, message: Message | str, *, warning: bool = False) -> None:
        line = self.lines.of(self.block, key)
        (self.warnings if warning else self.problems).append(
            Problem.of(self.source, line, self.where, message)
        )

    def unknown_keys(self, table: dict[str, Any], allowed: Iterable[str]) -> None:
        for key in table:
            if key not in allowed:
                self.problem(key, unknown(key, tuple(allowed)))

    def detail(self, table: dict[str, Any], detail: Detail) -> Any:
        """One of the event's declared details, its default when left out or wrong."""
        if detail.choices is not None:
            return self.choice(table, detail.name, detail.choices, detail.value(None))
        found = self.text(table, detail.name, paragraphs=detail.paragraphs)
        return detail.default if found is None else found

    def text(
        self,
        table: dict[str, Any],
        key: str,
        *,
        required: bool = False,
        paragraphs: bool | None = None,
    ) -> str | None:
        """A string; one line unless ``paragraphs`` (by default: only a description)."""
        value = table.get(key)
        if value is None:
            if required:
                self.problem(None, N_('missing "{key}"; add {key} = "..."', key=key))
            return None
        return self._checked_text(key, key, value, required, paragraphs)

    def _checked_text(
        self, key: str, name: str, value: object, required: bool, paragraphs: bool | None
    ) -> str | None:
        """``value`` if it is usable text for field ``key`` (called ``name`` in messages)."""
        if not isinstance(value, str) or (required and not value.strip()):
            self.problem(key, N_('"{name}" must be a non-empty string in quotes', name=name))
            return None
        one_line = not paragraphs if paragraphs is not None else key not in _PARAGRAPHS
        wrong = text_problem(value, one_line=one_line, name=name)
        if wrong is None and one_line and len(value) > _MAX_LINE:
            wrong = N_(
                "{name} is {length} characters long; keep it under {limit}",
                name=name,
                length=grouped(len(value)),
                limit=grouped(_MAX_LINE),
            )
        if wrong is not None:
            self.problem(key, wrong)
            return None
        return value

    def languages(self, table: dict[str, Any]) -> tuple[str, ...]:
        """``[schedule] languages``: the tags offered, the first the default; ``("en",)``
        when left out, as every file written before there were languages."""
        value = table.get("languages")
        if value is None:
            return ("en",)
        example = 'languages = ["en", "ja", "es"]'
        if not isinstance(value, list) or not value:
            self.problem(
                "languages",
                N_(
                    "languages must be a list of language tags; write them like {example}, "
                    "the default first",
                    example=example,
                ),
            )
            return ("en",)
        found: list[str] = []
        for item in value:
            if not isinstance(item, str):
                self.problem(
                    "languages",
                    N_(
                        "languages holds {value}, not a tag; write them like {example}, the "
                        "default first",
                        value=shown(item),
                        example=example,
                    ),
                )
                continue
            try:
                language = tag(item)
            except LanguageError:
                self.problem("languages", N_("languages: {reason}", reason=not_a_tag(item)))
                continue
            if language.lower() in (known.lower() for known in found):
                self.problem(
                    "languages",
                    N_('languages names "{language}" twice; name it once', language=language),
                )
                continue
            if base(language) not in (SOURCE, *CATALOGS):
                self.problem(
                    "languages",
                    N_(
                        'summitcal has no catalog of its own words in "{language}": its pages '
                        "and feeds show them in English, with dates and zone names in "
                        "{language} (languages with a catalog: {catalogs})",
                        language=language,
                        catalogs=", ".join((SOURCE, *CATALOGS)),
                    ),
                    warning=True,
                )
            found.append(language)
        return tuple(found) or ("en",)

    def texts(
        self,
        table: dict[str, Any],
        key: str,
        languages: tuple[str, ...],
        *,
        required: bool = False,
        paragraphs: bool | None = None,
    ) -> tuple[str | None, dict[str, str]]:
        """A text field that may be given per language: a string (the default
        language's text) or a table of language tags. (default text, {language: text}
        of the other languages). A language without its own text falls back to the
        default's, with a warning."""
        value = table.get(key)
        default = languages[0]
        if not isinstance(value, dict):
            text = self.text(table, key, required=required, paragraphs=paragraphs)
            if text is not None:
                self._missing(key, languages[1:], default)
            return text, {}
        given: dict[str, str] = {}
        offered = {language.lower(): language for language in languages}
        named = set()
        for raw, item in value.items():
            language = offered.get(str(raw).replace("_", "-").lower())
            named.add(language)
            if language is None:
                self.problem(
                    key,
                    N_(
                        "{key}: {language} is not one of the languages offered ({offered}); "
                        "add it to [schedule] languages or correct the tag",
                        key=key,
                        language=shown(raw),
                        offered=", ".join(languages),
                    ),
                )
                continue
            text = self._checked_text(key, f"{key}.{raw}", item, True, paragraphs)
            if text is not None:
                given[language] = text
        if default not in given:
            if default not in named:  # else its text was wrong, and said so
                self.problem(
                    key,
                    N_(
                        '{key} has no "{default}" text, the default language (the first of '
                        '[schedule] languages); add {default} = "..." to it',
                        key=key,
                        default=default,
                    ),
                )
            return None, {}
        self._missing(key, tuple(lang for lang in languages[1:] if lang not in given), default)
        text = given.pop(default)
        return text, given

    def _missing(self, key: str, languages: tuple[str, ...], default: str) -> None:
        for language in languages:
            self.problem(
                key,
                N_(
                    '{key} has no "{language}" text; the {language} pages and feed show the '
                    '"{default}" one',
                    key=key,
                    language=language,
                    default=default,
                ),
                warning=True,
            )

    def identifier(self, table: dict[str, Any], key: str) -> str | None:
        value = self.text(table, key, required=True)
        if value is not None and (not ID.fullmatch(value) or len(value) > MAX_NAME):
            self.problem(
                key,
                N_(
                    "id {id} is not usable in URLs and UIDs; use lowercase letters, digits and "
                    'hyphens (at most {limit}), like "summit-meeting"',
                    id=shown(value),
                    limit=MAX_NAME,
                ),
            )
            return None
        return value

    def zone(
        self,
        table: dict[str, Any],
        key: str,
        *,
        required: bool = False,
        at: Iterable[datetime] = (),
    ) -> ZoneInfo | None:
        """A zone by any name :func:`~summitcal.zones.find_zone` takes; one that stands
        for several zones is taken when they all read the same at the times ``at``."""
        name = self.text(table, key, required=required)
        if name is None:
            return None
        if len(name) > MAX_NAME:
            self.problem(
                key, N_("{key}: {name} is not a time zone: too long", key=key, name=shown(name))
            )
            return None
        suggest = len(self._unknown_zones) < _SUGGESTED_ZONES
        try:
            return find_zone(name, at=at, suggest=suggest)
        except UnknownZoneError as error:
            self._unknown_zones.add(name)
            self.problem(
                key, N_("{key}: {reason}", key=key, reason=error.with_advice(error.reason))
            )
            return None

    def place(self, table: dict[str, Any], key: str, zone: ZoneInfo | None) -> str:
        """The place ``key`` names for ``zone`` (see :func:`~summitcal.clocks.written_place`)."""
        written = table.get(key)
        if zone is None or not isinstance(written, str) or len(written) > MAX_NAME:
            return ""
        return written_place(written, zone)

    def policy(self, table: dict[str, Any], default: str) -> str:
        value = table.get("disambiguate", default)
        if not isinstance(value, str) or value not in DISAMBIGUATE_CHOICES:
            self.problem(
                "disambiguate",
                N_(
                    "disambiguate must be one of {choices}",
                    choices=", ".join(map(repr, DISAMBIGUATE_CHOICES)),
                ),
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
                self.problem(
                    None,
                    N_(
                        "missing {key}; add {example} (wall time, no quotes)",
                        key=repr(key),
                        example=example,
                    ),
                )
            return None
        if isinstance(value, datetime) and value.tzinfo is not None:
            self.problem(
                key,
                N_(
                    "{key} has a UTC offset; write the wall time without one ({example}) and "
                    "put the zone in zone = ...",
                    key=key,
                    example=example,
                ),
            )
            return None
        if not isinstance(value, datetime):
            self.problem(key, _not_a_wall_time(key, value, example))
            return None
        if value.microsecond:
            self.problem(
                key,
                N_("{key} has fractions of a second; calendars keep whole seconds", key=key),
            )
            return None
        try:
            check_year(value, key)
        except TimeRangeError as error:
            self.problem(key, _message(error))
            return None
        if zone is None:
            return None
        try:
            return self.in_range(key, resolve(value, zone, cast(Disambiguate, policy)), key)
        except SkippedTimeError as error:
            message = N_(
                "{key} {wall} does not exist in {zone}: clocks jump from {before} to {after} "
                "({offset_before} to {offset_after}); give a time outside the gap, or set "
                'disambiguate = "compatible"',
                key=key,
                **error.facts(),
            )
        except RepeatedTimeError as error:
            message = N_(
                "{key} {wall} occurs twice in {zone}: clocks go back from {before} to {after} "
                '(first {offset_before}, then {offset_after}); set disambiguate = "earlier" '
                '(first occurrence) or "later"',
                key=key,
                **error.facts(),
            )
        self.problem(key, message)
        return None

    def in_range(self, key: str, moment: datetime, what: Value) -> datetime | None:
        """``moment`` if its instant is in the supported years, else a problem and None."""
        try:
            check_year(moment, what)
        except TimeRangeError as error:
            self.problem(key, _message(error))
            return None
        return moment

    def minutes(self, table: dict[str, Any], key: str, *, minimum: int) -> int | None:
        value = table.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            self.problem(
                key,
                N_(
                    "{key} must be a whole number of minutes, {minimum} or more",
                    key=key,
                    minimum=minimum,
                ),
            )
            return None
        if value > 60 * 24 * 366:
            self.problem(
                key,
                N_(
                    "{key} of {minutes} minutes is more than a year; check it",
                    key=key,
                    minutes=value,
                ),
            )
            return None
        return value

    def revision(self, table: dict[str, Any]) -> datetime | None:
        value = table.get("revision")
        if value is None:
            return None
        if not isinstance(value, datetime) or value.tzinfo is None:
            self.problem(
                "revision",
                N_("revision must be a date-time with an offset, such as 2024-11-17T09:00:00Z"),
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
            self.problem(
                key,
                N_(
                    "{key} {value} is not one of: {choices}",
                    key=key,
                    value=shown(value),
                    choices=", ".join(choices),
                ),
            )
            return default
        return kind(value)

    def location(
        self, table: dict[str, Any], languages: tuple[str, ...] = ("en",)
    ) -> tuple[Location | None, dict[str, str]]:
        """The location and its name in the other languages."""
        name, names = self.texts(table, "location", languages)
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
                self.problem("geo", N_("geo must be [latitude, longitude] in degrees"))
            else:
                geo = (float(geo_value[0]), float(geo_value[1]))
        if name is None:
            if geo is not None and "location" not in table:
                self.problem("geo", N_('geo needs a location name: add location = "..."'))
            return None, {}
        return Location(name=name, geo=geo), names


def wall_times(table: dict[str, Any], *keys: str) -> list[datetime]:
    """The naive wall times (a date: its midnight) of ``keys`` in ``table``, where it
    has them: the times at which a zone name must mean one clock."""
    found = []
    for key in keys:
        value = table.get(key)
        if isinstance(value, datetime):
            if value.tzinfo is None and not value.microsecond:
                found.append(value)
        elif isinstance(value, date) and FIRST_YEAR <= value.year <= LAST_YEAR:
            found.append(datetime.combine(value, time()))
    return [moment for moment in found if FIRST_YEAR <= moment.year <= LAST_YEAR]


def own_times(table: dict[str, Any]) -> list[datetime]:
    """The naive wall times an event's own zone must read one clock at: its start, and
    its end unless the end is in ``end_zone`` (a ``duration``'s end counted on the wall
    clock, which is near enough to tell two clocks apart)."""
    found = wall_times(table, "start", *(() if "end_zone" in table else ("end",)))
    start, minutes = table.get("start"), table.get("duration")
    if (
        "end_zone" not in table
        and isinstance(start, datetime)
        and start.tzinfo is None
        and isinstance(minutes, int)
        and not isinstance(minutes, bool)
        and 0 <= minutes <= 366 * 24 * 60
    ):
        with contextlib.suppress(OverflowError):
            found += wall_times({"end": start + timedelta(minutes=minutes)}, "end")
    return found


def unknown(key: str, allowed: tuple[str, ...], what: str = "key") -> Message:
    """``unknown key "duraton"; did you mean "duration"?`` (``what``: key or table)."""
    close = difflib.get_close_matches(key[:MAX_NAME], allowed, n=1)
    name = f'"{key}"' if ID.fullmatch(key.replace("_", "-")) else shown(key)
    if what == "table":
        if close:
            return N_('unknown table {name}; did you mean "{close}"?', name=name, close=close[0])
        return N_("unknown table {name}; known: {known}", name=name, known=", ".join(allowed))
    if close:
        return N_('unknown key {name}; did you mean "{close}"?', name=name, close=close[0])
    return N_("unknown key {name}; known: {known}", name=name, known=", ".join(allowed))


def _not_a_wall_time(key: str, value: object, example: str) -> Message:
    """A date-time key given something else: what it is, and how to write it."""
    if isinstance(value, str):
        return N_(
            "{key} is text in quotes; write a local date-time: {example} (no quotes)",
            key=key,
            example=example,
        )
    if isinstance(value, date):
        return N_(
            "{key} is a date without a time; write a local date-time: {example} (no quotes)",
            key=key,
            example=example,
        )
    if isinstance(value, time):
        return N_(
            "{key} is a time without a date; write a local date-time: {example} (no quotes)",
            key=key,
            example=example,
        )
    return N_(
        "{key} is a number; write a local date-time: {example} (no quotes)",
        key=key,
        example=example,
    )


def _message(error: SummitcalError) -> Message | str:
    """The error's message, to be said in the reader's language."""
    return error.message if error.message is not None else str(error)
