"""``summitcal serve`` processes for the tests and the benchmarks.

:func:`serving` starts one from its command line, waits until it answers ``/healthz``
and ends it when the block ends. Each runs in a process group of its own, so
:meth:`AppServer.kill` can end gunicorn's master and its workers at once with SIGKILL,
as a machine that fails would, and a test can start it again on the same port.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

__all__ = ["BIN", "AppServer", "free_port", "serving"]

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(os.environ.get("SUMMITCAL_VENV", ROOT / ".venv")).absolute() / "bin"


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nothing listens on just now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class AppServer:
    base: str  # http://127.0.0.1:PORT
    process: subprocess.Popen[bytes]  # gunicorn's master, the leader of its process group

    def stop(self) -> None:
        """SIGTERM, as ``systemctl stop`` sends: gunicorn stops taking connections and
        finishes the requests it has; returns once it has exited."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.kill()
            raise

    def kill(self) -> None:
        """SIGKILL to the master and every worker at once; returns once the master is gone."""
        with suppress(ProcessLookupError):  # already gone
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=15)


@contextmanager
def serving(
    command: Sequence[str],
    port: int,
    log: Path,
    errors: Path | None = None,
    within: float = 20.0,
) -> Iterator[AppServer]:
    """``command`` (a ``summitcal serve`` on ``port`` of 127.0.0.1) until the block ends,
    then SIGTERM (unless it was killed) and its workers' graceful stop. Its output goes
    to ``log``; with ``errors``, its standard error goes there instead. RuntimeError, with
    the log, if it does not answer ``/healthz`` within ``within`` seconds."""
    with log.open("w") as output, (errors or Path(os.devnull)).open("w") as error_output:
        stderr = error_output if errors else subprocess.STDOUT
        process = subprocess.Popen(command, stdout=output, stderr=stderr, start_new_session=True)
    server = AppServer(f"http://127.0.0.1:{port}", process)
    try:
        deadline = time.monotonic() + within
        while True:
            try:
                urllib.request.urlopen(server.base + "/healthz", timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    output = log.read_text() + (errors.read_text() if errors else "")
                    raise RuntimeError(f"the server did not start:\n{output}") from None
                time.sleep(0.05)
        yield server
    finally:
        server.stop()
