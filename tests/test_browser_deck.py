"""The built slides and archive in a real (headless, offline) Chromium.

Skipped with the reason when no Chromium or no Playwright is installed.
``SCSCALL_UPDATE_SCREENSHOTS=1`` also writes the docs' screenshots.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from browser.chromium import (
    SLIDE_HEIGHT,
    launch_chromium,
    overflowing_slides,
    slide_layout,
    watch,
)
from browser.decks import (
    DECK,
    DECK_LAYOUT,
    LONG_DECK,
    SHRUNK_TOPIC,
    SURVEY_NOTE,
    SURVEY_URL,
    TITLE,
    TITLE_NOTE,
    TOPIC_NOTE,
    build_decks,
)

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(__file__).resolve().parents[1] / "docs" / "_static" / "screenshots"


@pytest.fixture(scope="module")
def chromium(tmp_path_factory):
    yield from launch_chromium(tmp_path_factory)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_decks(tmp_path_factory.mktemp("browser") / "project")


@pytest.fixture
def page(chromium):
    watched = watch(chromium)
    yield watched
    watched.page.close()


def slide_page(built, docname: str) -> Path:
    return built["revealjs"].outdir / f"{docname}.html"


def go_to_kind(page, kind: str) -> None:
    """Show the first slide of a kind (``data-scscall-slide``)."""
    page.evaluate(
        """(kind) => {
            const slide = document.querySelector(`section[data-scscall-slide="${kind}"]`);
            const { h, v } = Reveal.getIndices(slide);
            Reveal.slide(h, v);
        }""",
        kind,
    )


def test_deck_has_the_slides_and_layout_of_its_source(page, built):
    page.open_deck(slide_page(built, DECK))
    assert page.page.evaluate("Reveal.getTotalSlides()") == sum(DECK_LAYOUT)
    assert slide_layout(page.page) == DECK_LAYOUT
    page.assert_offline_and_quiet()


def test_navigating_right_and_down_walks_the_team_report(page, built):
    page.open_deck(slide_page(built, DECK))
    current = page.page.evaluate
    current("Reveal.right()")
    current("Reveal.right()")
    assert current("({ h, v } = Reveal.getIndices(), [h, v])") == [2, 0]
    assert current("Reveal.getCurrentSlide().dataset.scscallSlide") == "team-report"
    current("Reveal.down()")
    assert current("({ h, v } = Reveal.getIndices(), [h, v])") == [2, 1]
    assert current("Reveal.getCurrentSlide().querySelector('h3').textContent") == "Volume types"
    assert current("Reveal.getCurrentSlide().dataset.scscallTeam") == "Team IaaS"
    page.assert_offline_and_quiet()


def test_survey_slide_shows_a_qr_code_beside_the_text(page, built):
    page.open_deck(slide_page(built, DECK))
    go_to_kind(page.page, "survey")
    qr = page.page.locator(".present .scscall-qr svg")
    assert qr.count() == 1
    assert (
        page.page.evaluate(
            "document.querySelector('.present .scscall-qr svg path.qrline').getAttribute('d').length"
        )
        > 100
    )
    box = qr.bounding_box()
    text = page.page.locator(".present .scscall-survey-text").bounding_box()
    assert box["width"] > 150 and box["height"] > 150
    assert box["x"] > text["x"] + text["width"], "the QR code sits to the right of the text"
    assert SURVEY_URL in page.page.locator(".present .scscall-qr").get_attribute("aria-label")
    page.assert_offline_and_quiet()


def test_speaker_notes_reach_the_speaker_view(page, built):
    page.open_deck(slide_page(built, DECK))
    evaluate = page.page.evaluate
    assert evaluate("Reveal.hasPlugin('notes')")
    # the notes are formatted HTML: compare their text
    notes_text = "(slide) => { const box = document.createElement('div'); box.innerHTML = Reveal.getSlideNotes(slide); return box.textContent.trim(); }"
    assert evaluate(f"({notes_text})(Reveal.getSlide(0))") == TITLE_NOTE
    assert evaluate(f"({notes_text})(Reveal.getSlide(2, 1))") == TOPIC_NOTE
    go_to_kind(page.page, "survey")
    assert evaluate(f"({notes_text})()") == SURVEY_NOTE
    assert not page.page.locator(".present aside.notes").is_visible()
    page.assert_offline_and_quiet()


def test_theme_uses_bundled_lato_numbers_and_the_title_background(page, built):
    page.open_deck(slide_page(built, DECK))
    evaluate = page.page.evaluate
    evaluate("document.fonts.ready")
    assert evaluate("document.fonts.check('900 40px Lato')")
    assert evaluate("getComputedStyle(document.querySelector('.reveal h1')).fontFamily").startswith(
        "Lato"
    )
    assert page.page.locator(".reveal .slide-number").inner_text().split() == ["1", "/", "7"]
    background = evaluate(
        """getComputedStyle(Reveal.getSlideBackground(0, 0)
            .querySelector('.slide-background-content')).backgroundImage"""
    )
    assert "title-background.svg" in background
    assert evaluate("Reveal.getConfig().width") == 1920
    page.assert_offline_and_quiet()


@pytest.mark.parametrize("docname", [DECK, LONG_DECK])
def test_no_slide_runs_off_the_1920x1080_frame(page, built, docname):
    page.open_deck(slide_page(built, docname))
    assert overflowing_slides(page.page) == []
    page.assert_offline_and_quiet()


def test_a_slide_too_long_for_the_frame_is_shrunk_to_fit(page, built):
    page.open_deck(slide_page(built, LONG_DECK))
    shrunk = page.page.evaluate(
        """(heading) => [...document.querySelectorAll('section[data-scscall-fit]')]
            .map((slide) => [slide.querySelector('h3').textContent, slide.scrollHeight])""",
        SHRUNK_TOPIC,
    )
    assert [heading for heading, _height in shrunk] == [SHRUNK_TOPIC]
    assert all(height <= SLIDE_HEIGHT for _heading, height in shrunk)


def test_long_event_list_continues_on_a_second_slide(page, built):
    page.open_deck(slide_page(built, LONG_DECK))
    headings = page.page.evaluate(
        """[...document.querySelectorAll('section[data-scscall-slide="upcoming-events"] h2')]
            .map((h) => h.textContent)"""
    )
    assert headings == ["Upcoming events (1/2)", "Upcoming events (2/2)"]


def test_archive_search_finds_the_call(page, built):
    search_page = built["html"].outdir / "search.html"
    page.page.goto(search_page.resolve().as_uri())
    page.page.fill("input[name='q']", "Lisbon")
    page.page.press("input[name='q']", "Enter")
    results = page.page.locator("#search-results li a")
    results.first.wait_for()
    assert TITLE in results.all_text_contents()
    page.assert_offline_and_quiet()


def test_speaker_notes_stay_out_of_the_archive(page, built):
    page.page.goto((built["html"].outdir / f"{DECK}.html").resolve().as_uri())
    body = page.page.locator("body").inner_text()
    assert TOPIC_NOTE not in body and TITLE_NOTE not in body and SURVEY_NOTE not in body
    page.assert_offline_and_quiet()


SLIDE_SHOTS = {
    "slide-title": "title",
    "slide-team-report": "team-report",
    "slide-team-topic": "topic",
    "slide-upcoming-events": "upcoming-events",
    "slide-survey-callout": "survey",
}
ARCHIVE_SHOTS = {
    "archive-team-report": "section.scscall-team-report",
    "archive-upcoming-events": "section.scscall-upcoming-events",
    "archive-survey-callout": "section.scscall-survey",
}


def test_screenshots_of_each_directive(page, built):
    """Taken on every run; written to docs/_static/screenshots/ with SCSCALL_UPDATE_SCREENSHOTS=1."""
    update = os.environ.get("SCSCALL_UPDATE_SCREENSHOTS") == "1"
    shots: dict[str, bytes] = {}
    page.page.set_viewport_size({"width": 1280, "height": 720})
    page.open_deck(slide_page(built, DECK))
    page.page.evaluate(
        "Reveal.configure({ controls: false, progress: false, transition: 'none', backgroundTransition: 'none' })"
    )
    for name, kind in SLIDE_SHOTS.items():
        go_to_kind(page.page, kind)
        page.page.wait_for_timeout(300)
        shots[name] = page.page.screenshot()
    page.page.set_viewport_size({"width": 1100, "height": 720})
    page.page.goto((built["html"].outdir / f"{DECK}.html").resolve().as_uri())
    for name, selector in ARCHIVE_SHOTS.items():
        shots[name] = page.page.locator(selector).screenshot()
    page.assert_offline_and_quiet()
    assert all(png.startswith(b"\x89PNG") for png in shots.values())
    if update:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        for name, png in shots.items():
            (SCREENSHOTS / f"{name}.png").write_bytes(png)


@pytest.fixture(scope="module")
def actions_slides(tmp_path_factory):
    from test_actions_project import DECK_FILES, actions_project

    from sphinxcontrib_scscall.testing import build

    result = build(actions_project(tmp_path_factory.mktemp("actions")), "revealjs")
    assert result.warning_lines() == []
    first = sorted(DECK_FILES.values())[0].rsplit(".", 1)[0]
    return result.outdir / f"{first}.html"


def test_action_checkboxes_are_as_large_as_their_text_on_a_slide(page, actions_slides):
    """A form control keeps the browser's 13 px font unless told: on a projected slide its
    box was a speck beside 36 px text."""
    page.open_deck(actions_slides)
    sizes = page.page.evaluate(
        """() => {
            const box = document.querySelector('.scscall-checkbox');
            Reveal.slide(...Object.values(Reveal.getIndices(box.closest('section'))));
            const text = parseFloat(getComputedStyle(box.parentElement).fontSize);
            return [box.getBoundingClientRect().height / Reveal.getScale(), text];
        }"""
    )
    height, text_size = sizes
    assert height >= 0.6 * text_size, sizes
    page.assert_offline_and_quiet()
