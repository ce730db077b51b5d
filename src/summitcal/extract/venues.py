"""Seats of government and of international bodies that press texts name instead of a
city ("at the Department of State", "Europa building VIP entrance", "in the Kremlin"):
each is in one city, so it places an item, or a text that names no city.

Only buildings that exist once, under a name no other building shares, are listed; a
name such as "Foreign Ministry" or "Presidential Palace" is every country's.
"""

from __future__ import annotations

import re

__all__ = ["venue_zone"]

_VENUES: dict[str, str] = {
    # Washington
    "white house": "America/New_York",
    "oval office": "America/New_York",
    "department of state": "America/New_York",
    "state department": "America/New_York",
    "pentagon": "America/New_York",
    "capitol hill": "America/New_York",
    "eisenhower executive office building": "America/New_York",
    "blair house": "America/New_York",
    # Brussels
    "europa building": "Europe/Brussels",
    "justus lipsius": "Europe/Brussels",
    "berlaymont": "Europe/Brussels",
    "nato headquarters": "Europe/Brussels",
    # Elsewhere
    "kremlin": "Europe/Moscow",
    "elysee palace": "Europe/Paris",
    "élysée palace": "Europe/Paris",
    "downing street": "Europe/London",
    "great hall of the people": "Asia/Shanghai",
    "zhongnanhai": "Asia/Shanghai",
    "diaoyutai state guesthouse": "Asia/Shanghai",
    "cheong wa dae": "Asia/Seoul",
    "akasaka palace": "Asia/Tokyo",
    "palais des nations": "Europe/Zurich",
    "united nations headquarters": "America/New_York",
    "un headquarters": "America/New_York",
}
_PATTERN = re.compile(
    r"\b(?:"
    + "|".join(re.escape(name) for name in sorted(_VENUES, key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)


def venue_zone(text: str) -> str | None:
    """The zone of the first seat ``text`` names, if any."""
    found = _PATTERN.search(text)
    return _VENUES[found.group().lower()] if found is not None else None
