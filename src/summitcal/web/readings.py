"""What each schedule file gave when last read: its last good schedule, the problems of
its current version, and whether those may be shown to visitors.

A file is taken only once it has been quiet for ``settle`` seconds and did not change
while it was read (:func:`summitcal.files.read_settled`): a file rewritten in place can
be caught half written, and half a schedule can itself be a valid schedule with fewer
events. It is opened without following links and without blocking, and read up to the
size limit of schedule files. A file that has become invalid keeps its last good
version; its problems are logged, and shown on the status page only for a file known
to be a public schedule: a private schedule's problems quote it.
"""

from __future__ import annotations

import hashlib
import logging
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from summitcal.files import NotRegularFileError, Signature, StillChangingError, read_settled
from summitcal.model import Schedule
from summitcal.schedule_file import MAX_FILE_BYTES, ScheduleFileError, decode, parse_schedule

__all__ = ["STALE", "Reading", "first_files", "public_problems", "read_file", "says_private"]

log = logging.getLogger(__name__)

STALE: Signature = (-1, -1, -1)  # a signature no file has: read the file again


@dataclass(frozen=True, slots=True)
class Reading:
    """One file as last read."""

    signature: Signature  # of the file when read (STALE: read it again)
    digest: bytes  # of the bytes last read
    schedule: Schedule | None  # the last good version read from the file
    problems: tuple[str, ...] = ()
    # Whether the file's problems must stay in the log: it is a private schedule, or
    # means to be, or cannot be told from one (never read, last good version private).
    private: bool = True

    def marked_stale(self) -> Reading:
        """The same, to be read again on the next look at the folder."""
        return replace(self, signature=STALE)


def read_file(
    path: Path,
    listed: Signature,
    previous: Reading | None,
    settle: float,
    seen: tuple[Signature, float] | None = None,
) -> Reading:
    """The file at ``path`` (seen with signature ``listed``) read now, after
    ``previous``. A file already read is not waited for: if it changed while read,
    ``previous`` stays until the next request. A file never read is waited for once,
    up to ``settle`` seconds; if it is still changing, it is not served until it is
    whole (and not waited for again meanwhile). ``seen``: the signature the folder saw
    and since when (see :func:`~summitcal.files.read_settled`)."""
    last_good = previous.schedule if previous else None
    was_private = previous is None or previous.private
    patience = 0.0 if previous is not None else settle
    try:
        data, signature = read_settled(path, settle, patience, limit=MAX_FILE_BYTES, seen=seen)
    except StillChangingError:
        return previous if previous is not None else Reading(STALE, b"", None)
    except OSError as error:
        reason = error.strerror if isinstance(error, NotRegularFileError) else error
        log.warning("%s: cannot be read: %s", path, reason)
        problem = f"{path.name}: cannot be read ({reason})"
        return Reading(listed, b"", last_good, (problem,), was_private)
    digest = hashlib.sha256(data).digest()
    if previous is not None and previous.digest == digest:
        return Reading(signature, digest, previous.schedule, previous.problems, was_private)
    try:
        schedule = parse_schedule(*decode(data, path.name))
    except ScheduleFileError as error:
        problems = tuple(str(problem) for problem in error.problems)
        for problem in problems:
            log.warning("%s (serving the last good version)", problem)
        private = (last_good is not None and last_good.private) or says_private(data)
        return Reading(signature, digest, last_good, problems, private)
    if last_good is not None and last_good == schedule:
        return Reading(signature, digest, last_good, private=schedule.private)
    return Reading(signature, digest, schedule, private=schedule.private)


_SAYS_PRIVATE = re.compile(r"^[ \t]*[\"']?private[\"']?[ \t]*=(?![ \t]*false\b)", re.MULTILINE)


def says_private(data: bytes) -> bool:
    """Whether a file that is not (or not yet) a valid schedule means to be private: its
    problems quote it, so they stay in the log. When in doubt, private."""
    text = data.decode("utf-8", "replace")
    try:
        table = tomllib.loads(text).get("schedule")
    except (ValueError, RecursionError):  # TOMLDecodeError is a ValueError
        return _SAYS_PRIVATE.search(text) is not None
    return isinstance(table, dict) and table.get("private", False) is not False


def first_files(readings: Mapping[Path, Reading]) -> dict[str, tuple[Path, Schedule]]:
    """Each id's schedule from its first file by name with a good version: the one
    served; any other file with that id is named on the status page."""
    sources: dict[str, tuple[Path, Schedule]] = {}
    for path, reading in sorted(readings.items()):
        if reading.schedule is not None:
            sources.setdefault(reading.schedule.id, (path, reading.schedule))
    return sources


def public_problems(
    readings: Mapping[Path, Reading], others: Iterable[tuple[Path, str]] = ()
) -> dict[str, list[str]]:
    """File name → problems of its current version (its last good one stays online),
    with ``others`` (per file: say, not published), for the files known to be public
    schedules only. The problems of the others (private, or which cannot be told from
    private) quote them, so they stay in the log."""
    public = {path for path, reading in readings.items() if not reading.private}
    found = {
        path.name: list(reading.problems)
        for path, reading in sorted(readings.items())
        if reading.problems and path in public
    }
    for path, problem in others:
        if path in public:
            found.setdefault(path.name, []).append(problem)
    firsts: dict[str, Path] = {}
    for path, reading in sorted(readings.items()):
        schedule = reading.schedule
        if schedule is None:
            continue
        first = firsts.setdefault(schedule.id, path)
        if first != path and {first, path} <= public:
            found.setdefault(path.name, []).append(
                f"{path.name}: id {schedule.id!r} is already served from "
                f"{first.name}; give it its own id"
            )
    return found
