"""Shared permalinks: every team report and topic has the same id on its archive page and
in its slide deck, and each team report links its twin in the other output."""

from __future__ import annotations

from pathlib import Path

import pytest
from archive_project import href_target
from bs4 import BeautifulSoup
from robust_support import FORMATS, deck_project, directive, heading
from test_actions_project import DECK_FILES, actions_project

from sphinxcontrib_scscall.testing import build_deployed

DOCNAMES = sorted(path.rsplit(".", 1)[0] for path in DECK_FILES.values())


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    """The ``tox -e docs`` layout: _build/html and _build/html/slides."""
    return build_deployed(actions_project(tmp_path_factory.mktemp("permalinks")))


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def report_and_topic_ids(page: BeautifulSoup) -> list[str]:
    sections = page.select("section.scscall-team-report, section.scscall-topic")
    return [section["id"] for section in sections]


@pytest.mark.parametrize("docname", DOCNAMES)
def test_reports_and_topics_have_the_same_ids_in_both_outputs(outputs, docname):
    html, slides = outputs
    ids = report_and_topic_ids(soup_of(html / f"{docname}.html"))
    assert ids and any(anchor.startswith("team-") for anchor in ids)
    deck = soup_of(slides / f"{docname}.html")
    for anchor in ids:
        slide = deck.find("section", id=anchor)
        assert slide is not None, anchor
        assert slide.get("data-scscall-slide") in ("team-report", "topic")


@pytest.mark.parametrize("docname", DOCNAMES)
def test_each_report_links_its_slide_and_each_team_slide_links_back(outputs, docname):
    html, slides = outputs
    page_path, deck_path = html / f"{docname}.html", slides / f"{docname}.html"
    page, deck = soup_of(page_path), soup_of(deck_path)
    reports = page.select("section.scscall-team-report")
    assert reports
    for report in reports:
        (link,) = report.select(":scope > p.scscall-report-twin a")
        target, _, anchor = link["href"].partition("#/")
        assert href_target(page_path, target) == deck_path.resolve()
        assert anchor == report["id"]
        slide = deck.find("section", id=anchor)
        (back,) = slide.select("p.scscall-report-twin a")
        target, _, back_anchor = back["href"].partition("#")
        assert href_target(deck_path, target) == page_path.resolve()
        assert back_anchor == report["id"]
        # on the team's title slide, not on a topic slide below it
        assert back.find_parent("section") is slide


def test_listings_link_the_slides_of_actions_and_decisions(outputs):
    html, slides = outputs
    page_path = html / "listings.html"
    links = soup_of(page_path).select("a.scscall-slide-link")
    assert links
    for link in links:
        target, _, anchor = link["href"].partition("#/")
        deck_path = href_target(page_path, target)
        assert deck_path.is_relative_to(slides.resolve())
        slide = soup_of(deck_path).find("section", id=anchor)
        assert slide.select("li.scscall-action, div.scscall-decision")


@pytest.mark.parametrize("fmt", FORMATS)
def test_headings_inside_a_topic_keep_their_ids_on_its_slide(tmp_path, fmt):
    """reveal.js has three slide levels; a deeper topic is found on the slide around it."""
    topic = "\n".join(
        [heading(fmt, "Cluster stacks"), "News.", "", heading(fmt, "Details", 3), "More."]
    )
    report = directive(fmt, "team-report", "iaas", {}, topic)
    srcdir, docname = deck_project(tmp_path, fmt, report)
    html, slides = build_deployed(srcdir)
    page = soup_of(html / f"{docname}.html")
    nested = page.select("section.scscall-topic section.scscall-topic")
    assert [title_text(section.h4) for section in nested] == ["Details"]
    deck = soup_of(slides / f"{docname}.html")
    for anchor in report_and_topic_ids(page):
        (element,) = deck.select(f"[id='{anchor}']")
        slide = element if element.name == "section" else element.find_parent("section")
        assert slide.get("data-scscall-slide") in ("team-report", "topic"), anchor
    (details,) = deck.select(f"[id='{nested[0]['id']}']")
    assert title_text(details) == "Details"
    assert title_text(details.find_parent("section").find("h3")) == "Cluster stacks"


def title_text(heading_element) -> str:
    """A heading's text without Sphinx's permalink mark."""
    return heading_element.get_text().removesuffix("¶")
