"""What the linter reports: a finding, and the list the rules add theirs to."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

__all__ = ["Finding", "Report", "Severity"]

Severity = Literal["error", "warning"]
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem: where, how bad, a stable code, and what it does to clients."""

    line: int | None
    severity: Severity
    code: str
    message: str


@dataclass(slots=True)
class Report:
    """The findings of the rules that quote the feed's values, in the order found."""

    findings: list[Finding] = field(default_factory=list)

    def add(self, line: int | None, severity: Severity, code: str, message: str) -> None:
        # Messages quote the feed's values: escape its control characters (an ESC would
        # reach the terminal of whoever runs lint); control-character reports them.
        visible = _UNPRINTABLE.sub(lambda match: f"\\x{ord(match.group()):02x}", message)
        self.findings.append(Finding(line, severity, code, visible))
