"""iCalendar text as content lines and components, keeping line numbers and raw forms.

The linter needs what a parser normally hides: the physical line each property starts
on, how it was folded, and values exactly as written (a multi-value RDATE stays one
line). This reader is tolerant: it never raises on bad input, it reports.

It is ours, not icalendar's ``Contentlines``/``Contentline.parts()``: icalendar unfolds
the whole text before it splits it, so no line number or fold survives, and it
quietly repairs what the linter must report (``DTSTART ;TZID = Europe/Paris:...``
loses its spaces). Values are left as written; the linter reads those it checks with
icalendar's value parsers (``lint_values``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

__all__ = ["Component", "Layout", "Property", "scan"]

_NAME = re.compile(r"[A-Za-z0-9-]+")
# RFC 5545's CONTROL (%x00-08 / %x0A-1F / %x7F; LF never survives the split into lines,
# and a CR left in a line has no LF after it), and the C1 controls U+0080-U+009F in UTF-8.
_CONTROL = re.compile(rb"[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]")


@dataclass(frozen=True, slots=True)
class Property:
    """One unfolded content line: ``NAME;PARAM=value:VALUE``."""

    line: int  # the physical line it starts on, from 1
    name: str  # upper case
    params: dict[str, str]  # upper-case names; quotes removed
    value: str


@dataclass(slots=True)
class Component:
    """``BEGIN:NAME`` ... ``END:NAME`` with its properties and subcomponents."""

    name: str
    line: int
    properties: list[Property] = field(default_factory=list)
    children: list[Component] = field(default_factory=list)

    def all(self, name: str) -> list[Property]:
        return [prop for prop in self.properties if prop.name == name]

    def first(self, name: str) -> Property | None:
        return next((prop for prop in self.properties if prop.name == name), None)

    def walk(self, name: str) -> list[Component]:
        found = [self] if self.name == name else []
        for child in self.children:
            found.extend(child.walk(name))
        return found


@dataclass(slots=True)
class Layout:
    """What the physical layout looked like, for the linter's checks on form."""

    lines: int = 0
    lf_only: list[int] = field(default_factory=list)
    too_long: list[int] = field(default_factory=list)  # over 75 octets, line ends excluded
    split_characters: list[int] = field(default_factory=list)  # folds inside a UTF-8 sequence
    not_utf8: int | None = None
    malformed: list[tuple[int, str]] = field(default_factory=list)  # (line, reason)
    # (line, property name or "", its distinct control characters but HTAB, in order);
    # a CR here is a bare one, with no LF after it
    controls: list[tuple[int, str, str]] = field(default_factory=list)


def scan(data: bytes) -> tuple[list[Component], Layout]:
    """The top-level components of ``data`` and how its lines were laid out."""
    layout = Layout()
    physical = data.split(b"\n")
    if physical and physical[-1] == b"":
        physical.pop()
    layout.lines = len(physical)
    logical: list[tuple[int, bytes]] = []
    parts: list[list[tuple[int, int]]] = []  # (offset in the logical line, physical line)
    for number, raw in enumerate(physical, start=1):
        if raw.endswith(b"\r"):
            raw = raw[:-1]
        else:
            layout.lf_only.append(number)
        if len(raw) > 75:
            layout.too_long.append(number)
        if raw[:1] in (b" ", b"\t") and logical:
            start, text = logical[-1]
            parts[-1].append((len(text), number))
            logical[-1] = (start, text + raw[1:])
            if len(raw) > 1 and raw[1] & 0xC0 == 0x80:  # starts inside a UTF-8 sequence
                layout.split_characters.append(number)
        else:
            logical.append((number, raw))
            parts.append([(0, number)])
    layout.controls = _controls(logical, parts, final_cr=data.endswith(b"\r"))
    return _build(logical, layout), layout


def _controls(
    logical: list[tuple[int, bytes]], parts: list[list[tuple[int, int]]], final_cr: bool
) -> list[tuple[int, str, str]]:
    """Control characters by the physical line they are on, with their line's property."""
    found: list[tuple[int, str, str]] = []
    for index, ((number, raw), offsets) in enumerate(zip(logical, parts, strict=True)):
        if final_cr and index == len(logical) - 1:
            raw += b"\r"  # the file ends in a CR with no LF after it, stripped above
        matches = list(_CONTROL.finditer(raw))
        if not matches:
            continue
        prop = _parse(number, raw.decode("utf-8", errors="replace"))
        name = prop.name if prop is not None else ""
        starts = [offset for offset, _ in offsets]
        by_line: dict[int, str] = {}
        for match in matches:
            line = offsets[bisect_right(starts, match.start()) - 1][1]
            character = match.group().decode("utf-8")
            if character not in by_line.get(line, ""):
                by_line[line] = by_line.get(line, "") + character
        found.extend((line, name, characters) for line, characters in by_line.items())
    return found


def _build(logical: list[tuple[int, bytes]], layout: Layout) -> list[Component]:
    roots: list[Component] = []
    stack: list[Component] = []
    for number, raw in logical:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            if layout.not_utf8 is None:
                layout.not_utf8 = number
            text = raw.decode("utf-8", errors="replace")
        if not text.strip():
            continue
        prop = _parse(number, text)
        if prop is None:
            layout.malformed.append((number, text[:40]))
            continue
        if prop.name == "BEGIN":
            component = Component(prop.value.upper(), number)
            (stack[-1].children if stack else roots).append(component)
            stack.append(component)
        elif prop.name == "END":
            if not stack or stack[-1].name != prop.value.upper():
                layout.malformed.append((number, f"END:{prop.value} without its BEGIN"))
                continue
            stack.pop()
        elif stack:
            stack[-1].properties.append(prop)
        else:
            layout.malformed.append((number, f"{prop.name} outside any component"))
    for component in stack:
        layout.malformed.append((component.line, f"BEGIN:{component.name} is never ended"))
    return roots


def _parse(number: int, text: str) -> Property | None:
    """Split ``NAME;P=v;Q="a:b":VALUE``; quoted parameter values may hold ``:`` and ``;``."""
    match = _NAME.match(text)
    if match is None:
        return None
    name = match.group().upper()
    position = match.end()
    params: dict[str, str] = {}
    while position < len(text) and text[position] == ";":
        equals = text.find("=", position)
        if equals < 0:
            return None
        key = text[position + 1 : equals].upper()
        position = equals + 1
        values = []
        while True:
            if text[position : position + 1] == '"':
                close = text.find('"', position + 1)
                if close < 0:
                    return None
                values.append(text[position + 1 : close])
                position = close + 1
            else:
                end = position
                while end < len(text) and text[end] not in ",;:":
                    end += 1
                values.append(text[position:end])
                position = end
            if text[position : position + 1] != ",":
                break
            position += 1
        params[key] = ",".join(values)
    if text[position : position + 1] != ":":
        return None
    return Property(number, name, params, text[position + 1 :])
