"""A schedule's history as people and programs read it: text lines, JSON, Atom.

The Atom feed (RFC 4287) has one entry per published version, newest first, so a
press office can follow changes in any feed reader; ids are derived from the
schedule's UID domain and id, so they never change between renderings.
"""

from __future__ import annotations

import re
import uuid
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from typing import Any

from summitcal.clocks import place_of
from summitcal.languages import ngettext, pgettext
from summitcal.model import Schedule
from summitcal.revisions.records import Change, Version
from summitcal.revisions.snapshot import TEXTS_MODIFIED
from summitcal.revisions.words import describe_change
from summitcal.timerange import utc_stamp

__all__ = ["history_atom", "history_json", "history_lines"]

_ATOM = "http://www.w3.org/2005/Atom"


def history_lines(versions: list[Version], home_zone: str, home_name: str = "") -> list[str]:
    """``version 2, published 2024-11-17 19:00 UTC`` then one ``  - change`` line each;
    the home clock named ``home_name`` if given (see :func:`describe_change`)."""
    lines: list[str] = []
    for version in versions:
        count = len(version.changes)
        lines.append(
            ngettext(
                "version {version}, published {when}: {count} change",
                "version {version}, published {when}: {count} changes",
                count,
            ).format(version=version.version, when=_spoken(version.published), count=count)
        )
        lines.extend(
            f"  - {describe_change(change, home_zone, home_name)}" for change in version.changes
        )
    return lines


def _words(change: Change, schedule: Schedule) -> str:
    """The change in the language being written, the home clock named as the views
    name it in that language."""
    home = place_of(schedule, schedule.home_zone)
    return describe_change(change, schedule.home_zone.key, home)


def history_json(schedule: Schedule, versions: list[Version]) -> dict[str, Any]:
    """Every version with its changes, in words and as before/after states."""
    return {
        "schedule": schedule.id,
        "title": schedule.title,
        "version": versions[0].version if versions else 0,
        "versions": [
            {
                "version": version.version,
                "published": _utc(version.published),
                "changes": [
                    {
                        "kind": change.kind.value,
                        "event": change.event_id,
                        "sequence": change.sequence,
                        "summary": _words(change, schedule),
                        "before": _shown(change.before),
                        "after": _shown(change.after),
                    }
                    for change in version.changes
                ],
            }
            for version in versions
        ],
    }


def history_atom(
    schedule: Schedule, versions: list[Version], page_url: str, self_url: str
) -> bytes:
    """The history as an Atom feed; ``page_url`` is the schedule's page."""
    ET.register_namespace("", _ATOM)
    feed = ET.Element(f"{{{_ATOM}}}feed")
    _add(
        feed,
        "title",
        pgettext("history feed: its title", "{title}: changes").format(title=schedule.title),
    )
    subtitle = pgettext(
        "history feed: its subtitle; {schedule} is the schedule's id, quoted",
        "What changed in the published schedule {schedule}",
    )
    _add(feed, "subtitle", subtitle.format(schedule=repr(schedule.id)))
    _add(feed, "id", _urn(schedule, "history"))
    updated = versions[0].published if versions else datetime(1970, 1, 1, tzinfo=UTC)
    _add(feed, "updated", _utc(updated))
    author = ET.SubElement(feed, f"{{{_ATOM}}}author")
    _add(author, "name", schedule.uid_domain)
    ET.SubElement(feed, f"{{{_ATOM}}}link", rel="self", href=self_url, type="application/atom+xml")
    ET.SubElement(feed, f"{{{_ATOM}}}link", rel="alternate", href=page_url, type="text/html")
    _add(feed, "generator", "summitcal")
    for version in versions:
        summaries = [_words(c, schedule) for c in version.changes]
        entry = ET.SubElement(feed, f"{{{_ATOM}}}entry")
        nothing = pgettext("history feed: a version without changes", "no changes")
        title = summaries[0] if summaries else nothing
        if len(summaries) > 1:
            title = pgettext(
                "history feed: the first change of several", "{change} (and {more} more)"
            ).format(change=title, more=len(summaries) - 1)
        _add(
            entry,
            "title",
            pgettext("history feed: an entry's title", "Version {version}: {change}").format(
                version=version.version, change=title
            ),
        )
        _add(entry, "id", _urn(schedule, f"version/{version.version}"))
        _add(entry, "updated", _utc(version.published))
        _add(entry, "published", _utc(version.published))
        ET.SubElement(entry, f"{{{_ATOM}}}link", rel="alternate", href=page_url, type="text/html")
        _add(entry, "content", "\n".join(summaries) or nothing, type="text")
    data: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return data + b"\n"


def _add(parent: ET.Element, name: str, text: str, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{_ATOM}}}{name}", attributes)
    element.text = _XML_INVALID.sub("\ufffd", text)  # XML 1.0 cannot carry them at all
    return element


_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _urn(schedule: Schedule, what: str) -> str:
    name = f"summitcal:{schedule.uid_domain}:{schedule.id}:{what}"
    return uuid.uuid5(uuid.NAMESPACE_URL, name).urn


def _utc(moment: datetime) -> str:
    return utc_stamp(moment)


def _spoken(moment: datetime) -> str:
    """``2024-11-17 19:00:00 UTC`` (a four-digit year, as in the stamps)."""
    stamp = utc_stamp(moment)
    return f"{stamp[:10]} {stamp[11:19]} UTC"


def _shown(state: dict[str, Any] | None) -> dict[str, Any] | None:
    """A state as the history shows it: the event's fields, not the ledger's dates of
    its translations."""
    if state is None or TEXTS_MODIFIED not in state:
        return state
    return {key: value for key, value in state.items() if key != TEXTS_MODIFIED}
