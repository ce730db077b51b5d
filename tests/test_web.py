"""The feed service: every route and error through Flask's test client, then the real
server started the way the README starts it."""

from __future__ import annotations

import json
import logging
import shutil
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug.http import http_date, parse_date
from werkzeug.test import Client, EnvironBuilder

from summitcal.errors import FetchError, LedgerError
from summitcal.sqlite_tokens import SqliteTokenStore
from summitcal.tokens import default_state_dir
from summitcal.web import create_app
from summitcal.web.errors import CatchAll
from summitcal.web.logs import RedactTokens

from app_servers import BIN, free_port, serving
from conftest import EXAMPLE, GOLDEN, ledger_export, settled, without_stamps

FEED = "/calendars/japan-peru-2024.ics"


@pytest.fixture
def app(folder: Path) -> Flask:
    return create_app({"SCHEDULE_FOLDER": str(folder), "TESTING": True})


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


class TestFeed:
    def test_is_the_exported_calendar(self, client: FlaskClient, folder: Path) -> None:
        """The feed is what `export --ledger` writes; apart from the ledger's dates,
        it is the golden export, every event at SEQUENCE 0 on first publication."""
        response = client.get(FEED)
        assert response.status_code == 200
        assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
        assert response.data == ledger_export(folder / EXAMPLE.name)
        golden = (GOLDEN / "japan-peru-2024.ics").read_bytes()
        assert without_stamps(response.data) == without_stamps(golden)
        assert response.data.count(b"SEQUENCE:0") == 4
        assert response.headers["Content-Disposition"] == 'inline; filename="japan-peru-2024.ics"'
        stamp = response.data.split(b"LAST-MODIFIED:", 1)[1][:16].decode()
        published = datetime.strptime(stamp, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        assert response.headers["Last-Modified"] == http_date(published)
        assert "max-age" in response.headers["Cache-Control"]

    def test_revalidation_answers_304(self, client: FlaskClient) -> None:
        etag = client.get(FEED).headers["ETag"]
        assert etag.startswith('"') and not etag.startswith("W/")
        again = client.get(FEED, headers={"If-None-Match": etag})
        assert (again.status_code, again.data) == (304, b"")
        modified = client.get(FEED).headers["Last-Modified"]
        since = client.get(FEED, headers={"If-Modified-Since": modified})
        assert since.status_code == 304
        earlier = http_date(parse_date(modified) - timedelta(days=1))  # type: ignore[operator]
        older = client.get(FEED, headers={"If-Modified-Since": earlier})
        assert older.status_code == 200

    def test_head(self, client: FlaskClient) -> None:
        response = client.head(FEED)
        assert response.status_code == 200
        assert response.data == b""
        assert int(response.headers["Content-Length"]) > 1000

    def test_download_is_an_attachment(self, client: FlaskClient) -> None:
        response = client.get(FEED + "?download")
        assert response.headers["Content-Disposition"].startswith("attachment;")

    def test_the_fast_path_and_flask_agree(self, client: FlaskClient) -> None:
        """The plain feed is answered before Flask; with every kind asked for, Flask
        renders the same calendar, and both must say the same."""
        fast = client.get(FEED)
        every_kind = "meeting,ceremony,press-conference,meal"
        flask = client.get(f"{FEED}?kind={every_kind}")
        assert fast.data == flask.data
        for header in ("Content-Type", "ETag", "Last-Modified", "Cache-Control"):
            assert fast.headers[header] == flask.headers[header], header
        assert client.get(FEED, headers={"If-None-Match": flask.headers["ETag"]}).status_code == 304

    @pytest.mark.parametrize(
        "query", ["", "?kind=meeting,ceremony,press-conference,meal"], ids=["fast-path", "flask"]
    )
    def test_both_paths_revalidate_alike(self, client: FlaskClient, query: str) -> None:
        """If-None-Match matches ``*`` and a weak tag, and wins over If-Modified-Since; a
        304, to GET or HEAD, keeps the 200's ETag, Last-Modified and Cache-Control."""
        url = FEED + query
        first = client.get(url)
        etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
        for offered in ("*", f"W/{etag}", f'"other", {etag}'):
            assert client.get(url, headers={"If-None-Match": offered}).status_code == 304, offered
        other = {"If-None-Match": '"other"', "If-Modified-Since": modified}
        assert client.get(url, headers=other).status_code == 200
        for ask in (client.get, client.head):
            answer = ask(url, headers={"If-None-Match": etag})
            assert (answer.status_code, answer.data) == (304, b"")
            for header in ("ETag", "Last-Modified", "Cache-Control"):
                assert answer.headers.get(header) == first.headers[header], header

    def test_max_age_is_the_setting_on_every_path(self, folder: Path) -> None:
        """``FEED_MAX_AGE`` (``serve --max-age``) is the max-age of the fast path, of
        Flask's feeds and JSON, and of their 304s; 60 s when not set."""
        default = create_app({"SCHEDULE_FOLDER": str(folder), "TESTING": True}).test_client()
        assert default.get(FEED).headers["Cache-Control"] == "public, max-age=60, must-revalidate"
        app = create_app({"SCHEDULE_FOLDER": str(folder), "TESTING": True, "FEED_MAX_AGE": 2})
        client = app.test_client()
        for url in (FEED, FEED + "?kind=meal", "/calendars/japan-peru-2024.json"):
            first = client.get(url)
            again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
            assert (first.status_code, again.status_code) == (200, 304), url
            for answer in (first, again):
                assert answer.headers["Cache-Control"] == "public, max-age=2, must-revalidate"

    @pytest.mark.parametrize("max_age", [-1, 86_401, 1.5, "60", True])
    def test_a_max_age_out_of_range_is_refused(self, folder: Path, max_age: object) -> None:
        with pytest.raises(ValueError, match="FEED_MAX_AGE must be a whole number of seconds"):
            create_app({"SCHEDULE_FOLDER": str(folder), "FEED_MAX_AGE": max_age})

    def test_kind_filter(self, client: FlaskClient) -> None:
        text = client.get(FEED + "?kind=press-conference,ceremony").data.decode()
        assert text.count("BEGIN:VEVENT") == 2
        assert "UID:press-conference.japan-peru-2024@" in text
        assert "UID:luncheon" not in text

    def test_one_event(self, client: FlaskClient) -> None:
        text = client.get("/calendars/japan-peru-2024/events/luncheon.ics").data.decode()
        assert text.count("BEGIN:VEVENT") == 1
        assert "DTSTART;TZID=America/Lima:20241117T124500" in text


class TestJson:
    def test_every_time_local_home_and_utc(self, client: FlaskClient) -> None:
        data = client.get("/calendars/japan-peru-2024.json").get_json()
        meeting = data["events"][0]
        assert meeting["start"]["local"] == {
            "time": "2024-11-17T10:50",
            "zone": "America/Lima",
            "offset": "UTC-05:00",
            "day_shift": 0,
            "place": "Lima",
        }
        assert meeting["start"]["home"]["time"] == "2024-11-18T00:50"
        assert meeting["start"]["home"]["day_shift"] == 1
        assert meeting["start"]["utc"] == "2024-11-17T15:50:00Z"
        assert meeting["end_certainty"] == "approximate"

    def test_display_zone_and_kind(self, client: FlaskClient) -> None:
        data = client.get("/calendars/japan-peru-2024.json?zone=London&kind=meal").get_json()
        assert [event["id"] for event in data["events"]] == ["luncheon"]
        assert data["events"][0]["start"]["display"]["time"] == "2024-11-17T17:45"

    def test_convert(self, client: FlaskClient) -> None:
        data = client.get("/api/convert?time=2024-11-17T10:50&from=Lima&to=JST&to=UTC").get_json()
        assert [(t["zone"], t["time"], t["day_shift"]) for t in data["to"]] == [
            ("Asia/Tokyo", "2024-11-18T00:50", 1),
            ("Etc/UTC", "2024-11-17T15:50", 0),
        ]


@pytest.mark.parametrize(
    ("url", "status", "message"),
    [
        ("/calendars/nope.ics", 404, "no calendar 'nope'"),
        ("/calendars/nope.json", 404, "no calendar 'nope'"),
        ("/calendars/japan-peru-2024/events/nope.ics", 404, "has no event 'nope'"),
        ("/calendars/..%2F..%2Fetc%2Fpasswd.ics", 404, ""),
        (FEED + "?kind=banquet", 400, "unknown kind 'banquet'"),
        ("/calendars/japan-peru-2024.json?zone=Narnia", 400, "unknown time zone 'Narnia'"),
        ("/api/convert?time=soon&from=Lima&to=JST", 400, "is not a date and time"),
        ("/api/convert?time=2024-11-17T10:50&from=Lima", 400, "at least one 'to'"),
        ("/api/convert?time=2024-11-17T10:50&from=Lima&to=Mars", 400, "unknown time zone 'Mars'"),
        ("/api/convert?time=2024-03-31T02:30&from=Europe/Paris&to=UTC", 400, "does not exist"),
        ("/api/convert?time=2024-11-17T10:50%2B01:00&from=Lima&to=UTC", 400, "without offset"),
        ("/api/convert?time=0001-01-01T00:00&from=UTC&to=JST", 400, "outside the years"),
        ("/api/convert?time=9999-12-31T23:00&from=UTC&to=JST", 400, "(1900 to 2200)"),
        ("/api/convert?time=1900-01-01T00:30&from=Tokyo&to=UTC", 400, "outside the years"),
    ],
)
def test_errors_are_json_4xx(client: FlaskClient, url: str, status: int, message: str) -> None:
    response = client.get(url)
    assert response.status_code == status
    assert response.is_json
    assert message in response.get_json()["error"]


def test_unknown_page_is_a_page(client: FlaskClient) -> None:
    response = client.get("/calendars/nope")
    assert response.status_code == 404
    assert b"no calendar &#39;nope&#39;" in response.data
    assert b'<a href="/">All calendars</a>' in response.data


def test_the_latest_supported_time_converts(client: FlaskClient) -> None:
    response = client.get("/api/convert?time=2200-12-31T23:00&from=UTC&to=Pacific/Kiritimati")
    assert response.status_code == 200
    assert response.get_json()["to"][0]["time"] == "2201-01-01T13:00"


def served(wsgi: Any, url: str) -> tuple[str, list[tuple[str, str]], bytes]:
    """Call a WSGI app as a PEP 3333 server does (werkzeug's test client re-raises any
    ``exc_info``, even before the headers are sent): (status, headers, body)."""
    answer: list[Any] = []

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
        answer[:] = [status, headers]  # nothing is sent before the body: always replaceable
        return None

    body = b"".join(wsgi(EnvironBuilder(url).get_environ(), start_response))
    return answer[0], answer[1], body


class TestErrorMapping:
    """One mapping (web/errors.py): a SummitcalError answers its http_status with its
    message, JSON for programs and a page for people; anything else a plain 500,
    logged with the path only."""

    @pytest.mark.parametrize(
        ("error", "status"),
        [(LedgerError("the ledger is gone"), 503), (FetchError("no such host"), 502)],
    )
    def test_a_summitcal_error_answers_its_status(
        self, app: Flask, error: Exception, status: int, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        def broken(schedule_id: str) -> None:
            raise error

        monkeypatch.setattr(app.extensions["summitcal.store"], "get", broken)
        client = app.test_client()
        as_json = client.get("/calendars/japan-peru-2024.json")
        assert (as_json.status_code, as_json.get_json()) == (
            status,
            {"error": str(error), "status": status},
        )
        page = client.get("/calendars/japan-peru-2024")
        assert page.status_code == status and page.mimetype == "text/html"
        assert str(error).encode() in page.data

    def test_anything_else_is_a_plain_500_logged_without_the_query(
        self, app: Flask, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
    ) -> None:
        def broken(schedule_id: str) -> None:
            raise RuntimeError("bug while reading /calendars/x?token=s3cret-token")

        monkeypatch.setattr(app.extensions["summitcal.store"], "get", broken)
        client = app.test_client()
        with caplog.at_level(logging.ERROR):
            as_json = client.get("/calendars/japan-peru-2024.json?token=s3cret-token")
            page = client.get("/calendars/japan-peru-2024?token=s3cret-token&kind=meal")
        assert as_json.status_code == 500 and as_json.get_json()["status"] == 500
        assert page.status_code == 500 and b"something went wrong on our side" in page.data
        assert "/calendars/japan-peru-2024.json" in caplog.text
        assert "kind=meal" not in caplog.text
        assert "s3cret-token" not in caplog.text and "token=[redacted]" in caplog.text

    def test_the_outermost_layer_catches_what_escapes_flask(self) -> None:
        def raising(environ: dict[str, Any], start_response: Any) -> list[bytes]:
            raise RuntimeError("boom")

        def raising_late(environ: dict[str, Any], start_response: Any) -> Iterator[bytes]:
            start_response("200 OK", [("Content-Type", "text/plain")])
            raise RuntimeError("boom")
            yield b""  # a generator: it raises once iterated

        for wsgi in (raising, raising_late):
            status, headers, body = served(CatchAll(wsgi), "/calendars/x.json?token=abc")
            assert status.startswith("500 ") and ("Content-Type", "application/json") in headers
            assert json.loads(body)["error"].startswith("something went wrong")
            status, headers, body = served(CatchAll(wsgi), "/calendars/x")
            assert status.startswith("500 ") and b"something went wrong" in body

    def test_a_body_that_fails_halfway_ends_there(self, caplog: pytest.LogCaptureFixture) -> None:
        def halfway(environ: dict[str, Any], start_response: Any) -> Iterator[bytes]:
            start_response("200 OK", [("Content-Type", "text/plain")])
            yield b"first half"
            raise RuntimeError("boom")

        with caplog.at_level(logging.ERROR):
            response = Client(CatchAll(halfway)).get("/x?token=abc")
        assert (response.status_code, response.data) == (200, b"first half")
        assert "unexpected error answering GET '/x'" in caplog.text


class TestRedaction:
    def test_tokens_leave_messages_arguments_and_tracebacks(self) -> None:
        try:
            raise ValueError("bad /calendars/x.ics?kind=meal&token=abc-123")
        except ValueError as error:
            record = logging.LogRecord(
                "gunicorn.error",
                logging.ERROR,
                __file__,
                1,
                "%s %s",
                ("GET", "/?TOKEN=xyz"),
                (type(error), error, error.__traceback__),
            )
        assert RedactTokens().filter(record)
        text = logging.Formatter().format(record)
        assert "abc-123" not in text and "xyz" not in text
        assert "GET /?TOKEN=[redacted]" in text and "kind=meal&token=[redacted]" in text

    def test_on_the_apps_logger_and_its_handlers(self, app: Flask) -> None:
        for target in (app.logger, *app.logger.handlers):
            assert any(isinstance(f, RedactTokens) for f in target.filters)


class TestPage:
    def test_shows_both_zones_and_the_date_change(self, client: FlaskClient) -> None:
        html = client.get("/calendars/japan-peru-2024").data.decode()
        assert "10:50–~12:00" in html and "00:50–~02:00" in html
        assert "Mon 18 Nov 2024" in html and "(+1 day)" in html
        assert "(12:15)–(12:40)" in html  # the press conference: not announced

    def test_subscribe_links(self, client: FlaskClient) -> None:
        html = client.get("/calendars/japan-peru-2024").data.decode()
        assert 'href="webcal://localhost/calendars/japan-peru-2024.ics"' in html
        assert "calendar.google.com/calendar/r?cid=webcal%3A%2F%2Flocalhost%2Fcalendars" in html
        assert 'href="http://localhost/calendars/japan-peru-2024.ics?download"' in html

    def test_index_and_health(self, client: FlaskClient) -> None:
        assert b"/calendars/japan-peru-2024" in client.get("/").data
        assert client.get("/healthz").get_json() == {"status": "ok", "schedules": 1}


class TestHostileContent:
    def test_markup_in_a_title_is_escaped(self, client: FlaskClient, folder: Path) -> None:
        text = (folder / EXAMPLE.name).read_text(encoding="utf-8")
        text = text.replace(
            'title.en = "Luncheon hosted by President Boluarte"',
            'title.en = "<script>alert(1)</script>"',
        )
        (folder / EXAMPLE.name).write_text(text, encoding="utf-8")
        settled(folder / EXAMPLE.name)
        html = client.get("/calendars/japan-peru-2024").data.decode()
        assert "<script>" not in html and "&lt;script&gt;" in html

    def test_a_title_with_line_breaks_is_refused_and_cannot_inject_lines(
        self, client: FlaskClient, folder: Path
    ) -> None:
        text = (folder / EXAMPLE.name).read_text(encoding="utf-8")
        text = text.replace(
            'title.en = "Luncheon hosted by President Boluarte"',
            'title.en = "Luncheon\\r\\nBEGIN:VEVENT\\r\\nUID:evil"',
        )
        (folder / EXAMPLE.name).write_text(text, encoding="utf-8")
        settled(folder / EXAMPLE.name)
        lines = client.get(FEED).data.decode().split("\r\n")
        assert lines.count("BEGIN:VEVENT") == 4
        assert "UID:evil" not in lines
        assert "SUMMARY:Luncheon hosted by President Boluarte" in lines, "the last good version"
        status = client.get("/status").data.decode()
        assert "title.en contains a control character, U+000D (carriage return)" in status


class TestReload:
    def test_a_changed_file_is_served_on_the_next_request(
        self, client: FlaskClient, folder: Path
    ) -> None:
        before = client.get(FEED)
        path = folder / EXAMPLE.name
        path.write_text(path.read_text().replace("T12:45:00", "T13:05:00"), encoding="utf-8")
        assert client.get(FEED).data == before.data, "not taken while it may be half written"
        settled(path)
        after = client.get(FEED)
        assert after.headers["ETag"] != before.headers["ETag"]
        assert "DTSTART;TZID=America/Lima:20241117T130500" in after.data.decode()

    def test_an_invalid_file_keeps_its_last_good_version(
        self, client: FlaskClient, folder: Path
    ) -> None:
        good = client.get(FEED).data
        (folder / EXAMPLE.name).write_text("[schedule\n", encoding="utf-8")
        settled(folder / EXAMPLE.name)
        assert client.get(FEED).data == good
        status = client.get("/status").data.decode()
        assert "japan-peru-2024.toml:1: not valid TOML" in status

    def test_two_files_with_one_id(self, client: FlaskClient, folder: Path) -> None:
        settled(Path(shutil.copy(folder / EXAMPLE.name, folder / "zz-copy.toml")))
        assert client.get("/healthz").get_json()["schedules"] == 1
        assert "zz-copy.toml: id &#39;japan-peru-2024&#39; is already served from" in (
            client.get("/status").data.decode()
        )

    def test_new_and_removed_files(self, client: FlaskClient, folder: Path) -> None:
        copy = (folder / EXAMPLE.name).read_text().replace('id = "japan-peru-2024"', 'id = "copy"')
        (folder / "copy.toml").write_text(copy, encoding="utf-8")
        settled(folder / "copy.toml")
        assert client.get("/calendars/copy.ics").status_code == 200
        (folder / "copy.toml").unlink()
        assert client.get("/calendars/copy.ics").status_code == 404


@contextmanager
def running_server(
    folder: Path,
    port: int,
    log: Path,
    state_db: Path | str | None = None,
    errors: Path | None = None,
) -> Iterator[str]:
    """`summitcal serve FOLDER --port PORT`, as the README starts it, until the block ends.
    Its output goes to ``log``; with ``errors``, its standard error (gunicorn's error log
    and the app's) goes there instead, and ``log`` keeps the access log. ``state_db``:
    ``--state``, a file or a URL (a PostgreSQL server's)."""
    command = [str(BIN / "summitcal"), "serve", str(folder), "--port", str(port)]
    command += ["--workers", "2"] + (["--db", str(state_db)] if state_db else [])
    with serving(command, port, log, errors) as started:
        yield started.base
    said = (errors or log).read_text()
    assert f"Listening at: http://127.0.0.1:{port}" in said
    assert "Control socket" not in said  # one per user: two servers would share it


@pytest.fixture
def server(folder: Path, tmp_path: Path) -> Iterator[str]:
    with running_server(folder, free_port(), tmp_path / "server.log") as base:
        yield base


def test_real_server_serves_and_revalidates(server: str, folder: Path) -> None:
    with urllib.request.urlopen(server + FEED, timeout=5) as response:
        assert response.headers["Server"].startswith("gunicorn")
        assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
        etag = response.headers["ETag"]
        assert response.read() == ledger_export(folder / EXAMPLE.name)
    request = urllib.request.Request(server + FEED, headers={"If-None-Match": etag})
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(request, timeout=5)
    assert caught.value.code == 304
    caught.value.close()


class TestPageExtras:
    def test_qr_code_is_inline_svg_of_the_webcal_address(self, client: FlaskClient) -> None:
        html = client.get("/calendars/japan-peru-2024").data.decode()
        qr = html.split('<figure class="qr">', 1)[1].split("</figure>", 1)[0]
        assert qr.startswith("<svg") and "<title>QR code</title>" in qr
        assert "http" not in qr.replace("http://www.w3.org/2000/svg", ""), "no external service"

    def test_the_day_at_a_glance(self, client: FlaskClient) -> None:
        html = client.get("/calendars/japan-peru-2024?kind=meal").data.decode()
        glance = html.split('<section aria-labelledby="glance">', 1)[1].split("<h2", 2)[1]
        assert "The day at a glance" in glance and "<h3" in glance
        assert "Sun 17 Nov 2024 · Lima</h3>" in glance  # the day's heading, its place
        # One picture for a desk, one for a phone (the page's CSS shows one of them).
        desk = glance.split('<div class="timeline-desk">', 1)[1].split("</svg>", 1)[0]
        phone = glance.split('<div class="timeline-phone">', 1)[1].split("</svg>", 1)[0]
        assert 'viewBox="0 0 900 ' in desk and 'viewBox="0 0 360 ' in phone
        for picture in (desk, phone):
            assert "Sun 17 Nov 2024 in Lima, with Tokyo" in picture
            assert "Luncheon hosted by President Boluarte" in picture
            assert "Joint press conference" not in picture  # the kind filter applies too
        ids = [part.split('"', 1)[0] for part in html.split(' id="')[1:]]
        assert len(ids) == len(set(ids)), "the two pictures share no id"

    def test_viewer_zone_column_is_filled_by_a_local_script(self, client: FlaskClient) -> None:
        html = client.get("/calendars/japan-peru-2024").data.decode()
        assert 'data-start="2024-11-17T15:50:00+00:00"' in html
        assert '<script src="/static/viewer-zone.js" defer></script>' in html
        with client.get("/static/viewer-zone.js") as script:
            assert script.status_code == 200
            assert b"resolvedOptions().timeZone" in script.data

    def test_nothing_is_loaded_from_elsewhere(self, client: FlaskClient) -> None:
        html = client.get("/calendars/japan-peru-2024").data.decode()
        for attribute in ("src=", "href="):
            for value in html.split(attribute)[1:]:
                target = value[1 : value.index(value[0], 1)]
                external = target.startswith(("http", "//")) and "localhost" not in target
                assert not external or attribute == "href=", target  # links may go out


PRIVATE = "/calendars/private-visit"


def private_copy(folder: Path, schedule_id: str = "private-visit") -> Path:
    """A private copy of the example in ``folder``, with the id ``schedule_id``."""
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        'id = "japan-peru-2024"', f'id = "{schedule_id}"', 1
    )
    text = text.replace('home_zone = "Asia/Tokyo"', 'home_zone = "Asia/Tokyo"\nprivate = true')
    (folder / f"{schedule_id}.toml").write_text(text, encoding="utf-8")
    return settled(folder / f"{schedule_id}.toml")


@pytest.fixture
def private_token(folder: Path) -> str:
    """A private copy of the example beside it (id private-visit) and a live token."""
    private_copy(folder)
    token, _info = SqliteTokenStore(default_state_dir() / "summitcal.sqlite3").create(
        "private-visit"
    )
    return token


class TestPrivate:
    def test_health_counts_public_schedules_only(
        self, client: FlaskClient, private_token: str
    ) -> None:
        assert client.get(f"{PRIVATE}.ics?token={private_token}").status_code == 200
        assert client.get("/healthz").get_json() == {"status": "ok", "schedules": 1}

    def test_private_and_missing_ids_ask_the_token_store_alike(
        self, app: Flask, private_token: str, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The same look-up, token or not, whether the schedule is private or missing:
        the time taken does not tell them apart (benchmarks/private_timing.py)."""
        tokens = app.extensions["summitcal.tokens"]
        asked: list[tuple[str, str]] = []
        allows = tokens.allows

        def recording(schedule_id: str, token: str) -> bool:
            asked.append((schedule_id, token))
            return allows(schedule_id, token)

        monkeypatch.setattr(tokens, "allows", recording)
        client = app.test_client()
        answers = {}
        for schedule_id in ("private-visit", "nope"):
            for query in ("", "?token=guess"):
                for suffix in ("", ".ics", ".json"):
                    asked.clear()
                    response = client.get(f"/calendars/{schedule_id}{suffix}{query}")
                    assert asked == [(schedule_id, query.removeprefix("?token="))]
                    body = response.get_data().replace(schedule_id.encode(), b"ID")
                    answers.setdefault((suffix, query), set()).add((response.status_code, body))
        assert all(len(seen) == 1 for seen in answers.values()), "private and missing differ"
        asked.clear()
        assert client.get("/calendars/japan-peru-2024").status_code == 200
        assert asked == [], "a public schedule needs no token"

    def test_links_carry_only_an_accepted_token(
        self, client: FlaskClient, private_token: str
    ) -> None:
        page = client.get(f"{PRIVATE}?token={private_token}").data.decode()
        assert f"webcal://localhost/calendars/private-visit.ics?token={private_token}" in page
        assert '<figure class="qr">' in page
        public = client.get("/calendars/japan-peru-2024?token=stray-guess").data.decode()
        assert "stray-guess" not in public and '<figure class="qr">' in public

    def test_a_very_long_token_is_no_error(self, client: FlaskClient, private_token: str) -> None:
        """Before, the page put a 3,000-character token into its QR code and failed."""
        token = "t" * 3000
        assert client.get(f"{PRIVATE}?token={token}").status_code == 404
        public = client.get(f"/calendars/japan-peru-2024?token={token}")
        assert public.status_code == 200 and token not in public.get_data(as_text=True)

    def test_an_address_too_long_for_a_qr_code_leaves_it_out(self, client: FlaskClient) -> None:
        host = ".".join(["press-office"] * 200)
        page = client.get("/calendars/japan-peru-2024", environ_overrides={"HTTP_HOST": host})
        html = page.get_data(as_text=True)
        assert page.status_code == 200 and f'href="webcal://{host}/calendars/' in html
        assert '<figure class="qr">' not in html and "too long for a QR code" in html


@pytest.mark.parametrize(
    "host", ["", "a b", "[::1", "host:abc", "host:99999", "host:", "hé", "a/b", "[fe80::1%eth0]"]
)
def test_a_bad_host_is_a_400(client: FlaskClient, host: str) -> None:
    for path in ("/calendars/japan-peru-2024", "/calendars/japan-peru-2024.ics", "/healthz"):
        response = client.get(path, environ_overrides={"HTTP_HOST": host})
        assert response.status_code == 400, (host, path)
        assert b"bad Host header" in response.data


@pytest.mark.parametrize(
    ("host", "shown"),
    [("[::1]:8000", "[::1]:8000"), ("127.0.0.1", "127.0.0.1"), ("web_1:80", "web_1:80")],
)
def test_good_hosts_make_the_links(client: FlaskClient, host: str, shown: str) -> None:
    page = client.get("/calendars/japan-peru-2024", environ_overrides={"HTTP_HOST": host})
    assert f'href="webcal://{shown}/calendars/japan-peru-2024.ics"' in page.get_data(as_text=True)


HOSTS = st.one_of(
    st.none(),
    st.sampled_from(
        [
            *("localhost", "127.0.0.1:8000", "[::1]:8000", "web_1", "", "a b", "[::1"),
            *("host:abc", "host:99999", "hé", "x:", "a/b", "[::1]x"),
            *("a" * 300, ".".join(["press"] * 600)),  # a label too long; an address too long
        ]
    ),
    st.text(max_size=40),
)
TOKENS = st.one_of(
    st.none(),
    st.just("VALID"),  # the private schedule's live token
    st.text(max_size=30),
    st.integers(0, 4000).map(lambda n: "t" * n),
)


@settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.sampled_from(
        ["/", "/calendars/", "/calendars/japan-peru-2024", PRIVATE, "/api/convert", "/status"]
    ),
    st.text(max_size=30),
    st.sampled_from(
        ["", ".ics", ".json", "/events/", "/events/luncheon.ics", "/history.json", "/history.atom"]
    ),
    st.dictionaries(
        st.sampled_from(
            ["kind", "zone", "time", "from", "to", "token", "download", "disambiguate"]
        ),
        st.text(max_size=30),
        max_size=4,
    ),
    HOSTS,
    TOKENS,
)
def test_no_request_makes_a_500(
    client: FlaskClient,
    private_token: str,
    start: str,
    middle: str,
    end: str,
    query: dict[str, str],
    host: str | None,
    token: str | None,
) -> None:
    """Arbitrary paths, query strings, Host headers and tokens (the private schedule's
    own among them): never a 5xx."""
    if token is not None:
        query = {**query, "token": private_token if token == "VALID" else token}
    environ = {} if host is None else {"HTTP_HOST": host}
    # werkzeug's test client reads "//x…" as an address with the host "x…" (and fails on
    # one IDNA cannot encode, before any request is made): one slash, as a client sends.
    path = "/" + (start + quote(middle) + end).lstrip("/")
    response = client.get(path, query_string=query, environ_overrides=environ)
    assert response.status_code < 500
    response.close()
