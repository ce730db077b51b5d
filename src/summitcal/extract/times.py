"""Times, durations and dates as press summaries write them, found in one regex pass.

Clock forms: "9:30 a.m.", "4.20p.m.", "0:15 p.m." (Japanese government style: 0:15
p.m. is a quarter past noon), "14:05", "09h00", "0300 GMT" and "1250 hrs" (four digits
only with GMT, UTC or hrs after them), "12 a.m." (midnight), "noon", "midnight";
hedges before them ("around", "shortly after"); ranges ("from 2:10 p.m. to 2:55
p.m."). A bare number ("125th", "200,000", "2030", "1.5") is never a time: a clock
needs a colon, or a.m./p.m. A clock that cannot exist ("13:30 a.m.", "25:00",
"9:75") is returned as such, with the reason, so it is reported and never guessed.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date, time

from summitcal.extract import japanese
from summitcal.messages import N_, English
from summitcal.timerange import FIRST_YEAR, LAST_YEAR

__all__ = [
    "YEARS",
    "Clock",
    "Duration",
    "MentionedDate",
    "clock_value",
    "find_clocks",
    "find_dates",
    "find_document_date",
    "find_durations",
    "nearest_day",
    "safe_date",
]

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"

_HEDGES = {
    "shortly after": "after",
    "shortly before": "before",
    "just after": "after",
    "just before": "before",
    "soon after": "after",
    "at around": "around",
    "around": "around",
    "at about": "around",
    "about": "around",
    "approximately": "around",
    "approx.": "around",
    "roughly": "around",
    "circa": "around",
    "some time after": "after",
    "+/-": "around",
    "±": "around",
}
_HEDGE = (
    r"(?:(?P<hedge>"
    + "|".join(re.escape(h) for h in sorted(_HEDGES, key=len, reverse=True))
    + r")\s+)?"
)
_AMPM = r"(?P<ampm>[ap]\.?\s?m\b\.?)"
# The clock itself; the hedge before it is looked for separately, in the few characters
# before a match (one alternation tried at every position made 1 MB take seconds).
_CLOCK = re.compile(
    # Every form but the words starts at a digit not after another digit or a separator;
    # said once, before the forms, so that a position without a digit fails at once.
    r"(?<![\d.,:])(?=\d)(?:"
    r"(?P<h>\d{1,2})(?P<sep>[:.])(?P<m>\d{2})(?!\d)(?:\s*" + _AMPM + r")?"
    r"|(?P<h2>\d{1,2})\s*(?P<ampm2>[ap]\.?\s?m\b\.?)"
    # "0300 GMT", "1250 hrs": four digits only with the zone or "hrs" after them
    # (not "1500 hours", a count of hours in prose)
    r"|(?P<h3>[01]\d|2[0-3])(?P<m3>[0-5]\d)(?=\s*(?:GMT|UTC|hrs?\b|Z\b))"
    # "09h00", "14h30": the French and South African way
    r"|(?P<h4>[01]?\d|2[0-3])h(?P<m4>[0-5]\d)(?!\w))"
    r"|\b(?P<word>noon|midday|midnight)\b",
    re.IGNORECASE,
)
_HEDGE_BEFORE = re.compile(
    r"(?P<hedge>"
    + "|".join(re.escape(h) for h in sorted(_HEDGES, key=len, reverse=True))
    + r")\s+$",
    re.IGNORECASE,
)
_NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "forty-five": 45,
    "fifty": 50,
    "sixty": 60,
    "ninety": 90,
}
_AMOUNT = (
    r"(?P<amount>\d+(?:\.\d+)?|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")"
)
_DURATION = re.compile(
    r"(?P<lead>\bfor|\blasted|\blasting|\blasted\s+for|\blasting\s+for)\s+"
    r"(?:(?P<hedge>approximately|about|around|roughly|some|nearly|almost|over|more\s+than|just\s+over|just\s+under)\s+)?"
    r"(?:(?P<half>half\s+an\s+hour)|"
    r"(?:(?P<low>\d+)\s*[-–]\s*)?"  # "for about 5-10 minutes": at most the larger
    + _AMOUNT
    + r"(?P<andhalf>\s+and\s+a\s+half)?\s+(?P<unit>minutes?|mins?|hours?|hrs?)\b"
    r"(?:\s+and\s+(?P<more>\d+|"  # "2 hours and 45 minutes"
     + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")\s+minutes?\b)?)",
    re.IGNORECASE,
)
# "a 90-minute summit", "a two-hour meeting": the length said of the event.
_ADJECTIVE_DURATION = re.compile(
    r"\b(?:an?|the|their|his|her)\s+(?:[a-z]+\s+)?(?P<adjective>\d{1,3}|"
    + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
    + r")-(?P<adjunit>minute|hour)\b",
    re.IGNORECASE,
)
_HYPHENED = re.compile(r"-(?:minute|hour)\b", re.IGNORECASE)  # the cheap test first
_DATE = re.compile(
    r"\b(?:(?:on|of)\s+)?(?:(?P<weekday>" + "|".join(WEEKDAYS) + r"),?\s+)?"
    r"(?:" + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>\d{4})\b)?"
    r"|(?P<day2>\d{1,2})(?:st|nd|rd|th)?\s+"
    + _MONTH.replace("month", "month2")
    + r"(?:,?\s+(?P<year2>\d{4})\b)?)",
    re.IGNORECASE,
)
# A weekday said as a day of the story: "on Monday", "Saturday morning", "late Tuesday",
# "9:30 p.m. Tuesday" (news style puts it after the clock); never "said Wednesday", the
# day of the report.
_WEEKDAY_ONLY = re.compile(
    r"\b(?:on|late|early|last|next|this)\s+(?P<weekday>" + "|".join(WEEKDAYS) + r")\b"
    r"|\b(?P<weekday2>" + "|".join(WEEKDAYS) + r")\s+(?:morning|afternoon|evening|night)\b"
    r"|(?<=[ap]\.m\.\s)(?P<weekday3>" + "|".join(WEEKDAYS) + r")\b"
    r"|(?<=\d\d\s)(?P<weekday4>" + "|".join(WEEKDAYS) + r")\b",
    re.IGNORECASE,
)
_RANGE_AFTER = re.compile(r"\s*[-–]\s*\d")
# Days named from the document's: "today", "this morning", "yesterday", "tomorrow".
_RELATIVE_DAYS = {
    "today": 0,
    "tonight": 0,
    "this morning": 0,
    "this afternoon": 0,
    "this evening": 0,
    "earlier today": 0,
    "later today": 0,
    "yesterday": -1,
    "last night": -1,
    "tomorrow": 1,
}
# Words one of which any date without a digit holds (a cheap test before the patterns).
_DAY_WORDS = ("day", "night", "morning", "afternoon", "evening", "tomorrow")
_WEEKDAY_HINT = re.compile(r"(?:mon|tues|wednes|thurs|fri|satur|sun)day", re.IGNORECASE)
_RELATIVE_HINTS = ("today", "tonight", "this ", "yesterday", "last night", "tomorrow")
_RELATIVE_DAY = re.compile(
    r"\b(?P<relative>" + "|".join(sorted(_RELATIVE_DAYS, key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)
_DIGIT = re.compile(r"\d")
_MONTH_HINT = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)", re.IGNORECASE)
_CLOCK_WORD = re.compile(r"noon|midday|midnight|正午", re.IGNORECASE)
# Years a press summary can mean; others are typos or hostile, and near the ends of
# Python's calendar a day's arithmetic would overflow.
# A year inside the supported ones (summitcal.timerange) with one to spare at each end,
# so that every time a date leads to (the day before, another zone's clock) is supported.
YEARS = range(FIRST_YEAR + 1, LAST_YEAR)
# "2022 Nov. 17": the year first, as a Korean or Chinese government page writes it.
_YEAR_FIRST = re.compile(r"\b(?P<year>\d{4})\s+" + _MONTH + r"\s+(?P<day>\d{1,2})\b", re.IGNORECASE)
_ISO_DATE = re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})\b")


@dataclass(frozen=True, slots=True)
class Clock:
    """A clock time in the text; ``value`` None when it cannot exist (``problem`` says why)."""

    start: int  # character offsets of the whole match, hedge included
    end: int
    text: str
    value: time | None
    hedge: str | None  # "around", "after", "before"
    problem: str = ""
    next_day: bool = False  # "24:00": midnight at the end of the day
    minute_only: bool = False  # 「53分、」 in a programme: the hour is the previous clock's
    bare: bool = False  # a Japanese clock without 午前/午後: 24-hour, or 12-hour under 【午後】


@dataclass(frozen=True, slots=True)
class Duration:
    start: int
    end: int
    text: str
    minutes: int
    hedged: bool


@dataclass(frozen=True, slots=True)
class MentionedDate:
    start: int
    end: int
    text: str
    month: int | None  # None: a weekday only ("on Saturday")
    day: int | None
    year: int | None
    weekday: int | None  # 0 Monday
    relative_to: str = ""  # "document" (本日, 昨日) or "previous" (同日, 翌日): ``shift`` days
    shift: int = 0


def find_clocks(text: str, limit: int | None = None) -> list[Clock]:
    """Clocks in order; with ``limit``, only the first so many."""
    return list(_clocks(text, limit))


# The steps read one sentence's clocks and dates several times in a row (for its events,
# its labels, a programme's lines); a few are kept.
@functools.lru_cache(maxsize=16)
def _clocks(text: str, limit: int | None) -> tuple[Clock, ...]:
    if not _DIGIT.search(text) and not _CLOCK_WORD.search(text):
        return ()  # no digit and no noon or midnight: no clock (cheap test first)
    clocks: list[Clock] = []
    for match in _CLOCK.finditer(text):
        if limit is not None and len(clocks) >= limit:
            break
        before = _HEDGE_BEFORE.search(text, max(0, match.start() - 24), match.start())
        hedge = _HEDGES[before["hedge"].lower()] if before else None
        start = before.start() if before else match.start()
        whole = text[start : match.end()]
        if match["word"]:
            word = match["word"].lower()
            named = time(0, 0) if word == "midnight" else time(12, 0)
            clocks.append(Clock(start, match.end(), whole, named, hedge))
            continue
        hour = int(match["h"] or match["h2"] or match["h3"] or match["h4"])
        minute = int(match["m"] or match["m3"] or match["m4"] or 0)
        ampm = (match["ampm"] or match["ampm2"] or "").lower().replace(".", "").replace(" ", "")
        if match["sep"] == "." and not ampm and not _dotted_clock(text, match.start(), match.end()):
            continue  # "1.50 metres", "3.30": a number, not a clock
        value, problem = clock_value(hour, minute, ampm)
        next_day = hour == 24 and not ampm and value is not None
        clocks.append(Clock(start, match.end(), whole, value, hedge, problem, next_day))
    if japanese.has_japanese(text):
        clocks = sorted(clocks + _japanese_clocks(text), key=lambda c: c.start)
        if limit is not None:
            clocks = clocks[:limit]
    return tuple(clocks)


# "at 16.00 local time", "began at 13.36", "10.30 Moscow time", "(+/- 16.15)": a dotted
# time in a sentence is a clock when "at" or "+/-" comes before it or a label after it.
_DOTTED_BEFORE = re.compile(
    r"\b(?:at|from|until|till|to|by)\s+(?:about\s+|around\s+)?$|(?:\+/-|±)\s*$", re.IGNORECASE
)


def _dotted_clock(text: str, start: int, end: int) -> bool:
    """Whether "16.00" at ``start`` is a time: "at 16.00", "16.00 local time"."""
    hour = int(text[start : text.index(".", start)])
    if hour > 23:
        return False
    after = text[end : end + 20]
    if re.match(r"\s*(?:local\s+time|[A-Z][a-z]+\s+time|[A-Z]{2,4}T\b|GMT|UTC)", after):
        return True
    return bool(
        _DOTTED_BEFORE.search(text, max(0, start - 16), start)
        and not re.match(
            r"\s*(?:%|per\b|percent|million|billion|trillion|metres|meters|km|kg|points?|"
            r"dollars?|euros?|yen|rubles?|degrees?)",
            after,
            re.IGNORECASE,
        )
    )


def _japanese_clocks(text: str) -> list[Clock]:
    found = []
    for clock in japanese.ja_clocks(text):
        whole = text[clock.start : clock.end]
        if clock.hour is None:
            found.append(Clock(clock.start, clock.end, whole, None, None, minute_only=True))
            continue
        hour, minute, problem, next_day = japanese.clock_value(
            clock.hour, clock.minute, clock.period
        )
        value = time(hour, minute) if hour is not None else None
        found.append(
            Clock(
                clock.start,
                clock.end,
                whole,
                value,
                clock.hedge,
                problem,
                next_day,
                bare=not clock.period and clock.hour < 12,
            )
        )
    return found


def clock_value(hour: int, minute: int, ampm: str) -> tuple[time | None, str]:
    """The time an hour and minute give, on a 12-hour clock with ``ampm`` ("am", "pm";
    "12 am" is midnight, "0:22 am" is 00:22) or else a 24-hour one; None and why when
    it cannot exist ("14:20 a.m."). The one reading of clocks, sentences' and
    programmes' alike."""
    if minute > 59:
        return None, English(N_("minute {minute} does not exist", minute=minute))
    if ampm:
        if hour > 12:
            return None, English(
                N_(
                    "hour {hour} does not exist on a 12-hour clock ({period})",
                    hour=hour,
                    period=f"{ampm[0]}.m.",
                )
            )
        if ampm == "am":
            return time(0 if hour == 12 else hour, minute), ""
        return time(hour if hour == 12 else (hour + 12) % 24, minute), ""
    if hour > 24 or (hour == 24 and minute):
        return None, English(N_("hour {hour} does not exist on a 24-hour clock", hour=hour))
    return time(hour % 24, minute), ""


