"""Reading HedgeDoc Markdown (slide decks and plain minutes) with markdown-it-py.

Slides are separated by a line ``---`` (next horizontal slide) or ``----``
(next vertical slide) that markdown-it reads as a thematic break at the top
level, so separators inside code, lists, quotes or the front matter don't
count. Each slide is then parsed on its own, and a top-level paragraph line
starting with ``Note:`` begins the slide's speaker notes.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import yaml
from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.front_matter import front_matter_plugin

HORIZONTAL = "---"
VERTICAL = "----"
NOTES_PREFIX = "Note:"


class SourceError(ValueError):
    """A source that cannot be read as a deck at all."""


def markdown_parser() -> MarkdownIt:
    return MarkdownIt("commonmark").use(front_matter_plugin).enable("table")


@dataclass
class Chunk:
    """One slide (or the whole of a minutes document): its blocks and speaker notes."""

    nodes: list[SyntaxTreeNode]
    first_line: int  # 0-based line of the chunk in the source
    notes: list[SyntaxTreeNode] = field(default_factory=list)
    notes_line: int = 0


@dataclass
class SourceDeck:
    front_matter: dict
    slides: list[list[Chunk]]  # horizontal slides, each a list of vertical slides

    @property
    def is_slide_deck(self) -> bool:
        return (
            len(self.slides) > 1
            or len(self.slides[0]) > 1
            or (self.front_matter.get("type") == "slide")
        )


def decode(data: bytes) -> str:
    """The text of a source file, or SourceError for binary, non-UTF-8 or empty data."""
    if b"\x00" in data:
        raise SourceError("binary file, not Markdown")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise SourceError(f"not UTF-8 text (byte {err.start})") from None
    if not text.strip():
        raise SourceError("empty file")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_source(text: str) -> SourceDeck:
    parser = markdown_parser()
    lines = text.split("\n")
    tokens = parser.parse(text)
    front_matter, body_start = _front_matter(tokens, lines)
    root = SyntaxTreeNode(tokens)
    cuts: list[tuple[int, str]] = []  # (line, separator)
    for node in root.children:
        if node.type == "hr" and node.map:
            marker = lines[node.map[0]].strip()
            if marker in (HORIZONTAL, VERTICAL):
                cuts.append((node.map[0], marker))
    # minutes have no speaker notes: a "Note:" paragraph there is ordinary text
    with_notes = bool(cuts) or front_matter.get("type") == "slide"
    slides: list[list[Chunk]] = [[]]
    start = body_start
    for line, marker in [*cuts, (len(lines), HORIZONTAL)]:
        chunk = _chunk(parser, lines, start, line, with_notes)
        if chunk.nodes or chunk.notes:
            slides[-1].append(chunk)
        if marker == HORIZONTAL and slides[-1]:
            slides.append([])
        start = line + 1
    slides = [slide for slide in slides if slide] or [[Chunk([], body_start)]]
    return SourceDeck(front_matter, slides)


def _front_matter(tokens, lines: list[str]) -> tuple[dict, int]:
    if tokens and tokens[0].type == "front_matter":
        try:
            data = yaml.safe_load(tokens[0].content)
        except yaml.YAMLError as err:
            mark = getattr(err, "problem_mark", None)
            where = f" (line {mark.line + 2})" if mark else ""
            raise SourceError(f"front matter is not valid YAML{where}") from None
        if data is not None and not isinstance(data, dict):
            raise SourceError("front matter is not a mapping of fields")
        return data or {}, tokens[0].map[1]
    if lines and lines[0].strip() == HORIZONTAL and _looks_like_yaml(lines[1:]):
        raise SourceError("front matter is not closed by a '---' line (truncated?)")
    return {}, 0


def _looks_like_yaml(lines: list[str]) -> bool:
    """An unclosed front matter: 'key: value' lines up to the end or the first blank line."""
    for line in lines:
        if not line.strip():
            return False
        if line.strip() == HORIZONTAL:
            return False
        return bool(re.match(r"[A-Za-z_][\w-]*\s*:(?:\s|$)", line))
    return False


def _chunk(parser: MarkdownIt, lines: list[str], start: int, end: int, with_notes: bool) -> Chunk:
    nodes = _parse_lines(parser, lines[start:end])
    for node in nodes if with_notes else ():
        if node.type != "paragraph" or not node.map:
            continue
        for offset in range(node.map[0], node.map[1]):
            notes_start = start + offset
            if lines[notes_start].lstrip().startswith(NOTES_PREFIX):
                first = lines[notes_start].lstrip()[len(NOTES_PREFIX) :].lstrip()
                return Chunk(
                    _parse_lines(parser, lines[start:notes_start]),
                    start,
                    _parse_lines(parser, [first, *lines[notes_start + 1 : end]]),
                    notes_start,
                )
    return Chunk(nodes, start)


def _parse_lines(parser: MarkdownIt, lines: list[str]) -> list[SyntaxTreeNode]:
    nodes = SyntaxTreeNode(parser.parse("\n".join(lines))).children
    return [node for node in nodes if node.type != "front_matter"]


def front_matter_date(front_matter: dict) -> dt.date | None:
    for key in ("call-date", "date"):
        value = front_matter.get(key)
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value.strip())
            except ValueError:
                continue
    return None
