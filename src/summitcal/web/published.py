"""One schedule as served: the model, its feed's bytes rendered once (in the schedule's
default language; the others are variants, :mod:`summitcal.web.views`), and their
validators, made from a file (without a ledger) or from the ledger's release."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from werkzeug.http import http_date

from summitcal.ical import calendar_bytes
from summitcal.ical.feed import Stamp
from summitcal.languages import speaking
from summitcal.localized import default_language
from summitcal.model import Schedule
from summitcal.revisions import Release
from summitcal.revisions.records import stamps_in
from summitcal.web.conditional import etag_of

__all__ = ["Published", "from_file", "from_release"]


@dataclass(frozen=True, slots=True)
class Published:
    """One schedule as served: the model, its feed bytes, and their validators."""

    path: Path
    schedule: Schedule  # with the ledger: the release (removed events kept, cancelled)
    feed: bytes
    etag: str  # strong, quoted, from the feed's bytes
    # What every rendering is made from: the feed's bytes and the other languages'
    # texts, which the default language's feed leaves out (renderings are kept by it).
    content: str
    last_modified: datetime  # the ledger's last change, else the revision or the mtime
    last_modified_header: str  # the same as an HTTP date, made once
    version: int = 0  # the ledger's version; 0 without a ledger
    stamps: Mapping[str, Stamp] | None = None  # event id → SEQUENCE and stamps
    # event id → language → when its text in that language last changed (the ledger's)
    texts_modified: Mapping[str, Mapping[str, datetime]] = field(default_factory=dict)
    expires: float | None = None  # when a cancelled event leaves the feed (time.time())

    def stamps_in(self, language: str) -> Mapping[str, Stamp] | None:
        """The stamps of ``language``'s feed (see :meth:`summitcal.revisions.Release.stamps_in`)."""
        if self.stamps is None:
            return None
        return stamps_in(self.stamps, self.texts_modified, language)


def from_file(path: Path, schedule: Schedule) -> Published:
    """Without a ledger: sequence 0, stamps from the revision (or the file's mtime)."""
    try:
        mtime = path.stat().st_mtime
    except OSError:
        mtime = 0
    last_modified = schedule.revision or datetime.fromtimestamp(int(mtime), UTC)
    with speaking(default_language(schedule)):
        feed = calendar_bytes(schedule)
    return _published(path, schedule, feed, last_modified)


def from_release(path: Path, release: Release) -> Published:
    """The ledger's release of the schedule read from ``path``."""
    with speaking(default_language(release.schedule)):
        feed = calendar_bytes(release.schedule, stamps=release.stamps)
    return _published(
        path,
        release.schedule,
        feed,
        release.modified,
        version=release.version,
        stamps=release.stamps,
        expires=release.expires.timestamp() if release.expires else None,
        texts_modified=release.texts_modified,
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
    texts_modified: Mapping[str, Mapping[str, datetime]] | None = None,
) -> Published:
    return Published(
        path=path,
        schedule=schedule,
        feed=feed,
        etag=etag_of(feed),
        content=_content(feed, schedule),
        last_modified=last_modified,
        last_modified_header=http_date(last_modified),
        version=version,
        stamps=stamps,
        expires=expires,
        texts_modified=texts_modified or {},
    )


def _content(feed: bytes, schedule: Schedule) -> str:
    """The feed's bytes and every language's text, hashed."""
    digest = hashlib.sha256(feed)
    texts = (schedule.languages, schedule.texts, tuple(event.texts for event in schedule.events))
    digest.update(repr(texts).encode())
    return digest.hexdigest()
