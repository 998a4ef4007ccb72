"""call-archive, team-timeline and reporter-index: content, order and links, in MyST
(archive.md) and rST (archive-rst.rst), built as HTML and as slides."""

from __future__ import annotations

import re

import pytest
from archive_project import DECKS, archive_project, deck_dates, href_target

from sphinxcontrib_scscall.testing import build, slide_stacks, write_project


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    root = archive_project(tmp_path_factory.mktemp("archive"))
    return {builder: build(root, builder) for builder in ("html", "revealjs")}


def entries(container):
    return container.select("li.scscall-archive-entry")


def entry_date(entry) -> str:
    return entry.select_one(".scscall-date").get_text()


def test_builds_without_warnings(builds):
    for result in builds.values():
        assert result.warning_lines() == []


@pytest.mark.parametrize("page", ["archive", "archive-rst"])
@pytest.mark.parametrize("builder", ["html", "revealjs"])
def test_every_directive_renders_in_both_syntaxes(builds, page, builder):
    soup = builds[builder].html(page)
    assert soup.select(".scscall-call-archive li.scscall-archive-entry")
    assert soup.select("ul.scscall-team-timeline > li.scscall-timeline-entry")
    assert soup.select("ul.scscall-reporter-index > li.scscall-reporter")
    assert not soup.find(string=re.compile("archive_listing|call_archive"))


def test_call_archive_lists_every_deck_newest_first_grouped_by_year(builds):
    archive = builds["html"].html("archive").select_one(".scscall-call-archive")
    dates = deck_dates()
    listed = [entry_date(entry) for entry in entries(archive)]
    assert listed == sorted(dates.values(), reverse=True)
    headings = [heading.get_text() for heading in archive.select(".scscall-archive-year")]
    assert headings == sorted({date[:4] for date in dates.values()}, reverse=True)
    for heading in archive.select(".scscall-archive-year"):
        years = {entry_date(e)[:4] for e in entries(heading.find_next_sibling("ul"))}
        assert years == {heading.get_text()}


def test_call_archive_entry_links_title_reports_and_slides(builds):
    result = builds["html"]
    page = result.outdir / "archive.html"
    archive = result.html("archive").select_one(".scscall-call-archive")
    by_date = {date: docname for docname, date in deck_dates().items()}
    for entry in entries(archive):
        docname = by_date[entry_date(entry)]
        call = result.app.env.scscall_calls[docname]
        title = entry.select_one("a.scscall-call-link")
        assert title.get_text() == call.title
        assert href_target(page, title["href"]) == result.outdir / f"{docname}.html"
        assert entry.select_one("a.scscall-slides-link")["href"] == f"slides/{docname}.html"
        teams = entry.select("a.scscall-team-link")
        assert [a.get_text() for a in teams] == [r.team_name for r in call.reports]
        assert [a["href"] for a in teams] == [f"{docname}.html#{r.anchor}" for r in call.reports]
        for link in teams:  # the anchor exists on the deck's page
            fragment = link["href"].split("#", 1)[1]
            assert result.html(docname).find(id=fragment) is not None
        presenter = entry.select_one("a.scscall-handle")
        assert (presenter.get_text() if presenter else None) == (
            f"@{call.presenter}" if call.presenter else None
        )


def test_call_archive_year_team_limit_and_flat(builds):
    archives = builds["html"].html("archive-rst").select(".scscall-call-archive")
    of_year, of_team = archives
    assert [entry_date(e)[:4] for e in entries(of_year)] == ["2024"] * len(entries(of_year))
    all_2024 = [d for d in deck_dates().values() if d.startswith("2024")]
    assert len(entries(of_year)) == len(all_2024)
    # :team: container :limit: 1 :flat: -> the newest container call, no year headings
    assert of_team.select(".scscall-archive-year") == []
    (only,) = entries(of_team)
    container_dates = [
        entry_date(e) for e in entries(of_year) + entries(archives[0]) if "container" in str(e)
    ]
    assert entry_date(only) == max(container_dates)
    assert "scscall-reported-container" in only["class"]


