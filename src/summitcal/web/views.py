"""Routes: pages for people, feeds and JSON for programs. Each view is a few lines over
the store and the renderers; user input is validated here and answered with a 4xx (the
answers themselves are made in :mod:`summitcal.web.errors`)."""

from __future__ import annotations

import functools
import io
import json
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import quote, urlsplit
from zoneinfo import ZoneInfo

import segno
from flask import (
    Blueprint,
    Response,
    current_app,
    g,
    jsonify,
    make_response,
    render_template,
    request,
)
from markupsafe import Markup
from werkzeug.exceptions import HTTPException

from summitcal.caching import cache_control
from summitcal.clocks import own_place, place_of, whole_days_text, written_place
from summitcal.days import day_view
from summitcal.display import shift_label
from summitcal.ical import calendar_bytes
from summitcal.json_view import conversion_json, schedule_json
from summitcal.languages import display_name, pgettext, speaking
from summitcal.localized import default_language, localize, title_for_reader
from summitcal.messages import N_
from summitcal.model import DETAILS, Detail, Event, Kind, Schedule
from summitcal.revisions import Ledger, LedgerError, Version
from summitcal.revisions.history import history_atom, history_json, history_lines
from summitcal.table import column_name, legend_marks, role_label, status_label
from summitcal.timeline import day_timelines
from summitcal.timerange import check_year, utc_stamp
from summitcal.tokens import TokenError, TokenStore
from summitcal.web.conditional import NotModified, etag_of, is_current
from summitcal.web.language import SITE_LANGUAGES, feed_language, page_language, said
from summitcal.web.refusal import refuse
from summitcal.web.store import Published, ScheduleStore
from summitcal.zones import (
    RepeatedTimeError,
    SkippedTimeError,
    UnknownZoneError,
    find_zone,
    resolve,
)

__all__ = ["blueprint"]

blueprint = Blueprint("summitcal", __name__)


def link_text(url: str) -> str:
    """What a page shows of a link: its host, and "/…" when it goes further (the whole
    address is the link's and its title's): ``www.mofa.go.jp/…``."""
    parts = urlsplit(url)
    more = parts.path not in ("", "/") or parts.query or parts.fragment
    return parts.netloc + ("/…" if more else "") if parts.netloc else url


def _store() -> ScheduleStore:
    store: ScheduleStore = current_app.extensions["summitcal.store"]
    return store


def _published(schedule_id: str) -> Published:
    """The schedule, if it exists and the request may see it. A private schedule without
    a valid ``token`` is answered exactly like one that does not exist, after the same
    work: the token store is asked for a missing id too, token or not, so the time
    taken does not tell the two apart. One whose file is good but which the ledger
    could never take (it cannot be reached) is a 503, if the request may know of it."""
    published = _store().get(schedule_id)
    if published is not None and not published.schedule.private:
        return published
    allowed = _token_allows(schedule_id)
    if published is None:
        private = _store().unavailable(schedule_id)
        if private is False or (private and allowed):  # a 503 tells no secret
            raise LedgerError(
                N_(
                    "{id} cannot be served yet: the revision ledger cannot be used now; try "
                    "again later",
                    id=repr(schedule_id),
                )
            )
    if published is None or not allowed:
        refuse(404, N_("no calendar {id}", id=repr(schedule_id)))
    g.summitcal_token = request.args["token"]  # accepted: links on its page carry it
    return published


def _token_allows(schedule_id: str) -> bool:
    token = request.args.get("token", "")
    tokens: TokenStore = current_app.extensions["summitcal.tokens"]
    try:
        return tokens.allows(schedule_id, token)
    except TokenError as error:  # the operator's to fix; the visitor gets a plain 404
        current_app.logger.error("%s", error)
        return False


def _history(published: Published) -> list[Version]:
    """The schedule's versions, newest first; none when there is no ledger to ask or it
    cannot be read (logged: the operator's to fix, never a 500 for the visitor)."""
    ledger: Ledger | None = current_app.extensions.get("summitcal.ledger")
    if ledger is None or published.version == 0:
        return []
    try:
        return [v for v in ledger.history(published.schedule.id) if v.version <= published.version]
    except LedgerError as error:
        current_app.logger.error("%s", error)
        refuse(503, N_("the change history cannot be read just now; try again later"))


def _token_query() -> str:
    """The token, to carry into links: only a private schedule's, once accepted (any
    other ``token`` in the query is ignored, never copied into the page)."""
    token: str | None = g.get("summitcal_token")
    return f"token={quote(token, safe='')}" if token else ""


