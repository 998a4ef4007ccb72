"""Import every real deck of ../shared/corpus, build the result, and check it.

Team slides are counted here from the source lines, independently of the
importer: a horizontal slide (or, in minutes, a section) whose heading says
"Team"/"SIG" and whose leading words name a configured team.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from import_support import REGISTRY, built_words, source_words, words_of

from sphinxcontrib_scscall.commands import main
from sphinxcontrib_scscall.dates import date_from_docname
from sphinxcontrib_scscall.importer.event_dates import MONTHS
from sphinxcontrib_scscall.testing import build, write_project

pytestmark = pytest.mark.corpus

HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
TAG = re.compile(r"<[^>]+>")
EVENTS = re.compile(r"^\W*(?:upcoming\s+)?events?\b", re.IGNORECASE)
# the report template's questions: dropped as headings, their answers kept
TEMPLATE_QUESTION = re.compile(
    r"^(?:Most important item to share|Any important decisions|Anything else|What was relevant)"
    r".*\?$"
)
# replaced by structure on purpose: bylines, minutes labels, HedgeDoc's "Note:",
# and month names (event dates are rewritten to ISO and rendered in full)
STRUCTURAL_WORDS = {"report", "reported", "presented", "minutes", "note"} | set(MONTHS)


def decks(corpus: Path) -> list[Path]:
    return sorted(path for path in corpus.glob("*.md") if date_from_docname(path.stem))


def content_lines(text: str) -> list[str]:
    """The source's lines after the front matter, with fenced code blanked out."""
    lines = text.split("\n")
    if lines and lines[0].strip() == "---" and "---" in (line.strip() for line in lines[1:]):
        lines = lines[[line.strip() for line in lines].index("---", 1) + 1 :]
    fenced = False
    result = []
    for line in lines:
        if line.lstrip().startswith("```"):
            fenced = not fenced
            result.append("")
        else:
            result.append("" if fenced else line)
    return result


def team_of(text: str) -> str | None:
    """The configured team a heading says "Team"/"SIG" of, by its longest leading words."""
    if not re.search(r"\b(?:team|sig)\b", text, re.IGNORECASE):
        return None
    words = re.findall(r"\w+", text)
    for count in range(len(words), 0, -1):
        team = REGISTRY.resolve(" ".join(words[:count]))
        if team:
            return team.key
    return None


def is_team_heading(text: str) -> bool:
    return team_of(text) is not None


def hedgedoc_slides(text: str) -> list[list[list[str]]]:
    """The lines of each vertical slide of each horizontal slide, as HedgeDoc splits them."""
    slides: list[list[list[str]]] = [[[]]]
    for line in content_lines(text):
        if line.strip() == "---":
            slides.append([[]])
        elif line.strip() == "----":
            slides[-1].append([])
        else:
            slides[-1][-1].append(line)
    return slides


def first_heading(lines: list[str]) -> str | None:
    headings = [HEADING.match(line) for line in lines if HEADING.match(line)]
    return TAG.sub("", headings[0].group(2)).strip() if headings else None


def structural_headings(text: str) -> tuple[list[str], list[str]]:
    """(team headings, events headings) the way a reader of the source sees them.

    In a slide deck a team is reported by a slide headed "Team X", and by a
    vertical slide inside it that names another team.
    """
    lines = content_lines(text)
    all_headings = [TAG.sub("", match.group(2)) for line in lines if (match := HEADING.match(line))]
    if any(line.strip() in ("---", "----") for line in lines):
        teams = []
        for verticals in hedgedoc_slides(text):
            current = None
            for number, vertical in enumerate(verticals):
                heading = first_heading(vertical)
                team = team_of(heading) if heading else None
                if team and (number == 0 or (current and team != current)):
                    teams.append(heading)
                    current = team
                elif number == 0:
                    break
    else:
        teams = [heading for heading in all_headings[1:] if is_team_heading(heading)]
    events = [heading for heading in all_headings if EVENTS.match(heading)]
    questions = [heading for heading in all_headings if TEMPLATE_QUESTION.match(heading)]
    return teams, events + questions + [h for h in all_headings if is_team_heading(h)]


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    corpus = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "community-call"
    if not corpus.is_dir():
        pytest.skip("../shared/corpus is not present")
    project = write_project(tmp_path_factory.mktemp("corpus") / "docs", {})
    out = project / "community-calls"
    started = time.perf_counter()
    status = main(["import", str(corpus), "--out", str(out), "--quiet"])
    seconds = time.perf_counter() - started
    builds = {builder: build(project, builder) for builder in ("html", "revealjs")}
    return corpus, out, status, seconds, builds


