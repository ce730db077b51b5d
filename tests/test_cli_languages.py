"""The commands in Japanese and Spanish: ``--lang``, or the environment's locale.

The feeds of every language are read by the four client parsers: the same UIDs,
SEQUENCEs and instants in each (one event, one UID, in every language), the titles in
that language; ``lint`` finds nothing in any of them.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import icalendar
import pytest
import vobject
from click.testing import CliRunner

from summitcal.cli import main
from summitcal.ical.lint import lint

from conftest import EXAMPLE, GOLDEN, ROOT, golden
from parsers import READERS, REVISION_READERS

LANGUAGES = ("en", "ja", "es")
TITLES = {
    "en": "Luncheon hosted by President Boluarte",
    "ja": "ボルアルテ大統領主催昼食会",
    "es": "Almuerzo ofrecido por la presidenta Boluarte",
}


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), env=env)
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def feeds() -> dict[str, bytes]:
    found = {}
    for language in LANGUAGES:
        result = CliRunner().invoke(main, ["export", str(EXAMPLE), "--lang", language])
        assert result.exit_code == 0, result.output
        found[language] = result.stdout_bytes
    return found


def test_show_in_japanese_names_clocks_dates_and_words_in_japanese() -> None:
    code, text = run("show", str(EXAMPLE), "--lang", "ja")
    assert code == 0
    lines = text.splitlines()
    assert lines[0] == "日・ペルー首脳会談"
    assert lines[3].split() == ["リマ", "東京", "行事"]
    assert "2024年11月18日(月) (+1日)" in text  # the CLDR's date, our "+1 day"
    assert "10:50–~12:00      00:50–~02:00           歓迎式典及び日・ペルー首脳会談" in text
    assert "Event" not in text and "approximate" not in text


def test_show_in_spanish() -> None:
    code, text = run("show", str(EXAMPLE), "--lang", "es")
    assert code == 0
    assert text.splitlines()[0] == "Reunión cumbre Perú-Japón"
    assert "lun, 18 nov 2024 (+1 día)" in text
    assert TITLES["es"] in text and "Actividad" in text


def test_the_language_comes_from_the_locale_when_not_given() -> None:
    _code, japanese = run("show", str(EXAMPLE), env={"LANG": "ja_JP.UTF-8"})
    assert "行事" in japanese
    _code, spanish = run("show", str(EXAMPLE), env={"LANG": "C", "LC_ALL": "es_PE.UTF-8"})
    assert TITLES["es"] in spanish
    _code, english = run("show", str(EXAMPLE), env={"LANG": "C.UTF-8"})
    assert TITLES["en"] in english and "Event" in english
    _code, unknown = run("show", str(EXAMPLE), env={"LANG": "xx_YY"})
    assert unknown == english


def test_a_language_the_file_does_not_offer_keeps_its_default_text() -> None:
    """French: the CLDR's dates and cities; our words and the titles in English."""
    code, text = run("show", str(EXAMPLE), "--lang", "fr")
    assert code == 0
    assert "lun. 18 nov. 2024" in text and TITLES["en"] in text and "Event" in text


def test_a_wrong_tag_is_refused_with_usage() -> None:
    code, text = run("show", str(EXAMPLE), "--lang", "jp")
    assert code == 2
    assert "Invalid value for '--lang': 'jp' is not a language tag the CLDR knows" in text


def test_convert_in_the_house_style_of_each_language() -> None:
    args = ("convert", "2024-11-17 10:50", "--from", "Lima", "--to", "Tokyo", "--format", "house")
    assert run(*args, "--lang", "ja") == (
        0,
        "現地時間11月17日午前10時50分（日本時間18日午前0時50分）\n",
    )
    assert run(*args, "--lang", "es") == (
        0,
        "10:50 horas del domingo 17 de noviembre (hora local; 0:50 horas del lunes 18 de "
        "noviembre, hora de Japón)\n",
    )


@pytest.mark.parametrize("reader", sorted(READERS))
def test_every_parser_reads_each_language_with_the_same_events(
    feeds: dict[str, bytes], reader: str
) -> None:
    instants = {language: READERS[reader](data) for language, data in feeds.items()}
    revisions = {language: REVISION_READERS[reader](data) for language, data in feeds.items()}
    assert len(instants["en"]) == 4
    for language in ("ja", "es"):
        assert instants[language] == instants["en"], language
        assert revisions[language] == revisions["en"], language


