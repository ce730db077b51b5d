"""``summitcal serve``: the app under gunicorn, a production WSGI server."""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

from gunicorn.app.base import BaseApplication

from summitcal.web import create_app

__all__ = ["PortInUseError", "check_port", "serve"]


class PortInUseError(OSError):
    """The address cannot be bound; the message says which and what to do."""


def check_port(host: str, port: int) -> None:
    """Fail early, with one clear message, if ``host:port`` cannot be listened on."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            raise PortInUseError(
                f"cannot listen on {host}:{port} ({error.strerror}); choose another with --port"
            ) from None


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
    state_db: Path,
    ledger: Path | None = None,
    retention_days: float | None = None,
) -> None:
    """Serve ``folder`` until interrupted. Each worker process builds its own app."""
    check_port(host, port)
    options = {
        "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
        "workers": workers,
        "accesslog": "-",
        # The path without the query string: private schedules' tokens never reach a log.
        "access_log_format": '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(L)ss',
        "errorlog": "-",
        "loglevel": "info",
        "timeout": 30,
        "graceful_timeout": 10,
    }
    config = {
        "SCHEDULE_FOLDER": str(folder),
        "STATE_DB": str(state_db),
        "LEDGER_DB": str(ledger or state_db),
        "RETENTION_DAYS": retention_days,
    }
    _Gunicorn(lambda: create_app(config), options).run()
