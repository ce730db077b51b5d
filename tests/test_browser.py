"""The schedule page in a real browser: Debian's chromium, driven by Playwright, against
the real server started the way the README starts it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from conftest import EXAMPLE, ledger_export, settled
from test_web import free_port, running_server

CHROMIUM = "/usr/bin/chromium"  # Debian's package; ./dev test installs it
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PAGE = "/calendars/japan-peru-2024"


@pytest.fixture
def site(folder: Path, tmp_path: Path) -> Iterator[str]:
    with running_server(folder, free_port(), tmp_path / "server.log") as base:
        yield base


@pytest.fixture
def browser() -> Iterator[Browser]:
    assert Path(CHROMIUM).exists(), "Debian's chromium is missing: ./dev test installs it"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


def open_page(browser: Browser, url: str, *, scripts: bool = True) -> tuple[Page, list[str]]:
    context = browser.new_context(
        timezone_id="Europe/Paris", accept_downloads=True, java_script_enabled=scripts
    )
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(url)
    return page, requested


def test_times_in_both_zones_and_the_viewers(browser: Browser, site: str) -> None:
    page, requested = open_page(browser, site + PAGE)
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
