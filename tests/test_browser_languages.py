"""The schedule page in Japanese and Spanish in a real browser (Debian's chromium, with
Debian's Noto CJK fonts so that Japanese is drawn, not boxes), at a desk's and a phone's
width; a reader picks a language with the switcher and keeps it.

Each test saves its screenshot in ``SUMMITCAL_SCREENSHOTS`` when that is set (a folder),
for a person to look at; the tests themselves check what can be measured.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from app_servers import free_port
from test_browser import PAGE, beyond_the_screen, open_page, time_line_problems
from test_web import running_server

TITLE = {"ja": "日・ペルー首脳会談", "es": "Reunión cumbre Perú-Japón"}
DAY = {"ja": "2024年11月17日(日)", "es": "dom, 17 nov 2024"}
TOKYO_DAY = {"ja": "2024年11月18日(月) (+1日)", "es": "lun, 18 nov 2024 (+1 día)"}
LUNCH = {"ja": "ボルアルテ大統領主催昼食会", "es": "Almuerzo ofrecido por la presidenta Boluarte"}
EVENT_HEADER = {"ja": "行事", "es": "Actividad"}
GLANCE = {"ja": "当日の流れ", "es": "El día de un vistazo"}


@pytest.fixture
def site(folder: Path, tmp_path: Path) -> Iterator[str]:
    with running_server(folder, free_port(), tmp_path / "server.log") as base:
        yield base


def keep(page: Page, name: str) -> None:
    folder = os.environ.get("SUMMITCAL_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def test_the_japanese_fonts_are_installed() -> None:
    """Without them chromium draws every kanji as a box and the tests below would
    measure boxes: ./dev test installs Debian's fonts-noto-cjk."""
    listed = subprocess.run(
        ["fc-list", ":lang=ja", "family"], capture_output=True, text=True, check=True
    ).stdout
    assert "Noto Sans CJK JP" in listed


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("language", ["ja", "es"])
def test_the_page_reads_in_the_language(
    browser: Browser, site: str, language: str, width: int
) -> None:
    page, _requested = open_page(browser, site + PAGE + f"?lang={language}", width=width)
    keep(page, f"page-{language}-{width}")
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator("h1").inner_text() == TITLE[language]
    day = page.locator("tbody tr.day th")
    assert day.nth(0).inner_text() == DAY[language]
    assert day.nth(1).inner_text() == TOKYO_DAY[language]
    assert LUNCH[language] in page.locator("tbody tr.event").nth(3).inner_text()
    assert page.locator("#glance").inner_text() == GLANCE[language]
    # The reader's own clock (Paris), written by the page's script in its language.
    viewer = page.locator("tbody tr.event td.viewer").first.inner_text()
    assert "16:50" in viewer and "17" in viewer
    assert beyond_the_screen(page) == []
    assert time_line_problems(page, width) == []
    if width > 600:
        assert page.locator("thead th").last.inner_text() == EVENT_HEADER[language]


def test_japanese_is_drawn_with_glyphs_not_boxes(browser: Browser, site: str) -> None:
    """A kanji drawn in the page's font is as wide as its em and differs from the
    missing-glyph box: two different kanji, two different pictures."""
    page, _requested = open_page(browser, site + PAGE + "?lang=ja")
    shots = []
    for text in ("会", "談"):
        page.evaluate(
            """text => {
                const probe = document.createElement('span');
                probe.id = 'probe';
                probe.textContent = text;
                probe.style.cssText = 'font-size:48px;position:fixed;top:0;left:0;background:#fff';
                document.getElementById('probe')?.remove();
                document.body.append(probe);
            }""",
            text,
        )
        box = page.locator("#probe").bounding_box()
        assert box is not None and box["width"] >= 40
        shots.append(page.locator("#probe").screenshot())
    assert shots[0] != shots[1]


def test_the_switcher_changes_the_language_and_keeps_it(browser: Browser, site: str) -> None:
    page, _requested = open_page(browser, site + PAGE)
    assert page.locator("h1").inner_text() == "Japan–Peru Summit Meeting"
    page.locator("nav.languages a[hreflang=es]").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == TITLE["es"]
    assert page.locator("nav.languages [aria-current]").inner_text() == "español"
    # Subscribing from the Spanish page subscribes to the Spanish feed.
    webcal = page.get_by_role("link", name="Calendario de Apple / Outlook")
    assert (webcal.get_attribute("href") or "").endswith(".ics?lang=es")
    # Back later, without ?lang=: still Spanish (the cookie), whatever the browser asks.
    page.goto(site + PAGE)
    assert page.locator("html").get_attribute("lang") == "es"
    keep(page, "switched-es")
