"""Events named in a Japanese sentence: 「日中首脳会談」, 「夕食会」, 「ラヴロフ・ロシア外相との会談」,
「電話会談を行った」, and in a programme 「羽田空港発」「ローマ着」.

A Japanese event is a noun (会談, 昼食会, 記者会見, ...) with the run of kanji, katakana
and Latin letters written before it (「日・カタール外相」), and 「Xとの」 before that run
when it names whom (「ザリーフ・イラン外相とのワーキングランチ」). Whether it was held is said
after it: 「…を行った」「…が開催された」「…が行われ」.
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from summitcal.model import Kind

__all__ = ["BARE_NOUNS", "HELD_AFTER", "NOUNS", "JaSpan", "ja_phrase_spans"]

NOUNS: list[tuple[str, Kind]] = [
    ("首脳電話会談", Kind.CALL),
    ("電話首脳会談", Kind.CALL),
    ("電話外相会談", Kind.CALL),
    ("電話会談", Kind.CALL),
    ("テレビ会議", Kind.CALL),
    ("テレビ会談", Kind.CALL),
    ("ビデオ会議", Kind.CALL),
    ("オンライン会談", Kind.CALL),
    ("オンライン会議", Kind.CALL),
    ("共同記者会見", Kind.PRESS_CONFERENCE),
    ("共同記者発表", Kind.PRESS_CONFERENCE),
    ("内外記者会見", Kind.PRESS_CONFERENCE),
    ("記者会見", Kind.PRESS_CONFERENCE),
    ("記者発表", Kind.PRESS_CONFERENCE),
    ("ぶら下がり", Kind.PRESS_CONFERENCE),
    ("首脳会談", Kind.MEETING),
    ("外相会談", Kind.MEETING),
    ("首脳会合", Kind.MEETING),
    ("首脳協議", Kind.MEETING),
    ("外相会合", Kind.MEETING),
    ("懇談会", Kind.MEETING),
    ("懇談", Kind.MEETING),
    ("表敬訪問", Kind.MEETING),
    ("表敬", Kind.MEETING),
    ("立ち話", Kind.MEETING),
    ("面会", Kind.MEETING),
    ("会談", Kind.MEETING),
    ("会合", Kind.MEETING),
    ("協議", Kind.MEETING),
    ("ワーキング・ランチ", Kind.MEAL),
    ("ワーキングランチ", Kind.MEAL),
    ("ワーキング・ディナー", Kind.MEAL),
    ("ワーキングディナー", Kind.MEAL),
    ("ワーキング・ブレックファスト", Kind.MEAL),
    ("晩さん会", Kind.MEAL),
    ("晩餐会", Kind.MEAL),
    ("午餐会", Kind.MEAL),
    ("昼食会", Kind.MEAL),
    ("夕食会", Kind.MEAL),
    ("朝食会", Kind.MEAL),
    ("レセプション", Kind.MEAL),
    ("歓迎式典", Kind.CEREMONY),
    ("歓迎式", Kind.CEREMONY),
    ("署名式", Kind.CEREMONY),
    ("交換式", Kind.CEREMONY),
    ("式典", Kind.CEREMONY),
    ("栄誉礼", Kind.CEREMONY),
    ("到着", Kind.TRAVEL),  # 「杭州の空港に到着しました」 (not 「到着後」: see _NOT_AN_EVENT_AFTER)
    ("献花", Kind.VISIT),
    ("視察", Kind.VISIT),
    ("基調講演", Kind.SPEECH),
    ("スピーチ", Kind.SPEECH),
    ("演説", Kind.SPEECH),
    ("講演", Kind.SPEECH),
]
BARE_NOUNS = frozenset(noun for noun, _ in NOUNS)
_NOUN = re.compile("|".join(re.escape(noun) for noun, _ in NOUNS))
_KIND = dict(NOUNS)
# The words that name an event, written before its noun: kanji, katakana, Latin letters,
# digits and the dots between names (「日・カタール」, 「G7」).
_NAME_RUN = re.compile(r"[\u30a0-\u30ff\u3400-\u9fffA-Za-z0-9・=＝]+$")
_WITH = re.compile(r"[\u30a0-\u30ff\u3400-\u9fffA-Za-z・=＝]+との$")
# After the noun, that it was held (「…を行った」「…が開催され」「…が行われました」「…に臨んだ」).
HELD_AFTER = re.compile(
    r"(?:\([^()]{0,20}\))?(?:が|を|は|も)?(?:、|,)?"
    r"(?:行|開催|開か|実施|催|主催|臨|出席|参加|始ま|終え|終わ|終了|開始|し(?:た|ま)|する|を開始)"
)
_NOT_AN_EVENT_AFTER = re.compile(
    r"^(?:の(?:際|席|冒頭|後|前|場|中|結果|内容|成果)|では|で(?:は|も)|後|前|に続|に先立)"
)
# Said after a noun of a meeting that is not one of this visit: arranged or hoped for
# (「17日にニューヨークで会談する方向で調整」, 「会談したい考え」), or a first time compared.
_NOT_THIS_VISIT = re.compile(
    r"^[^。、,]{0,24}?(?:方向で|調整を|調整して|調整中|見通し|したい考え|する考え|ことで合意|ことで一致|のは初めて|は初めて|を楽しみ|への期待|を期待|に向け|までに)"
)
_THEN = re.compile(r"^(?:、|,)\s*(?:その後|続いて|引き続き|次いで)")
_ABOUT = ("巡り", "めぐり", "ついて", "関して", "関し", "巡って", "めぐって")
# 「会談する外国首脳」: the verb before a noun it describes (but 「会談する予定」 is a plan told).
_ATTRIBUTIVE = re.compile(r"^(?:する|した)(?!予定|方針|計画|こと)[\u30a0-\u30ff\u3400-\u9fff]")
_BY_PHONE = ("電話で", "電話により", "電話にて")
_PURPOSE = re.compile(r"^(?:等|など)?(?:に|へ)?(?:の)?(?:出席|参加)(?:する)?(?:の)?ため")
_ARRIVAL = re.compile(
    r"(?P<place>[\u30a0-\u30ff\u3400-\u9fffA-Za-z・]{1,20}?)に?(?P<way>到着|着|出発|発)(?=\s|$|、|。)"
)


@functools.lru_cache(maxsize=64)
class JaSpan(NamedTuple):
    """An event a Japanese sentence names: its offsets, where its noun starts, its title
    and kind, and whether the words after it say it took place (「…を行った」)."""

    start: int
    end: int
    noun_start: int
    title: str
    kind: Kind
    held: bool


def ja_phrase_spans(sentence: str) -> tuple[JaSpan, ...]:
    """Each event the sentence names, in order."""
    found: list[JaSpan] = []
    for match in _NOUN.finditer(sentence):
        start = match.start()
        run = _NAME_RUN.search(sentence, max(0, start - 30), start)
        if run is not None:
            start = run.start()
            if sentence.startswith("後", start) and sentence.endswith("その", 0, start):
                start += 1  # 「その後共同記者会見」: "then", not the event's name
        with_whom = _WITH.search(sentence, max(0, start - 30), start)
        if with_whom is not None:
            start = with_whom.start()
        after = sentence[match.end() : match.end() + 16]
        if match.group() == "協議" and sentence.endswith(_ABOUT, 0, match.start()):
            continue  # 「中東情勢を巡り協議する」: what the talks named discuss, not more talks
        if _PURPOSE.match(after):
            continue  # 「G7外相会合出席のため」: why someone travelled, not an event of the visit
        if _NOT_THIS_VISIT.match(sentence[match.end() : match.end() + 30]):  # "^": not pos
            continue  # 「会談する方向で調整」「会談するのは初めて」: a plan or a comparison
        if _ATTRIBUTIVE.match(after):
            continue  # 「対面で会談する外国首脳」: what describes someone, not an event
        if _NOT_AN_EVENT_AFTER.match(after) and not HELD_AFTER.match(after):
            held = False
        else:
            # 「外相会談,その後共同記者会見をはさみ,…を実施」: a list the last verb holds.
            held = HELD_AFTER.match(after) is not None or _THEN.match(after) is not None
        title, kind = sentence[start : match.end()], _KIND[match.group()]
        if match.group() == "会談" and sentence.endswith(_BY_PHONE, 0, match.start()):
            title, kind = "電話会談", Kind.CALL  # 「トランプ氏と電話で会談し」: the telephone talk
        found.append(JaSpan(start, match.end(), match.start(), title, kind, held))
    line = sentence.strip()
    arrival = _ARRIVAL.search(line) if line and len(line) <= 40 else None
    if arrival is not None and not found:
        kind_word = "到着" if arrival["way"] in ("着", "到着") else "出発"
        offset = sentence.index(line) + arrival.start()
        title = f"{arrival['place']}{kind_word}" if arrival["place"] else kind_word
        found.append(
            JaSpan(offset, offset + len(arrival.group()), offset, title, Kind.TRAVEL, True)
        )
    return tuple(found)
