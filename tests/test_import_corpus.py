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
from import_support import REGISTRY, html_words, source_words, words_of

from sphinxcontrib_scscall.commands import main
from sphinxcontrib_scscall.dates import date_from_docname
from sphinxcontrib_scscall.importer.event_dates import MONTHS
from sphinxcontrib_scscall.testing import build, write_project

pytestmark = pytest.mark.corpus

HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
TAG = re.compile(r"<[^>]+>")
EVENTS = re.compile(r"^\W*(?:upcoming\s+)?events?\b", re.IGNORECASE)
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


def is_team_heading(text: str) -> bool:
    if not re.search(r"\b(?:team|sig)\b", text, re.IGNORECASE):
        return False
    words = re.findall(r"\w+", text)
    return any(REGISTRY.resolve(" ".join(words[:count])) for count in range(len(words), 0, -1))


def structural_headings(text: str) -> tuple[list[str], list[str]]:
    """(team headings, events headings) the way a reader of the source sees them."""
    lines = content_lines(text)
    if any(line.strip() in ("---", "----") for line in lines):
        slides, current = [], []
        for line in lines:
            if line.strip() == "---":
                slides.append(current)
                current = []
            elif line.strip() != "----":
                current.append(line)
        slides.append(current)
        firsts = []
        for slide in slides:
            headings = [HEADING.match(line) for line in slide if HEADING.match(line)]
            if headings:
                firsts.append(TAG.sub("", headings[0].group(2)).strip())
        candidates = firsts
        all_headings = [
            TAG.sub("", match.group(2)) for line in lines if (match := HEADING.match(line))
        ]
    else:
        all_headings = [match.group(2) for line in lines if (match := HEADING.match(line))]
        candidates = all_headings[1:]
    teams = [heading for heading in candidates if is_team_heading(heading)]
    events = [heading for heading in all_headings if EVENTS.match(heading)]
    return teams, events + [h for h in all_headings if is_team_heading(h)]


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
        missing = source_words(text) - html_words(builds["html"].html(docname)) - allowed
        assert not missing, (source.name, sorted(missing))
