"""summitcal's app on the bundled examples, for serve_feed.py (as `summitcal serve` builds
it; the revision ledger in $SUMMITCAL_STATE_DIR, which serve_feed.py sets)."""

from summitcal.web import DEFAULT_FOLDER, create_app

app = create_app({"SCHEDULE_FOLDER": str(DEFAULT_FOLDER)})
