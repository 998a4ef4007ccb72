"""Community Meeting decks and HedgeDoc faithfulness: one slide is one slide, notes, attributes."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from import_support import REGISTRY, built_words, convert_text, source_words
from markdown_it.tree import SyntaxTreeNode

from sphinxcontrib_scscall.commands import main
from sphinxcontrib_scscall.importer.event_dates import find_event_dates
from sphinxcontrib_scscall.importer.hedgedoc import (
    decode,
    markdown_parser,
    parse_source,
    speaker_notes_start,
)
from sphinxcontrib_scscall.importer.outline import OutlineReader, slide_attributes
from sphinxcontrib_scscall.importer.recognise_events import EventsReader
from sphinxcontrib_scscall.importer.recognise_team import TeamReader
from sphinxcontrib_scscall.importer.recognise_title import title_deck
from sphinxcontrib_scscall.importer.render import MystRenderer
from sphinxcontrib_scscall.importer.report import Problems
from sphinxcontrib_scscall.testing import build, write_project

EXAMPLE = Path(__file__).resolve().parents[2] / "shared" / "examples"
MEETING = EXAMPLE / "community-meeting-20310117.md"


def hedgedoc_slide_count(text: str) -> int:
    """Slides as HedgeDoc shows them: the parts between top-level ``---``/``----`` lines."""
    return sum(len(verticals) for verticals in parse_source(decode(text.encode())).slides)


def leaf_slides(page: BeautifulSoup) -> int:
    return len([s for s in page.select(".slides section") if not s.find("section")])


@pytest.fixture(scope="module")
def meeting(tmp_path_factory):
    if not MEETING.is_file():
        pytest.skip("../shared/examples is not present")
    project = write_project(tmp_path_factory.mktemp("meeting") / "docs", {})
    out = project / "community-calls"
    assert main(["import", str(MEETING), "--out", str(out), "--quiet"]) == 0
    builds = {builder: build(project, builder) for builder in ("html", "revealjs")}
    return (out / "2031-01-17.md").read_text(), builds


def test_meeting_title_without_stray_text(meeting):
    myst, _builds = meeting
    assert re.findall(r"^# .*$", myst, re.MULTILINE) == ["# SCS Community Meeting 2031-01-17"]
    assert "Community Meeting 2031-01-17\n" not in myst.split("\n# ", 1)[1].split("\n", 2)[2]


def test_meeting_reports_and_meeting_times_slide(meeting):
    myst, builds = meeting
    assert re.findall(r"^:{3,}\{team-report\} (\S+)", myst, re.MULTILINE) == [
        "container",
        "standardization",
    ]
    # the meeting times stay on an ordinary slide, their team headings as rubrics
    assert ":::{rubric} Team Container\n:::\n\n- Every other week Fri 9-10" in myst
    page = builds["html"].html("community-calls/2031-01-17")
    assert len(page.select("section[id^=team-container]")) == 1


def test_meeting_events_one_item_per_slide_with_dates(meeting):
    myst, builds = meeting
    events = myst.split(":::{upcoming-events}")[1].split("\n:::\n")[0]
    items = re.findall(r"^- (\S+) (.*)$", events, re.MULTILINE)
    assert items == [
        ("2031-02-11/2031-02-12", "SCS Hackathon #9"),
        ("2031-02-20", "SCS Connect"),
        ("2031-02-27", "Operator Workshop, 9am - 5pm"),
        ("2031-03-18/2031-03-21", "Open Cloud Day and a large conference"),
    ]
    slides = builds["revealjs"].html("community-calls/2031-01-17")
    titles = [li.get_text(" ", strip=True) for li in slides.select("section li")]
    assert any("Operator Workshop, 9am - 5pm" in title for title in titles)


def test_meeting_speaker_notes_only_on_slides(meeting):
    _myst, builds = meeting
    slides = builds["revealjs"].html("community-calls/2031-01-17")
    notes = slides.select("aside.notes")
    assert any("Speaker introduces" in note.get_text() for note in notes)
    page = builds["html"].html("community-calls/2031-01-17")
    assert "Speaker introduces" not in page.get_text()


@pytest.mark.parametrize("builder", ["html", "revealjs"])
def test_meeting_builds_without_warnings(meeting, builder):
    _myst, builds = meeting
    assert builds[builder].warning_lines() == []


def test_meeting_keeps_every_word_and_slide_count(meeting):
    _myst, builds = meeting
    text = MEETING.read_text()
    # the title heading "Sovereign Cloud Stack" is the front matter's "SCS"
    missing = source_words(text) - built_words(builds, "community-calls/2031-01-17")
    assert missing <= {"sovereign", "cloud", "stack", "note", "feb", "mar"}
    slides = builds["revealjs"].html("community-calls/2031-01-17")
    background = slides.select_one("section[data-background-image]")
    assert background["data-background-image"].endswith("0000example-background.jpg")
    assert leaf_slides(slides) == hedgedoc_slide_count(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Feb. 11 – until 12, 2031 in Leipzig", "2031-02-11/2031-02-12"),
        ("February 20th 2031", "2031-02-20"),
        ("February 27th 2031, 9am - 5pm", "2031-02-27"),
        ("Main venue, Mar 18 (co-located) / Mar 19 -- 21 (main)", "2031-03-18/2031-03-21"),
        ("Save the date: **Summit November 4th and 5th, 2031**", "2031-11-04/2031-11-05"),
        ("Monthly, next on Feb 6th, 10-11", "2031-02-06"),
    ],
)
def test_meeting_date_forms(text, expected):
    assert str(find_event_dates(text, dt.date(2031, 1, 17)).dates) == expected


def test_headings_inside_a_slide_stay_on_it():
    text = "---\ntype: slide\n---\n\n# Call 2025-01-09\n\n---\n\n# EOF\n\nx\n\n## Wanted: Sponsors\n\ny\n"
    myst, _ = convert_text(text)
    assert "## EOF\n\nx\n\n:::{rubric} Wanted: Sponsors\n:::\n\ny" in myst
    assert "### Wanted" not in myst


def test_strikethrough_fences_and_slide_background():
    text = (
        "---\ntype: slide\n---\n\n# Call 2025-01-09\n\n---\n\n"
        '<!-- .slide: data-background="#0f5fe1" -->\n\n# Walrus\n\n'
        "~~old plan~~ new plan\n\n```yaml\nkey: value\n```\n\n```nosuchlang\nx\n```\n"
    )
    myst, _ = convert_text(text)
    assert "  enable_extensions: [colon_fence, strikethrough]\n---" in myst
    assert "~~old plan~~ new plan" in myst
    assert ':::{revealjs-section}\n:data-background-color: "#0f5fe1"\n:::' in myst
    assert "```yaml\nkey: value\n```" in myst and "```\nx\n```" in myst


def test_slide_attribute_recogniser():
    assert slide_attributes('.slide: data-background="https://x.org/a.png"') == {
        "data-background-image": "https://x.org/a.png"
    }
    assert slide_attributes(".slide: data-background-color=red data-transition='zoom'") == {
        "data-background-color": "red",
        "data-transition": "zoom",
    }
    assert slide_attributes("an ordinary remark") is None


def test_template_questions_dropped_answers_kept():
    text = (
        "---\ntype: slide\n---\n\n# Call 2025-01-09\n\n---\n\n# Team IAM\n\n----\n\n"
        "# Team IAM\n## Most important item to share with the group that was discussed?\n\n"
        "Walrus advisories proposal\n"
    )
    myst, _ = convert_text(text)
    assert "Most important item" not in myst
    assert "Walrus advisories proposal" in myst


def test_sub_team_heading_is_its_own_report():
    text = "# Weekly 2022-08-04\n\n## Team Container\n\n- a\n\n### Team IaaS\n\n- walrus\n"
    myst, report = convert_text(text, "20220804.md")
    assert report.team_reports == ["container", "iaas"]
    assert "- walrus" in myst.split(":::{team-report} iaas")[1]


def test_minutes_link_becomes_the_minutes_option():
    url = "https://github.com/SovereignCloudStack/minutes/blob/main/iaas/20220803.md"
    myst, _ = convert_text(f"# Weekly 2022-08-04\n\n## Team IaaS\n\n[Minutes]({url})\n\n- x\n")
    assert f":minutes: {url}\n" in myst


def test_title_date_mismatch_is_reported_and_the_file_date_wins():
    myst, report = convert_text("# SCS Tech Weekly 2023-01-19\n\n## Meta\n\nx\n", "20230126.md")
    assert "call-date: 2023-01-26" in myst and "# SCS Tech Weekly 2023-01-26" in myst
    assert any("2023-01-19" in message for _line, message in report.problems.items)


def test_image_without_alt_text_is_reported():
    _myst, report = convert_text("# Call 2025-01-09\n\n![](https://example.org/a.png)\n")
    assert any("no alt text" in message for _line, message in report.problems.items)


# -- each recogniser alone, over the outline ------------------------------------------


def outline_of(text: str):
    problems = Problems()
    renderer = MystRenderer(problems, lambda src, line: None)
    return OutlineReader(renderer, problems).slides(parse_source(decode(text.encode()))), problems


def test_outline_one_node_per_slide_with_notes_and_attributes():
    nodes, _problems = outline_of(
        '---\ntype: slide\n---\n\n<!-- .slide: data-background="#fff" -->\n\n# One\n\n'
        "## Inner\n\nx\n\nNote:\nsay hi\n\n----\n\n# Two\n\n---\n\nuntitled\n"
    )
    assert [node.plain for node in nodes] == ["One", ""]
    first = nodes[0]
    assert first.attributes == {"data-background-color": "#fff"}
    assert [heading.line.plain for heading in first.headings()] == ["One", "Inner"]
    assert [child.plain for child in first.children] == ["Two"]
    assert first.notes and "say hi" in first.notes[0].plain


def test_events_recogniser_alone():
    nodes, problems = outline_of(
        "---\ntype: slide\n---\n\n# Events\n\n----\n\n### Walrus Days\n\n- June 3rd 2031, 10:00-12:00\n"
        "\n----\n\n### Undated fair\n\n- sometime\n"
    )
    reading = EventsReader(problems, dt.date(2031, 5, 1)).read(nodes[0])
    assert [(str(item.dates), item.title) for item in reading.directive.items] == [
        ("2031-06-03", "Walrus Days, 10:00-12:00")
    ]
    assert reading.header_slide and [slide.plain for slide in reading.slides] == ["Undated fair"]


def test_team_recogniser_alone():
    nodes, problems = outline_of(
        "---\ntype: slide\n---\n\n# Team IaaS\n\nReport by @otter\n\n----\n\n"
        "# Team IaaS\n## Walrus storage\n\n- fast\n\n----\n\n# Team IAM\n\n- keys\n"
    )
    reader = TeamReader(REGISTRY, problems)
    reports = reader.reports(nodes[0], reader.match(nodes[0]))
    assert [(r.team, r.reporters) for r in reports] == [("iaas", ["otter"]), ("iam", [])]
    assert [topic.title for topic in reports[0].topics] == ["Walrus storage"]


def test_title_recogniser_alone():
    nodes, problems = outline_of("# Sovereign Cloud Stack\n## Community Call 2024-06-20\n")
    deck = title_deck(nodes[:1], dt.date(2024, 6, 27), {}, problems)
    assert deck.title == "Sovereign Cloud Stack Community Call 2024-06-27"
    assert any("2024-06-20" in message for _line, message in problems.items)


def test_speaker_notes_recogniser_alone():
    text = "# Slide\n\n- item\n\nsaid first\nNote: say this\n"
    lines = text.split("\n")
    nodes = SyntaxTreeNode(markdown_parser().parse(text)).children
    assert speaker_notes_start(nodes, lines) == lines.index("Note: say this")
    assert speaker_notes_start(nodes[:2], lines) is None
