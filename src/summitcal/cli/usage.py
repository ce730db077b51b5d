"""click's usage errors in the reader's language.

click writes its own words (``Usage:``, ``Error: Invalid value for '--port': …``)
through Python's global ``gettext``, with no catalog of ours. The command line's group
turns each usage error into a :class:`UsageInLanguage`, which writes the same lines
with our catalog's words: the frame (``Usage:``, ``Try … for help.``, ``Error:``), and
the message of the errors a person meets most (a value not among the choices or out of
range, a missing argument, an unknown option). The option types of the commands are
this module's :class:`Choice`, :class:`IntRange` and :class:`FloatRange`, which say
what is wrong with a value as a :class:`~summitcal.messages.Message`. Anything else
keeps click's English message inside our frame. In English every line is click's own,
byte for byte.
"""

from __future__ import annotations

from typing import Any

import click

from summitcal.languages import gettext, ngettext
from summitcal.messages import N_, Message

__all__ = ["Choice", "FloatRange", "IntRange", "Invalid", "UsageInLanguage"]


class Invalid(click.BadParameter):
    """A value an option cannot take, with what is wrong as a message to be said."""

    def __init__(
        self,
        reason: Message,
        ctx: click.Context | None = None,
        param: click.Parameter | None = None,
    ) -> None:
        super().__init__(str(reason), ctx=ctx, param=param)
        self.reason = reason


class Choice(click.Choice[str]):
    """click's choice, whose refusal is said in the reader's language."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            choices = ", ".join(map(repr, self.choices))
            reason = (
                N_("{value} is not one of {choices}.", value=repr(value), choices=choices)
                if len(self.choices) > 1
                else N_("{value} is not {choice}.", value=repr(value), choice=choices)
            )
            raise Invalid(reason, ctx=ctx, param=param) from None


class IntRange(click.IntRange):
    """click's whole number in a range, whose refusal is said in the reader's language."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            number = click.INT.convert(value, param, ctx)
        except click.BadParameter:
            reason = N_("{value} is not a valid integer.", value=repr(value))
            raise Invalid(reason, ctx=ctx, param=param) from None
        return _in_range(self, number, param, ctx)


class FloatRange(click.FloatRange):
    """click's number in a range, whose refusal is said in the reader's language."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        try:
            number = click.FLOAT.convert(value, param, ctx)
        except click.BadParameter:
            reason = N_("{value} is not a valid float.", value=repr(value))
            raise Invalid(reason, ctx=ctx, param=param) from None
        return _in_range(self, number, param, ctx)


def _in_range(
    kind: IntRange | FloatRange,
    number: Any,
    param: click.Parameter | None,
    ctx: click.Context | None,
) -> Any:
    try:
        return click.types._NumberRangeBase.convert(kind, number, param, ctx)
    except click.BadParameter:
        reason = N_(
            "{value} is not in the range {range}.", value=str(number), range=kind._describe_range()
        )
        raise Invalid(reason, ctx=ctx, param=param) from None


class UsageInLanguage(click.UsageError):
    """``error`` as click would show it, in the language being written when shown."""

    def __init__(self, error: click.UsageError) -> None:
        super().__init__(error.format_message(), error.ctx)
        self.error = error

    def format_message(self) -> str:
        return _message(self.error)

    def show(self, file: Any = None) -> None:
        ctx = self.ctx
        if ctx is not None:
            lines = [_usage(ctx)]
            if ctx.command.get_help_option(ctx) is not None:
                option = max(ctx.command.get_help_option_names(ctx), key=len)
                lines.append(
                    gettext("Try '{command} {option}' for help.").format(
                        command=ctx.command_path, option=option
                    )
                )
            click.echo("\n".join(lines) + "\n", err=True, color=ctx.color)
        message = gettext("Error: {message}").format(message=self.format_message())
        click.echo(message, err=True, color=ctx.color if ctx else None)


def _usage(ctx: click.Context) -> str:
    formatter = ctx.make_formatter()
    pieces = ctx.command.collect_usage_pieces(ctx)
    formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=gettext("Usage:") + " ")
    return formatter.getvalue().rstrip("\n")


def _hint(error: click.BadParameter) -> str:
    """The option or argument, as click names it: ``'--port'``, ``'FILE'``."""
    if error.param_hint is not None:
        hint: Any = error.param_hint
    elif error.param is not None:
        hint = error.param.get_error_hint(error.ctx)
    else:
        return ""
    if isinstance(hint, str):
        return hint
    return " / ".join(repr(x) for x in hint)


def _message(error: click.UsageError) -> str:
    """The error's message in the language being written, where we know its words."""
    if isinstance(error, Invalid):
        return gettext("Invalid value for {option}: {reason}").format(
            option=_hint(error), reason=error.reason.said()
        )
    if isinstance(error, click.MissingParameter):
        param = error.param
        extra = param.type.get_missing_message(param=param, ctx=error.ctx) if param else None
        if param is not None and not error.message and not extra:
            if param.param_type_name == "argument":
                return gettext("Missing argument {name}.").format(name=_hint(error))
            if param.param_type_name == "option":
                return gettext("Missing option {name}.").format(name=_hint(error))
        return error.format_message()
    if isinstance(error, click.NoSuchOption):
        name = repr(error.option_name)
        found = sorted(error.possibilities or ())
        if not found:
            return gettext("No such option {name}.").format(name=name)
        listed = ", ".join(repr(p) for p in found)
        return ngettext(
            "No such option {name}. Did you mean {possibilities}?",
            "No such option {name}. (Did you mean one of: {possibilities}?)",
            len(found),
        ).format(name=name, possibilities=listed)
    if isinstance(error, click.BadParameter):
        return gettext("Invalid value for {option}: {reason}").format(
            option=_hint(error), reason=error.message
        )
    return error.format_message()
