"""Writing files so that readers see the old version or the new one, never a part, and
reading files that others may be writing in place."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
import time
from pathlib import Path

__all__ = [
    "NotRegularFileError",
    "Signature",
    "StillChangingError",
    "read_regular",
    "read_settled",
    "signature",
    "write_atomically",
]

Signature = tuple[int, int, int]  # size, mtime in ns, inode


class NotRegularFileError(OSError):
    """The path is a symbolic link, a FIFO, a device or a folder, not a regular file."""


def read_regular(path: Path, limit: int) -> tuple[bytes, Signature]:
    """The bytes of the regular file at ``path`` (at most ``limit`` + 1 of them: more
    means too large) and its signature, read from one open file.

    A symbolic link is not followed and a FIFO or a device is not read (opened without
    blocking, then refused), so a folder served to the world yields only its own files
    and no file can hang its reader. Raises OSError (:class:`NotRegularFileError` for
    anything that is not a regular file).
    """
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
    try:
        handle = os.open(path, flags)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise NotRegularFileError(errno.ELOOP, "a symbolic link", str(path)) from None
        raise
    try:
        status = os.fstat(handle)
        if not stat.S_ISREG(status.st_mode):
            raise NotRegularFileError(errno.EINVAL, _kind(status.st_mode), str(path))
        chunks = []
        left = limit + 1
        while left > 0:
            chunk = os.read(handle, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    finally:
        os.close(handle)
    return b"".join(chunks), _signature(status)


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device"


def signature(path: Path, *, follow_symlinks: bool = True) -> Signature | None:
    """What changes when the file does (None if it cannot be found); with
    ``follow_symlinks=False``, of the link itself if the path is one."""
    try:
        status = path.stat(follow_symlinks=follow_symlinks)
    except OSError:
        return None
    return _signature(status)


def _signature(status: os.stat_result) -> Signature:
    return (status.st_size, status.st_mtime_ns, status.st_ino)


class StillChangingError(OSError):
    """The file was not quiet, or changed while it was read, until the reader gave up
    (after ``patience`` seconds)."""

    def __init__(self, patience: float) -> None:
        super().__init__(
            errno.EAGAIN, f"it kept changing for {patience:g} s; try again once it is written"
        )
        self.patience = patience


def read_settled(
    path: Path,
    settle: float = 0.1,
    patience: float = 10.0,
    *,
    limit: int | None = None,
    seen: tuple[Signature, float] | None = None,
) -> tuple[bytes, Signature]:
    """The file's bytes, once it has been quiet for ``settle`` seconds and did not change
    while read, with its signature from before the read.

    A file rewritten in place can be caught half written, and the first half of a
    schedule can itself be a valid schedule with fewer events. One read is always
    tried; a wait for the file to be quiet that would end after ``patience`` seconds is
    not begun (so ``patience=0`` never waits). With ``limit``, only a regular file is
    read, as :func:`read_regular` reads it: no link followed, at most ``limit`` + 1
    bytes. Raises OSError (:class:`StillChangingError`, EAGAIN, when it did not settle).

    Quiet is told by the file's age, except for a file dated in the future (copied with
    its times from a machine whose clock is ahead, or on a file server whose clock is):
    its age says nothing, so it is quiet once its signature has stayed the same for
    ``settle`` seconds of this machine's monotonic clock, watched from ``seen`` (a
    signature and when the caller saw it) or from now.
    """
    follow = limit is None
    deadline = time.monotonic() + patience
    watched = seen
    while True:
        status = path.stat(follow_symlinks=follow)
        before = _signature(status)
        age = time.time() - status.st_mtime
        if age >= 0:
            wait = settle - age
        else:
            if watched is None or watched[0] != before:
                watched = (before, time.monotonic())
            wait = settle - (time.monotonic() - watched[1])
        if wait <= 0:
            if limit is None:
                data, opened = path.read_bytes(), before
            else:
                data, opened = read_regular(path, limit)
            if opened == before and signature(path, follow_symlinks=follow) == before:
                return data, before
            wait = 0.0  # changed while read: look at it again
        if time.monotonic() + wait >= deadline:
            raise StillChangingError(patience)
        time.sleep(wait)


def write_atomically(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, sync it, and rename it into place.

    The new file keeps the permissions of the one it replaces, or gets the usual ones
    for a new file (0666 less the umask). On any failure the temporary file is removed
    and ``path`` is untouched.

    Raises:
        OSError: the folder cannot be written, or the disk is full.
    """
    target = path if path.parent != Path() else Path.cwd() / path
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        temporary.chmod(_mode_for(target))
        temporary.replace(target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _mode_for(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
