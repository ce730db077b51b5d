"""Commands that write feeds and the revision ledger: ``export``, ``publish``, ``history``."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from datetime import timedelta
from pathlib import Path

import click

from summitcal.cli.group import (
    LEDGER_OPTION,
    RETENTION_OPTION,
    default_db,
    language_option,
    load_schedule,
    main,
    shown_setting,
)
from summitcal.clocks import place_of
from summitcal.errors import InputError, LedgerError
from summitcal.files import read_settled, signature, write_atomically
from summitcal.ical import calendar_bytes
from summitcal.languages import gettext, ngettext, speaking
from summitcal.localized import (
    DefaultChange,
    default_change,
    default_language,
    for_reader,
    localize,
    offered,
)
from summitcal.messages import N_, Message, npgettext
from summitcal.model import Schedule
from summitcal.revisions import Ledger, LedgerNotFound, open_ledger
from summitcal.revisions.history import history_json, history_lines
from summitcal.revisions.words import describe_change
from summitcal.schedule_file import (
    decode,
    parse_schedule,
    unreadable,
)


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
    "ledger_url",
    metavar="PATH|URL",
    help="Take SEQUENCE and stamps from this revision ledger (the file must be published): "
    "a file path, sqlite:///absolute/path or postgresql://user@host/database.",
)
@language_option
def export(
    file: str, output: str, domain: str | None, ledger_url: str | None, language: str
) -> None:
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
      summitcal export examples/japan-peru-2024.toml --lang ja -o japan-peru-2024.ja.ics

    --lang gives the feed of that language: the same UIDs, SEQUENCEs and times as every
    other language's, its titles, places and descriptions in that language.
    """
    schedule = load_schedule(file)
    if ledger_url is None:
        data = calendar_bytes(for_reader(schedule, language), domain=domain)
    else:
        schedule, data = _ledger_export(file, schedule, ledger_url, domain, language)
    if output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    _write(Path(output), data)
    count = len(schedule.events)
    click.echo(
        ngettext("wrote {output} ({count} event)", "wrote {output} ({count} events)", count).format(
            output=output, count=count
        ),
        err=True,
    )


def _ledger_export(
    file: str, schedule: Schedule, ledger_url: str, domain: str | None, language: str
) -> tuple[Schedule, bytes]:
    """The release's bytes, if the ledger has published exactly this file."""
    with _existing_ledger(ledger_url, N_("no such ledger; nothing was written")) as ledger:
        release = ledger.release(schedule.id)
        pending = ledger.pending(schedule) if release is not None else ()
    where = shown_setting(ledger_url)
    if release is None:
        raise InputError(
            N_(
                "{id} was never published to {ledger}; run `summitcal publish {file} --ledger "
                "{ledger}` first, or export without --ledger",
                id=repr(schedule.id),
                ledger=where,
                file=file,
            )
        )
    if pending:
        raise InputError(
            npgettext(
                "a count of changes",
                "{file} has {count} change not yet published to {ledger}; run `summitcal "
                "publish {file} --ledger {ledger}` first, or export without --ledger",
                "{file} has {count} changes not yet published to {ledger}; run `summitcal "
                "publish {file} --ledger {ledger}` first, or export without --ledger",
                len(pending),
                file=file,
                count=len(pending),
                ledger=where,
            )
        )
    chosen = offered(release.schedule, language) or default_language(release.schedule)
    with speaking(chosen):
        shown = localize(release.schedule, chosen)
        data = calendar_bytes(shown, domain=domain, stamps=release.stamps_in(chosen))
    return release.schedule, data


@contextmanager
def _existing_ledger(setting: str | Path, missing: Message) -> Iterator[Ledger]:
    """The ledger ``setting`` names, to read, closed at the end: one that is not there
    is the user's mistake (InputError, "``setting``: ``missing``"), and is never made."""
    with closing(open_ledger(setting, create=False, upgrade=False)) as ledger:  # only reads
        try:
            ledger.check()
        except LedgerNotFound:
            message = N_("{ledger}: {problem}", ledger=shown_setting(setting), problem=missing)
            raise InputError(message) from None
        yield ledger


def published_before(setting: str | None, schedule_id: str) -> Schedule | None:
    """The schedule as last published to the ledger ``setting`` names (the default
    ledger when None), or None if it never was. A ledger named on the command line
    must be there; the default one may be missing or unusable (nothing was published
    there, or ``check`` is not the command to say what is wrong with it)."""
    if setting is not None:
        with _existing_ledger(setting, N_("no such ledger; check the path")) as ledger:
            release = ledger.release(schedule_id)
        return release.schedule if release else None
    try:
        with closing(open_ledger(default_db(), create=False, upgrade=False)) as ledger:
            ledger.check()
            release = ledger.release(schedule_id)
    except LedgerError:
        return None
    return release.schedule if release else None


def default_change_warning(change: DefaultChange) -> Message:
    """What a change of the default language does to subscribers, and to how many events."""
    return npgettext(
        "a count of events",
        "the default language changes from {before} to {after} (the first of [schedule] "
        "languages): {count} event whose text differs between the two will get a new "
        "SEQUENCE when published, and subscribers will see it as changed",
        "the default language changes from {before} to {after} (the first of [schedule] "
        "languages): {count} events whose text differs between the two will get a new "
        "SEQUENCE when published, and subscribers will see them as changed",
        len(change.events),
        before=f'"{change.before}"',
        after=f'"{change.after}"',
        count=len(change.events),
    )


