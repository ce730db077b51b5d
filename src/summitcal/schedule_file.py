"""Schedule files (TOML) in, with every problem named by file, line, event and field.

The keys of the ``[schedule]`` table and of each ``[[events]]`` table are a contract
that other tools write to; see the README's "Schedule file reference". This module
reads the file (bounded, UTF-8, TOML) and says what is wrong with it;
:mod:`summitcal.schedule_tables` reads its tables and :mod:`summitcal.schedule_values`
their values. Reading does not
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

import errno
import logging
import re
import tomllib
from pathlib import Path

from summitcal.errors import ScheduleFileError
from summitcal.files import StillChangingError
from summitcal.messages import N_, Message, Value, grouped
from summitcal.model import Schedule
from summitcal.schedule_tables import EVENT_KEYS, MAX_EVENTS, SCHEDULE_KEYS, Reader
from summitcal.schedule_values import Problem

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

MAX_FILE_BYTES = 16 * 1024 * 1024  # so that every file costs bounded, linear work

log = logging.getLogger(__name__)


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
                Problem.of(
                    source,
                    data.count(b"\n", 0, error.start) + 1,
                    "",
                    N_(
                        "not UTF-8 text (byte {byte}); save the schedule file as UTF-8",
                        byte=error.start,
                    ),
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
    values: dict[str, Value] = {
        "size": grouped(size),
        "limit": MAX_FILE_BYTES // (1024 * 1024),
        "events": grouped(MAX_EVENTS),
    }
    if size > MAX_FILE_BYTES:
        message = N_(
            "more than {size} bytes; a schedule file may have at most {limit} MB and {events} "
            "events: split the visit into several schedules",
            **values,
        )
    else:
        message = N_(
            "{size} bytes; a schedule file may have at most {limit} MB and {events} events: "
            "split the visit into several schedules",
            **values,
        )
    return Problem.of(source, None, "", message)


def unreadable(path: Path, error: OSError) -> ScheduleFileError:
    """The error for a schedule file that cannot be read, saying why and what to do."""
    problem: Message
    if isinstance(error, FileNotFoundError):
        problem = N_("no such file; check the path")
    elif isinstance(error, IsADirectoryError):
        problem = N_("is a folder, not a schedule file")
    elif isinstance(error, StillChangingError):
        problem = N_(
            "cannot be read: it kept changing for {seconds} s; try again once it is written",
            seconds=f"{error.patience:g}",
        )
    elif error.errno == errno.EAGAIN:
        problem = N_("cannot be read: {reason}", reason=str(error.strerror))
    else:
        problem = N_(
            "cannot be read ({reason}); check its permissions",
            reason=str(error.strerror or error),
        )
    return ScheduleFileError([Problem.of(str(path), None, "", problem)])


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
        message = N_("not valid TOML for a schedule: arrays or tables nested too deeply")
    except Exception as error:  # the file's problem, never its reader's caller's
        log.exception("%s: unexpected error while reading it", source)
        message = N_(
            "summitcal could not read this file ({error}); this is a bug in summitcal: "
            "please report it with the file",
            error=type(error).__name__,
        )
    return None, [Problem.of(source, None, "", message)], []


def _check(text: str, source: str) -> tuple[Schedule | None, list[Problem], list[Problem]]:
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"\(at line (\d+), column \d+\)", str(error))
        line = int(match.group(1)) if match else None
        reason = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(error))
        if match is None:
            reason = re.sub(r"\s*\(at end of document\)", "", reason)
        # TRANSLATORS: {reason} is Python's own description, in English
        return (
            None,
            [Problem.of(source, line, "", N_("not valid TOML: {reason}", reason=reason))],
            [],
        )
    except ValueError:  # Python's limit on the digits of an integer (4,300)
        message = N_("not valid TOML for a schedule: a number with thousands of digits")
        return None, [Problem.of(source, None, "", message)], []
    reader = Reader(source, text)
    schedule = reader.schedule(document)
    problems = sorted(reader.problems, key=lambda problem: problem.line or 0)
    return (schedule if not problems else None), problems, reader.warnings
