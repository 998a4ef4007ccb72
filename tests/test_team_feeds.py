"""One Atom feed per generated team page, announced in the page's head: one entry per
report of the team, linking the report, with its topics, actions and decisions."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from html import unescape

import pytest
from test_actions_project import APPEARANCES, DECISIONS, DECK_FILES, actions_project

from sphinxcontrib_scscall.testing import DEFAULT_CONF, build

ATOM = "{http://www.w3.org/2005/Atom}"
TEAM_PAGE = "community-calls/teams/iaas"


def feed_entries(path):
    root = ET.parse(path).getroot()
    return root, root.findall(f"{ATOM}entry")


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    return build(actions_project(tmp_path_factory.mktemp("feeds")), "html")


def iaas_dates() -> list[str]:
    dates = {a[0] for a in APPEARANCES if a[1] == "iaas"} | {
        d[0] for d in DECISIONS if d[1] == "iaas"
    }
    return sorted(dates, reverse=True)


def test_team_page_announces_its_feed_beside_it(result):
    soup = result.html(TEAM_PAGE)
    (link,) = soup.select('head link[rel=alternate][type="application/atom+xml"]')
    assert (result.outdir / TEAM_PAGE).parent.joinpath(link["href"]).resolve() == (
        result.outdir / f"{TEAM_PAGE}.atom"
    ).resolve()


def test_one_entry_per_report_linking_its_anchor(result):
    root, entries = feed_entries(result.outdir / f"{TEAM_PAGE}.atom")
    assert root.findtext(f"{ATOM}title").endswith("Team IaaS")
    assert [e.findtext(f"{ATOM}updated")[:10] for e in entries] == iaas_dates()
    feed_folder = (result.outdir / TEAM_PAGE).parent
    for entry, date in zip(entries, iaas_dates(), strict=True):
        href = entry.find(f"{ATOM}link").get("href")
        page, anchor = href.split("#")
        assert anchor == "team-iaas"
        target = (feed_folder / page).resolve()
        assert target == (result.outdir / DECK_FILES[date]).with_suffix(".html").resolve()


def test_entries_carry_topics_actions_and_decisions(result):
    _root, entries = feed_entries(result.outdir / f"{TEAM_PAGE}.atom")
    for entry, date in zip(entries, iaas_dates(), strict=True):
        content = entry.find(f"{ATOM}content")
        assert content.get("type") == "html"
        text = unescape(content.text)
        for day, team, done, owners, written, due in APPEARANCES:
            if day == date and team == "iaas":
                assert not due or f"(due {due})" in text
                assert " ".join(written.replace("*", "").split()) in " ".join(text.split())
                assert all(f"@{owner}" in text for owner in owners)
                assert ("☑" if done else "☐") in text
        for day, team, decision in DECISIONS:
            if day == date and team == "iaas":
                assert decision in text


def test_feed_links_are_absolute_under_html_baseurl(tmp_path):
    conf = DEFAULT_CONF + 'html_baseurl = "https://docs.example.org/"\n'
    result = build(actions_project(tmp_path, conf=conf), "html")
    root, entries = feed_entries(result.outdir / f"{TEAM_PAGE}.atom")
    assert entries
    for entry in entries:
        href = entry.find(f"{ATOM}link").get("href")
        assert href.startswith("https://docs.example.org/community-calls/")
        assert href.endswith("#team-iaas")
    self_link = root.find(f"{ATOM}link[@rel='self']").get("href")
    assert self_link == f"https://docs.example.org/{TEAM_PAGE}.atom"


def test_hostile_action_text_is_escaped_in_the_feed(tmp_path):
    deck = (
        "# Call\n\n::::{team-report} iaas\n## Topic\n\n:::{actions}\n"
        "- [ ] @fkr <script>alert('HOSTILE')</script>\n:::\n::::\n"
    )
    result = build(actions_project(tmp_path, decks={"community-calls/2030-11-20.md": deck}), "html")
    _root, (entry,) = feed_entries(result.outdir / f"{TEAM_PAGE}.atom")
    content = entry.find(f"{ATOM}content").text  # the HTML the reader renders
    assert "<script>" not in content and "&lt;script&gt;" in content
