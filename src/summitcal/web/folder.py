"""What schedule files the folder holds, and which of them to read again.

Only regular files directly inside the folder count: a ``*.toml`` entry that is a
symbolic link (which could point at any file on the machine), a FIFO (which would hang
its reader), a device or a folder is refused, logged once and never named to visitors.
Names starting with a dot (hidden files, editors' copies) are skipped.

A file is told changed by its signature, (size, mtime, inode) of the path itself
(``lstat``): a file replaced by another of the same size and mtime has another inode.
The decisions are pure functions of signatures and the time (:func:`needs_reading`,
:func:`listing_is_stale`); :class:`Folder` asks the file system.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import NamedTuple, Protocol

from summitcal.files import Signature, signature

__all__ = ["RACY", "Folder", "Read", "Scan", "listing_is_stale", "needs_reading"]

log = logging.getLogger(__name__)

# A file (or the folder) modified this recently may change again within the same mtime
# tick without its size changing (as git's "racy clean" entries): it is looked at again
# on every request until it is older.
RACY = 2.0


def needs_reading(
    known: Signature | None, current: Signature, now: float, settle: float, quiet: float = 0.0
) -> bool:
    """Whether a file with signature ``current`` at ``now`` must be read, when it was
    last read with ``known`` (None: never read); ``quiet``: for how long this machine
    has seen ``current`` unchanged.

    A file never read is read (once it settles). A file modified less than ``settle``
    seconds ago may still be being written: what it gave before stays. Otherwise it is
    read if its signature changed, or while it is too recent for its signature to tell.
    A file dated in the future (its age says nothing) is read when its signature changed
    and has been ``quiet`` for ``settle`` seconds.
    """
    if known is None:
        return True
    age = now - current[1] / 1e9
    if age < 0:
        return known != current and quiet >= settle
    if age < settle:
        return False
    return known != current or age < RACY


def listing_is_stale(folder_mtime_ns: int, listed_mtime_ns: int | None, now: float) -> bool:
    """Whether the folder must be listed again: it changed since it was listed (an entry
    added, removed or renamed changes its mtime), or is too recent to tell."""
    return folder_mtime_ns != listed_mtime_ns or now - folder_mtime_ns / 1e9 < RACY


class Read(Protocol):
    """A file as last read: all the watcher needs to know of it."""

    @property
    def signature(self) -> Signature: ...


class Scan(NamedTuple):
    """What a look at the folder found, against the files last read."""

    changed: list[tuple[Path, Signature]]  # to read: new, changed, or too recent to tell
    gone: list[Path]  # read before, no longer there


class Folder:
    """The ``*.toml`` regular files of one folder, listed again only when it changes."""

    def __init__(self, path: Path, settle: float, clock: Callable[[], float] = time.time) -> None:
        self.path = path
        self.settle = settle
        self.clock = clock
        self.refused: dict[str, str] = {}  # file name → why it is not read
        self._paths: list[Path] = []
        self._listed_mtime: int | None = None
        # Each file's signature and when (monotonic) it was first seen so: how long a
        # file dated in the future has been quiet.
        self._seen: dict[Path, tuple[Signature, float]] = {}

    def scan(self, known: Mapping[Path, Read]) -> Scan | None:
        """Which files to read, given the files last read (with the signature each was
        read with); None if the folder cannot be listed (logged: what was read stays)."""
        paths = self.listing()
        if paths is None:
            return None
        gone = []
        # A listing taken while a file is renamed over another may miss it (POSIX leaves
        # readdir unspecified then): a file is gone only when it cannot be found by name.
        for missing in set(known).difference(paths):
            found = signature(missing, follow_symlinks=False)
            if found is not None and missing.name not in self.refused:
                paths.append(missing)
            else:
                gone.append(missing)
        now, watch = self.clock(), time.monotonic()
        changed = []
        for path in gone:
            self._seen.pop(path, None)
        for path in paths:
            current = signature(path, follow_symlinks=False)
            if current is None:
                continue  # gone since it was listed
            seen = self._seen.get(path)
            if seen is None or seen[0] != current:
                seen = self._seen[path] = (current, watch)
            read = known.get(path)
            known_signature = None if read is None else read.signature
            if needs_reading(known_signature, current, now, self.settle, watch - seen[1]):
                changed.append((path, current))
        return Scan(changed, gone)

    def seen(self, path: Path) -> tuple[Signature, float] | None:
        """The file's signature when last scanned, and since when (monotonic) it has
        been so; for :func:`~summitcal.files.read_settled`."""
        return self._seen.get(path)

    def listing(self) -> list[Path] | None:
        """The folder's ``*.toml`` regular files, by name; the other ``*.toml`` entries
        are refused (in :attr:`refused`, and logged the first time)."""
        try:
            folder_mtime = self.path.stat().st_mtime_ns
            if listing_is_stale(folder_mtime, self._listed_mtime, self.clock()):
                paths, refused = [], {}
                with os.scandir(self.path) as entries:
                    for entry in entries:
                        if not entry.name.endswith(".toml") or entry.name.startswith("."):
                            continue
                        if entry.is_file(follow_symlinks=False):
                            paths.append(Path(entry.path))
                        else:
                            refused[entry.name] = _refusal(entry.name, entry.is_symlink())
                for name in sorted(refused.keys() - self.refused.keys()):
                    log.warning("%s", refused[name])  # its name may be private: log only
                self._paths, self.refused = sorted(paths), refused
                self._listed_mtime = folder_mtime
        except OSError as error:
            log.error("cannot list %s: %s", self.path, error)
            return None
        return list(self._paths)


def _refusal(name: str, link: bool) -> str:
    what = "a symbolic link" if link else "not a regular file"
    return f"{name}: {what}; only regular files inside the folder are served"
