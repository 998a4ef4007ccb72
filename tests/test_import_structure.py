"""What the importer recognises in a deck: title, teams, events, surveys, notes."""

import re

import pytest
from import_support import ROOT, convert_text

from sphinxcontrib_scscall.testing import build, slide_stacks, write_project

SLIDES = (ROOT / "20250109.md").read_text()
MINUTES = (ROOT / "20230105.md").read_text()


def directives(myst: str, name: str) -> list[str]:
    return re.findall(r"^:{3,}\{" + name + r"\}(.*)$", myst, re.MULTILINE)


def test_title_slide_becomes_title_and_metadata():
    myst, _ = convert_text(SLIDES, source_dir=ROOT)
    assert myst.startswith("---\ncall-date: 2025-01-09\ncall-presenter: example-host\n---\n")
    assert re.findall(r"^# .*$", myst, re.MULTILINE) == [
        "# Sovereign Cloud Stack Community Call 2025-01-09"
    ]
    assert "Penguins welcome, platypus approved." in myst
    assert "<font" not in myst and "Presented by" not in myst


def test_team_slides_become_team_reports():
    myst, report = convert_text(SLIDES, source_dir=ROOT)
    assert [arg.strip() for arg in directives(myst, "team-report")] == [
        "iaas",
        "iam",
        "ops",
        "standardization",
    ]
    assert report.team_reports == ["iaas", "iam", "ops", "standardization"]
    assert ":reporter: pangolin-dev\n" in myst
    assert ":reporter: otter-sec, badger\n" in myst
    assert (
        ":minutes: https://github.com/SovereignCloudStack/minutes/blob/main/"
        "sig-standardization/20250108.md" in myst
    )


def test_topics_from_vertical_slides():
    myst, _ = convert_text(SLIDES, source_dir=ROOT)
    iaas = myst.split(":::{team-report} iaas")[1].split("\n:::\n")[0]
    assert re.findall(r"^## (.*)$", iaas, re.MULTILINE) == ["Quokka upgrade", "Meerkat backups"]
    ops = myst.split(":::{team-report} ops")[1].split("\n:::\n")[0]
    assert re.findall(r"^## (.*)$", ops, re.MULTILINE) == ["Heron dashboards"]


def test_configured_mission_is_dropped_other_intro_kept():
    myst, _ = convert_text(SLIDES, source_dir=ROOT)
    assert "We build the reference implementation" not in myst
    assert "The SIG drafts narwhal conformance scopes this quarter." in myst


def test_each_events_slide_is_one_block_with_contract_dates():
    myst, report = convert_text(SLIDES, source_dir=ROOT)
    # one HedgeDoc slide stays one slide: the two events slides stay two blocks
    assert directives(myst, "upcoming-events") == [
        " Upcoming events",
        " Upcoming Events - second page",
    ]
    events = "".join(part.split("\n:::\n")[0] for part in myst.split(":::{upcoming-events}")[1:])
    assert "- 2025-01-16 Albatross Meetup ({gh}`pangolin-dev`)" in events
    assert "- 2025-01-28/2025-01-29 Flamingo Summit, Lisbon" in events
    assert "- 2025-02-03/2025-02-04 Gecko Workshop" in events
    assert "- 2025-03-10/2025-03-12 Jackal Conference" in events
    assert "- 2025-01-30 Kestrel Day" in events
    assert "- 2024-12-30 Yak Festival" in events
    assert ":include-past:" in events  # the festival was before the call
    assert (report.events, report.undated_events) == (6, 1)
    # the undated item stays in its block, as written, and the block expects it
    first_block = myst.split(":::{upcoming-events} Upcoming events")[1].split("\n:::\n")[0]
    assert ":keep-undated:" in first_block.split("\n\n")[0]
    assert "\n- Sometime in spring: Ibex Hackathon" in first_block
    assert "(continued)" not in myst
    assert any("Ibex" in message for _line, message in report.problems.items)


def test_survey_slide_becomes_survey_callout():
    myst, report = convert_text(SLIDES, source_dir=ROOT)
    assert directives(myst, "survey-callout") == [" https://forms.example.org/s/tapir-feedback"]
    survey = myst.split(":::{survey-callout}")[1].split("\n:::\n")[0]
    assert ":title: Tapir Survey\n:duration: 3 minutes\n:anonymous:" in survey
    assert "Tell us how the tapir tooling works" in survey
    assert report.surveys == 1


