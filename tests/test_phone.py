"""Call decks on a phone (390x844) and on a projector (1920x1080), in headless Chromium.

``SCSCALL_SCREENSHOTS=DIR`` also keeps the screenshots of both views in DIR.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from browser.chromium import launch_chromium, watch
from browser.decks import DECK, TITLE, TOPIC_NOTE, build_decks

from sphinxcontrib_scscall.phone_view import PHONE_FRAME, SCROLL_ACTIVATION_WIDTH

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
PROJECTOR = {"width": 1920, "height": 1080}
#: the smallest text a phone reader should get, in CSS pixels of the screen
READABLE_PX = 14

VISIBLE_TEXT_SIZES = """() => {
    // the on-screen size of every visible line of slide text: font size times reveal.js's scale
    const sizes = [];
    for (const element of document.querySelectorAll('.reveal .slides li, .reveal .slides p')) {
        const box = element.getBoundingClientRect();
        if (!box.height || element.closest('aside.notes')) continue;
        const range = document.createRange();
        range.selectNodeContents(element);
        const line = range.getClientRects()[0];
        if (line) sizes.push(line.height);
    }
    return sizes;
}"""


@pytest.fixture(scope="module")
def chromium(tmp_path_factory):
    yield from launch_chromium(tmp_path_factory)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_decks(tmp_path_factory.mktemp("phone") / "project")


def open_deck(chromium, built, viewport: dict):
    watched = watch(chromium)
    watched.page.set_viewport_size(viewport)
    watched.open_deck(built["revealjs"].outdir / f"{DECK}.html")
    return watched


def keep_screenshot(page, name: str) -> None:
    folder = os.environ.get("SCSCALL_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / name))


def test_a_phone_scrolls_through_readable_slides(chromium, built):
    watched = open_deck(chromium, built, PHONE)
    page = watched.page
    try:
        assert page.evaluate("Reveal.isScrollView()")
        assert page.evaluate("Reveal.getConfig().scrollActivationWidth") == SCROLL_ACTIVATION_WIDTH
        assert page.evaluate("[Reveal.getConfig().width, Reveal.getConfig().height]") == [
            PHONE_FRAME["width"],
            PHONE_FRAME["height"],
        ]
        sizes = page.evaluate(VISIBLE_TEXT_SIZES)
        assert len(sizes) > 5
        assert min(sizes) >= READABLE_PX, sorted(sizes)[:5]
        # one column: nothing wider than the screen, and the deck is a page to scroll
        scroller = "document.querySelector('.reveal-viewport')"
        assert page.evaluate(f"{scroller}.scrollWidth") <= PHONE["width"]
        assert page.evaluate(f"{scroller}.scrollHeight") > 3 * PHONE["height"]
        assert TITLE in page.inner_text(".reveal .slides")
        keep_screenshot(page, "deck-phone.png")
        watched.assert_offline_and_quiet()
    finally:
        page.close()


def test_speaker_notes_are_hidden_on_phones_and_projectors(chromium, built):
    for viewport in (PHONE, PROJECTOR):
        watched = open_deck(chromium, built, viewport)
        try:
            shown = watched.page.evaluate(
                """() => [...document.querySelectorAll('aside.notes')]
                    .filter((note) => note.getClientRects().length > 0).length"""
            )
            total = watched.page.evaluate("document.querySelectorAll('aside.notes').length")
            assert total >= 3 and shown == 0, viewport
            assert TOPIC_NOTE not in watched.page.inner_text("body")
        finally:
            watched.page.close()


def test_a_projector_keeps_the_16_9_slides(chromium, built):
    watched = open_deck(chromium, built, PROJECTOR)
    page = watched.page
    try:
        assert not page.evaluate("Reveal.isScrollView()")
        assert page.evaluate("[Reveal.getConfig().width, Reveal.getConfig().height]") == [
            PROJECTOR["width"],
            PROJECTOR["height"],
        ]
        assert page.evaluate("Reveal.getScale()") == pytest.approx(1.0, abs=0.05)
        keep_screenshot(page, "deck-projector.png")
        watched.assert_offline_and_quiet()
    finally:
        page.close()


def test_readers_may_zoom(chromium, built):
    watched = open_deck(chromium, built, PHONE)
    try:
        viewports = watched.page.evaluate(
            """() => [...document.querySelectorAll('meta[name="viewport"]')]
                .map((meta) => meta.content)"""
        )
        assert viewports and all("width=device-width" in content for content in viewports)
        assert not any(
            "user-scalable" in content or "maximum-scale" in content for content in viewports
        )
    finally:
        watched.page.close()
