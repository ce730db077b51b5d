"""The served folder: only its own regular files, read without blocking, each file's
problems its own, private files' problems kept to the log."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from summitcal.files import NotRegularFileError, read_regular
from summitcal.revisions import SqliteLedger
from summitcal.schedule_file import MAX_FILE_BYTES
from summitcal.web import create_app

from conftest import EXAMPLE, settled

OUTSIDE = """
[schedule]
id = "outside"
title = "A file outside the folder"
zone = "Europe/Paris"
revision = 2024-01-01T00:00:00Z

[[events]]
id = "secret"
title = "Not for the world"
start = 2024-06-01T10:00:00
duration = 30
"""


@pytest.fixture
def app(folder: Path, tmp_path: Path) -> Flask:
    return create_app(
        {
            "SCHEDULE_FOLDER": str(folder),
            "STATE_DB": str(tmp_path / "state.sqlite3"),
            "SETTLE_SECONDS": 0,
        }
    )


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def public_view(client: FlaskClient) -> str:
    """Everything a visitor can learn about the folder's files."""
    return "".join(
        client.get(url).data.decode() for url in ("/", "/status", "/healthz", "/calendars/outside")
    )


def test_a_symbolic_link_to_a_file_outside_is_neither_served_nor_listed(
    client: FlaskClient, folder: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    outside = tmp_path_factory.mktemp("elsewhere") / "outside.toml"
    outside.write_text(OUTSIDE, encoding="utf-8")
    settled(outside)
    (folder / "linked.toml").symlink_to(outside)
    assert client.get("/calendars/outside.ics").status_code == 404
    view = public_view(client)
    assert "Not for the world" not in view and "linked.toml" not in view
    assert client.get("/calendars/japan-peru-2024.ics").status_code == 200


def test_a_fifo_does_not_hang_the_service(client: FlaskClient, folder: Path) -> None:
    os.mkfifo(folder / "pipe.toml")
    answers: list[int] = []
    worker = threading.Thread(
        target=lambda: answers.extend(
            client.get(url).status_code for url in ("/healthz", "/calendars/japan-peru-2024.ics")
        ),
        daemon=True,
    )
    worker.start()
    worker.join(timeout=10)
    assert answers == [200, 200], "a FIFO in the folder must never block a request"
    (folder / "pipe.toml").unlink()
    assert client.get("/healthz").status_code == 200


def test_a_file_swapped_for_a_fifo_after_listing_is_refused(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.toml")
    with pytest.raises(NotRegularFileError, match="FIFO"):
        read_regular(tmp_path / "pipe.toml", 100)
    (tmp_path / "link.toml").symlink_to(EXAMPLE)
    with pytest.raises(NotRegularFileError, match="symbolic link"):
        read_regular(tmp_path / "link.toml", 100)


def test_a_removed_file_leaves_the_status_page_at_once(client: FlaskClient, folder: Path) -> None:
    bad = folder / "broken.toml"
    bad.write_text('[schedule]\nid = "broken"\n', encoding="utf-8")
    settled(bad)
    assert "broken.toml" in client.get("/status").data.decode()
    bad.unlink()
    assert "broken.toml" not in client.get("/status").data.decode()


def test_a_file_over_the_size_limit_is_its_own_problem(client: FlaskClient, folder: Path) -> None:
    big = folder / "huge.toml"
    with big.open("wb") as stream:
        stream.write(b"# padding\n" * (MAX_FILE_BYTES // 10 + 1))
    settled(big)
    status = client.get("/status").data.decode()
    assert "huge.toml" in status and "at most 16 MB" in status
    assert client.get("/calendars/japan-peru-2024.ics").status_code == 200


@pytest.mark.parametrize(
    "text",
    [
        '[schedule]\nid = "undisclosed"\nprivate = true\ntitle = 5\n',  # valid TOML, invalid schedule
        '[schedule]\nid = "undisclosed"\nprivate = true\ntitle = "x\n',  # not even TOML
        '[schedule]\nid = "undisclosed"\nprivate = "yes"\n',  # meant private, badly written
    ],
    ids=["invalid", "not-toml", "private-badly-written"],
)
def test_a_never_valid_private_file_is_not_revealed(
    client: FlaskClient, folder: Path, text: str
) -> None:
    path = folder / "secret-visit.toml"
    path.write_text(text, encoding="utf-8")
    settled(path)
    view = public_view(client)
    assert "secret-visit" not in view and "undisclosed" not in view
    assert "1 public schedule published" in client.get("/status").data.decode()


def test_a_public_file_that_was_never_valid_is_on_the_status_page(
    client: FlaskClient, folder: Path
) -> None:
    path = folder / "draft.toml"
    path.write_text('[schedule]\nid = "draft"\ntitle = 5\n', encoding="utf-8")
    settled(path)
    assert "&#34;title&#34; must be a non-empty string" in client.get("/status").data.decode()


# -- state shared with other processes --------------------------------------------------


def _app(folder: Path, state: Path) -> Flask:
    return create_app({"SCHEDULE_FOLDER": str(folder), "STATE_DB": str(state), "SETTLE_SECONDS": 0})


def test_two_servers_that_disagree_about_a_file_make_a_handful_of_versions(
    tmp_path: Path,
) -> None:
    """Two servers, one ledger, different files for one id: each puts its file back once,
    then both serve the ledger's version and say so; never versions without end."""
    state = tmp_path / "state.sqlite3"
    folders = [tmp_path / "a", tmp_path / "b"]
    for folder, lunch in zip(folders, ("T12:45:00", "T13:30:00"), strict=True):
        folder.mkdir()
        text = EXAMPLE.read_text(encoding="utf-8").replace("T12:45:00", lunch)
        (folder / EXAMPLE.name).write_text(text, encoding="utf-8")
        settled(folder / EXAMPLE.name)
    clients = [_app(folder, state).test_client() for folder in folders]
    deadline = time.monotonic() + 12
    feeds: list[bytes] = []
    while time.monotonic() < deadline:
        feeds = [client.get("/calendars/japan-peru-2024.ics").data for client in clients]
        time.sleep(0.3)
    versions = SqliteLedger(state).versions()["japan-peru-2024"]
    assert versions <= 5, f"{versions} versions from two files that never changed"
    assert feeds[0] == feeds[1], "both servers end on the ledger's version"
    statuses = [client.get("/status").data.decode() for client in clients]
    assert any("was published again from elsewhere" in status for status in statuses)


def test_a_deleted_ledger_is_said_on_the_status_page(tmp_path: Path, folder: Path) -> None:
    state = tmp_path / "state.sqlite3"
    client = _app(folder, state).test_client()
    before = client.get("/calendars/japan-peru-2024.ics")
    for path in state.parent.glob(state.name + "*"):
        path.unlink()
    after = client.get("/calendars/japan-peru-2024.ics")
    assert after.status_code == 200 and after.data == before.data, "the last release stays"
    assert "the revision ledger cannot be used" in client.get("/status").data.decode()
    assert not state.exists(), "no new ledger made behind the operator's back"


def test_a_file_dated_in_the_future_is_served_at_once_and_its_edits_seen(
    folder: Path, tmp_path: Path
) -> None:
    """A file copied with its times from a machine whose clock is ahead (`cp -p`,
    `rsync -t`) is served now, not once the clock reaches its date, and so is an edit."""
    app = create_app({"SCHEDULE_FOLDER": str(folder), "STATE_DB": str(tmp_path / "s.sqlite3")})
    path = folder / "japan-peru-2024.toml"
    ahead = time.time() + 7200
    os.utime(path, (ahead, ahead))
    client = app.test_client()
    started = time.monotonic()
    assert client.get("/calendars/japan-peru-2024.ics").status_code == 200
    assert time.monotonic() - started < 2
    path.write_text(
        path.read_text(encoding="utf-8").replace("Luncheon hosted", "Lunch hosted"),
        encoding="utf-8",
    )
    os.utime(path, (ahead + 60, ahead + 60))
    # Its date says nothing of when it was written: the edit is taken once this machine
    # has seen it unchanged for the settle time (0.1 s), not before (perhaps half written).
    assert b"SUMMARY:Luncheon hosted" in client.get("/calendars/japan-peru-2024.ics").data
    time.sleep(0.15)
    assert b"SUMMARY:Lunch hosted" in client.get("/calendars/japan-peru-2024.ics").data
