"""The change words in Japanese and Spanish: for real changes made through the ledger
(the example published, then moved, retitled, cancelled, restored, removed, expired,
the calendar renamed), each kind of change in each language, and English unchanged;
``summitcal history --lang ja`` and ``summitcal extract --format text --lang es`` end to
end. The expected sentences were written from the rules of ``docs/i18n.md`` ("Change
words") before the code was run."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from summitcal.languages import speaking
from summitcal.model import Event, Location, Schedule, Status, Texts
from summitcal.revisions import ChangeKind, Ledger, describe_change, open_ledger
from summitcal.revisions.records import Change

from conftest import EXAMPLE, Clock

Run = Callable[..., Result]
REAL = Path(__file__).parent / "extract" / "real"

SUMMIT = {
    "en": "“Welcome ceremony and Japan–Peru Summit Meeting”",
    "ja": "「歓迎式典及び日・ペルー首脳会談」",
    "es": "«Ceremonia de bienvenida y reunión cumbre Perú-Japón»",
}
LUNCH = {
    "en": "“Luncheon hosted by President Boluarte”",
    "ja": "「ボルアルテ大統領主催昼食会」",
    "es": "«Almuerzo ofrecido por la presidenta Boluarte»",
}
STATEMENT = {
    "en": "“Presentation ceremony of the Joint Statement”",
    "ja": "「共同声明等発表式」",
    "es": "«Ceremonia de suscripción de la Declaración Conjunta»",
}
# The luncheon as it was: 12:45–14:15 Lima, its end the schedule's estimate.
LUNCH_SPAN = {
    "en": "12:45–14:15 on 17 November Lima time (2:45–4:15 on 18 November in Tokyo), "
    "end not announced",
    "ja": "リマ時間11月17日12時45分～14時15分（日本時間11月18日2時45分～4時15分）"
    "（終了時刻は未発表のため推定）",
    "es": "de 12:45 a 14:15 del 17 de noviembre, hora de Lima (de 2:45 a 4:15 del 18 de "
    "noviembre en Tokio); hora de término no anunciada",
}


@pytest.fixture
def ledger(tmp_path: Path, clock: Clock) -> Iterator[Ledger]:
    opened = open_ledger(tmp_path / "ledger.sqlite3", clock=clock, sleep=clock.sleep)
    yield opened
    opened.close()


def said(change: Change) -> dict[str, str]:
    """The change in each language, as the history writes it (home: Tokyo)."""
    words = {}
    for language in ("en", "ja", "es"):
        with speaking(language):
            words[language] = describe_change(change, "Asia/Tokyo")
    return words


def latest(ledger: Ledger, schedule: Schedule) -> dict[str, Change]:
    """Event id (or the schedule's id) → its change in the latest version."""
    return {change.event_id: change for change in ledger.history(schedule.id)[0].changes}


def edited(schedule: Schedule, event_id: str, **fields: Any) -> Schedule:
    return replace(
        schedule,
        events=tuple(replace(e, **fields) if e.id == event_id else e for e in schedule.events),
    )


def event(schedule: Schedule, event_id: str) -> Event:
    return schedule.event(event_id)


def test_added_in_each_language(ledger: Ledger, example: Schedule) -> None:
    ledger.publish(example)
    changes = latest(ledger, example)
    assert {c.kind for c in changes.values()} == {ChangeKind.ADDED}
    assert said(changes["summit-meeting"]) == {
        "en": f"{SUMMIT['en']} added: 10:50 to about 12:00 on 17 November Lima time "
        "(0:50 to about 2:00 on 18 November in Tokyo)",
        "ja": f"{SUMMIT['ja']}を追加：リマ時間11月17日10時50分～12時頃"
        "（日本時間11月18日0時50分～2時頃）",
        "es": f"Se agrega {SUMMIT['es']}: de 10:50 a aproximadamente 12:00 del 17 de noviembre, "
        "hora de Lima (de 0:50 a aproximadamente 2:00 del 18 de noviembre en Tokio)",
    }
    assert said(changes["luncheon"]) == {
        "en": f"{LUNCH['en']} added: {LUNCH_SPAN['en']}",
        "ja": f"{LUNCH['ja']}を追加：{LUNCH_SPAN['ja']}",
        "es": f"Se agrega {LUNCH['es']}: {LUNCH_SPAN['es']}",
    }
    assert said(changes["joint-statement"]) == {
        "en": f"{STATEMENT['en']} added: 12:00–12:15 on 17 November Lima time "
        "(2:00–2:15 on 18 November in Tokyo), start and end not announced",
        "ja": f"{STATEMENT['ja']}を追加：リマ時間11月17日12時～12時15分"
        "（日本時間11月18日2時～2時15分）（開始・終了時刻とも未発表のため推定）",
        "es": f"Se agrega {STATEMENT['es']}: de 12:00 a 12:15 del 17 de noviembre, hora de Lima "
        "(de 2:00 a 2:15 del 18 de noviembre en Tokio); horas de inicio y de término no "
        "anunciadas",
    }


def test_a_move_in_each_language(ledger: Ledger, example: Schedule) -> None:
    """The issue's example: the meeting starts 15 minutes late."""
    ledger.publish(example)
    summit = event(example, "summit-meeting")
    later = edited(
        example,
        "summit-meeting",
        start=summit.start + timedelta(minutes=15),
        end=summit.end + timedelta(minutes=15),
    )
    ledger.publish(later)
    (change,) = latest(ledger, example).values()
    assert change.kind is ChangeKind.CHANGED
    assert said(change) == {
        "en": f"{SUMMIT['en']}: moved from 10:50 to 11:05 Lima time "
        "(0:50 to 1:05 on 18 November in Tokyo)",
        "ja": f"{SUMMIT['ja']}の開始時刻を10時50分から11時05分（リマ時間）に変更"
        "（日本時間11月18日0時50分から1時05分）",
        "es": f"{SUMMIT['es']}: se traslada de 10:50 a 11:05, hora de Lima "
        "(de 0:50 a 1:05 del 18 de noviembre en Tokio)",
    }


def test_a_move_to_the_day_before(ledger: Ledger, example: Schedule) -> None:
    ledger.publish(example)
    lunch = event(example, "luncheon")
    shift = timedelta(minutes=-780)
    ledger.publish(edited(example, "luncheon", start=lunch.start + shift, end=lunch.end + shift))
    (change,) = latest(ledger, example).values()
    assert said(change) == {
        "en": f"{LUNCH['en']}: moved from 12:45 on 17 November to 23:45 on 16 November Lima "
        "time (2:45 on 18 November to 13:45 on 17 November in Tokyo)",
        "ja": f"{LUNCH['ja']}の開始時刻を11月17日12時45分から11月16日23時45分（リマ時間）に変更"
        "（日本時間11月18日2時45分から11月17日13時45分）",
        "es": f"{LUNCH['es']}: se traslada de 12:45 del 17 de noviembre a 23:45 del 16 de "
        "noviembre, hora de Lima (de 2:45 del 18 de noviembre a 13:45 del 17 de noviembre "
        "en Tokio)",
    }


def test_a_later_end_and_a_place(ledger: Ledger, example: Schedule) -> None:
    ledger.publish(example)
    lunch = event(example, "luncheon")
    ledger.publish(
        edited(
            example,
            "luncheon",
            end=lunch.end + timedelta(minutes=30),
            location=Location("Hotel Bolívar"),
        )
    )
    (change,) = latest(ledger, example).values()
    assert said(change) == {
        "en": f"{LUNCH['en']}: now ends at 14:45 instead of 14:15 Lima time "
        "(4:45 instead of 4:15 on 18 November in Tokyo); place now given: “Hotel Bolívar”",
        "ja": f"{LUNCH['ja']}の終了時刻を14時15分から14時45分（リマ時間）に変更"
        "（日本時間11月18日4時15分から4時45分）、場所を「Hotel Bolívar」と発表",
        "es": f"{LUNCH['es']}: nueva hora de término 14:45 en lugar de 14:15, hora de Lima "
        "(4:45 en lugar de 4:15 del 18 de noviembre en Tokio); se indica el lugar "
        "«Hotel Bolívar»",
    }


def test_retitled_in_each_language(ledger: Ledger, example: Schedule) -> None:
    """Each language's reader is told its own title: the old one names the event."""
    ledger.publish(example)
    texts = {
        "ja": {"title": "共同記者発表（質疑応答）"},
        "es": {"title": "Conferencia de prensa conjunta (preguntas y respuestas)"},
    }
    ledger.publish(
        edited(
            example, "press-conference", title="Joint press conference (Q&A)", texts=Texts.of(texts)
        )
    )
    (change,) = latest(ledger, example).values()
    assert said(change) == {
        "en": "“Joint press conference”: retitled “Joint press conference (Q&A)”; "
        "text in es, ja updated",
        "ja": "「共同記者発表」の名称を「共同記者発表（質疑応答）」に変更、es、jaの訳文を更新",
        "es": "«Conferencia de prensa conjunta»: nuevo título «Conferencia de prensa conjunta "
        "(preguntas y respuestas)»; textos en es, ja actualizados",
    }


def test_cancelled_then_restored(ledger: Ledger, example: Schedule) -> None:
    ledger.publish(example)
    ledger.publish(edited(example, "luncheon", status=Status.CANCELLED))
    (cancelled,) = latest(ledger, example).values()
    assert cancelled.kind is ChangeKind.CANCELLED
    assert said(cancelled) == {
        "en": f"{LUNCH['en']} cancelled; it was {LUNCH_SPAN['en']}",
        "ja": f"{LUNCH['ja']}を中止：予定は{LUNCH_SPAN['ja']}",
        "es": f"Se cancela {LUNCH['es']}; horario previsto: {LUNCH_SPAN['es']}",
    }
    ledger.publish(example)
    (restored,) = latest(ledger, example).values()
    assert restored.kind is ChangeKind.RESTORED
    assert said(restored) == {
        "en": f"{LUNCH['en']} restored: {LUNCH_SPAN['en']}",
        "ja": f"{LUNCH['ja']}の中止を取り消し：{LUNCH_SPAN['ja']}",
        "es": f"Se restablece {LUNCH['es']}: {LUNCH_SPAN['es']}",
    }


def test_removed_then_expired(tmp_path: Path, clock: Clock, example: Schedule) -> None:
    ledger = open_ledger(
        tmp_path / "ledger.sqlite3",
        clock=clock,
        sleep=clock.sleep,
        retention=timedelta(days=1),
    )
    try:
        ledger.publish(example)
        clock.advance(hours=1)
        fewer = replace(
            example, events=tuple(e for e in example.events if e.id != "joint-statement")
        )
        ledger.publish(fewer)
        removed = latest(ledger, example)["joint-statement"]
        assert removed.kind is ChangeKind.REMOVED
        assert said(removed) == {
            "en": f"{STATEMENT['en']} removed from the schedule, so calendars show it cancelled; "
            "it was 12:00–12:15 on 17 November Lima time (2:00–2:15 on 18 November in Tokyo), "
            "start and end not announced",
            "ja": f"{STATEMENT['ja']}を予定表から削除（カレンダーでは中止と表示）：予定はリマ時間"
            "11月17日12時～12時15分（日本時間11月18日2時～2時15分）"
            "（開始・終了時刻とも未発表のため推定）",
            "es": f"Se retira {STATEMENT['es']} del programa y los calendarios muestran su "
            "cancelación; horario previsto: de 12:00 a 12:15 del 17 de noviembre, hora de Lima "
            "(de 2:00 a 2:15 del 18 de noviembre en Tokio); horas de inicio y de término no "
            "anunciadas",
        }
        clock.advance(days=2)
        ledger.publish(fewer)
        expired = latest(ledger, example)["joint-statement"]
        assert expired.kind is ChangeKind.EXPIRED
        assert said(expired) == {
            "en": f"{STATEMENT['en']} left the calendar: cancelled longer than the retention "
            "period",
            "ja": f"{STATEMENT['ja']}をカレンダーから削除：中止後、保存期間を経過",
            "es": f"{STATEMENT['es']} sale del calendario: su cancelación supera el período de "
            "conservación",
        }
    finally:
        ledger.close()


def test_the_calendar_renamed_in_one_language(ledger: Ledger, example: Schedule) -> None:
    """Only the Japanese title changes: Japanese says the calendar was renamed, the
    others that its translations changed."""
    ledger.publish(example)
    texts = example.texts.by_language()
    texts["ja"] = {**texts["ja"], "title": "日・ペルー首脳会談（2024年）"}
    ledger.publish(replace(example, texts=Texts.of(texts)))
    (change,) = latest(ledger, example).values()
    assert change.kind is ChangeKind.CALENDAR
    assert said(change) == {
        "en": "calendar's translations updated",
        "ja": "カレンダーの名称を「日・ペルー首脳会談」から「日・ペルー首脳会談（2024年）」に変更、"
        "翻訳を更新",
        "es": "actualización del calendario: traducciones",
    }


def test_a_language_without_a_catalog_is_english_throughout(
    ledger: Ledger, example: Schedule
) -> None:
    ledger.publish(example)
    (change,) = [c for c in latest(ledger, example).values() if c.event_id == "luncheon"]
    with speaking("fr"):
        assert describe_change(change, "Asia/Tokyo") == f"{LUNCH['en']} added: {LUNCH_SPAN['en']}"


def test_history_lang_ja_end_to_end(run: Run, tmp_path: Path) -> None:
    schedule = tmp_path / EXAMPLE.name
    schedule.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    assert run("publish", str(schedule)).exit_code == 0
    text = schedule.read_text(encoding="utf-8")
    schedule.write_text(
        text.replace("start = 2024-11-17T10:50:00", "start = 2024-11-17T11:05:00", 1),
        encoding="utf-8",
    )
    assert run("publish", str(schedule)).exit_code == 0
    result = run("history", str(schedule), "--lang", "ja")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "日・ペルー首脳会談（japan-peru-2024）：2版"
    assert re.fullmatch(r"第2版（\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC公開）：変更1件", lines[1])
    assert lines[2] == (
        f"  - {SUMMIT['ja']}の開始時刻を10時50分から11時05分（リマ時間）に変更"
        "（日本時間11月18日0時50分から1時05分）"
    )
    assert re.fullmatch(r"第1版（.* UTC公開）：変更4件", lines[3])
    assert f"  - {LUNCH['ja']}を追加：{LUNCH_SPAN['ja']}" in lines
    # English by default (the tests' locale is C), as before.
    english = run("history", str(schedule)).output.splitlines()
    assert english[0] == "Japan–Peru Summit Meeting (japan-peru-2024): 2 versions"
    assert english[2] == (
        f"  - {SUMMIT['en']}: moved from 10:50 to 11:05 Lima time "
        "(0:50 to 1:05 on 18 November in Tokyo)"
    )
    # JSON: the same keys, the summaries and the title in the language.
    data = json.loads(run("history", str(schedule), "--json", "--lang", "es").output)
    assert data["title"] == "Reunión cumbre Perú-Japón"
    change = data["versions"][0]["changes"][0]
    assert set(change) == {"kind", "event", "sequence", "summary", "before", "after"}
    assert change["summary"].startswith(f"{SUMMIT['es']}: se traslada de 10:50 a 11:05")


def test_extract_text_lang_es(run: Run) -> None:
    """A real press text: the summary's words in Spanish, the titles as found, the
    machine formats the same in every language."""
    source = str(REAL / "mofa-japan-australia-summit-new-york-2014-09-24.txt")
    english = run("extract", source, "--format", "text").output
    spanish = run("extract", source, "--format", "text", "--lang", "es").output
    heading, date_line, local, home = spanish.splitlines()[:4]
    assert heading == english.splitlines()[0]
    assert date_line.startswith("Fecha del documento: 2014-09-24 (")
    assert local.startswith("Zona horaria local: America/New_York (")
    assert home.startswith("Zona horaria de origen: Asia/Tokyo (")
    assert (
        "mié, 24 sept 13:22 America/New_York, 50 min  "
        "Japan-Australia summit meeting with the Hon. Tony Abbott"
    ) in spanish.splitlines()
    assert "    hora indicada jue, 25 sept 00:22 Asia/Tokyo (JST): INCOHERENTE por -120 min: " in (
        spanish
    )
    assert "    fuente: caracteres 181–516" in spanish.splitlines()
    assert "Observaciones:" in spanish.splitlines()
    assert "Wed 24 Sep 13:22 America/New_York, 50 min  Japan-Australia" in english

    def titles(text: str) -> list[str]:
        return [line.split("  ", 1)[1] for line in text.splitlines() if re.match(r"\S.*  \S", line)]

    assert titles(spanish) == titles(english) and titles(english)
    for output_format in ("json", "toml"):  # the drafts; the warnings on stderr are said in es
        drafted = run("extract", source, "--format", output_format, "--lang", "es")
        assert drafted.stdout == run("extract", source, "--format", output_format).stdout
        assert "1 hora indicada en otra zona no coincide con la hora local" in drafted.stderr
