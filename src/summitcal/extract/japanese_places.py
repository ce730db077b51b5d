"""Places and clocks named in Japanese: 「訪問中のカタールにおいて」, 「タイの首都バンコクで」,
「日本時間」, 「ロンドン時間」, 「(バンコク19:22)」.

Country names are the CLDR's Japanese territory names (through Babel) and the short
forms the press uses (米国, 英国, 豪州); city names are the CLDR's Japanese names of the
zones' cities (「リマ」 for America/Lima) and GeoNames' Japanese names of cities of
:data:`summitcal.zone_names.CITY_PEOPLE` people or more written in kana (kanji-only names
are taken only for Japan's and China's cities, where a Japanese text writes them so:
elsewhere a kanji name is Chinese, and often a Japanese surname too).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from babel import Locale

from summitcal.gazetteer import City, Country, _geonames, capital_of, country_named
from summitcal.tzdb import country_zones

__all__ = [
    "JapanesePlace",
    "ja_countries",
    "ja_label_zone",
    "ja_places",
    "ja_someone_there",
    "ja_visited",
]

# Short forms the press writes besides the CLDR's names.
_SHORT_COUNTRIES = {
    "米国": "US",
    "アメリカ": "US",
    "英国": "GB",
    "豪州": "AU",
    "中華人民共和国": "CN",
    "大韓民国": "KR",
    "北朝鮮": "KP",
    "ロシア連邦": "RU",
    "インドネシア共和国": "ID",
    "UAE": "AE",
    "ベトナム": "VN",
    "ニュージーランド": "NZ",
}
# Cities the CLDR and GeoNames' kana names miss that summits are held in.
_SHORT_CITIES = {
    "ワシントン": "America/New_York",
    "ワシントンDC": "America/New_York",
    "フランクフルト": "Europe/Berlin",
    "ジュネーブ": "Europe/Zurich",
    "ニューデリー": "Asia/Kolkata",
    "デリー": "Asia/Kolkata",
    "北京": "Asia/Shanghai",
    "アンカレジ": "America/Anchorage",
    "バチカン": "Europe/Rome",
    "ブエノスアイレス": "America/Argentina/Buenos_Aires",
    "リオデジャネイロ": "America/Sao_Paulo",
    "ブラジリア": "America/Sao_Paulo",
    "サンフランシスコ": "America/Los_Angeles",
    "ハノイ": "Asia/Bangkok",
    "ジャカルタ": "Asia/Jakarta",
    "キーウ": "Europe/Kyiv",
    "キエフ": "Europe/Kyiv",
    # Japan's airports, where a trip's day records start and end (「羽田発」).
    "羽田": "Asia/Tokyo",
    "成田": "Asia/Tokyo",
    "関西空港": "Asia/Tokyo",
}
_KANA = re.compile(r"[\u30a0-\u30ff]")
_KANJI_ONLY = re.compile(r"[\u3400-\u9fff]+")
_JAPANESE_NAME = re.compile(r"[\u3040-\u30ff\u3400-\u9fff・ー]+")
# Said of the visit's place, after its name (「カタールを訪問中」「バンコクで開かれ」「リマに到着」)
# or before it (「訪問中のカタール」「訪問先の」).
_VISIT_AFTER = re.compile(
    r"^(?:の首都[\u30a0-\u30ff]+)?(?:を|に|へ|で|において|にて)?(?:訪問中|訪問し|訪問する|訪れ|到着|滞在|入り|出張中|において|で開|で行|を公式訪問)"
)
_VISIT_BEFORE = re.compile(r"(?:訪問中の|訪問先の|滞在中の|滞在先の|出張中の|^【|\n【)$")
# 「アメリカで行われて以来」「ニューヨークで会談する方向で調整」「…で起きた銃撃事件」: a place of
# another time, or of an incident.
_NOT_NOW = re.compile(
    r"以来|ぶり|方向|調整|見通し|前回|当時|昨年|去年|来週|来月|来年|次回|を前に|に先立|で起き|で発生"
)
# Said of someone there (「訪問中の」「に到着」), not only of an event held there (「で開かれ」).
_BEING_THERE = re.compile(r"訪問|滞在|到着|入り|訪れ|出張")
_LOCATIVE_AFTER = re.compile(
    r"^(?:市内|市)?(?:の[\u30a0-\u30ff\u3400-\u9fff]{1,12}(?=で|において|にて))?"  # 「ワシントンのホワイトハウスで」
    r"(?:で|において|にて|に到着|着|入り|を訪問|を訪れ|訪問)"
)


@dataclass(frozen=True, slots=True)
class JapanesePlace:
    start: int
    end: int
    name: str
    zone: str
    country: Country | None  # a country named, else None (a city)
    city: City | None


@functools.cache
def _territory_names() -> dict[str, str]:
    names = {
        name: code
        for code, name in Locale.parse("ja").territories.items()
        if len(code) == 2 and code.isalpha()
    }
    names.update(_SHORT_COUNTRIES)
    names.pop("日本", None)  # home, never the visit (and 日本時間 is read as a label)
    return names


@functools.cache
def _city_names() -> dict[str, City]:
    cities: dict[str, City] = {}
    for data in _geonames().get_cities().values():
        if data["population"] < 100_000:
            continue
        city = City(data["name"], data["countrycode"], data["timezone"], data["population"])
        for alternate in data["alternatenames"]:
            if not _JAPANESE_NAME.fullmatch(alternate):
                continue
            if not _KANA.search(alternate) and data["countrycode"] not in ("JP", "CN"):
                continue
            known = cities.get(alternate)
            if known is None or known.population < city.population:
                cities[alternate] = city
    for zone, data in Locale.parse("ja").time_zones.items():
        name = data.get("city")
        if name and _JAPANESE_NAME.fullmatch(name):
            cities[name] = City(name, "", zone, 0)
    for name, zone in _SHORT_CITIES.items():
        cities[name] = City(name, "", zone, 0)
    return cities


_RUN = re.compile(r"[\u30a0-\u30fa\u30fc-\u30ff]+|[\u3400-\u9fff々]+|[A-Z]{2,4}")


def _zone_of_country(country: Country) -> str | None:
    zones = country_zones().get(country.code, ())
    if len(zones) == 1:
        return zones[0]
    capital = capital_of(country)
    return capital.zone if capital is not None else (zones[0] if zones else None)


def _place(name: str, start: int) -> JapanesePlace | None:
    code = _territory_names().get(name)
    if code is not None:
        country = country_named(code)
        zone = _zone_of_country(country) if country is not None else None
        if country is None or zone is None:
            return None
        return JapanesePlace(start, start + len(name), name, zone, country, None)
    city = _city_names().get(name)
    if city is not None:
        return JapanesePlace(start, start + len(name), name, city.zone, None, city)
    return None


# A press text names its places in its first pages; a longer text (a megabyte of them)
# is read this far for places.
_READ = 20_000


@functools.lru_cache(maxsize=8)
def ja_places(text: str) -> tuple[JapanesePlace, ...]:
    """Every country and city the Japanese ``text`` names in its first 20,000 characters,
    in order: a katakana word whole (with the kanji after it: 「アメリカ合衆国」), the
    longest name at each place in a kanji word (「大阪市内」 → 大阪). Linear in the text:
    each word is looked up, never matched against every name."""
    found: list[JapanesePlace] = []
    runs = list(_RUN.finditer(text, 0, _READ))
    for index, run in enumerate(runs):
        word = run.group()
        if word[0] >= "\u3400":  # kanji: the longest name starting at each character
            position = 0
            while position < len(word) - 1:
                for size in range(min(8, len(word) - position), 1, -1):
                    place = _place(word[position : position + size], run.start() + position)
                    if place is not None:
                        found.append(place)
                        position += size
                        break
                else:
                    position += 1
            continue
        following = runs[index + 1] if index + 1 < len(runs) else None
        tails = [""]
        if (
            following is not None
            and following.start() == run.end()
            and following.group()[0] >= "\u3400"
        ):
            tails = [
                following.group()[:size] for size in range(min(6, len(following.group())), 0, -1)
            ] + [""]
        for tail in tails:
            place = _place(word + tail, run.start())
            if place is not None:
                found.append(place)
                break
    return tuple(found)


def ja_countries(text: str) -> list[JapanesePlace]:
    return [place for place in ja_places(text) if place.country is not None]


def ja_visited(text: str, home_zone: str) -> tuple[JapanesePlace, str] | None:
    """The place the text says is visited (「訪問中のカタール」, 「バンコクで開かれ」): a city
    first, else a country, with the words that say so."""
    best: tuple[JapanesePlace, str] | None = None
    for place, quote, _there in _visits(text, home_zone):
        if place.city is not None:
            return place, quote
        if best is None:
            best = (place, quote)
    return best


def ja_someone_there(text: str, home_zone: str) -> bool:
    """Whether the text says someone of the visit is there (「訪問中のイタリアにおいて」),
    not only that something is held there: a call made then is made from there."""
    return any(there for _place, _quote, there in _visits(text, home_zone))


def _visits(text: str, home_zone: str) -> list[tuple[JapanesePlace, str, bool]]:
    found = []
    for place in ja_places(text):
        after = text[place.end : place.end + 20]
        before = text[max(0, place.start - 8) : place.start]
        if _NOT_NOW.search(after) or _NOT_NOW.search(text, max(0, place.start - 12), place.start):
            continue  # the place of another time, not of this visit
        said = _VISIT_AFTER.match(after) or _VISIT_BEFORE.search(before)
        if said is None and place.city is not None:
            said = _LOCATIVE_AFTER.match(after)
        if said is None or place.zone == home_zone:
            continue
        quote = text[max(0, place.start - 8) : place.end + 8].split("\n")[-1].strip()
        there = _VISIT_BEFORE.search(before) is not None or bool(_BEING_THERE.search(said.group()))
        found.append((place, quote, there))
    return found


def ja_label_zone(label: str) -> str | None:
    """The zone of a Japanese clock label: 「日本時間」 → Asia/Tokyo, 「ロンドン時間」 →
    Europe/London, 「バンコク」 → Asia/Bangkok; None for 「現地時間」 or an unknown one."""
    place = re.sub(r"(?:の)?(?:標準時間?|夏時間|時間|時)$", "", label.strip())
    if place in ("日本", "東京", "日本国内"):
        return "Asia/Tokyo"
    if not place or place == "現地":
        return None
    code = _territory_names().get(place)
    if code is not None:
        country = country_named(code)
        return _zone_of_country(country) if country is not None else None
    city = _city_names().get(place)
    return city.zone if city is not None else None
