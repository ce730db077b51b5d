"""The schedules a service publishes: a folder of schedule files, reread when they change.

Each request asks the store, which compares every file's (size, mtime, inode) with what
it last read: cheap enough per request for a folder of schedules. A changed file is
parsed and its feed rendered once; a file that has become invalid keeps its last good
version online, and its problems are kept for the status page and logged.

Only regular files directly inside the folder are read: a symbolic link (which could
point at any file on the machine), a FIFO (which would hang the reader) or a device is
refused and named on the status page. A file is opened without following links and
without blocking, and read up to the size limit of schedule files.

A file is taken only once it has been quiet for ``settle`` seconds (0.1 by default) and
did not change while it was read: a file rewritten in place can be caught half written,
and half a schedule can itself be a valid schedule with fewer events. Publishing by
atomic rename (write a new file, then move it over the old) is always safe.

With a revision ledger (:mod:`summitcal.revisions`), a schedule read from its file is
published to the ledger, and what is served is the ledger's release: the same bytes in
every worker process and after every restart, with each event's SEQUENCE and stamps.
Each request also asks the ledger, cheaply, whether another process has published
since (another worker, ``summitcal publish``), and takes the new release if so.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import threading
import time
import tomllib
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from werkzeug.http import http_date

from summitcal.files import NotRegularFileError, read_regular
from summitcal.ical import calendar_bytes
from summitcal.ical.feed import Stamp
from summitcal.model import Schedule
from summitcal.revisions import Ledger, LedgerError, Release, TooSoon
from summitcal.schedule_file import MAX_FILE_BYTES, ScheduleFileError, decode, parse_schedule

__all__ = ["Published", "ScheduleStore"]

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Published:
    """One schedule as served: the model, its feed bytes, and their validators."""

    path: Path
    schedule: Schedule  # with the ledger: the release (removed events kept, cancelled)
    feed: bytes
    etag: str  # strong, quoted, from the feed's bytes
    last_modified: datetime  # the ledger's last change, else the revision or the mtime
    last_modified_header: str  # the same as an HTTP date, made once
    version: int = 0  # the ledger's version; 0 without a ledger
    stamps: Mapping[str, Stamp] | None = None  # event id → SEQUENCE and stamps
    expires: float | None = None  # when a cancelled event leaves the feed (time.time())


@dataclass(slots=True)
class _Entry:
    signature: tuple[int, int, int]
    digest: bytes  # of the bytes last read
    schedule: Schedule | None  # the last good version read from the file
    problems: list[str] = field(default_factory=list)
    # Whether the file's problems must stay in the log: it is a private schedule, or
    # means to be, or cannot be told from one (never read, last good version private).
    private: bool = True


def _signature(status: os.stat_result) -> tuple[int, int, int]:
    return (status.st_size, status.st_mtime_ns, status.st_ino)


def _current_signature(path: Path) -> tuple[int, int, int] | None:
    try:
        return _signature(path.lstat())
    except OSError:
        return None


_SAYS_PRIVATE = re.compile(r"^[ \t]*[\"']?private[\"']?[ \t]*=(?![ \t]*false\b)", re.MULTILINE)


def _says_private(data: bytes) -> bool:
    """Whether a file that is not (or not yet) a valid schedule means to be private: its
    problems quote it, so they stay in the log. When in doubt, private."""
    text = data.decode("utf-8", "replace")
    try:
        table = tomllib.loads(text).get("schedule")
    except (ValueError, RecursionError):  # TOMLDecodeError is a ValueError
        return _SAYS_PRIVATE.search(text) is not None
    return isinstance(table, dict) and table.get("private", False) is not False


# A file modified this recently may change again within the same mtime tick without its
# size changing (as git's "racy clean" entries); its bytes are compared until it is older.
_RACY = 2.0
_STALE = (-1, -1, -1)  # a signature no file has: read the file again


class ScheduleStore:
    """Thread-safe view of a folder of ``*.toml`` schedule files."""

    VARIANTS = 256  # rendered variants (filtered feeds, single events) kept

    def __init__(self, folder: Path, settle: float = 0.1, ledger: Ledger | None = None) -> None:
        self.folder = folder
        self.settle = settle
        self.ledger = ledger
        self._entries: dict[Path, _Entry] = {}
        self._lock = threading.Lock()
        self._variants: OrderedDict[tuple[str, Hashable], bytes] = OrderedDict()
        self._served: dict[str, Published] = {}
        self._sources: dict[str, tuple[Path, Schedule]] = {}  # id → what was published
        self._ledger_problems: dict[Path, str] = {}
        self._paths: list[Path] = []
        self._refused: dict[str, str] = {}  # file name → why it is not read
        self._retry_at: float | None = None  # when a publish refused as too soon may go
        self.ledger_problem: str | None = None  # why the ledger cannot be used now
        self._reasserted: dict[str, bytes] = {}  # id → digest of the file put back once
        self._disagreements: dict[Path, str] = {}  # file → another process overrules it
        self._folder_mtime = -1
        self._expires: float | None = None

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
        """File name → problems of its current version (its last good one stays online),
        for the files known to be public schedules. The problems of the others (private,
        or which cannot be told from private) quote them, so they stay in the log."""
        with self._lock:
            self._refresh()
            public = {path for path, entry in self._entries.items() if not entry.private}
            found = {
                path.name: list(entry.problems)
                for path, entry in sorted(self._entries.items())
                if entry.problems and path in public
            }
            for path, problem in sorted(
                [*self._ledger_problems.items(), *self._disagreements.items()]
            ):
                if path in public:
                    found.setdefault(path.name, []).append(problem)
            firsts: dict[str, Path] = {}
            for path, entry in sorted(self._entries.items()):
                schedule = entry.schedule
                if schedule is None:
                    continue
                first = firsts.setdefault(schedule.id, path)
                if first != path and {first, path} <= public:
                    found.setdefault(path.name, []).append(
                        f"{path.name}: id {schedule.id!r} is already served from "
                        f"{first.name}; give it its own id"
                    )
            return found

    def _listing(self) -> list[Path] | None:
        """The folder's ``*.toml`` regular files, listed again only when the folder
        changes; the other ``*.toml`` entries (links, FIFOs, folders) are refused."""
        try:
            folder_mtime = self.folder.stat().st_mtime_ns
            if folder_mtime != self._folder_mtime or time.time() - folder_mtime / 1e9 < _RACY:
                paths, refused = [], {}
                with os.scandir(self.folder) as entries:
                    for entry in entries:
                        if not entry.name.endswith(".toml") or entry.name.startswith("."):
                            continue
                        if entry.is_file(follow_symlinks=False):
                            paths.append(Path(entry.path))
                        else:
                            refused[entry.name] = _refusal(entry.name, entry.is_symlink())
                for name in refused.keys() - self._refused.keys():
                    log.warning("%s", refused[name])  # its name may be private: log only
                self._paths, self._refused = sorted(paths), refused
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
            if _current_signature(missing) is not None and missing.name not in self._refused:
                paths.append(missing)
            else:
                del self._entries[missing]
                self._ledger_problems.pop(missing, None)
                self._disagreements.pop(missing, None)
        for path in paths:
            try:
                status = path.lstat()
            except OSError:
                continue
            age = time.time() - status.st_mtime
            entry = self._entries.get(path)
            if age < self.settle:
                if entry is not None:
                    continue  # still being written, perhaps: keep what is served
                time.sleep(self.settle - age)  # never seen: wait for it once, then read
                try:
                    status = path.lstat()
                except OSError:
                    continue
            signature = _signature(status)
            racy = age < _RACY
            if entry is None or entry.signature != signature or racy:
                self._entries[path] = self._load(path, signature, entry)
        news = self._has_news()  # asked every time: it also notes what was seen
        if self._entries != before or news:
            self._publish(news)

    def _has_news(self) -> bool:
        """Whether another process published, or a cancelled event's time is up."""
        if self.ledger is None:
            return False
        if self._expires is not None and time.time() >= self._expires:
            return True
        if self._retry_at is not None and time.time() >= self._retry_at:
            self._retry_at = None  # the news: what others did meanwhile, and our turn
            return True
        try:
            news = self.ledger.changed()
        except LedgerError as error:
            if str(error) != self.ledger_problem:  # once, not on every request
                log.error("%s (serving what was last published)", error)
            self.ledger_problem = str(error)
            return False
        self.ledger_problem = None
        return news

    def _publish(self, news: bool = False) -> None:
        """Serve each id's first good file; with a ledger, publish it there first.

        ``news``: another process has written to the ledger (or a cancelled event's time
        is up). The files of the schedules whose version moved are published again: a
        no-op when the ledger already says what the file says, and otherwise the file,
        which is what this service serves, wins (a reverted file reverts) — once per
        version of the file. Should another process publish other content again (two
        servers with different files for one id), the ledger's version is served and the
        disagreement is named on the status page and in the log, so two processes that
        disagree make a handful of versions, never versions without end.
        """
        sources: dict[str, tuple[Path, Schedule]] = {}
        for path, entry in sorted(self._entries.items()):
            if entry.schedule is not None:
                sources.setdefault(entry.schedule.id, (path, entry.schedule))
        moved: set[str] = set()
        if news and self.ledger is not None:
            try:
                versions = self.ledger.versions()
            except LedgerError as error:
                log.error("%s (serving what was last published)", error)
                versions = {}
            moved = {i for i, p in self._served.items() if versions.get(i, p.version) != p.version}
        served: dict[str, Published] = {}
        for schedule_id, (path, schedule) in sources.items():
            current = self._served.get(schedule_id)
            if self.ledger is None:
                if current is not None and current.schedule == schedule:
                    served[schedule_id] = current
                else:
                    served[schedule_id] = _unledgered(path, schedule)
                continue
            stale = self._sources.get(schedule_id) != (path, schedule)
            settled = not stale and schedule_id not in moved and not self._expired(current)
            if current is not None and settled:
                served[schedule_id] = current
                continue
            digest = self._entries[path].digest
            overruled = not stale and schedule_id in moved
            if overruled and self._reasserted.get(schedule_id) == digest:
                release = self._adopt(schedule_id, path)
                if release is not None:
                    served[schedule_id] = _released(path, release)
                elif current is not None:
                    served[schedule_id] = current
                continue
            try:
                release = self._release(schedule_id, path, schedule)
                if overruled:
                    self._reasserted[schedule_id] = digest
                elif stale:
                    self._reasserted.pop(schedule_id, None)
                    self._disagreements.pop(path, None)
                fresh = None
                if release is not None and (current is None or current.version != release.version):
                    fresh = _released(path, release)
                self._ledger_problems.pop(path, None)
            except TooSoon as soon:  # a version a second ago: publish on a later request
                log.info("%s: publishing at %s", path.name, soon.retry_at)
                retry = soon.retry_at.timestamp()
                self._retry_at = min(retry, self._retry_at or retry)
                self._entries[path].signature = _STALE
                release = None
            except LedgerError as error:
                log.error("%s: not published: %s", path.name, error)
                self._ledger_problems[path] = f"{path.name}: not published: {error}"
                self._entries[path].signature = _STALE  # try again on the next request
                release = None
            except Exception as error:  # a bug, but this file's: the others stay served
                log.exception("%s: not published", path.name)
                self._ledger_problems[path] = (
                    f"{path.name}: not published: summitcal failed on it "
                    f"({type(error).__name__}); this is a bug in summitcal: please report it"
                )
                self._entries[path].signature = _STALE
                release = None
            if release is None:
                if current is not None:
                    served[schedule_id] = current
                continue
            if fresh is None:
                assert current is not None  # the release is the version already served
                served[schedule_id] = current
            else:
                served[schedule_id] = fresh
                log.info(
                    "published %s version %d (%d events) from %s",
                    schedule_id,
                    release.version,
                    len(release.schedule.events),
                    path.name,
                )
        self._sources = {i: s for i, s in self._sources.items() if i in sources}
        self._served = served
        ends = [p.expires for p in served.values() if p.expires is not None]
        self._expires = min(ends, default=None)

    def _adopt(self, schedule_id: str, path: Path) -> Release | None:
        """Another process published other content again: serve the ledger's, say so."""
        assert self.ledger is not None
        try:
            release = self.ledger.release(schedule_id)
        except LedgerError as error:
            log.error("%s (serving what was last published)", error)
            return None
        if path not in self._disagreements:
            message = (
                f"{path.name}: {schedule_id!r} was published again from elsewhere (another "
                "server or `summitcal publish`) with other content; serving the ledger's "
                "version; change this file (or the other one) to publish it again"
            )
            log.warning("%s", message)
            self._disagreements[path] = message
        return release

    def _release(self, schedule_id: str, path: Path, schedule: Schedule) -> Release | None:
        """Publish the file's schedule; if the file changed meanwhile, what the ledger has."""
        assert self.ledger is not None
        # A version less than a second after the last waits for its second (the
        # ledger's lock released meanwhile): it is dated then, never after the clock.
        release = self.ledger.publish(schedule, still_current=self._unchanged(path))
        if release is None:
            # The file changed while we waited for the lock: read it again next time, and
            # meanwhile serve what the ledger has (others may have published).
            self._entries[path].signature = _STALE
            return self.ledger.release(schedule_id)
        self._sources[schedule_id] = (path, schedule)
        return release

    @staticmethod
    def _expired(published: Published | None) -> bool:
        return (
            published is not None
            and published.expires is not None
            and time.time() >= published.expires
        )

    def _unchanged(self, path: Path) -> Callable[[], bool]:
        """Asked by the ledger under its write lock: is the file still what we read?"""
        signature = self._entries[path].signature
        return lambda: _current_signature(path) == signature

    def _load(self, path: Path, signature: tuple[int, int, int], previous: _Entry | None) -> _Entry:
        last_good = previous.schedule if previous else None
        was_private = previous is None or previous.private
        try:
            data, opened = read_regular(path, MAX_FILE_BYTES)
        except OSError as error:
            reason = error.strerror if isinstance(error, NotRegularFileError) else error
            log.warning("%s: cannot be read: %s", path, reason)
            problem = f"{path.name}: cannot be read ({reason})"
            return _Entry(signature, b"", last_good, [problem], was_private)
        if (opened != signature or _current_signature(path) != signature) and previous:
            return previous  # read it again on the next request
        digest = hashlib.sha256(data).digest()
        if previous is not None and previous.digest == digest:
            return _Entry(signature, digest, previous.schedule, previous.problems, was_private)
        try:
            schedule = parse_schedule(*decode(data, path.name))
        except ScheduleFileError as error:
            problems = [str(problem) for problem in error.problems]
            for problem in problems:
                log.warning("%s (serving the last good version)", problem)
            private = (last_good is not None and last_good.private) or _says_private(data)
            return _Entry(signature, digest, last_good, problems, private)
        if last_good is not None and last_good == schedule:
            return _Entry(signature, digest, last_good, private=schedule.private)
        return _Entry(signature, digest, schedule, private=schedule.private)


