"""Times, dates and durations as Japanese press texts write them.

The Ministry of Foreign Affairs writes 「現地時間11月17日午前10時50分（日本時間18日午前0時50分）
から約70分間」; newspapers write 「日本時間の2日夜7時半すぎから」, 「１５日午前１１時」; agendas
write 「10時30分」 on a 24-hour clock. Every form here gives the same records as the English
ones (:class:`.times.Clock`, :class:`.times.MentionedDate`, :class:`.times.Duration`), so
the steps after them do not care which language a time was written in.

Full-width digits and brackets are read as their ASCII forms by :func:`halfwidth`, which
keeps every character's offset. 午後12時45分 is 12:45 in the afternoon (the Ministry writes its
luncheons so) and 午前12時 midnight, as "12 p.m." and "12 a.m." are; 午後18時 cannot exist
and is reported.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from summitcal.messages import N_, English

__all__ = [
    "JapaneseClock",
    "JapaneseDate",
    "JapaneseDuration",
    "halfwidth",
    "has_japanese",
    "is_japanese_document",
    "ja_clocks",
    "ja_dates",
    "ja_durations",
    "ja_label_before",
]

_KANA_KANJI = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")
# Full-width ASCII (！ to ～) and the ideographic space, one character each: offsets stay.
_HALFWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_FULLWIDTH = re.compile("[\uff01-\uff5e\u3000]")


@functools.lru_cache(maxsize=64)
def has_japanese(text: str) -> bool:
    """Whether the text has kana or kanji (a cheap test before the Japanese patterns; a
    sentence is asked several times)."""
    return not text.isascii() and _KANA_KANJI.search(text) is not None


def is_japanese_document(text: str) -> bool:
    """Whether a document is written in Japanese (not an English one quoting a name)."""
    japanese = len(_KANA_KANJI.findall(text))
    return japanese >= 10 and japanese * 4 > len(_LATIN.findall(text))


def halfwidth(text: str) -> str:
    """「１５日（日本時間）」 → "15日(日本時間)", every character at its offset."""
    return text.translate(_HALFWIDTH) if _FULLWIDTH.search(text) else text


# Words before the hour that say which half of the day it is (「夜7時半」, 「午後4時45分」).
_PERIODS = {
    "午前": "am",
    "午後": "pm",
    "朝": "am",
    "早朝": "am",
    "未明": "am",
    "昼": "noon",
    "夕方": "pm",
    "夕": "pm",
    "夜": "pm",
    "深夜": "night",
}
_PERIOD = "|".join(sorted(_PERIODS, key=len, reverse=True))
_HEDGES_AFTER = {
    "頃": "around",
    "ごろ": "around",
    "前後": "around",
    "過ぎ": "after",
    "すぎ": "after",
}
_CLOCK = re.compile(
    r"(?P<lead>約|およそ)?(?:(?P<period>" + _PERIOD + r")\s*)?"
    r"(?<![\d.])(?P<h>\d{1,2})時(?!間)(?:(?P<m>\d{1,2})分(?!間)|(?P<half>半))?"
    r"(?P<hedge>頃|ごろ|前後|過ぎ|すぎ)?"
    r"|(?P<noon>正午)(?P<hedge2>頃|ごろ|過ぎ|すぎ)?"
)
# A minute alone at the start of a programme entry (「8時45分、官邸。53分、会議。」,
# 「同36分、官邸着。」, 「同20分から同50分まで」): the hour is the last one given.
_MINUTE_ONLY = re.compile(
    r"(?:^|(?<=[、。,\s])|(?<=から))(?:同)?(?P<m>\d{1,2})分(?![間\d])(?=[、,\s]|から|まで)"
)


@dataclass(frozen=True, slots=True)
class JapaneseClock:
    """A clock as written (「午後4時45分頃」): its offsets, hour and minute as written, the
    half of the day said before it, and its hedge."""

    start: int
    end: int
    hour: int | None  # None: a minute alone, whose hour is the previous clock's
    minute: int
    period: str  # "am", "pm", "noon", "night" or "" (a 24-hour clock)
    hedge: str | None


def ja_clocks(text: str) -> list[JapaneseClock]:
    """The Japanese clocks of ``text``, in order."""
    found = []
    for match in _CLOCK.finditer(text):
        start = match.start("period") if match["period"] else match.start()
        if match["lead"]:
            start = match.start("lead")
        if match["noon"]:
            hedge = _HEDGES_AFTER.get(match["hedge2"] or "")
            found.append(JapaneseClock(match.start(), match.end(), 12, 0, "", hedge))
            continue
        minute = 30 if match["half"] else int(match["m"] or 0)
        hedge = _HEDGES_AFTER.get(match["hedge"] or "") or ("around" if match["lead"] else None)
        period = _PERIODS[match["period"]] if match["period"] else ""
        found.append(JapaneseClock(start, match.end(), int(match["h"]), minute, period, hedge))
    for match in _MINUTE_ONLY.finditer(text):
        found.append(JapaneseClock(match.start(), match.end(), None, int(match["m"]), "", None))
    return sorted(found, key=lambda c: c.start)


def clock_value(hour: int, minute: int, period: str) -> tuple[int | None, int, str, bool]:
    """(hour on the 24-hour clock or None, minute, the problem, next day) of a Japanese clock."""
    if minute > 59:
        return None, minute, English(N_("minute {minute} does not exist", minute=minute)), False
    if period in ("am", "pm"):
        if hour > 12:
            word = "午前" if period == "am" else "午後"
            problem = N_(
                "hour {hour} does not exist on a 12-hour clock ({period})", hour=hour, period=word
            )
            return None, minute, English(problem), False
        # 午後12時45分 is a quarter to one in the afternoon, as the Ministry dates its
        # luncheons, and so 午前12時 is midnight, like "12 a.m." (the 1872 decree that set
        # the 12-hour clock reads both the other way round; we follow the Ministry).
        if period == "am":
            return hour % 12, minute, "", False
        return hour % 12 + 12, minute, "", False
    if period == "noon":  # 「昼1時」 is 13:00, 「昼12時」 noon
        return (hour + 12 if hour < 6 else hour) % 24, minute, "", False
    if period == "night":  # 「深夜11時」 is 23:00, 「深夜1時」 1:00, 「深夜12時」 midnight
        if hour == 12:
            return 0, minute, "", True
        return (hour + 12 if 8 <= hour < 12 else hour % 24), minute, "", False
    if hour > 24 or (hour == 24 and minute):
        problem = N_("hour {hour} does not exist on a 24-hour clock", hour=hour)
        return None, minute, English(problem), False
    return hour % 24, minute, "", hour == 24


# Each era's year 0: 令和元年 (its first year) is 2019, 平成30年 2018.
_ERAS = {"令和": 2018, "平成": 1988, "昭和": 1925}
_WEEKDAYS = "月火水木金土日"
_DATE = re.compile(
    r"(?:(?P<era>令和|平成|昭和)(?P<era_year>元|\d{1,2})年|(?P<year>\d{4})年)?"
    r"(?:(?P<month>\d{1,2})月)?(?P<day>\d{1,2})日(?!間)"
    r"(?:\s*\((?P<weekday>[月火水木金土日])(?:曜日?)?\))?"
    r"|(?P<dotted>(?<!\d)(?P<dy>\d{4})[./](?P<dm>\d{1,2})[./](?P<dd>\d{1,2})(?!\d))"
    r"|(?P<relative>同日|本日|今日|きょう|昨日|きのう|明日|あす|翌日|前日)"
)
_RELATIVE = {
    "本日": ("document", 0),
    "今日": ("document", 0),
    "きょう": ("document", 0),
    "昨日": ("document", -1),
    "きのう": ("document", -1),
    "明日": ("document", 1),
    "あす": ("document", 1),
    "同日": ("previous", 0),
    "翌日": ("previous", 1),
    "前日": ("previous", -1),
}


@dataclass(frozen=True, slots=True)
class JapaneseDate:
    """A date as written: 「平成30年12月15日(土)」, 「18日」 (a day alone), 「同日」 (relative)."""

    start: int
    end: int
    text: str
    year: int | None
    month: int | None
    day: int | None
    weekday: int | None  # 0 Monday
    relative_to: str = ""  # "document" (本日, 昨日) or "previous" (同日, 翌日): a shift in days
    shift: int = 0


def ja_dates(text: str) -> list[JapaneseDate]:
    """The Japanese dates of ``text``, in order; a day or month that cannot be is none."""
    found = []
    for match in _DATE.finditer(text):
        if match["relative"]:
            relative_to, shift = _RELATIVE[match["relative"]]
            found.append(
                JapaneseDate(
                    match.start(), match.end(), match[0], None, None, None, None, relative_to, shift
                )
            )
            continue
        if match["dotted"]:
            found.append(
                JapaneseDate(
                    match.start(),
                    match.end(),
                    match[0],
                    int(match["dy"]),
                    int(match["dm"]),
                    int(match["dd"]),
                    None,
                )
            )
            continue
        year: int | None = None
        if match["era"]:
            offset = _ERAS[match["era"]]
            year = offset + (1 if match["era_year"] == "元" else int(match["era_year"]))
        elif match["year"]:
            year = int(match["year"])
        day = int(match["day"])
        if not 1 <= day <= 31:
            continue
        weekday = _WEEKDAYS.index(match["weekday"]) if match["weekday"] else None
        month = int(match["month"]) if match["month"] else None
        if month is not None and not 1 <= month <= 12:
            continue
        found.append(JapaneseDate(match.start(), match.end(), match[0], year, month, day, weekday))
    return found


_DURATION = re.compile(
    r"(?P<hedge>約|およそ|ほぼ)?\s*"
    r"(?:(?P<hours>\d{1,3}(?:\.\d{1,2})?)時間(?:(?P<hm>\d{1,2})分)?(?:間)?(?P<half>半)?"
    r"|(?P<minutes>\d{1,4})分間"
    r"|(?P<loose>\d{1,4})分(?=弱|強|余り|あまり|程度|ほど|超))"  # 「10分余り」: 間 left out
    r"(?P<after>弱|強|余り|あまり|程度|ほど|超)?"
)
# 「会談を30分」: a minute count without 間 as the object of the event it follows.
_DURATION_OBJECT = re.compile(r"を(?P<hedge>約)?(?P<minutes>\d{1,4})分(?![間\d])")


@dataclass(frozen=True, slots=True)
class JapaneseDuration:
    """A length: 「約70分間」, 「1時間半」, 「会談を30分」; ``hedged`` for 約, 弱, 程度 and the like."""

    start: int
    end: int
    text: str
    minutes: int
    hedged: bool


def ja_durations(text: str) -> list[JapaneseDuration]:
    """The lengths of ``text``, in order, each at most a day."""
    found = []
    for match in _DURATION.finditer(text):
        if match["minutes"] or match["loose"]:
            minutes = float(match["minutes"] or match["loose"])
        else:
            minutes = (
                float(match["hours"]) * 60 + int(match["hm"] or 0) + (30 if match["half"] else 0)
            )
        hedged = bool(match["hedge"] or match["after"])
        if 0 < minutes <= 24 * 60:
            found.append(
                JapaneseDuration(match.start(), match.end(), match[0], round(minutes), hedged)
            )
    for match in _DURATION_OBJECT.finditer(text):
        minutes = int(match["minutes"])
        if 0 < minutes <= 24 * 60:
            found.append(
                JapaneseDuration(
                    match.start() + 1, match.end(), match[0][1:], minutes, bool(match["hedge"])
                )
            )
    return sorted(found, key=lambda d: d.start)


# The label before a time: 「日本時間18日午前0時50分」, 「現地時間の2日夜」, 「ロンドン時間」.
_LABEL_BEFORE = re.compile(
    r"(?<![\u30a0-\u30ff\u3400-\u9fff・])(?P<label>[\u30a0-\u30ff\u3400-\u9fff・]{0,14}時間)(?:の|、|,)?\s*"
    r"(?:(?:\d{4}年)?(?:\d{1,2}月)?\d{1,2}日(?:\s*\([月火水木金土日](?:曜日?)?\))?|同日|本日)?\s*(?:の)?\s*$"
)


def ja_label_before(text: str, position: int) -> str | None:
    """The zone label written before the clock at ``position`` (「日本時間」), with the
    date between them; 「現地時間」 for the local clock; None when there is none."""
    label = _LABEL_BEFORE.search(text, max(0, position - 40), position)
    if label is None:
        return None
    return label["label"]
