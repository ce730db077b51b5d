"""Benchmark: feed requests served per second, against a bare Flask route.

Three runs of wrk, in one go, against gunicorn with the same number of workers:

- bare: a Flask app whose one route returns a short string (the ceiling);
- feed: GET /calendars/japan-peru-2024.ics from `summitcal serve examples`;
- 304: the same with If-None-Match: <its ETag> (what polling clients send).

Both servers run side by side and the three loads take turns, --rounds times, so that
drift in the machine's load touches all three alike. Reported: the median requests per
second of each and the ratios feed / bare and 304 / bare. Aims: 0.9 and 0.95. wrk, the
servers and this script share the machine, so only ratios from one run mean anything;
on a machine others are using too, requests per second swing from run to run, and the
CPU time the server's workers spent per request (read from /proc, Linux) is the steadier
figure.

--baseline SRC also serves the summitcal whose package is in SRC (the `src` folder of
another checkout, say the commit before a change: `git archive HEAD | tar -x -C DIR`)
beside this one, its two loads taking turns with the others: a before and after from
one run.

Needs wrk (Debian package `wrk`).
Run: .venv/bin/python benchmarks/serve_feed.py [--seconds 5] [--rounds 3] [--workers 2]
     [--baseline OTHER/src]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the tests' free_port
from app_servers import free_port  # noqa: E402

GUNICORN = Path(sys.executable).parent / "gunicorn"
FEED = "/calendars/japan-peru-2024.ics"


@dataclass(frozen=True)
class Server:
    base: str  # http://127.0.0.1:PORT
    pid: int  # gunicorn's master process

    def cpu_seconds(self) -> float | None:
        """CPU time (user and system) used so far by the worker processes; None where
        /proc does not tell."""
        try:
            children = Path(f"/proc/{self.pid}/task/{self.pid}/children").read_text().split()
            total = 0
            for child in children:
                fields = Path(f"/proc/{child}/stat").read_text().rpartition(")")[2].split()
                total += int(fields[11]) + int(fields[12])  # utime, stime
        except OSError:
            return None
        return total / os.sysconf("SC_CLK_TCK")


@contextmanager
def gunicorn(app: str, workers: int, source: Path | None = None) -> Iterator[Server]:
    """``app`` under gunicorn until the block ends; with ``source``, summitcal imported
    from that folder instead of this checkout."""
    port = free_port()
    state = tempfile.TemporaryDirectory(prefix="summitcal-bench-")  # its own ledger
    env = {**os.environ, "SUMMITCAL_STATE_DIR": state.name}
    if source is not None:
        env["PYTHONPATH"] = str(source.resolve())
    process = subprocess.Popen(
        [str(GUNICORN), "--workers", str(workers), "--bind", f"127.0.0.1:{port}", app],
        cwd=ROOT / "benchmarks",
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise SystemExit(f"{app} did not start on {base}")
        yield Server(base, process.pid)
    finally:
        process.terminate()
        process.wait(timeout=15)
        state.cleanup()


@dataclass(frozen=True)
class Load:
    per_second: float  # requests answered per second
    cpu_per_request: float | None  # seconds of the workers' CPU time per request


def wrk(server: Server, path: str, seconds: int, connections: int, **headers: str) -> Load:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", server.base + path]
    for name, value in headers.items():
        command += ["-H", f"{name.replace('_', '-')}: {value}"]
    before = server.cpu_seconds()
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    after = server.cpu_seconds()
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    count = re.search(r"(\d+) requests in", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if rate is None or count is None or non_2xx:
        raise SystemExit(f"wrk failed or saw errors:\n{output}")
    cpu = None if before is None or after is None else (after - before) / int(count.group(1))
    return Load(float(rate.group(1)), cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--baseline", type=Path, help="another summitcal's src folder")
    options = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk")
    if options.baseline and not (options.baseline / "summitcal" / "__init__.py").is_file():
        raise SystemExit(f"{options.baseline}: no summitcal package there")
    run = (options.seconds, options.connections)
    results: dict[str, list[Load]] = {}
    with ExitStack() as servers:
        bare = servers.enter_context(gunicorn("bare_app:app", options.workers))
        ours = {"": servers.enter_context(gunicorn("summitcal_app:app", options.workers))}
        if options.baseline:
            ours["baseline "] = servers.enter_context(
                gunicorn("summitcal_app:app", options.workers, options.baseline)
            )
        etags = {}
        for label, server in ours.items():
            with urllib.request.urlopen(server.base + FEED) as response:
                etags[label] = response.headers["ETag"]
        for _ in range(options.rounds):
            results.setdefault("bare Flask route", []).append(wrk(bare, "/", *run))
            for label, server in ours.items():
                results.setdefault(f"{label}feed (200)", []).append(wrk(server, FEED, *run))
                results.setdefault(f"{label}feed (304)", []).append(
                    wrk(server, FEED, *run, If_None_Match=etags[label])
                )
    print(
        f"{options.workers} workers, {options.connections} connections, "
        f"{options.rounds} rounds of {options.seconds} s (medians)"
    )
    bare_rate = statistics.median(load.per_second for load in results["bare Flask route"])
    for name, loads in results.items():
        rate = statistics.median(load.per_second for load in loads)
        line = f"  {name:22} {rate:9.0f} requests/s"
        line += "" if name.startswith("bare") else f"   ratio {rate / bare_rate:.2f}"
        cpus = [load.cpu_per_request for load in loads if load.cpu_per_request is not None]
        if cpus:
            line += f"   {statistics.median(cpus) * 1e6:6.0f} µs CPU/request"
        print(line)


if __name__ == "__main__":
    main()
