"""One event told several times: a report tells its lead again, a headline the body
retells, "the talks" for talks named before, a schedule's prose before its timed list.
These decide which of the events a text names are new (:mod:`.mentions` asks them as
it reads, :mod:`.placement` once the times are known)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from summitcal.extract.phrases import Phrase
from summitcal.extract.sentences import Sentence

if TYPE_CHECKING:
    from summitcal.extract.mentions import Mention

__all__ = [
    "RETOLD_CHARACTERS",
    "first_named",
    "headlines",
    "told_again",
    "without_retold_headlines",
]

_AGAIN_WITHIN = 6  # events back where an untimed one may be a retelling
RETOLD_CHARACTERS = 1500  # and at most this far back in the text
_TITLE_WORD = re.compile(r"[a-z][a-z'’-]+")
_NOT_NAMING = frozenset(["the", "with", "between", "and", "of", "for", "his", "her", "their"])


def first_named(
    phrases: list[Phrase], references: list[Phrase], mentions: Sequence[Mention]
) -> list[Phrase]:
    """ "The signing of documents will take place in the Malachite Foyer": "the …" names
    an event for the first time when none of its kind was named before."""
    new = [p for p in references if not p.japanese and len(p.title.split()) > 1]  # not "Meeting"
    if not new:
        return phrases
    # The kinds named before, looked for from the last event back: a kind once named is
    # found at once, so a long text costs what it names, not its events times its sentences.
    wanted, named = {p.kind for p in new}, set()
    for mention in reversed(mentions):
        if mention.phrase.kind in wanted:
            named.add(mention.phrase.kind)
            if len(named) == len(wanted):
                break
    new = [p for p in new if p.kind not in named]
    if not new:
        return phrases
    return sorted(phrases + [replace(p, reference=False) for p in new], key=lambda p: p.start)


def told_again(mentions: Sequence[Mention], mention: Mention) -> bool:
    """Whether an event the text gives no time is one named a few events before, told
    again ("Negotiations between Putin and Trump will take place on an equal basis"
    after "Then negotiations will take place"): of the same kind, the words of one
    title all in the other's. "Extended talks" after "talks" is another event."""
    if mention.timing is not None or mention.phrase.japanese:
        return False
    words = _naming_words(mention.phrase.title)
    for other in mentions[-_AGAIN_WITHIN:]:
        if other.listed or other.phrase.kind is not mention.phrase.kind:
            continue
        if mention.sentence.start - other.sentence.start > RETOLD_CHARACTERS:
            continue  # far on: another text, or a repeat on purpose
        if mention.phrase.reference:
            return True  # "… and participate in the meeting": the one named before
        if _same_words(words, _naming_words(other.phrase.title)):
            return True
    return False


def _same_words(words: frozenset[str], others: frozenset[str]) -> bool:
    """Whether two titles may name one event: the words of one are all in the other."""
    return bool(words and others and (words <= others or others <= words))


def _naming_words(title: str) -> frozenset[str]:
    return frozenset(_TITLE_WORD.findall(title.lower())) - _NOT_NAMING


def headlines(sentences: Sequence[Sentence]) -> frozenset[int]:
    """The starts of the headlines among a text's first lines: a line of its own (an
    empty line after it; not a hard-wrapped line of a paragraph) with no full stop."""
    found = set()
    for sentence, following in itertools.pairwise(sentences[:9]):
        own_line = following.start - sentence.end >= 2
        if own_line and sentence.text[-1:] not in ".。!?" and len(sentence.text) <= 160:
            found.add(sentence.start)
    return frozenset(found)


def without_retold_headlines(mentions: list[Mention], headlines: frozenset[int]) -> list[Mention]:
    """Without the untimed events of a headline ("Erdoğan, Zelensky hold talks in
    Ankara") that the body tells again: an event of the same kind named after it. A
    headline the body does not tell again ("PM call with US President Trump") keeps
    its event."""
    kept = []
    for index, mention in enumerate(mentions):
        headline = (
            not mention.listed and mention.timing is None and mention.sentence.start in headlines
        )
        later = mentions[index + 1 : index + 1 + _AGAIN_WITHIN]
        if headline and any(
            m.phrase.kind is mention.phrase.kind and m.sentence.start not in headlines
            for m in later
        ):
            continue
        if _listed_later(mention, mentions[index + 1 : index + 1 + _LISTED_WITHIN]):
            continue
        kept.append(mention)
    return kept


_LISTED_WITHIN = 40  # a schedule's prose comes before its list of times, not far before


def _listed_later(mention: Mention, later: Sequence[Mention]) -> bool:
    """Whether an untimed event of the prose is an item of the timed list after it ("the
    President will attend the National Prayer Breakfast", then "8:00 AM … attend the
    National Prayer Breakfast"): of its kind, its words in the item's."""
    if mention.listed or mention.timing is not None or mention.phrase.japanese:
        return False
    words = _naming_words(mention.phrase.title)
    return any(
        m.listed
        and m.timing is not None
        and m.phrase.kind is mention.phrase.kind
        and words
        and words <= _naming_words(m.phrase.title)
        for m in later
    )
