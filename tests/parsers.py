"""Read iCalendar bytes with the parsers real clients use; every event as UTC instants.

Each reader returns ``{uid: (start, end)}`` with aware UTC datetimes, so a test can
compare what a client would show with what tzdata defines.

- icalendar: the library we write with; takes zones from their IANA TZID.
- vobject: Radicale's parser; builds each zone from the feed's own VTIMEZONE.
- ical.js: Thunderbird's parser, run in Node.js; also uses the feed's VTIMEZONE.
"""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import icalendar
import vobject

Instants = dict[str, tuple[datetime, datetime]]

CLIENTS = Path(__file__).parent / "clients"


def read_with_icalendar(data: bytes) -> Instants:
    calendar = icalendar.Calendar.from_ical(data)
    return {
        str(event["UID"]): (_utc(event["DTSTART"].dt), _utc(event["DTEND"].dt))
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
        event.uid.value: (_utc(event.dtstart.value), _utc(event.dtend.value))
        for event in calendar.vevent_list
    }


def read_with_icaljs(data: bytes) -> Instants:
    result = subprocess.run(
        ["node", str(CLIENTS / "icaljs-read.mjs")],
        input=data,
        capture_output=True,
        check=True,
        timeout=120,
    )
    return {
        event["uid"]: (_parse(event["start"]), _parse(event["end"]))
        for event in json.loads(result.stdout)
    }


READERS = {
    "icalendar": read_with_icalendar,
    "vobject": read_with_vobject,
    "ical.js": read_with_icaljs,
}


def _utc(moment: datetime) -> datetime:
    assert moment.tzinfo is not None, f"floating time {moment} in the feed"
    return moment.astimezone(UTC)


def _parse(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)
