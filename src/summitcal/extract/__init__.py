"""Reading press summaries: the schedule a document describes, and a check of the times
it states in a second zone. ``extract(text)`` gives an :class:`Extraction`;
:mod:`.render` writes it as a draft schedule file (TOML), JSON or text."""

from summitcal.extract.draft import DEFAULT_MINUTES, extract
from summitcal.extract.records import (
    ExtractedEvent,
    Extraction,
    Source,
    StatedTime,
    ZoneChoice,
)

__all__ = [
    "DEFAULT_MINUTES",
    "ExtractedEvent",
    "Extraction",
    "Source",
    "StatedTime",
    "ZoneChoice",
    "extract",
]
