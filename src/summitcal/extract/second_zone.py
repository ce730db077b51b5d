"""Step: what a document states in a second zone: the times in parentheses after a time
("(local time; 00:50 a.m. on November 18, Japan Standard Time)", "(6:00 p.m. on March
3, local time)"), and the zone labels written right after a time ("5:00 p.m. Japan
time"), whose zones the home zone is chosen from."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from summitcal.extract.document_zones import label_zone
from summitcal.extract.japanese import has_japanese, ja_label_before
from summitcal.extract.sentences import MAX_EVENTS, Sentence
from summitcal.extract.times import Clock, MentionedDate, find_clocks, find_dates
from summitcal.messages import N_, English

__all__ = [
    "Parenthetical",
    "SecondZoneTimes",
    "find_second_zone_times",
    "label_after",
    "label_of",
    "labels_after_times",
    "read_parentheses",
]

# A parenthesis, with at most a short one inside it ("(0:22 a.m. on September 25
# (Thursday) JST)", as the Ministry writes).
_PAREN = re.compile(r"\((?P<inner>(?:[^()]|\([^()]{0,20}\)){0,240})\)")
_INNER_WEEKDAY = re.compile(
    r"\((?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\)|\([月火水木金土日](?:曜日?)?\)"
)
_LABEL_HINT = re.compile(r"[Tt]ime\b|\b[A-Z]{2,4}T\b")
# "3:15 a.m. on Saturday, Korea time": a weekday may come between a time and its label.
_WEEKDAY_BETWEEN = r"(?:,?\s+on\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))?,?"
_LABEL_AFTER = re.compile(
    _WEEKDAY_BETWEEN
    + r"\s*(?P<label>local\s+time|[A-Z][A-Za-z]+(?:\s+[A-Z][A-Za-z]+){0,2}\s+(?:[Ss]tandard\s+)?[Tt]ime|[A-Z]{2,4}T)\b"
)
_IN_PLACE = re.compile(
    _WEEKDAY_BETWEEN
    + r"\s*(?:local\s+time\s+)?in\s+(?P<place>[A-Z][\w'’.-]*(?:\s+(?:de\s+|do\s+)?[A-Z][\w'’.-]*){0,2})"
)
_LOCAL_FIRST = re.compile(r"\s*local\s+time\s*[;,]", re.IGNORECASE)
_NOISE = re.compile(r"[;,:、]|\bon\b|\bat\b|\blocal\s+time\b|現地時間|(?<=時間)の", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Parenthetical:
    """A parenthesis that states a time: another zone's, or the local one."""

    start: int  # offsets in the sentence, the parentheses included
    end: int
    clock: Clock
    date: MentionedDate | None
    label: str
    zone: str | None  # None: not known (a label no zone has), or local time
    local: bool = False  # "(6:00 p.m. on March 3, local time)": the local time itself
    # More clocks in the same brackets, each with its label and zone: "(09:30 ET, 15:30 CET)"
    more: tuple[tuple[Clock, str, str], ...] = ()
    home: bool = False  # "(local time, 9.45 p.m.)": the home clock, unlabelled


@dataclass(frozen=True, slots=True)
class SecondZoneTimes:
    by_sentence: tuple[tuple[Parenthetical, ...], ...]  # one entry per sentence, in order
    labels: tuple[str, ...]  # zone labels the text gives times in, in order
    findings: tuple[str, ...] = ()

    @property
    def paired(self) -> bool:
        """Whether some time is also given in a second clock, in parentheses."""
        return any(p.zone and not p.local for found in self.by_sentence for p in found)


def find_second_zone_times(
    sentences: Sequence[Sentence], named: tuple[str, ...]
) -> SecondZoneTimes:
    """The parentheses of every sentence, and the labels of the zones times are given
    in: the parentheses' (but the local time's) first, then those after a time.
    ``named``: the zones of the places the text names, which decide a shared label."""
    read = [read_parentheses(sentence, named) for sentence in sentences]
    labels = [
        parenthetical.label
        for parentheticals, _findings in read
        for parenthetical in parentheticals
        if parenthetical.zone and not parenthetical.local
    ] + [label for sentence in sentences for label in labels_after_times(sentence.text)]
    return SecondZoneTimes(
        tuple(parentheticals for parentheticals, _findings in read),
        tuple(labels),
        tuple(finding for _parentheticals, findings in read for finding in findings),
    )


