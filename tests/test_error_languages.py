"""Errors in the reader's language: a schedule file's problems, a wrong value on the
command line, a missing file or ledger, the service's 4xx pages and JSON, and ``check``'s
warning before a change of the default language. English stays what it was, byte for
byte; the service's log stays English whatever the page's language.
"""

from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask.testing import FlaskClient

from summitcal.cli import main
from summitcal.languages import speaking
from summitcal.schedule_file import ScheduleFileError, parse_schedule
from summitcal.web import create_app

from conftest import EXAMPLE, settled

BROKEN = """\
[schedule]
id = "visit"
title = "Visit"
zone = "Asia/Tokio"

[[events]]
id = "breakfast"
title = "Breakfast"
zone = "Europe/Paris"
start = 2024-03-31T02:30:00
duration = 30
duraton = 5
"""


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), env=env, prog_name="summitcal")
    return result.exit_code, result.output


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    path = tmp_path / "broken.toml"
    path.write_text(BROKEN, encoding="utf-8")
    return path


class TestScheduleFile:
    """Line numbers, an unknown zone with suggestions, a time in a gap, an unknown key."""

    def test_in_english_as_before(self, broken: Path) -> None:
        code, text = run("check", str(broken))
        assert code == 1
        assert text.splitlines() == [
            f"error: {broken}:4: [schedule]: zone: unknown time zone 'Asia/Tokio'; did you "
            "mean Asia/Tokyo, Asia/Tomsk, Asia/Omsk?",
            f'error: {broken}:10: event "breakfast": start 2024-03-31 02:30 does not exist in '
            "Europe/Paris: clocks jump from 02:00 to 03:00 (UTC+01:00 to UTC+02:00); give a "
            'time outside the gap, or set disambiguate = "compatible"',
            f'error: {broken}:12: event "breakfast": unknown key "duraton"; did you mean '
            '"duration"?',
            f"{broken}: 3 problems",
        ]

    def test_in_japanese(self, broken: Path) -> None:
        code, text = run("check", str(broken), "--lang", "ja")
        assert code == 1
        assert text.splitlines() == [
            f"エラー: {broken}:4: [schedule]: zone: 'Asia/Tokio' は不明なタイムゾーンです。"
            "Asia/Tokyo, Asia/Tomsk, Asia/Omsk のことですか？",
            f'エラー: {broken}:10: 行事 "breakfast": start の 2024-03-31 02:30 は Europe/Paris '
            "には存在しません（時計が02:00から03:00に進みます。UTC+01:00からUTC+02:00）。"
            'この空白の外の時刻を指定するか、disambiguate = "compatible" を指定してください',
            f'エラー: {broken}:12: 行事 "breakfast": 不明なキー "duraton" です。"duration" '
            "のことですか？",
            f"{broken}: 問題3件",
        ]

    def test_in_spanish_from_the_locale(self, broken: Path) -> None:
        code, text = run("show", str(broken), env={"LANG": "es_PE.UTF-8"})
        assert code == 1
        assert text.splitlines() == [
            f"summitcal: {broken}:4: [schedule]: zone: zona horaria desconocida: 'Asia/Tokio'; "
            "¿quiso decir Asia/Tokyo, Asia/Tomsk, Asia/Omsk?",
            f'summitcal: {broken}:10: actividad "breakfast": start 2024-03-31 02:30 no existe '
            "en Europe/Paris: los relojes saltan de 02:00 a 03:00 (de UTC+01:00 a UTC+02:00); "
            'indique una hora fuera del salto o ponga disambiguate = "compatible"',
            f'summitcal: {broken}:12: actividad "breakfast": clave desconocida: "duraton"; '
            '¿quiso decir "duration"?',
            "summitcal: 3 problemas",
        ]

    def test_export_says_nothing_was_written(self, tmp_path: Path) -> None:
        path = tmp_path / "one.toml"
        path.write_text(BROKEN.replace("duraton = 5\n", "").replace("Tokio", "Tokyo"), "utf-8")
        _code, english = run("export", str(path), "-o", str(tmp_path / "x.ics"))
        assert english.endswith('disambiguate = "compatible"; nothing was written\n')
        _code, japanese = run("export", str(path), "-o", str(tmp_path / "x.ics"), "--lang", "ja")
        assert japanese.endswith("を指定してください。何も書き出していません\n")
        assert not (tmp_path / "x.ics").exists()

    def test_the_library_error_stays_english(self) -> None:
        """``str()`` is for logs and programs; ``said()`` for the reader."""
        with pytest.raises(ScheduleFileError) as caught:
            parse_schedule(BROKEN, "broken.toml")
        assert "unknown time zone 'Asia/Tokio'" in str(caught.value)
        with speaking("ja"):
            assert "unknown time zone" in str(caught.value)
            assert "不明なタイムゾーン" in caught.value.said()