def _root() -> str:
    """``scheme://host`` and the app's prefix, for absolute addresses. The Host header
    has been checked (:mod:`summitcal.web.request_check`); werkzeug blanks RFC 3986 names it
    does not expect (``web_1``), and then the header itself is used."""
    host = request.host or request.environ.get("HTTP_HOST") or "localhost"
    return f"{request.scheme}://{host}{request.script_root}"


def _kinds() -> set[Kind] | None:
    """The ``kind`` filter: ``?kind=press-conference,ceremony`` (repeatable)."""
    if not request.query_string:
        return None
    values = [v for raw in request.args.getlist("kind") for v in raw.split(",") if v]
    if not values:
        return None
    known = {kind.value: kind for kind in Kind}
    unknown = [v for v in values if v not in known]
    if unknown:
        refuse(
            400,
            N_(
                "unknown kind {kind}; use one of: {kinds}",
                kind=repr(unknown[0]),
                kinds=", ".join(known),
            ),
        )
    return {known[v] for v in values}


def _zone_arg(name: str) -> ZoneInfo | None:
    value = request.args.get(name)
    return None if value is None else _zone(name, value)


def _zone(name: str, value: str) -> ZoneInfo:
    """A zone from the query, or 400 naming the parameter."""
    try:
        return find_zone(value)
    except UnknownZoneError as error:
        refuse(400, N_("{key}: {reason}", key=name, reason=error.with_advice(error.reason)))


def _filtered(schedule: Schedule, kinds: set[Kind] | None) -> tuple[Event, ...]:
    events = schedule.events
    return events if kinds is None else tuple(e for e in events if e.kind in kinds)


def _feed(
    published: Published, language: str, kinds: set[Kind] | None = None, event_id: str = ""
) -> bytes:
    """The feed (all events, those of ``kinds``, or one) in ``language``, rendered once
    per version of the schedule and kept: the same UIDs, SEQUENCEs and stamps in every
    language (``published.stamps``), its titles and words in that one."""

    def render() -> bytes:
        with speaking(language):
            schedule = localize(published.schedule, language)
            events = (schedule.event(event_id),) if event_id else _filtered(schedule, kinds)
            return calendar_bytes(schedule, events=events, stamps=published.stamps_in(language))

    key = ("feed", language, event_id, None if kinds is None else frozenset(kinds))
    return _store().variant(published, key, render)


def _conditional(
    body: bytes, content_type: str, published: Published, etag: str | None = None
) -> Response:
    """The body, or 304 when the client's copy is current (werkzeug's rules, as the
    fast path applies them: :mod:`summitcal.web.conditional`)."""
    tag = etag or etag_of(body)
    headers = {
        "ETag": tag,
        "Last-Modified": published.last_modified_header,
        "Cache-Control": cache_control(
            published.schedule.private, current_app.config["FEED_MAX_AGE"]
        ),
    }
    if is_current(request.environ, tag, published.last_modified):
        return NotModified(headers)
    return Response(body, content_type=content_type, headers=headers)


def _ics(body: bytes, published: Published, filename: str, etag: str | None = None) -> Response:
    response = _conditional(body, "text/calendar; charset=utf-8", published, etag)
    disposition = "attachment" if "download" in request.args else "inline"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


@blueprint.get("/healthz")
def healthz() -> Response:
    """Up, and how many public schedules it serves (private ones are not counted: the
    number would tell that they exist)."""
    listed = [p for p in _store().schedules() if not p.schedule.private]
    return jsonify(status="ok", schedules=len(listed))


@blueprint.get("/")
def index() -> Response:
    listed = [p for p in _store().schedules() if not p.schedule.private]
    language = page_language(SITE_LANGUAGES)
    with speaking(language):
        titles = [title_for_reader(p.schedule, language) for p in listed]
        html = render_template(
            "index.html",
            schedules=list(zip(listed, titles, strict=True)),
            problems=_store().problems(),
            switcher=_switcher(SITE_LANGUAGES, language),
        )
    return said(make_response(html), language, page=True)


