"""Writing files so that readers see the old version or the new one, never a part, and
reading files that others may be writing in place."""

from __future__ import annotations

import errno
import os
import tempfile
import time
from pathlib import Path

__all__ = ["Signature", "read_settled", "signature", "write_atomically"]

Signature = tuple[int, int, int]  # size, mtime in ns, inode


def signature(path: Path) -> Signature | None:
    """What changes when the file does (None if it cannot be found)."""
    try:
        status = path.stat()
    except OSError:
        return None
    return (status.st_size, status.st_mtime_ns, status.st_ino)


def read_settled(
    path: Path, settle: float = 0.1, patience: float = 10.0
) -> tuple[bytes, Signature]:
    """The file's bytes, once it has been quiet for ``settle`` seconds and did not change
    while read, with its signature from before the read.

    A file rewritten in place can be caught half written, and the first half of a
    schedule can itself be a valid schedule with fewer events. Raises OSError (EAGAIN
    when it kept changing for ``patience`` seconds).
    """
    deadline = time.monotonic() + patience
    while time.monotonic() < deadline:
        status = path.stat()
        age = time.time() - status.st_mtime
        if age < settle:
            time.sleep(settle - age)
            continue
        before = (status.st_size, status.st_mtime_ns, status.st_ino)
        data = path.read_bytes()
        if signature(path) == before:
            return data, before
    raise OSError(
        errno.EAGAIN, f"it kept changing for {patience:g} s; try again once it is written"
    )


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
