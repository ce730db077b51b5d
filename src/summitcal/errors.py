"""Every mistake a user, a file or the machine's state can make, as one hierarchy.

Each error's message is one sentence a person can act on: what is wrong, where, and
what to do. The command line maps the hierarchy to exit statuses in one place
(:mod:`summitcal.cli`), the service to HTTP responses in one place
(:func:`summitcal.web.errors.register_errors`), both through the class attributes
``exit_code`` and ``http_status``; nothing else decides them.

>>> issubclass(ZoneError, SummitcalError), ZoneError.http_status
(True, 400)
>>> LedgerError.exit_code, LedgerError.http_status
(3, 503)

Errors that concern one wall time also subclass ``ValueError`` (as ``whenever`` and
``zoneinfo`` do), so library users who catch ``ValueError`` keep working.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from summitcal.messages import Message

if TYPE_CHECKING:
    from summitcal.schedule_file import Problem

__all__ = [
    "EXIT_INPUT",
    "EXIT_NETWORK",
    "EXIT_STATE",
    "ExtractionError",
    "FetchError",
    "InputError",
    "LedgerError",
    "ScheduleFileError",
    "SummitcalError",
    "TimeRangeError",
    "TokenError",
    "TokenStoreError",
    "WallTimeError",
    "ZoneError",
]

EXIT_INPUT = 1  # what the user gave cannot be used: fix it and run again
EXIT_STATE = 3  # the ledger or token database cannot be used: the operator's to fix
# `extract` (which opens no ledger): the draft is written, but some events in it have no
# start; the message says which option, if any, would place them.
EXIT_UNPLACED = 3
EXIT_NETWORK = 4  # a URL could not be fetched: perhaps try again later


class SummitcalError(Exception):
    """Base of every error summitcal reports to a person rather than as a bug.

    Its message is a :class:`~summitcal.messages.Message` (or, from code that has not
    one, a string): ``str(error)`` is the English sentence, for logs and library users;
    :meth:`said` is the sentence in the language being written, which the command line
    and the service show their reader.
    """

    exit_code: ClassVar[int] = EXIT_INPUT
    http_status: ClassVar[int] = 400

    def __init__(self, *args: object) -> None:
        if args and isinstance(args[0], Message):
            self.message: Message | None = args[0]
            args = (str(args[0]), *args[1:])
        else:
            self.message = None
        super().__init__(*args)

    def said(self) -> str:
        """The message in the language being written (English where it has none)."""
        message = getattr(self, "message", None)
        return message.said() if isinstance(message, Message) else str(self)


class InputError(SummitcalError):
    """Something given on the command line or in a request cannot be used (an output path
    that cannot be written, a date that is no date, a ledger that was never published)."""


class ScheduleFileError(SummitcalError, ValueError):
    """A schedule file that cannot be used; ``problems`` lists everything found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))

    def said(self) -> str:
        return "\n".join(problem.said() for problem in self.problems)


class ZoneError(SummitcalError, ValueError):
    """A time zone that cannot be used (see :class:`summitcal.zones.UnknownZoneError`)."""


class WallTimeError(SummitcalError, ValueError):
    """A wall time that cannot be used: in a gap, in a fold, or out of the supported years."""


class TimeRangeError(WallTimeError):
    """A time outside the years summitcal supports (:data:`summitcal.timerange.YEARS`)."""


class LedgerError(SummitcalError):
    """A revision ledger that cannot be used; the message names the file and what to do."""

    exit_code = EXIT_STATE
    http_status = 503


class TokenError(SummitcalError, ValueError):
    """An unknown token id, or a token that cannot be given (a user's mistake)."""


class TokenStoreError(TokenError):
    """The token database cannot be used (the operator's to fix; visitors see a 404)."""

    exit_code = EXIT_STATE
    http_status = 503


class FetchError(SummitcalError):
    """A URL could not be fetched; the message says why."""

    exit_code = EXIT_NETWORK
    http_status = 502


class ExtractionError(SummitcalError):
    """A press text that cannot be read at all (not one whose events are uncertain:
    those are findings in the draft, not errors)."""
