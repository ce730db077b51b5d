"""Read iCalendar bytes with the parsers real clients use; every event as UTC instants.

Each reader returns ``{uid: (start, end)}`` with aware UTC datetimes, so a test can
compare what a client would show with what tzdata defines; a DATE (an all-day event)
comes back as a :class:`~datetime.date`, and only where the parser itself reads a date
(icalendar and vobject give a ``date``, not a ``datetime``; ical.js a Time whose
``isDate`` is set; libical an icaltimetype for which ``icaltime_is_date`` holds).

- icalendar: the library we write with; takes zones from their IANA TZID, not from
  the feed's VTIMEZONE, so it checks that TZIDs are real names.
- vobject: Radicale's parser; builds each zone from the feed's VTIMEZONE (dateutil).
- ical.js: Thunderbird's parser, run in Node.js; uses the feed's VTIMEZONE.
- libical: Evolution's parser, a small C program; uses the feed's VTIMEZONE.

The two external ones also read many files in one process (:func:`read_files`).
:data:`REVISION_READERS` return each event's SEQUENCE and STATUS as each parser reads them,
:data:`TRANSP_READERS` its TRANSP ("" where it has none).
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable, Iterable
from datetime import UTC, date, datetime
from pathlib import Path

import icalendar
import vobject

# An aware UTC instant for a DATE-TIME, a date for a DATE.
When = datetime | date
Instants = dict[str, tuple[When, When]]

CLIENTS = Path(__file__).parent / "clients"
LIBICAL_READER = CLIENTS / "build" / "libical-read"
_COMMANDS = {
    "ical.js": ["node", str(CLIENTS / "icaljs-read.mjs")],
    "libical": [str(LIBICAL_READER)],
}


def read_with_icalendar(data: bytes) -> Instants:
    calendar = icalendar.Calendar.from_ical(data)
    return {
        str(event["UID"]): (_when(event["DTSTART"].dt), _when(event["DTEND"].dt))
        for event in calendar.walk("VEVENT")
    }


def read_with_vobject(data: bytes) -> Instants:
    # vobject keeps the first VTIMEZONE it sees for a TZID for the life of the process
    # and ignores later ones; start each read as a fresh client would.
    registry = vars(vobject.icalendar)["__tzidMap"]
    utc = registry.get("UTC")
    registry.clear()
    registry["UTC"] = utc
    calendar = vobject.readOne(data.decode("utf-8"))
    return {
        event.uid.value: (_when(event.dtstart.value), _when(event.dtend.value))
        for event in calendar.vevent_list
    }


def _external(name: str) -> Callable[[bytes], Instants]:
    def read(data: bytes) -> Instants:
        result = subprocess.run(
            _COMMANDS[name], input=data, capture_output=True, check=True, timeout=300
        )
        return _instants(json.loads(result.stdout))

    return read


def read_files(name: str, paths: Iterable[Path]) -> dict[Path, Instants]:
    """Read many files in one run of an external parser (``ical.js`` or ``libical``)."""
    return {path: _instants(events) for path, events in _external_files(name, paths).items()}


def read_files_transp(name: str, paths: Iterable[Path]) -> dict[Path, dict[str, str]]:
    """Each event's TRANSP in many files, read in one run of an external parser."""
    return {path: _transps(events) for path, events in _external_files(name, paths).items()}


def _external_files(name: str, paths: Iterable[Path]) -> dict[Path, list[dict[str, str | int]]]:
    paths = list(paths)
    result = subprocess.run(
        [*_COMMANDS[name], *map(str, paths)], capture_output=True, check=True, timeout=1800
    )
    by_name = json.loads(result.stdout)
    return {path: by_name[str(path)] for path in paths}


READERS: dict[str, Callable[[bytes], Instants]] = {
    "icalendar": read_with_icalendar,
    "vobject": read_with_vobject,
    "ical.js": _external("ical.js"),
    "libical": _external("libical"),
}
USES_VTIMEZONE = ("vobject", "ical.js", "libical")


Revisions = dict[str, tuple[int, str]]


def _revisions_icalendar(data: bytes) -> Revisions:
    calendar = icalendar.Calendar.from_ical(data)
    return {
        str(e["UID"]): (int(e.get("SEQUENCE", 0)), str(e.get("STATUS", "")))
        for e in calendar.walk("VEVENT")
    }


def _revisions_vobject(data: bytes) -> Revisions:
    calendar = vobject.readOne(data.decode("utf-8"))
    return {e.uid.value: (int(e.sequence.value), e.status.value) for e in calendar.vevent_list}


def _revisions_external(name: str) -> Callable[[bytes], Revisions]:
    def read(data: bytes) -> Revisions:
        result = subprocess.run(
            _COMMANDS[name], input=data, capture_output=True, check=True, timeout=300
        )
        return {
            str(e["uid"]): (int(e["sequence"]), str(e["status"])) for e in json.loads(result.stdout)
        }

    return read


REVISION_READERS: dict[str, Callable[[bytes], Revisions]] = {
    "icalendar": _revisions_icalendar,
    "vobject": _revisions_vobject,
    "ical.js": _revisions_external("ical.js"),
    "libical": _revisions_external("libical"),
}


Transps = dict[str, str]


def _transp_icalendar(data: bytes) -> Transps:
    calendar = icalendar.Calendar.from_ical(data)
    return {str(e["UID"]): str(e.get("TRANSP", "")) for e in calendar.walk("VEVENT")}


def _transp_vobject(data: bytes) -> Transps:
    calendar = vobject.readOne(data.decode("utf-8"))
    return {
        e.uid.value: e.transp.value if "transp" in e.contents else "" for e in calendar.vevent_list
    }


def _transp_external(name: str) -> Callable[[bytes], Transps]:
    def read(data: bytes) -> Transps:
        result = subprocess.run(
            _COMMANDS[name], input=data, capture_output=True, check=True, timeout=300
        )
        return _transps(json.loads(result.stdout))

    return read


TRANSP_READERS: dict[str, Callable[[bytes], Transps]] = {
    "icalendar": _transp_icalendar,
    "vobject": _transp_vobject,
    "ical.js": _transp_external("ical.js"),
    "libical": _transp_external("libical"),
}


def _instants(events: list[dict[str, str | int]]) -> Instants:
    return {str(e["uid"]): (_parse(e["start"]), _parse(e["end"])) for e in events}


def _transps(events: list[dict[str, str | int]]) -> Transps:
    return {str(e["uid"]): str(e["transp"]) for e in events}


def _when(moment: date) -> When:
    """A Python parser's value: a date stays a date, a datetime becomes UTC."""
    if not isinstance(moment, datetime):
        return moment
    assert moment.tzinfo is not None, f"floating time {moment} in the feed"
    return moment.astimezone(UTC)


def _parse(value: str | int) -> When:
    """An external reader's value: a Unix time or an ISO instant, or a date it read as a
    DATE (``2024-11-14``, no time of day)."""
    if isinstance(value, int):
        return datetime.fromtimestamp(value, UTC)
    if "T" not in value:
        return date.fromisoformat(value)
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)
