"""The served folder: only its own regular files, read without blocking, each file's
problems its own, private files' problems kept to the log."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from summitcal.files import NotRegularFileError, read_regular
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
        '[schedule]\nid = "hidden"\nprivate = true\ntitle = 5\n',  # valid TOML, invalid schedule
        '[schedule]\nid = "hidden"\nprivate = true\ntitle = "x\n',  # not even TOML
        '[schedule]\nid = "hidden"\nprivate = "yes"\n',  # meant private, badly written
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
    assert "secret-visit" not in view and "hidden" not in view
    assert "1 public schedule(s) published" in client.get("/status").data.decode()


def test_a_public_file_that_was_never_valid_is_on_the_status_page(
    client: FlaskClient, folder: Path
) -> None:
    path = folder / "draft.toml"
    path.write_text('[schedule]\nid = "draft"\ntitle = 5\n', encoding="utf-8")
    settled(path)
    assert "&#34;title&#34; must be a non-empty string" in client.get("/status").data.decode()
