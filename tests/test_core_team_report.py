"""team-report: sections, topics, byline, mission, minutes; MyST and rST; html and revealjs."""

from __future__ import annotations

import pytest
from docutils import nodes

from sphinxcontrib_scscall.slide_sections import section_depth
from sphinxcontrib_scscall.teams import DEFAULT_TEAMS
from sphinxcontrib_scscall.testing import build, slide_stacks, write_project

DECK = "community-calls/2024-06-27"


def outline(node: nodes.Element) -> list:
    """Every section (classes, ids, title, children) and body block (tag, text), in order."""
    shape = []
    for child in node.children:
        if isinstance(child, nodes.section):
            scscall_classes = sorted(c for c in child["classes"] if c.startswith("scscall-"))
            shape.append(
                ("section", scscall_classes, child["ids"], child[0].astext(), outline(child))
            )
        elif isinstance(child, nodes.title | nodes.target | nodes.docinfo | nodes.system_message):
            continue
        else:
            shape.append((child.tagname, " ".join(child.astext().split())))
    return shape


def team_sections(doctree: nodes.document) -> dict[str, nodes.section]:
    return {
        section["ids"][0]: section
        for section in doctree.findall(nodes.section)
        if section.get("scscall_slide") == "team-report"
    }


def test_myst_and_rst_give_the_same_doctree_structure(built_decks):
    myst = built_decks["myst"]["html"].doctree(DECK)
    rst = built_decks["rst"]["html"].doctree(DECK)
    assert outline(myst) == outline(rst)
    assert len(team_sections(myst)) == 4


@pytest.mark.parametrize("syntax", ["myst", "rst"])
def test_team_sections_sit_under_the_deck_title_with_nested_topics(built_decks, syntax):
    doctree = built_decks[syntax]["html"].doctree(DECK)
    teams = team_sections(doctree)
    assert list(teams) == ["team-iaas", "team-iam", "team-public-cloud-sig", "team-iaas-2"]
    for section in teams.values():
        assert section_depth(section) == 2
    iaas_topics = [s for s in teams["team-iaas"].children if isinstance(s, nodes.section)]
    assert [t[0].astext() for t in iaas_topics] == ["Availability Zone Standard", "Extra specs"]
    assert all("scscall-topic" in topic["classes"] for topic in iaas_topics)
    nested = [s[0].astext() for s in iaas_topics[0].children if isinstance(s, nodes.section)]
    assert nested == ["Open questions"]
    # the topics came out of the directive only: nothing leaked before the team section
    title_section = teams["team-iaas"].parent
    titles_before = [
        s[0].astext()
        for s in title_section.children[: title_section.index(teams["team-iaas"])]
        if isinstance(s, nodes.section)
    ]
    assert titles_before == ["Welcome"]


@pytest.mark.parametrize("syntax", ["myst", "rst"])
def test_html_team_section_has_byline_mission_minutes_and_intro(built_decks, syntax):
    soup = built_decks[syntax]["html"].html(DECK)
    iaas = soup.select_one("section#team-iaas")
    assert iaas.find("h2").get_text(strip=True).rstrip("¶") == DEFAULT_TEAMS["iaas"]["name"]
    byline = iaas.select_one("p.scscall-byline")
    assert [(a.get_text(), a["href"]) for a in byline.find_all("a")] == [
        ("@artificial-intelligence", "https://github.com/artificial-intelligence"),
        ("@fkr", "https://github.com/fkr"),
    ]
    assert iaas.select_one("p.scscall-mission").get_text() == DEFAULT_TEAMS["iaas"]["mission"]
    minutes = iaas.select_one("p.scscall-minutes a")
    assert minutes["href"].startswith("https://github.com/SovereignCloudStack/minutes/")
    assert "Two topics this week." in iaas.get_text()
    assert [h.get_text(strip=True).rstrip("¶") for h in iaas.find_all("h3")] == [
        "Availability Zone Standard",
        "Extra specs",
    ]


@pytest.mark.parametrize("syntax", ["myst", "rst"])
def test_alias_no_mission_and_unknown_team(built_decks, syntax):
    soup = built_decks[syntax]["html"].html(DECK)
    iam = soup.select_one("section#team-iam")
    assert iam.find("h2").get_text(strip=True).rstrip("¶") == DEFAULT_TEAMS["iam"]["name"]
    assert iam.select_one("p.scscall-mission") is None
    unknown = soup.select_one("section#team-public-cloud-sig")
    assert unknown.find("h2").get_text(strip=True).rstrip("¶") == "Public Cloud SIG"
    assert unknown.select_one("p.scscall-mission") is None
    # a second report of the same team gets a unique anchor
    assert soup.select_one("section#team-iaas-2") is not None


