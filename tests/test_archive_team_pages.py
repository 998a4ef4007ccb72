"""Generated team pages: one per configured team plus an overview, real searchable documents."""

from __future__ import annotations

import pytest
from archive_project import CONF, DECKS, archive_project, href_target

from sphinxcontrib_scscall.archive.team_pages import MARKER
from sphinxcontrib_scscall.config import settings
from sphinxcontrib_scscall.testing import build, slide_stacks, write_project

TEAMS_DIR = "community-calls/teams"


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    root = archive_project(tmp_path_factory.mktemp("pages"))
    return {builder: build(root, builder) for builder in ("html", "revealjs")}


def test_one_page_per_configured_team_and_an_overview(builds):
    result = builds["html"]
    teams = list(settings(result.app.config).teams)
    expected = {f"{TEAMS_DIR}/{team.key}" for team in teams} | {f"{TEAMS_DIR}/index"}
    generated = {d for d in result.app.env.found_docs if d.startswith(f"{TEAMS_DIR}/")}
    assert generated == expected
    for docname in expected:
        assert (result.outdir / f"{docname}.html").is_file()
        assert docname not in result.app.env.scscall_calls  # not mistaken for call decks
    titles = {team.key: team.name for team in teams}
    for key, name in titles.items():
        assert result.app.env.titles[f"{TEAMS_DIR}/{key}"].astext() == name


def test_team_page_shows_the_teams_reports_newest_first(builds):
    result = builds["html"]
    reports = [
        (call.date.isoformat(), report)
        for call in result.app.env.scscall_calls.values()
        for report in call.reports
        if report.team_key == "container"
    ]
    page = result.html(f"{TEAMS_DIR}/container")
    dates = [
        a.get_text() for a in page.select("ul.scscall-team-timeline > li > p > a.scscall-date")
    ]
    assert dates == sorted((date for date, _r in reports), reverse=True)
    topics = {a.get_text() for a in page.select("a.scscall-topic-link")}
    assert topics == {topic.title for _d, r in reports for topic in r.topics}
    for link in page.select("a.reference.internal"):
        assert href_target(result.outdir / f"{TEAMS_DIR}/container.html", link["href"]).is_file()


def test_overview_links_every_team_page_with_report_counts(builds):
    result = builds["html"]
    overview = result.html(f"{TEAMS_DIR}/index")
    page_path = result.outdir / f"{TEAMS_DIR}/index.html"
    links = overview.select("ul.scscall-team-overview a.scscall-team-page-link")
    teams = list(settings(result.app.config).teams)
    assert [a.get_text() for a in links] == [team.name for team in teams]
    for link, team in zip(links, teams, strict=True):
        assert (
            href_target(page_path, link["href"]) == result.outdir / f"{TEAMS_DIR}/{team.key}.html"
        )
        count = sum(
            report.team_key == team.key
            for call in result.app.env.scscall_calls.values()
            for report in call.reports
        )
        assert f" {count} report" in link.parent.get_text()
    assert overview.select_one("ul.scscall-reporter-index") is not None
    # the call archive links the overview
    teams_link = result.html("archive").select_one("a.scscall-teams")
    assert href_target(result.outdir / "archive.html", teams_link["href"]) == page_path


def test_generated_pages_render_as_slides(builds):
    result = builds["revealjs"]
    assert result.warning_lines() == []
    team_page = result.html(f"{TEAMS_DIR}/iaas")
    stacks = slide_stacks(team_page)
    assert stacks[0] == ["Team IaaS"]
    assert result.html(f"{TEAMS_DIR}/index").select("ul.scscall-team-overview > li")
    # in the slide build the team's listings are one link to its page in the archive
    html_page = builds["html"].outdir / f"{TEAMS_DIR}/iaas.html"
    assert builds["html"].html(f"{TEAMS_DIR}/iaas").select("ul.scscall-team-timeline")
    assert team_page.select("ul.scscall-team-timeline, .scscall-team-page-part") == []
    pointers = team_page.select(".scscall-in-archive a")
    assert len(pointers) == 1
    # deployed as the archive's slides/ folder (scscall_slides_url), it opens the team's page
    deployed = builds["html"].outdir / "slides" / f"{TEAMS_DIR}/iaas.html"
    assert (deployed.parent / pointers[0]["href"]).resolve() == html_page.resolve()


def test_switched_off_configured_folder_stale_and_hand_written_pages(tmp_path):
    root = archive_project(tmp_path, conf=CONF + 'scscall_team_pages_dir = "teams"\n')
    (root / "teams").mkdir()
    (root / "teams" / "ops.md").write_text("# Our own Ops page\n\nWritten by hand.\n")
    (root / "teams" / "gone.rst").write_text(f".. {MARKER}\n\n:orphan:\n\nGone\n====\n")
    result = build(root)
    docs = result.app.env.found_docs
    assert "teams/iaas" in docs and "teams/index" in docs
    assert "teams/gone" not in docs  # a generated page no longer wanted is removed
    assert not (root / "teams" / "ops.rst").exists()  # the hand-written page wins
    assert result.app.env.titles["teams/ops"].astext() == "Our own Ops page"

    off = build(root, confoverrides={"scscall_generate_team_pages": False})
    assert not [d for d in off.app.env.found_docs if d.startswith("community-calls/teams")]
    assert off.html("archive").select("a.scscall-teams") == []


def test_pages_go_beside_the_first_deck_in_nested_trees(tmp_path):
    decks = {f"community/{path}": text for path, text in DECKS.items()}
    root = archive_project(tmp_path, decks=decks)
    result = build(root)
    assert "community/community-calls/teams/iaas" in result.app.env.found_docs
    assert result.warning_lines() == []


def test_markdown_only_projects_get_myst_pages(tmp_path):
    decks = {path: text for path, text in DECKS.items() if path.endswith(".md")}
    conf = CONF + 'source_suffix = {".md": "markdown"}\n'
    files = {"index.md": "# Index\n\n:::{call-archive}\n:::\n", **decks}
    root = write_project(tmp_path, files, conf=conf)
    result = build(root)
    assert (root / TEAMS_DIR / "iaas.md").is_file()
    assert result.app.env.titles[f"{TEAMS_DIR}/iaas"].astext() == "Team IaaS"
    assert result.html(f"{TEAMS_DIR}/index").select("ul.scscall-team-overview > li")
    # generated MyST pages are recognised as generated: removed once no longer wanted
    build(root, confoverrides={"scscall_teams": {"iaas": {"name": "Team IaaS"}}})
    assert sorted(p.name for p in (root / TEAMS_DIR).iterdir()) == ["iaas.md", "index.md"]
