"""Benchmark: can response time tell a private schedule from a missing one?

`summitcal serve` (the real server, gunicorn) serves a folder holding the example as a
private schedule with --tokens live tokens. One keep-alive client then asks, interleaved
(A B B A, so drift touches both alike), --requests times each:

- the private schedule's feed without a valid token, and a missing id's feed: both
  must be the same 404 after the same work (one token look-up by digest, one
  constant-time comparison);
- once with no token at all, once with a wrong one.

Reported per pair: the median microseconds of each, their ratio (private / missing),
and the quartiles. A ratio of 1.00 within the spread means the time tells nothing.
Before the change, only a private id with a token asked the token store, so "wrong
token" was measurably slower for a private id than for a missing one.

Run: .venv/bin/python benchmarks/private_timing.py [--requests 3000] [--tokens 3]
(PYTHONPATH=OTHER/src measures another checkout's code the same way.)
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the tests' free_port
from app_servers import free_port  # noqa: E402

EXAMPLE = ROOT / "examples" / "japan-peru-2024.toml"
PRIVATE = "japan-peru-2024"
MISSING = "japan-peru-2025"  # the same length: the 404s are the same size


@contextmanager
def server(folder: Path, db: Path, workers: int) -> Iterator[int]:
    """`summitcal serve FOLDER --db DB` on a free port, until the block ends."""
    port = free_port()
    command = [sys.executable, "-c", "from summitcal.cli import main; main()", "serve"]
    command += [str(folder), "--port", str(port), "--db", str(db), "--workers", str(workers)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            raise SystemExit("the server did not start")
        yield port
    finally:
        process.terminate()
        process.wait(timeout=15)


def timed(connection: http.client.HTTPConnection, path: str) -> float:
    """Microseconds from sending the request to having read the whole answer."""
    started = time.perf_counter_ns()
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    elapsed = (time.perf_counter_ns() - started) / 1000
    if response.status != 404:
        raise SystemExit(f"{path}: {response.status}, not 404")
    return elapsed


def compare(port: int, query: str, requests: int) -> tuple[list[float], list[float]]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    private_path = f"/calendars/{PRIVATE}.ics{query}"
    missing_path = f"/calendars/{MISSING}.ics{query}"
    for _ in range(200):  # warm up: every thread's connections opened, caches filled
        timed(connection, private_path)
        timed(connection, missing_path)
    private: list[float] = []
    missing: list[float] = []
    for turn in range(requests):
        if turn % 2:
            private.append(timed(connection, private_path))
            missing.append(timed(connection, missing_path))
        else:
            missing.append(timed(connection, missing_path))
            private.append(timed(connection, private_path))
    connection.close()
    return private, missing


def quartiles(values: list[float]) -> str:
    q1, q2, q3 = statistics.quantiles(values, n=4)
    return f"{q2:7.1f} µs (quartiles {q1:.1f}–{q3:.1f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=3000, help="of each kind, per pair")
    parser.add_argument("--tokens", type=int, default=3, help="live tokens of the schedule")
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="summitcal-timing-") as temporary:
        base = Path(temporary)
        folder = base / "schedules"
        folder.mkdir()
        text = EXAMPLE.read_text(encoding="utf-8").replace(
            'home_zone = "Asia/Tokyo"', 'home_zone = "Asia/Tokyo"\nprivate = true'
        )
        (folder / "visit.toml").write_text(text, encoding="utf-8")
        past = time.time() - 5
        os.utime(folder / "visit.toml", (past, past))
        db = base / "state.sqlite3"
        from summitcal.sqlite_tokens import SqliteTokenStore

        for _ in range(args.tokens):
            SqliteTokenStore(db).create(PRIVATE)
        wrong = "?token=" + "x" * 32  # as long as a real one
        print(
            f"summitcal serve, {args.workers} worker(s); {args.requests} requests of each, "
            f"interleaved; private schedule with {args.tokens} token(s)"
        )
        with server(folder, db, args.workers) as port:
            for label, query in (("no token", ""), ("wrong token", wrong)):
                private, missing = compare(port, query, args.requests)
                ratio = statistics.median(private) / statistics.median(missing)
                print(f"{label}:")
                print(f"  private id  {quartiles(private)}")
                print(f"  missing id  {quartiles(missing)}")
                print(f"  ratio private / missing: {ratio:.3f}")


if __name__ == "__main__":
    main()