@pytest.mark.parametrize("language", LANGUAGES)
def test_each_feed_carries_its_language_and_lints_clean(
    feeds: dict[str, bytes], language: str
) -> None:
    data = feeds[language]
    assert lint(data) == []
    summaries = {str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}
    assert TITLES[language] in summaries
    radicale = vobject.readOne(data.decode("utf-8"))
    assert TITLES[language] in {event.summary.value for event in radicale.vevent_list}


@pytest.mark.parametrize("language", ["ja", "es"])
def test_each_languages_feed_is_its_golden_file(feeds: dict[str, bytes], language: str) -> None:
    """Reviewed by hand when made; they change with the catalogs, on purpose."""
    golden(GOLDEN / f"japan-peru-2024.{language}.ics", feeds[language])


def test_the_english_feed_is_what_it_was_without_lang(feeds: dict[str, bytes]) -> None:
    """--lang en, and no --lang in a C locale: the same bytes."""
    result = CliRunner().invoke(main, ["export", str(EXAMPLE)])
    assert result.stdout_bytes == feeds["en"]


def test_the_installed_command_speaks_japanese() -> None:
    """As a user runs it: the console script, with the catalogs the build compiled."""
    bin_folder = ROOT / os.environ.get("SUMMITCAL_VENV", ".venv") / "bin"
    result = subprocess.run(
        [str(bin_folder / "summitcal"), "show", str(EXAMPLE)],
        env={**os.environ, "LANG": "ja_JP.UTF-8"},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert "行事" in result.stdout and TITLES["ja"] in result.stdout


@pytest.mark.parametrize(
    ("language", "made", "active", "revoked"),
    [
        ("en", "token {id} for japan-peru-2024: ", "active", "revoked {id} (japan-peru-2024) at "),
        ("ja", "japan-peru-2024 のトークン {id}：", "有効", "{id}（japan-peru-2024）を "),
        (
            "es",
            "token {id} para japan-peru-2024: ",
            "activo",
            "revocado {id} (japan-peru-2024) el ",
        ),
    ],
)
def test_tokens_say_what_they_did_in_the_readers_language(
    tmp_path: Path, language: str, made: str, active: str, revoked: str
) -> None:
    state = ["--state", str(tmp_path / "state.sqlite3"), "--lang", language]
    runner = CliRunner()
    created = runner.invoke(main, ["tokens", "create", "japan-peru-2024", *state])
    assert created.exit_code == 0, created.output
    listed = runner.invoke(main, ["tokens", "list", *state])
    token_id = listed.stdout.split()[0]
    assert created.stdout.startswith(made.format(id=token_id))
    assert listed.stdout.split()[3] == active
    gone = runner.invoke(main, ["tokens", "revoke", token_id, *state])
    assert gone.exit_code == 0 and gone.stdout.startswith(revoked.format(id=token_id))


def test_serve_says_its_lines_in_its_language_and_serves_readers_in_theirs(
    tmp_path: Path,
) -> None:
    """``serve --lang ja`` prints in Japanese; the service it starts still answers a
    reader who asks for no language in the schedule's default (the workers are forked
    from the command, and must not inherit its language)."""
    import shutil
    import urllib.request

    from app_servers import BIN, free_port, serving

    folder = tmp_path / "schedules"
    folder.mkdir()
    shutil.copy(EXAMPLE, folder)
    port = free_port()
    command = [
        str(BIN / "summitcal"),
        "serve",
        str(folder),
        "--port",
        str(port),
        "--workers",
        "1",
        "--state",
        str(tmp_path / "state.sqlite3"),
        "--lang",
        "ja",
    ]
    log = tmp_path / "serve.log"
    with (
        serving(command, port, log) as server,
        urllib.request.urlopen(f"{server.base}/calendars/japan-peru-2024") as page,
    ):
        assert page.headers["Content-Language"] == "en"
        assert TITLES["en"] in page.read().decode()
    said = log.read_text()
    assert f"を {server.base}/ で配信しています（ワーカー1個）" in said
    assert f"    フィード：{server.base}/calendars/japan-peru-2024.ics" in said
