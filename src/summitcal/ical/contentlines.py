"""iCalendar text as content lines and components, keeping line numbers and raw forms.

The linter needs what a parser normally hides: the physical line each property starts
on, how it was folded, and values exactly as written (a multi-value RDATE stays one
line). This reader is tolerant: it never raises on bad input, it reports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["Component", "Layout", "Property", "scan"]

_NAME = re.compile(r"[A-Za-z0-9-]+")


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


def scan(data: bytes) -> tuple[list[Component], Layout]:
    """The top-level components of ``data`` and how its lines were laid out."""
    layout = Layout()
    physical = data.split(b"\n")
    if physical and physical[-1] == b"":
        physical.pop()
    layout.lines = len(physical)
    logical: list[tuple[int, bytes]] = []
    for number, raw in enumerate(physical, start=1):
        if raw.endswith(b"\r"):
            raw = raw[:-1]
        else:
            layout.lf_only.append(number)
        if len(raw) > 75:
            layout.too_long.append(number)
        if raw[:1] in (b" ", b"\t") and logical:
            start, text = logical[-1]
            logical[-1] = (start, text + raw[1:])
            if len(raw) > 1 and raw[1] & 0xC0 == 0x80:  # starts inside a UTF-8 sequence
                layout.split_characters.append(number)
        else:
            logical.append((number, raw))
    return _build(logical, layout), layout


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
