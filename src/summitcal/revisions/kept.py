"""What a ledger keeps in memory of the schedules it last read or wrote: their rows,
what the last plan made of them, and their release.

A publish of one changed event in a schedule of thousands would otherwise read every
row, convert every stored state back to an event and render every event to compare its
fingerprint. Kept, a ledger reads the schedule's head row inside its transaction, and
while that is the head kept here (the same version, date and fields: no other process
has published since), it uses the rows kept with it; the plan then passes over every
event that is the one its row was planned from (:class:`~.plan.Known`). A head that
differs means another process wrote: the rows are read again, as without this.

This rests on one rule of the ledger: rows change only in a publish, and a publish that
changes any writes a new head (a new version). A schema migration that rewrote rows in
place would break it: it must give the schedules new heads, or this must be told.

Kept per ledger object, for a few schedules at a time (the ones being published and
read); entries are never changed, only replaced, so threads can share them.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from types import MappingProxyType

from summitcal.revisions.plan import Known, release_of
from summitcal.revisions.records import EventRow, Release, ScheduleRow

__all__ = ["Kept", "Snapshot"]


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One schedule as the ledger held it at ``head``."""

    head: ScheduleRow
    rows: Mapping[str, EventRow]  # (read-only: shared by every thread that finds it)
    known: Known | None  # what the plan that made these rows left, if one did here
    release: Release  # made of these rows

    def __post_init__(self) -> None:
        object.__setattr__(self, "rows", MappingProxyType(dict(self.rows)))


class Kept:
    """The last :class:`Snapshot` of each of the ``size`` schedules used last."""

    def __init__(self, size: int = 8) -> None:
        self.size = size
        self._snapshots: OrderedDict[str, Snapshot] = OrderedDict()
        self._lock = threading.Lock()

    def at(self, head: ScheduleRow | None) -> Snapshot | None:
        """The snapshot of ``head``'s schedule if it is of that very head, else None."""
        if head is None:
            return None
        with self._lock:
            found = self._snapshots.get(head.schedule_id)
            if found is None or found.head != head:
                return None
            self._snapshots.move_to_end(head.schedule_id)
            return found

    def keep(self, snapshot: Snapshot) -> None:
        with self._lock:
            self._snapshots[snapshot.head.schedule_id] = snapshot
            self._snapshots.move_to_end(snapshot.head.schedule_id)
            while len(self._snapshots) > self.size:
                self._snapshots.popitem(last=False)

    def release(
        self,
        head: ScheduleRow | None,
        rows: Mapping[str, EventRow],
        found: Snapshot | None,
        retention: timedelta,
    ) -> Release | None:
        """The release of ``rows`` at ``head`` (None: no such schedule): the one kept in
        ``found`` (what :meth:`at` gave for ``head``), or made now and kept."""
        if head is None:
            return None
        if found is not None:
            return found.release
        release = release_of(head, rows, retention)
        self.keep(Snapshot(head, rows, None, release))
        return release

    def clear(self) -> None:
        with self._lock:
            self._snapshots.clear()
