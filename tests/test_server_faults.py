"""The real server against clients that misbehave: slow or silent connections, bad Host
headers, requests gunicorn rejects. Each test starts `summitcal serve` as the README
does (2 workers) and talks to it over sockets."""

from __future__ import annotations

import os
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest

from summitcal.sqlite_tokens import SqliteTokenStore
from summitcal.web.server import HEAD_SECONDS

from conftest import EXAMPLE, settled
from test_web import free_port, running_server

PAGE = "/calendars/japan-peru-2024"
CLOSE = b"\r\nConnection: close\r\n\r\n"  # ends the Host line and the request


def raw(port: int, request: bytes, timeout: float = 5) -> bytes:
    """Send ``request`` as bytes and read the whole answer (ask for the connection to
    be closed, or the server keeps it for its keep-alive time)."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(request)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return answer


def status(answer: bytes) -> int:
    return int(answer.split(b" ", 2)[1])


SLOW_HEAD = b"GET /calendars/japan-peru-2024.ics HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "


@contextmanager
def trickling(
    port: int, count: int, stop: threading.Event, sent: bytes = b"", trickled: bytes = SLOW_HEAD
) -> Iterator[list[float | None]]:
    """``count`` connections that send ``sent`` at once, then ``trickled`` (by default a
    request head) and more one byte a second, never ending it; yields, per connection,
    when the server closed it (seconds after it opened)."""
    closed: list[float | None] = [None] * count
    data = trickled + b"a" * 1000

    def run(index: int, sock: socket.socket) -> None:
        opened = time.monotonic()
        sock.settimeout(0.05)
        with sock:
            sock.sendall(sent)
            for byte in data:
                if stop.is_set():
                    return
                try:
                    sock.send(bytes([byte]))
                    if sock.recv(1) == b"":
                        closed[index] = time.monotonic() - opened
                        return
                except TimeoutError:
                    pass  # nothing from the server: still waiting for the rest
                except OSError:
                    closed[index] = time.monotonic() - opened
                    return
                stop.wait(0.95)

    threads = [
        threading.Thread(target=run, args=(i, socket.create_connection(("127.0.0.1", port))))
        for i in range(count)
    ]
    for thread in threads:
        thread.start()
    try:
        yield closed
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=5)


def test_slow_and_silent_clients_do_not_hold_up_the_others(folder: Path, tmp_path: Path) -> None:
    """8 connections that trickle their headers a byte a second or send nothing at all
    (with gunicorn's sync workers, two of them stalled both workers for 30 s): 20
    ordinary requests from another client still all answer within a couple of seconds,
    and a trickling connection is closed once it has taken HEAD_SECONDS over its head."""
    port = free_port()
    stop = threading.Event()
    with (
        running_server(folder, port, tmp_path / "server.log") as base,
        ExitStack() as silent,
        trickling(port, 4, stop) as closed,
    ):
        for _ in range(4):
            silent.enter_context(socket.create_connection(("127.0.0.1", port)))
        time.sleep(1.5)  # every slow connection is in a worker by now
        started = time.monotonic()
        for _ in range(20):
            with urllib.request.urlopen(base + PAGE, timeout=10) as response:
                assert response.status == 200
        elapsed = time.monotonic() - started
        assert elapsed < 3.0, f"20 requests took {elapsed:.1f} s beside 8 slow connections"
        deadline = time.monotonic() + HEAD_SECONDS + 5
        while None in closed and time.monotonic() < deadline:
            time.sleep(0.2)
        assert None not in closed, f"trickling connections still open: {closed}"
        assert all(HEAD_SECONDS - 1 <= t <= HEAD_SECONDS + 4 for t in closed), closed  # type: ignore[operator]
        with urllib.request.urlopen(base + PAGE, timeout=5) as response:
            assert response.status == 200
    assert (
        "closing a connection that sent no complete request"
        in (tmp_path / "server.log").read_text()
    )


BAD_HOSTS = [b"", b"a b", b"[::1", b"host:abc", b"host:99999", b"h\xc3\xa9", b"x:", b"a/b"]


def test_bad_host_headers_are_400s(folder: Path, tmp_path: Path) -> None:
    """Empty, with a space, an unclosed IPv6 literal, bad ports, non-ASCII, a slash:
    before, most of these were 500s (an address split on "://", werkzeug's BadHost and
    then the error page's own url_for failing)."""
    port = free_port()
    with running_server(folder, port, tmp_path / "server.log"):
        for host in BAD_HOSTS:
            for path in (PAGE.encode(), b"/calendars/nope", PAGE.encode() + b".json"):
                request = b"GET " + path + b" HTTP/1.1\r\nHost: " + host + CLOSE
                answer = raw(port, request)
                assert status(answer) == 400, (host, path, answer[:300])
                assert b"bad Host header" in answer
    assert "Traceback" not in (tmp_path / "server.log").read_text()


def test_hosts_that_work(folder: Path, tmp_path: Path) -> None:
    """IPv6 literals, names werkzeug does not expect (web_1: its address is kept), and
    an address too long for a QR code (the page goes without it)."""
    port = free_port()
    long_host = b".".join([b"press-office"] * 200)
    with running_server(folder, port, tmp_path / "server.log"):
        for host in (b"[::1]:8000", b"127.0.0.1", b"web_1:8000", long_host):
            answer = raw(port, b"GET " + PAGE.encode() + b" HTTP/1.1\r\nHost: " + host + CLOSE)
            assert status(answer) == 200, (host[:40], answer[:300])
            assert b'href="webcal://' + host + b"/calendars/japan-peru-2024.ics" in answer
        assert b"too long for a QR code" in answer and b'<figure class="qr">' not in answer


def test_tokens_reach_neither_log_even_when_a_request_fails(tmp_path: Path) -> None:
    """A private schedule's token in requests that succeed and in requests that fail:
    one gunicorn rejects (its error log quotes the request line), one whose headers it
    rejects, one whose body cannot be read, one the app refuses. The token is in
    neither the access log nor the error log; the rejected line is logged, redacted."""
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        'home_zone = "Asia/Tokyo"', 'home_zone = "Asia/Tokyo"\nprivate = true'
    )
    folder = tmp_path / "schedules"
    folder.mkdir()
    (folder / "visit.toml").write_text(text, encoding="utf-8")
    settled(folder / "visit.toml")
    store = SqliteTokenStore(tmp_path / "state.sqlite3")
    token, _info = store.create("japan-peru-2024")
    access, errors = tmp_path / "access.log", tmp_path / "error.log"
    port = free_port()
    query = f"?token={token}".encode()
    with running_server(folder, port, access, store.path, errors) as base:
        with urllib.request.urlopen(f"{base}{PAGE}.ics?token={token}", timeout=5) as response:
            assert response.status == 200
        failing = [
            b"GET  " + PAGE.encode() + query + b" HTTP/1.1\r\nHost: a\r\n\r\n",  # two spaces
            b"GET " + PAGE.encode() + query + b" HTTP/1.1\r\nHost: a\r\nBad Header: x\r\n\r\n",
            b"POST /api/extract" + query + b" HTTP/1.1\r\nHost: a\r\n"
            b"Connection: close\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n",
            b"GET /api/convert" + query + b"&time=9999-01-01T00:00&from=UTC&to=JST HTTP/1.1\r\n"
            b"Host: a\r\nConnection: close\r\n\r\n",
            b"GET " + PAGE.encode() + query + b" HTTP/1.1\r\nHost: a b" + CLOSE,
        ]
        for request in failing:
            assert 400 <= status(raw(port, request)) < 500
        with pytest.raises(urllib.error.HTTPError) as caught:
            urllib.request.urlopen(f"{base}/calendars/nope?token={token}", timeout=5)
        assert caught.value.code == 404
        caught.value.close()
    access_log, error_log = access.read_text(), errors.read_text()
    assert f'"GET {PAGE}.ics" 200' in access_log
    assert "Invalid HTTP request line" in error_log and "token=[redacted]" in error_log
    assert token not in access_log
    assert token not in error_log


def test_the_real_server_stays_up_whatever_the_folder_holds(
    folder: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """`summitcal serve` over a folder holding, beside the example, every kind of file
    that took the service down before: a FIFO, a link to a file outside, arrays nested
    5,000 deep, a list where an id belongs, a year-9999 event, a title with a bare CR, a
    private file that was never valid. Every route answers below 500, the example is
    served whole, and nothing about the hostile files leaks but their public problems."""
    outside = tmp_path_factory.mktemp("outside") / "outside.toml"
    outside.write_text(EXAMPLE.read_text(encoding="utf-8").replace("japan-peru", "leaked"))
    (folder / "linked.toml").symlink_to(outside)
    os.mkfifo(folder / "pipe.toml")
    header = '[schedule]\nid = "{id}"\ntitle = "T"\nzone = "Europe/Paris"\n'
    event = '[[events]]\nid = {id}\ntitle = "{title}"\nstart = {start}\nduration = 5\n'
    files = {
        "deep.toml": header.format(id="deep") + "x = " + "[" * 5000 + "]" * 5000 + "\n",
        "list-id.toml": header.format(id="list")
        + event.format(id='["a"]', title="x", start="2024-06-01T10:00:00"),
        "year-9999.toml": header.format(id="far")
        + event.format(id='"a"', title="x", start="9999-06-01T10:00:00"),
        "bare-cr.toml": header.format(id="cr")
        + event.format(id='"a"', title="x\\rEND:VEVENT", start="2024-06-01T10:00:00"),
        "secret-plans.toml": '[schedule]\nid = "secret"\nprivate = true\ntitle = 5\n',
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
        settled(folder / name)
    log = tmp_path_factory.mktemp("log") / "server.log"
    with running_server(folder, free_port(), log) as base:
        answers = {}
        for path in ("/healthz", "/", "/status", PAGE, PAGE + ".ics", "/calendars/leaked.ics"):
            try:
                with urllib.request.urlopen(base + path, timeout=10) as response:
                    answers[path] = (response.status, response.read().decode())
            except urllib.error.HTTPError as error:
                answers[path] = (error.code, error.read().decode())
                error.close()
    assert all(code < 500 for code, _ in answers.values()), answers
    assert (
        answers[PAGE + ".ics"][0] == 200
        and "Luncheon hosted by President Boluarte" in (answers[PAGE + ".ics"][1])
    ), "the example stays served"
    assert answers["/calendars/leaked.ics"][0] == 404
    status_page = answers["/status"][1]
    for name in ("deep.toml", "list-id.toml", "year-9999.toml", "bare-cr.toml"):
        assert name in status_page, f"{name}'s problems are on /status"
    for hidden in ("secret", "linked.toml", "pipe.toml", "leaked"):
        assert hidden not in status_page + answers["/"][1] + answers["/healthz"][1]
    assert "Traceback" not in log.read_text()
