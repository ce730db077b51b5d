"""How the service answers errors, in one place.

- a :class:`~summitcal.errors.SummitcalError` answers its ``http_status`` with its
  message (a time out of the supported years is a 400, an unusable ledger a 503);
- an ``abort(404, ...)`` (any :class:`~werkzeug.exceptions.HTTPException`) answers its
  code with its description;
- anything else is a bug: a plain 500 that cannot itself fail (no template, no
  ``url_for``), logged with the request's path only, never its query string, which
  may carry a private schedule's token.

Programs (feeds, the API, ``.json``/``.atom``/``.ics`` paths and ``/healthz``) get JSON,
``{"error": message, "status": code}``; people get a page. :class:`CatchAll`, the
outermost WSGI layer, answers the same plain 500 for whatever escapes Flask, so no
exception reaches gunicorn, whose error log would quote the request's whole URI.

>>> wants_json("/calendars/x.ics"), wants_json("/calendars/x")
(True, False)
>>> plain_error("/api/convert", 400, "bad Host header")[1]
b'{"error": "bad Host header", "status": 400}'
"""

from __future__ import annotations

import contextlib
import html
import json
import logging
from collections.abc import Callable, Iterable, Iterator
from types import TracebackType
from typing import Any

from flask import Flask, Response, make_response, render_template, request
from werkzeug.exceptions import HTTPException
from werkzeug.http import HTTP_STATUS_CODES

from summitcal.errors import SummitcalError
from summitcal.languages import pgettext, speaking
from summitcal.messages import N_, Message
from summitcal.web.language import error_language
from summitcal.web.refusal import Refusal

__all__ = ["CatchAll", "plain_error", "register_errors", "wants_json"]

log = logging.getLogger("summitcal.web")  # the app's logger (Flask names it after the app)

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]
ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]

UNEXPECTED = "something went wrong on our side; it has been logged, please try again later"


def wants_json(path: str) -> bool:
    """Whether the answer for ``path`` is for a program (JSON) rather than a person."""
    return (
        path.startswith("/api/") or path.endswith((".ics", ".json", ".atom")) or path == "/healthz"
    )


def plain_error(path: str, status: int, message: str) -> tuple[str, bytes]:
    """(content type, body) of an error answer made without Flask, templates or URLs."""
    if wants_json(path):
        body = json.dumps({"error": message, "status": status}, ensure_ascii=False)
        return "application/json", body.encode("utf-8")
    name = html.escape(HTTP_STATUS_CODES.get(status, "Error"))
    page = (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{status} {name} – summitcal</title></head>"
        f"<body><h1>{name}</h1><p>{html.escape(message)}</p></body></html>"
    )
    return "text/html; charset=utf-8", page.encode("utf-8")


def log_unexpected(environ: dict[str, Any], error: BaseException) -> None:
    """Log a bug with the method and path only: never the query string."""
    method = environ.get("REQUEST_METHOD", "?")
    path = environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", "")
    log.error("unexpected error answering %s %r", method, path, exc_info=error)


def _answer(status: int, message: str | Message | SummitcalError) -> Response:
    """The error for this request: JSON for programs, the error page for people, in
    the reader's language (:func:`~summitcal.web.language.error_language`). A client's
    error is logged, in English, with the request's path (never its query string)."""
    if status < 500:
        log.info("%s %r: %d %s", request.method, request.path, status, message)
    program = wants_json(request.path)
    language = error_language(page=not program)
    with speaking(language):
        text = message if isinstance(message, str) else message.said()
        if program:
            response = make_response({"error": text, "status": status}, status)
        else:
            name = _status_name(status)
            page = render_template("error.html", code=status, name=name, message=text)
            response = make_response(page, status)
            response.vary.add("Accept-Language")
            response.vary.add("Cookie")
    response.headers["Content-Language"] = language
    return response


def _werkzeug_message(error: HTTPException) -> str | Message:
    """The error's text: ours, or werkzeug's own for its errors (an unknown URL, a
    method not allowed, a body too large), in our words where we have them."""
    if isinstance(error, Refusal):
        return error.message
    if error.description == type(error).description:  # werkzeug's default, not a view's
        ours = {
            404: N_(
                "The requested URL was not found on the server. If you entered the URL "
                "manually please check your spelling and try again."
            ),
            405: N_("The method is not allowed for the requested URL."),
            413: N_("The data value transmitted exceeds the capacity limit."),
        }.get(error.code or 0)
        if ours is not None:
            return ours
    return error.description or error.name


