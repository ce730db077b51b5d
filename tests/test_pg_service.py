"""Several app servers on one PostgreSQL ledger (a real server, the ``postgres``
fixture): each serves the same bytes and the same strong ETag after every publish,
whichever server or command made it; and a ledger that cannot be reached is a 503 and
one line in the log, never a traceback or a password."""

from __future__ import annotations

import json
import logging
import shutil
import time
import urllib.request
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path

import pytest
from click.testing import Result

from summitcal.web import create_app

from conftest import EXAMPLE, settled
from postgres_server import PostgresServer
from test_web import free_port, running_server

Run = Callable[..., Result]
FEED = "/calendars/japan-peru-2024.ics"


def fetch(base: str) -> tuple[str, bytes]:
    with urllib.request.urlopen(base + FEED, timeout=10) as response:
        return response.headers["ETag"], response.read()


def agreed(
    bases: list[str], unlike: tuple[str, ...] = (), within: float = 5.0
) -> tuple[str, bytes]:
    """The feed once every server answers it the same (ETag and bytes), with an ETag
    none of ``unlike`` (the versions before)."""
    deadline = time.monotonic() + within
    while True:
        answers = {fetch(base) for base in bases}
        (etag, _), *_ = answers
        if (len(answers) == 1 and etag not in unlike) or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert len(answers) == 1 and etag not in unlike, [etag for etag, _ in answers]
    return answers.pop()


def test_two_servers_serve_the_same_bytes_and_etag_after_each_publish(
    postgres: PostgresServer, tmp_path: Path, run: Run
) -> None:
    url = postgres.new_database()
    folder = tmp_path / "visits"
    folder.mkdir()
    schedule = settled(Path(shutil.copy(EXAMPLE, folder / EXAMPLE.name)))
    with ExitStack() as servers:
        bases = [
            servers.enter_context(
                running_server(folder, free_port(), tmp_path / f"server-{n}.log", url)
            )
            for n in range(2)
        ]
        first_etag, first = agreed(bases)
        assert b"SEQUENCE:0" in first
        # An edit of the file: whichever server sees it first publishes it.
        schedule.write_text(
            EXAMPLE.read_text(encoding="utf-8").replace("T12:45:00", "T13:00:00"),
            encoding="utf-8",
        )
        settled(schedule)
        edited_etag, edited = agreed(bases, unlike=(first_etag,))
        assert b"DTSTART;TZID=America/Lima:20241117T130000" in edited
        # A publish from elsewhere, of other content: both hear of it and put their
        # file back, once, so both serve the file's version again, the same bytes.
        other = tmp_path / "elsewhere.toml"
        other.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
        assert run("publish", str(settled(other)), "--state", url).exit_code == 0
        _final_etag, final = agreed(bases, unlike=(first_etag, edited_etag))
        assert b"DTSTART;TZID=America/Lima:20241117T130000" in final
    history = run("history", "japan-peru-2024", "--state", url, "--json")
    assert history.exit_code == 0
    versions = [v["version"] for v in json.loads(history.stdout)["versions"]]
    assert versions == list(range(len(versions), 0, -1)) and 3 <= len(versions) <= 5


def test_an_unreachable_ledger_is_503_and_one_line_in_the_log(
    folder: Path, caplog: pytest.LogCaptureFixture
) -> None:
    url = f"postgresql://summitcal:secret@127.0.0.1:{free_port()}/summitcal"
    with caplog.at_level(logging.INFO):
        app = create_app({"SCHEDULE_FOLDER": str(folder), "STATE_DB": url, "TESTING": True})
        client = app.test_client()
        feed = client.get(FEED)
        page = client.get("/calendars/japan-peru-2024")
        missing = client.get("/calendars/no-such-visit.ics")
        status = client.get("/status")
    assert feed.status_code == 503 and page.status_code == 503
    assert feed.get_json()["error"] == (
        "'japan-peru-2024' cannot be served yet: the revision ledger cannot be used now; "
        "try again later"
    )
    assert missing.status_code == 404
    assert status.status_code == 200 and b"the revision ledger cannot be used" in status.data
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "cannot use the PostgreSQL server" in logged
    assert "secret" not in logged and "Traceback" not in caplog.text
    assert not any(record.exc_info for record in caplog.records)


def test_a_database_gone_away_leaves_the_last_release_online_without_waits(
    folder: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The database stops under a running service: it keeps answering from what it last
    published, at once (a server found unreachable rests 10 s before it is asked again,
    rather than every request waiting for a pooled connection), and says so in the log."""
    server = PostgresServer().start()
    try:
        url = server.new_database()
        app = create_app({"SCHEDULE_FOLDER": str(folder), "STATE_DB": url, "TESTING": True})
        client = app.test_client()
        first = client.get(FEED)
        assert first.status_code == 200
    finally:
        server.stop()
    started = time.monotonic()
    with caplog.at_level(logging.WARNING):
        answers = []
        for _ in range(25):  # 2.5 s: past the listener's check of the server (each second)
            answers.append(client.get(FEED))
            time.sleep(0.1)
    took = time.monotonic() - started
    assert {(a.status_code, a.headers["ETag"], a.data) for a in answers} == {
        (200, first.headers["ETag"], first.data)
    }
    assert took < 6.0, f"{took:.1f} s: requests waited on the database"
    logged = [r for r in caplog.records if r.name.startswith("summitcal")]
    assert any("cannot use the PostgreSQL server" in r.getMessage() for r in logged)
    assert not any(r.exc_info for r in logged)
    app.extensions["summitcal.ledger"].close()
    app.extensions["summitcal.tokens"].close()
