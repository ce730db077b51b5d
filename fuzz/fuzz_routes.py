"""Coverage-guided fuzzing (atheris) of the service's routes: never a 5xx.

Each input becomes one request (method, path, query string, Host and a few headers)
to the app over the bundled examples, with a private schedule beside them; the answer
must be below 500.

Run: .venv/bin/python fuzz/fuzz_routes.py fuzz/corpus/routes -max_total_time=60
(`./dev fuzz` runs every fuzzer for a bounded time.)
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import atheris
from flask import Flask
from werkzeug.test import EnvironBuilder, run_wsgi_app

with atheris.instrument_imports():
    from summitcal.web import create_app

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "japan-peru-2024.toml"
PREFIXES = (
    "/",
    "/calendars/japan-peru-2024",
    "/calendars/secret-visit",
    "/api/convert",
    "/api/extract",
    "/status",
    "/healthz",
)
SUFFIXES = ("", ".ics", ".json", "/history.json", "/history.atom", "/events/luncheon.ics")


def make_app() -> Flask:
    folder = Path(tempfile.mkdtemp(prefix="summitcal-fuzz-"))
    shutil.copy(EXAMPLE, folder / EXAMPLE.name)
    secret = EXAMPLE.read_text(encoding="utf-8").replace(
        'id = "japan-peru-2024"', 'id = "secret-visit"\nprivate = true', 1
    )
    (folder / "secret-visit.toml").write_text(secret, encoding="utf-8")
    return create_app(
        {
            "SCHEDULE_FOLDER": str(folder),
            "STATE_DB": str(folder / "state.sqlite3"),
            "SETTLE_SECONDS": 0,
        }
    )


APP = make_app()


def wsgi_text(fuzz: atheris.FuzzedDataProvider, most: int) -> str:
    """Bytes as a WSGI environ holds them (each byte one character, latin-1)."""
    return fuzz.ConsumeBytes(fuzz.ConsumeIntInRange(0, most)).decode("latin-1")


def one_input(data: bytes) -> None:
    fuzz = atheris.FuzzedDataProvider(data)
    method = fuzz.PickValueInList(["GET", "HEAD", "POST", "OPTIONS", "PUT"])
    content_type = fuzz.PickValueInList(["text/plain", "application/json", ""])
    body = fuzz.ConsumeBytes(fuzz.ConsumeIntInRange(0, 500))
    environ = EnvironBuilder(method=method, data=body, content_type=content_type).get_environ()
    path = fuzz.PickValueInList(list(PREFIXES)) + fuzz.PickValueInList(list(SUFFIXES))
    environ["PATH_INFO"] = path + wsgi_text(fuzz, 40)
    environ["QUERY_STRING"] = wsgi_text(fuzz, 200)
    environ["HTTP_HOST"] = wsgi_text(fuzz, 30)
    environ["HTTP_IF_NONE_MATCH"] = wsgi_text(fuzz, 30)
    environ["HTTP_IF_MODIFIED_SINCE"] = wsgi_text(fuzz, 30)
    environ["HTTP_ACCEPT_LANGUAGE"] = wsgi_text(fuzz, 30)
    _body, status, _headers = run_wsgi_app(APP, environ, buffered=True)
    assert int(status.split()[0]) < 500, (environ, status)


def main() -> None:
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
