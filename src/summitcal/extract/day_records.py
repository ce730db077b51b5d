"""Japanese day records: the Prime Minister's day as the press prints it (首相動静, 首相の
一日), 「8時45分、官邸。53分、豪雨非常災害対策本部会議。9時25分、閣議。」.

Each entry is a time, 、, and what happened; a minute alone (「53分」, 「同36分」) is in the
hour of the entry before it, and 【午前】/【午後】 headings or a clock said 午後 set the half of
the day for the bare hours after them (「【午後】…10時5分」 is 22:05, 「午後0時52分…同1時3分」
13:03). Moving between rooms and visitors coming and going are not events; 「…終了」 ends
the entry before it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import time

from summitcal.extract.japanese import has_japanese
from summitcal.extract.phrases import find_phrases
from summitcal.extract.times import Clock
from summitcal.messages import N_, English
from summitcal.model import Kind

__all__ = ["DayRecord", "Entry", "entry_kind", "record_entries"]

_HALF_DAY = re.compile(r"【午前】|【午後】")
_PM_WORD = re.compile(r"午後|夜|夕")
_JA_JOIN = re.compile(r"\s*(?:から|〜|~|-|–)\s*(?:同)?")


@dataclass(frozen=True, slots=True)
class Entry:
    """One entry of a day record: its time (and a range's end), what happened, and
    whether it only ends the entry before it (「同会議終了」)."""

    clock: Clock
    end: Clock | None
    title: str
    ends: bool


@dataclass(slots=True)
class DayRecord:
    """What a day record carries from entry to entry: the hour of the last
    clock (「8時45分、官邸。53分、会議。」: 53 is 8:53) and the half of the day a heading
    sets (「【午後】…10時5分」 is 22:05)."""

    hour: int | None = None
    minute: int = 0
    afternoon: bool | None = None
    said_afternoon: bool = False  # the last clock said 午後 (「午後0時52分…同1時3分」: 13:03)

    def new_day(self) -> None:
        """A new day's record starts with no hour and no half of the day."""
        self.hour, self.minute, self.afternoon, self.said_afternoon = None, 0, None, False

    def read(self, text: str, clocks: list[Clock]) -> list[Clock]:
        headings = [(m.start(), m.group() == "【午後】") for m in _HALF_DAY.finditer(text)]
        read: list[Clock] = []
        previous: Clock | None = None
        for clock in clocks:
            for position, afternoon in headings:
                if position < clock.start:
                    self.afternoon = afternoon
            if clock.minute_only:
                if self.hour is None or clock.value is not None:
                    continue
                minute = int(re.sub(r"\D", "", clock.text))
                hour = self.hour + (minute < self.minute)  # 「11時52分、…同5分」: 12:05
                if minute > 59 or hour > 23:
                    problem = English(
                        N_("minute {minute} does not exist", minute=minute)
                        if minute > 59
                        else N_("past midnight")
                    )
                    read.append(replace(clock, problem=problem))
                    continue
                clock = replace(clock, value=time(hour, minute))
            elif (
                clock.bare
                and clock.value is not None
                and (
                    self.afternoon
                    or (
                        self.said_afternoon
                        and (
                            text[clock.start - 1 : clock.start] == "同"
                            or (
                                previous is not None
                                and _JA_JOIN.fullmatch(text[previous.end : clock.start])
                            )
                        )
                    )
                )
            ):
                # 「午後3時から4時まで」, 「午後0時52分…同1時3分」: the afternoon goes on
                clock = replace(clock, value=clock.value.replace(hour=clock.value.hour + 12))
            if clock.value is not None:
                self.hour, self.minute = clock.value.hour, clock.value.minute
                self.said_afternoon = (
                    self.hour >= 12 and not clock.bare and _PM_WORD.search(clock.text) is not None
                ) or (self.said_afternoon and (clock.minute_only or clock.bare))
            read.append(clock)
            previous = clock
        if headings and not clocks:
            self.afternoon = headings[-1][1]
        return read


# An entry of a Japanese day's record (首相動静, 首相の一日): 「8時45分、官邸。」,
# 「同36分、官邸着。」, 「午前10時26分から同11時2分まで、…会長ら。」: the time first, then 、, then
# what happened. Only the heading (【午前】), 同 or a hedge may come before the time.
_JA_ENTRY_LEAD = re.compile(r"^(?:\s|【午前】|【午後】|[()（）])*(?:同)?$")
_JA_ENTRY_RANGE = re.compile(r"^(?:から|〜|~|-)\s*(?:同)?$")
_JA_ENTRY_AFTER = re.compile(r"^(?:まで)?\s*[、,]\s*(?P<title>[^。]+?)[、,。]?\s*(?:同)?$")
# Moves between rooms (「執務室へ」「同室を出て」), visitors leaving or joining (「両氏が出た」
# 「官房長官が加わった」): not events of a day record.
_JA_MOVE = re.compile(r"(?:へ|を出て|を出た|出た|加わった|同席)$")
_JA_DONE = re.compile(r"(?:を|が)?(?:行った|行われた|行う|実施した)$")
_JA_ENDS = re.compile(r"(?:終了|終わる|終わった|閉会)$")
_JA_ARRIVAL = re.compile(r"(?:着|発|官邸|公邸|私邸|空港|ホテル|国会|本会議場?へ?)$")


def record_entries(text: str, clocks: Sequence[Clock]) -> list[Entry]:
    """The times and items of a day record's entries in ``text`` (「同54分、同室を出て、同55分、
    官邸発。」 has two), or none when it is not such a record. Moves between rooms
    (「執務室へ」, 「同室を出て」) are not events."""
    if not clocks or clocks[0].value is None or not has_japanese(text):
        return []
    if not _JA_ENTRY_LEAD.match(text[: clocks[0].start]):
        return []
    starts = [0] + [
        index
        for index in range(1, len(clocks))
        if re.search(r"[、,]\s*(?:同)?$", text[: clocks[index].start])
        and not _JA_ENTRY_RANGE.match(text[clocks[index - 1].end : clocks[index].start])
    ]
    entries: list[Entry] = []
    for number, index in enumerate(starts):
        first = clocks[index]
        if first.value is None:
            return []
        end = clocks[index + 1] if index + 1 < len(clocks) and index + 1 not in starts else None
        upto = clocks[starts[number + 1]].start if number + 1 < len(starts) else len(text)
        after = _JA_ENTRY_AFTER.match(text[(end or first).end : upto])
        if after is None or len(after["title"]) > 120:
            return []
        title = _JA_DONE.sub("", after["title"].strip())  # 「首脳会談を行った」 → 首脳会談
        if title and not _JA_MOVE.search(title):
            entries.append(Entry(first, end, title, _JA_ENDS.search(title) is not None))
    return entries


def entry_kind(title: str) -> Kind:
    """A day record's item: an event noun's kind, else travel for arrivals and departures
    (「官邸着」, 「公邸」), else other."""
    phrases = find_phrases(title, timed=True)
    if phrases:
        return phrases[0].kind
    return Kind.TRAVEL if _JA_ARRIVAL.search(title) else Kind.OTHER
