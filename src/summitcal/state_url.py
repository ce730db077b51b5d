"""Where state is kept: the one URL-like setting of the ledger and of the token store.

``--ledger``, ``--db``, ``LEDGER_DB`` and ``STATE_DB`` each take a plain file path (what
they always took), ``sqlite:///absolute/path`` or ``sqlite:relative/path`` (relative to
the working folder; percent-escapes are decoded). A ``pathlib.Path`` is always a path,
never read as a URL. Any other scheme is refused with one message: this release keeps
its state in SQLite only. A text is read as a URL only if it starts with ``sqlite:`` or
has a scheme followed by ``://``, so a file name with a colon in it
(``ledger-12:00.sqlite3``) stays a path.
"""

from __future__ import annotations

import os
import re
import urllib.parse
from pathlib import Path

from summitcal.errors import InputError

__all__ = ["FORMS", "StateUrlError", "sqlite_file"]

FORMS = "a file path, sqlite:///absolute/path or sqlite:relative/path"

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")


class StateUrlError(InputError):
    """A setting that names no SQLite file (a user's mistake: exit status 1)."""


def sqlite_file(setting: str | os.PathLike[str], what: str) -> Path:
    """The SQLite file ``setting`` names; ``what`` ("the revision ledger") is for the
    message of a setting that names none."""
    if isinstance(setting, os.PathLike):
        return Path(setting)
    text = setting.strip()
    if text.startswith("sqlite:"):
        return _from_url(setting, text, what)
    if _SCHEME.match(text):
        raise StateUrlError(
            f"{_shown(text)}: this release keeps its state in SQLite only; give {what} as {FORMS}"
        )
    if not text:
        raise StateUrlError(f"an empty setting names no file; give {what} as {FORMS}")
    if text == ":memory:":
        raise StateUrlError(_in_memory(what))
    return Path(setting)


def _from_url(setting: str, text: str, what: str) -> Path:
    rest = text.removeprefix("sqlite:")
    if "?" in rest or "#" in rest:
        raise StateUrlError(
            f"{_shown(text)}: options after ? or # are not read; give {what} as {FORMS}"
        )
    if rest.startswith("//"):
        host, slash, path = rest[2:].partition("/")
        if host:
            raise StateUrlError(
                f"{_shown(text)}: a SQLite file has no host; write sqlite:///absolute/path "
                "(three slashes) or sqlite:relative/path"
            )
        name = "/" + path.lstrip("/") if slash and path.strip("/") else ""
    else:
        name = rest
    name = urllib.parse.unquote(name)
    if not name:
        raise StateUrlError(f"{_shown(text)} names no file; give {what} as {FORMS}")
    if name == ":memory:":
        raise StateUrlError(_in_memory(what))
    return Path(name)


def _in_memory(what: str) -> str:
    return (
        f"{what} cannot be kept in memory (it would be lost when the process ends); "
        f"give it as {FORMS}"
    )


def _shown(text: str) -> str:
    """The setting as a message may show it: never a password."""
    try:
        parts = urllib.parse.urlsplit(text)
        password = parts.password
    except ValueError:  # not even a URL ("Invalid IPv6 URL"): show none of its rest
        scheme = text.partition("://")[0] if "://" in text else text.partition(":")[0]
        return f"{scheme}://***"
    if password is None:
        return text
    netloc = parts.netloc.replace(f":{password}@", ":***@", 1)
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc))
