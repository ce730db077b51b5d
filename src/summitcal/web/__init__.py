"""The feed service: a Flask app over a folder of schedule files.

``create_app(config)`` follows Flask's application-factory pattern; nothing is bound
at import time. Config keys: ``SCHEDULE_FOLDER`` (default: the bundled ``examples/``).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask

from summitcal.web.store import ScheduleStore
from summitcal.web.views import blueprint, register_errors

__all__ = ["DEFAULT_FOLDER", "create_app"]

DEFAULT_FOLDER = Path(__file__).resolve().parents[3] / "examples"


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """The app, serving ``config["SCHEDULE_FOLDER"]``."""
    app = Flask(__name__)
    app.config.update(SCHEDULE_FOLDER=str(DEFAULT_FOLDER))
    app.json.sort_keys = False  # type: ignore[attr-defined]
    if config:
        app.config.update(config)
    app.extensions["summitcal.store"] = ScheduleStore(Path(app.config["SCHEDULE_FOLDER"]))
    app.register_blueprint(blueprint)
    register_errors(app)
    return app
