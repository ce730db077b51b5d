"""``summitcal extract --format text --lang ja|es``: the extractor's own reasons, notes
and findings said in the reader's language (the seed text, an English text whose stated
conversion is wrong, a Japanese text, one with a time that cannot exist), the quoted
source text, zone ids and numbers as they are; English byte for byte as before; the
drafts (TOML, JSON) the same in every language. No line made of the extractor's words
keeps an English sentence, over every real text of ``tests/extract/real``."""

from __future__ import annotations

import copy
import json
import pickle
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from summitcal.extract import extract
from summitcal.extract.render import as_json, as_text, as_toml
from summitcal.languages import speaking
from summitcal.messages import N_, English, said

Run = Callable[..., Result]
HERE = Path(__file__).parent
REAL = HERE / "extract" / "real"
SEED = HERE / "extract" / "japan-peru-2024.txt"  # the seed text, the README's example
INDIA = REAL / "kantei-japan-india-2024-10-10.txt"  # English; the home time stated is wrong
LIMA = REAL / "mofa-japan-us-fm-lima-2024-11-14.txt"  # Japanese
ALBANESE = REAL / "kantei-japan-australia-leaders-2022-05-24.txt"  # "16:46 a.m."


def _text(run: Run, path: Path, *lang: str) -> list[str]:
    result = run("extract", str(path), "--format", "text", *lang)
    # (An event that cannot be placed makes the status 3, said on stderr.)
    assert result.exit_code in (0, 3) and result.stdout, result.output
    return result.stdout.splitlines()


def test_seed_in_japanese(run: Run) -> None:
    lines = _text(run, SEED, "--lang", "ja")
    assert lines[1] == "文書の日付：2024-11-17（日付の行「November 17, 2024」）"
    assert lines[2] == (
        "現地のタイムゾーン：America/Lima（訪問先はペルー（「visiting the Republic of Peru」）で、"
        "タイムゾーンはAmerica/Limaのみ）"
    )
    assert lines[3] == (
        "本国のタイムゾーン：Asia/Tokyo（時刻が「Japan Standard Time」（Asia/Tokyo）でも記載されています）"
    )
    notes = [line for line in lines if line.startswith("    注記：")]
    assert notes == [
        "    注記：出典ではこのイベントと後続のイベントで「approximately 70 minutes」。"
        "この下書きではこのイベントを15分間とします",
        "    注記：発表なし：直前のイベントに続きます。記載された時間のうち55分間が残ります",
        "    注記：発表なし：直前のイベントに続き、通常どおり15分間",
        "    注記：発表なし：直前のイベントに続き、通常どおり30分間",
        "    注記：出典に所要時間の記載がないため、通常の90分間",
    ]


def test_seed_in_spanish(run: Run) -> None:
    lines = _text(run, SEED, "--lang", "es")
    assert lines[1] == "Fecha del documento: 2024-11-17 (la línea de la fecha «November 17, 2024»)"
    assert lines[2] == (
        "Zona horaria local: America/Lima (la visita es a Perú («visiting the Republic of Peru»), "
        "cuya única zona horaria es America/Lima)"
    )
    assert lines[3] == (
        "Zona horaria de origen: Asia/Tokyo (las horas también se dan en «Japan Standard Time» "
        "(Asia/Tokyo))"
    )
    notes = [line for line in lines if line.startswith("    nota: ")]
    assert notes == [
        "    nota: la fuente da «approximately 70 minutes» para este evento y los que le siguen; "
        "este borrador le asigna 15 minutos",
        "    nota: no anunciado: sigue directamente; le quedan 55 minutos del tiempo indicado",
        "    nota: no anunciado: sigue directamente y dura los 15 minutos habituales",
        "    nota: no anunciado: sigue directamente y dura los 30 minutos habituales",
        "    nota: la fuente no dice cuánto dura: los 90 minutos habituales",
    ]


def test_seed_in_english_as_before(run: Run) -> None:
    lines = _text(run, SEED)
    assert lines[1:4] == [
        "Document date: 2024-11-17 (the date line “November 17, 2024”)",
        "Local zone: America/Lima (the visit is to Peru (“visiting the Republic of Peru”), "
        "whose only zone is America/Lima)",
        "Home zone: Asia/Tokyo (times are also given in “Japan Standard Time” (Asia/Tokyo))",
    ]
    assert "    note: the source does not say how long: the usual 90 minutes" in lines
    assert (
        "    note: not announced: it follows directly; 55 minutes of the stated time are left "
        "for it"
    ) in lines


