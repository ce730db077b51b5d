"""Step: the document as read: its title, its date, and the sentences that may hold its
schedule.

Control characters, which no schedule field may hold (:mod:`summitcal.text`), are read
as spaces, so character offsets into the text stay true. Numbered paragraphs are the
talks' content ("1. ... welcomed the adoption of ..."): they are left out of the
narrative (places named there are not where the visit is), and read for events only
when they hold something that may be a clock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from summitcal.extract.sentences import Sentence, split_sentences
from summitcal.extract.times import find_document_date
from summitcal.text import FORBIDDEN

__all__ = ["CLOCKISH", "Document", "read_document"]

# Something that may be a clock: the numbered paragraphs without one are skipped whole
# (their dates and places are the talks' content, not the schedule).
CLOCKISH = re.compile(r"\d[:.]\d\d|\d\s*[ap]\.?\s?m\b|\bnoon\b|\bmidnight\b", re.IGNORECASE)
_TITLE_SUFFIX = re.compile(r"\s*\((?:summary|outline|overview)\)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Document:
    title: str
    date: date | None
    date_reason: str  # where the date comes from, or what to do without one
    sentences: tuple[Sentence, ...]  # those that may hold schedule, in order
    narrative: str  # the text without its numbered paragraphs: where the visit is told
    findings: tuple[str, ...] = ()


def read_document(text: str, on: date | None = None) -> Document:
    """The document ``text`` is; ``on`` is its date when given (--date), over any the
    text states."""
    text = FORBIDDEN.sub(" ", text)
    findings: list[str] = []
    if on is not None:
        document_date: date | None = on
        date_reason = "given with --date"
    else:
        found = find_document_date(text)
        document_date = found[0] if found else None
        if found is not None:
            date_reason = f"the date line “{text[found[1] : found[2]]}”"
        else:
            date_reason = "no date line found; give --date"
            findings.append(
                "no date found in the document: events without a date cannot be placed; give --date"
            )
    sentences = split_sentences(text)
    narrative = "\n".join(s.text for s in sentences if not s.numbered)
    schedule = tuple(s for s in sentences if not s.numbered or CLOCKISH.search(s.text))
    return Document(title(text), document_date, date_reason, schedule, narrative, tuple(findings))


def title(text: str) -> str:
    """The first line that is not blank, without "(Summary)", at most 120 characters."""
    for line in text.splitlines():
        line = " ".join(line.split())
        if line:
            return _TITLE_SUFFIX.sub("", line)[:120] or "Extracted schedule"
    return "Extracted schedule"