def _refusal(name: str, link: bool) -> str:
    what = "a symbolic link" if link else "not a regular file"
    return f"{name}: {what}; only regular files inside the folder are served"


def _unledgered(path: Path, schedule: Schedule) -> Published:
    """Without a ledger: sequence 0, stamps from the revision (or the file's mtime)."""
    try:
        mtime = path.stat().st_mtime
    except OSError:
        mtime = 0
    last_modified = schedule.revision or datetime.fromtimestamp(int(mtime), UTC)
    return _published(path, schedule, calendar_bytes(schedule), last_modified)


def _released(path: Path, release: Release) -> Published:
    feed = calendar_bytes(release.schedule, stamps=release.stamps)
    return _published(
        path,
        release.schedule,
        feed,
        release.modified,
        version=release.version,
        stamps=release.stamps,
        expires=release.expires.timestamp() if release.expires else None,
    )


def _published(
    path: Path,
    schedule: Schedule,
    feed: bytes,
    last_modified: datetime,
    *,
    version: int = 0,
    stamps: Mapping[str, Stamp] | None = None,
    expires: float | None = None,
) -> Published:
    return Published(
        path=path,
        schedule=schedule,
        feed=feed,
        etag='"' + hashlib.sha256(feed).hexdigest()[:32] + '"',
        last_modified=last_modified,
        last_modified_header=http_date(last_modified),
        version=version,
        stamps=stamps,
        expires=expires,
    )