def _write(path: Path, data: bytes) -> None:
    if path.is_dir():
        raise InputError(
            N_(
                "{path}: is a folder; give a file name such as {example}",
                path=str(path),
                example=str(path / "visit.ics"),
            )
        )
    try:
        write_atomically(path, data)
    except OSError as error:
        reason = error.strerror or str(error)
        raise InputError(
            N_(
                "{path}: cannot write here ({reason}); nothing was written",
                path=str(path),
                reason=reason,
            )
        ) from None


@main.command()
@click.argument("file")
@LEDGER_OPTION
@RETENTION_OPTION
@language_option
def publish(file: str, ledger_url: str | None, retention_days: float, language: str) -> None:
    """Publish a schedule to the revision ledger and say what changed.

    Each event whose feed content changed gets SEQUENCE + 1 and a new LAST-MODIFIED;
    an unchanged event keeps its numbers and bytes. An event removed from the file
    (or marked cancelled) stays in the feed as cancelled for the retention period.
    The service publishes the files it serves by itself; this command is for
    publishing by hand, from scripts, or to a ledger `export --ledger` reads.

    \b
    Examples:
      summitcal publish examples/japan-peru-2024.toml
      summitcal publish visit.toml --state /srv/summitcal/ledger.sqlite3
      summitcal publish visit.toml --state postgresql://summitcal@db.internal/summitcal
      summitcal publish visit.toml --lang ja

    --lang writes what changed in that language. A change of the default language (the
    first of [schedule] languages) is published, with a warning: `check` says it first.
    """
    schedule, still_current = _read_for_publishing(file)
    path = ledger_url or default_db()
    with closing(open_ledger(path, retention=timedelta(days=retention_days))) as ledger:
        before = ledger.versions().get(schedule.id, 0)
        last = ledger.release(schedule.id) if before else None
        change = default_change(last.schedule, schedule) if last else None
        release = ledger.publish(schedule, still_current=still_current)
        if release is None:
            raise InputError(
                N_(
                    "{file} changed while it was published; nothing was published; run again",
                    file=file,
                )
            )
        if release.version == before:
            click.echo(
                gettext("{schedule}: no changes; version {version} stays published").format(
                    schedule=schedule.id, version=release.version
                )
            )
            return
        version = next(v for v in ledger.history(schedule.id) if v.version == release.version)
    if change is not None and change.events:
        click.echo(
            gettext("warning: {warning}").format(warning=default_change_warning(change).said()),
            err=True,
        )
    count = len(version.changes)
    click.echo(
        ngettext(
            "{schedule}: published version {version} ({count} change) to {ledger}",
            "{schedule}: published version {version} ({count} changes) to {ledger}",
            count,
        ).format(
            schedule=schedule.id, version=release.version, count=count, ledger=shown_setting(path)
        )
    )
    shown = localize(schedule, offered(schedule, language) or default_language(schedule))
    for change_made in version.changes:
        described = describe_change(
            change_made, shown.home_zone.key, place_of(shown, shown.home_zone)
        )
        click.echo(f"  - {described}")


def _read_for_publishing(file: str) -> tuple[Schedule, Callable[[], bool] | None]:
    """The schedule, read as the service reads it (once the file is quiet, never half
    written), and a check that the file is still what was read (None for stdin)."""
    if file == "-":
        return load_schedule(file), None
    path = Path(file)
    try:
        data, read = read_settled(path)
    except OSError as error:
        raise unreadable(path, error) from None
    return parse_schedule(*decode(data, file)), lambda: signature(path) == read


@main.command()
@click.argument("schedule", metavar="FILE|ID")
@LEDGER_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print the history as JSON.")
@language_option
def history(schedule: str, ledger_url: str | None, as_json: bool, language: str) -> None:
    """Print what changed in each published version of a schedule, newest first.

    \b
    Examples:
      summitcal history examples/japan-peru-2024.toml
      summitcal history japan-peru-2024 --json
      summitcal history japan-peru-2024 --lang ja

    --lang writes the changes in that language, with the schedule's titles and places in
    it where the file gives them; the JSON's keys and states stay as they are.
    """
    path = ledger_url or default_db()
    with _existing_ledger(
        path, N_("no such ledger; publish a schedule first (summitcal publish)")
    ) as ledger:
        schedule_id = (
            load_schedule(schedule).id if schedule == "-" or Path(schedule).is_file() else schedule
        )
        release = ledger.release(schedule_id)
        if release is None:
            raise InputError(
                N_(
                    "{id} was never published to {ledger}",
                    id=repr(schedule_id),
                    ledger=shown_setting(path),
                )
            )
        versions = ledger.history(schedule_id)
    shown = localize(
        release.schedule, offered(release.schedule, language) or default_language(release.schedule)
    )
    if as_json:
        click.echo(json.dumps(history_json(shown, versions), ensure_ascii=False, indent=2))
        return
    click.echo(
        ngettext(
            "{title} ({schedule}): {count} version",
            "{title} ({schedule}): {count} versions",
            len(versions),
        ).format(title=shown.title, schedule=schedule_id, count=len(versions))
    )
    for line in history_lines(versions, shown.home_zone.key, place_of(shown, shown.home_zone)):
        click.echo(line)
