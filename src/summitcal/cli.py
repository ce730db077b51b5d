"""The ``summitcal`` command line: each command a few lines over the library.

Errors a user can make (a bad file, an unknown zone, a time that does not exist, an
unwritable output) are turned into one message per problem and exit status 1 in one
place, :class:`_Commands`; usage errors exit 2 as usual with click.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, cast
from zoneinfo import ZoneInfo

import click

from summitcal import __version__
from summitcal.display import city, compact, day_label, house_style, offset_label, shift_label
from summitcal.errors import InputError, SummitcalError
from summitcal.fetch import fetch, is_url
from summitcal.files import read_settled, signature, write_atomically
from summitcal.ical import calendar_bytes
from summitcal.ical.lint import Finding, lint
from summitcal.model import Schedule
from summitcal.revisions import DEFAULT_RETENTION, SqliteLedger
from summitcal.revisions.history import history_json, history_lines
from summitcal.revisions.words import describe_change
from summitcal.schedule_file import (
    Problem,
    ScheduleFileError,
    check_schedule,
    decode,
    parse_schedule,
    read_text,
    unreadable,
)
from summitcal.table import render_table
from summitcal.timerange import check_year
from summitcal.tokens import TokenStore, default_state_dir
from summitcal.zones import (
    DISAMBIGUATE_CHOICES,
    Disambiguate,
    RepeatedTimeError,
    SkippedTimeError,
    day_shift,
    find_zone,
    resolve,
)

__all__ = ["main"]


class _Failure(click.ClickException):
    """A :class:`SummitcalError` on its way out: ``summitcal: <message>`` on standard
    error and the error's exit status; the one place errors become exit statuses."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code  # type: ignore[misc]  # click reads it per instance

    def show(self, file: Any = None) -> None:
        click.echo(f"summitcal: {self.message}", err=True)


