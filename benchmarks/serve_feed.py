"""Benchmark: feed requests served per second, against a bare Flask route.

Three runs of wrk, in one go, against gunicorn with the same number of workers:

- bare: a Flask app whose one route returns a short string (the ceiling);
- feed: GET /calendars/japan-peru-2024.ics from `summitcal serve examples`;
- 304: the same with If-None-Match: <its ETag> (what polling clients send).

Both servers run side by side and the three loads take turns, --rounds times, so that
drift in the machine's load touches all three alike. Reported: the median requests per
second of each and the ratios feed / bare and 304 / bare. Aims (issue 4): 0.9 and 0.95.
wrk, the servers and this script share the machine, so only ratios from one run mean
anything.

Needs wrk (Debian package `wrk`).
Run: .venv/bin/python benchmarks/serve_feed.py [--seconds 5] [--rounds 3] [--workers 2]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"
FEED = "/calendars/japan-peru-2024.ics"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def gunicorn(app: str, workers: int) -> Iterator[str]:
    port = free_port()
    state = tempfile.TemporaryDirectory(prefix="summitcal-bench-")  # its own ledger
    process = subprocess.Popen(
        [str(GUNICORN), "--workers", str(workers), "--bind", f"127.0.0.1:{port}", app],
        cwd=ROOT / "benchmarks",
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "SUMMITCAL_STATE_DIR": state.name},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=15)
        state.cleanup()


def wrk(url: str, seconds: int, connections: int, headers: dict[str, str]) -> float:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", url]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    match = re.search(r"Requests/sec:\s+([\d.]+)", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if match is None or non_2xx:
        raise SystemExit(f"wrk failed or saw errors:\n{output}")
    return float(match.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    options = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk")
    run = (options.seconds, options.connections)
    results: dict[str, list[float]] = {"bare": [], "feed": [], "304": []}
    with (
        gunicorn("bare_app:app", options.workers) as bare,
        gunicorn("summitcal_app:app", options.workers) as ours,
    ):
        with urllib.request.urlopen(ours + FEED) as response:
            etag = response.headers["ETag"]
        for _ in range(options.rounds):
            results["bare"].append(wrk(bare + "/", *run, {}))
            results["feed"].append(wrk(ours + FEED, *run, {}))
            results["304"].append(wrk(ours + FEED, *run, {"If-None-Match": etag}))
    median = {name: statistics.median(values) for name, values in results.items()}
    print(
        f"{options.workers} workers, {options.connections} connections, "
        f"{options.rounds} rounds of {options.seconds} s (median)"
    )
    print(f"  bare Flask route   {median['bare']:9.0f} requests/s")
    for name, label in (("feed", "feed (200)"), ("304", "feed (304)")):
        ratio = median[name] / median["bare"]
        print(f"  {label:18} {median[name]:9.0f} requests/s   ratio {ratio:.2f}")


if __name__ == "__main__":
    main()