def _status_name(status: int) -> str:
    """The status's name, in the language being written where the catalogs have it."""
    names = {
        400: pgettext("an HTTP status", "Bad Request"),
        403: pgettext("an HTTP status", "Forbidden"),
        404: pgettext("an HTTP status", "Not Found"),
        405: pgettext("an HTTP status", "Method Not Allowed"),
        413: pgettext("an HTTP status", "Request Entity Too Large"),
        414: pgettext("an HTTP status", "Request URI Too Long"),
        431: pgettext("an HTTP status", "Request Header Fields Too Large"),
        503: pgettext("an HTTP status", "Service Unavailable"),
    }
    return names.get(status) or HTTP_STATUS_CODES.get(status, "Error")


def register_errors(app: Flask) -> None:
    """Install the service's error answers on ``app`` (see the module's docstring)."""

    def summitcal_error(error: SummitcalError) -> Response:
        return _answer(error.http_status, error)

    def http_error(error: HTTPException) -> Response:
        return _answer(error.code or 500, _werkzeug_message(error))

    def unexpected(error: Exception) -> Response:
        with contextlib.suppress(Exception):  # a log that cannot be written: answer anyway
            log_unexpected(request.environ, error)
        content_type, body = plain_error(request.path, 500, UNEXPECTED)
        return Response(body, status=500, content_type=content_type)

    app.register_error_handler(SummitcalError, summitcal_error)
    app.register_error_handler(HTTPException, http_error)
    app.register_error_handler(Exception, unexpected)


class CatchAll:
    """The outermost WSGI layer: whatever the app raises, answer a plain 500 (or, once
    the body has begun, end it) and log the path only; nothing reaches the server."""

    def __init__(self, app: WsgiApp) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        started = _Started(start_response)
        try:
            result = self.app(environ, started)
        except Exception as error:
            return _fail(environ, started, error)
        if isinstance(result, list | tuple):
            return result  # nothing left that can raise
        return _Guarded(result, environ, started)


class _Started:
    """``start_response``, noting whether the app has called it."""

    __slots__ = ("called", "start_response")

    def __init__(self, start_response: StartResponse) -> None:
        self.start_response = start_response
        self.called = False

    def __call__(self, status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
        self.called = True
        return self.start_response(status, headers, exc_info)


def _fail(environ: dict[str, Any], started: _Started, error: Exception) -> list[bytes]:
    """Log ``error`` with the path only and answer a plain 500 if the headers can still
    be changed (PEP 3333: ``exc_info`` replaces headers not yet sent)."""
    with contextlib.suppress(Exception):
        log_unexpected(environ, error)
    content_type, body = plain_error(environ.get("PATH_INFO", ""), 500, UNEXPECTED)
    headers = [("Content-Type", content_type), ("Content-Length", str(len(body)))]
    exc_info: ExcInfo | None = (type(error), error, error.__traceback__) if started.called else None
    try:
        started.start_response("500 Internal Server Error", headers, exc_info)
    except Exception:
        return []  # the headers are already on their way: the answer ends here
    return [] if environ.get("REQUEST_METHOD") == "HEAD" else [body]


class _Guarded:
    """The app's response body, iterated under :class:`CatchAll`'s protection."""

    def __init__(self, result: Iterable[bytes], environ: dict[str, Any], started: _Started) -> None:
        self.result = result
        self.environ = environ
        self.started = started

    def __iter__(self) -> Iterator[bytes]:
        sent = False
        try:
            for chunk in self.result:
                sent = sent or bool(chunk)
                yield chunk
        except Exception as error:
            if sent:  # the status and part of the body are out: log, and end the body
                log_unexpected(self.environ, error)
                return
            yield from _fail(self.environ, self.started, error)

    def close(self) -> None:
        close = getattr(self.result, "close", None)
        if close is not None:
            try:
                close()
            except Exception as error:
                log_unexpected(self.environ, error)
