"""Which language a request is answered in, and the headers that say so.

Feeds (``.ics``, JSON, history) choose by ``?lang=`` only: calendar clients send no
useful ``Accept-Language``, and a subscription's address must mean one language for
good. Pages choose by ``?lang=``, then the ``summitcal_lang`` cookie (set when a reader
picks a language on a page), then ``Accept-Language``, then the schedule's default.
A language the schedule does not offer is answered in its default language, never
404: a language removed from a file must not empty its subscribers' calendars.
"""

from __future__ import annotations

from collections.abc import Sequence

from flask import Response, request

from summitcal.languages import CATALOGS, SOURCE, LanguageError, pick, tag
from summitcal.messages import N_, not_a_tag
from summitcal.web.refusal import refuse

__all__ = [
    "COOKIE",
    "SITE_LANGUAGES",
    "asked_language",
    "error_language",
    "feed_language",
    "page_language",
    "said",
]

COOKIE = "summitcal_lang"
COOKIE_SECONDS = 365 * 24 * 3600
SITE_LANGUAGES = (SOURCE, *CATALOGS)  # the pages that belong to no schedule


def asked_language() -> str | None:
    """``?lang=``, checked (400 for a tag that is not one); None when not given."""
    value = request.args.get("lang")
    if value is None:
        return None
    try:
        return tag(value)
    except LanguageError:
        refuse(400, N_("{key}: {reason}", key="lang", reason=not_a_tag(value)))


def feed_language(offered: Sequence[str]) -> str:
    """A feed's language: ``?lang=`` if offered, else the default (the first)."""
    return pick(offered, asked_language()) or offered[0]


def page_language(offered: Sequence[str]) -> str:
    """A page's language: ``?lang=``, the cookie, ``Accept-Language``, the default."""
    return _page_language(offered, asked_language())


def error_language(*, page: bool) -> str:
    """The language of an error's answer, among the site's: a page's as for any page,
    a program's (feeds, JSON) by ``?lang=`` only. A ``?lang=`` that is not a tag (the
    error being answered, perhaps) counts as not given."""
    asked = pick(SITE_LANGUAGES, request.args.get("lang"))
    if not page:
        return asked or SOURCE
    return _page_language(SITE_LANGUAGES, asked)


def _page_language(offered: Sequence[str], asked: str | None) -> str:
    chosen = pick(offered, asked) or pick(offered, request.cookies.get(COOKIE))
    if chosen is None:
        best = request.accept_languages.best_match(list(offered))
        chosen = pick(offered, best)
    return chosen or offered[0]


def said(response: Response, language: str, *, page: bool) -> Response:
    """``Content-Language``; on a page also ``Vary`` (its language came from the
    request's headers) and the cookie when the reader chose with ``?lang=``."""
    response.headers["Content-Language"] = language
    if page:
        response.vary.add("Accept-Language")
        response.vary.add("Cookie")
        if asked_language() is not None:
            response.set_cookie(
                COOKIE, language, max_age=COOKIE_SECONDS, samesite="Lax", httponly=True
            )
    return response