class _Commands(click.Group):
    """Turns every :class:`SummitcalError` into a message and its exit status."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ScheduleFileError as error:
            written = "; nothing was written" if ctx.invoked_subcommand == "export" else ""
            if len(error.problems) == 1:
                raise _Failure(f"{error.problems[0]}{written}", error.exit_code) from None
            for problem in error.problems:
                click.echo(f"summitcal: {problem}", err=True)
            raise _Failure(f"{len(error.problems)} problems{written}", error.exit_code) from None
        except SummitcalError as error:
            raise _Failure(str(error), error.exit_code) from None


_RETENTION_OPTION = click.option(
    "--retention-days",
    type=click.FloatRange(min=0, max=3650),
    default=DEFAULT_RETENTION.days,
    show_default=True,
    help="How long a removed or cancelled event stays in the feed, cancelled.",
)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="summitcal")
def main() -> None:
    """Timezone-aware schedules for official visits.

    \b
    Examples:
      summitcal show examples/japan-peru-2024.toml
      summitcal export examples/japan-peru-2024.toml -o japan-peru-2024.ics
      summitcal convert "2024-11-17 10:50" --from Lima --to JST
      summitcal check my-visit.toml
      summitcal lint https://example.org/calendar.ics
      summitcal publish my-visit.toml && summitcal history my-visit.toml
      summitcal extract press-summary.txt > my-visit.toml
    """


def _source(file: str) -> tuple[str, str]:
    """The text of a schedule file and its name, from a path or standard input (``-``)."""
    if file == "-":
        return decode(sys.stdin.buffer.read(), "<stdin>")
    return read_text(Path(file))


def _load(file: str) -> Schedule:
    return parse_schedule(*_source(file))


def _zones(names: tuple[str, ...]) -> tuple[ZoneInfo, ...]:
    return tuple(find_zone(name) for name in names)


@main.command()
@click.argument("file")
@click.option(
    "--zone", "-z", "zones", multiple=True, metavar="ZONE", help="Add a column in this zone."
)
def show(file: str, zones: tuple[str, ...]) -> None:
    """Print the schedule as a table in its local and home zones.

    FILE is a schedule file, or - for standard input. Times are grouped by date in
    each zone; ~ marks an approximate time, ( ) an estimate for one not announced.

    \b
    Examples:
      summitcal show examples/japan-peru-2024.toml
      summitcal show examples/japan-peru-2024.toml --zone Europe/London --zone "New York"
    """
    extra = _zones(zones)
    click.echo(render_table(_load(file), extra), nl=False)


@main.command()
@click.argument("file")
@click.option(
    "--output",
    "-o",
    default="-",
    show_default=True,
    metavar="PATH",
    help="Where to write the .ics; - for standard output.",
)
@click.option("--domain", metavar="DOMAIN", help="Domain for the UIDs (default: uid_domain).")
@click.option(
    "--ledger",
    "ledger_path",
    type=click.Path(path_type=Path),
    help="Take SEQUENCE and stamps from this revision ledger (the file must be published).",
)
def export(file: str, output: str, domain: str | None, ledger_path: Path | None) -> None:
    """Write the schedule as an iCalendar (.ics) file.

    The file is written atomically: it is either complete or not there. The same
    schedule always gives the same bytes. Without --ledger every event has SEQUENCE 0
    and the stamps come from the file's revision; with it, the export is the feed the
    service serves from that ledger, byte for byte.

    \b
    Examples:
      summitcal export examples/japan-peru-2024.toml -o japan-peru-2024.ics
      summitcal export examples/japan-peru-2024.toml > japan-peru-2024.ics
      summitcal export visit.toml --ledger ~/.local/state/summitcal/summitcal.sqlite3
    """
    schedule = _load(file)
    if ledger_path is None:
        data = calendar_bytes(schedule, domain=domain)
    else:
        schedule, data = _ledger_export(file, schedule, ledger_path, domain)
    if output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    _write(Path(output), data)
    click.echo(f"wrote {output} ({len(schedule.events)} events)", err=True)


def _ledger_export(
    file: str, schedule: Schedule, ledger_path: Path, domain: str | None
) -> tuple[Schedule, bytes]:
    """The release's bytes, if the ledger has published exactly this file."""
    if not ledger_path.exists():
        raise InputError(f"{ledger_path}: no such ledger; nothing was written")
    ledger = SqliteLedger(ledger_path)
    release = ledger.release(schedule.id)
    publish = (
        f"run `summitcal publish {file} --ledger {ledger_path}` first, or export without --ledger"
    )
    if release is None:
        raise InputError(f"{schedule.id!r} was never published to {ledger_path}; {publish}")
    pending = ledger.pending(schedule)
    if pending:
        raise InputError(
            f"{file} has {_count(len(pending), 'change')} not yet published to "
            f"{ledger_path}; {publish}"
        )
    data = calendar_bytes(release.schedule, domain=domain, stamps=release.stamps)
    return release.schedule, data


def _write(path: Path, data: bytes) -> None:
    if path.is_dir():
        raise InputError(f"{path}: is a folder; give a file name such as {path / 'visit.ics'}")
    try:
        write_atomically(path, data)
    except OSError as error:
        reason = error.strerror or str(error)
        raise InputError(f"{path}: cannot write here ({reason}); nothing was written") from None


_FORMATS = ("table", "compact", "house", "iso")


