"""The linter's rules on form: line ends, folds, the encoding, and control characters.

These read the layout that the content-line reader records (``contentlines.Layout``),
not the components: they hold for any file, iCalendar or not.
"""

from __future__ import annotations

from summitcal.ical.contentlines import Layout
from summitcal.ical.lint_findings import Finding

__all__ = ["layout_findings"]

# The abbreviations of ASCII and ISO 6429 for U+0000-U+001F, U+007F and U+0080-U+009F.
_ABBREVIATIONS = (
    "NUL SOH STX ETX EOT ENQ ACK BEL BS HT LF VT FF CR SO SI "
    "DLE DC1 DC2 DC3 DC4 NAK SYN ETB CAN EM SUB ESC FS GS RS US DEL "
    "PAD HOP BPH NBH IND NEL SSA ESA HTS HTJ VTS PLD PLU RI SS2 SS3 "
    "DCS PU1 PU2 STS CCH MW SPA EPA SOS SGC SCI CSI ST OSC PM APC"
)
_CONTROL_NAMES = dict(
    zip([*range(0x20), 0x7F, *range(0x80, 0xA0)], _ABBREVIATIONS.split(), strict=True)
)


def layout_findings(layout: Layout) -> list[Finding]:
    """Line ends, long lines, split characters, malformed lines and controls."""
    findings = []
    if layout.not_utf8 is not None:
        findings.append(
            Finding(
                layout.not_utf8,
                "error",
                "not-utf8",
                "not UTF-8 text: clients show garbled characters",
            )
        )
    if layout.lf_only:
        findings.append(
            Finding(
                layout.lf_only[0],
                "warning",
                "bare-lf",
                f"{len(layout.lf_only)} of {_lines(layout.lines)} end in LF, not CRLF as RFC "
                "5545 requires; strict parsers reject or misread them",
            )
        )
    if layout.too_long:
        findings.append(
            Finding(
                layout.too_long[0],
                "warning",
                "unfolded-line",
                f"{_lines(len(layout.too_long))} longer than 75 octets (not folded); strict "
                "parsers reject them and some clients cut them off",
            )
        )
    findings.extend(
        Finding(
            line,
            "error",
            "split-character",
            "a fold splits a UTF-8 character: clients show garbage there",
        )
        for line in layout.split_characters
    )
    findings.extend(
        Finding(line, "error", "malformed-line", f"not a content line: {text!r}")
        for line, text in layout.malformed
    )
    for line, name, characters in layout.controls:
        findings.extend(_control_findings(line, f" in {name}" if name else "", characters))
    return findings


def _control_findings(line: int, where: str, characters: str) -> list[Finding]:
    """A bare CR, RFC 5545's forbidden controls, and C1 controls: one finding each."""
    findings = []
    if "\r" in characters:
        findings.append(
            Finding(
                line,
                "error",
                "bare-cr",
                f"a bare CR (no LF after it){where}: vobject (Radicale) ends the line there "
                "and reads the text after it as a line of its own, so it can forge properties "
                "or whole events (or reject the feed); icalendar, ical.js and libical keep it "
                "in the value",
            )
        )
    forbidden = [c for c in characters if c != "\r" and ord(c) < 0x80]
    if forbidden:
        it = "it" if len(forbidden) == 1 else "them"
        consequences = [f"icalendar and vobject keep {it} in the text, shown as nothing or a box"]
        if "\x00" in forbidden:
            consequences.append(
                "libical (Evolution) reads the feed as a C string, which ends at the NUL, and "
                "rejects the whole feed"
            )
        if any(c != "\x7f" for c in forbidden):
            consequences.append(
                f"XML 1.0 cannot hold {it}, so CalDAV and xCal cannot carry the event (XML "
                "parsers reject the response)"
            )
        findings.append(
            Finding(
                line,
                "error",
                "control-character",
                f"{_characters(forbidden)}{where}: RFC 5545 forbids control characters in "
                f"content lines; {'; '.join(consequences)}",
            )
        )
    # RFC 5545 allows U+0080-U+009F (its NON-US-ASCII is any UTF-8 beyond ASCII), so they
    # are a warning, not an error; but no text needs them: they come from Windows-1252
    # text decoded as Latin-1 (U+0092 where a ’ was meant), and NEL ends a line for
    # Python's str.splitlines() and XML 1.1, as a bare CR does for vobject.
    c1 = [c for c in characters if ord(c) >= 0x80]
    if c1:
        nel = "; NEL ends a line for some readers (Python's str.splitlines(), XML 1.1)"
        findings.append(
            Finding(
                line,
                "warning",
                "c1-control",
                f"C1 control {_characters(c1)}{where}: clients show nothing or a box; such "
                "characters usually come from Windows-1252 text decoded as Latin-1"
                + (nel if "\x85" in c1 else ""),
            )
        )
    return findings


def _characters(characters: list[str]) -> str:
    """``U+0000 (NUL), U+001B (ESC)``."""
    return ", ".join(f"U+{ord(c):04X} ({_CONTROL_NAMES[ord(c)]})" for c in characters)


def _lines(count: int) -> str:
    return f"{count} line" + ("" if count == 1 else "s")