def test_wrong_conversion_in_japanese(run: Run) -> None:
    lines = _text(run, INDIA, "--lang", "ja")
    assert lines[2] == (
        "現地のタイムゾーン：Asia/Vientiane（訪問先はラオス（「visiting Laos」）で、"
        "タイムゾーンはAsia/Vientianeのみ）"
    )
    assert lines[3] == (
        "本国のタイムゾーン：Asia/Tokyo（文書は日本の立場で書かれています"
        "（「…, Mr. ISHIBA Shigeru, Prime Minister of Japan」））"
    )
    assert (
        "    記載時刻 10月10日(木) 21:45 Asia/Tokyo（本国時間（Asia/Tokyo））：不整合（+90分のずれ）："
        "記載の時刻はUTC+10:30相当で、その時点のAsia/TokyoはUTC+09:00"
    ) in lines
    assert lines[lines.index("指摘事項：") + 1 :] == [
        "  - Japan-India Summit Meeting with H.E. Mr. Narendra Modi：文書にはAsia/Tokyoで"
        "10月10日 21:45とありますが、Asia/Vientianeの18:15は同地では10月10日 20:15です"
        "（+90分のずれ。考えられる原因：記載の時刻はUTC+10:30相当で、その時点のAsia/Tokyoは"
        "UTC+09:00）"
    ]


def test_wrong_conversion_in_spanish(run: Run) -> None:
    lines = _text(run, INDIA, "--lang", "es")
    assert lines[3] == (
        "Zona horaria de origen: Asia/Tokyo (el documento habla en nombre de Japón "
        "(«…, Mr. ISHIBA Shigeru, Prime Minister of Japan»))"
    )
    assert (
        "    hora indicada jue, 10 oct 21:45 Asia/Tokyo (hora de origen (Asia/Tokyo)): "
        "INCOHERENTE por +90 min: la hora indicada supone UTC+10:30; Asia/Tokyo está en "
        "UTC+09:00 en esa fecha"
    ) in lines
    assert lines[lines.index("Observaciones:") + 1 :] == [
        "  - Japan-India Summit Meeting with H.E. Mr. Narendra Modi: el documento dice 21:45 "
        "del 10 oct en Asia/Tokyo, pero las 18:15 en Asia/Vientiane son las 20:15 del 10 oct "
        "allí (+90 minutos; probablemente la hora indicada supone UTC+10:30; Asia/Tokyo está "
        "en UTC+09:00 en esa fecha)"
    ]
    english = _text(run, INDIA)
    assert english[english.index("Findings:") + 1 :] == [
        "  - Japan-India Summit Meeting with H.E. Mr. Narendra Modi: the document says 21:45 on "
        "10 Oct in Asia/Tokyo, but 18:15 Asia/Vientiane is 20:15 on 10 Oct there (+90 minutes; "
        "likely the stated time implies UTC+10:30; Asia/Tokyo is UTC+09:00 then)"
    ]


def test_japanese_text(run: Run) -> None:
    japanese = _text(run, LIMA, "--lang", "ja")
    assert japanese[1] == "文書の日付：2024-11-14（日付の行「令和6年11月14日」）"
    assert japanese[2] == (
        "現地のタイムゾーン：America/Lima（訪問先はリマ（「するためペルー・リマを訪問中の 岩屋」）："
        "America/Lima）"
    )
    assert japanese[3] == (
        "本国のタイムゾーン：Asia/Tokyo（時刻が「日本時間」（Asia/Tokyo）でも記載されています）"
    )
    assert japanese[-1] == (
        "  - 「日本時間11月15日午前5時25 分」：「日本時間 25 分」がどのタイムゾーンか判断できません"
        "（「日本時間 25 分」という名前のタイムゾーンはありません）"
    )
    spanish = _text(run, LIMA, "--lang", "es")
    assert spanish[2] == (
        "Zona horaria local: America/Lima (la visita es a Lima "
        "(«するためペルー・リマを訪問中の 岩屋»): America/Lima)"
    )
    assert spanish[-1] == (
        "  - «日本時間11月15日午前5時25 分»: no se sabe qué zona horaria es «日本時間 25 分» "
        "(ninguna zona horaria se llama «日本時間 25 分»)"
    )
    english = _text(run, LIMA)
    assert english[2] == (
        "Local zone: America/Lima (the visit is to リマ (“するためペルー・リマを訪問中の 岩屋”): "
        "America/Lima)"
    )


