"""The MyST side of the importer: content blocks, escaping and serialisation.

Text from a source deck is escaped so that it can only ever be text: no raw
HTML, no directive fences, roles, comments or targets that the author did
not write as such.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_ALWAYS_ESCAPED = re.compile(r"([\\`*\[\]<>{}$|~])")
_UNDERSCORE_AT_WORD_EDGE = re.compile(r"(?<![^\W_])_|_(?![^\W_])")
_ENTITY_LIKE = re.compile(r"&(?=#?\w+;)")
# a line start that CommonMark or MyST would read as block syntax
_BLOCK_START = re.compile(
    r"^(?:#{1,6}(?:\s|$)|[-+](?:\s|$)|:|~{3,}|%|\+{3}|=+\s*$|-{2,}\s*$|\(.*\)=\s*$)"
)
_ORDERED_MARKER = re.compile(r"^(\d{1,9})([.)])(?=\s|$)")


def escape_text(text: str) -> str:
    """Escape inline *text* so that MyST renders it literally."""
    text = _ALWAYS_ESCAPED.sub(r"\\\1", text)
    text = _UNDERSCORE_AT_WORD_EDGE.sub(r"\\_", text)
    return _ENTITY_LIKE.sub(r"\\&", text)


def protect_line_start(line: str) -> str:
    """Escape the start of a paragraph line that would otherwise open a block."""
    if _BLOCK_START.match(line):
        return "\\" + line
    return _ORDERED_MARKER.sub(r"\1\\\2", line)


def code_span(text: str) -> str:
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def link_target(url: str) -> str:
    """A link destination that survives spaces and parentheses."""
    if re.search(r"[\s()<>]", url):
        return "<" + url.replace("<", "%3C").replace(">", "%3E") + ">"
    return url


@dataclass
class Line:
    """One source line of inline content: MyST markup and its plain text."""

    myst: str
    plain: str
    urls: tuple[str, ...] = ()


@dataclass
class Paragraph:
    lines: list[Line]

    @property
    def plain(self) -> str:
        return "\n".join(line.plain for line in self.lines)


@dataclass
class Heading:
    level: int
    line: Line
    source_line: int


@dataclass
class ListItem:
    first: Paragraph | None
    rest: list[Block] = field(default_factory=list)
    source_line: int = 0


@dataclass
class ListBlock:
    items: list[ListItem]
    ordered: bool = False
    start: int = 1
    tight: bool = True


@dataclass
class Quote:
    blocks: list[Block]


@dataclass
class Code:
    text: str
    language: str = ""  # a Pygments lexer name, or "" for plain text


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    aligns: list[str]


@dataclass
class Comment:
    """Hidden source content (an HTML comment), kept as a MyST comment."""

    text: str
    source_line: int = 0


@dataclass
class ActionList:
    """A list of action items, written as an ``actions`` block."""

    items: ListBlock


Block = Paragraph | Heading | ListBlock | Quote | Code | Table | Comment | ActionList


def fence_for(body: str, minimum: int = 3) -> str:
    """A colon fence longer than any colon fence inside *body*."""
    inner = [len(run) for run in re.findall(r"^\s*(:{3,})", body, re.MULTILINE)]
    return ":" * max(minimum, max(inner, default=0) + 1)


def render_blocks(blocks: list[Block]) -> str:
    """MyST for content *blocks* (headings are placed by the caller), blank-line separated."""
    return "\n\n".join(text for text in map(render_block, blocks) if text)


def render_block(block: Block) -> str:
    match block:
        case Paragraph(lines=lines):
            return "\n".join(protect_line_start(line.myst.strip()) for line in lines).strip()
        case ListBlock():
            return _render_list(block)
        case Quote(blocks=inner):
            body = render_blocks(inner)
            return "\n".join(f"> {line}".rstrip() for line in body.splitlines())
        case Code(text=text, language=language):
            longest = max((len(run) for run in re.findall(r"^`{3,}", text, re.M)), default=2)
            fence = "`" * (longest + 1)
            return f"{fence}{language}\n{text.rstrip(chr(10))}\n{fence}"
        case Heading(line=line):
            # a heading inside one slide stays inside it: a rubric, not a section
            return f":::{{rubric}} {line.myst.strip()}\n:::" if line.myst.strip() else ""
        case Table():
            return _render_table(block)
        case Comment(text=text):
            return "\n".join(f"% {line}".rstrip() for line in text.strip().splitlines())
        case ActionList(items=items):
            body = _render_list(items)
            fence = fence_for(body)
            return f"{fence}{{actions}}\n{body}\n{fence}"
    raise TypeError(f"not a block: {block!r}")


def _render_list(block: ListBlock) -> str:
    rendered = []
    for number, item in enumerate(block.items, start=block.start):
        marker = f"{number}." if block.ordered else "-"
        body = render_item(item, block.tight)
        indent = " " * (len(marker) + 1)
        lines = body.splitlines() or [""]
        text = f"{marker} {lines[0]}".rstrip()
        for line in lines[1:]:
            text += "\n" + (indent + line if line else "")
        rendered.append(text)
    return ("\n" if block.tight else "\n\n").join(rendered)


def render_item(item: ListItem, tight: bool = True) -> str:
    parts = [render_block(item.first)] if item.first else []
    parts += [render_block(block) for block in item.rest]
    return ("\n" if tight else "\n\n").join(part for part in parts if part)


def _render_table(table: Table) -> str:
    def row(cells: list[str]) -> str:
        return "| " + " | ".join(cell.replace("\n", " ") for cell in cells) + " |"

    delimiters = {"left": ":--", "center": ":-:", "right": "--:"}
    lines = [row(table.header), row([delimiters.get(align, "---") for align in table.aligns])]
    lines += [row(cells + [""] * (len(table.header) - len(cells))) for cells in table.rows]
    return "\n".join(lines)