def test_team_timeline_oldest_first_with_topics(builds):
    result = builds["html"]
    timeline = result.html("archive").select_one("ul.scscall-team-timeline")
    calls = result.app.env.scscall_calls
    expected = sorted(
        (call.date.isoformat(), report)
        for call in calls.values()
        for report in call.reports
        if report.team_key == "iaas"
    )
    items = timeline.select(":scope > li")
    assert [item.select_one("a.scscall-date").get_text() for item in items] == [
        date for date, _report in expected
    ]
    for item, (_date, report) in zip(items, expected, strict=True):
        topics = item.select("a.scscall-topic-link")
        assert [a.get_text() for a in topics] == [t.title for t in report.topics]
        assert all(
            a["href"].endswith(f"#{t.anchor}") for a, t in zip(topics, report.topics, strict=True)
        )
        handles = [a.get_text() for a in item.select("a.scscall-handle")]
        assert handles == [f"@{h}" for h in report.reporters]


def test_team_timeline_reverse_is_newest_first(builds):
    timeline = builds["html"].html("archive-rst").select_one("ul.scscall-team-timeline")
    dates = [a.get_text() for a in timeline.select(":scope > li > p > a.scscall-date")]
    assert len(dates) >= 2
    assert dates == sorted(dates, reverse=True)


def test_reporter_index_has_every_handle_with_calls_and_teams(builds):
    result = builds["html"]
    index = result.html("archive").select_one("ul.scscall-reporter-index")
    reported: dict[str, set[tuple[str, str]]] = {}
    for call in result.app.env.scscall_calls.values():
        for report in call.reports:
            for handle in report.reporters:
                reported.setdefault(handle.lower(), set()).add(
                    (call.date.isoformat(), report.team_name)
                )
    listed = {}
    for item in index.select(":scope > li"):
        handle = item.select_one(":scope > p > a.scscall-handle").get_text().lstrip("@").lower()
        listed[handle] = {
            (line.select_one("a.scscall-date").get_text(), team.get_text())
            for line in item.select("ul.scscall-reporter-calls > li")
            for team in line.select("a.scscall-team-link")
        }
    assert listed == reported
    assert list(listed) == sorted(listed)


def test_slides_render_listings_with_links_to_decks(builds):
    result = builds["revealjs"]
    soup = result.html("archive")
    assert [stack[0] for stack in slide_stacks(soup)] == ["All calls", "Team IaaS", "Reporters"]
    # on slides the listing links the decks, and there is no extra slides link or feed
    assert soup.select("a.scscall-slides-link") == []
    assert soup.select(".scscall-archive-feeds") == []
    for link in soup.select("a.scscall-call-link"):
        assert href_target(result.outdir / "archive.html", link["href"]).is_file()


def test_html_only_archive_pages_get_filter_script(builds):
    result = builds["html"]
    scripts = lambda page: [s.get("src", "") for s in result.html(page).select("script")]  # noqa: E731
    assert any("scscall-archive.js" in src for src in scripts("archive"))
    assert not any("scscall-archive.js" in src for src in scripts("index"))
    assert (result.outdir / "_static" / "scscall-archive.js").is_file()


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (":year: twenty\n", ":year: must be a four-digit year"),
        (":limit: -3\n", ":limit: must be a whole number"),
        (":team: No Such Team\n", "no team 'no-such-team'"),
    ],
)
@pytest.mark.parametrize("syntax", ["myst", "rst"])
def test_bad_options_warn_with_file_and_line(tmp_path, source, message, syntax):
    if syntax == "myst":
        page = ("listing.md", f"# Listing\n\ntext\n\n:::{{call-archive}}\n{source}:::\n")
    else:
        option = "   " + source
        page = ("listing.rst", f"Listing\n=======\n\ntext\n\n.. call-archive::\n{option}")
    root = write_project(tmp_path / syntax, {page[0]: page[1], **{k: DECKS[k] for k in DECKS}})
    result = build(root)
    matching = [line for line in result.warning_lines() if message in line]
    assert len(matching) == 1, result.warnings
    directive_line = 1 + page[1].splitlines().index(
        next(line for line in page[1].splitlines() if "call-archive" in line)
    )
    assert re.search(rf"{page[0]}:{directive_line}: WARNING", matching[0]), matching[0]


def test_unknown_timeline_team_warns_but_ad_hoc_team_with_reports_does_not(tmp_path):
    page = (
        "# Timelines\n\n:::{team-timeline} Nobody Here\n:::\n\n"
        ":::{team-timeline} Public Cloud SIG\n:::\n"
    )
    root = write_project(tmp_path, {"index.md": page, **DECKS})
    result = build(root)
    assert len(result.warning_lines()) == 1
    assert "index.md:3: WARNING: team-timeline: no team 'nobody-here'" in result.warnings
    timelines = result.html("index")
    assert timelines.select_one("p.scscall-empty") is not None
    assert len(timelines.select("ul.scscall-team-timeline > li")) == 1
