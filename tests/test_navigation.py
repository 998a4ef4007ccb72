"""Previous/next call on every call page, year anchors in ``call-archive``, and the
recording link on the page, in ``call-archive`` and on the title slide."""

from __future__ import annotations

import pytest
from test_actions_project import DECK_FILES, RECORDING, actions_project

from sphinxcontrib_scscall.testing import build

ORDER = [DECK_FILES[date].rsplit(".", 1)[0] for date in sorted(DECK_FILES)]
# a toctree listing the decks in another order: its relations must not win
TOCTREE_INDEX = (
    "# Demo\n\n```{toctree}\nlistings\nlistings-rst\n" + "\n".join(reversed(ORDER)) + "\n```\n"
)


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    root = actions_project(tmp_path_factory.mktemp("navigation"))
    (root / "index.md").write_text(TOCTREE_INDEX, encoding="utf-8")
    return {builder: build(root, builder) for builder in ("html", "revealjs")}


def head_link(soup, rel: str) -> str | None:
    link = soup.select_one(f"head link[rel={rel}]")
    return link["href"] if link else None


@pytest.mark.parametrize("index", range(len(ORDER)))
def test_call_pages_link_previous_and_next_by_date(builds, index):
    soup = builds["html"].html(ORDER[index])
    before = ORDER[index - 1] if index else None
    after = ORDER[index + 1] if index + 1 < len(ORDER) else None
    for rel, neighbour in (("prev", before), ("next", after)):
        expected = f"{neighbour.rsplit('/', 1)[1]}.html" if neighbour else None
        assert head_link(soup, rel) == expected
        visible = soup.select_one(f".scscall-call-nav a.scscall-{rel}-call")
        assert (visible["href"] if visible else None) == expected
        if neighbour:
            assert neighbour.rsplit("/", 1)[1] in visible.get_text()


def test_slides_have_no_call_navigation(builds):
    soup = builds["revealjs"].html(ORDER[1])
    assert soup.select(".scscall-call-nav") == []


def test_call_archive_year_groups_have_anchors(builds):
    soup = builds["html"].html("listings-rst")
    years = soup.select(".scscall-call-archive .scscall-archive-year")
    assert [y.get_text() for y in years] == sorted({d[:4] for d in DECK_FILES}, reverse=True)
    for year in years:
        assert year.get_text() in year["id"]
    assert len({year["id"] for year in years}) == len(years)


def test_recording_on_page_in_call_archive_and_on_title_slide(builds):
    docname = DECK_FILES["2030-11-20"].rsplit(".", 1)[0]
    page = builds["html"].html(docname)
    assert page.select_one(".scscall-call-meta .scscall-recording a")["href"] == RECORDING
    listing = builds["html"].html("listings-rst")
    recordings = listing.select(".scscall-call-archive a.scscall-recording")
    assert [a["href"] for a in recordings] == [RECORDING]
    entry = recordings[0].find_parent("li")
    assert docname.rsplit("/", 1)[1] in entry.select_one("a.scscall-call-link")["href"]
    deck = builds["revealjs"].html(docname)
    title_slide = deck.select_one('section[data-scscall-slide="title"]')
    assert title_slide.select_one(".scscall-recording a")["href"] == RECORDING
