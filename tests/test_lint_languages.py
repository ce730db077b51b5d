"""``lint`` in Japanese and Spanish: ``--lang`` (or the environment's locale) says each
finding, its severity and the summary line in that language; the codes, the line
numbers, the feed's values and property names stay as they are, English is unchanged
byte for byte (the README's transcript), and ``--json`` is English in every language."""

from __future__ import annotations

import contextlib
import json
import os
import re
import subprocess

import pytest
from click.testing import CliRunner, Result

from summitcal.cli import main
from summitcal.ical.lint import lint
from summitcal.languages import speaking

from conftest import GOLDEN, ROOT

STOCK = "tests/files/lint/stock-icalendar.ics"  # the README's example, run from the root
MISTAKES = ROOT / "tests" / "files" / "lint" / "mistakes.ics"
LANGUAGES = ("en", "ja", "es")
SEVERITIES = {
    "en": {"error": "error", "warning": "warning"},
    "ja": {"error": "エラー", "warning": "警告"},
    "es": {"error": "error", "warning": "aviso"},
}
# FILE:LINE: SEVERITY: MESSAGE [code]
FINDING = re.compile(
    r"(?P<place>[^:]+):(?P<line>\d+): (?P<severity>[^:]+): .+ \[(?P<code>[a-z0-9-]+)\]"
)


def run(*args: str, input: bytes | None = None, env: dict[str, str] | None = None) -> Result:
    """The command as a user types it, from the repository's root (the README's paths)."""
    with contextlib.chdir(ROOT):
        return CliRunner().invoke(main, list(args), input=input, env=env, catch_exceptions=False)


def parsed(output: str) -> list[tuple[int, str, str]]:
    """(line, severity word, code) of every finding line."""
    found = []
    for text in output.splitlines()[:-1]:
        match = FINDING.fullmatch(text)
        assert match, text
        assert match["place"] == STOCK
        found.append((int(match["line"]), match["severity"], match["code"]))
    return found


def readme_transcript() -> str:
    """The lines the README shows for ``summitcal lint`` of the stock file."""
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    start = lines.index(f"$ summitcal lint {STOCK}") + 1
    end = next(n for n in range(start, len(lines)) if lines[n].startswith(("$", "```", "[exit")))
    return "\n".join(lines[start:end]) + "\n"


def test_english_is_the_readme_transcript_with_and_without_lang() -> None:
    expected = readme_transcript()
    assert expected.endswith(f"{STOCK}: 5 errors, 7 warnings\n")
    for args in ([], ["--lang", "en"]):
        result = run("lint", STOCK, *args, env={"LANG": "C", "LC_ALL": None, "LANGUAGE": None})
        assert result.exit_code == 1
        assert result.output == expected


def test_japanese() -> None:
    result = run("lint", STOCK, "--lang", "ja")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == (
        f"{STOCK}:1: 警告: NAME も X-WR-CALNAME もありません。購読者にはアドレスか"
        "「Untitled」がカレンダー名として表示されます [no-calendar-name]"
    )
    assert lines[3] == (
        f"{STOCK}:15: エラー: America/New_York: 1行の RDATE に67個の切り替わり時刻が並んでいます。"
        "ical.js（Thunderbird）と vobject（Radicale）は最初の1つしか読まないため、以降の変更が"
        "失われ、その前後の予定が1時間ずれます。RDATE は1行に1つずつ書いてください [multi-value-rdate]"
    )
    assert lines[9] == (
        f"{STOCK}:113: エラー: Europe/Paris の DTSTART 20400701T100000: ファイルの VTIMEZONE では "
        "UTC+01:00、tzdata では UTC+02:00 です。フィードの VTIMEZONE を使うクライアント"
        "（Thunderbird、Evolution、Radicale）と独自のタイムゾーンデータを使うクライアント"
        "（Google、Apple、icalendar）とでは、表示が1時間ずれます [vtimezone-disagrees]"
    )
    assert lines[10] == (
        f"{STOCK}:119: 警告: DTSTART: 2024-11-03 01:30 は America/New_York では2回あります"
        "（時計が02:00から01:00に戻ります。1回目はUTC-04:00、2回目はUTC-05:00）。"
        "どちらを表示するかはパーサーによって異なります（UTC で書いてください） [ambiguous-time]"
    )
    assert lines[-1] == f"{STOCK}: エラー5件、警告7件"


