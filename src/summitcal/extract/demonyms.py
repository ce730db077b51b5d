"""The country of a report's subject when it is named by a nationality word before a
title ("South Korean Foreign Minister Yun … had phone talks with his Chinese
counterpart"), as wire stories write, where a ministry writes "Minister for Foreign
Affairs of Japan". It tells where a telephone talk is (the caller's side) when the text
names no government otherwise."""

from __future__ import annotations

import functools
import re

from summitcal.gazetteer import Country, country_named

__all__ = ["subject_country"]

_DEMONYMS = {
    "American": "US",
    "U.S.": "US",
    "British": "GB",
    "Chinese": "CN",
    "Japanese": "JP",
    "South Korean": "KR",
    "North Korean": "KP",
    "Russian": "RU",
    "French": "FR",
    "German": "DE",
    "Italian": "IT",
    "Spanish": "ES",
    "Turkish": "TR",
    "Ukrainian": "UA",
    "Indian": "IN",
    "Pakistani": "PK",
    "Indonesian": "ID",
    "Malaysian": "MY",
    "Australian": "AU",
    "Canadian": "CA",
    "Brazilian": "BR",
    "Iranian": "IR",
    "Israeli": "IL",
}
_TITLE = (
    r"(?:Prime\s+Minister|President|Chancellor|Premier|Foreign\s+Minister|"
    r"Deputy\s+Prime\s+Minister|Vice\s+President)"
)
_SUBJECT = re.compile(
    r"(?P<before>\b(?:with|and|visiting|between|met|meet|received|his|her|their|to|by)\s+"
    r"(?:the\s+)?(?:[a-z-]+\s+){0,2})?"  # "and new Iranian President …": the other side
    r"\b(?P<demonym>"
    + "|".join(re.escape(d) for d in sorted(_DEMONYMS, key=len, reverse=True))
    + r")\s+"
    + _TITLE
    + r"\b"
)
_READ = 600  # the report's lead: its subject is named first


@functools.lru_cache(maxsize=4)
def subject_country(text: str) -> Country | None:
    """The country of the first "<nationality> <title>" of the lead that is not the
    counterpart ("with his Chinese counterpart", "visiting Saudi Arabian …")."""
    for found in _SUBJECT.finditer(text[:_READ]):
        if not found["before"]:
            return country_named(_DEMONYMS[found["demonym"]])
    return None
