"""Commands of the service: ``serve`` and the private schedules' ``tokens``."""

from __future__ import annotations

from contextlib import closing
from pathlib import Path

import click

from summitcal.caching import DEFAULT_MAX_AGE, MAX_AGE_LIMIT
from summitcal.cli.group import (
    RETENTION_OPTION,
    default_db,
    language_option,
    main,
)
from summitcal.cli.usage import IntRange
from summitcal.errors import InputError
from summitcal.languages import SOURCE, gettext, ngettext, pgettext, speaking
from summitcal.localized import title_for_reader
from summitcal.messages import N_
from summitcal.revisions import open_ledger
from summitcal.tokens import open_tokens


@main.command()
@click.argument("folder", required=False, type=click.Path(path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=IntRange(1, 65535))
@click.option("--workers", default=2, show_default=True, type=IntRange(1, 64))
@click.option(
    "--state",
    "--db",
    "state_db",
    metavar="PATH|URL",
    help="Where state is kept (tokens, and the revision ledger unless --ledger): a file "
    "path, sqlite:///absolute/path or postgresql://user@host/database.",
)
@click.option(
    "--ledger",
    "ledger_url",
    metavar="PATH|URL",
    help="Revision ledger (default: the state database).",
)
@RETENTION_OPTION
@click.option(
    "--max-age",
    type=IntRange(0, MAX_AGE_LIMIT),
    default=DEFAULT_MAX_AGE,
    show_default=True,
    metavar="SECONDS",
    help="How long a client, or an HTTP cache in front (nginx), may keep a feed before it "
    "asks again (Cache-Control: max-age): a change reaches everyone within this time.",
)
@language_option
def serve(
    folder: Path | None,
    host: str,
    port: int,
    workers: int,
    state_db: str | None,
    ledger_url: str | None,
    retention_days: float,
    max_age: int,
    language: str,
) -> None:
    """Serve a folder of schedule files as feeds, pages and JSON (under gunicorn).

    FOLDER defaults to the bundled examples. Files are reread when they change and
    published to the revision ledger (see `summitcal publish`); a file that becomes
    invalid keeps its last good version online (see /status).

    \b
    Examples:
      summitcal serve
      summitcal serve /srv/visits --host 0.0.0.0 --port 8080 --workers 4
      summitcal serve /srv/visits --state postgresql://summitcal@db.internal/summitcal
    """
    from summitcal.web import DEFAULT_FOLDER
    from summitcal.web.server import PortInUseError, check_port
    from summitcal.web.server import serve as run_server
    from summitcal.web.store import ScheduleStore

    folder = folder or DEFAULT_FOLDER
    if not folder.is_dir():
        raise InputError(N_("{folder}: no such folder of schedule files", folder=str(folder)))
    try:
        check_port(host, port)
    except PortInUseError as error:
        raise InputError(
            N_(
                "cannot listen on {host}:{port} ({reason}); choose another with --port",
                host=host,
                port=port,
                reason=str(error.reason),
            )
        ) from None
    state = state_db or default_db()
    ledger_setting = ledger_url or state
    open_tokens(state)  # a setting that names no store stops here, with its message
    ledger = open_ledger(ledger_setting)
    try:
        ledger.check()  # an unusable ledger stops here, with its message; an old one is upgraded
    finally:
        ledger.close()  # each worker opens its own after the fork
    store = ScheduleStore(folder)
    base = f"http://{host if host not in ('0.0.0.0', '::') else 'localhost'}:{port}"
    click.echo(
        ngettext(
            "Serving {folder} on {base}/ ({workers} worker); Ctrl-C stops it.",
            "Serving {folder} on {base}/ ({workers} workers); Ctrl-C stops it.",
            workers,
        ).format(folder=folder, base=base, workers=workers)
    )
    for published in store.schedules():
        schedule_id = published.schedule.id
        title = title_for_reader(published.schedule, language)
        page = f"{base}/calendars/{schedule_id}"
        line = (
            gettext("  {title} (private: add ?token=...): {page}")
            if published.schedule.private
            else gettext("  {title}: {page}")
        )
        click.echo(line.format(title=title, page=page))
        click.echo(gettext("    feed: {feed}").format(feed=f"{page}.ics"))
    for name, problems in store.problems().items():
        click.echo(
            ngettext(
                "  {name}: {count} problem; see {status}",
                "  {name}: {count} problems; see {status}",
                len(problems),
            ).format(name=name, count=len(problems), status=f"{base}/status"),
            err=True,
        )
    # --lang is for these lines: the service picks each request's language itself, and
    # its workers, forked from here, start from the source language.
    with speaking(SOURCE):
        run_server(folder, host, port, workers, state, ledger_setting, retention_days, max_age)


_DB_OPTION = click.option(
    "--state",
    "--db",
    "state_db",
    metavar="PATH|URL",
    help="State database: a file path, sqlite:///absolute/path or "
    "postgresql://user@host/database (default: $SUMMITCAL_STATE_DIR or "
    "~/.local/state/summitcal).",
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
@language_option
def tokens_create(schedule_id: str, label: str, state_db: str | None, language: str) -> None:
    """Create a token for SCHEDULE_ID and print it (once).

    \b
    Examples:
      summitcal tokens create japan-peru-2024 --label "Press office, Tokyo"
    """
    with closing(open_tokens(state_db or default_db())) as store:
        token, info = store.create(schedule_id, label)
    click.echo(
        gettext("token {id} for {schedule}: {token}").format(
            id=info.id, schedule=schedule_id, token=token
        )
    )
    click.echo(gettext("feed: {feed}").format(feed=f"/calendars/{schedule_id}.ics?token={token}"))
    click.echo(gettext("Keep it: it is not shown again."), err=True)


@tokens.command(name="list")
@click.argument("schedule_id", required=False)
@_DB_OPTION
@language_option
def tokens_list(schedule_id: str | None, state_db: str | None, language: str) -> None:
    """List tokens (never the secrets themselves).

    \b
    Examples:
      summitcal tokens list
      summitcal tokens list japan-peru-2024
    """
    with closing(open_tokens(state_db or default_db())) as store:
        found = store.list(schedule_id)
    for info in found:
        state = (
            gettext("revoked {when}").format(when=info.revoked)
            if info.revoked
            else pgettext("a token", "active")
        )
        click.echo(f"{info.id}  {info.schedule_id}  {info.created}  {state}  {info.label}".rstrip())


@tokens.command(name="revoke")
@click.argument("token_id")
@_DB_OPTION
@language_option
def tokens_revoke(token_id: str, state_db: str | None, language: str) -> None:
    """Revoke a token by its id (as `tokens list` shows it).

    \b
    Examples:
      summitcal tokens revoke 3f9a1c2e
    """
    with closing(open_tokens(state_db or default_db())) as store:
        info = store.revoke(token_id)
    click.echo(
        gettext("revoked {id} ({schedule}) at {when}").format(
            id=info.id, schedule=info.schedule_id, when=info.revoked
        )
    )