class TestCommandLine:
    def test_a_missing_file(self) -> None:
        assert run("show", "nowhere.toml") == (
            1,
            "summitcal: nowhere.toml: no such file; check the path\n",
        )
        assert run("show", "nowhere.toml", "--lang", "ja") == (
            1,
            "summitcal: nowhere.toml: ファイルがありません。パスを確認してください\n",
        )
        assert run("show", "nowhere.toml", "--lang", "es") == (
            1,
            "summitcal: nowhere.toml: no existe el archivo; revise la ruta\n",
        )

    def test_an_unknown_zone_and_a_time_in_a_gap(self) -> None:
        args = ("convert", "2024-03-31 02:30", "--from", "Europe/Paris", "--to", "Tokyo")
        assert run(*args) == (
            1,
            "summitcal: 2024-03-31 02:30 does not exist in Europe/Paris: clocks jump from 02:00 "
            "to 03:00 (UTC+01:00 to UTC+02:00); choose one with --disambiguate (compatible, "
            "earlier or later)\n",
        )
        code, japanese = run(*args, "--lang", "ja")
        assert (
            code == 1
            and "--disambiguate（compatible、earlier、later のいずれか）で選んで" in japanese
        )
        code, spanish = run(
            "convert", "2024-11-17 10:50", "--from", "Lima", "--to", "Tokio!", "--lang", "es"
        )
        assert code == 1
        assert spanish.startswith("summitcal: zona horaria desconocida: 'Tokio!'; ")

    def test_a_bad_option_value(self) -> None:
        english = run("serve", "--port", "0")
        assert english == (
            2,
            "Usage: summitcal serve [OPTIONS] [FOLDER]\n"
            "Try 'summitcal serve --help' for help.\n\n"
            "Error: Invalid value for '--port': 0 is not in the range 1<=x<=65535.\n",
        )
        assert run("serve", "--port", "0", env={"LANG": "ja_JP.UTF-8"}) == (
            2,
            "使い方: summitcal serve [OPTIONS] [FOLDER]\n"
            "ヘルプは 'summitcal serve --help' で表示できます。\n\n"
            "エラー: '--port' の値が正しくありません: 0 は範囲 1<=x<=65535 の外です。\n",
        )
        code, spanish = run("extract", "--lang", "es", "--format", "xml", "summary.txt")
        assert code == 2 and spanish.endswith(
            "Error: Valor no válido para '--format': 'xml' no es ninguno de estos: "
            "'toml', 'json', 'text'.\n"
        )
        assert spanish.startswith("Uso: summitcal extract [OPTIONS] FILE\n")

    def test_a_bad_date_and_a_wrong_tag(self) -> None:
        code, text = run("extract", "summary.txt", "--date", "2024-13-01", "--lang", "ja")
        assert (code, text) == (
            1,
            "summitcal: --date '2024-13-01' は日付ではありません。2024-11-17 のように指定してください\n",
        )
        code, text = run("show", str(EXAMPLE), "--lang", "jp", env={"LANG": "es_ES.UTF-8"})
        assert code == 2 and text.endswith(
            "Error: Valor no válido para '--lang': 'jp' no es una etiqueta de idioma que el CLDR "
            'conozca; escriba una como "en", "ja" o "es-PE"\n'
        )

    def test_a_ledger_that_is_not_there_or_never_published(self, tmp_path: Path) -> None:
        missing = str(tmp_path / "none.sqlite3")
        assert run("history", "x", "--ledger", missing) == (
            1,
            f"summitcal: {missing}: no such ledger; publish a schedule first (summitcal publish)\n",
        )
        assert run("history", "x", "--ledger", missing, "--lang", "es") == (
            1,
            f"summitcal: {missing}: no existe el registro de revisiones; publique primero un "
            "calendario (summitcal publish)\n",
        )
        ledger = str(tmp_path / "ledger.sqlite3")
        assert run("publish", str(EXAMPLE), "--ledger", ledger)[0] == 0
        assert run("history", "other-visit", "--ledger", ledger, "--lang", "ja") == (
            1,
            f"summitcal: 'other-visit' は {ledger} に一度も公開されていません\n",
        )

    def test_a_ledger_that_is_no_ledger(self, tmp_path: Path) -> None:
        """The ledger's own errors (exit status 3), in the command's language."""
        garbage = tmp_path / "ledger.sqlite3"
        garbage.write_bytes(b"not a database, " * 64)
        args = ("publish", str(EXAMPLE), "--ledger", str(garbage))
        assert run(*args) == (
            3,
            f"summitcal: {garbage}: not a usable revision ledger (file is not a database); "
            "restore it from a backup, or move it aside to start a new history (subscribers "
            "then see every event as new)\n",
        )
        code, spanish = run(*args, "--lang", "es")
        assert code == 3 and spanish.startswith(
            f"summitcal: {garbage}: no es un registro de revisiones utilizable (file is not a "
            "database); restáurelo desde una copia de seguridad"
        )

    def test_a_state_setting_that_names_no_file(self) -> None:
        code, japanese = run("publish", str(EXAMPLE), "--state", "redis://cache", "--lang", "ja")
        assert (code, japanese) == (
            1,
            "summitcal: redis://cache: summitcal は redis に状態を保存しません。改訂台帳はファイル"
            "のパス、sqlite:///absolute/path、sqlite:relative/path、"
            "postgresql://user@host/database のいずれかで指定してください\n",
        )


