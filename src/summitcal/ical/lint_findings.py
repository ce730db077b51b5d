"""What the linter reports: a finding, and the list the rules add theirs to.

A finding's message is made as a :class:`~summitcal.messages.Message` (its English the
catalog's id, the feed's values named) and kept twice: ``message``, the English sentence
(``lint --json``, the library, the tests), and ``words``, to be said in the reader's
language (:meth:`Finding.said`, ``lint --lang``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from summitcal.messages import Message

__all__ = ["Finding", "Report", "Severity"]

Severity = Literal["error", "warning"]
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")


def _visible(text: str) -> str:
    # Messages quote the feed's values: escape its control characters (an ESC would
    # reach the terminal of whoever runs lint); control-character reports them.
    return _UNPRINTABLE.sub(lambda match: f"\\x{ord(match.group()):02x}", text)


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem: where, how bad, a stable code, and what it does to clients."""

    line: int | None
    severity: Severity
    code: str
    message: str  # in English
    # The same message, to be said in the reader's language (see :meth:`of`).
    words: Message | None = field(default=None, compare=False, repr=False)

    @classmethod
    def of(cls, line: int | None, severity: Severity, code: str, message: Message) -> Finding:
        """A finding whose message is said in the reader's language, the feed's control
        characters escaped in every language."""
        return cls(line, severity, code, _visible(str(message)), message)

    def said(self) -> str:
        """The message in the language being written (English where it has none)."""
        return self.message if self.words is None else _visible(self.words.said())


@dataclass(slots=True)
class Report:
    """The findings of the rules that quote the feed's values, in the order found."""

    findings: list[Finding] = field(default_factory=list)

    def add(self, line: int | None, severity: Severity, code: str, message: Message) -> None:
        self.findings.append(Finding.of(line, severity, code, message))
