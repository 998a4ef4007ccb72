"""Reading HedgeDoc Markdown (slide decks and plain minutes) with markdown-it-py.

Slides are separated by a line ``---`` (next horizontal slide) or ``----``
(next vertical slide) that markdown-it reads as a thematic break at the top
level, so separators inside code, lists, quotes or the front matter don't
count. The text is parsed once; each slide takes the top-level blocks between
its separators, and a top-level paragraph line starting with ``Note:`` begins
the slide's speaker notes (only such a slide is parsed again, in two parts).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.front_matter import front_matter_plugin

HORIZONTAL = "---"
VERTICAL = "----"
NOTES_PREFIX = "Note:"


class SourceError(ValueError):
    """A source that cannot be read as a deck at all."""


def markdown_parser() -> MarkdownIt:
    return MarkdownIt("commonmark").use(front_matter_plugin).enable(["table", "strikethrough"])


@dataclass
class Chunk:
    """One slide (or the whole of a minutes document): its blocks and speaker notes."""

    nodes: list[SyntaxTreeNode]
    line_offset: int  # added to the nodes' 0-based lines to give the source's
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
    """The source's front matter and slides, from one markdown-it parse of the whole text."""
    parser = markdown_parser()
    lines = text.split("\n")
    tokens = parser.parse(text)
    front_matter, body_start = _front_matter(tokens, lines)
    blocks = _top_level_blocks(tokens)
    cuts: list[tuple[int, str]] = []  # (line, separator)
    for block in blocks:
        if block[0].type == "hr" and block[0].map:
            marker = lines[block[0].map[0]].strip()
            if marker in (HORIZONTAL, VERTICAL):
                cuts.append((block[0].map[0], marker))
    # minutes have no speaker notes: a "Note:" paragraph there is ordinary text
    with_notes = bool(cuts) or front_matter.get("type") == "slide"
    slides: list[list[Chunk]] = [[]]
    start = body_start
    for line, marker in [*cuts, (len(lines), HORIZONTAL)]:
        inside = [b for b in blocks if b[0].map and start <= b[0].map[0] < line]
        chunk = _chunk(parser, lines, inside, start, line, with_notes)
        if chunk.nodes or chunk.notes:
            slides[-1].append(chunk)
        if marker == HORIZONTAL and slides[-1]:
            slides.append([])
        start = line + 1
    slides = [slide for slide in slides if slide] or [[Chunk([], body_start)]]
    return SourceDeck(front_matter, slides)


def _top_level_blocks(tokens: list[Token]) -> list[list[Token]]:
    """The tokens of each top-level block (a paragraph, a whole list...), in order."""
    blocks: list[list[Token]] = []
    depth = 0
    for token in tokens:
        if depth == 0:
            blocks.append([])
        blocks[-1].append(token)
        depth += token.nesting
    return blocks


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


def _chunk(
    parser: MarkdownIt,
    lines: list[str],
    blocks: list[list[Token]],
    start: int,
    end: int,
    with_notes: bool,
) -> Chunk:
    """One slide's nodes (lines as in the source) and, after a ``Note:`` line, its notes."""
    nodes = [node for block in blocks for node in SyntaxTreeNode(block).children]
    nodes = [node for node in nodes if node.type not in ("front_matter", "hr")]
    notes_start = speaker_notes_start(nodes, lines) if with_notes else None
    if notes_start is None:
        return Chunk(nodes, 0)
    first = lines[notes_start].lstrip()[len(NOTES_PREFIX) :].lstrip()
    return Chunk(
        _parse_lines(parser, lines[start:notes_start]),
        start,
        _parse_lines(parser, [first, *lines[notes_start + 1 : end]]),
        notes_start,
    )


def speaker_notes_start(nodes: list[SyntaxTreeNode], lines: list[str]) -> int | None:
    """The source line where a slide's speaker notes begin: a paragraph line "Note:" ."""
    for node in nodes:
        if node.type != "paragraph" or not node.map:
            continue
        for line in range(node.map[0], node.map[1]):
            if lines[line].lstrip().startswith(NOTES_PREFIX):
                return line
    return None


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
