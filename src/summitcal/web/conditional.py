"""Validators and conditional requests: one set of rules for the feed fast path and the
Flask views alike.

The ETag of a body is made by :func:`etag_of` only. Whether the client's copy is current
is werkzeug's decision (``werkzeug.sansio.http.is_resource_modified``): If-None-Match,
compared weakly, wins over If-Modified-Since, and ``*`` matches. It is asked with those
two headers alone: If-Range matters only for ranges, which are not served, and If-Match
for changes, and these resources are read-only. (werkzeug's ``Response.make_conditional``
would also answer a GET carrying ``If-Match: *`` with 412, where RFC 9110 says ``*``
matches any current representation.)
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from flask import Response
from werkzeug.datastructures import Headers
from werkzeug.sansio.http import is_resource_modified

__all__ = ["NotModified", "etag_of", "is_current"]


def etag_of(body: bytes) -> str:
    """The strong, quoted ETag of ``body``: the same bytes give the same tag in every
    process and after every restart."""
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def is_current(environ: Mapping[str, Any], tag: str, last_modified: datetime) -> bool:
    """Whether the request's If-None-Match / If-Modified-Since say that the client's copy
    (of the representation with ``tag``, last modified then) is current: answer 304.

    werkzeug is not asked in the two cases the fast path sees most, where its answer is
    known: nothing to compare (not current), and If-None-Match exactly the tag, as a
    polling client echoes it (current, whatever If-Modified-Since says). Otherwise it
    gets each validator only with the header that compares it, which spares it the
    work on the other."""
    if_none_match = environ.get("HTTP_IF_NONE_MATCH")
    if if_none_match == tag:
        return True
    if_modified_since = environ.get("HTTP_IF_MODIFIED_SINCE")
    if if_none_match is None and if_modified_since is None:
        return False
    if if_none_match is not None:
        # RFC 9110 13.1.3: If-Modified-Since is ignored whenever If-None-Match is there,
        # even one that lists no tag werkzeug can read (it would fall back to the date).
        return not is_resource_modified(http_if_none_match=if_none_match, etag=tag)
    return not is_resource_modified(
        http_if_modified_since=if_modified_since, last_modified=last_modified
    )


class NotModified(Response):
    """304 Not Modified with the headers given: the 200's ETag, Last-Modified and
    Cache-Control. werkzeug drops Last-Modified from a 304 along with the entity
    headers; it is kept, so that a feed's 304 says the same from Flask as from the fast
    path, and a cache that refreshes its stored headers from a 304 keeps the date."""

    def __init__(self, headers: Mapping[str, str]) -> None:
        super().__init__(status=304, headers=dict(headers))

    def get_wsgi_headers(self, environ: Any) -> Headers:
        headers = super().get_wsgi_headers(environ)
        modified = self.headers.get("Last-Modified")
        if modified is not None:
            headers["Last-Modified"] = modified
        return headers
