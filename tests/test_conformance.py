"""Every client parser reads every event around every offset change of every zone right.

Schedule files, written the way a user writes them (several, as a file holds at most
MAX_EVENTS events), hold two events at each change of UTC offset of every canonical
zone in the tzdata package from 1970 to 2100: one that
starts 30 minutes before the change and lasts 60 minutes of elapsed time (so it spans
the change), one that starts at the change. Each zone's events are exported as the feed
for that zone, and each parser must give the instant tzdata defines for every start and
end. This covers zones with 30- and 45-minute offsets, 30-minute DST, negative DST, the
years around now, the 2030s and after 2038.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from summitcal import tzdb
from summitcal.ical import calendar_bytes, event_uid
from summitcal.ical.lint import lint
from summitcal.model import Event, Schedule
from summitcal.schedule_file import MAX_EVENTS, read_schedule
from summitcal.zones import RepeatedTimeError, resolve, transitions

from parsers import READERS, read_files

pytestmark = pytest.mark.conformance

FIRST, LAST = datetime(1970, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC)


def canonical_zones() -> list[str]:
    links = {line.split()[2] for line in tzdb.table("tzdata.zi") if line.startswith("L ")}
    return sorted(key for key in tzdb.zone_keys() if key not in links)


HEADER = [
    "[schedule]",
    'id = "every-change"',
    'title = "Every offset change of every zone, 1970-2100"',
    'zone = "UTC"',
    "revision = 2024-01-01T00:00:00Z",
]


def every_change_tomls() -> list[str]:
    """The schedule files: events around every change, with a gap/fold policy where
    needed; a zone's events all in one file, each file within the limit of events."""
    files = [list(HEADER)]
    count = 0
    for key in canonical_zones():
        lines = zone_events(key)
        events = sum(line == "[[events]]" for line in lines)
        if count + events > MAX_EVENTS:
            files.append(list(HEADER))
            count = 0
        files[-1] += lines
        count += events
    return ["\n".join(lines) + "\n" for lines in files]


def zone_events(key: str) -> list[str]:
    """The [[events]] tables of one zone's changes."""
    lines: list[str] = []
    zone = tzdb.load(key)
    slug = key.lower().replace("/", "-").replace("_", "-").replace("+", "plus")
    for number, change in enumerate(transitions(zone, FIRST, LAST)):
        for label, minutes_before, duration in (("across", 30, 60), ("at", 0, 30)):
            local = (change.instant - timedelta(minutes=minutes_before)).astimezone(zone)
            wall = local.replace(tzinfo=None)
            lines += [
                "",
                "[[events]]",
                f'id = "{slug}-{number}-{label}"',
                f'title = "{key} change {number}"',
                f'zone = "{key}"',
                f"start = {wall.isoformat()}",
                f"duration = {duration}",
            ]
            try:
                resolve(wall, zone)
            except RepeatedTimeError:
                lines.append(f'disambiguate = "{"later" if local.fold else "earlier"}"')
    return lines


@pytest.fixture(scope="module")
def every_change(tmp_path_factory: pytest.TempPathFactory) -> tuple[Schedule, dict[Path, str]]:
    """The loaded schedule, and each zone's feed written to a file (path → zone)."""
    folder = tmp_path_factory.mktemp("every-change")
    events: list[Event] = []
    for number, text in enumerate(every_change_tomls()):
        source = folder / f"every-change-{number}.toml"
        source.write_text(text, encoding="utf-8")
        part = read_schedule(source)
        events += part.events
    schedule = replace(part, events=tuple(events))
    by_zone = defaultdict(list)
    for event in schedule.events:
        by_zone[event.zone.key].append(event)
    feeds = {}
    for key, events in sorted(by_zone.items()):
        path = folder / f"{key.replace('/', '--')}.ics"
        path.write_bytes(calendar_bytes(schedule, events=tuple(events)))
        feeds[path] = key
    return schedule, feeds


def test_the_schedule_covers_what_matters(every_change: tuple[Schedule, dict[Path, str]]) -> None:
    schedule, feeds = every_change
    zones = set(feeds.values())
    assert len(zones) > 250, "every zone that has changed offset since 1970"
    for key in ("Australia/Lord_Howe", "Asia/Kathmandu", "Pacific/Chatham", "Australia/Eucla"):
        assert key in zones
    years = {event.start.year for event in schedule.events}
    assert {1970, 2024, 2025, 2035, 2038, 2039, 2099} <= years
    spanning = [e for e in schedule.events if e.start.utcoffset() != e.end.utcoffset()]
    assert len(spanning) > len(schedule.events) // 3, "many events span the change"


@pytest.mark.parametrize("reader", READERS)
def test_every_parser_reads_every_change_at_the_tzdata_instant(
    reader: str, every_change: tuple[Schedule, dict[Path, str]]
) -> None:
    schedule, feeds = every_change
    if reader in ("ical.js", "libical"):
        results = read_files(reader, feeds)
    else:
        results = {path: READERS[reader](path.read_bytes()) for path in feeds}
    read = {uid: instants for per_file in results.values() for uid, instants in per_file.items()}
    wrong = defaultdict(list)
    for event in schedule.events:
        expected = (event.start.astimezone(UTC), event.end.astimezone(UTC))
        got = read.get(event_uid(schedule, event))
        if got != expected:
            wrong[event.zone.key].append(f"{event.id}: read {got}, tzdata {expected}")
    summary = [f"{zone} ({len(items)}): {items[0]}" for zone, items in sorted(wrong.items())]
    assert not wrong, f"{sum(map(len, wrong.values()))} events misread:\n" + "\n".join(summary)


def test_summitcal_lint_finds_nothing_in_any_zone_feed(
    every_change: tuple[Schedule, dict[Path, str]],
) -> None:
    """Nothing but the advice to name legacy zones (EST5EDT) by a place."""
    findings = {}
    for path, key in every_change[1].items():
        found = [f for f in lint(path.read_bytes()) if f.code != "abbreviation-tzid" or "/" in key]
        if found:
            findings[key] = found
    assert not findings, f"{len(findings)} zone feeds have findings: {list(findings.items())[:2]}"