@blueprint.get("/status")
def status() -> Response:
    """Public files with problems. A private schedule's file (or one that cannot be told
    from one) is left out entirely: its name, its problems, its count stay in the log."""
    public = [p for p in _store().schedules() if not p.schedule.private]
    problems = _store().problems()
    if _store().ledger_problem is not None:  # the message names server paths: log only
        problems["revision ledger"] = [
            "the revision ledger cannot be used: the last published versions stay online "
            "and nothing new is published until it is fixed; see the server's log"
        ]
    language = page_language(SITE_LANGUAGES)
    with speaking(language):
        html = render_template("status.html", schedules=public, problems=problems)
    return said(make_response(html), language, page=True)


@blueprint.get("/calendars/<schedule_id>.ics")
def feed(schedule_id: str) -> Response:
    published = _published(schedule_id)
    language = feed_language(published.schedule.languages)
    kinds = _kinds()
    if kinds is None and language == default_language(published.schedule):
        response = _ics(published.feed, published, f"{schedule_id}.ics", published.etag)
    else:
        body = _feed(published, language, kinds)
        response = _ics(body, published, f"{schedule_id}.ics")
    return said(response, language, page=False)


@blueprint.get("/calendars/<schedule_id>/events/<event_id>.ics")
def event_feed(schedule_id: str, event_id: str) -> Response:
    published = _published(schedule_id)
    if event_id not in published.schedule.by_id:
        refuse(
            404,
            N_(
                "calendar {id} has no event {event}",
                id=repr(schedule_id),
                event=repr(event_id),
            ),
        )
    language = feed_language(published.schedule.languages)
    body = _feed(published, language, event_id=event_id)
    return said(_ics(body, published, f"{schedule_id}-{event_id}.ics"), language, page=False)


@blueprint.get("/calendars/<schedule_id>.json")
def schedule_as_json(schedule_id: str) -> Response:
    published = _published(schedule_id)
    language = feed_language(published.schedule.languages)
    with speaking(language):
        schedule = localize(published.schedule, language)
        data = schedule_json(schedule, _filtered(schedule, _kinds()), display=_zone_arg("zone"))
    body = _json_bytes(data)
    return said(
        _conditional(body, "application/json; charset=utf-8", published), language, page=False
    )


@blueprint.get("/calendars/<schedule_id>/history.json")
def history_as_json(schedule_id: str) -> Response:
    """Every published version and what changed, in words and as before/after states."""
    published = _published(schedule_id)
    language = feed_language(published.schedule.languages)

    def render() -> bytes:
        with speaking(language):
            schedule = localize(published.schedule, language)
            return _json_bytes(history_json(schedule, _history(published)))

    body = _store().variant(published, ("history.json", language), render)
    return said(
        _conditional(body, "application/json; charset=utf-8", published), language, page=False
    )


@blueprint.get("/calendars/<schedule_id>/history.atom")
def history_as_atom(schedule_id: str) -> Response:
    """The history as an Atom feed, one entry per version, for feed readers."""
    published = _published(schedule_id)
    language = feed_language(published.schedule.languages)
    query = _query(published.schedule, language)
    root = _root()
    page_url = f"{root}/calendars/{schedule_id}{query}"
    self_url = f"{root}/calendars/{schedule_id}/history.atom{query}"

    def render() -> bytes:
        with speaking(language):
            schedule = localize(published.schedule, language)
            return history_atom(schedule, _history(published), page_url, self_url)

    body = _store().variant(published, ("history.atom", language, page_url), render)
    return said(
        _conditional(body, "application/atom+xml; charset=utf-8", published), language, page=False
    )


@blueprint.get("/api/convert")
def convert() -> Response:
    text = request.args.get("time", "")
    try:
        wall = datetime.fromisoformat(text)
    except ValueError:
        refuse(
            400,
            N_("time {text} is not a date and time such as 2024-11-17T10:50", text=repr(text)),
        )
    if wall.tzinfo is not None:
        refuse(400, N_("time must be a wall time without offset; give its zone in 'from'"))
    check_year(wall, "time")  # TimeRangeError: a 400 naming the supported years
    source = _zone_arg("from")
    targets = [_zone("to", value) for value in request.args.getlist("to")]
    if source is None or not targets:
        refuse(400, N_("give 'from' and at least one 'to' zone"))
    policy = request.args.get("disambiguate", "raise")
    if policy not in ("raise", "earlier", "later", "compatible"):
        refuse(400, N_("disambiguate must be raise, earlier, later or compatible"))
    try:
        moment = resolve(wall, source, policy)  # type: ignore[arg-type]
    except SkippedTimeError as error:
        refuse(
            400,
            N_(
                "{wall} does not exist in {zone}: clocks jump from {before} to {after} "
                "({offset_before} to {offset_after}); choose one with disambiguate=earlier, "
                "later or compatible",
                **error.facts(),
            ),
        )
    except RepeatedTimeError as error:
        refuse(
            400,
            N_(
                "{wall} occurs twice in {zone}: clocks go back from {before} to {after} "
                "(first {offset_before}, then {offset_after}); choose one with "
                "disambiguate=earlier, later or compatible",
                **error.facts(),
            ),
        )
    check_year(moment, "time")  # also as its UTC instant
    return jsonify(conversion_json(moment, tuple(targets)))


