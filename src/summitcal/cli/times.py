"""Commands that read a schedule or a time and print it: ``show``, ``convert``, ``check``."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import datetime
from typing import cast
from zoneinfo import ZoneInfo

import click

from summitcal.cli.feeds import default_change_warning, published_before
from summitcal.cli.group import (
    LEDGER_OPTION,
    language_option,
    load_schedule,
    main,
    source_text,
    zones_of,
)
from summitcal.cli.usage import Choice
from summitcal.clocks import place_of, written_place
from summitcal.days import places_of
from summitcal.display import city, compact, day_label, offset_label, shift_label
from summitcal.errors import InputError
from summitcal.house_style import format_dual
from summitcal.languages import current, gettext, ngettext
from summitcal.localized import default_change, for_reader
from summitcal.messages import N_
from summitcal.model import Schedule
from summitcal.schedule_file import (
    Problem,
    ScheduleFileError,
    check_schedule,
)
from summitcal.schedule_values import Lines
from summitcal.table import render_table
from summitcal.timerange import check_year
from summitcal.zones import (
    DISAMBIGUATE_CHOICES,
    Disambiguate,
    RepeatedTimeError,
    SkippedTimeError,
    day_shift,
    find_zone,
    resolve,
)


@main.command()
@click.argument("file")
@click.option(
    "--zone", "-z", "zones", multiple=True, metavar="ZONE", help="Add a column in this zone."
)
@language_option
def show(file: str, zones: tuple[str, ...], language: str) -> None:
    """Print the schedule as a table in its local and home zones.

    FILE is a schedule file, or - for standard input. Times are grouped by date in
    each zone; ~ marks an approximate time, ( ) an estimate for one not announced.

    \b
    Examples:
      summitcal show examples/japan-peru-2024.toml
      summitcal show examples/japan-peru-2024.toml --zone Europe/London --zone "New York"
      summitcal show examples/japan-peru-2024.toml --lang ja
    """
    extra = zones_of(zones)
    names = {zone.key: written_place(name, zone) for name, zone in zip(zones, extra, strict=True)}
    schedule = for_reader(load_schedule(file), language)
    click.echo(render_table(schedule, extra, names), nl=False)


_FORMATS = ("table", "compact", "house", "iso")


@main.command()
@click.argument("time")
@click.option("--from", "from_zone", required=True, metavar="ZONE", help="Zone of TIME.")
@click.option(
    "--to", "to_zones", required=True, multiple=True, metavar="ZONE", help="Target zone(s)."
)
@click.option(
    "--disambiguate",
    type=Choice(DISAMBIGUATE_CHOICES),
    default="raise",
    show_default=True,
    help="For a time in a gap or fold: raise, earlier, later, or compatible (RFC 5545).",
)
@click.option(
    "--format",
    "style",
    type=Choice(_FORMATS),
    default="table",
    show_default=True,
    help="table, compact (one line each), house (press style) or iso.",
)
@language_option
def convert(
    time: str,
    from_zone: str,
    to_zones: tuple[str, ...],
    disambiguate: str,
    style: str,
    language: str,
) -> None:
    """Convert a wall time in one zone to one or more others.

    TIME is a local date and time, "YYYY-MM-DD HH:MM". Zones are IANA names or names
    people write: JST, "Japan Standard Time", Lima, "Peru time".

    \b
    Examples:
      summitcal convert "2024-11-17 10:50" --from America/Lima --to Asia/Tokyo
      summitcal convert "2024-11-17 12:45" --from Lima --to JST --to London --format compact
      summitcal convert "2024-03-31 02:30" --from Europe/Paris --to UTC --disambiguate compatible
      summitcal convert "2024-11-17 10:50" --from Lima --to Tokyo --format house --lang ja
    """
    wall = _wall_time(time)
    check_year(wall, "time")  # TimeRangeError: one message naming the supported years
    source = find_zone(from_zone)
    targets = zones_of(to_zones)
    try:
        moment = resolve(wall, source, cast(Disambiguate, disambiguate))
    except SkippedTimeError as error:
        message = N_(
            "{wall} does not exist in {zone}: clocks jump from {before} to {after} "
            "({offset_before} to {offset_after}); choose one with --disambiguate "
            "(compatible, earlier or later)",
            **error.facts(),
        )
        raise InputError(message) from None
    except RepeatedTimeError as error:
        message = N_(
            "{wall} occurs twice in {zone}: clocks go back from {before} to {after} "
            "(first {offset_before}, then {offset_after}); choose one with --disambiguate "
            "(earlier or later)",
            **error.facts(),
        )
        raise InputError(message) from None
    check_year(moment, "time")  # also as its UTC instant
    _print_conversion(moment, targets, style)


def _wall_time(text: str) -> datetime:
    try:
        wall = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InputError(
            N_(
                'time {text} is not a date and time; write it as "2024-11-17 10:50"',
                text=repr(text),
            )
        ) from None
    if wall.tzinfo is not None:
        raise InputError(
            N_(
                "time {text} has a UTC offset; give the wall time and --from ZONE",
                text=repr(text),
            )
        )
    return wall


def _print_conversion(moment: datetime, targets: tuple[ZoneInfo, ...], style: str) -> None:
    printers: dict[str, Callable[[], list[str]]] = {
        "compact": lambda: [compact(moment, zone) for zone in targets],
        "house": lambda: [format_dual(moment, zone, current()) for zone in targets],
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
@LEDGER_OPTION
@language_option
def check(file: str, as_json: bool, ledger_url: str | None, language: str) -> None:
    """Validate a schedule file and report every problem, not just the first.

    Exit status 0 when the file can be used (warnings may still be printed), 1 if not.
    It also warns when the file changes the default language of the schedule as last
    published to the ledger (--state, as for publish), saying how many events will
    get a new SEQUENCE.

    \b
    Examples:
      summitcal check examples/japan-peru-2024.toml
      summitcal check my-visit.toml --json
      summitcal check my-visit.toml --lang ja --state /srv/summitcal/ledger.sqlite3
    """
    try:
        text, source = source_text(file)
    except ScheduleFileError as error:
        _report_check(None, error.problems, [], file, as_json)
        return
    schedule, problems, warnings = check_schedule(text, source)
    if schedule is not None:
        last = published_before(ledger_url, schedule.id)
        change = default_change(last, schedule) if last is not None else None
        if change is not None and change.events:
            lines = Lines(text)
            line = lines.of(lines.schedule, "languages")
            warnings.append(Problem.of(source, line, "[schedule]", default_change_warning(change)))
    _report_check(schedule, problems, warnings, source, as_json)


def _summary(schedule: Schedule) -> str:
    """``4 events in America/Lima, shown also in Asia/Tokyo``; a trip's clocks each by
    its place: ``9 events in Lima (America/Lima) and Rio de Janeiro (America/Sao_Paulo),
    shown also in Tokyo (Asia/Tokyo)``."""
    count = len(schedule.events)
    places = places_of(schedule.events)
    if all(place.zone.key == schedule.zone.key for place in places):
        return ngettext(
            "{count} event in {zone}, shown also in {home}",
            "{count} events in {zone}, shown also in {home}",
            count,
        ).format(count=count, zone=schedule.zone.key, home=schedule.home_zone.key)
    named = [f"{place.name} ({place.zone.key})" for place in places]
    listed = named[0]
    if len(named) > 1:
        listed = gettext("{places} and {last}").format(places=", ".join(named[:-1]), last=named[-1])
    home = schedule.home_zone
    return ngettext(
        "{count} event in {places}, shown also in {home}",
        "{count} events in {places}, shown also in {home}",
        count,
    ).format(count=count, places=listed, home=f"{place_of(schedule, home)} ({home.key})")


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
            "zones": list(dict.fromkeys(p.zone.key for p in places_of(schedule.events)))
            if schedule
            else [],
        }
        click.echo(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        for problem in problems:
            click.echo(gettext("error: {error}").format(error=problem.said()))
        for warning in warnings:
            click.echo(gettext("warning: {warning}").format(warning=warning.said()))
        if schedule is not None:
            click.echo(
                gettext("{file}: OK, {summary}").format(file=source, summary=_summary(schedule))
            )
        else:
            count = len(problems)
            click.echo(
                ngettext("{file}: {count} problem", "{file}: {count} problems", count).format(
                    file=source, count=count
                )
            )
    if schedule is None:
        sys.exit(1)
