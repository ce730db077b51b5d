"""The command line's table and the page agree: the same dates, date shifts and times,
row for row, for every schedule here (the bundled example, the drafts extracted from the
press corpus, hand-made edge cases, and generated ones)."""

from __future__ import annotations

import itertools
import re
from datetime import datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summitcal.days import DayRow, day_view
from summitcal.extract import extract
from summitcal.extract.render import as_toml
from summitcal.model import Event, Schedule
from summitcal.schedule_file import parse_schedule, read_schedule
from summitcal.table import render_table
from summitcal.tzdb import load
from summitcal.web import create_app
from summitcal.zones import resolve

ROOT = Path(__file__).parents[1]
CORPUS = sorted((ROOT / "tests" / "extract").glob("*.txt"))

Row = tuple[str, ...]


def table_rows(text: str) -> list[Row]:
    """The table's rows below its header, cut at the header's column starts (the
    title, the zones line and the legend left out)."""
    lines = text.splitlines()
    header = lines[3]
    starts = [match.start() for match in re.finditer(r"(?:^|(?<=   ))\S", header)]
    rows = []
    for line in lines[4:]:
        if not line.strip():
            break
        cells = [line[a:b].strip() for a, b in itertools.pairwise(starts)]
        rows.append(tuple(cells))
    return rows


class _PageTable(HTMLParser):
    """The page's times table, as text per cell: day rows' headings and event rows' times
    (each time cell without its UTC offset); a cell spanning columns (whole days' dates,
    a banner over the time columns) is its text, then an empty cell for each other
    column it covers, as the command line's table leaves them."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[Row] = []
        self.cells: list[str] | None = None
        self.text: list[str] | None = None
        self.in_tbody = False
        self.hidden = False
        self.span = 1
        self.muted = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        if tag == "tbody":
            self.in_tbody = True
        elif self.in_tbody and tag == "tr":
            self.cells = []
        elif self.cells is not None and tag in ("td", "th"):
            self.hidden = "hidden" in names
            self.span = int(names.get("colspan") or 1)
            self.text = []
        elif self.text is not None and tag == "span" and "muted" in (names.get("class") or ""):
            self.muted += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "tbody":
            self.in_tbody = False
        elif tag == "span" and self.muted:
            self.muted -= 1
        elif tag in ("td", "th") and self.text is not None and self.cells is not None:
            if not self.hidden:
                self.cells.append(" ".join("".join(self.text).split()))
                self.cells.extend([""] * (self.span - 1))
            self.text = None
        elif tag == "tr" and self.cells is not None:
            self.rows.append(tuple(self.cells[:-1]))  # the last cell is the event's title
            self.cells = None

    def handle_data(self, data: str) -> None:
        if self.text is not None and not self.muted:
            self.text.append(data)


def page_rows(html: str) -> list[Row]:
    parser = _PageTable()
    parser.feed(html)
    return parser.rows


@pytest.fixture
def serve(tmp_path: Path) -> FlaskClient:
    folder = tmp_path / "schedules"
    folder.mkdir()
    app = create_app(
        {
            "SCHEDULE_FOLDER": str(folder),
            "STATE_DB": str(tmp_path / "state.sqlite"),
            "SETTLE_SECONDS": 0,
            "TESTING": True,
        }
    )
    return app.test_client()


def page_of(client: FlaskClient, text: str) -> str:
    folder = Path(client.application.config["SCHEDULE_FOLDER"])
    schedule = parse_schedule(text)
    for old in folder.iterdir():
        old.unlink()
    (folder / f"{schedule.id}.toml").write_text(text, encoding="utf-8")
    response = client.get(f"/calendars/{schedule.id}")
    assert response.status_code == 200, response.text
    return response.text


def assert_agree(client: FlaskClient, text: str) -> None:
    schedule = parse_schedule(text)
    cli = table_rows(render_table(schedule))
    page = page_rows(page_of(client, text))
    assert cli == page
    assert len(cli) == len(day_view(schedule).rows)


def corpus_drafts() -> list[str]:
    drafts = []
    for path in CORPUS:
        draft = as_toml(extract(path.read_text(encoding="utf-8")), path.name)
        try:
            parse_schedule(draft)
        except ValueError:
            continue
        drafts.append(draft)
    return drafts


SECOND_ZONE = """
[schedule]
id = "two-zones"
title = "A Lima day with a call from Tokyo"
zone = "America/Lima"
home_zone = "Asia/Tokyo"
revision = 2024-11-17T09:00:00Z

[[events]]
id = "summit"
title = "Summit meeting"
start = 2024-11-17T10:50:00
duration = 70

[[events]]
id = "call"
title = "Call timed in Tokyo"
zone = "Asia/Tokyo"
start = 2024-11-19T09:00:00
duration = 30

