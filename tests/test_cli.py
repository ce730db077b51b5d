"""The command line as a user runs it: golden transcripts, README examples, exits, files."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from summitcal import __version__
from summitcal.cli import main

from conftest import EXAMPLE, GOLDEN, ROOT, UPDATE_GOLDEN, golden

Run = Callable[..., Result]
RUNS = sorted((GOLDEN / "runs").glob("*.run"))
BIN = Path(os.environ.get("SUMMITCAL_VENV", ROOT / ".venv")).absolute() / "bin"
BAD = ROOT / "tests" / "files" / "bad-visit.toml"


def shell(command: str) -> str:
    """Run a command line in the repository with bash, as a user would: output and exit."""
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run(
        ["bash", "-c", command + " 2>&1"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    exit_line = f"[exit {result.returncode}]\n" if result.returncode else ""
    return result.stdout + exit_line


@pytest.mark.parametrize("path", RUNS, ids=[p.stem for p in RUNS])
def test_golden_transcript(path: Path) -> None:
    """Each file is a command line (first line, after "$ ") and its exact output."""
    command = path.read_text(encoding="utf-8").splitlines()[0].removeprefix("$ ")
    output = shell(command)
    assert "Traceback" not in output
    golden(path, f"$ {command}\n{output}")


def readme_transcripts() -> list[tuple[str, str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    pairs = []
    for block in re.findall(r"```console\n(.*?)```", text, flags=re.DOTALL):
        for chunk in re.split(r"^\$ ", block, flags=re.MULTILINE)[1:]:
            command, _, output = chunk.partition("\n")
            pairs.append((command, output))
    return pairs


SUMMITCAL_TRANSCRIPTS = [pair for pair in readme_transcripts() if pair[0].startswith("summitcal")]


@pytest.mark.parametrize(("command", "output"), SUMMITCAL_TRANSCRIPTS)
def test_readme_transcripts_are_true(command: str, output: str) -> None:
    assert shell(command) == output


def test_readme_shows_every_command() -> None:
    """A transcript of each command; `serve` runs until stopped, `tokens` makes random
    secrets, and `publish` and `history` print when versions were published, so for
    them the README shows their output without running it (tests/test_revisions.py
    checks what they print)."""
    commands = " ".join(command for command, _ in SUMMITCAL_TRANSCRIPTS)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in main.commands:  # type: ignore[attr-defined]
        unrepeatable = ("serve", "tokens", "publish", "history")
        shown = commands if name not in unrepeatable else readme
        assert f"summitcal {name}" in shown, f"README has no transcript of `summitcal {name}`"


@pytest.mark.parametrize(
    "name",
    [
        "show",
        "export",
        "convert",
        "check",
        "lint",
        "serve",
        "tokens",
        "publish",
        "history",
        "extract",
    ],
)
def test_every_command_has_help_with_examples(run: Run, name: str) -> None:
    result = run(name, "--help")
    assert result.exit_code == 0
    assert "Examples:" in result.output and f"summitcal {name}" in result.output


def test_version(run: Run) -> None:
    assert run("--version").output == f"summitcal, version {__version__}\n"


class TestExport:
    def test_to_stdout_is_the_golden_calendar(self, run: Run) -> None:
        result = run("export", str(EXAMPLE))
        assert result.exit_code == 0
        golden(GOLDEN / "japan-peru-2024.ics", result.stdout_bytes)

    def test_to_a_file(self, run: Run, tmp_path: Path) -> None:
        target = tmp_path / "visit.ics"
        result = run("export", str(EXAMPLE), "-o", str(target))
        assert result.exit_code == 0 and result.stderr == f"wrote {target} (4 events)\n"
        assert target.read_bytes() == (GOLDEN / "japan-peru-2024.ics").read_bytes()
        assert [p.name for p in tmp_path.iterdir()] == ["visit.ics"], "no temporary file left"

    def test_a_bad_schedule_leaves_the_old_file_untouched(self, run: Run, tmp_path: Path) -> None:
        target = tmp_path / "visit.ics"
        target.write_bytes(b"previous version")
        result = run("export", str(BAD), "-o", str(target))
        assert result.exit_code == 1
        assert result.stdout == "" and "nothing was written" in result.stderr
        assert target.read_bytes() == b"previous version"
        assert [p.name for p in tmp_path.iterdir()] == ["visit.ics"]

    def test_an_unwritable_place_is_one_clear_message(self, run: Run, tmp_path: Path) -> None:
        target = tmp_path / "missing" / "visit.ics"
        result = run("export", str(EXAMPLE), "-o", str(target))
        assert result.exit_code == 1
        assert result.stderr.startswith(f"summitcal: {target}: cannot write here")
        assert len(result.stderr.splitlines()) == 1

    def test_custom_uid_domain(self, run: Run) -> None:
        result = run("export", str(EXAMPLE), "--domain", "press.example.org")
        assert "UID:luncheon.japan-peru-2024@press.example.org" in result.output

    def test_reads_standard_input(self, run: Run) -> None:
        result = run("export", "-", input=EXAMPLE.read_bytes())
        assert result.stdout_bytes == (GOLDEN / "japan-peru-2024.ics").read_bytes()


def test_stdin_with_a_problem_names_stdin(run: Run) -> None:
    result = run("check", "-", input=b"[schedule\n")
    assert result.exit_code == 1
    assert result.output.startswith("error: <stdin>:1: not valid TOML")


def test_check_json(run: Run) -> None:
    result = run("check", str(BAD), "--json")
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["ok"] is False
    assert len(report["errors"]) == 7
    assert report["errors"][0].startswith(f"{BAD}:6: [schedule]: home_zone: unknown time zone")
    assert [w.split(": ")[1] for w in report["warnings"]] == ["[schedule]"]


def test_the_installed_command_runs() -> None:
    """The console script itself, not just the click group: a real process, a real exit."""
    command = [str(BIN / "summitcal"), "convert", "2024-11-17 10:50"]
    command += ["--from", "Lima", "--to", "JST", "--format", "compact"]
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    assert result.stdout == "Sun 17 Nov 10:50 Lima → Mon 18 Nov 00:50 Tokyo (+1 day)\n"


@pytest.mark.parametrize(
    "args",
    [
        ["convert", "yesterday", "--from", "Lima", "--to", "JST"],
        ["convert", "2024-11-17T10:50-05:00", "--from", "Lima", "--to", "JST"],
        ["convert", "2024-11-17 10:50", "--from", "Mars/Olympus", "--to", "JST"],
        ["show", str(EXAMPLE), "--zone", "Narnia"],
        ["show", str(ROOT)],
        ["export", str(EXAMPLE), "-o", str(ROOT)],
    ],
    ids=shlex.join,
)
def test_user_mistakes_are_one_line_and_exit_1(run: Run, args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith("summitcal: ")


def test_golden_files_are_not_being_rewritten() -> None:
    assert not UPDATE_GOLDEN or os.environ.get("CI") != "true", "golden update mode in CI"


@pytest.mark.parametrize("time", ["9999-12-31 23:30", "0001-01-01 00:10", "1900-01-01 00:30"])
def test_convert_outside_the_supported_years_is_one_message(run: Run, time: str) -> None:
    """1900-01-01 00:30 in Tokyo is still 1899 in UTC: outside too."""
    result = run("convert", time, "--from", "Asia/Tokyo", "--to", "America/Lima")
    assert result.exit_code == 1
    assert result.stderr == (
        f"summitcal: time {time} is outside the years summitcal supports (1900 to 2200)\n"
    )
