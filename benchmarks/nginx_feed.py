"""Benchmark: feed requests through nginx's cache, against nginx serving a static file
of the same size.

The deployment of ``deploy/`` as the tests run it (tests/nginx_server.py): two
``summitcal serve`` (2 workers each) on a PostgreSQL server the script starts, nginx with
``deploy/nginx/summitcal.conf`` before them, and in the same nginx a server block that
serves the feed's bytes as a plain file. wrk's loads take turns, --rounds times, so that
drift in the machine's load touches all alike:

- static 200, feed 200: the file, and GET /calendars/japan-peru-2024.ics from the cache
  (after the first request, a HIT each time: max-age is 60 s);
- static 304, feed 304: the same with If-None-Match: <its ETag>, what polling calendar
  clients send; nginx answers both itself;
- private feed: a private copy of the feed with its token, which passes the cache and
  goes to an app server every time (what the cache saves the app servers).

Reported: the median requests per second of each; its ratio to the static file's, the
median of each round's ratio (aim: at least 0.8 for the feed's 200s and 304s) with the
lowest and highest; and the CPU time nginx's workers spent per request. wrk, nginx, the app servers and this script share the machine, so only ratios
from one run mean anything.

Needs wrk and nginx (Debian packages ``wrk``, ``nginx``) and PostgreSQL (``postgresql``).
Run: .venv/bin/python benchmarks/nginx_feed.py [--seconds 5] [--rounds 3]
     [--connections 16] [--nginx-workers 2]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
import urllib.request
from contextlib import closing
from pathlib import Path

from serve_feed import Load, Server, wrk

from summitcal.tokens import open_tokens

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the tests' PostgreSQL server and deployment

FEED = "/calendars/japan-peru-2024.ics"
EXAMPLE = ROOT / "examples" / "japan-peru-2024.toml"


def static_server(port: int, root: Path, shipped: str) -> str:
    """A server block of nginx's that serves ``root`` as files (with nginx's own ETag
    and Last-Modified; the feed's type), and logs as the ``shipped`` configuration's
    server does: the same format and buffering, into its own file."""
    (access_log,) = re.findall(r"^\s*(access_log \S+ .*?;)", shipped, re.MULTILINE)
    path = access_log.split()[1]
    return (
        "    server {\n"
        f"        listen 127.0.0.1:{port};\n"
        f"        root {root};\n"
        "        types { } default_type 'text/calendar; charset=utf-8';\n"
        f"        {access_log.replace(path, str(root.parent / 'static-access.log'))}\n"
        "    }\n"
    )


def schedules(folder: Path) -> None:
    """The example, and a private copy of it (id ``secret-visit``), dated back so that
    the servers take them at once."""
    text = EXAMPLE.read_text(encoding="utf-8")
    (folder / EXAMPLE.name).write_text(text, encoding="utf-8")
    secret = text.replace('id = "japan-peru-2024"', 'id = "secret-visit"\nprivate = true', 1)
    (folder / "secret-visit.toml").write_text(secret, encoding="utf-8")
    past = time.time() - 5
    for path in folder.iterdir():
        os.utime(path, (past, past))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--nginx-workers", type=int, default=2)
    options = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk")
    from app_servers import free_port
    from nginx_server import deployment, nginx_config
    from postgres_server import PostgresServer

    run = (options.seconds, options.connections)
    results: dict[str, list[Load]] = {}
    database = PostgresServer(durable=True).start()
    try:
        with tempfile.TemporaryDirectory(prefix="summitcal-bench-") as work:
            folder, static = Path(work) / "visits", Path(work) / "static"
            folder.mkdir()
            static.mkdir()
            schedules(folder)
            state = database.new_database()
            with closing(open_tokens(state)) as tokens:
                token, _info = tokens.create("secret-visit", "benchmark")
            static_port = free_port()
            with deployment(
                folder,
                state,
                Path(work),
                nginx_workers=options.nginx_workers,
                nginx_extra=static_server(static_port, static, nginx_config(0, [0, 0], static)),
            ) as deployed:
                nginx = deployed.nginx
                assert nginx.process is not None
                cache = Server(nginx.base, nginx.process.pid)
                files = Server(f"http://127.0.0.1:{static_port}", nginx.process.pid)
                with urllib.request.urlopen(cache.base + FEED) as response:
                    feed, feed_etag = response.read(), response.headers["ETag"]
                (static / "feed.ics").write_bytes(feed)
                with urllib.request.urlopen(files.base + "/feed.ics") as response:
                    assert response.read() == feed
                    file_etag = response.headers["ETag"]
                private = f"/calendars/secret-visit.ics?token={token}"
                loads = {
                    "static 200": lambda: wrk(files, "/feed.ics", *run),
                    "feed 200 (cache hit)": lambda: wrk(cache, FEED, *run),
                    "static 304": lambda: wrk(files, "/feed.ics", *run, If_None_Match=file_etag),
                    "feed 304 (from nginx)": lambda: wrk(
                        cache, FEED, *run, If_None_Match=feed_etag
                    ),
                    "private feed (the app)": lambda: wrk(cache, private, *run),
                }
                for _ in range(options.rounds):
                    for name, load in loads.items():
                        results.setdefault(name, []).append(load())
                logged = nginx.log()
    finally:
        database.stop()
    hits = sum("cache=HIT" in line for line in logged.splitlines())
    print(
        f"nginx ({options.nginx_workers} workers) before 2 app servers (2 workers each); "
        f"{options.connections} connections, {options.rounds} rounds of {options.seconds} s "
        f"(medians); a feed of {len(feed)} bytes; {hits} cache hits logged"
    )
    rates = {
        name: statistics.median(load.per_second for load in loads)
        for name, loads in results.items()
    }
    for name, loads in results.items():
        line = f"  {name:24} {rates[name]:9.0f} requests/s"
        if not name.startswith("static"):
            # Each round's ratio to the static file's load just before it, so that
            # drift between rounds cancels out: their median, and their spread.
            static = results["static 304" if "304" in name else "static 200"]
            ratios = sorted(a.per_second / b.per_second for a, b in zip(loads, static, strict=True))
            line += f"   ratio {statistics.median(ratios):.2f} ({ratios[0]:.2f}–{ratios[-1]:.2f})"
        cpus = [load.cpu_per_request for load in loads if load.cpu_per_request is not None]
        if cpus:
            line += f"   {statistics.median(cpus) * 1e6:4.0f} µs nginx CPU/request"
        print(line)


if __name__ == "__main__":
    main()
