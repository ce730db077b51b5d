"""The ``summitcal`` group and what every command shares: errors become messages and
exit statuses in one place (:class:`_Commands`), schedule files are read from a path or
standard input, and the state options."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import click

from summitcal import __version__
from summitcal.cli.usage import FloatRange, Invalid, UsageInLanguage
from summitcal.errors import SummitcalError
from summitcal.languages import LanguageError, from_environment, gettext, ngettext, speaking, tag
from summitcal.messages import not_a_tag
from summitcal.model import Schedule
from summitcal.revisions import DEFAULT_RETENTION
from summitcal.schedule_file import (
    ScheduleFileError,
    decode,
    parse_schedule,
    read_text,
)
from summitcal.state_url import shown
from summitcal.tokens import default_state_dir
from summitcal.zones import (
    find_zone,
)

__all__ = [
    "LEDGER_OPTION",
    "RETENTION_OPTION",
    "counted",
    "default_db",
    "language_option",
    "load_schedule",
    "main",
    "reader_language",
    "shown_setting",
    "source_text",
    "zones_of",
]


class _Failure(click.ClickException):
    """A :class:`SummitcalError` on its way out: ``summitcal: <message>`` on standard
    error and the error's exit status; the one place errors become exit statuses."""

    def __init__(self, message: str, exit_code: int) -> None:
        super().__init__(message)
        self.exit_code = exit_code  # type: ignore[misc]  # click reads it per instance

    def show(self, file: Any = None) -> None:
        click.echo(f"summitcal: {self.message}", err=True)


class _Commands(click.Group):
    """Turns every :class:`SummitcalError` into a message and its exit status, said in
    the command's language (``--lang``, else the environment's locale's): the errors
    carry their messages unsaid (:mod:`summitcal.messages`), and are said here."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ScheduleFileError as error:
            with speaking(reader_language(ctx)):
                raise self._problems(error, ctx.invoked_subcommand == "export") from None
        except SummitcalError as error:
            with speaking(reader_language(ctx)):
                raise _Failure(error.said(), error.exit_code) from None
        except click.UsageError as error:
            raise _Usage(error, reader_language(ctx)) from None

    @staticmethod
    def _problems(error: ScheduleFileError, export: bool) -> _Failure:
        """One problem as the message; several each on a line, then their count."""
        if len(error.problems) == 1:
            text = error.problems[0].said()
            if export:
                text = gettext("{problem}; nothing was written").format(problem=text)
            return _Failure(text, error.exit_code)
        for problem in error.problems:
            click.echo(f"summitcal: {problem.said()}", err=True)
        count = len(error.problems)
        if export:
            text = ngettext(
                "{count} problem; nothing was written",
                "{count} problems; nothing was written",
                count,
            )
        else:
            text = ngettext("{count} problem", "{count} problems", count)
        return _Failure(text.format(count=count), error.exit_code)


class _Usage(UsageInLanguage):
    """A usage error, shown in the language of the command that met it."""

    def __init__(self, error: click.UsageError, language: str) -> None:
        super().__init__(error)
        self.language = language

    def show(self, file: Any = None) -> None:
        with speaking(self.language):
            super().show(file)


_LANGUAGE = "summitcal.language"  # in click's ctx.meta, which every command's context shares


def reader_language(ctx: click.Context) -> str:
    """The language the command writes in: its ``--lang`` once read, else the
    environment's locale's (English when it names none we know)."""
    language = ctx.meta.get(_LANGUAGE)
    return language if isinstance(language, str) else from_environment(os.environ)


RETENTION_OPTION = click.option(
    "--retention-days",
    type=FloatRange(min=0, max=3650),
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


def source_text(file: str) -> tuple[str, str]:
    """The text of a schedule file and its name, from a path or standard input (``-``)."""
    if file == "-":
        return decode(sys.stdin.buffer.read(), "<stdin>")
    return read_text(Path(file))


def load_schedule(file: str) -> Schedule:
    return parse_schedule(*source_text(file))


def zones_of(names: tuple[str, ...]) -> tuple[ZoneInfo, ...]:
    return tuple(find_zone(name) for name in names)


def default_db() -> Path:
    return default_state_dir() / "summitcal.sqlite3"


LEDGER_OPTION = click.option(
    "--state",
    "--ledger",
    "ledger_url",
    metavar="PATH|URL",
    help="Revision ledger: a file path, sqlite:///absolute/path or "
    "postgresql://user@host/database (default: $SUMMITCAL_STATE_DIR or "
    "~/.local/state/summitcal).",
)


def shown_setting(setting: str | Path) -> str:
    """A state setting as the output may show it: never a password."""
    return shown(str(setting))


def counted(number: int, word: str) -> str:
    """``1 change``, ``2 changes``."""
    return f"{number} {word}" + ("" if number == 1 else "s")


def language_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """``--lang TAG``: the command writes in that language (its words from our catalogs,
    dates and zone names from the CLDR, the schedule's own text in it where the file
    gives one); by default the environment's locale's, English when it names none we
    know. The command gets the tag as ``language``."""

    def chosen(ctx: click.Context, param: click.Parameter, value: str | None) -> str:
        if value is None:
            language = from_environment(os.environ)
        else:
            try:
                language = tag(value)
            except LanguageError:
                raise Invalid(not_a_tag(value), ctx=ctx, param=param) from None
        ctx.meta[_LANGUAGE] = language
        return language

    @click.option(
        "--lang",
        "language",
        metavar="TAG",
        callback=chosen,
        help="Language to write in: en, ja, es (a BCP 47 tag; default: from $LANG).",
    )
    @functools.wraps(command)
    def speaking_command(*args: Any, language: str, **kwargs: Any) -> Any:
        with speaking(language):
            return command(*args, language=language, **kwargs)

    return speaking_command
