"""Links between the outputs in the ``tox -e docs`` layout: _build/html and _build/html/slides."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from archive_project import archive_project, href_target
from bs4 import BeautifulSoup

from sphinxcontrib_scscall.testing import build_deployed


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    root = archive_project(tmp_path_factory.mktemp("links"))
    return (root, *build_deployed(root))


def pages(folder: Path):
    for path in sorted(folder.rglob("*.html")):
        yield path, BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def local_links(soup):
    for link in soup.select("a[href]"):
        parts = urlsplit(link["href"])
        if not parts.scheme and not link["href"].startswith("#"):
            yield link


def test_every_local_link_in_both_outputs_resolves(outputs):
    _root, html, _slides = outputs
    broken = []
    for path, soup in pages(html):
        for link in local_links(soup):
            target = href_target(path, link["href"])
            if not target.exists():
                broken.append((str(path.relative_to(html)), link["href"]))
                continue
            fragment = urlsplit(link["href"]).fragment.removeprefix("/")
            if fragment and any(c.startswith("scscall-") for c in link.get("class", [])):
                target_soup = BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser")
                if target_soup.find(id=fragment) is None:
                    broken.append((str(path.relative_to(html)), link["href"]))
    assert broken == []


def test_every_call_page_links_its_slides_and_back(outputs):
    root, html, slides = outputs
    decks = sorted(p.relative_to(root).with_suffix("") for p in root.glob("community-calls/*.*"))
    assert decks
    for deck in decks:
        page = html / f"{deck}.html"
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        (view,) = soup.select("p.scscall-view-slides a.scscall-slides-link")
        assert view.get_text() == "View as slides"
        assert href_target(page, view["href"]) == (slides / f"{deck}.html").resolve()

        deck_page = slides / f"{deck}.html"
        deck_soup = BeautifulSoup(deck_page.read_text(encoding="utf-8"), "html.parser")
        (back,) = deck_soup.select("a.scscall-archive-link")
        assert back.get_text() == "Read in the archive"
        assert href_target(deck_page, back["href"]) == page.resolve()
        # a corner link beside the slides, not inside the title slide
        assert back.find_parent("section") is None
        assert back.parent.get("class") == ["slides"]


def test_only_call_decks_get_the_links(outputs):
    _root, html, slides = outputs
    for folder, selector in ((html, "a.scscall-slides-link"), (slides, "a.scscall-archive-link")):
        soup = BeautifulSoup((folder / "index.html").read_text(encoding="utf-8"), "html.parser")
        assert soup.select(selector) == []


def test_archive_listing_links_every_deck_to_existing_slides(outputs):
    root, html, _slides = outputs
    page = html / "archive.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    links = soup.select(".scscall-call-archive a.scscall-slides-link")
    assert len(links) == len(list(root.glob("community-calls/*.*")))
    assert all(href_target(page, a["href"]).is_file() for a in links)