@main.command()
@click.argument("time")
@click.option("--from", "from_zone", required=True, metavar="ZONE", help="Zone of TIME.")
@click.option(
    "--to", "to_zones", required=True, multiple=True, metavar="ZONE", help="Target zone(s)."
)
@click.option(
    "--disambiguate",
    type=click.Choice(DISAMBIGUATE_CHOICES),
    default="raise",
    show_default=True,
    help="For a time in a gap or fold: raise, earlier, later, or compatible (RFC 5545).",
)
@click.option(
    "--format",
    "style",
    type=click.Choice(_FORMATS),
    default="table",
    show_default=True,
    help="table, compact (one line each), house (press style) or iso.",
)
def convert(
    time: str, from_zone: str, to_zones: tuple[str, ...], disambiguate: str, style: str
) -> None:
    """Convert a wall time in one zone to one or more others.

    TIME is a local date and time, "YYYY-MM-DD HH:MM". Zones are IANA names or names
    people write: JST, "Japan Standard Time", Lima, "Peru time".

    \b
    Examples:
      summitcal convert "2024-11-17 10:50" --from America/Lima --to Asia/Tokyo
      summitcal convert "2024-11-17 12:45" --from Lima --to JST --to London --format compact
      summitcal convert "2024-03-31 02:30" --from Europe/Paris --to UTC --disambiguate compatible
    """
    wall = _wall_time(time)
    check_year(wall, "time")  # TimeRangeError: one message naming the supported years
    source = find_zone(from_zone)
    targets = _zones(to_zones)
    try:
        moment = resolve(wall, source, cast(Disambiguate, disambiguate))
    except (SkippedTimeError, RepeatedTimeError) as error:
        choices = (
            "compatible, earlier or later"
            if isinstance(error, SkippedTimeError)
            else ("earlier or later")
        )
        raise InputError(f"{error}; choose one with --disambiguate ({choices})") from None
    check_year(moment, "time")  # also as its UTC instant
    _print_conversion(moment, targets, style)


def _wall_time(text: str) -> datetime:
    try:
        wall = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InputError(
            f'time {text!r} is not a date and time; write it as "2024-11-17 10:50"'
        ) from None
    if wall.tzinfo is not None:
        raise InputError(f"time {text!r} has a UTC offset; give the wall time and --from ZONE")
    return wall


def _print_conversion(moment: datetime, targets: tuple[ZoneInfo, ...], style: str) -> None:
    printers: dict[str, Callable[[], list[str]]] = {
        "compact": lambda: [compact(moment, zone) for zone in targets],
        "house": lambda: [house_style(moment, zone) for zone in targets],
        "iso": lambda: [moment.isoformat()] + [moment.astimezone(z).isoformat() for z in targets],
        "table": lambda: _conversion_table(moment, targets),
    }
    click.echo("\n".join(printers[style]()))


def _conversion_table(moment: datetime, targets: tuple[ZoneInfo, ...]) -> list[str]:
    source = moment.tzinfo
    assert isinstance(source, ZoneInfo)
    rows = []
    for zone in (source, *targets):
        there = moment.astimezone(zone)
        shift = shift_label(day_shift(moment, there))
        rows.append(
            [city(zone), f"{day_label(there)} {there:%H:%M}", offset_label(there), zone.key, shift]
        )
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    return [
        "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in rows
    ]


@main.command()
@click.argument("file")
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
def check(file: str, as_json: bool) -> None:
    """Validate a schedule file and report every problem, not just the first.

    Exit status 0 when the file can be used (warnings may still be printed), 1 if not.

    \b
    Examples:
      summitcal check examples/japan-peru-2024.toml
      summitcal check my-visit.toml --json
    """
    try:
        text, source = _source(file)
    except ScheduleFileError as error:
        _report_check(None, error.problems, [], file, as_json)
        return
    schedule, problems, warnings = check_schedule(text, source)
    _report_check(schedule, problems, warnings, source, as_json)


