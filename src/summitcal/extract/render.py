"""An extraction as a draft schedule file (TOML, with the findings as comments), as JSON
(the fields ``POST /api/extract`` answers with), or as text for a person checking the
draft."""

from __future__ import annotations

import re
from typing import Any

import tomli_w

from summitcal.extract.records import Conversion, ExtractedEvent, Extraction
from summitcal.model import Certainty

__all__ = ["as_json", "as_text", "as_toml"]


def as_json(extraction: Extraction) -> dict[str, Any]:
    return {
        "document_date": extraction.document_date.isoformat() if extraction.document_date else None,
        "document_date_reason": extraction.date_reason,
        "title": extraction.title,
        "zone": extraction.local.zone,
        "zone_reason": extraction.local.reason,
        "home_zone": extraction.home.zone,
        "home_zone_reason": extraction.home.reason,
        "findings": list(extraction.findings),
        "events": [_event_json(event) for event in extraction.events],
    }


def _event_json(event: ExtractedEvent) -> dict[str, Any]:
    announced = event.start_certainty is not Certainty.NOT_ANNOUNCED
    return {
        "id": event.id,
        "title": event.title,
        "kind": event.kind.value,
        # The contract: `start` only when the text gives it; an estimate is apart.
        "start": _minute(event.start) if event.start and announced else None,
        "estimated_start": _minute(event.start) if event.start and not announced else None,
        "zone": event.zone,
        "duration_minutes": event.duration_minutes,
        "approximate": event.hedged,
        "start_certainty": event.start_certainty.value,
        "end_certainty": event.end_certainty.value,
        "follows": event.follows,
        "location": event.location,
        "stated_times": [
            {
                "zone": stated.zone,
                "time": _minute(stated.time),
                "label": stated.label,
                "date_stated": stated.date_stated,
            }
            for stated in event.stated_times
        ],
        "conversion": event.conversion,
        "conversion_error_minutes": event.conversion_error_minutes,
        "conversion_cause": event.conversion_cause,
        "notes": list(event.notes),
        "source": {
            "start": event.sentence.start,
            "end": event.sentence.end,
            "sentence": event.sentence.text,
        },
    }


def as_toml(extraction: Extraction, source_name: str) -> str:
    """A schedule file `summitcal check` accepts: every event that has a time, and the
    ones that cannot be placed commented out, with what to check as comments."""
    lines = [
        f"# Draft schedule extracted by summitcal from {_one_line(source_name)}.",
        "# Check every event against its `source` sentence before publishing it.",
        f"# Document date: {extraction.document_date or 'not found'} ({_one_line(extraction.date_reason)})",
        f"# Local zone: {extraction.local.zone}: {_one_line(extraction.local.reason)}",
        f"# Home zone: {extraction.home.zone}: {_one_line(extraction.home.reason)}",
    ]
    for finding in extraction.findings:
        lines.append(f"# Finding: {_one_line(finding)}")
    schedule = {
        "schedule": {
            "id": _schedule_id(extraction),
            "title": extraction.title,
            "zone": extraction.local.zone,
            "home_zone": extraction.home.zone,
            "description": f"Drafted by summitcal extract from {_one_line(source_name)}.",
        }
    }
    lines += ["", tomli_w.dumps(schedule).rstrip()]
    placed = {event.id for event in extraction.events if event.start is not None}
    for event in extraction.events:
        lines.append("")
        for stated in event.stated_times:
            verdict = event.conversion.value
            if event.conversion is Conversion.INCONSISTENT:
                verdict += (
                    f" by {event.conversion_error_minutes:+d} minutes ({event.conversion_cause})"
                )
            lines.append(
                f"# Stated: {stated.time:%Y-%m-%d %H:%M} {stated.zone} (“{_one_line(stated.label)}”): {verdict}"
            )
        table = tomli_w.dumps({"events": [_event_table(event, placed)]}).rstrip()
        if event.start is None:
            lines.append(
                "# Not placed: the source gives no usable time. Add `start`, then uncomment:"
            )
            table = "\n".join("# " + line for line in table.splitlines())
        lines.append(table)
    return "\n".join(lines) + "\n"


def _event_table(event: ExtractedEvent, placed: set[str]) -> dict[str, Any]:
    table: dict[str, Any] = {"id": event.id, "title": event.title, "kind": event.kind.value}
    if event.start is not None:
        table["start"] = event.start
    if event.duration_minutes is not None:
        table["duration"] = event.duration_minutes
    if event.start_certainty is not Certainty.EXACT and event.start is not None:
        table["start_certainty"] = event.start_certainty.value
    if event.end_certainty is not Certainty.EXACT and event.start is not None:
        table["end_certainty"] = event.end_certainty.value
    if event.follows and event.follows in placed:
        table["follows"] = event.follows
    if event.location:
        table["location"] = event.location
    table["zone"] = event.zone
    table["source"] = " ".join(event.sentence.text.split())
    notes = [n[:1].upper() + n[1:] for n in event.notes]
    if notes:
        table["description"] = ". ".join(n.rstrip(".") for n in notes) + "."
    return table


def as_text(extraction: Extraction, source_name: str) -> str:
    out = [
        f"{extraction.title} ({source_name})",
        f"Document date: {extraction.document_date or 'not found'} ({extraction.date_reason})",
        f"Local zone: {extraction.local.zone} ({extraction.local.reason})",
        f"Home zone: {extraction.home.zone} ({extraction.home.reason})",
        "",
    ]
    if not extraction.events:
        out.append("No events found.")
    for event in extraction.events:
        when = "not placed" if event.start is None else f"{event.start:%a %d %b %H:%M}"
        marks = {Certainty.APPROXIMATE: "~", Certainty.NOT_ANNOUNCED: "(estimate) "}
        mark = marks.get(event.start_certainty, "") if event.start is not None else ""
        length = f", {event.duration_minutes} min" if event.duration_minutes else ""
        out.append(f"{mark}{when} {event.zone}{length}  {event.title}")
        for stated in event.stated_times:
            verdict = event.conversion.value
            if event.conversion is Conversion.INCONSISTENT:
                verdict = f"INCONSISTENT by {event.conversion_error_minutes:+d} min: {event.conversion_cause}"
            elif event.conversion_error_minutes:
                verdict += f" (within tolerance, {event.conversion_error_minutes:+d} min)"
            out.append(
                f"    stated {stated.time:%a %d %b %H:%M} {stated.zone} ({stated.label}): {verdict}"
            )
        for note in event.notes:
            out.append(f"    note: {note}")
        out.append(f"    source: characters {event.sentence.start}–{event.sentence.end}")
    if extraction.findings:
        out += ["", "Findings:"] + [f"  - {finding}" for finding in extraction.findings]
    return "\n".join(out) + "\n"


def _schedule_id(extraction: Extraction) -> str:
    words = re.findall(r"[a-z0-9]+", extraction.title.lower())
    slug = "-".join(words)[:48].strip("-") or "extracted"
    year = extraction.document_date.year if extraction.document_date else None
    return f"{slug}-{year}" if year and str(year) not in slug else slug


def _minute(moment: Any) -> str:
    return str(moment.isoformat(timespec="minutes"))


def _one_line(text: str) -> str:
    """One line a TOML comment can hold: no line breaks, no control characters."""
    return _CONTROL.sub("\ufffd", " ".join(str(text).split()))


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