class TestPublish:
    def test_its_lines_in_each_language(self, tmp_path: Path) -> None:
        ledger = str(tmp_path / "ledger.sqlite3")
        code, english = run("publish", str(EXAMPLE), "--ledger", ledger)
        assert code == 0
        assert english.splitlines()[0] == (
            f"japan-peru-2024: published version 1 (4 changes) to {ledger}"
        )
        code, japanese = run("publish", str(EXAMPLE), "--ledger", ledger, "--lang", "ja")
        assert (code, japanese) == (
            0,
            "japan-peru-2024: 変更はありません。バージョン1を引き続き公開します\n",
        )
        code, spanish = run(
            "publish", str(EXAMPLE), "--ledger", ledger, env={"LANG": "es_PE.UTF-8"}
        )
        assert (code, spanish) == (
            0,
            "japan-peru-2024: sin cambios; la versión 1 sigue publicada\n",
        )

    def test_a_first_publish_in_japanese_lists_the_changes_in_japanese(
        self, tmp_path: Path
    ) -> None:
        ledger = str(tmp_path / "ledger.sqlite3")
        code, text = run("publish", str(EXAMPLE), "--ledger", ledger, "--lang", "ja")
        lines = text.splitlines()
        assert code == 0
        assert lines[0] == f"japan-peru-2024: バージョン1（変更4件）を {ledger} に公開しました"
        assert len(lines) == 5 and all(line.startswith("  - ") for line in lines[1:])
        assert "「ボルアルテ大統領主催昼食会」" in text


def _reordered(tmp_path: Path, languages: str) -> Path:
    text = EXAMPLE.read_text(encoding="utf-8")
    changed = re.sub(r"(?m)^languages = .*$", f"languages = {languages}", text, count=1)
    assert changed != text
    path = tmp_path / EXAMPLE.name
    path.write_text(changed, encoding="utf-8")
    return path