@pytest.mark.parametrize("syntax", ["myst", "rst"])
def test_slides_give_team_title_slide_then_one_vertical_slide_per_topic(built_decks, syntax):
    layout = slide_stacks(built_decks[syntax]["revealjs"].html(DECK))
    stacks = {stack[0]: stack for stack in layout}
    assert layout[0] == ["Community Call 2024-06-27"]
    iaas_stack = next(stack for stack in layout if stack[0] == "Team IaaS")
    assert iaas_stack == ["Team IaaS", "Availability Zone Standard", "Extra specs"]
    assert stacks["Team IAM & Security"] == ["Team IAM & Security", "Keycloak federation"]
    # the nested sub-topic stays on its topic's slide
    soup = built_decks[syntax]["revealjs"].html(DECK)
    topic = next(
        s
        for s in soup.select("div.slides section section")
        if s.find("h3", string="Availability Zone Standard")
    )
    assert topic.find("h4").get_text(strip=True) == "Open questions"


def test_topic_headings_at_any_level_nest_by_relative_level(tmp_path):
    deck = (
        "# Call 2024-01-04\n\n"
        ":::{team-report} ops\n\n#### Deep topic\n\ntext\n\n##### Deeper\n\nmore\n\n#### Second\n:::\n"
    )
    root = write_project(tmp_path, {"community-calls/2024-01-04.md": deck})
    result = build(root, "html")
    ops = team_sections(result.doctree("community-calls/2024-01-04"))["team-ops"]
    topics = [s for s in ops.children if isinstance(s, nodes.section)]
    assert [t[0].astext() for t in topics] == ["Deep topic", "Second"]
    assert [s[0].astext() for s in topics[0].children if isinstance(s, nodes.section)] == ["Deeper"]
    assert result.warning_lines() == []


@pytest.mark.parametrize(
    "deck",
    [
        "# Call 2024-01-04\n\n## Intro\n\nhello\n\n:::{team-report} ops\n\n## Topic\n:::\n\n## After\n",
        "# Call 2024-01-04\n\n# Intro\n\nhello\n\n:::{team-report} ops\n\n## Topic\n:::\n\n# After\n",
    ],
    ids=["after-a-second-level-heading", "after-a-top-level-heading"],
)
def test_team_report_after_a_heading_becomes_its_own_slide(tmp_path, deck):
    root = write_project(tmp_path, {"community-calls/2024-01-04.md": deck})
    layout = slide_stacks(build(root, "revealjs").html("community-calls/2024-01-04"))
    assert ["Team Ops", "Topic"] in layout
    assert layout.index(["Team Ops", "Topic"]) > layout.index(["Intro"])
    assert layout[-1] == ["After"]


def test_text_after_a_team_report_stays_on_its_last_slide(tmp_path):
    deck = (
        "# Call 2024-01-04\n\n:::{team-report} ops\n\n## Topic\n:::\n\nTrailing words.\n\n## Next\n"
    )
    root = write_project(tmp_path, {"community-calls/2024-01-04.md": deck})
    ops = team_sections(build(root, "html").doctree("community-calls/2024-01-04"))["team-ops"]
    assert ops.children[-1][-1].astext() == "Trailing words."


def test_minutes_file_name_joins_the_team_minutes_folder(tmp_path):
    deck = "# Call 2024-01-04\n\n:::{team-report} iaas\n:minutes: 20240103.md\n:::\n"
    root = write_project(tmp_path, {"community-calls/2024-01-04.md": deck})
    soup = build(root, "html").html("community-calls/2024-01-04")
    href = soup.select_one("p.scscall-minutes a")["href"]
    assert href == DEFAULT_TEAMS["iaas"]["minutes"] + "20240103.md"


def test_configured_teams_and_aliases_are_used(tmp_path):
    conf = (
        'extensions = ["sphinxcontrib_scscall"]\n'
        'scscall_teams = {"edge": {"name": "Team Edge", "mission": "We <b>ship</b>.", '
        '"minutes": "", "aliases": ["Edge Crew"]}}\n'
    )
    deck = "# Call 2024-01-04\n\n:::{team-report} EDGE crew\n:::\n"
    root = write_project(tmp_path, {"community-calls/2024-01-04.md": deck}, conf=conf)
    soup = build(root, "html").html("community-calls/2024-01-04")
    edge = soup.select_one("section#team-edge")
    assert edge.find("h2").get_text(strip=True).rstrip("¶") == "Team Edge"
    # author text is escaped, never markup
    assert edge.select_one("p.scscall-mission").get_text() == "We <b>ship</b>."
    assert edge.find("b") is None
