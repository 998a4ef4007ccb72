"""Helpers for the importer tests: convert text, import into a project, words of a text."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import emoji
from bs4 import BeautifulSoup, Comment
from markdown_it import MarkdownIt
from mdit_py_plugins.front_matter import front_matter_plugin

from sphinxcontrib_scscall.commands import main
from sphinxcontrib_scscall.importer.convert import convert
from sphinxcontrib_scscall.teams import DEFAULT_TEAMS, TeamRegistry
from sphinxcontrib_scscall.testing import build, write_project

ROOT = Path(__file__).parent / "roots" / "import"
REGISTRY = TeamRegistry(DEFAULT_TEAMS)
# runs of three or more letters that don't continue a number ("28th", "5th")
WORD = re.compile(r"(?<![\d\w])[^\W\d_]{3,}")


def convert_text(text: str, name: str = "20250109.md", source_dir: Path | None = None):
    """(MyST text, report) of converting *text* as if read from file *name*."""
    conversion, report = convert(text.encode(), name, source_dir, REGISTRY)
    assert conversion is not None, report.error
    return conversion.text, report


def import_and_build(tmp_path_factory, sources: Path):
    """Import the decks of *sources* with ``scscall import`` into a new project, and build it
    with both builders: (project, {builder: build})."""
    project = write_project(tmp_path_factory.mktemp("import") / "docs", {})
    copy = tmp_path_factory.mktemp("sources")
    shutil.copytree(sources, copy, dirs_exist_ok=True)
    assert main(["import", str(copy), "--out", str(project / "community-calls"), "--quiet"]) == 0
    return project, {builder: build(project, builder) for builder in ("html", "revealjs")}


def source_words(markdown: str) -> set[str]:
    """The words a reader sees in a HedgeDoc source: rendered text, without styling."""
    html = MarkdownIt("commonmark").use(front_matter_plugin).enable("table").render(markdown)
    soup = BeautifulSoup(emoji.emojize(html, language="alias"), "html.parser")
    for hidden in soup.find_all(["style", "script"]):
        hidden.decompose()
    for comment in soup.find_all(string=lambda text: isinstance(text, Comment)):
        comment.extract()
    return words_of(soup.get_text(" "))


def html_words(soup: BeautifulSoup) -> set[str]:
    """Words of an HTML page's text and of its link and image addresses."""
    text = [soup.get_text(" ")]
    text += [tag.get("href", "") for tag in soup.find_all("a")]
    text += [tag.get("src", "") + " " + tag.get("alt", "") for tag in soup.find_all("img")]
    return words_of(" ".join(text))


def built_words(builds: dict, docname: str) -> set[str]:
    """Words of a deck's archive page and its slides (speaker notes are on the slides only)."""
    return html_words(builds["html"].html(docname)) | html_words(builds["revealjs"].html(docname))


def words_of(text: str) -> set[str]:
    return {word.casefold() for word in WORD.findall(text)}
