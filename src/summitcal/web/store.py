"""The schedules a service publishes: a folder of schedule files, reread when they change.

Each request asks the store, which compares every file's (size, mtime, inode) with what
it last read: cheap enough per request for a folder of schedules. A changed file is
parsed and its feed rendered once; a file that has become invalid keeps its last good
version online, and its problems are kept for the status page and logged.

A file is taken only once it has been quiet for ``settle`` seconds (0.1 by default) and
did not change while it was read: a file rewritten in place can be caught half written,
and half a schedule can itself be a valid schedule with fewer events. Publishing by
atomic rename (write a new file, then move it over the old) is always safe.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from werkzeug.http import http_date

from summitcal.ical import calendar_bytes
from summitcal.model import Schedule
from summitcal.schedule_file import ScheduleFileError, decode, parse_schedule

__all__ = ["Published", "ScheduleStore"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Published:
    """One schedule as served: the model, its feed bytes, and their validators."""

    path: Path
    schedule: Schedule
    feed: bytes
    etag: str  # strong, quoted, from the feed's bytes
    last_modified: datetime  # the schedule's revision, or the file's mtime without one
    last_modified_header: str  # the same as an HTTP date, made once


@dataclass(slots=True)
class _Entry:
    signature: tuple[int, int, int]
    digest: bytes  # of the bytes last read
    published: Published | None
    problems: list[str] = field(default_factory=list)


def _signature(status: os.stat_result) -> tuple[int, int, int]:
    return (status.st_size, status.st_mtime_ns, status.st_ino)


# A file modified this recently may change again within the same mtime tick without its
# size changing (as git's "racy clean" entries); its bytes are compared until it is older.
_RACY = 2.0


class ScheduleStore:
    """Thread-safe view of a folder of ``*.toml`` schedule files."""

    VARIANTS = 256  # rendered variants (filtered feeds, single events) kept

    def __init__(self, folder: Path, settle: float = 0.1) -> None:
        self.folder = folder
        self.settle = settle
        self._entries: dict[Path, _Entry] = {}
        self._lock = threading.Lock()
        self._variants: OrderedDict[tuple[str, Hashable], bytes] = OrderedDict()
        self._served: dict[str, Published] = {}
        self._paths: list[Path] = []
        self._folder_mtime = -1

    def variant(self, published: Published, key: Hashable, render: Callable[[], bytes]) -> bytes:
        """A rendering derived from ``published`` (a filtered feed, say), made once per
        version of the schedule and kept among the most recently used."""
        cache_key = (published.etag, key)
        with self._lock:
            if cache_key in self._variants:
                self._variants.move_to_end(cache_key)
                return self._variants[cache_key]
        body = render()
        with self._lock:
            self._variants[cache_key] = body
            while len(self._variants) > self.VARIANTS:
                self._variants.popitem(last=False)
        return body

    def schedules(self) -> list[Published]:
        """Every schedule with a good version, by title; one per id (the first file's)."""
        with self._lock:
            self._refresh()
            found = list(self._served.values())
        return sorted(found, key=lambda p: (p.schedule.title, p.schedule.id))

    def get(self, schedule_id: str) -> Published | None:
        """The schedule with that id, as served now (the request path: kept cheap)."""
        with self._lock:
            self._refresh()
            return self._served.get(schedule_id)

    def problems(self) -> dict[str, list[str]]:
        """File name → problems of its current version (its last good one stays online)."""
        with self._lock:
            self._refresh()
            found = {
                path.name: list(entry.problems)
                for path, entry in sorted(self._entries.items())
                if entry.problems
            }
            serving = self._served
            for path, entry in sorted(self._entries.items()):
                published = entry.published
                if published is not None and serving[published.schedule.id] is not published:
                    found.setdefault(path.name, []).append(
                        f"{path.name}: id {published.schedule.id!r} is already served from "
                        f"{serving[published.schedule.id].path.name}; give it its own id"
                    )
            return found

    def private_files(self) -> set[str]:
        """Names of the files whose last good version is a private schedule."""
        with self._lock:
            return {
                path.name
                for path, entry in self._entries.items()
                if entry.published is not None and entry.published.schedule.private
            }

    def _by_id(self) -> dict[str, Published]:
        served: dict[str, Published] = {}
        for _path, entry in sorted(self._entries.items()):
            if entry.published is not None:
                served.setdefault(entry.published.schedule.id, entry.published)
        return served

    def _listing(self) -> list[Path] | None:
        """The folder's ``*.toml`` files, listed again only when the folder changes."""
        try:
            folder_mtime = self.folder.stat().st_mtime_ns
            if folder_mtime != self._folder_mtime or time.time() - folder_mtime / 1e9 < _RACY:
                self._paths = sorted(self.folder.glob("*.toml"))
                self._folder_mtime = folder_mtime
        except OSError as error:
            log.error("cannot list %s: %s", self.folder, error)
            return None
        return list(self._paths)

    def _refresh(self) -> None:
        paths = self._listing()
        if paths is None:
            return
        before = dict(self._entries)
        # A listing taken while a file is renamed over another may miss it (POSIX leaves
        # readdir unspecified then): a file is gone only when it cannot be found by name.
        for missing in set(self._entries) - set(paths):
            if missing.exists():
                paths.append(missing)
            else:
                del self._entries[missing]
        for path in paths:
            try:
                status = path.stat()
            except OSError:
                continue
            age = time.time() - status.st_mtime
            entry = self._entries.get(path)
            if age < self.settle:
                if entry is not None:
                    continue  # still being written, perhaps: keep what is served
                time.sleep(self.settle - age)  # never seen: wait for it once, then read
                try:
                    status = path.stat()
                except OSError:
                    continue
            signature = _signature(status)
            racy = age < _RACY
            if entry is None or entry.signature != signature or racy:
                self._entries[path] = self._load(path, signature, status.st_mtime, entry)
        if self._entries != before:
            self._served = self._by_id()

    def _load(
        self, path: Path, signature: tuple[int, int, int], mtime: float, previous: _Entry | None
    ) -> _Entry:
        last_good = previous.published if previous else None
        try:
            data = path.read_bytes()
            changed_while_read = _signature(path.stat()) != signature
        except OSError as error:
            log.warning("%s: cannot be read: %s", path, error)
            problem = f"{path.name}: cannot be read ({error})"
            return _Entry(signature, b"", last_good, [problem])
        if changed_while_read and previous is not None:
            return previous  # read it again on the next request
        digest = hashlib.sha256(data).digest()
        if previous is not None and previous.digest == digest:
            return _Entry(signature, digest, previous.published, previous.problems)
        try:
            schedule = parse_schedule(*decode(data, path.name))
        except ScheduleFileError as error:
            problems = [str(problem) for problem in error.problems]
            for problem in problems:
                log.warning("%s (serving the last good version)", problem)
            return _Entry(signature, digest, last_good, problems)
        if last_good is not None and last_good.schedule == schedule:
            return _Entry(signature, digest, last_good)
        feed = calendar_bytes(schedule)
        last_modified = schedule.revision or datetime.fromtimestamp(int(mtime), UTC)
        published = Published(
            path=path,
            schedule=schedule,
            feed=feed,
            etag='"' + hashlib.sha256(feed).hexdigest()[:32] + '"',
            last_modified=last_modified,
            last_modified_header=http_date(last_modified),
        )
        log.info("published %s (%d events) from %s", schedule.id, len(schedule.events), path.name)
        return _Entry(signature, digest, published)