def _report_check(
    schedule: Schedule | None,
    problems: list[Problem],
    warnings: list[Problem],
    source: str,
    as_json: bool,
) -> None:
    if as_json:
        report = {
            "file": source,
            "ok": schedule is not None,
            "errors": [str(p) for p in problems],
            "warnings": [str(w) for w in warnings],
            "events": len(schedule.events) if schedule else 0,
        }
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        for problem in problems:
            click.echo(f"error: {problem}")
        for warning in warnings:
            click.echo(f"warning: {warning}")
        if schedule is not None:
            click.echo(
                f"{source}: OK, {len(schedule.events)} events in {schedule.zone.key}, "
                f"shown also in {schedule.home_zone.key}"
            )
        else:
            click.echo(f"{source}: {len(problems)} problem{'s' if len(problems) > 1 else ''}")
    if schedule is None:
        sys.exit(1)


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
    type=click.Choice(["toml", "json", "text"]),
    default="toml",
    show_default=True,
    help="A draft schedule file, the findings as JSON, or a summary to read.",
)
def extract_command(file: str, zone_name: str | None, on: str | None, output_format: str) -> None:
    """Read a press summary of a visit and draft its schedule, checking stated times.

    FILE is a plain-text document, or - for standard input. Every event found is
    drafted in the local zone, with the sentence it came from; times the text also
    gives in a second zone ("00:50 a.m. on November 18, Japan Standard Time") are
    checked, and wrong ones reported with the likely cause. The draft is a schedule
    file: check it, then `summitcal export` or serve it.

    \b
    Examples:
      summitcal extract summary.txt > visit.toml
      summitcal extract summary.txt --format text
      summitcal extract summary.txt --zone Australia/Sydney --date 2025-03-04 --format json
      summitcal extract summary.txt | summitcal export - -o visit.ics
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
            raise InputError(f"--date {on!r} is not a date such as 2024-11-17") from None
        if day.year not in YEARS:
            raise InputError(f"--date {on!r}: give a year from {YEARS.start} to {YEARS.stop - 1}")
    try:
        text, name = _source(file)
    except ScheduleFileError as error:
        message = str(error.problems[0]).replace(
            "save the schedule file as UTF-8",
            "extract reads plain UTF-8 text (convert a PDF or Word document to text first)",
        )
        raise InputError(message) from None
    extraction = extract(text, zone=zone, on=day)
    if output_format == "json":
        click.echo(json.dumps(as_json(extraction), ensure_ascii=False, indent=2))
    elif output_format == "text":
        click.echo(as_text(extraction, name), nl=False)
    else:
        click.echo(as_toml(extraction, name), nl=False)
    inconsistent = [e for e in extraction.events if e.conversion == "inconsistent"]
    if inconsistent and output_format != "text":
        click.echo(
            f"summitcal: {name}: {_count(len(inconsistent), 'stated time')} in a second zone "
            "disagree with the local time; see the findings",
            err=True,
        )


@main.command(name="lint")
@click.argument("source", metavar="FILE|URL")
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
def lint_command(source: str, as_json: bool) -> None:
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
        raise InputError(f"{path}: no such file; check the path") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a folder, not an iCalendar file") from None
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror})") from None


def _finding_line(source: str, finding: Finding) -> str:
    at = f"{source}:{finding.line}" if finding.line else source
    return f"{at}: {finding.severity}: {finding.message} [{finding.code}]"


def _lint_summary(source: str, findings: list[Finding]) -> str:
    errors = sum(finding.severity == "error" for finding in findings)
    warnings = len(findings) - errors
    if not findings:
        return f"{source}: no problems found"
    return f"{source}: {_count(errors, 'error')}, {_count(warnings, 'warning')}"


def _count(number: int, word: str) -> str:
    return f"{number} {word}" + ("" if number == 1 else "s")


@main.command()
@click.argument("folder", required=False, type=click.Path(path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64))
@click.option("--db", "state_db", type=click.Path(path_type=Path), help="State database (tokens).")
@click.option(
    "--ledger",
    "ledger_path",
    type=click.Path(path_type=Path),
    help="Revision ledger (default: the state database).",
)
@_RETENTION_OPTION
def serve(
    folder: Path | None,
    host: str,
    port: int,
    workers: int,
    state_db: Path | None,
    ledger_path: Path | None,
    retention_days: float,
) -> None:
    """Serve a folder of schedule files as feeds, pages and JSON (under gunicorn).

    FOLDER defaults to the bundled examples. Files are reread when they change and
    published to the revision ledger (see `summitcal publish`); a file that becomes
    invalid keeps its last good version online (see /status).

    \b
    Examples:
      summitcal serve
      summitcal serve /srv/visits --host 0.0.0.0 --port 8080 --workers 4
    """
    from summitcal.web import DEFAULT_FOLDER
    from summitcal.web.server import PortInUseError, check_port
    from summitcal.web.server import serve as run_server
    from summitcal.web.store import ScheduleStore

    folder = folder or DEFAULT_FOLDER
    if not folder.is_dir():
        raise InputError(f"{folder}: no such folder of schedule files")
    try:
        check_port(host, port)
    except PortInUseError as error:
        raise InputError(str(error)) from None
    state_db = state_db or _default_db()
    ledger_path = ledger_path or state_db
    ledger = SqliteLedger(ledger_path)
    ledger.check()  # an unusable ledger stops here, with its message
    ledger.close()  # each worker opens its own after the fork
    store = ScheduleStore(folder)
    base = f"http://{host if host not in ('0.0.0.0', '::') else 'localhost'}:{port}"
    click.echo(f"Serving {folder} on {base}/ ({workers} workers); Ctrl-C stops it.")
    for published in store.schedules():
        schedule_id = published.schedule.id
        private = " (private: add ?token=...)" if published.schedule.private else ""
        click.echo(f"  {published.schedule.title}{private}: {base}/calendars/{schedule_id}")
        click.echo(f"    feed: {base}/calendars/{schedule_id}.ics")
    for name, problems in store.problems().items():
        click.echo(f"  {name}: {len(problems)} problem(s); see {base}/status", err=True)
    run_server(folder, host, port, workers, state_db, ledger_path, retention_days)


def _default_db() -> Path:
    return default_state_dir() / "summitcal.sqlite3"


_LEDGER_OPTION = click.option(
    "--ledger",
    "ledger_path",
    type=click.Path(path_type=Path),
    help="Revision ledger (default: $SUMMITCAL_STATE_DIR or ~/.local/state/summitcal).",
)


@main.command()
@click.argument("file")
@_LEDGER_OPTION
@_RETENTION_OPTION
def publish(file: str, ledger_path: Path | None, retention_days: float) -> None:
    """Publish a schedule to the revision ledger and say what changed.

    Each event whose feed content changed gets SEQUENCE + 1 and a new LAST-MODIFIED;
    an unchanged event keeps its numbers and bytes. An event removed from the file
    (or marked cancelled) stays in the feed as cancelled for the retention period.
    The service publishes the files it serves by itself; this command is for
    publishing by hand, from scripts, or to a ledger `export --ledger` reads.

    \b
    Examples:
      summitcal publish examples/japan-peru-2024.toml
      summitcal publish visit.toml --ledger /srv/summitcal/ledger.sqlite3
    """
    schedule, still_current = _read_for_publishing(file)
    path = ledger_path or _default_db()
    ledger = SqliteLedger(path, retention=timedelta(days=retention_days))
    before = ledger.versions().get(schedule.id, 0)
    release = ledger.publish(schedule, still_current=still_current)
    if release is None:
        raise InputError(f"{file} changed while it was published; nothing was published; run again")
    if release.version == before:
        click.echo(f"{schedule.id}: no changes; version {release.version} stays published")
        return
    version = next(v for v in ledger.history(schedule.id) if v.version == release.version)
    count = _count(len(version.changes), "change")
    click.echo(f"{schedule.id}: published version {release.version} ({count}) to {path}")
    for change in version.changes:
        click.echo(f"  - {describe_change(change, schedule.home_zone.key)}")


def _read_for_publishing(file: str) -> tuple[Schedule, Callable[[], bool] | None]:
    """The schedule, read as the service reads it (once the file is quiet, never half
    written), and a check that the file is still what was read (None for stdin)."""
    if file == "-":
        return _load(file), None
    path = Path(file)
    try:
        data, read = read_settled(path)
    except OSError as error:
        raise unreadable(path, error) from None
    return parse_schedule(*decode(data, file)), lambda: signature(path) == read


@main.command()
@click.argument("schedule", metavar="FILE|ID")
@_LEDGER_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print the history as JSON.")
def history(schedule: str, ledger_path: Path | None, as_json: bool) -> None:
    """Print what changed in each published version of a schedule, newest first.

    \b
    Examples:
      summitcal history examples/japan-peru-2024.toml
      summitcal history japan-peru-2024 --json
    """
    path = ledger_path or _default_db()
    if not path.exists():
        raise InputError(f"{path}: no such ledger; publish a schedule first (summitcal publish)")
    ledger = SqliteLedger(path)
    schedule_id = _load(schedule).id if schedule == "-" or Path(schedule).is_file() else schedule
    release = ledger.release(schedule_id)
    if release is None:
        raise InputError(f"{schedule_id!r} was never published to {path}")
    versions = ledger.history(schedule_id)
    if as_json:
        click.echo(
            json.dumps(history_json(release.schedule, versions), ensure_ascii=False, indent=2)
        )
        return
    click.echo(f"{release.schedule.title} ({schedule_id}): {_count(len(versions), 'version')}")
    for line in history_lines(versions, release.schedule.home_zone.key):
        click.echo(line)


_DB_OPTION = click.option(
    "--db",
    "state_db",
    type=click.Path(path_type=Path),
    help="State database (default: $SUMMITCAL_STATE_DIR or ~/.local/state/summitcal).",
)


@main.group()
def tokens() -> None:
    """Secret addresses for private schedules (`private = true` in [schedule]).

    A private schedule is not listed, and its page and feed are served only with
    ?token=... in the URL. Tokens are stored hashed; a token is shown once, at creation.

    \b
    Examples:
      summitcal tokens create japan-peru-2024 --label "Press office, Tokyo"
      summitcal tokens list
      summitcal tokens revoke 3f9a1c2e
    """


@tokens.command(name="create")
@click.argument("schedule_id")
@click.option("--label", default="", help="Who the address is for.")
@_DB_OPTION
def tokens_create(schedule_id: str, label: str, state_db: Path | None) -> None:
    """Create a token for SCHEDULE_ID and print it (once).

    \b
    Examples:
      summitcal tokens create japan-peru-2024 --label "Press office, Tokyo"
    """
    token, info = TokenStore(state_db or _default_db()).create(schedule_id, label)
    click.echo(f"token {info.id} for {schedule_id}: {token}")
    click.echo(f"feed: /calendars/{schedule_id}.ics?token={token}")
    click.echo("Keep it: it is not shown again.", err=True)


@tokens.command(name="list")
@click.argument("schedule_id", required=False)
@_DB_OPTION
def tokens_list(schedule_id: str | None, state_db: Path | None) -> None:
    """List tokens (never the secrets themselves).

    \b
    Examples:
      summitcal tokens list
      summitcal tokens list japan-peru-2024
    """
    for info in TokenStore(state_db or _default_db()).list(schedule_id):
        state = f"revoked {info.revoked}" if info.revoked else "active"
        click.echo(f"{info.id}  {info.schedule_id}  {info.created}  {state}  {info.label}".rstrip())


@tokens.command(name="revoke")
@click.argument("token_id")
@_DB_OPTION
def tokens_revoke(token_id: str, state_db: Path | None) -> None:
    """Revoke a token by its id (as `tokens list` shows it).

    \b
    Examples:
      summitcal tokens revoke 3f9a1c2e
    """
    info = TokenStore(state_db or _default_db()).revoke(token_id)
    click.echo(f"revoked {info.id} ({info.schedule_id}) at {info.revoked}")