class TestDefaultLanguageChange:
    """docs/i18n.md, question 6: ``check`` says what a new default language will do."""

    def test_check_warns_with_the_number_of_events(self, tmp_path: Path) -> None:
        ledger = str(tmp_path / "ledger.sqlite3")
        assert run("publish", str(EXAMPLE), "--ledger", ledger)[0] == 0
        path = _reordered(tmp_path, '["ja", "en", "es"]')
        code, text = run("check", str(path), "--ledger", ledger)
        assert code == 0
        warning = next(line for line in text.splitlines() if "default language" in line)
        assert warning.startswith(f"warning: {path}:")
        assert warning.endswith(
            '[schedule]: the default language changes from "en" to "ja" (the first of '
            "[schedule] languages): 4 events whose text differs between the two will get a "
            "new SEQUENCE when published, and subscribers will see them as changed"
        )
        _code, japanese = run("check", str(path), "--ledger", ledger, "--lang", "ja")
        assert (
            '既定の言語が "en" から "ja" に変わります（[schedule] languages の先頭）。'
            "2つの言語でテキストが異なる行事4件は、公開すると SEQUENCE が新しくなり"
        ) in japanese
        _code, spanish = run("check", str(path), "--ledger", ledger, "--lang", "es")
        assert "4 actividades cuyo texto difiere entre ambos recibirán un nuevo SEQUENCE" in spanish

    def test_the_default_ledger_is_the_one_publish_uses(self, tmp_path: Path) -> None:
        assert run("publish", str(EXAMPLE))[0] == 0
        _code, text = run("check", str(_reordered(tmp_path, '["es", "en", "ja"]')))
        assert 'changes from "en" to "es"' in text and "4 events" in text

    def test_no_warning_without_a_change(self, tmp_path: Path) -> None:
        ledger = str(tmp_path / "ledger.sqlite3")
        assert run("publish", str(EXAMPLE), "--ledger", ledger)[0] == 0
        code, text = run("check", str(EXAMPLE), "--ledger", ledger)
        assert code == 0 and "warning" not in text
        # Another order of the other languages keeps the default: no warning either.
        code, text = run(
            "check", str(_reordered(tmp_path, '["en", "es", "ja"]')), "--ledger", ledger
        )
        assert code == 0 and "default language" not in text
        # Never published: nothing to compare with.
        assert "default language" not in run("check", str(_reordered(tmp_path, '["ja", "en"]')))[1]

    def test_a_named_ledger_must_be_there(self, tmp_path: Path) -> None:
        missing = str(tmp_path / "none.sqlite3")
        assert run("check", str(EXAMPLE), "--ledger", missing) == (
            1,
            f"summitcal: {missing}: no such ledger; check the path\n",
        )

    def test_publish_publishes_it_with_the_same_warning(self, tmp_path: Path) -> None:
        ledger = str(tmp_path / "ledger.sqlite3")
        assert run("publish", str(EXAMPLE), "--ledger", ledger)[0] == 0
        result = CliRunner().invoke(
            main, ["publish", str(_reordered(tmp_path, '["ja", "en", "es"]')), "--ledger", ledger]
        )
        assert result.exit_code == 0
        assert "4 events whose text differs" in result.stderr
        assert result.stdout.startswith("japan-peru-2024: published version 2 (")


@pytest.fixture
def client(folder: Path) -> FlaskClient:
    return create_app({"SCHEDULE_FOLDER": str(folder), "TESTING": True}).test_client()


