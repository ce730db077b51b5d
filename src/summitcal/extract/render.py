"""An extraction as a draft schedule file (TOML, with the findings as comments), as JSON
(the fields ``POST /api/extract`` answers with), or as text for a person checking the
draft."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import tomli_w

from summitcal.display import short_date
from summitcal.extract.records import Conversion, ExtractedEvent, Extraction
from summitcal.languages import SOURCE, base, current, pgettext
from summitcal.messages import said
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
    """A summary for a person checking the draft, in the language being written: its
    words from the catalogs, dates from the CLDR; the titles as found in the text. The
    extractor's reasons, notes and findings are :class:`~summitcal.messages.English`
    sentences, said here in that language (the drafts, TOML and JSON, keep their English)."""
    reasons = {
        "date": said(extraction.date_reason),
        "local": said(extraction.local.reason),
        "home": said(extraction.home.reason),
    }
    found = (
        extraction.document_date.isoformat()
        if extraction.document_date
        else pgettext("extract text: a document without a date", "not found")
    )
    out = [
        pgettext("extract text: the heading", "{title} ({source})").format(
            title=extraction.title, source=source_name
        ),
        pgettext("extract text", "Document date: {date} ({reason})").format(
            date=found, reason=reasons["date"]
        ),
        pgettext("extract text", "Local zone: {zone} ({reason})").format(
            zone=extraction.local.zone, reason=reasons["local"]
        ),
        pgettext("extract text", "Home zone: {zone} ({reason})").format(
            zone=extraction.home.zone, reason=reasons["home"]
        ),
        "",
    ]
    if not extraction.events:
        out.append(pgettext("extract text", "No events found."))
    for event in extraction.events:
        out.append(_event_line(event))
        for stated in event.stated_times:
            out.append(
                "    "
                + pgettext(
                    "extract text: a time the source also states",
                    "stated {time} {zone} ({label}): {verdict}",
                ).format(
                    time=_moment(stated.time),
                    zone=stated.zone,
                    label=said(stated.label),
                    verdict=_verdict(event),
                )
            )
        for note in event.notes:
            out.append("    " + pgettext("extract text", "note: {note}").format(note=said(note)))
        out.append(
            "    "
            + pgettext(
                "extract text: where the event is in the text", "source: characters {start}–{end}"
            ).format(start=event.sentence.start, end=event.sentence.end)
        )
    if extraction.findings:
        out += ["", pgettext("extract text", "Findings:")]
        out += [f"  - {said(finding)}" for finding in extraction.findings]
    return "\n".join(out) + "\n"


def _event_line(event: ExtractedEvent) -> str:
    """``~Sun 17 Nov 10:50 America/Lima, 70 min  Title``."""
    if event.start is None:
        when = pgettext("extract text: an event without a start", "not placed")
    elif event.start_certainty is Certainty.APPROXIMATE:
        when = pgettext("extract text: an approximate start", "~{time}").format(
            time=_moment(event.start)
        )
    elif event.start_certainty is Certainty.NOT_ANNOUNCED:
        when = pgettext("extract text: a start the text does not give", "(estimate) {time}").format(
            time=_moment(event.start)
        )
    else:
        when = _moment(event.start)
    length = ""
    if event.duration_minutes:
        length = pgettext("extract text: an event's duration", ", {minutes} min").format(
            minutes=event.duration_minutes
        )
    return pgettext("extract text: an event", "{when} {zone}{length}  {title}").format(
        when=when, zone=event.zone, length=length, title=event.title
    )


def _verdict(event: ExtractedEvent) -> str:
    if event.conversion is Conversion.INCONSISTENT:
        return pgettext(
            "extract text: a stated time that disagrees", "INCONSISTENT by {minutes} min: {cause}"
        ).format(
            minutes=f"{event.conversion_error_minutes:+d}",
            cause=said(event.conversion_cause or ""),
        )
    verdicts = {
        Conversion.CONSISTENT: pgettext("extract text: the check of a stated time", "consistent"),
        Conversion.UNCHECKED: pgettext("extract text: the check of a stated time", "unchecked"),
    }
    verdict = verdicts.get(event.conversion, event.conversion.value)
    if event.conversion_error_minutes:
        return pgettext(
            "extract text: a stated time a little off",
            "{verdict} (within tolerance, {minutes} min)",
        ).format(verdict=verdict, minutes=f"{event.conversion_error_minutes:+d}")
    return verdict


def _moment(moment: datetime) -> str:
    """``Sun 17 Nov 10:50`` in English, as it always was; the CLDR's day in the other
    languages: 「11月17日(日) 10:50」, «dom, 17 nov 10:50»."""
    if base(current()) == SOURCE:
        return f"{moment:%a %d %b %H:%M}"
    return pgettext("extract text: a day and a time", "{day} {time}").format(
        day=short_date(moment), time=f"{moment:%H:%M}"
    )


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