def read_parentheses(
    sentence: Sentence, named: tuple[str, ...]
) -> tuple[tuple[Parenthetical, ...], tuple[str, ...]]:
    """Each parenthesis of the sentence that states a time, and the findings about the
    labels no zone has."""
    found: list[Parenthetical] = []
    findings: list[str] = []
    for match in itertools.islice(_PAREN.finditer(sentence.text), MAX_EVENTS):
        inner = match["inner"]
        clocks = find_clocks(inner)
        if not clocks:
            continue
        clock = clocks[0]
        dates = find_dates(inner)
        upto = clocks[1].start if len(clocks) > 1 else len(inner)
        rest = inner[: clock.start] + " " + inner[clock.end : upto]
        for mentioned in dates:
            rest = rest.replace(mentioned.text, " ")
        rest = _INNER_WEEKDAY.sub(" ", rest)
        label_text = " ".join(_NOISE.sub(" ", rest).split())
        is_local = "local time" in inner.lower() or "現地時間" in inner
        # "6.15p.m. (local time, on October 10, 9.45p.m.)": "local time" is said of the
        # time before the brackets; the one inside is the home clock, its label left out.
        home = is_local and not label_text and _LOCAL_FIRST.match(inner) is not None
        is_local = is_local and not home
        if not label_text and not is_local and not find_clocks(sentence.text[: match.start()], 1):
            continue  # "At the end of the meeting (+/- 16.15) – Press conference": its time
        zone_key, problem = label_zone(label_text, named) if label_text else (None, "")
        if label_text and zone_key is None:
            findings.append(
                English(
                    N_(
                        "“{parenthesis}”: cannot tell which zone “{label}” is ({problem})",
                        parenthesis=inner.strip(),
                        label=label_text,
                        problem=problem,
                    )
                )
            )
        found.append(
            Parenthetical(
                match.start(),
                match.end(),
                clock,
                dates[0] if dates else None,
                label_text or (English(N_("local time")) if is_local else ""),
                zone_key,
                is_local and not label_text,
                _more_clocks(inner, clocks[1:MAX_EVENTS], named),
                home,
            )
        )
    return tuple(found), tuple(findings)


def _more_clocks(
    inner: str, clocks: Sequence[Clock], named: tuple[str, ...]
) -> tuple[tuple[Clock, str, str], ...]:
    """The clocks after the first in one pair of brackets, each with the label written
    after it up to the next ("(09:30ET, 15:30CET)"); those with no known zone are left."""
    more = []
    for index, clock in enumerate(clocks):
        upto = clocks[index + 1].start if index + 1 < len(clocks) else len(inner)
        words = _NOISE.sub(" ", inner[clock.end : upto])
        label = " ".join(re.sub(r"\b(?:or|and)\b", " ", words).split())
        zone = label_zone(label, named)[0] if label else None
        if clock.value is not None and zone is not None:
            more.append((clock, label, zone))
    return tuple(more)


def label_after(text: str, position: int) -> str | None:
    """The zone label written at ``position``, right after a time ("Japan time", "JST");
    None if there is none, or it says "local time"."""
    label = _LABEL_AFTER.match(text, position)
    if label is None or label["label"].lower().startswith("local"):
        return None
    return label["label"]


def label_of(text: str, clock: Clock) -> str:
    """The zone label a time is written with: after it ("5:00 p.m. Japan time"), or in
    Japanese before it (「日本時間18日午前0時50分」); "" for none or the local clock."""
    label = label_after(text, clock.end) or _place_after(text, clock.end)
    if label is None and has_japanese(text):
        label = ja_label_before(text, clock.start)
        if label is not None and label.startswith("現地"):
            label = None
    return label or ""


def _place_after(text: str, position: int) -> str | None:
    """ "at 11.30 am local time in Alaska", "at 9 a.m. in Paris": the clock of the place
    named right after a time, as a label ("Alaska time"), when it is a known clock. Not a
    home zone: the reader's clock is not said so."""
    place = _IN_PLACE.match(text, position)
    if place is None:
        return None
    for label in (f"{place['place']} time", place["place"]):
        zone, _problem = label_zone(label)
        if zone is not None and not zone.startswith("Etc/"):
            return label
    return None


def labels_after_times(text: str) -> list[str]:
    """Zone labels written with a time, outside parentheses ("5:00 p.m. Japan time",
    「日本時間の2日夜7時半」)."""
    if has_japanese(text):
        written = (label_of(text, clock) for clock in find_clocks(text, MAX_EVENTS))
        return [label for label in written if label]
    if not _LABEL_HINT.search(text):
        return []  # no "... time" and no abbreviation: nothing to find (cheap test first)
    labels = (label_after(text, clock.end) for clock in find_clocks(text, MAX_EVENTS))
    return [label for label in labels if label is not None]
