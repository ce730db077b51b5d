"""What the request line and ``Host`` header must be, checked before anything reads them.

A query string of raw bytes that are not UTF-8 (a client may send them unencoded)
makes werkzeug's argument parsing raise, so it is answered 400 here, asking for
percent-encoding.

The service builds absolute addresses from ``Host`` (the ``webcal://`` link, the QR
code, the Atom feed's links), so a request whose ``Host`` is not an RFC 3986
``host[:port]`` is answered 400 "bad Host header" here, in front of everything (RFC
9110 §7.2 asks a server to refuse an invalid ``Host``). Accepted: a reg-name (which
covers IPv4 addresses), or an IPv6 address in brackets, with an optional port of up
to five digits no larger than 65535. A request without ``Host`` at all (HTTP/1.0) goes
on: the server's own address stands in.

>>> [valid_host(h) for h in ["example.org", "127.0.0.1:8000", "[::1]:8000", "web_1"]]
[True, True, True, True]
>>> [valid_host(h) for h in ["", "a b", "[::1", "host:abc", "host:99999", "hé", "a/b"]]
[False, False, False, False, False, False, False]
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Iterable
from typing import Any

from summitcal.web.errors import plain_error

__all__ = ["RequestCheck", "valid_host"]

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]

# RFC 3986 §3.2.2: reg-name = *( unreserved / pct-encoded / sub-delims ), here non-empty.
_REG_NAME = re.compile(r"(?:[A-Za-z0-9\-._~!$&'()*+,;=]|%[0-9A-Fa-f]{2})+")
_PORT = re.compile(r"[0-9]{1,5}")


def valid_host(value: str) -> bool:
    """Whether ``value`` is an RFC 3986 ``host[:port]``: a reg-name or IPv4 address, or
    ``[IPv6]``; the port, if given, 0 to 65535."""
    port: str | None
    if value.startswith("["):
        literal, bracket, rest = value[1:].partition("]")
        if not bracket or "%" in literal or not _ipv6(literal):
            return False
        if rest and not rest.startswith(":"):
            return False
        port = rest[1:] if rest else None
    else:
        host, colon, rest = value.partition(":")
        if not _REG_NAME.fullmatch(host):
            return False
        port = rest if colon else None
    return port is None or (_PORT.fullmatch(port) is not None and int(port) <= 65535)


def _ipv6(text: str) -> bool:
    try:
        ipaddress.IPv6Address(text)
    except ValueError:
        return False
    return True


class RequestCheck:
    """WSGI middleware: 400 for a ``Host`` that is no ``host[:port]``, or a query string
    that is not UTF-8."""

    def __init__(self, app: WsgiApp) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        host = environ.get("HTTP_HOST")
        if host is not None and not valid_host(host):
            return self._refuse(environ, start_response, "bad Host header")
        try:
            environ.get("QUERY_STRING", "").encode("latin-1").decode("utf-8")
        except UnicodeError:
            message = "the query string is not UTF-8 text; percent-encode it"
            return self._refuse(environ, start_response, message)
        return self.app(environ, start_response)

    @staticmethod
    def _refuse(
        environ: dict[str, Any], start_response: StartResponse, message: str
    ) -> Iterable[bytes]:
        content_type, body = plain_error(environ.get("PATH_INFO", ""), 400, message)
        start_response(
            "400 Bad Request",
            [("Content-Type", content_type), ("Content-Length", str(len(body)))],
        )
        return [] if environ.get("REQUEST_METHOD") == "HEAD" else [body]