[[events]]
id = "dinner"
title = "Dinner into the night"
start = 2024-11-18T20:00:00
end = 2024-11-19T19:30:00
"""


def test_the_bundled_example_reads_the_same_in_both(serve: FlaskClient) -> None:
    assert_agree(serve, (ROOT / "examples" / "japan-peru-2024.toml").read_text("utf-8"))


def test_every_draft_of_the_press_corpus_reads_the_same_in_both(serve: FlaskClient) -> None:
    drafts = corpus_drafts()
    assert len(drafts) >= 10  # the corpus's drafts, not a handful
    for draft in drafts:
        assert_agree(serve, draft)


def test_an_event_timed_in_the_home_clock_reads_a_day_earlier_locally(
    serve: FlaskClient,
) -> None:
    """A call timed in Tokyo (the home zone) leaves a Lima schedule in one place: Lima's
    column shows it at 19:00 the day before, "-1 day" counted from its own clock."""
    assert_agree(serve, SECOND_ZONE)
    rows = table_rows(render_table(parse_schedule(SECOND_ZONE)))
    assert rows[2] == ("Mon 18 Nov 2024 (-1 day)", "Tue 19 Nov 2024")
    assert rows[3] == ("19:00–19:30", "09:00–09:30")
    # The dinner after it is a Lima event on the 18th: Lima's shift, Tokyo's +1 day.
    assert rows[4] == ("Mon 18 Nov 2024", "Tue 19 Nov 2024 (+1 day)")


def test_an_event_in_a_third_clock_is_shown_in_it(serve: FlaskClient) -> None:
    text = SECOND_ZONE + KIRITIMATI
    assert_agree(serve, text)
    rows = table_rows(render_table(parse_schedule(text)))
    # 15:00 on the 20th in Kiritimati (UTC+14) is 10:00 on the 20th in Tokyo.
    assert rows[-2:] == [
        ("Wed 20 Nov 2024 · Kiritimati", "Wed 20 Nov 2024"),
        ("15:00–15:30", "10:00–10:30"),
    ]


KIRITIMATI = """
[[events]]
id = "kiritimati"
title = "Call timed in Kiritimati"
zone = "Pacific/Kiritimati"
start = 2024-11-20T15:00:00
duration = 30
"""


def test_a_range_across_midnight_keeps_its_end_date_in_both(serve: FlaskClient) -> None:
    page = page_rows(page_of(serve, SECOND_ZONE))
    assert page[-1] == ("20:00–Tue 19 Nov 19:30", "10:00–Wed 20 Nov 09:30")
    assert "20:00–19:30" not in render_table(parse_schedule(SECOND_ZONE))


def test_a_day_row_marks_only_the_columns_whose_date_changes() -> None:
    view = day_view(parse_schedule(SECOND_ZONE))
    days = [row for row in view.rows if isinstance(row, DayRow)]
    labels = [[cell.label for cell in row.cells] for row in days]
    assert labels == [
        ["Sun 17 Nov 2024", "Mon 18 Nov 2024"],
        ["Mon 18 Nov 2024", "Tue 19 Nov 2024"],  # the Tokyo call: Lima -1 day
        ["Mon 18 Nov 2024", "Tue 19 Nov 2024"],  # the Lima dinner: Tokyo +1 day
    ]
    assert [[cell.shift for cell in row.cells] for row in days] == [[0, 1], [-1, 0], [0, 1]]
    assert not view.trip
    # With a third clock it is a trip: the local column is each event's own.
    trip = day_view(parse_schedule(SECOND_ZONE + KIRITIMATI))
    assert trip.trip
    places = [row.cells[0].place for row in trip.rows if isinstance(row, DayRow)]
    assert places == ["Lima", "Tokyo", "Lima", "Kiritimati"]


ZONES = ["America/Lima", "Asia/Tokyo", "America/Sao_Paulo", "Pacific/Kiritimati", "Pacific/Niue"]
ZONES += ["Europe/London", "Australia/Lord_Howe", "Asia/Kathmandu", "America/St_Johns"]


@st.composite
def schedules(draw: st.DrawFn) -> Schedule:
    local, home = draw(st.sampled_from(ZONES)), draw(st.sampled_from(ZONES))
    events = []
    for number in range(draw(st.integers(1, 6))):
        zone = load(draw(st.sampled_from([local, *ZONES])))
        wall = datetime(2024, 3, 28) + timedelta(minutes=15 * draw(st.integers(0, 4 * 24 * 8)))
        start = resolve(wall, zone, "compatible")
        end = start + timedelta(minutes=draw(st.integers(0, 60 * 30)))
        events.append(Event(f"e{number}", f"Event {number}", start, end.astimezone(zone)))
    number = next(_NUMBERS)  # a new id each time: the ledger keeps a removed event, cancelled
    return Schedule(f"generated-{number}", "Generated", load(local), load(home), tuple(events))


_NUMBERS = itertools.count()


def toml_of(schedule: Schedule) -> str:
    lines = [
        "[schedule]",
        f'id = "{schedule.id}"',
        f'title = "{schedule.title}"',
        f'zone = "{schedule.zone.key}"',
        f'home_zone = "{schedule.home_zone.key}"',
        "revision = 2024-03-01T00:00:00Z",
    ]
    for event in schedule.events:
        minutes = int(event.duration.total_seconds() // 60)
        lines += [
            "[[events]]",
            f'id = "{event.id}"',
            f'title = "{event.title}"',
            f'zone = "{event.zone.key}"',
            f"start = {event.start.replace(tzinfo=None).isoformat()}",
            f"duration = {minutes}",
            'disambiguate = "compatible"',
        ]
    return "\n".join(lines) + "\n"


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(schedule=schedules())
def test_generated_trips_read_the_same_in_both(serve: FlaskClient, schedule: Schedule) -> None:
    assert_agree(serve, toml_of(schedule))


def test_the_bundled_example_as_read_from_its_file() -> None:
    schedule = read_schedule(ROOT / "examples" / "japan-peru-2024.toml")
    rows = table_rows(render_table(schedule))
    assert rows[0] == ("Sun 17 Nov 2024", "Mon 18 Nov 2024 (+1 day)")


def test_the_page_names_a_zone_asked_for_by_a_city_by_that_city(serve: FlaskClient) -> None:
    """``?zone=Rio de Janeiro`` is São Paulo's clock, headed and listed as Rio's."""
    text = SECOND_ZONE + KIRITIMATI
    page_of(serve, text)
    response = serve.get("/calendars/two-zones?zone=Rio%20de%20Janeiro")
    assert response.status_code == 200
    assert "<strong>Rio de Janeiro</strong>" in response.text
    assert "São Paulo" not in response.text