def find_durations(text: str) -> list[Duration]:
    found = []
    for match in _ADJECTIVE_DURATION.finditer(text) if _HYPHENED.search(text) else ():
        number = _number(match["adjective"])
        minutes = number * 60 if match["adjunit"].lower() == "hour" else number
        if 0 < minutes <= 24 * 60:
            found.append(Duration(match.start(), match.end(), match[0], round(minutes), False))
    for match in _DURATION.finditer(text):
        if match["half"]:
            minutes = 30.0
        else:
            number = _number(match["amount"])
            if match["andhalf"]:
                number += 0.5
            unit = match["unit"].lower()
            minutes = number * 60 if unit.startswith("h") else number
            if match["more"] and unit.startswith("h"):
                minutes += _number(match["more"])
        hedged = match["hedge"] is not None or match["low"] is not None
        if 0 < minutes <= 24 * 60:
            found.append(Duration(match.start(), match.end(), match[0], round(minutes), hedged))
    if japanese.has_japanese(text):
        found.extend(
            Duration(d.start, d.end, d.text, d.minutes, d.hedged)
            for d in japanese.ja_durations(text)
        )
    found.sort(key=lambda d: d.start)
    return found


def _number(written: str) -> float:
    """ "90" or "ninety", "two", "an" as a number."""
    word = written.lower()
    return float(_NUMBER_WORDS.get(word, 0) or float(word))


