"""``summitcal serve``: the app under gunicorn, a production WSGI server.

Workers are gunicorn's threaded workers (``gthread``), :data:`THREADS` threads each, so
a client that sends its request slowly, or opens a connection and sends nothing, holds
one thread, never a whole worker: gunicorn's default ``sync`` worker reads a request in
its one thread, so two such sockets stalled both workers until the 30 s worker timeout
killed them. A connection that has sent nothing waits in the worker's poller (gunicorn
27 gives it a thread for at most 5 s first) and is closed after the keep-alive time.
gunicorn sets no limit on how long a client may take over its request line and
headers, so :class:`Worker` closes a connection that has not sent a complete request
head within :data:`HEAD_SECONDS`: a trickling client holds a thread for that long at
most. It takes about :data:`THREADS` such connections on one worker at once to make
that worker's other clients wait (up to :data:`HEAD_SECONDS`).

Threads rather than gevent's greenlets: the store and the ledger keep one SQLite
connection per thread (``threading.local``), which a greenlet per connection would turn
into a new connection, schema check and "has anyone published?" per request, and a
SQLite call waiting for a lock (up to 30 s) would stop every greenlet of the worker;
threads release the GIL while SQLite works or waits, and so does psycopg, whose pool
(PostgreSQL) the worker's threads share.
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from gunicorn.app.base import BaseApplication
from gunicorn.config import KNOWN_SETTINGS
from gunicorn.glogging import Logger as GunicornLogger
from gunicorn.workers.gthread import ThreadWorker

from summitcal.caching import DEFAULT_MAX_AGE
from summitcal.web import create_app
from summitcal.web.logs import install as redact_tokens

__all__ = ["HEAD_SECONDS", "THREADS", "PortInUseError", "Worker", "check_port", "serve"]

THREADS = 32  # per worker process
HEAD_SECONDS = 10.0  # for a client's request line and headers


class PortInUseError(OSError):
    """The address cannot be bound; the message says which and what to do, and
    ``reason`` is the system's (``Address already in use``)."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


def check_port(host: str, port: int) -> None:
    """Fail early, with one clear message, if ``host:port`` cannot be listened on."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            raise PortInUseError(
                f"cannot listen on {host}:{port} ({error.strerror}); choose another with --port",
                str(error.strerror),
            ) from None


class Worker(ThreadWorker):  # type: ignore[misc]
    """gunicorn's ``gthread`` worker, with a deadline for each request's head: a
    connection still sending its request line and headers :data:`HEAD_SECONDS` after a
    thread took it up is shut down, which frees the thread (its read returns)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._heads: dict[Any, float] = {}  # connection → deadline of its request head
        self._heads_lock = threading.Lock()

    def handle(self, conn: Any) -> Any:  # in a pool thread
        with self._heads_lock:
            self._heads[conn] = time.monotonic() + HEAD_SECONDS
        try:
            return super().handle(conn)
        finally:
            self._head_done(conn)

    def handle_request(self, req: Any, conn: Any) -> Any:  # the head has been read
        self._head_done(conn)
        return super().handle_request(req, conn)

    def handle_http2(self, conn: Any) -> Any:  # a long-lived HTTP/2 connection
        self._head_done(conn)
        return super().handle_http2(conn)

    def _head_done(self, conn: Any) -> None:
        with self._heads_lock:
            self._heads.pop(conn, None)

    def murder_keepalived(self, *args: Any, **kwargs: Any) -> None:  # the main loop, each ≤1 s
        super().murder_keepalived(*args, **kwargs)
        now = time.monotonic()
        with self._heads_lock:
            late = [conn for conn, deadline in self._heads.items() if deadline <= now]
            for conn in late:
                del self._heads[conn]
        for conn in late:
            self.log.info("closing a connection that sent no complete request in %ds", HEAD_SECONDS)
            with contextlib.suppress(OSError):  # already gone
                conn.sock.shutdown(socket.SHUT_RDWR)


class _Logger(GunicornLogger):  # type: ignore[misc]
    """gunicorn's logs, with every ``token=...`` blanked (see :mod:`summitcal.web.logs`)."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        redact_tokens(self.error_log, self.access_log)


class _Gunicorn(BaseApplication):  # type: ignore[misc]
    def __init__(self, factory: Callable[[], Any], options: dict[str, Any]) -> None:
        self.factory = factory
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        return self.factory()


def serve(
    folder: Path,
    host: str,
    port: int,
    workers: int,
    state_db: str | Path,
    ledger: str | Path | None = None,
    retention_days: float | None = None,
    max_age: int = DEFAULT_MAX_AGE,
) -> None:
    """Serve ``folder`` until interrupted. Each worker process builds its own app.

    ``state_db`` and ``ledger`` are settings as ``--state`` and ``--ledger`` take them
    (a file path, a ``sqlite:`` URL or a ``postgresql://`` URL, see
    :mod:`summitcal.state_url`), passed on as they are: the app reads them with the same
    factories. ``max_age``: the feeds' ``Cache-Control: max-age`` in seconds."""
    check_port(host, port)
    options = {
        "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
        "workers": workers,
        "worker_class": Worker,
        "threads": THREADS,
        "logger_class": _Logger,
        "accesslog": "-",
        # The path without the query string: private schedules' tokens never reach a log.
        "access_log_format": '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(L)ss',
        "errorlog": "-",
        "loglevel": "info",
        "timeout": 30,
        "graceful_timeout": 10,
    }
    # gunicorn 25.1+ opens a control socket at one path per user ($HOME/.gunicorn or
    # $XDG_RUNTIME_DIR): a second `summitcal serve` on the machine (one per port behind
    # nginx) would take it over, and the first to stop would remove it. Nothing uses it.
    if any(setting.name == "control_socket_disable" for setting in KNOWN_SETTINGS):
        options["control_socket_disable"] = True
    config = {
        "SCHEDULE_FOLDER": str(folder),
        "STATE_DB": str(state_db),
        "LEDGER_DB": str(ledger or state_db),
        "RETENTION_DAYS": retention_days,
        "FEED_MAX_AGE": max_age,
        "LEDGER_CREATE": False,  # made or checked by `summitcal serve` before the fork
    }
    _Gunicorn(lambda: create_app(config), options).run()
