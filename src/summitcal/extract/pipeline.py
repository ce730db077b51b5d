"""From a press summary's text to an :class:`Extraction`, in named steps, each a pure
function of the records the steps before it give:

1. :func:`.document.read_document`: the title, the date, the sentences to read;
2. :func:`.document_zones.context_zones`: the zones of the places the text names,
   which decide what a label several zones share ("CET") means;
3. :func:`.second_zone.find_second_zone_times`: the times stated in parentheses, and
   the zone labels times are given in;
4. :func:`.mentions.find_mentions`: the events named, with their times and durations;
5. :func:`.document_zones.choose_zones`: the local zone and the home zone;
6. :func:`.placement.place_events`: every event placed in time;
7. :func:`.conversions.check_conversions`: the times stated in a second zone checked.

:mod:`.render` then writes the extraction out. The findings are each step's, in the
order of the steps.
"""

from __future__ import annotations

from datetime import date

from summitcal.extract.conversions import check_conversions
from summitcal.extract.document import read_document
from summitcal.extract.document_zones import choose_zones, context_zones
from summitcal.extract.mentions import find_mentions
from summitcal.extract.placement import place_events
from summitcal.extract.records import Extraction
from summitcal.extract.second_zone import find_second_zone_times

__all__ = ["extract"]


def extract(text: str, *, zone: str | None = None, on: date | None = None) -> Extraction:
    """The schedule a press summary describes. ``zone`` (an IANA name) and ``on`` (the
    document's date) override what the text says. Never raises on any text."""
    document = read_document(text, on)
    named = context_zones(document.narrative)
    second = find_second_zone_times(document.sentences, named)
    mentions = find_mentions(document.sentences, second, document.date, document.heading)
    zones = choose_zones(
        document.narrative, second.labels, named, zone, document.dateline_city, second.paired
    )
    events, inconsistencies = check_conversions(place_events(mentions.events, zones))
    findings = document.findings + second.findings + mentions.findings + inconsistencies
    return Extraction(
        document.title,
        document.date,
        document.date_reason,
        zones.local,
        zones.home,
        events,
        findings,
    )
