"""Ticking an action in one deck updates every page and feed that shows it in the next
incremental build, and only those; ``-j 2`` equals ``-j 1``; clean builds are
byte-identical."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from html import unescape
from pathlib import Path

import pytest
from test_actions_project import DECK_FILES, actions_project
from test_robust_reproducible import differences, output_files

from sphinxcontrib_scscall.testing import build

ATOM = "{http://www.w3.org/2005/Atom}"
LATEST = DECK_FILES["2031-01-15"]  # an rST deck
TICKED = "write the release  notes"
TEAM_PAGE = "community-calls/teams/iaas"
# the pages that show the ticked action; the other call pages and the listing pages
# that do not show actions of its team must not be written again (Sphinx itself also
# writes the toctree parent of the pages it writes)
SHOWING = {"listings.html", "listings-rst.html", f"{TEAM_PAGE}.html", f"{TEAM_PAGE}.atom"}
UNRELATED = {
    *(path.replace(".md", ".html").replace(".rst", ".html") for path in DECK_FILES.values()),
    "community-calls/teams/ops.atom",
    "community-calls/teams/ops.html",
    "community-calls/teams/index.html",
} - {LATEST.replace(".rst", ".html")}


def open_texts(soup) -> list[str]:
    return [
        " ".join(li.select_one(".scscall-action-text").get_text(" ").split())
        for li in soup.select(".scscall-open-actions li.scscall-action")
    ]


def mtimes(outdir: Path, names) -> dict[str, int]:
    return {name: (outdir / name).stat().st_mtime_ns for name in names}


def test_ticking_an_action_updates_listings_team_page_and_feed_only(tmp_path):
    root = actions_project(tmp_path / "src")
    first = build(root, "html")
    assert any("release notes" in t for t in open_texts(first.html("listings")))
    before = mtimes(first.outdir, UNRELATED | SHOWING)

    deck = root / LATEST
    text = deck.read_text(encoding="utf-8")
    assert f"[ ] @fkr @tibeer {TICKED}" in text
    deck.write_text(text.replace(f"[ ] @fkr @tibeer {TICKED}", f"[x] @fkr @tibeer {TICKED}"))
    second = build(root, "html", freshenv=False)
    assert second.warning_lines() == []

    for page in ("listings", "listings-rst", TEAM_PAGE):
        assert not any("release notes" in t for t in open_texts(second.html(page))), page
    feed = ET.parse(second.outdir / f"{TEAM_PAGE}.atom").getroot()
    newest = unescape(feed.find(f"{ATOM}entry/{ATOM}content").text)
    assert "☑ @fkr @tibeer write the release notes" in " ".join(newest.split())

    after = mtimes(second.outdir, UNRELATED | SHOWING)
    assert {name for name in UNRELATED if after[name] != before[name]} == set()
    assert {name for name in SHOWING if after[name] == before[name]} == set()


def test_a_new_deck_updates_the_navigation_of_its_neighbour(tmp_path):
    root = actions_project(tmp_path / "src")
    build(root, "html")
    (root / "community-calls/2031-02-05.md").write_text("# Community Call February\n")
    result = build(root, "html", freshenv=False)
    latest = result.html(LATEST.replace(".rst", ""))
    assert latest.select_one("head link[rel=next]")["href"] == "2031-02-05.html"


@pytest.mark.parametrize("builder", ["html", "revealjs"])
def test_parallel_equals_serial_and_clean_builds_are_identical(tmp_path, builder):
    pristine = actions_project(tmp_path / "pristine")
    outputs = {}
    for name, jobs in (("serial", 0), ("again", 0), ("parallel", 2)):
        source = tmp_path / name / "src"
        shutil.copytree(pristine, source)
        outputs[name] = output_files(
            build(source, builder, builddir=tmp_path / name / "build", parallel=jobs).outdir
        )
    assert any(name.endswith(".atom") for name in outputs["serial"]) == (builder == "html")
    assert differences(outputs["serial"], outputs["again"]) == []
    assert differences(outputs["serial"], outputs["parallel"]) == []
