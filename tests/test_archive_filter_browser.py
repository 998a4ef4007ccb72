"""The call archive's client-side filter, in a real Chromium, from file://."""

from __future__ import annotations

import shutil

import pytest
from archive_project import archive_project

from sphinxcontrib_scscall.testing import build

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    sync_api = pytest.importorskip("playwright.sync_api")
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    result = build(archive_project(tmp_path_factory.mktemp("filter")))
    with sync_api.sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=executable)
        except Exception as err:  # no usable browser on this machine
            pytest.skip(f"no Chromium: {err}")
        page = browser.new_page()
        page.goto((result.outdir / "archive.html").as_uri())
        yield page
        browser.close()


def visible_dates(page) -> list[str]:
    return page.eval_on_selector_all(
        ".scscall-call-archive li.scscall-archive-entry:not([hidden]) .scscall-date",
        "nodes => nodes.map(node => node.textContent)",
    )


def test_filter_by_team_and_year(page):
    archive = page.locator(".scscall-call-archive").first
    team = archive.locator("form.scscall-archive-filter select").nth(0)
    year = archive.locator("form.scscall-archive-filter select").nth(1)
    every = visible_dates(page)
    assert len(every) >= 3

    labels = team.locator("option").all_text_contents()
    assert labels[0] == "All teams" and "Team Container" in labels
    team.select_option(label="Team Container")
    container = visible_dates(page)
    expected = page.eval_on_selector_all(
        ".scscall-call-archive li.scscall-reported-container .scscall-date",
        "nodes => nodes.map(node => node.textContent)",
    )
    assert container == expected and 0 < len(container) < len(every)

    year.select_option(label="2024")
    assert visible_dates(page) == [d for d in container if d.startswith("2024")]
    hidden_years = page.eval_on_selector_all(
        ".scscall-call-archive .scscall-archive-year[hidden]", "nodes => nodes.length"
    )
    assert hidden_years == 1
    assert "1 of" in archive.locator("form.scscall-archive-filter output").text_content()

    team.select_option(label="All teams")
    year.select_option(label="All years")
    assert visible_dates(page) == every
