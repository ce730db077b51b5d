"""summitcal's app on the bundled examples, for serve_feed.py (as `summitcal serve` builds it)."""

from summitcal.web import DEFAULT_FOLDER, create_app

app = create_app({"SCHEDULE_FOLDER": str(DEFAULT_FOLDER)})
