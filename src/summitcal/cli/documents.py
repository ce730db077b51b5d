"""Commands that read documents made elsewhere: ``extract`` (a press summary → a draft
schedule) and ``lint`` (a feed → what real clients would make of it)."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from summitcal.cli.group import (
    language_option,
    main,
    source_text,
)
from summitcal.cli.usage import Choice
from summitcal.errors import EXIT_UNPLACED, InputError
from summitcal.fetch import fetch, is_url
from summitcal.ical.lint import Finding, lint
from summitcal.languages import gettext, ngettext
from summitcal.messages import N_, Message, npgettext
from summitcal.schedule_file import (
    Problem,
    ScheduleFileError,
)
from summitcal.zones import (
    find_zone,
)

if TYPE_CHECKING:
    from summitcal.extract.records import ExtractedEvent, Extraction


@main.command(name="extract")
@click.argument("file")
@click.option(
    "--zone", "zone_name", metavar="ZONE", help="The visit's zone, if the text does not say."
)
@click.option(
    "--date",
    "on",
    metavar="YYYY-MM-DD",
    help="The document's date, if it has no date line.",
)
@click.option(
    "--format",
    "output_format",
    type=Choice(["toml", "json", "text"]),
    default="toml",
    show_default=True,
    help="A draft schedule file, the findings as JSON, or a summary to read.",
)
@language_option
def extract_command(
    file: str, zone_name: str | None, on: str | None, output_format: str, language: str
) -> None:
    """Read a press summary of a visit and draft its schedule, checking stated times.

    FILE is a plain-text document, or - for standard input. Every event found is
    drafted in the local zone, with the sentence it came from; times the text also
    gives in a second zone ("00:50 a.m. on November 18, Japan Standard Time") are
    checked, and wrong ones reported with the likely cause. The draft is a schedule
    file: check it, then `summitcal export` or serve it. Exit status 3: the draft is
    written, but some events could not be placed (the message says what would place
    them, such as --date); 0 only when every event found has a start.

    \b
    Examples:
      summitcal extract summary.txt > visit.toml
      summitcal extract summary.txt --format text
      summitcal extract summary.txt --zone Australia/Sydney --date 2025-03-04 --format json
      summitcal extract summary.txt | summitcal export - -o visit.ics
      summitcal extract summary.txt --format text --lang ja

    --lang is the language of the text summary's words and dates (the titles stay as
    the document gives them); the TOML and JSON drafts are the same in every language.
    """
    from summitcal.extract import extract
    from summitcal.extract.render import as_json, as_text, as_toml
    from summitcal.extract.times import YEARS

    zone = find_zone(zone_name).key if zone_name else None
    day = None
    if on is not None:
        try:
            day = date.fromisoformat(on)
        except ValueError:
            raise InputError(
                N_("--date {date} is not a date such as 2024-11-17", date=repr(on))
            ) from None
        if day.year not in YEARS:
            raise InputError(
                N_(
                    "--date {date}: give a year from {first} to {last}",
                    date=repr(on),
                    first=YEARS.start,
                    last=YEARS.stop - 1,
                )
            )
    try:
        text, name = source_text(file)
    except ScheduleFileError as error:
        raise ScheduleFileError([_not_text(error.problems[0])]) from None
    extraction = extract(text, zone=zone, on=day)
    if output_format == "json":
        click.echo(json.dumps(as_json(extraction), ensure_ascii=False, indent=2))
    elif output_format == "text":
        click.echo(as_text(extraction, name), nl=False)
    else:
        click.echo(as_toml(extraction, name), nl=False)
    inconsistent = [e for e in extraction.events if e.conversion == "inconsistent"]
    if inconsistent and output_format != "text":
        said = ngettext(
            "{name}: {count} stated time in a second zone disagree with the local time; "
            "see the findings",
            "{name}: {count} stated times in a second zone disagree with the local time; "
            "see the findings",
            len(inconsistent),
        )
        click.echo("summitcal: " + said.format(name=name, count=len(inconsistent)), err=True)
    unplaced = [event for event in extraction.events if event.start is None]
    if unplaced:
        click.echo("summitcal: " + _unplaced(name, extraction, unplaced), err=True)
        sys.exit(EXIT_UNPLACED)


def _unplaced(name: str, extraction: Extraction, unplaced: list[ExtractedEvent]) -> str:
    """``draft.txt: 2 of 5 events could not be placed (“…”, “…”); …``"""
    titles = ", ".join(f"“{event.title}”" for event in unplaced[:3])
    if len(unplaced) > 3:
        titles = gettext("{titles} and {count} more").format(titles=titles, count=len(unplaced) - 3)
    values = {
        "name": name,
        "count": len(unplaced),
        "total": len(extraction.events),
        "titles": titles,
    }
    if extraction.document_date is None:
        return ngettext(
            "{name}: {count} of {total} event could not be placed ({titles}); the document "
            "has no date line: try --date YYYY-MM-DD; each one's note in the draft says why",
            "{name}: {count} of {total} events could not be placed ({titles}); the document "
            "has no date line: try --date YYYY-MM-DD; each one's note in the draft says why",
            len(extraction.events),
        ).format(**values)
    return ngettext(
        "{name}: {count} of {total} event could not be placed ({titles}); each one's note "
        "in the draft says why",
        "{name}: {count} of {total} events could not be placed ({titles}); each one's note "
        "in the draft says why",
        len(extraction.events),
    ).format(**values)


def _not_text(problem: Problem) -> Problem:
    """A file ``extract`` cannot read as text, said as what extract reads."""
    said = problem.words[1] if problem.words else None
    if isinstance(said, Message) and said.text.startswith("not UTF-8"):
        message = N_(
            "not UTF-8 text (byte {byte}); extract reads plain UTF-8 text (convert a PDF or "
            "Word document to text first)",
            **said.values,
        )
        return Problem.of(problem.source, problem.line, problem.where, message)
    return problem


@main.command(name="lint")
@click.argument("source", metavar="FILE|URL")
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON (in English).")
@language_option
def lint_command(source: str, as_json: bool, language: str) -> None:
    """Check any iCalendar file or feed for what makes calendar clients disagree.

    Each finding names the line, the problem and what it does to subscribers: missing
    or abbreviated time zones, RDATE lines that Thunderbird reads only in part, a
    VTIMEZONE that disagrees with tzdata, floating times, DURATION across a DST change,
    duplicate UIDs, unfolded lines, and more. Exit status 1 if there are errors.

    \b
    Examples:
      summitcal lint japan-peru-2024.ics
      summitcal lint https://example.org/calendar.ics
      summitcal export examples/japan-peru-2024.toml | summitcal lint -
      summitcal lint japan-peru-2024.ics --lang ja

    --lang is the language of the report; the codes in brackets, the feed's values and
    property names stay as they are, and --json is English in every language.
    """
    if source == "-":
        data, source = sys.stdin.buffer.read(), "<stdin>"
    elif is_url(source):
        data = fetch(source)
    else:
        data = _read_feed(Path(source))
    findings = lint(data)
    if as_json:
        rows = [
            {"line": f.line, "severity": f.severity, "code": f.code, "message": f.message}
            for f in findings
        ]
        click.echo(json.dumps({"source": source, "findings": rows}, indent=2, ensure_ascii=False))
    else:
        for finding in findings:
            click.echo(_finding_line(source, finding))
        click.echo(_lint_summary(source, findings))
    if any(finding.severity == "error" for finding in findings):
        sys.exit(1)


def _read_feed(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError(N_("{path}: no such file; check the path", path=str(path))) from None
    except IsADirectoryError:
        raise InputError(N_("{path}: is a folder, not an iCalendar file", path=str(path))) from None
    except OSError as error:
        raise InputError(
            N_("{path}: cannot be read ({reason})", path=str(path), reason=str(error.strerror))
        ) from None


def _finding_line(source: str, finding: Finding) -> str:
    """``FILE:LINE: error: MESSAGE [code]``: the severity word and the message in the
    language being written, the place and the code as they are."""
    at = f"{source}:{finding.line}" if finding.line else source
    if finding.severity == "error":
        # TRANSLATORS: one finding of lint; {code} is searched for, keep it in brackets.
        line = N_(
            "{place}: error: {message} [{code}]",
            place=at,
            message=finding.said(),
            code=finding.code,
        )
    else:
        line = N_(
            "{place}: warning: {message} [{code}]",
            place=at,
            message=finding.said(),
            code=finding.code,
        )
    return line.said()


def _lint_summary(source: str, findings: list[Finding]) -> str:
    """``FILE: 5 errors, 7 warnings``, or that nothing was found."""
    errors = sum(finding.severity == "error" for finding in findings)
    warnings = len(findings) - errors
    if not findings:
        return N_("{source}: no problems found", source=source).said()
    # TRANSLATORS: lint's last line; {errors} and {warnings} are "5 errors", "7 warnings".
    return N_(
        "{source}: {errors}, {warnings}",
        source=source,
        errors=npgettext(
            "lint's findings", "{count} error", "{count} errors", errors, count=errors
        ),
        warnings=npgettext(
            "lint's findings", "{count} warning", "{count} warnings", warnings, count=warnings
        ),
    ).said()
