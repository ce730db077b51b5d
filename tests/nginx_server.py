"""The deployment of ``deploy/`` for the tests and the benchmark: Debian's nginx running
``deploy/nginx/summitcal.conf`` before app servers started as
``deploy/systemd/summitcal@.service`` starts them.

The shipped files are what runs; only the lines they mark "adapt" are put right here
(:func:`nginx_config`, :func:`unit_command`), and each replacement must find its text
exactly once, so a change to a shipped file that this does not follow fails loudly.

:class:`NginxServer` writes a small ``nginx.conf`` in a temporary folder (pid file, logs,
temporary and cache folders all there) whose ``http {}`` block includes the shipped
configuration, checks it with ``nginx -t`` and runs nginx in the foreground on a free
port of 127.0.0.1. As root (CI) its workers run as root too, which only this test
configuration says: the shipped file leaves the user to the distribution's nginx.conf.
:func:`deployment` starts the whole of it on a PostgreSQL database: app servers,
then nginx; and ends it, whatever happened.
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from app_servers import BIN, AppServer, free_port, serving

__all__ = [
    "NGINX",
    "Deployment",
    "NginxServer",
    "deployment",
    "nginx_config",
    "unit_command",
    "unit_text",
]

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
NGINX = Path("/usr/sbin/nginx")  # Debian's nginx package
SHIPPED_PORTS = (8001, 8002)  # the app servers of the shipped configuration


def _replaced(text: str, replacements: Sequence[tuple[str, str]], source: Path) -> str:
    for old, new in replacements:
        count = text.count(old)
        if count != 1:
            raise AssertionError(f"{source}: {old!r} found {count} times, not once")
        text = text.replace(old, new)
    return text


def nginx_config(port: int, upstreams: Sequence[int], folder: Path) -> str:
    """``deploy/nginx/summitcal.conf`` listening on ``port`` of 127.0.0.1 before the app
    servers on ``upstreams`` (two, as shipped), its cache and logs in ``folder``."""
    source = DEPLOY / "nginx" / "summitcal.conf"
    if len(upstreams) != len(SHIPPED_PORTS):
        raise ValueError(f"the shipped configuration has {len(SHIPPED_PORTS)} app servers")
    replacements = [
        ("proxy_cache_path /var/cache/nginx/summitcal ", f"proxy_cache_path {folder}/cache "),
        ("listen 80;", f"listen 127.0.0.1:{port};"),
        ("/var/log/nginx/summitcal.access.log", f"{folder}/access.log"),
        ("/var/log/nginx/summitcal.error.log", f"{folder}/error.log"),
    ]
    replacements += [
        (f"server 127.0.0.1:{shipped} ", f"server 127.0.0.1:{ours} ")
        for shipped, ours in zip(SHIPPED_PORTS, upstreams, strict=True)
    ]
    return _replaced(source.read_text(encoding="utf-8"), replacements, source)


UNIT = DEPLOY / "systemd" / "summitcal@.service"


def unit_text() -> str:
    """``deploy/systemd/summitcal@.service`` with this checkout's ``summitcal``."""
    text = UNIT.read_text(encoding="utf-8")
    return _replaced(text, [("/opt/summitcal/.venv/bin/summitcal ", f"{BIN}/summitcal ")], UNIT)


def unit_command(port: int, folder: Path, state: str, *options: str) -> list[str]:
    """The ``ExecStart`` of the unit (:func:`unit_text`) for instance ``port`` (``%i``),
    with ``folder`` and ``state`` put in for the shipped ones, then ``options``."""
    (exec_start,) = [line for line in unit_text().splitlines() if line.startswith("ExecStart=")]
    command = _replaced(
        exec_start.removeprefix("ExecStart="),
        [
            (" /srv/summitcal/visits ", f" {shlex.quote(str(folder))} "),
            ("%i", str(port)),
            ("${SUMMITCAL_STATE}", shlex.quote(state)),
        ],
        UNIT,
    )
    return [*shlex.split(command), *options]