def test_a_time_that_cannot_exist(run: Run) -> None:
    japanese = _text(run, ALBANESE, "--lang", "ja")
    assert (
        "    注記：本文の時刻はありえない時刻です（指摘事項を参照）。手で配置してください"
        in japanese
    )
    assert japanese[-1] == (
        "  - 245文字目の「16:46 a.m.」：12時間制に16時はありません（a.m.）。時刻としては読んでいません"
        "（イベントの開始は文中の別の時刻から取られている場合があります。確認してください）"
    )
    spanish = _text(run, ALBANESE, "--lang", "es")
    assert (
        "    nota: su hora en el texto no puede existir (véanse las observaciones): colóquelo a mano"
        in (spanish)
    )
    assert spanish[-1] == (
        "  - «16:46 a.m.» en el carácter 245: la hora 16 no existe en un reloj de 12 horas "
        "(a.m.); no se lee como hora (un evento puede tomar su inicio de otra hora que da la "
        "oración; compruébelo)"
    )


@pytest.mark.parametrize("path", [INDIA, LIMA, ALBANESE], ids=lambda path: path.stem)
def test_drafts_the_same_in_every_language(run: Run, path: Path) -> None:
    for output_format in ("toml", "json"):
        english = run("extract", str(path), "--format", output_format).stdout
        for lang in ("ja", "es"):
            drafted = run("extract", str(path), "--format", output_format, "--lang", lang)
            assert drafted.stdout == english


# The lines made of the extractor's words: the three reasons, notes, stated times, findings.
_OURS = ("    注記：", "    nota: ", "    記載時刻 ", "    hora indicada ", "  - ")
_QUOTED = re.compile(r"「[^「」]*」|«[^«»]*»|“[^“”]*”")
# English function words no Spanish sentence of ours has.
_ENGLISH = frozenset(
    [
        "the",
        "is",
        "are",
        "was",
        "of",
        "and",
        "to",
        "it",
        "its",
        "not",
        "has",
        "by",
        "for",
        "with",
        "from",
        "which",
        "whose",
        "there",
        "this",
        "that",
        "cannot",
        "does",
        "say",
        "how",
        "long",
        "usual",
        "follows",
        "given",
        "give",
        "read",
        "place",
        "named",
    ]
)


def _english_left(line: str, titles: list[str], language: str) -> list[str]:
    """Runs of four or more lowercase words in ASCII letters outside the quoted text and
    the titles: in Japanese any, in Spanish those with an English word."""
    for title in titles:
        line = line.replace(title, "")
    while (unquoted := _QUOTED.sub("", line)) != line:
        line = unquoted
    runs = re.findall(r"\b[a-z]+(?:[ ,;:]+[a-z]+){3,}\b", line)
    if language == "ja":
        return runs
    return [words for words in runs if _ENGLISH.intersection(re.findall(r"[a-z]+", words))]


@pytest.mark.parametrize("language", ["ja", "es"])
def test_no_english_sentence_of_ours_left(language: str) -> None:
    paths = [*sorted(REAL.glob("*.txt")), SEED]
    left = []
    for path in paths:
        extraction = extract(path.read_text(encoding="utf-8"))
        titles = sorted((event.title for event in extraction.events), key=len, reverse=True)
        with speaking(language):
            lines = as_text(extraction, path.name).splitlines()
        ours = lines[1:4] + [line for line in lines[4:] if line.startswith(_OURS)]
        left += [(path.name, line) for line in ours if _english_left(line, titles, language)]
    assert len(paths) > 90
    assert left == []
    # The check finds the extractor's English where it is left.
    english = as_text(extract(SEED.read_text(encoding="utf-8")), "seed").splitlines()
    assert _english_left(english[2], [], language)


def test_drafts_keep_english_for_every_real_text() -> None:
    """TOML and JSON the same in every language; ``str()`` of every reason is English."""
    for path in sorted(REAL.glob("*.txt"))[:60]:
        extraction = extract(path.read_text(encoding="utf-8"))
        toml, data = as_toml(extraction, path.name), json.dumps(as_json(extraction))
        for language in ("ja", "es"):
            with speaking(language):
                assert as_toml(extraction, path.name) == toml
                assert json.dumps(as_json(extraction)) == data


def test_an_english_sentence_is_a_string_that_can_be_said() -> None:
    note = English(N_("the source does not say how long: the usual {minutes} minutes", minutes=90))
    assert note == "the source does not say how long: the usual 90 minutes"
    assert isinstance(note, str) and "how long" in note
    assert json.dumps([note]) == '["the source does not say how long: the usual 90 minutes"]'
    assert said(note) == note
    with speaking("ja"):
        assert said(note) == "出典に所要時間の記載がないため、通常の90分間"
        for again in (pickle.loads(pickle.dumps(note)), copy.deepcopy(note)):
            assert again == note and said(again) == said(note)
    plain = English("as it is")
    with speaking("es"):
        assert said(plain) == "as it is"