def test_spanish() -> None:
    result = run("lint", STOCK, "--lang", "es")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == (
        f"{STOCK}:1: aviso: no hay NAME ni X-WR-CALNAME: los suscriptores ven la dirección o "
        "«Untitled» como su nombre [no-calendar-name]"
    )
    assert lines[3] == (
        f"{STOCK}:15: error: America/New_York: una línea RDATE enumera 67 inicios; ical.js "
        "(Thunderbird) y vobject (Radicale) leen solo el primero, así que los cambios "
        "posteriores se pierden y los eventos cercanos quedan desplazados una hora; escriba un "
        "RDATE por línea [multi-value-rdate]"
    )
    assert lines[11] == (
        f"{STOCK}:120: aviso: DURATION PT2H abarca un cambio del desfase de America/New_York: "
        "los analizadores no coinciden en si cuenta el tiempo transcurrido o la hora del reloj, "
        "así que el final difiere entre clientes; escriba DTEND [duration-across-change]"
    )
    assert lines[-1] == f"{STOCK}: 5 errores, 7 avisos"


@pytest.mark.parametrize("language", ["ja", "es"])
def test_codes_lines_and_severities_are_those_of_english(language: str) -> None:
    english = parsed(run("lint", STOCK, "--lang", "en").output)
    translated = parsed(run("lint", STOCK, "--lang", language).output)
    words = SEVERITIES[language]
    assert len(english) == 12
    assert translated == [(line, words[severity], code) for line, severity, code in english]
    # Every message is said in the language: none is the English one.
    english_messages = {f.message for f in lint((ROOT / STOCK).read_bytes())}
    assert not [
        line
        for line in run("lint", STOCK, "--lang", language).output.splitlines()
        if any(message in line for message in english_messages)
    ]


def test_json_is_english_in_every_language() -> None:
    outputs = {language: run("lint", STOCK, "--json", "--lang", language) for language in LANGUAGES}
    assert outputs["ja"].output == outputs["en"].output == outputs["es"].output
    assert {result.exit_code for result in outputs.values()} == {1}
    rows = json.loads(outputs["ja"].output)["findings"]
    assert [row["message"] for row in rows] == [
        f.message for f in lint((ROOT / STOCK).read_bytes())
    ]
    assert {row["severity"] for row in rows} == {"error", "warning"}


def test_the_environment_chooses_the_language() -> None:
    result = run("lint", STOCK, env={"LANG": "es_ES.UTF-8", "LC_ALL": None, "LANGUAGE": None})
    assert result.output.splitlines()[-1] == f"{STOCK}: 5 errores, 7 avisos"


@pytest.mark.parametrize(
    ("language", "summary"),
    [
        ("en", "<stdin>: 1 error, 1 warning"),
        ("ja", "<stdin>: エラー1件、警告1件"),
        ("es", "<stdin>: 1 error, 1 aviso"),
    ],
)
def test_one_of_each_in_the_singular(language: str, summary: str) -> None:
    data = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n"  # no PRODID, no name
    result = run("lint", "-", "--lang", language, input=data)
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == summary


@pytest.mark.parametrize(
    ("language", "summary"),
    [
        ("en", "<stdin>: no problems found"),
        ("ja", "<stdin>: 問題は見つかりませんでした"),
        ("es", "<stdin>: no se encontraron problemas"),
    ],
)
def test_a_clean_feed(language: str, summary: str) -> None:
    result = run(
        "lint", "-", "--lang", language, input=(GOLDEN / "japan-peru-2024.ics").read_bytes()
    )
    assert (result.exit_code, result.output) == (0, summary + "\n")


@pytest.mark.parametrize("language", ["ja", "es"])
def test_control_characters_are_escaped_in_every_language(language: str) -> None:
    data = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nX-WR-CALNAME:T\r\nBEGIN:VEVENT\r\n"
        b"UID:a\r\nDTSTAMP:20240101T000000Z\r\nDTSTART:2024\x1b]0;owned\x07\r\n"
        b"SUMMARY:Lunch\x1b[2J\x00\xc2\x9b2J\rX:1\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    result = run("lint", "-", "--lang", language, input=data)
    assert result.exit_code == 1
    assert not [c for c in result.output if (c < " " and c != "\n") or "\x7f" <= c <= "\x9f"]
    assert "2024\\x1b]0;owned\\x07" in result.output


def _calendar(*lines: bytes) -> bytes:
    return b"\r\n".join(
        [b"BEGIN:VCALENDAR", b"VERSION:2.0", b"PRODID:x", *lines, b"END:VCALENDAR", b""]
    )


def _event(*lines: bytes) -> bytes:
    return _calendar(b"BEGIN:VEVENT", *lines, b"END:VEVENT")