def test_speaker_notes_become_revealjs_notes():
    myst, _ = convert_text(SLIDES, source_dir=ROOT)
    assert ":::{revealjs-notes}\nRemember to mention the lighthouse keeper.\n:::" in myst
    assert "Note:" not in myst


def test_separators_inside_code_and_lists_do_not_split():
    myst, _ = convert_text(SLIDES, source_dir=ROOT)
    assert "```\n---\nthis fence keeps its dashes\n----\n```" in myst
    assert "nested marker above is not a separator" in myst


def test_minutes_sections_and_sub_sections():
    myst, report = convert_text(MINUTES, "20230105.md")
    assert report.team_reports == ["iaas", "ops", "community"]
    assert (
        ":minutes: https://github.com/SovereignCloudStack/minutes/blob/main/iaas/20230104.md"
        in (myst)
    )
    ops = myst.split(":::{team-report} ops")[1].split("\n:::\n")[0]
    assert "*IAM*" in ops  # what the heading said beyond the team's name
    assert "## Hacking session" in ops
    # an unconfigured SIG and a news section named like a team alias stay ordinary
    assert "### Release SIG" in myst
    assert "### Community\n" in myst


def test_untitled_slide_repeats_the_previous_title():
    text = "---\ntype: slide\n---\n\n# Call 2025-01-09\n\n---\n\n# Walrus news\n\nx\n\n---\n\nmore"
    myst, _ = convert_text(text)
    assert myst.count("## Walrus news") == 2


def test_team_heading_recognition():
    text = (
        "# Call 2025-01-09\n\n## Team meeting reschedule\n\nx\n\n## SIG Central API MVP\n\ny\n\n"
        "## Updates from the Teams\n\nz\n\n## Documentation\n\nw\n\n## Docs, docs, docs\n\nv\n"
    )
    myst, report = convert_text(text)
    assert report.team_reports == ["central-api"]
    assert "*MVP*" in myst
    assert "## Documentation\n" in myst  # an alias without "Team"/"SIG" is not enough
    assert "## Docs, docs, docs" in myst


def test_events_slide_without_dates_stays_a_slide():
    myst, report = convert_text("# Call 2025-01-09\n\n## Events\n\n- some fair, some day\n")
    assert "upcoming-events" not in myst
    assert "## Events\n\n- some fair, some day" in myst
    assert report.events == 0


EVENTS_WITH_VERTICALS = """# SCS Community Call 2025-01-09

---

# Events

* January 16 Albatross Meetup
* Somewhere in spring: Ibex Hackathon

Ask the pangolin for tickets.

----

### Open Operations Meetup

Every four weeks, online.

----

![Flamingo poster](https://example.org/flamingo.png)

---

# Docs

Document everything.
"""


def hedgedoc_layout(text: str) -> list[int]:
    """How many vertical slides each horizontal slide of *text* has."""
    return [len(part.split("\n----\n")) for part in text.split("\n---\n")]


@pytest.mark.parametrize("builder", ["html", "revealjs"])
def test_events_slide_keeps_its_text_and_vertical_slides(tmp_path, builder):
    myst, report = convert_text(EVENTS_WITH_VERTICALS, "20250109.md")
    block = myst.split("{upcoming-events} Events")[1]
    assert ":keep-undated:" in block.split("\n\n")[0]
    for text in ("Ibex Hackathon", "Ask the pangolin", "### Open Operations Meetup", "Flamingo"):
        assert text in block.split("## Docs")[0], text
    assert report.undated_events == 1
    project = write_project(tmp_path, {"community-calls/2025-01-09.md": myst})
    result = build(project, builder)
    assert result.warning_lines() == []
    page = result.html("community-calls/2025-01-09")
    if builder == "revealjs":
        layout = [len(stack) for stack in slide_stacks(page)]
        assert layout == hedgedoc_layout(EVENTS_WITH_VERTICALS)
    else:
        events = page.select_one("section.scscall-upcoming-events")
        assert "Ask the pangolin for tickets." in events.get_text()
        assert events.select_one("section img")["alt"] == "Flamingo poster"
