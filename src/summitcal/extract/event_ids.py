"""Event ids from titles: "Welcome ceremony" is ``welcome-ceremony``, a second one
``welcome-ceremony-2``; unique within a document."""

from __future__ import annotations

import re
from collections.abc import Iterable

from summitcal.gazetteer import lowercase_unaccented

__all__ = ["event_ids", "slug"]

_MAX_SLUG = 40


def event_ids(titles: Iterable[str]) -> tuple[str, ...]:
    """One id per title, in order, no two alike."""
    taken: dict[str, int] = {}  # each slug's uses so far
    return tuple(_unique(slug(title), taken) for title in titles)


def slug(title: str) -> str:
    """Lowercase ASCII words joined by hyphens, at most 40 characters, whole words only."""
    words = re.findall(r"[a-z0-9]+", lowercase_unaccented(title))
    found = ""
    for word in words:
        if len(found) + len(word) + 1 > _MAX_SLUG:
            break
        found = f"{found}-{word}" if found else word
    return found or "event"


def _unique(base: str, taken: dict[str, int]) -> str:
    """``base``, or ``base-2``, ``base-3``, ...: ``taken`` counts each slug's uses."""
    number = taken.get(base, 0) + 1
    taken[base] = number
    candidate = base if number == 1 else f"{base}-{number}"
    while number > 1 and candidate in taken:  # "meeting-2" written as a title of its own
        number += 1
        candidate = f"{base}-{number}"
    taken[candidate] = max(taken.get(candidate, 0), 1)
    return candidate
