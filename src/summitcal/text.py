"""What text may reach a feed or a page: the one rule for every text field.

RFC 5545 TEXT excludes control characters (section 3.3.11: CONTROL is U+0000–U+0008,
U+000A–U+001F and U+007F; a line break is written escaped as ``\\n``). Readers differ in
how they meet the rest, and a difference is enough to forge content: vobject (Radicale)
splits a line at a bare CR, so ``SUMMARY:Lunch\\rEND:VEVENT\\rBEGIN:VEVENT`` becomes a
second event. So a schedule file's text fields may hold tabs, and line breaks only where
a field is made for paragraphs (descriptions); never another C0 or C1 control character,
DEL, or the Unicode line and paragraph separators (U+2028, U+2029), which some readers
take for line ends.

>>> text_problem("Japan–Peru Summit Meeting", one_line=True) is None
True
>>> print(text_problem("Lunch\\rEND:VEVENT", one_line=True, name="title"))
title contains a control character, U+000D (carriage return), at character 6; remove it
>>> print(text_problem("First line\\nsecond line", one_line=True, name="title"))
title must be one line; it has a line break at character 11
>>> text_problem("First paragraph.\\n\\nSecond.", one_line=False) is None
True
>>> print(shown("line one\\nline two " * 10, limit=30))
'line one\\nline two line one…'
"""

from __future__ import annotations

import re
import unicodedata

from summitcal.messages import N_, Message

__all__ = ["FORBIDDEN", "shown", "text_problem"]

# Everything but HTAB and LF among the C0 controls, DEL, the C1 controls, and the
# Unicode line and paragraph separators.
FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")

_NAMES = {
    "\x00": "null",
    "\x0b": "vertical tab",
    "\x0c": "form feed",
    "\x0d": "carriage return",
    "\x1b": "escape",
    "\x7f": "delete",
    "\x85": "next line",
    "\u2028": "line separator",
    "\u2029": "paragraph separator",
}


def text_problem(value: str, *, one_line: bool, name: str = "the text") -> Message | None:
    """What is wrong with ``value`` as the text of field ``name``, or None.

    ``one_line``: the field is a title, a place, an id or a name, which a calendar shows
    on one line; else line breaks (LF) are allowed. The answer is one line of its own.
    """
    found = FORBIDDEN.search(value)
    if found is not None:
        character = found.group()
        label = _NAMES.get(character) or unicodedata.name(character, "")
        label = label or "control character"
        return N_(
            "{name} contains a control character, {code} ({character}), at character "
            "{position}; remove it",
            name=name,
            code=f"U+{ord(character):04X}",
            character=label.lower(),
            position=found.start() + 1,
        )
    if one_line and "\n" in value:
        return N_(
            "{name} must be one line; it has a line break at character {position}",
            name=name,
            position=value.index(chr(10)) + 1,
        )
    return None


def shown(value: object, limit: int = 60) -> str:
    """A user's value quoted for a message: on one line, at most ``limit`` characters."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 2] + "…" + text[-1]