# Feeds that between them reach every rule, and each form of its message (with and
# without the property, the reading tzdata gives, NUL and C1 controls, one and two lines).
EVERY_RULE = [
    b"hello",
    b"BEGIN:VCALENDAR\nEND:VCALENDAR\n",
    b"BEGIN:VCALENDAR\r\nMETHOD:PUBLISH\r\nREFRESH-INTERVAL:P1D\r\nX-PUBLISHED-TTL:xx\r\n"
    b"BEGIN:VEVENT\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    _calendar(
        b"X-A:" + b"a" * 100,
        b"X-B:" + b"b" * 100,
        b"X-C:\xff",
        b"X-D:a\rb\x00\x1b\x7f\xc2\x85\xc2\x92",
        b"bad line",
        b"X-E:\x7f",
    ),
    _calendar(b"X-D:\x1b", b"X-F:\xc2\x92", b"", b"X-G:" + b"\xc3\xa9" * 40, b"bad\rline"),
    _event(
        b"UID:1",
        b"DTSTAMP:20240101T000000",
        b"DTSTART;TZID=America/New_York:20240310T023000",
        b"DTEND;TZID=GMT:20240310T033000",
        b"DURATION:PT1H",
    ),
    _event(
        b"UID:1",
        b"DTSTAMP:20240101T000000Z",
        b"DTSTART;TZID=Foo/Bar:20240310T023000",
        b"DTEND:20240310",
        b"TRANSP:OPAQUE",
    ),
    _event(b"DTSTART;VALUE=DATE:20240310", b"DTEND;VALUE=DATE:20240309", b"TRANSP:OPAQUE"),
    _event(b"DTSTART;VALUE=DATE:2024031x", b"DTEND:2024031"),
    _event(b"DTSTART;VALUE=DATE:20240310", b"DTEND:20240311T100000Z"),
    _event(
        b"DTSTART;TZID=America/Sao_Paulo:20241117T180000",
        b"DTEND;TZID=America/Lima:20241117T153000",
    ),
    _event(b"UID:a", b"DTSTART:20241117T180000Z", b"DTEND:20241117T173000Z")
    + _event(b"UID:a", b"DTSTART:20241117T180000"),
    _calendar(
        *b"BEGIN:VTIMEZONE|TZID:EST|BEGIN:STANDARD|DTSTART:19700101T000000|END:STANDARD|"
        b"END:VTIMEZONE|BEGIN:VTIMEZONE|TZID:US/Eastern|END:VTIMEZONE|BEGIN:VTIMEZONE|"
        b"TZID:Eastern Standard Time|END:VTIMEZONE|BEGIN:VTIMEZONE|TZID:Kolkata|END:VTIMEZONE|"
        b"BEGIN:VTIMEZONE|TZID:EST5EDT|END:VTIMEZONE|"
        b"BEGIN:VTIMEZONE|TZID:Asia/Kolkata|COMMENT:x|BEGIN:STANDARD|DTSTART:19700101T000000|"
        b"TZOFFSETFROM:+0500|TZOFFSETTO:+0400|RDATE:19710101T000000,19720101T000000|"
        b"END:STANDARD|END:VTIMEZONE|BEGIN:VEVENT|DTSTART;TZID=Asia/Kolkata:20240101T100000|"
        b"END:VEVENT".split(b"|")
    ),
    (ROOT / STOCK).read_bytes(),
    MISTAKES.read_bytes(),
]


@pytest.mark.parametrize("language", ["ja", "es"])
def test_every_rule_is_said_with_its_values(language: str) -> None:
    """Each form of each rule's message is in the catalogs and its values are filled."""
    findings = [finding for data in EVERY_RULE for finding in lint(data)]
    assert len({f.code for f in findings}) >= 36
    assert len({f.words.text for f in findings if f.words is not None}) == 46
    with speaking(language):
        said = [finding.said() for finding in findings]
    assert not [(f.code, s) for f, s in zip(findings, said, strict=True) if s == f.message]
    assert not [s for s in said if "{" in s or "}" in s]


def test_an_error_of_lint_is_said_in_its_language(tmp_path: os.PathLike[str]) -> None:
    missing = f"{tmp_path}/nope.ics"
    result = run("lint", missing, "--lang", "ja")
    assert result.exit_code == 1
    assert result.stderr == f"summitcal: {missing}: ファイルがありません。パスを確認してください\n"


def test_the_installed_command() -> None:
    """As a user runs it: the console script, with the catalogs the build compiled."""
    bin_folder = ROOT / os.environ.get("SUMMITCAL_VENV", ".venv") / "bin"
    result = subprocess.run(
        [str(bin_folder / "summitcal"), "lint", STOCK, "--lang", "ja"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert result.stdout.splitlines()[-1] == f"{STOCK}: エラー5件、警告7件"
