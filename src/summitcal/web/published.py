"""One schedule as served: the model, its feed's bytes rendered once, and their
validators, made from a file (without a ledger) or from the ledger's release."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from werkzeug.http import http_date

from summitcal.ical import calendar_bytes
from summitcal.ical.feed import Stamp
from summitcal.model import Schedule
from summitcal.revisions import Release
from summitcal.web.conditional import etag_of

__all__ = ["Published", "from_file", "from_release"]


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


def from_file(path: Path, schedule: Schedule) -> Published:
    """Without a ledger: sequence 0, stamps from the revision (or the file's mtime)."""
    try:
        mtime = path.stat().st_mtime
    except OSError:
        mtime = 0
    last_modified = schedule.revision or datetime.fromtimestamp(int(mtime), UTC)
    return _published(path, schedule, calendar_bytes(schedule), last_modified)


def from_release(path: Path, release: Release) -> Published:
    """The ledger's release of the schedule read from ``path``."""
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
        etag=etag_of(feed),
        last_modified=last_modified,
        last_modified_header=http_date(last_modified),
        version=version,
        stamps=stamps,
        expires=expires,
    )
