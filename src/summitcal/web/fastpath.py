"""The hot path of a feed service, in front of Flask: polling clients fetching a feed.

Calendar clients poll the same public feed again and again, mostly to hear "304 Not
Modified". This WSGI layer answers ``GET``/``HEAD /calendars/<id>.ics`` (no query
string, public schedule) from the store's ready bytes and validators without building
Flask's request and response objects; everything else, including every error, goes on
to the Flask app. Its 304s follow the views' rules (:mod:`summitcal.web.conditional`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from summitcal.caching import DEFAULT_MAX_AGE, cache_control
from summitcal.web.conditional import is_current
from summitcal.web.published import Published
from summitcal.web.store import ScheduleStore

__all__ = ["FeedFastPath"]

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


class FeedFastPath:
    """WSGI middleware over the Flask app; see the module's docstring."""

    def __init__(self, app: WsgiApp, store: ScheduleStore, max_age: int = DEFAULT_MAX_AGE) -> None:
        self.app = app
        self.store = store
        self.cache_control = cache_control(private=False, max_age=max_age)

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path: str = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD")
        if (
            method in ("GET", "HEAD")
            and not environ.get("QUERY_STRING")
            and path.startswith("/calendars/")
            and path.endswith(".ics")
            and path.count("/") == 2
        ):
            schedule_id = path[len("/calendars/") : -len(".ics")]
            published = self.store.get(schedule_id)
            if published is not None and not published.schedule.private:
                return self._answer(published, schedule_id, environ, start_response)
        return self.app(environ, start_response)

    def _answer(
        self,
        published: Published,
        schedule_id: str,
        environ: dict[str, Any],
        start_response: StartResponse,
    ) -> Iterable[bytes]:
        headers = [
            ("ETag", published.etag),
            ("Last-Modified", published.last_modified_header),
            ("Cache-Control", self.cache_control),
            ("Content-Language", published.schedule.languages[0]),
        ]
        if is_current(environ, published.etag, published.last_modified):
            start_response("304 NOT MODIFIED", headers)
            return []
        headers += [
            ("Content-Type", "text/calendar; charset=utf-8"),
            ("Content-Length", str(len(published.feed))),
            ("Content-Disposition", f'inline; filename="{schedule_id}.ics"'),
        ]
        start_response("200 OK", headers)
        return [] if environ.get("REQUEST_METHOD") == "HEAD" else [published.feed]
