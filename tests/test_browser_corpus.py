"""The real decks of ../shared/corpus, imported and built, fit the 1920x1080 frame on every slide.

Read from the corpus folder at test time (never copied into the project);
skipped when it, Chromium or Playwright is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser.chromium import launch_chromium, overflowing_slides, watch

from sphinxcontrib_scscall.commands import main
from sphinxcontrib_scscall.testing import build, write_project

pytestmark = [pytest.mark.browser, pytest.mark.corpus]

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "community-call"


@pytest.fixture(scope="module")
def chromium(tmp_path_factory):
    yield from launch_chromium(tmp_path_factory)


@pytest.fixture(scope="module")
def corpus_slides(tmp_path_factory):
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present")
    project = write_project(tmp_path_factory.mktemp("corpus") / "project", {})
    decks = sorted(CORPUS.glob("2*.md"))
    assert (
        main(["import", *map(str, decks), "--out", str(project / "community-calls"), "--quiet"])
        == 0
    )
    result = build(project, "revealjs")
    return sorted((result.outdir / "community-calls").glob("*.html"))


def test_every_slide_of_every_real_deck_fits_the_frame(chromium, corpus_slides):
    # remote images of the real decks are refused offline, so only text is measured
    assert corpus_slides, "the importer wrote no decks"
    overflowing = {}
    for deck in corpus_slides:
        page = watch(chromium)
        page.open_deck(deck)
        found = overflowing_slides(page.page)
        if found:
            overflowing[deck.name] = found
        page.page.close()
    assert overflowing == {}
