"""The feed service: a Flask app over a folder of schedule files.

``create_app(config)`` follows Flask's application-factory pattern; nothing is bound
at import time. Config keys: ``SCHEDULE_FOLDER`` (default: the bundled ``examples/``),
``STATE_DB`` (the database of tokens; default in the state folder, see
:func:`summitcal.tokens.default_state_dir`), ``LEDGER_DB`` (the revision ledger; by
default the same database), each a file path, ``sqlite:///absolute/path``,
``sqlite:relative/path`` or ``postgresql://user@host/database``
(:mod:`summitcal.state_url`), ``RETENTION_DAYS``
(how long a removed or cancelled event stays in the feed as cancelled; default 30),
``SETTLE_SECONDS`` (how long a changed schedule file must be quiet before it is taken;
default 0.1), ``LEDGER_CREATE`` (whether a missing ledger may be created; default true,
false under ``summitcal serve``), ``FEED_MAX_AGE`` (the seconds of ``max-age`` in the
``Cache-Control`` of feeds, JSON and history: how long a client or an HTTP cache in
front keeps one without asking; default 60, at most a day).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Flask

from summitcal import languages
from summitcal.caching import DEFAULT_MAX_AGE, MAX_AGE_LIMIT
from summitcal.revisions import DEFAULT_RETENTION, open_ledger
from summitcal.tokens import default_state_dir, open_tokens
from summitcal.web.errors import CatchAll, register_errors
from summitcal.web.fastpath import FeedFastPath
from summitcal.web.logs import install as redact_tokens
from summitcal.web.request_check import RequestCheck
from summitcal.web.store import ScheduleStore
from summitcal.web.views import blueprint

__all__ = ["DEFAULT_FOLDER", "create_app"]

DEFAULT_FOLDER = Path(__file__).resolve().parents[3] / "examples"


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """The app, serving ``config["SCHEDULE_FOLDER"]``."""
    app = Flask(__name__)
    app.config.update(
        SCHEDULE_FOLDER=str(DEFAULT_FOLDER),
        STATE_DB=str(default_state_dir() / "summitcal.sqlite3"),
        FEED_MAX_AGE=DEFAULT_MAX_AGE,
    )
    app.json.sort_keys = False  # type: ignore[attr-defined]
    # Templates speak the request's language (each view renders inside
    # languages.speaking): gettext from our catalogs, as in the rest of summitcal.
    app.jinja_env.add_extension("jinja2.ext.i18n")
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=languages.gettext,
        ngettext=languages.ngettext,
        pgettext=languages.pgettext,
        newstyle=True,
    )
    app.jinja_env.globals["current_language"] = languages.current
    if config:
        app.config.update(config)
    retention = app.config.get("RETENTION_DAYS")
    days = DEFAULT_RETENTION.days if retention is None else float(retention)
    if not 0 <= days <= 3650:  # also refuses NaN
        raise ValueError(f"RETENTION_DAYS must be between 0 and 3650, not {retention!r}")
    max_age = app.config["FEED_MAX_AGE"]
    if type(max_age) is not int or not 0 <= max_age <= MAX_AGE_LIMIT:
        raise ValueError(
            f"FEED_MAX_AGE must be a whole number of seconds from 0 to {MAX_AGE_LIMIT}, "
            f"not {max_age!r}"
        )
    ledger = open_ledger(
        app.config.get("LEDGER_DB") or app.config["STATE_DB"],
        retention=timedelta(days=days),
        # False under `summitcal serve`, which made or checked the ledger before forking:
        # a worker that then finds none must not start a new one (every SEQUENCE over).
        create=bool(app.config.get("LEDGER_CREATE", True)),
    )
    store = ScheduleStore(
        Path(app.config["SCHEDULE_FOLDER"]),
        settle=float(app.config.get("SETTLE_SECONDS", 0.1)),
        ledger=ledger,
    )
    store.schedules()  # read the folder now: each worker starts with every schedule loaded
    app.extensions["summitcal.store"] = store
    app.extensions["summitcal.ledger"] = ledger
    app.extensions["summitcal.tokens"] = open_tokens(app.config["STATE_DB"])
    app.register_blueprint(blueprint)
    register_errors(app)
    redact_tokens(app.logger)
    # Outermost first: every error caught and logged without the query string; a bad
    # Host refused before anything builds an address from it; then the feed fast path.
    app.wsgi_app = CatchAll(RequestCheck(FeedFastPath(app.wsgi_app, store, max_age)))  # type: ignore[method-assign]
    return app
