"""Which version of each schedule is served, and publishing the files to the ledger.

Without a ledger, each id's first good file is served as it is. With a revision ledger
(:mod:`summitcal.revisions`), a schedule read from its file is published to the ledger,
and what is served is the ledger's release: the same bytes in every worker process and
after every restart, with each event's SEQUENCE and stamps. Each request also asks the
ledger, cheaply, whether another process has published since (another worker,
``summitcal publish``), and takes the new release if so.

A file that cannot be published (the ledger refuses it or fails) keeps its last
release online, its problem is kept for the status page, and it is published again on
a later request; a publish refused as too soon (:class:`TooSoon`) goes at its
``retry_at``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from summitcal.files import signature
from summitcal.model import Schedule
from summitcal.revisions import Ledger, LedgerError, Release, TooSoon
from summitcal.web.published import Published, from_file, from_release
from summitcal.web.readings import Reading, first_files

__all__ = ["Publisher"]

log = logging.getLogger(__name__)


class Publisher:
    """The schedules served (:attr:`served`, by id), kept in step with the files read
    and, with a ledger, with the ledger. Not thread-safe: the store calls it under its
    lock."""

    def __init__(self, ledger: Ledger | None, clock: Callable[[], float] = time.time) -> None:
        self.ledger = ledger
        self.clock = clock
        self.served: dict[str, Published] = {}
        self.ledger_problem: str | None = None  # why the ledger cannot be used now
        self.retry_at: float | None = None  # when a publish refused as too soon may go
        self._sources: dict[str, tuple[Path, Schedule]] = {}  # id → what was published
        self._failures: dict[Path, str] = {}  # file → why it was not published
        self._disagreements: dict[Path, str] = {}  # file → another process overrules it
        self._reasserted: dict[str, bytes] = {}  # id → digest of the file put back once
        self._expires: float | None = None  # when the first cancelled event leaves
        # id → whether private: a good file never published, as the ledger failed (503)
        self.unavailable: dict[str, bool] = {}

    def problems(self) -> list[tuple[Path, str]]:
        """Per file, why what is served is not what it says: not published, or another
        process publishes other content for its id."""
        return sorted([*self._failures.items(), *self._disagreements.items()])

    def forget(self, path: Path) -> None:
        """The file is gone: so are its problems."""
        self._failures.pop(path, None)
        self._disagreements.pop(path, None)

    def has_news(self) -> bool:
        """Whether another process published, a cancelled event's time is up, or a
        publish refused as too soon may go. Asked on every request: it also notes, for
        the next time, what the ledger has seen."""
        if self.ledger is None:
            return False
        if self._expires is not None and self.clock() >= self._expires:
            return True
        if self.retry_at is not None and self.clock() >= self.retry_at:
            self.retry_at = None  # the news: what others did meanwhile, and our turn
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

    def publish(self, readings: Mapping[Path, Reading], news: bool = False) -> set[Path]:
        """Serve each id's first good file; with a ledger, publish it there first.
        Returns the files to read again on the next request (not published this time).

        ``news``: another process has written to the ledger (or a cancelled event's time
        is up). The files of the schedules whose version moved are published again: a
        no-op when the ledger already says what the file says, and otherwise the file,
        which is what this service serves, wins (a reverted file reverts) — once per
        version of the file. Should another process publish other content again (two
        servers with different files for one id), the ledger's version is served and the
        disagreement is named on the status page and in the log, so two processes that
        disagree make a handful of versions, never versions without end.
        """
        sources = first_files(readings)
        moved = self._moved() if news else set()
        served: dict[str, Published] = {}
        again: set[Path] = set()
        for schedule_id, (path, schedule) in sources.items():
            current = self.served.get(schedule_id)
            found: Published | None
            if self.ledger is None:
                keep = current is not None and current.schedule == schedule
                found = current if keep else from_file(path, schedule)
            else:
                found, reread = self._through_ledger(
                    self.ledger, path, readings[path], current, schedule_id in moved
                )
                if reread:
                    again.add(path)
            if found is not None:
                served[schedule_id] = found
        self.unavailable = {
            schedule_id: schedule.private
            for schedule_id, (path, schedule) in sources.items()
            if schedule_id not in served and path in self._failures
        }
        self._sources = {i: s for i, s in self._sources.items() if i in sources}
        self.served = served
        ends = [p.expires for p in served.values() if p.expires is not None]
        self._expires = min(ends, default=None)
        return again

    def _moved(self) -> set[str]:
        """The ids served whose version in the ledger is no longer the one served."""
        if self.ledger is None:
            return set()
        try:
            versions = self.ledger.versions()
        except LedgerError as error:
            log.error("%s (serving what was last published)", error)
            versions = {}
        return {i for i, p in self.served.items() if versions.get(i, p.version) != p.version}

    def _through_ledger(
        self,
        ledger: Ledger,
        path: Path,
        reading: Reading,
        current: Published | None,
        moved: bool,
    ) -> tuple[Published | None, bool]:
        """What to serve for the file's schedule (None: nothing yet), and whether to
        read the file again on the next request."""
        schedule = reading.schedule
        assert schedule is not None  # a first file has a good version
        schedule_id = schedule.id
        stale = self._sources.get(schedule_id) != (path, schedule)
        if current is not None and not stale and not moved and not self._expired(current):
            return current, False
        overruled = not stale and moved
        if overruled and self._reasserted.get(schedule_id) == reading.digest:
            adopted = self._adopt(ledger, schedule_id, path)
            return (current if adopted is None else from_release(path, adopted)), False
        reread = False
        try:
            release = ledger.publish(schedule, still_current=_unchanged(path, reading))
            if release is None:
                # The file changed while we waited for the lock: read it again next time,
                # and meanwhile serve what the ledger has (others may have published).
                reread = True
                release = ledger.release(schedule_id)
            else:
                self._sources[schedule_id] = (path, schedule)
            if overruled:
                self._reasserted[schedule_id] = reading.digest
            elif stale:
                self._reasserted.pop(schedule_id, None)
                self._disagreements.pop(path, None)
            fresh = None
            if release is not None and (current is None or current.version != release.version):
                fresh = from_release(path, release)
        except TooSoon as soon:  # a version a second ago: publish on a later request
            log.info("%s: publishing at %s", path.name, soon.retry_at)
            retry = soon.retry_at.timestamp()
            self.retry_at = min(retry, self.retry_at or retry)
            return current, True
        except LedgerError as error:
            log.error("%s: not published: %s", path.name, error)
            self._failures[path] = f"{path.name}: not published: {error}"
            return current, True  # try again on the next request
        except Exception as error:
            # The boundary of one file's publish: anything else is a bug in summitcal,
            # but this file's; the other schedules stay served, this one keeps its last
            # release, and the bug is logged with its traceback and named on /status.
            log.exception("%s: not published", path.name)
            self._failures[path] = (
                f"{path.name}: not published: summitcal failed on it "
                f"({type(error).__name__}); this is a bug in summitcal: please report it"
            )
            return current, True
        self._failures.pop(path, None)
        if release is None or fresh is None:
            return current, reread  # nothing in the ledger yet, or the version served
        log.info(
            "published %s version %d (%d events) from %s",
            schedule_id,
            release.version,
            len(release.schedule.events),
            path.name,
        )
        return fresh, reread

    def _adopt(self, ledger: Ledger, schedule_id: str, path: Path) -> Release | None:
        """Another process published other content again: serve the ledger's, say so."""
        try:
            release = ledger.release(schedule_id)
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

    def _expired(self, published: Published) -> bool:
        return published.expires is not None and self.clock() >= published.expires


def _unchanged(path: Path, reading: Reading) -> Callable[[], bool]:
    """Asked by the ledger under its write lock: is the file still what was read?"""
    return lambda: signature(path, follow_symlinks=False) == reading.signature