class TestService:
    def test_a_404_page_in_each_language(self, client: FlaskClient) -> None:
        english = client.get("/calendars/no-such-visit").data.decode()
        assert "<p>no calendar &#39;no-such-visit&#39;</p>" in english
        japanese = client.get("/calendars/no-such-visit", headers={"Accept-Language": "ja"})
        assert "<p>カレンダー &#39;no-such-visit&#39; はありません</p>" in japanese.data.decode()
        spanish = client.get("/calendars/no-such-visit?lang=es").data.decode()
        assert "<p>no existe el calendario &#39;no-such-visit&#39;</p>" in spanish

    def test_a_feeds_404_is_json_in_the_language_of_lang(self, client: FlaskClient) -> None:
        response = client.get("/calendars/japan-peru-2024/events/dinner.ics?lang=es")
        assert response.status_code == 404 and response.headers["Content-Language"] == "es"
        assert response.get_json() == {
            "error": "el calendario 'japan-peru-2024' no tiene la actividad 'dinner'",
            "status": 404,
        }
        english = client.get("/calendars/japan-peru-2024/events/dinner.ics")
        assert english.get_json()["error"] == "calendar 'japan-peru-2024' has no event 'dinner'"
        # Accept-Language is no feed's business: JSON follows ?lang= only.
        assert client.get("/calendars/x.ics", headers={"Accept-Language": "ja"}).get_json() == {
            "error": "no calendar 'x'",
            "status": 404,
        }

    def test_a_400_from_the_api(self, client: FlaskClient) -> None:
        query = "/api/convert?time=2024-03-31T02:30&from=Europe/Paris&to=Asia/Tokyo"
        english = client.get(query).get_json()["error"]
        assert english == (
            "2024-03-31 02:30 does not exist in Europe/Paris: clocks jump from 02:00 to 03:00 "
            "(UTC+01:00 to UTC+02:00); choose one with disambiguate=earlier, later or compatible"
        )
        japanese = client.get(query + "&lang=ja")
        assert japanese.status_code == 400
        assert japanese.get_json()["error"] == (
            "2024-03-31 02:30 は Europe/Paris には存在しません（時計が02:00から03:00に進みます。"
            "UTC+01:00からUTC+02:00）。disambiguate=earlier、later、compatible のいずれかで選んでください"
        )
        spanish = client.get("/api/convert?time=mañana&from=Lima&to=Tokyo&lang=es")
        assert spanish.get_json()["error"] == (
            "time 'mañana' no es una fecha y hora como 2024-11-17T10:50"
        )
        zone = client.get("/api/convert?time=2024-11-17T10:50&from=Lima&to=Tokio!&lang=ja")
        assert zone.get_json()["error"].startswith("to: 'Tokio!' は不明なタイムゾーンです。")

    def test_a_413_from_the_api(self, client: FlaskClient) -> None:
        body = b"x" * (2 * 1024 * 1024 + 1)
        english = client.post("/api/extract", data=body, content_type="text/plain")
        assert english.status_code == 413
        assert english.get_json()["error"] == "send at most 2 MB of text"
        japanese = client.post("/api/extract?lang=ja", data=body, content_type="text/plain")
        assert japanese.get_json()["error"] == "送信できるテキストは2 MBまでです"
        spanish = client.post("/api/extract?lang=es", data=body, content_type="text/plain")
        assert spanish.get_json()["error"] == "envíe como máximo 2 MB de texto"

    def test_a_bad_lang_is_said_in_the_browsers_language(self, client: FlaskClient) -> None:
        english = client.get("/calendars/japan-peru-2024?lang=x-y-z!").data.decode()
        assert (
            "lang: &#39;x-y-z!&#39; is not a language tag the CLDR knows; write one like "
            "&#34;en&#34;, &#34;ja&#34; or &#34;es-PE&#34;"
        ) in english
        japanese = client.get(
            "/calendars/japan-peru-2024?lang=x-y-z!", headers={"Accept-Language": "ja"}
        )
        assert japanese.status_code == 400 and japanese.headers["Content-Language"] == "ja"
        assert "lang: &#39;x-y-z!&#39; は CLDR の知らない言語タグです。" in japanese.data.decode()
        spanish = client.get("/calendars/japan-peru-2024.ics?lang=x-y-z!")
        assert spanish.get_json()["error"].startswith("lang: 'x-y-z!' is not a language tag")

    def test_werkzeugs_own_404_in_our_words(self, client: FlaskClient) -> None:
        japanese = client.get("/no/such/page", headers={"Accept-Language": "ja"}).data.decode()
        assert "お探しのURLはこのサーバーにありません。" in japanese
        english = client.get("/no/such/page").data.decode()
        assert "The requested URL was not found on the server." in english

    def test_the_log_stays_english(
        self, client: FlaskClient, caplog: pytest.LogCaptureFixture
    ) -> None:
        with caplog.at_level(logging.INFO, logger="summitcal.web"):
            page = client.get(
                "/calendars/no-such-visit?token=secret", headers={"Accept-Language": "ja"}
            )
        assert "はありません" in page.data.decode()
        logged = [r.getMessage() for r in caplog.records if r.name == "summitcal.web"]
        assert logged == ["GET '/calendars/no-such-visit': 404 no calendar 'no-such-visit'"]

    def test_a_schedule_files_problems_on_the_status_page_stay_as_they_were(
        self, tmp_path: Path
    ) -> None:
        """The service reads a file once for every reader: its problems keep their
        English on the operator's status page (and in the log)."""
        folder = tmp_path / "served"
        folder.mkdir()
        settled(Path(shutil.copy(EXAMPLE, folder / EXAMPLE.name)))
        (folder / "broken.toml").write_text(BROKEN, encoding="utf-8")
        settled(folder / "broken.toml")
        client = create_app({"SCHEDULE_FOLDER": str(folder), "TESTING": True}).test_client()
        status = client.get("/status", headers={"Accept-Language": "ja"}).data.decode()
        assert "unknown time zone &#39;Asia/Tokio&#39;" in status
