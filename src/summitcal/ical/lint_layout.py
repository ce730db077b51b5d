"""The linter's rules on form: line ends, folds, the encoding, and control characters.

These read the layout that the content-line reader records (``contentlines.Layout``),
not the components: they hold for any file, iCalendar or not.
"""

from __future__ import annotations

from summitcal.ical.contentlines import Layout
from summitcal.ical.lint_findings import Finding
from summitcal.messages import N_, Message, npgettext

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
            Finding.of(
                layout.not_utf8,
                "error",
                "not-utf8",
                N_("not UTF-8 text: clients show garbled characters"),
            )
        )
    if layout.lf_only:
        findings.append(
            Finding.of(
                layout.lf_only[0],
                "warning",
                "bare-lf",
                npgettext(
                    "lines of a file; {total} counts the file's lines",
                    "{count} of {total} line end in LF, not CRLF as RFC 5545 requires; strict "
                    "parsers reject or misread them",
                    "{count} of {total} lines end in LF, not CRLF as RFC 5545 requires; strict "
                    "parsers reject or misread them",
                    layout.lines,
                    count=len(layout.lf_only),
                    total=layout.lines,
                ),
            )
        )
    if layout.too_long:
        findings.append(
            Finding.of(
                layout.too_long[0],
                "warning",
                "unfolded-line",
                npgettext(
                    "lines of a file",
                    "{count} line longer than 75 octets (not folded); strict parsers reject "
                    "them and some clients cut them off",
                    "{count} lines longer than 75 octets (not folded); strict parsers reject "
                    "them and some clients cut them off",
                    len(layout.too_long),
                    count=len(layout.too_long),
                ),
            )
        )
    findings.extend(
        Finding.of(
            line,
            "error",
            "split-character",
            N_("a fold splits a UTF-8 character: clients show garbage there"),
        )
        for line in layout.split_characters
    )
    findings.extend(
        Finding.of(
            line, "error", "malformed-line", N_("not a content line: {text}", text=repr(text))
        )
        for line, text in layout.malformed
    )
    for line, name, characters in layout.controls:
        findings.extend(_control_findings(line, name, characters))
    return findings


def _control_findings(line: int, name: str | None, characters: str) -> list[Finding]:
    """A bare CR, RFC 5545's forbidden controls, and C1 controls: one finding each.
    ``name`` is the property whose line holds them, if the line has one."""
    findings = []
    if "\r" in characters:
        if name:
            bare_cr = N_(
                "a bare CR (no LF after it) in {property}: vobject (Radicale) ends the line "
                "there and reads the text after it as a line of its own, so it can forge "
                "properties or whole events (or reject the feed); icalendar, ical.js and "
                "libical keep it in the value",
                property=name,
            )
        else:
            bare_cr = N_(
                "a bare CR (no LF after it): vobject (Radicale) ends the line there and reads "
                "the text after it as a line of its own, so it can forge properties or whole "
                "events (or reject the feed); icalendar, ical.js and libical keep it in the "
                "value"
            )
        findings.append(Finding.of(line, "error", "bare-cr", bare_cr))
    forbidden = [c for c in characters if c != "\r" and ord(c) < 0x80]
    if forbidden:
        findings.append(Finding.of(line, "error", "control-character", _forbidden(forbidden, name)))
    # RFC 5545 allows U+0080-U+009F (its NON-US-ASCII is any UTF-8 beyond ASCII), so they
    # are a warning, not an error; but no text needs them: they come from Windows-1252
    # text decoded as Latin-1 (U+0092 where a ’ was meant), and NEL ends a line for
    # Python's str.splitlines() and XML 1.1, as a bare CR does for vobject.
    c1 = [c for c in characters if ord(c) >= 0x80]
    if c1:
        which = _where(c1, name)
        if "\x85" in c1:
            message = N_(
                "C1 control {characters}: clients show nothing or a box; such characters "
                "usually come from Windows-1252 text decoded as Latin-1; NEL ends a line for "
                "some readers (Python's str.splitlines(), XML 1.1)",
                characters=which,
            )
        else:
            message = N_(
                "C1 control {characters}: clients show nothing or a box; such characters "
                "usually come from Windows-1252 text decoded as Latin-1",
                characters=which,
            )
        findings.append(Finding.of(line, "warning", "c1-control", message))
    return findings


def _forbidden(forbidden: list[str], name: str | None) -> Message:
    """What RFC 5545's forbidden controls do: every reader keeps them in the text; a NUL
    ends libical's feed; all but DEL cannot be carried in XML."""
    count, which = len(forbidden), _where(forbidden, name)
    if "\x00" in forbidden:
        return npgettext(
            "control characters; {characters} names them",
            "{characters}: RFC 5545 forbids control characters in content lines; icalendar "
            "and vobject keep it in the text, shown as nothing or a box; libical (Evolution) "
            "reads the feed as a C string, which ends at the NUL, and rejects the whole feed; "
            "XML 1.0 cannot hold it, so CalDAV and xCal cannot carry the event (XML parsers "
            "reject the response)",
            "{characters}: RFC 5545 forbids control characters in content lines; icalendar "
            "and vobject keep them in the text, shown as nothing or a box; libical (Evolution) "
            "reads the feed as a C string, which ends at the NUL, and rejects the whole feed; "
            "XML 1.0 cannot hold them, so CalDAV and xCal cannot carry the event (XML parsers "
            "reject the response)",
            count,
            characters=which,
        )
    if any(c != "\x7f" for c in forbidden):
        return npgettext(
            "control characters; {characters} names them",
            "{characters}: RFC 5545 forbids control characters in content lines; icalendar "
            "and vobject keep it in the text, shown as nothing or a box; XML 1.0 cannot hold "
            "it, so CalDAV and xCal cannot carry the event (XML parsers reject the response)",
            "{characters}: RFC 5545 forbids control characters in content lines; icalendar "
            "and vobject keep them in the text, shown as nothing or a box; XML 1.0 cannot "
            "hold them, so CalDAV and xCal cannot carry the event (XML parsers reject the "
            "response)",
            count,
            characters=which,
        )
    return npgettext(
        "control characters; {characters} names them",
        "{characters}: RFC 5545 forbids control characters in content lines; icalendar and "
        "vobject keep it in the text, shown as nothing or a box",
        "{characters}: RFC 5545 forbids control characters in content lines; icalendar and "
        "vobject keep them in the text, shown as nothing or a box",
        count,
        characters=which,
    )


def _where(characters: list[str], name: str | None) -> Message | str:
    """``U+0000 (NUL), U+001B (ESC)``, and the property they are in, if any."""
    written = ", ".join(f"U+{ord(c):04X} ({_CONTROL_NAMES[ord(c)]})" for c in characters)
    if not name:
        return written
    return N_("{characters} in {property}", characters=written, property=name)
