"""Shared fixtures: the bundled example, schedule files written for a test, the CLI."""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
import zoneinfo
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from playwright.sync_api import Browser, sync_playwright

from summitcal.cli import main
from summitcal.model import Schedule
from summitcal.schedule_file import read_schedule
from summitcal.tokens import default_state_dir

from postgres_server import PostgresServer

# summitcal takes its zones from the tzdata package; so must the parsers under test that
# look zones up by name (icalendar), or an older copy on the host would disagree with it.
zoneinfo.reset_tzpath(to=[])
zoneinfo.ZoneInfo.clear_cache()

ROOT = Path(__file__).parent.parent
EXAMPLE = ROOT / "examples" / "japan-peru-2024.toml"
GOLDEN = Path(__file__).parent / "golden"
UPDATE_GOLDEN = os.environ.get("SUMMITCAL_UPDATE_GOLDEN") == "1"

HEADER = """
[schedule]
id = "test-visit"
title = "Test visit"
zone = "{zone}"
home_zone = "Asia/Tokyo"
revision = 2024-01-01T00:00:00Z
"""


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer]:
    """A real PostgreSQL server for the session (Debian's ``postgresql`` package, in a
    temporary folder, on a free port; as root it runs as the ``postgres`` user), started
    by the first test that asks; ``new_database()`` gives each test a database of its own."""
    server = PostgresServer().start()
    try:
        yield server
    finally:
        server.stop()


CHROMIUM = "/usr/bin/chromium"  # Debian's package; ./dev test installs it
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def browser() -> Iterator[Browser]:
    """Debian's chromium, driven by Playwright (the browser tests)."""
    assert Path(CHROMIUM).exists(), "Debian's chromium is missing: ./dev test installs it"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def example() -> Schedule:
    return read_schedule(EXAMPLE)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder of schedule files for the service, holding the example."""
    settled(Path(shutil.copy(EXAMPLE, tmp_path / EXAMPLE.name)))
    return tmp_path


@pytest.fixture
def write_schedule(tmp_path: Path) -> Callable[..., Path]:
    """Write a schedule file: a standard [schedule] table in ``zone``, then ``events``."""

    def write(events: str, zone: str = "America/Lima", header: str | None = None) -> Path:
        path = tmp_path / "visit.toml"
        text = (HEADER.format(zone=zone) if header is None else header) + events
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def run() -> Callable[..., Result]:
    """Run the CLI in-process, the way a user types it (``run("show", path)``)."""

    def invoke(*args: str, input: bytes | str | None = None) -> Result:
        return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)

    return invoke


def dump(path: Path) -> list[str]:
    """Everything a SQLite database holds, as SQL, read without writing to it: the same
    list before and after means nothing was written."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        return list(db.iterdump())


def settled(path: Path) -> Path:
    """Date a file written by a test 5 s back, as if its writer had long finished: the
    service takes a changed schedule only once it has been quiet for a moment."""
    past = time.time() - 5
    os.utime(path, (past, past))
    return path


def golden(path: Path, actual: str | bytes) -> None:
    """Compare with a golden file; SUMMITCAL_UPDATE_GOLDEN=1 rewrites it instead."""
    data = actual.encode("utf-8") if isinstance(actual, str) else actual
    if UPDATE_GOLDEN:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    assert path.exists(), f"{path} is missing; run with SUMMITCAL_UPDATE_GOLDEN=1 once"
    assert data == path.read_bytes(), f"output differs from {path}"


@pytest.fixture(autouse=True)
def english_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    """Commands write in the environment's language (``--lang`` by default): every test
    runs as in an English (C) locale, whatever the machine's, unless it sets another."""
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


@pytest.fixture(autouse=True)
def state_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own state folder (tokens, revision ledger), never the user's."""
    path = tmp_path_factory.mktemp("state")
    monkeypatch.setenv("SUMMITCAL_STATE_DIR", str(path))
    return path


def ledger_export(schedule_file: Path, ledger: Path | None = None) -> bytes:
    """``summitcal export FILE --ledger LEDGER``: the feed as the ledger has published
    it (default: the test's state folder, which the service uses too)."""
    ledger = ledger or default_state_dir() / "summitcal.sqlite3"
    result = CliRunner().invoke(
        main, ["export", str(schedule_file), "--ledger", str(ledger)], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


STAMPS = (b"DTSTAMP:", b"CREATED:", b"LAST-MODIFIED:")


def without_stamps(feed: bytes) -> bytes:
    """The feed without the lines a ledger dates (DTSTAMP, CREATED, LAST-MODIFIED)."""
    return b"".join(line for line in feed.splitlines(keepends=True) if not line.startswith(STAMPS))


class Clock:
    """A clock a test moves; as a ledger's ``sleep`` it lets the time pass (the ledger
    waits for a version's second)."""

    def __init__(self) -> None:
        self.now = datetime(2024, 11, 17, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)

    def sleep(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock() -> Clock:
    return Clock()