def test_every_deck_converts(imported):
    corpus, out, status, seconds, _builds = imported
    assert status == 0
    for source in decks(corpus):
        assert (out / f"{date_from_docname(source.stem).isoformat()}.md").is_file(), source.name
    assert seconds < 30


@pytest.mark.parametrize("builder", ["html", "revealjs"])
def test_builds_without_warnings(imported, builder):
    *_rest, builds = imported
    assert builds[builder].warning_lines() == []


def test_every_team_slide_becomes_a_team_report(imported):
    corpus, out, *_rest = imported
    for source in decks(corpus):
        teams, _structural = structural_headings(source.read_text(encoding="utf-8"))
        deck = (out / f"{date_from_docname(source.stem).isoformat()}.md").read_text()
        reports = re.findall(r"^:{3,}\{team-report\}", deck, re.MULTILINE)
        assert len(reports) == len(teams), (source.name, teams)


def test_every_word_reaches_the_html(imported):
    corpus, _out, _status, _seconds, builds = imported
    for source in decks(corpus):
        text = source.read_text(encoding="utf-8")
        _teams, structural = structural_headings(text)
        allowed = STRUCTURAL_WORDS | words_of(" ".join(structural))
        docname = f"community-calls/{date_from_docname(source.stem).isoformat()}"
        missing = source_words(text) - built_words(builds, docname) - allowed
        assert not missing, (source.name, sorted(missing))


def slide_count(text: str) -> int:
    """HedgeDoc's slides that show something (an empty part between separators is no slide)."""
    return sum(
        1
        for verticals in hedgedoc_slides(text)
        for vertical in verticals
        if any(line.strip() for line in vertical)
    )


def built_slides(page) -> list:
    return [section for section in page.select(".slides section") if not section.find("section")]


def test_slide_count_as_hedgedoc_shows_it(imported):
    corpus, _out, _status, _seconds, builds = imported
    counted = {}
    for source in decks(corpus):
        text = source.read_text(encoding="utf-8")
        if not any(line.strip() in ("---", "----") for line in content_lines(text)):
            continue  # plain minutes: no slides to compare
        docname = f"community-calls/{date_from_docname(source.stem).isoformat()}"
        slides = built_slides(builds["revealjs"].html(docname))
        # an events slide's other text stays in its block: no "(continued)" slide
        assert not [s for s in slides if s.find(string=re.compile(r"\(continued\)$"))]
        counted[source.name] = len(slides) == slide_count(text)
    assert counted["20240627.md"]  # the seed deck: exactly HedgeDoc's 30
    assert slide_count((corpus / "20240627.md").read_text(encoding="utf-8")) == 30
    assert sum(counted.values()) / len(counted) >= 0.95, counted


# what a reader sees as action items: a "- [ ]" / "- [x]" item or a heading that says so
ACTION_SIGNS = re.compile(
    r"^\s*[-*+]\s+\[[ xX]\]\s|^#{1,6}\s+\W*(?:action\s+items?|AIs|to[\s-]?dos?)\W*$",
    re.IGNORECASE | re.MULTILINE,
)


def test_actions_blocks_only_where_the_source_shows_action_items(imported):
    corpus, out, *_rest, builds = imported
    for source in decks(corpus):
        docname = date_from_docname(source.stem).isoformat()
        signs = len(ACTION_SIGNS.findall("\n".join(content_lines(source.read_text()))))
        blocks = re.findall(r"^:{3,}\{actions\}", (out / f"{docname}.md").read_text(), re.M)
        actions = builds["html"].app.env.scscall_calls[f"community-calls/{docname}"].actions
        # every block stands on a sign of its own, and the archive counts what the blocks hold
        assert len(blocks) <= signs, source.name
        assert bool(actions) == bool(blocks), source.name