class NginxServer:
    """nginx with ``deploy/nginx/summitcal.conf`` (and ``extra``, more of the ``http {}``
    block) in a temporary folder; ``start()`` then ``stop()`` (which removes the folder)."""

    def __init__(self, upstreams: Sequence[int], extra: str = "", workers: int = 1) -> None:
        if not NGINX.exists():
            raise RuntimeError(
                f"{NGINX} is not installed (Debian's nginx package; ./dev test installs it "
                "when run as root)"
            )
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="summitcal-nginx-"))
        self.base = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None
        (self.folder / "summitcal.conf").write_text(
            nginx_config(self.port, upstreams, self.folder), encoding="utf-8"
        )
        temp = "\n".join(
            f"    {kind}_temp_path {self.folder}/temp/{kind};"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        (self.folder / "temp").mkdir()
        user = "user root root;\n" if os.geteuid() == 0 else ""
        (self.folder / "nginx.conf").write_text(
            f"daemon off;\n{user}worker_processes {workers};\n"
            f"pid {self.folder}/nginx.pid;\n"
            f"error_log {self.folder}/nginx-error.log notice;\n"
            "events {\n    worker_connections 1024;\n}\n"
            "http {\n"
            "    include /etc/nginx/mime.types;\n"
            "    default_type application/octet-stream;\n"
            "    sendfile on;\n"
            f"    access_log {self.folder}/nginx-access.log;\n"
            f"{temp}\n"
            f"    include {self.folder}/summitcal.conf;\n"
            f"{extra}"
            "}\n",
            encoding="utf-8",
        )

    def _command(self, *args: str) -> list[str]:
        conf = self.folder / "nginx.conf"
        return [str(NGINX), "-p", f"{self.folder}/", "-c", str(conf), "-e", "stderr", *args]

    def check(self) -> str:
        """``nginx -t``: what it says (AssertionError if the configuration is refused)."""
        result = subprocess.run(
            self._command("-t"), capture_output=True, text=True, timeout=30, check=False
        )
        if result.returncode != 0:
            raise AssertionError(f"nginx -t refused the configuration:\n{result.stderr}")
        return result.stderr

    def start(self, within: float = 10.0) -> NginxServer:
        self.check()
        with (self.folder / "nginx.out").open("w") as output:
            self.process = subprocess.Popen(
                self._command(), stdout=output, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + within
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return self
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    said = (self.folder / "nginx.out").read_text()
                    self.stop()
                    raise RuntimeError(f"nginx did not start:\n{said}") from None
                time.sleep(0.05)

    def log(self, name: str = "access.log") -> str:
        """One of its logs: ``access.log`` and ``error.log`` (the shipped file's),
        ``nginx-error.log`` (the wrapper's) or ``nginx.out`` (its standard output)."""
        path = self.folder / name
        return path.read_text(encoding="utf-8") if path.exists() else ""

    def stop(self) -> None:
        """A fast shutdown (SIGTERM: open connections are closed), then the folder goes."""
        try:
            if self.process is not None and self.process.poll() is None:
                self.process.send_signal(signal.SIGTERM)
                try:
                    self.process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait(timeout=10)
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


@dataclass
class Deployment:
    """What :func:`deployment` started: ``nginx`` before ``apps``."""

    folder: Path  # of schedule files, read by every app server
    state: str  # the PostgreSQL URL every app server shares
    max_age: int  # their --max-age
    logs: Path  # their logs: app-N.log, then app-N-1.log… when started again
    apps: list[AppServer]
    nginx: NginxServer
    _stack: ExitStack = field(repr=False)

    def start_app(self, index: int) -> AppServer:
        """App server ``index`` started again (after :meth:`AppServer.kill`) on its port,
        logging to a new file; it stops with the deployment."""
        port = int(self.apps[index].base.rsplit(":", 1)[1])
        restarts = len(list(self.logs.glob(f"app-{index}*.log")))
        log = self.logs / f"app-{index}-{restarts}.log"
        command = unit_command(port, self.folder, self.state, "--max-age", str(self.max_age))
        self.apps[index] = self._stack.enter_context(serving(command, port, log))
        return self.apps[index]


@contextmanager
def deployment(
    folder: Path,
    state: str,
    logs: Path,
    *,
    max_age: int = 60,
    nginx_workers: int = 1,
    nginx_extra: str = "",
) -> Iterator[Deployment]:
    """Two app servers serving ``folder`` on ``state`` (a PostgreSQL URL) with
    ``--max-age max_age``, their logs in ``logs``, and nginx before them (``nginx_extra``:
    more of its ``http {}`` block); all stopped, and nginx's folder removed, when the
    block ends."""
    ports = [free_port() for _ in SHIPPED_PORTS]
    with ExitStack() as stack:
        apps = []
        for index, port in enumerate(ports):
            command = unit_command(port, folder, state, "--max-age", str(max_age))
            apps.append(stack.enter_context(serving(command, port, logs / f"app-{index}.log")))
        # Stopped first: the connections it keeps open to the app servers would hold up
        # their graceful stop.
        nginx = NginxServer(ports, nginx_extra, nginx_workers)
        stack.callback(nginx.stop)
        nginx.start()
        yield Deployment(folder, state, max_age, logs, apps, nginx, stack)
