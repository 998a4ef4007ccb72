"""The one parsed representation every recogniser reads: a tree of titled nodes.

A HedgeDoc slide deck gives one node per slide: its first heading is the
node's title, headings further down stay among its blocks (HedgeDoc shows
them on the same slide), and its vertical slides are its children. Plain
minutes nest by heading level instead. Speaker notes and reveal.js slide
attributes (``<!-- .slide: data-background=... -->``) travel with their node.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..shared import is_safe_url
from .hedgedoc import Chunk, SourceDeck
from .myst import Block, Comment, Heading
from .render import ImageResolver, MystRenderer
from .report import Problems

# what reveal.js reads from a ".slide:" comment (data-background is its shorthand)
_SLIDE_ATTRIBUTE = re.compile(r"""(data-[\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""")
_COLOUR = re.compile(r"^(?:#[0-9a-fA-F]{3,8}|(?:rgb|hsl)a?\([^)]*\)|[a-zA-Z]+)$")
SLIDE_ATTRIBUTES = {
    "data-background-color",
    "data-background-image",
    "data-background-size",
    "data-background-position",
    "data-background-repeat",
    "data-background-opacity",
    "data-background-video",
    "data-background-iframe",
    "data-background-gradient",
    "data-transition",
    "data-state",
}


@dataclass
class Node:
    """A heading (None for a slide without one), the blocks under it and its sub-nodes."""

    heading: Heading | None
    blocks: list[Block] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    notes: list[Block] = field(default_factory=list)
    attributes: dict[str, str] = field(default_factory=dict)

    @property
    def plain(self) -> str:
        return self.heading.line.plain.strip() if self.heading else ""

    @property
    def myst(self) -> str:
        return self.heading.line.myst.strip() if self.heading else ""

    @property
    def line(self) -> int:
        return self.heading.source_line if self.heading else 0

    def headings(self) -> list[Heading]:
        """The node's own heading and those inside its blocks, in order."""
        inner = [block for block in self.blocks if isinstance(block, Heading)]
        return [self.heading, *inner] if self.heading else inner

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


def slide_attributes(comment: str) -> dict[str, str] | None:
    """The reveal.js attributes of a ``.slide:`` comment's text, or None when it is no such."""
    if not comment.startswith(".slide:"):
        return None
    attributes = {}
    for match in _SLIDE_ATTRIBUTE.finditer(comment):
        name, value = match.group(1), next(filter(None, match.group(2, 3, 4)), "")
        if name == "data-background":  # reveal.js's shorthand: a colour or an image
            name = "data-background-color" if _COLOUR.match(value) else "data-background-image"
        if name in SLIDE_ATTRIBUTES and value:
            attributes[name] = value
    return attributes


def take_slide_attributes(
    blocks: list[Block], problems: Problems, fetch_remote: ImageResolver | None = None
) -> tuple[list[Block], dict]:
    """*blocks* without their ``.slide:`` comments, and the attributes those set.

    With *fetch_remote* (``--fetch-images``) a remote background image is a local copy.
    """
    kept: list[Block] = []
    attributes: dict[str, str] = {}
    for block in blocks:
        found = slide_attributes(block.text) if isinstance(block, Comment) else None
        if found is None:
            kept.append(block)
        elif found:
            image = found.get("data-background-image", "")
            if fetch_remote and is_safe_url(image) and not image.startswith("mailto:"):
                found["data-background-image"] = fetch_remote(image, block.source_line) or image
            attributes.update(found)
        else:
            problems.add(block.source_line, f"slide attributes not understood: {block.text[:60]}")
            kept.append(block)
    return kept, attributes


def nest_by_level(blocks: list[Block]) -> tuple[list[Block], list[Node]]:
    """Blocks before the first heading, and the heading nodes nested by level (minutes)."""
    preamble: list[Block] = []
    roots: list[Node] = []
    open_nodes: list[Node] = []
    for block in blocks:
        if isinstance(block, Heading):
            node = Node(block)
            while open_nodes and open_nodes[-1].heading.level >= block.level:
                open_nodes.pop()
            (open_nodes[-1].children if open_nodes else roots).append(node)
            open_nodes.append(node)
        else:
            (open_nodes[-1].blocks if open_nodes else preamble).append(block)
    return preamble, roots


class OutlineReader:
    """Reads the chunks of one source into :class:`Node` trees."""

    def __init__(self, renderer: MystRenderer, problems: Problems):
        self.renderer = renderer
        self.problems = problems

    def _blocks(self, chunk: Chunk) -> tuple[list[Block], list[Block], dict[str, str]]:
        self.renderer.line_offset = chunk.line_offset
        blocks = self.renderer.blocks(chunk.nodes)
        self.renderer.line_offset = chunk.notes_line
        notes = self.renderer.blocks(chunk.notes, top_level=False)
        blocks, attributes = take_slide_attributes(
            blocks, self.problems, self.renderer.fetch_remote
        )
        return blocks, notes, attributes

    def slide(self, chunk: Chunk) -> Node:
        """One HedgeDoc slide: titled by its first heading when nothing but comments precede it."""
        blocks, notes, attributes = self._blocks(chunk)
        first = next((i for i, b in enumerate(blocks) if not isinstance(b, Comment)), None)
        if first is not None and isinstance(blocks[first], Heading):
            heading = blocks.pop(first)
            return Node(heading, blocks, [], notes, attributes)
        return Node(None, blocks, [], notes, attributes)

    def slides(self, source: SourceDeck) -> list[Node]:
        """The horizontal slides, each with its vertical slides as children."""
        nodes = []
        for verticals in source.slides:
            node = self.slide(verticals[0])
            node.children = [self.slide(chunk) for chunk in verticals[1:]]
            nodes.append(node)
        return nodes

    def minutes(self, chunk: Chunk) -> tuple[Node, list[Node]]:
        """Plain minutes: the title node (its first heading) and the sections in it and after."""
        blocks, notes, attributes = self._blocks(chunk)
        preamble, roots = nest_by_level(blocks)
        if not roots:
            return Node(None, preamble, [], notes, attributes), []
        title = roots[0]
        body = title.children + roots[1:]
        return Node(title.heading, preamble + title.blocks, [], notes, attributes), body