EXTRACT_LIMIT = 2 * 1024 * 1024  # bytes of press text one request may send


@blueprint.post("/api/extract")
def extract_api() -> Response:
    """A press summary (the body: text/plain, or JSON {"text", "zone", "date"}) →
    the events it describes and the checks of its stated times, as JSON."""
    from summitcal.extract import extract
    from summitcal.extract.render import as_json
    from summitcal.extract.times import YEARS

    too_much = N_("send at most {limit} MB of text", limit=EXTRACT_LIMIT // (1024 * 1024))
    if (request.content_length or 0) > EXTRACT_LIMIT:
        refuse(413, too_much)
    try:
        body = request.stream.read(EXTRACT_LIMIT + 1)
    except Exception:  # a broken chunked body, a client gone: the client's, not ours
        refuse(400, N_("the request body could not be read"))
    if len(body) > EXTRACT_LIMIT:
        refuse(413, too_much)
    options: dict[str, Any] = dict(request.args)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        refuse(400, N_("the body is not UTF-8 text (byte {byte})", byte=error.start))
    if request.mimetype == "application/json":
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            refuse(400, N_('the body is not valid JSON; send {{"text": "..."}} or text/plain'))
        if not isinstance(data, dict) or not isinstance(data.get("text"), str):
            refuse(400, N_('the JSON body needs a "text" string'))
        text = data["text"]
        options.update({k: v for k, v in data.items() if k in ("zone", "date") and v is not None})
    zone = options.get("zone")
    on = options.get("date")
    if (zone is not None and not isinstance(zone, str)) or (
        on is not None and not isinstance(on, str)
    ):
        refuse(400, N_("zone and date must be strings"))
    day = None
    if on:
        try:
            day = date.fromisoformat(on)
        except ValueError:
            refuse(400, N_("date {date} is not a date such as 2024-11-17", date=repr(on)))
        if day.year not in YEARS:
            refuse(
                400,
                N_(
                    "date {date}: give a year from {first} to {last}",
                    date=repr(on),
                    first=YEARS.start,
                    last=YEARS.stop - 1,
                ),
            )
    zone_key = _zone("zone", zone).key if zone else None
    extraction = extract(text, zone=zone_key, on=day)
    return jsonify(as_json(extraction))


def _glance(schedule: Schedule, events: tuple[Event, ...]) -> bytes:
    """The days at a glance: each local day's picture twice, 900 wide for a desk and 360
    for a phone (the page's CSS shows one); the two lists have the same days in order."""
    days = [
        {"day": desk, "desk": Markup(desk.svg), "phone": Markup(phone.svg)}
        for desk, phone in zip(
            day_timelines(schedule, events),
            day_timelines(schedule, events, width=360),
            strict=True,
        )
    ]
    html = render_template(
        "glance.html", days=days, whole_days_text=whole_days_text, status_label=status_label
    )
    return html.encode()


@blueprint.get("/calendars/<schedule_id>")
def page(schedule_id: str) -> Response:
    published = _published(schedule_id)
    language = page_language(published.schedule.languages)
    with speaking(language):
        html = _page(published, language)
    return said(make_response(html), language, page=True)


def _page(published: Published, language: str) -> str:
    schedule = localize(published.schedule, language)
    schedule_id = schedule.id
    kinds = _kinds()
    display = _zone_arg("zone")
    events = _filtered(schedule, kinds)
    asked = request.args.get("zone", "")
    view = day_view(
        schedule,
        events,
        () if display is None else (display,),
        {} if display is None else {display.key: written_place(asked, display)},
    )
    token = _token_query()
    query = _query(schedule, language)
    feed_url = _root() + f"/calendars/{schedule_id}.ics{query}"
    links = _subscribe_links(feed_url)
    qr = _qr_svg(links["webcal"])
    legend = " · ".join(legend_marks(view))
    glance = _store().variant(
        published,
        ("glance", language, None if kinds is None else frozenset(kinds)),
        lambda: _glance(schedule, events),
    )
    return render_template(
        "schedule.html",
        schedule=schedule,
        view=view,
        column_names=[column_name(column) for column in view.columns],
        own_place=own_place,
        link_text=link_text,
        legend=legend,
        details=[detail for detail in DETAILS if detail.page],
        heading=_heading,
        role_label=role_label,
        status_label=status_label,
        shift_label=shift_label,
        utc=lambda moment: moment.astimezone(UTC).isoformat(),
        links=links,
        kinds=[kind for kind in Kind if any(e.kind is kind for e in schedule.events)],
        chosen=kinds or set(),
        token=token,
        query=query,
        switcher=_switcher(schedule.languages, language, kinds),
        qr=None if qr is None else Markup(qr),
        glance=Markup(glance.decode()),
        whole_days_text=whole_days_text,
        changes=_recent_changes(published),
    )


def _recent_changes(published: Published, shown: int = 5) -> list[dict[str, Any]]:
    """The latest versions for the page (all of them are in the JSON and Atom feeds)."""
    try:
        versions = _history(published)[:shown]
    except HTTPException:
        return []  # the page stays up without its history; the error is logged
    schedule = published.schedule
    # In the page's language (the caller speaks it), the home clock named as the page names it.
    home, name = schedule.home_zone.key, place_of(schedule, schedule.home_zone)
    return [
        {
            "version": version.version,
            "published": version.published.strftime("%Y-%m-%d %H:%M UTC"),
            "iso": utc_stamp(version.published),
            "lines": [
                line.removeprefix("  - ") for line in history_lines([version], home, name)[1:]
            ],
        }
        for version in versions
    ]


def _heading(detail: Detail) -> str:
    """A detail's heading on the page (``URL``, ``Contact``), in the page's language."""
    headings = {
        "URL": pgettext("a detail's heading on the page", "URL"),
        "Contact": pgettext("a detail's heading on the page", "Contact"),
    }
    return headings.get(detail.page, detail.page)


def _query(schedule: Schedule, language: str) -> str:
    """``?token=…&lang=ja`` for the links of a page or feed in ``language``: the accepted
    token, and the language unless it is the schedule's default (whose addresses stay
    as they were); empty when neither."""
    parts = [_token_query()]
    if language != default_language(schedule):
        parts.append(f"lang={quote(language, safe='')}")
    joined = "&".join(part for part in parts if part)
    return f"?{joined}" if joined else ""


def _switcher(
    offered: tuple[str, ...], language: str, kinds: set[Kind] | None = None
) -> list[dict[str, str | bool]]:
    """The page in each language offered: its name in itself, its address (keeping the
    chosen zone, kinds and accepted token, never other query parameters)."""
    if len(offered) < 2:
        return []
    keep = []
    if request.args.get("zone"):
        keep.append(f"zone={quote(request.args['zone'], safe='')}")
    if kinds:
        keep.append("kind=" + ",".join(sorted(kind.value for kind in kinds)))
    token = _token_query()
    if token:
        keep.append(token)
    return [
        {
            "language": option,
            "name": display_name(option),
            "href": request.path + "?" + "&".join([*keep, f"lang={quote(option, safe='')}"]),
            "current": option == language,
        }
        for option in offered
    ]


def _subscribe_links(feed_url: str) -> dict[str, str]:
    webcal = "webcal://" + feed_url.partition("://")[2]
    return {
        "webcal": webcal,
        "google": "https://calendar.google.com/calendar/r?cid=" + quote(webcal, safe=""),
        "outlook": "https://outlook.live.com/calendar/0/addfromweb?url=" + quote(feed_url, safe=""),
        "download": feed_url + ("&" if "?" in feed_url else "?") + "download",
    }


@functools.lru_cache(maxsize=256)
def _qr_svg(address: str) -> str | None:
    """The address as a QR code for phones, inline SVG made here (no external service);
    None when it is too long for one (a very long Host, say): the page goes without."""
    buffer = io.BytesIO()
    try:
        code = segno.make(address, error="m")
    except segno.DataOverflowError:
        return None
    code.save(buffer, kind="svg", scale=4, border=2, xmldecl=False, svgns=True, title="QR code")
    return buffer.getvalue().decode("utf-8")


def _json_bytes(data: object) -> bytes:
    body: bytes = current_app.json.dumps(data, ensure_ascii=False).encode("utf-8")
    return body
