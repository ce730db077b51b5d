"""The feed service: a Flask app over a folder of schedule files.

``create_app(config)`` follows Flask's application-factory pattern; nothing is bound
at import time. Config keys: ``SCHEDULE_FOLDER`` (default: the bundled ``examples/``),
``STATE_DB`` (the SQLite database of tokens; default in the state folder, see
:func:`summitcal.tokens.default_state_dir`), ``SETTLE_SECONDS`` (how long a changed
schedule file must be quiet before it is taken; default 0.1).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from summitcal.tokens import TokenStore, default_state_dir
from summitcal.web.fastpath import FeedFastPath
from summitcal.web.store import ScheduleStore
from summitcal.web.views import blueprint, register_errors

__all__ = ["DEFAULT_FOLDER", "create_app"]

DEFAULT_FOLDER = Path(__file__).resolve().parents[3] / "examples"


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """The app, serving ``config["SCHEDULE_FOLDER"]``."""
    app = Flask(__name__)
    app.config.update(
        SCHEDULE_FOLDER=str(DEFAULT_FOLDER),
        STATE_DB=str(default_state_dir() / "summitcal.sqlite3"),
    )
    app.json.sort_keys = False  # type: ignore[attr-defined]
    if config:
        app.config.update(config)
    store = ScheduleStore(
        Path(app.config["SCHEDULE_FOLDER"]), settle=float(app.config.get("SETTLE_SECONDS", 0.1))
    )
    store.schedules()  # read the folder now: each worker starts with every schedule loaded
    app.extensions["summitcal.store"] = store
    app.extensions["summitcal.tokens"] = TokenStore(Path(app.config["STATE_DB"]))
    app.register_blueprint(blueprint)
    register_errors(app)
    app.wsgi_app = FeedFastPath(app.wsgi_app, store)  # type: ignore[method-assign]
    return app
