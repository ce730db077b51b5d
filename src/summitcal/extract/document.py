"""Step: the document as read: its title, its date, and the sentences that may hold its
schedule.

Control characters, which no schedule field may hold (:mod:`summitcal.text`), are read
as spaces, and full-width digits and brackets (「１５日（日本時間）」) as their ASCII forms, so
character offsets into the text stay true. Numbered paragraphs are the
talks' content ("1. ... welcomed the adoption of ..."): they are left out of the
narrative (places named there are not where the visit is), and read for events only
when they hold something that may be a clock.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from datetime import date

from summitcal.extract.japanese import halfwidth, has_japanese
from summitcal.extract.sentences import Sentence, split_sentences
from summitcal.extract.times import find_dates, find_document_date
from summitcal.messages import N_, English
from summitcal.text import FORBIDDEN

__all__ = ["CLOCKISH", "Document", "read_document"]

# Something that may be a clock: the numbered paragraphs without one are skipped whole
# (their dates and places are the talks' content, not the schedule).
CLOCKISH = re.compile(r"\d[:.]\d\d|\d\s*[ap]\.?\s?m\b|\bnoon\b|\bmidnight\b", re.IGNORECASE)
_JA_CLOCKISH = re.compile(r"\d時(?!間)|正午")
_TITLE_SUFFIX = re.compile(r"\s*\((?:summary|outline|overview)\)$", re.IGNORECASE)
# A news dateline at the start of a line: the city in capitals, the date, the agency, and
# the dash or stop that ends it ("MOSCOW, March 3. /TASS/.", "SEOUL, June 4 (Yonhap) --",
# "PARIS, July 4, 2023 (AFP) -", "WASHINGTON (Reuters) -").
_DATELINE = re.compile(
    r"^(?:date\s+\d{4}-\d{2}-\d{2}\s+)?(?P<city>[A-Z][A-Z.'’/-]+(?:[ \t]+[A-Z][A-Z.'’/-]+){0,3})"
    r"(?:,[ \t]*(?P<date>[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2}(?:,[ \t]+\d{4})?|\d{1,2}[ \t]+[A-Z][a-z]{2,8}(?:[ \t]+\d{4})?))?"
    r"[ \t]*(?:\.?[ \t]*(?:\((?P<agency>[^)\n]{2,40})\)|/(?P<agency2>[^/\n]{2,20})/))?"
    r"[ \t]*(?:--|—|–|-|\.|:)[ \t]+(?=\S)",
    re.MULTILINE,
)


# The same in title case, which an agency's dateline needs both its date and its name
# in brackets to be: "Islamabad, Sep 7 (PTI) The …", "Tokyo, Jan. 9 (Jiji Press)--".
_TITLE_DATELINE = re.compile(
    r"^(?:date\s+\d{4}-\d{2}-\d{2}\s+)?(?P<city>[A-Z][a-z]+(?:[ \t]+[A-Z][a-z]+){0,2})"
    r",[ \t]*(?P<date>[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2}(?:,[ \t]+\d{4})?|\d{1,2}[ \t]+[A-Z][a-z]{2,8}(?:[ \t]+\d{4})?)"
    r"[ \t]*\((?P<agency>[^)\n]{2,40})\)(?P<agency2>)[ \t]*(?:--|—|–|-|:)?[ \t]*(?=\S)",
    re.MULTILINE,
)


@dataclass(frozen=True, slots=True)
class Document:
    title: str
    date: date | None
    date_reason: str  # where the date comes from, or what to do without one
    sentences: tuple[Sentence, ...]  # those that may hold schedule, in order
    narrative: str  # the text without its numbered paragraphs: where the visit is told
    findings: tuple[str, ...] = ()
    dateline_city: str = ""  # "GENEVA, June 16. /TASS/.": where the report was filed
    heading: str = ""  # the first lines: a ministry's page puts its country line first


def read_document(text: str, on: date | None = None) -> Document:
    """The document ``text`` is; ``on`` is its date when given (--date), over any the
    text states."""
    text = halfwidth(FORBIDDEN.sub(" ", text))
    findings: list[str] = []
    date_reason: str
    text, dateline = _read_dateline(text)
    found = find_document_date(text)
    if on is not None:
        document_date: date | None = on
        date_reason = English(N_("given with --date"))
    elif dateline is not None and dateline.date is not None:
        document_date = dateline.date
        date_reason = English(N_("the dateline “{dateline}”", dateline=dateline.text))
    else:
        document_date = found[0] if found else None
        if found is not None:
            date_reason = English(N_("the date line “{line}”", line=text[found[1] : found[2]]))
        elif dateline is not None and _DATE_WORDS.search(dateline.text):
            date_reason = English(
                N_("the dateline “{dateline}” has no year; give --date", dateline=dateline.text)
            )
            findings.append(
                English(
                    N_(
                        "the dateline “{dateline}” gives no year: events cannot be placed; "
                        "give --date",
                        dateline=dateline.text,
                    )
                )
            )
        else:
            date_reason = English(N_("no date line found; give --date"))
            findings.append(
                English(
                    N_(
                        "no date found in the document: events without a date cannot be "
                        "placed; give --date"
                    )
                )
            )
    captions = _captions(text)
    starts = [start for start, _end in captions]
    sentences = [s for s in split_sentences(text) if not _inside(s, starts, captions)]
    narrative = "\n".join(s.text for s in sentences if not s.numbered)
    schedule = tuple(s for s in sentences if not s.numbered or _clockish(s.text))
    return Document(
        title(text),
        document_date,
        date_reason,
        schedule,
        narrative,
        tuple(findings),
        dateline.city if dateline else "",
        "\n".join(line.strip() for line in text[:1000].splitlines() if line.strip())[:300],
    )


@dataclass(frozen=True, slots=True)
class _Dateline:
    text: str  # as written, "MOSCOW, March 3. /TASS/."
    city: str  # "Moscow"
    date: date | None  # None without a year (--date gives it) or without a date


def _read_dateline(text: str) -> tuple[str, _Dateline | None]:
    """The text with its dateline blanked (the rest keeps its offsets; its date would
    otherwise be read as the first sentence's), and the dateline."""
    match = _DATELINE.search(text, 0, 3000)
    if match is None or not (match["date"] or match["agency"] or match["agency2"]):
        match = _TITLE_DATELINE.search(text, 0, 3000)
        if match is None or not any(d.month for d in find_dates(match["date"])):
            return text, None
    if match["city"].upper() in _NOT_CITIES:
        return text, None
    start = match.start("city")
    found = find_document_date(match["date"] or "")
    dateline = _Dateline(
        " ".join(text[start : match.end()].split()),
        match["city"].title(),
        found[0] if found else None,
    )
    return text[:start] + " " * (match.end() - start) + text[match.end() :], dateline


_DATE_WORDS = re.compile(r"\d")
# Capitals at the start of a line that are not a place: headings and labels.
_NOT_CITIES = frozenset(["NOTE", "UPDATE", "CORRECTION", "BREAKING", "EXCLUSIVE", "ANALYSIS"])


# A photo's credit ("© AP Photo / Ludovic Marin", "PHOTO: BLUE HOUSE", "(Photo: Reuters)"):
# its line is a caption, which tells what a picture shows, often of another day and place.
_CREDIT = re.compile(r"©|\bphoto\s*:|\bphoto\s+/\s|\bap\s+photo\b", re.IGNORECASE)
_CAPTION_WORDS = 60  # a caption's start said again on the next line is the caption again


def _captions(text: str) -> list[tuple[int, int]]:
    """The spans of the lines that are photo captions: those with a credit, and a line
    right after one that says its words again. (A credit alone on its line may stand
    above the text itself, "Photo: Cabinet Public Relations Office": only that line.)"""
    spans: list[tuple[int, int]] = []
    position = 0
    previous = ""
    for line in text.splitlines(keepends=True):
        words = " ".join(line.split())
        credited = _credited(line) and len(words) < 600
        again = bool(previous) and len(words) >= 20 and words[:_CAPTION_WORDS] in previous
        if credited or again:
            spans.append((position, position + len(line)))
            previous = words if credited else previous
        elif words:
            previous = ""
        position += len(line)
    return spans


def _credited(line: str) -> bool:
    if "©" not in line and "hoto" not in line and "HOTO" not in line:
        return False  # most lines: no need to run the pattern
    return _CREDIT.search(line) is not None


def _inside(sentence: Sentence, starts: list[int], spans: list[tuple[int, int]]) -> bool:
    """Whether the sentence starts in one of the ``spans`` (in order; ``starts`` theirs)."""
    index = bisect.bisect_right(starts, sentence.start) - 1
    return index >= 0 and sentence.start < spans[index][1]


def _clockish(text: str) -> bool:
    return CLOCKISH.search(text) is not None or (
        has_japanese(text) and _JA_CLOCKISH.search(text) is not None
    )


def title(text: str) -> str:
    """The first line that is not blank, without "(Summary)", at most 120 characters."""
    for line in text.splitlines():
        line = " ".join(line.split())
        if line:
            return _TITLE_SUFFIX.sub("", line)[:120] or "Extracted schedule"
    return "Extracted schedule"
