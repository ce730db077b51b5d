"""The schedule page in a real browser: Debian's chromium, driven by Playwright, against
the real server started the way the README starts it."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page

from trip_schedule import trip_schedule

from conftest import EXAMPLE, ledger_export, settled
from test_web import free_port, running_server

PAGE = "/calendars/japan-peru-2024"


@pytest.fixture
def site(folder: Path, tmp_path: Path) -> Iterator[str]:
    with running_server(folder, free_port(), tmp_path / "server.log") as base:
        yield base


def open_page(
    browser: Browser, url: str, *, scripts: bool = True, width: int = 1280
) -> tuple[Page, list[str]]:
    """The page as a reader in Paris sees it, on a screen ``width`` CSS pixels wide (390:
    a phone's, with touch)."""
    phone = width < 600
    context = browser.new_context(
        timezone_id="Europe/Paris",
        accept_downloads=True,
        java_script_enabled=scripts,
        viewport={"width": width, "height": 900},
        is_mobile=phone,
        has_touch=phone,
    )
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(url)
    return page, requested


@pytest.mark.parametrize("width", [1280, 390])
def test_times_in_both_zones_and_the_viewers(browser: Browser, site: str, width: int) -> None:
    page, requested = open_page(browser, site + PAGE, width=width)
    day = page.locator("tbody tr.day")
    assert day.count() == 1  # one date in each zone: Sun 17 in Lima, Mon 18 in Tokyo
    assert day.locator("th").nth(0).inner_text() == "Sun 17 Nov 2024"
    assert day.locator("th").nth(1).inner_text() == "Mon 18 Nov 2024 (+1 day)"
    rows = page.locator("tbody tr.event")
    assert rows.count() == 4
    lima, tokyo, viewer = (rows.nth(0).locator("td").nth(i).inner_text() for i in range(3))
    assert lima.startswith("10:50–~12:00")
    assert tokyo.startswith("00:50–~02:00")
    assert viewer == "Sun 17 Nov 2024, 16:50–18:00"  # Paris, from the browser's own zone
    assert "(12:15)–(12:40)" in rows.nth(2).inner_text()  # the press conference: estimated
    assert all(url.startswith(site) for url in requested), "nothing from elsewhere"


NIGHT = """
[schedule]
id = "night"
title = "A dinner into the night"
zone = "America/Lima"
home_zone = "Asia/Tokyo"
revision = 2024-11-17T09:00:00Z

[[events]]
id = "dinner"
title = "Dinner"
start = 2024-11-18T20:00:00
end = 2024-11-19T19:30:00
"""


def test_an_end_on_another_date_keeps_its_date_in_every_column(
    browser: Browser, folder: Path, tmp_path: Path
) -> None:
    (folder / "night.toml").write_text(NIGHT, encoding="utf-8")
    settled(folder / "night.toml")
    with running_server(folder, free_port(), tmp_path / "night.log") as base:
        page, _requested = open_page(browser, base + "/calendars/night")
        cells = page.locator("tbody tr.event").nth(0).locator("td")
        lima, tokyo, viewer = (cells.nth(i).inner_text() for i in range(3))
    assert lima.startswith("20:00–Tue 19 Nov 19:30")
    assert tokyo.startswith("10:00–Wed 20 Nov 09:30")
    assert viewer == "Tue 19 Nov 2024, 02:00–Wed 20 Nov 01:30"  # Paris, by the script


def test_without_scripts_the_page_is_whole(browser: Browser, site: str) -> None:
    page, _requested = open_page(browser, site + PAGE, scripts=False)
    assert "00:50–~02:00" in page.locator("tbody tr.event").nth(0).inner_text()
    assert not page.locator("thead th.viewer").is_visible()


def test_subscribe_links(browser: Browser, site: str) -> None:
    page, _requested = open_page(browser, site + PAGE)
    host = site.removeprefix("http://")
    webcal = f"webcal://{host}/calendars/japan-peru-2024.ics"
    apple = page.get_by_role("link", name="Apple Calendar / Outlook")
    assert apple.get_attribute("href") == webcal
    google = page.get_by_role("link", name="Google Calendar").get_attribute("href") or ""
    assert google.startswith("https://calendar.google.com/calendar/r?cid=webcal%3A%2F%2F")
    assert page.locator("figure.qr svg").is_visible()


def test_download_links_give_the_feed_and_one_event(
    browser: Browser, site: str, folder: Path
) -> None:
    page, _requested = open_page(browser, site + PAGE)
    with page.expect_download() as whole:
        page.get_by_role("link", name="Download .ics").click()
    assert whole.value.suggested_filename == "japan-peru-2024.ics"
    assert Path(whole.value.path()).read_bytes() == ledger_export(folder / EXAMPLE.name)
    with page.expect_download() as single:
        page.get_by_role("link", name="Add this event").last.click()
    text = Path(single.value.path()).read_text(encoding="utf-8")
    assert text.count("BEGIN:VEVENT") == 1
    assert "UID:luncheon.japan-peru-2024@summitcal.invalid" in text


# The whole shared trip: whole days, a cancelled event, one whose times were not
# announced, a flight that lands on Rio's clock.
TRIP = trip_schedule(title="Lima, then Rio de Janeiro")
TRIP_PAGE = "/calendars/trip"
WIDTHS = [1280, 390]  # a desk, a phone

# Each event of the trip: its title, then (local time, home time, the viewer's in Paris)
# as the page reads them; whole days: their dates, which are the same on every clock.
TRIP_TIMES = {
    "APEC Economic Leaders' Week": "Thu 14 Nov – Sat 16 Nov",
    "Summit meeting": ("10:50–~12:00", "00:50–~02:00", "Sun 17 Nov 2024, 16:50–18:00"),
    "Joint Statement": ("(12:00)–(12:15)", "(02:00)–(02:15)", "Sun 17 Nov 2024, 18:00–18:15"),
    "Bilateral talks": ("14:00–14:30", "04:00–04:30", "Sun 17 Nov 2024, 20:00–20:30"),
    "Flight to Rio de Janeiro": (
        "16:30 Lima → 23:10 São Paulo",
        "06:30 → 11:10",
        "Sun 17 Nov 2024, 22:30–Mon 18 Nov 03:10",
    ),
    "G20 Rio de Janeiro Summit": "Mon 18 Nov – Tue 19 Nov",
    # On Rio's clock, not Lima's (08:00) nor the schedule's: the event's own.
    "G20 Session I": ("~10:00–12:30", "~22:00–Tue 19 Nov 00:30", "Mon 18 Nov 2024, 14:00–16:30"),
}


@pytest.fixture
def trip_site(folder: Path, tmp_path: Path) -> Iterator[str]:
    """The server, with the bundled example and the trip."""
    (folder / "trip.toml").write_text(TRIP, encoding="utf-8")
    settled(folder / "trip.toml")
    with running_server(folder, free_port(), tmp_path / "trip.log") as base:
        yield base


def visible_text(where: Page | Locator, selector: str) -> list[str]:
    """The text of what ``selector`` finds and the reader can see, spaces collapsed."""
    return [
        " ".join(text.split())
        for text in where.locator(selector).evaluate_all(
            "cells => cells.filter(cell => cell.checkVisibility()).map(cell => cell.innerText)"
        )
    ]


@pytest.mark.parametrize("width", WIDTHS)
def test_a_trip_reads_each_event_on_its_own_clock_and_at_home(
    browser: Browser, trip_site: str, width: int
) -> None:
    page, _requested = open_page(browser, trip_site + TRIP_PAGE, width=width)
    assert page.locator("thead th").first.text_content() == "Local time"
    rows = page.locator("tbody tr.event")
    assert rows.count() == len(TRIP_TIMES)
    for number, (title, expected) in enumerate(TRIP_TIMES.items()):
        row = rows.nth(number)
        assert visible_text(row, "td.title")[0].startswith(title)
        if isinstance(expected, str):  # whole days: their dates, no times anywhere
            assert visible_text(row, "td.dates") == [f"{expected} whole days"], title
            assert row.locator("td.time").count() == 0
            if width > 600:  # a banner across every clock's column, the viewer's too
                dates = row.locator("td.dates").bounding_box()
                yours = page.locator("thead th.viewer").bounding_box()
                assert (
                    dates and yours and dates["x"] + dates["width"] >= yours["x"] + yours["width"]
                )
            continue
        times = visible_text(row, "td.time")
        assert [time.split(" UTC")[0] for time in times] == list(expected), title
    # The days say whose clock they are on.
    days = [day for day in visible_text(page, "tbody tr.day th.first") if day]
    assert days == [
        "Thu 14 Nov 2024 · Lima",
        "Sun 17 Nov 2024 · Lima",
        "Mon 18 Nov 2024 · São Paulo",
    ]
    assert "[cancelled]" in rows.nth(3).inner_text() and rows.nth(3).locator("del").count() == 1
    # The zones the page uses, above the table: each place, its zone and offset; home.
    zones = visible_text(page, "ul.zones li")
    assert zones == [
        "Lima: America/Lima, UTC-05:00 · local time",
        "São Paulo: America/Sao_Paulo, UTC-03:00 · local time",
        "Tokyo: Asia/Tokyo, UTC+09:00 · home",
        "Your time: Europe/Paris, UTC+01:00",
    ]


BOTH = [PAGE, TRIP_PAGE]
SLACK = 0.5  # CSS pixels: rounding, not overlap


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    def within(self, other: Box) -> bool:
        return (
            other.left - SLACK <= self.left
            and self.right <= other.right + SLACK
            and other.top - SLACK <= self.top
            and self.bottom <= other.bottom + SLACK
        )

    def overlaps(self, other: Box) -> bool:
        return (
            self.left < other.right - SLACK
            and other.left < self.right - SLACK
            and self.top < other.bottom - SLACK
            and other.top < self.bottom - SLACK
        )


def beyond_the_screen(page: Page) -> list[str]:
    """What the reader would have to scroll sideways to see (empty: nothing)."""
    if not page.evaluate("document.documentElement.scrollWidth <= innerWidth"):
        return ["the page scrolls sideways"]
    found: list[str] = page.evaluate(
        """() => [...document.body.querySelectorAll('*')]
            .filter(e => e.checkVisibility({visibilityProperty: true}))
            .map(e => [e, e.getBoundingClientRect()])
            .filter(([e, box]) => box.width > 1 && box.height > 1)
            .filter(([e, box]) => box.right > innerWidth + 0.5 || box.left < -0.5)
            .map(([e, box]) => `${e.tagName} ${e.textContent.slice(0, 40)} ${box.right}`)"""
    )
    return found


def time_line_problems(page: Page, width: int) -> list[str]:
    """Labels of the days' pictures that leave their picture or overlap another; the
    picture of the other width shown, or this one's hidden (empty: none)."""
    shown, hidden = ("phone", "desk") if width < 600 else ("desk", "phone")
    pictures = page.locator(f".timeline-{shown} svg")
    problems = [] if pictures.count() >= 1 else ["no picture"]
    if not all(svg.is_visible() for svg in pictures.all()):
        problems.append(f"a {shown} picture is hidden")
    if any(svg.is_visible() for svg in page.locator(f".timeline-{hidden} svg").all()):
        problems.append(f"a {hidden} picture is shown")
    viewbox_width = 360 if shown == "phone" else 900
    for svg in pictures.all():
        if (svg.get_attribute("viewBox") or "").split()[2] != str(viewbox_width):
            problems.append("a picture of the wrong width")
        frame = svg.bounding_box()
        assert frame is not None
        inside = Box(
            frame["x"], frame["y"], frame["x"] + frame["width"], frame["y"] + frame["height"]
        )
        labels = [
            (text, Box(*box))
            for text, *box in svg.locator("text").evaluate_all(
                """texts => texts.map(text => {
                    const box = text.getBoundingClientRect();
                    return [text.textContent, box.left, box.top, box.right, box.bottom];
                })"""
            )
        ]
        if not labels:
            problems.append("a picture without labels")
        problems += [
            f"{text!r} leaves the picture" for text, box in labels if not box.within(inside)
        ]
        problems += [
            f"{one!r} overlaps {other!r}"
            for (one, box), (other, next_box) in itertools.combinations(labels, 2)
            if box.overlaps(next_box)
        ]
    return problems


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", BOTH)
def test_nothing_is_wider_than_the_screen(
    browser: Browser, trip_site: str, path: str, width: int
) -> None:
    page, _requested = open_page(browser, trip_site + path, width=width)
    assert beyond_the_screen(page) == []


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", BOTH)
def test_the_time_lines_labels_stay_apart_and_inside(
    browser: Browser, trip_site: str, path: str, width: int
) -> None:
    page, _requested = open_page(browser, trip_site + path, width=width)
    shown = "phone" if width < 600 else "desk"
    assert time_line_problems(page, width) == []
    hidden = page.locator(".timeline-desk" if shown == "phone" else ".timeline-phone")
    assert hidden.first.evaluate("e => getComputedStyle(e).display") == "none"


@pytest.mark.parametrize("path", BOTH)
def test_on_a_phone_each_event_is_a_card_with_its_title_first(
    browser: Browser, trip_site: str, path: str
) -> None:
    page, _requested = open_page(browser, trip_site + path, width=390)
    rows = page.locator("tbody tr.event")
    assert rows.count() >= 4
    for row in rows.all():
        title = row.locator("td.title").bounding_box()
        assert title is not None
        times = [
            cell.bounding_box()
            for cell in row.locator("td.time, td.dates").all()
            if cell.is_visible()
        ]
        assert times and all(
            box is not None and box["y"] >= title["y"] + title["height"] - 1 for box in times
        )
        # Each time says whose clock it is on, at the left of its card.
        labels = row.locator("td.time, td.dates").evaluate_all(
            "cells => cells.map(cell => getComputedStyle(cell, '::before').content)"
        )
        assert all(label.startswith('"') for label in labels)
        if "G20 Session I" in row.inner_text():
            words = [label.split(" / ")[0].strip('"') for label in labels]
            assert words == ["Local time · São Paulo", "Tokyo", "Your time · Paris"]
    # The day rows are headings between the cards, not a column of the table.
    day = page.locator("tbody tr.day").first.bounding_box()
    card = rows.first.bounding_box()
    assert day and card and day["width"] >= card["width"] - 1 and day["y"] < card["y"]
    head = page.locator("thead").bounding_box()
    assert head is not None and head["width"] <= 1 and head["height"] <= 1  # not on screen
    # For a screen reader it is still a table: its rows, header cells and cells.
    tree = page.context.new_cdp_session(page).send("Accessibility.getFullAXTree")
    roles = [node["role"]["value"] for node in tree["nodes"] if "role" in node]
    assert roles.count("table") == 1
    assert roles.count("row") == page.locator("table.times tr").count()
    headers = [
        node.get("name", {}).get("value")
        for node in tree["nodes"]
        if node.get("role", {}).get("value") == "columnheader"
    ]
    assert ("Local time" if path == TRIP_PAGE else "Lima America/Lima") in headers


def test_at_a_desk_the_times_stay_a_table(browser: Browser, trip_site: str) -> None:
    page, _requested = open_page(browser, trip_site + TRIP_PAGE, width=1280)
    assert page.locator("table.times").evaluate("t => getComputedStyle(t).display") == "table"
    header = page.locator("thead th")
    assert header.first.is_visible() and header.first.inner_text() == "Local time"
    row = page.locator("tbody tr.event").nth(1)
    cells = [cell.bounding_box() for cell in row.locator("td").all()]
    assert all(box is not None for box in cells)
    tops = {round(box["y"]) for box in cells if box}
    assert len(tops) == 1, "one line of cells per event"


BUNDLED_TRIP = EXAMPLE.parent / "japan-trip-2024-11.toml"


def test_at_a_desk_the_bundled_trip_leaves_the_titles_room(
    browser: Browser, folder: Path, tmp_path: Path
) -> None:
    """The bundled trip's flights ("~17:30 Tokyo → ~23:55 Lima") and its sources' long
    addresses once took the table's width from the titles, which wrapped a word a line:
    each clock may take a line of its own, and a link shows its host."""
    (folder / BUNDLED_TRIP.name).write_bytes(BUNDLED_TRIP.read_bytes())
    settled(folder / BUNDLED_TRIP.name)
    with running_server(folder, free_port(), tmp_path / "bundled.log") as base:
        page, _requested = open_page(browser, base + "/calendars/japan-trip-2024-11", width=1280)
        widths = page.locator("thead th").evaluate_all(
            "cells => cells.filter(c => c.checkVisibility()).map(c => c.getBoundingClientRect().width)"
        )
        table = page.locator("table.times").bounding_box()
        assert table is not None
        assert widths[-1] >= 0.25 * table["width"], widths  # the Event column
        links = page.locator("td.title .detail.url a")
        assert links.count() >= 10
        for link in links.all():
            href, text = link.get_attribute("href") or "", link.inner_text()
            host = href.split("/")[2]
            assert text in (host, host + "/…"), (text, href)
            assert link.get_attribute("title") == href
        flight = page.locator("tbody tr.event").first.locator("td.time").first
        assert flight.inner_text().startswith("~17:30 Tokyo → ~23:55 Lima")
