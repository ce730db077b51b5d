"""The schedules a service publishes: a folder of schedule files, reread when they change.

Each request asks the store, which compares every file's (size, mtime, inode) with what
it last read: cheap enough per request for a folder of schedules. A changed file is
parsed and its feed rendered once; a file that has become invalid keeps its last good
version online, and its problems are kept for the status page and logged.

Only regular files directly inside the folder are read: a symbolic link (which could
point at any file on the machine), a FIFO (which would hang the reader) or a device is
refused and logged, never named to visitors. A file is opened without following links
and without blocking, and read up to the size limit of schedule files.

A file is taken only once it has been quiet for ``settle`` seconds (0.1 by default) and
did not change while it was read: a file rewritten in place can be caught half written,
and half a schedule can itself be a valid schedule with fewer events. Publishing by
atomic rename (write a new file, then move it over the old) is always safe.

With a revision ledger (:mod:`summitcal.revisions`), a schedule read from its file is
published to the ledger, and what is served is the ledger's release: the same bytes in
every worker process and after every restart, with each event's SEQUENCE and stamps.
Each request also asks the ledger, cheaply, whether another process has published
since (another worker, ``summitcal publish``), and takes the new release if so.

The store composes one part per job: :mod:`~summitcal.web.folder` (which files are
there and which changed), :mod:`~summitcal.web.readings` (what each file gave),
:mod:`~summitcal.web.publishing` (what is served, through the ledger) and
:mod:`~summitcal.web.variants` (renderings derived from what is served).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable
from pathlib import Path

from summitcal.revisions import Ledger
from summitcal.web.folder import Folder
from summitcal.web.published import Published
from summitcal.web.publishing import Publisher
from summitcal.web.readings import Reading, public_problems, read_file
from summitcal.web.variants import VariantCache

__all__ = ["Published", "ScheduleStore"]


class ScheduleStore:
    """Thread-safe view of a folder of ``*.toml`` schedule files."""

    VARIANTS = 256  # rendered variants (filtered feeds, single events) kept

    def __init__(self, folder: Path, settle: float = 0.1, ledger: Ledger | None = None) -> None:
        self.folder = folder
        self.settle = settle
        self.ledger = ledger
        self._lock = threading.Lock()
        self._folder = Folder(folder, settle)
        self._readings: dict[Path, Reading] = {}
        self._publisher = Publisher(ledger)
        self._variants = VariantCache(self.VARIANTS)

    @property
    def ledger_problem(self) -> str | None:
        """Why the ledger cannot be used now (None: it can); names server paths."""
        return self._publisher.ledger_problem

    def variant(self, published: Published, key: Hashable, render: Callable[[], bytes]) -> bytes:
        """A rendering derived from ``published`` (a filtered feed, say), made once per
        version of the schedule (in every language) and kept among the most recently used."""
        return self._variants.get(published.content, key, render)

    def schedules(self) -> list[Published]:
        """Every schedule with a good version, by title; one per id (the first file's)."""
        with self._lock:
            self._refresh()
            found = list(self._publisher.served.values())
        return sorted(found, key=lambda p: (p.schedule.title, p.schedule.id))

    def get(self, schedule_id: str) -> Published | None:
        """The schedule with that id, as served now (the request path: kept cheap)."""
        with self._lock:
            self._refresh()
            return self._publisher.served.get(schedule_id)

    def unavailable(self, schedule_id: str) -> bool | None:
        """For a schedule whose file is good but was never published because the ledger
        failed (served as 503, not 404): whether it is private; None for any other."""
        with self._lock:
            return self._publisher.unavailable.get(schedule_id)

    def problems(self) -> dict[str, list[str]]:
        """File name → problems of its current version (its last good one stays online),
        for the files known to be public schedules. The problems of the others (private,
        or which cannot be told from private) quote them, so they stay in the log."""
        with self._lock:
            self._refresh()
            return public_problems(self._readings, self._publisher.problems())

    def _refresh(self) -> None:
        readings = self._readings
        scan = self._folder.scan(readings)
        if scan is None:
            return
        changed = bool(scan.gone)
        for path in scan.gone:
            del readings[path]
            self._publisher.forget(path)
        for path, listed in scan.changed:
            previous = readings.get(path)
            readings[path] = read_file(path, listed, previous, self.settle, self._folder.seen(path))
            changed = changed or readings[path] != previous
        news = self._publisher.has_news()  # asked every time: it also notes what was seen
        if changed or news:
            for path in self._publisher.publish(readings, news):
                readings[path] = readings[path].marked_stale()
