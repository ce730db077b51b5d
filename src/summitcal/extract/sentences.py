"""Sentences with their character offsets, so every event can point at its source."""

from __future__ import annotations

import re
from dataclasses import dataclass

from summitcal.extract.japanese import has_japanese

__all__ = ["MAX_EVENTS", "Sentence", "split_sentences"]

# A sentence naming more events or times than this is not a schedule's: the rest of it
# is not read (said in the findings), which also bounds the work on hostile text.
MAX_EVENTS = 40

# Words after which a full stop does not end a sentence.
_ABBREVIATIONS = frozenset(
    [
        "a.m",
        "p.m",
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "no",
        "nos",
        "h.e",
        "e.g",
        "i.e",
        "u.s",
        "u.k",
        "approx",
        "vs",
        "etc",
        "jr",
        "sr",
        "prof",
        "gen",
        "lt",
        "col",
        "h.m",
        "h.r.h",
        "hon",
        "rt",
        "sen",
        "rep",
        "gov",
        "amb",
        "mt",
        "ft",
        "fr",
        "sec",
        "pres",
        "d.c",
    ]
)
_BREAK = re.compile(r"[.!?]+[\"”’)]*\s+")
_NUMBERED = re.compile(r"\s*(?:\(?(?:\d{1,2}|[a-z]|[ivx]{1,4})\)|(?:\d{1,2}|[a-z]|[ivx]{1,4})\.)\s")
# Japanese sentences end at 。 (and its closing brackets); their numbered paragraphs are
# 「1 夕食会は、」, 「(1)」, 「(ア)」, and the bullets 「- 」「・」 of the Ministry's summaries.
_JA_BREAK = re.compile(r"。[」』)\]]*")
_JA_NUMBERED = re.compile(r"\s*(?:\d{1,2}[.)]?\s+|\(\d{1,2}\)|\([ア-ン]\)|[-・•]\s*)")


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    text: str
    numbered: bool  # in a numbered paragraph ("1. At the outset, ..."): policy, not schedule


def split_sentences(text: str) -> list[Sentence]:
    sentences: list[Sentence] = []
    position = 0
    for line in text.splitlines(keepends=True):
        numbered = bool(_NUMBERED.match(line))
        body_start = position
        cut = 0
        if has_japanese(line):
            numbered = numbered or bool(_JA_NUMBERED.match(line))
            for match in _JA_BREAK.finditer(line):
                _add(sentences, text, body_start + cut, body_start + match.end(), numbered)
                cut = match.end()
            _add(sentences, text, body_start + cut, body_start + len(line), numbered)
            position += len(line)
            continue
        for match in _BREAK.finditer(line):
            window = line[max(0, match.start() - 40) : match.start() + 1]  # the word before
            before = window.rstrip('.!?"”’)').rsplit(None, 1)
            word = before[-1].lower().lstrip("(") if before else ""
            word = re.sub(r"^[\d.:]+", "", word)  # "8.20p.m." ends with "p.m"
            following = line[match.end() : match.end() + 1]
            if (
                word in _ABBREVIATIONS
                or re.fullmatch(r"(?:[a-z]\.)*[a-z]", word)  # "J.", "H.H.", "U.S."
                or not following[:1].isupper()
            ):
                continue
            _add(sentences, text, body_start + cut, body_start + match.end(), numbered)
            cut = match.end()
        _add(sentences, text, body_start + cut, body_start + len(line), numbered)
        position += len(line)
    return sentences


def _add(sentences: list[Sentence], text: str, start: int, end: int, numbered: bool) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        sentences.append(Sentence(start, end, text[start:end], numbered))
