"""``scscall serve`` in headless Chromium: a save reloads the open deck on the same slide,
and a build's problems appear in the page until the file is fixed."""

from __future__ import annotations

import pytest
from archive_project import archive_project
from browser.chromium import launch_chromium
from test_serve import BROKEN_RST, DECK, Server

pytestmark = pytest.mark.browser

RST_DECK = "community-calls/2024-03-14"
RELOAD_TIMEOUT_MS = 60_000


@pytest.fixture(scope="module")
def chromium(tmp_path_factory):
    yield from launch_chromium(tmp_path_factory)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    root = tmp_path_factory.mktemp("serve-browser")
    running = Server(archive_project(root / "src"), root / "out")
    running.source = root / "src"
    yield running
    running.stop()


def open_page(chromium, server, path: str):
    page = chromium.new_page()
    page.goto(f"http://127.0.0.1:{server.port}{path}")
    return page


def mark_and_save(page, path, text) -> None:
    # the mark lives until the page is reloaded
    page.evaluate("window.scscallTestMark = true")
    path.write_text(text)


def test_a_save_reloads_the_deck_on_the_same_slide(chromium, server):
    page = open_page(chromium, server, f"/slides/{DECK}.html#/2/1")
    try:
        page.wait_for_function("window.Reveal && Reveal.isReady()")
        assert page.evaluate("Reveal.getIndices()")["h"] == 2
        deck = server.source / f"{DECK}.md"
        mark_and_save(page, deck, deck.read_text().replace("first draft", "second draft"))
        page.wait_for_function(
            "!window.scscallTestMark && window.Reveal && Reveal.isReady()",
            timeout=RELOAD_TIMEOUT_MS,
        )
        assert page.evaluate("Reveal.getIndices()") == {"h": 2, "v": 1, "f": None}
        assert "second draft" in page.text_content(".reveal .slides")
    finally:
        page.close()


def test_problems_show_in_the_page_until_fixed(chromium, server):
    deck = server.source / f"{RST_DECK}.rst"
    good = deck.read_text()
    page = open_page(chromium, server, f"/{RST_DECK}.html")
    try:
        page.wait_for_load_state()
        assert page.locator("#scscall-serve-problems").count() == 0
        mark_and_save(page, deck, BROKEN_RST)
        problems = page.locator("#scscall-serve-problems")
        problems.wait_for(timeout=RELOAD_TIMEOUT_MS)
        assert f"{RST_DECK}.rst" in problems.inner_text()
        assert problems.get_attribute("role") == "alert"
        mark_and_save(page, deck, good)
        page.wait_for_function("!window.scscallTestMark", timeout=RELOAD_TIMEOUT_MS)
        page.wait_for_load_state()
        page.wait_for_timeout(500)  # the socket's first message: no problems
        assert page.locator("#scscall-serve-problems").count() == 0
    finally:
        page.close()
