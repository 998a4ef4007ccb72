"""Imported decks build without warnings in both builders and keep every word."""

import pytest
from import_support import ROOT, built_words, import_and_build, source_words

# words the importer replaces by structure on purpose: bylines, minutes labels and
# team headings (the directives render their own), HedgeDoc's "Note:" marker, the
# page label of a merged events slide and a month abbreviation (dates are rewritten)
STRUCTURAL = {"presented", "report", "minutes", "certfication", "operations", "note"}
STRUCTURAL |= {"second", "page", "jan"}


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    return import_and_build(tmp_path_factory, ROOT)


@pytest.mark.parametrize("builder", ["html", "revealjs"])
def test_builds_without_warnings(imported, builder):
    _project, builds = imported
    assert builds[builder].warning_lines() == []


@pytest.mark.parametrize(
    ("source", "docname"), [("20250109", "2025-01-09"), ("20230105", "2023-01-05")]
)
def test_every_word_reaches_the_html(imported, source, docname):
    _project, builds = imported
    words = source_words((ROOT / f"{source}.md").read_text())
    # speaker notes are on the slides only
    missing = words - built_words(builds, f"community-calls/{docname}")
    assert missing <= STRUCTURAL


def test_local_image_is_copied_beside_the_deck(imported):
    project, builds = imported
    assert (project / "community-calls" / "capybara.png").is_file()
    images = builds["html"].html("community-calls/2025-01-09").find_all("img")
    assert any(image["src"].endswith("capybara.png") for image in images)
