"""Where state is kept: the one URL-like setting of the ledger and of the token store.

``--state``, ``--ledger``, ``--db``, ``LEDGER_DB`` and ``STATE_DB`` each take a plain
file path (what they always took), ``sqlite:///absolute/path`` or
``sqlite:relative/path`` (relative to the working folder; percent-escapes are decoded),
or a PostgreSQL server's ``postgresql://user@host/database`` (``postgres://`` too; any
option libpq takes, ``?sslmode=require``, say), which :func:`locate` gives as a
:class:`ServerUrl`. A ``pathlib.Path`` is always a path, never read as a URL. Any other
scheme is refused with one message (exit status 1), and so is a PostgreSQL URL libpq
cannot read, with exit status 3, as an unreachable server is: the operator's to fix. A
text is read as a URL only if it starts with ``sqlite:`` or has a scheme followed by
``://``, so a file name with a colon in it (``ledger-12:00.sqlite3``) stays a path. No
message ever shows a URL's password (:func:`shown`).
"""

from __future__ import annotations

import os
import re
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

from summitcal.errors import EXIT_STATE, InputError
from summitcal.messages import N_, Message, Value

__all__ = [
    "FORMS",
    "ServerUrl",
    "ServerUrlError",
    "StateUrlError",
    "locate",
    "shown",
    "sqlite_file",
]

# TRANSLATORS: the ways to give a state setting, after "give the revision ledger as"
FORMS = N_("a file path, sqlite:///absolute/path or sqlite:relative/path")
SERVER_FORM = "postgresql://user@host/database"
# TRANSLATORS: the ways to give a state setting, after "give the revision ledger as"
ALL_FORMS = N_(
    "a file path, sqlite:///absolute/path, sqlite:relative/path or {server}", server=SERVER_FORM
)
_SERVER_SCHEMES = ("postgresql://", "postgres://")

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")


class StateUrlError(InputError):
    """A setting that names no SQLite file (a user's mistake: exit status 1)."""


class ServerUrlError(StateUrlError):
    """A PostgreSQL URL that libpq cannot read: like an unreachable server, exit status 3
    (the state cannot be used) and 503 from the service."""

    exit_code = EXIT_STATE
    http_status = 503


@dataclass(frozen=True, slots=True)
class ServerUrl:
    """A PostgreSQL server's database, as libpq reads ``url``; ``str()`` is the URL
    without its password, for messages and logs."""

    url: str

    def __str__(self) -> str:
        return shown(self.url)

    def __repr__(self) -> str:
        return f"ServerUrl({shown(self.url)!r})"

    def scrub(self, text: str) -> str:
        """``text`` (a server's or libpq's message) without this URL's password."""
        text = text.replace(self.url, shown(self.url))
        for secret in _passwords(self.url):
            text = text.replace(secret, "***")
        return text


def locate(setting: str | os.PathLike[str], what: Value) -> Path | ServerUrl:
    """The SQLite file or the PostgreSQL database ``setting`` names; ``what`` ("the
    revision ledger") is for the message of a setting that names neither."""
    if isinstance(setting, os.PathLike):
        return Path(setting)
    text = setting.strip()
    if text.lower().startswith(_SERVER_SCHEMES):
        return _server(text, what)
    return sqlite_file(setting, what, forms=ALL_FORMS)


def _server(text: str, what: Value) -> ServerUrl:
    from psycopg import Error
    from psycopg.conninfo import conninfo_to_dict

    try:
        conninfo_to_dict(text)
    except Error as error:
        reason = str(error).strip().splitlines()[0] if str(error).strip() else "unreadable"
        reason = reason.replace(text, shown(text))
        if any(secret and secret in reason for secret in _passwords(text)):
            reason = "libpq cannot read it"
        raise ServerUrlError(
            N_(
                "{setting}: not a PostgreSQL URL libpq can read ({reason}); give {what} as {forms}",
                setting=shown(text),
                reason=reason,
                what=what,
                forms=SERVER_FORM,
            )
        ) from None
    return ServerUrl(text)


def sqlite_file(setting: str | os.PathLike[str], what: Value, forms: Value = FORMS) -> Path:
    """The SQLite file ``setting`` names; ``what`` ("the revision ledger") is for the
    message of a setting that names none, and ``forms`` what it may be instead."""
    if isinstance(setting, os.PathLike):
        return Path(setting)
    text = setting.strip()
    if text.startswith("sqlite:"):
        return _from_url(setting, text, what)
    if _SCHEME.match(text):
        scheme = text.partition("://")[0]
        raise StateUrlError(
            N_(
                "{setting}: summitcal keeps no state in {scheme}; give {what} as {forms}",
                setting=shown(text),
                scheme=scheme,
                what=what,
                forms=forms,
            )
        )
    if not text:
        raise StateUrlError(
            N_("an empty setting names no file; give {what} as {forms}", what=what, forms=FORMS)
        )
    if text == ":memory:":
        raise StateUrlError(_in_memory(what))
    return Path(setting)


def _from_url(setting: str, text: str, what: Value) -> Path:
    rest = text.removeprefix("sqlite:")
    if "?" in rest or "#" in rest:
        raise StateUrlError(
            N_(
                "{setting}: options after ? or # are not read; give {what} as {forms}",
                setting=shown(text),
                what=what,
                forms=FORMS,
            )
        )
    if rest.startswith("//"):
        host, slash, path = rest[2:].partition("/")
        if host:
            raise StateUrlError(
                N_(
                    "{setting}: a SQLite file has no host; write sqlite:///absolute/path "
                    "(three slashes) or sqlite:relative/path",
                    setting=shown(text),
                )
            )
        name = "/" + path.lstrip("/") if slash and path.strip("/") else ""
    else:
        name = rest
    name = urllib.parse.unquote(name)
    if not name:
        raise StateUrlError(
            N_(
                "{setting} names no file; give {what} as {forms}",
                setting=shown(text),
                what=what,
                forms=FORMS,
            )
        )
    if name == ":memory:":
        raise StateUrlError(_in_memory(what))
    return Path(name)


def _in_memory(what: Value) -> Message:
    return N_(
        "{what} cannot be kept in memory (it would be lost when the process ends); give it "
        "as {forms}",
        what=what,
        forms=FORMS,
    )


_PASSWORD_OPTION = re.compile(r"(?i)([?&]password=)[^&#]*")


def shown(text: str) -> str:
    """The setting as a message may show it: never a password, neither in the user
    part (``user:***@host``) nor as an option (``?password=***``). Read without a URL
    parser, which refuses some URLs libpq reads: everything from the first ``:`` of the
    user part to its last ``@`` is hidden (more than the password, at worst)."""
    scheme, sep, rest = text.partition("://")
    if sep:
        at = rest.rfind("@")
        if at >= 0 and ":" in rest[:at]:
            user = rest[:at].partition(":")[0]
            rest = f"{user}:***{rest[at:]}"
        text = f"{scheme}{sep}{rest}"
    return _PASSWORD_OPTION.sub(r"\1***", text)


def _passwords(text: str) -> list[str]:
    """What ``text`` may give as a password, as written and decoded."""
    rest = text.partition("://")[2]
    at = rest.rfind("@")
    found = [rest[:at].partition(":")[2]] if at >= 0 else []
    found += [m.group(0).partition("=")[2] for m in _PASSWORD_OPTION.finditer(text)]
    return [p for value in found for p in (value, urllib.parse.unquote(value)) if p]