def find_dates(text: str) -> list[MentionedDate]:
    """Dates in order: "17 November 2024", "Nov. 15", "on Monday", "today", 「18日」."""
    return list(_dates(text))


@functools.lru_cache(maxsize=16)
def _dates(text: str) -> tuple[MentionedDate, ...]:
    lowered = text.lower()
    if (
        not _DIGIT.search(text)
        and not any(word in lowered for word in _DAY_WORDS)
        and not japanese.has_japanese(text)
    ):
        return ()  # no day number and no weekday: no date (cheap test first)
    found = []
    months = _DATE.finditer(text) if _MONTH_HINT.search(text) else ()
    for match in months:
        written = match["month"] or match["month2"] or ""
        if not written[:1].isupper():
            continue  # "may" the verb; press texts capitalise months
        year = match["year"] or match["year2"]
        if not year and _RANGE_AFTER.match(text, match.end()):
            continue  # "March 15-18, 2021": a span of days, not the day of an event
        month_name = written.lower()
        day = int(match["day"] or match["day2"])
        if not 1 <= day <= 31:
            continue
        weekday = WEEKDAYS.index(match["weekday"].lower()) if match["weekday"] else None
        found.append(
            MentionedDate(
                match.start(),
                match.end(),
                match[0],
                MONTHS[month_name],
                day,
                int(year) if year else None,
                weekday,
            )
        )
    covered = [(d.start, d.end) for d in found]
    weekdays = _WEEKDAY_ONLY.finditer(text) if _WEEKDAY_HINT.search(text) else ()
    for match in weekdays:
        if not any(s <= match.start() < e for s, e in covered):
            written = (
                match["weekday"] or match["weekday2"] or match["weekday3"] or match["weekday4"]
            )
            if not written[:1].isupper():
                continue
            weekday = WEEKDAYS.index(written.lower())
            found.append(
                MentionedDate(match.start(), match.end(), match[0], None, None, None, weekday)
            )
    relative = any(word in lowered for word in _RELATIVE_HINTS)
    for match in _RELATIVE_DAY.finditer(text) if relative else ():
        if not any(s <= match.start() < e for s, e in covered):
            shift = _RELATIVE_DAYS[match["relative"].lower()]
            found.append(
                MentionedDate(
                    match.start(), match.end(), match[0], None, None, None, None, "document", shift
                )
            )
    if japanese.has_japanese(text):
        found.extend(
            MentionedDate(
                d.start, d.end, d.text, d.month, d.day, d.year, d.weekday, d.relative_to, d.shift
            )
            for d in japanese.ja_dates(text)
            if not any(s <= d.start < e for s, e in covered)
        )
    return tuple(sorted(found, key=lambda d: d.start))


