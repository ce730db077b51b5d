"""Reading press summaries: the schedule a document describes, and a check of the times
it states in a second zone. ``extract(text)`` gives an :class:`Extraction` (the steps
are in :mod:`.pipeline`); :mod:`.render` writes it as a draft schedule file (TOML),
JSON or text."""

from summitcal.extract.pipeline import extract
from summitcal.extract.placement import DEFAULT_MINUTES
from summitcal.extract.records import (
    Conversion,
    ExtractedEvent,
    Extraction,
    Source,
    StatedTime,
    ZoneChoice,
)

__all__ = [
    "DEFAULT_MINUTES",
    "Conversion",
    "ExtractedEvent",
    "Extraction",
    "Source",
    "StatedTime",
    "ZoneChoice",
    "extract",
]