def find_document_date(text: str) -> tuple[date, int, int] | None:
    """The date line under the title: the first full date (with a year in :data:`YEARS`)
    in the first lines of the document, with its offsets."""
    head = text[:2000]
    found = (
        [
            (int(m["year"]), int(m["month"]), int(m["day"]), m.start(), m.end())
            for m in _ISO_DATE.finditer(head)
        ]
        + [
            (int(m["year"]), MONTHS[m["month"].lower()], int(m["day"]), m.start(), m.end())
            for m in _YEAR_FIRST.finditer(head)
        ]
        + [
            (d.year, d.month, d.day, d.start, d.end)
            for d in find_dates(head)
            if d.year and d.month and d.day
        ]
    )
    for year, month, day, start, end in sorted(found, key=lambda f: f[3]):
        if year in YEARS:
            try:
                return date(year, month, day), start, end
            except ValueError:
                continue
    return None


def safe_date(year: int, month: int, day: int) -> date | None:
    """The date, or None if there is none such (or the year is not one a summary means)."""
    if year not in YEARS:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def nearest_day(day: int, near: date | None) -> date | None:
    """The date nearest ``near`` whose day of the month is ``day`` (「18日」)."""
    if near is None:
        return None
    candidates = []
    for shift in (-1, 0, 1):
        month = near.month + shift
        year = near.year + (month - 1) // 12
        found = safe_date(year, (month - 1) % 12 + 1, day)
        if found is not None:
            candidates.append(found)
    return min(candidates, key=lambda d: abs((d - near).days)) if candidates else None
