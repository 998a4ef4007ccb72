"""markdown-it syntax trees of HedgeDoc Markdown to MyST content blocks.

Inline HTML is translated, not copied: ``<a href>`` becomes a link, ``<img>``
an image, ``<br>``/``</br>`` a line break, ``<b>``/``<i>``/``<code>`` their
Markdown forms; styling tags (``<font>``, ``<center>``, ``<span>``...) and
``<style>`` blocks go, their text stays. Emoji shortcodes become the
characters, bare URLs autolinks and valid ``@handle`` mentions ``{gh}`` roles.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser

import emoji
from markdown_it.tree import SyntaxTreeNode
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

from ..shared import GITHUB_HANDLE_RE, is_safe_url
from .myst import (
    Block,
    Code,
    Comment,
    Heading,
    Line,
    ListBlock,
    ListItem,
    Paragraph,
    Quote,
    Table,
    code_span,
    escape_text,
    link_target,
)
from .report import Problems

# resolves a local image path to the path to write, or None when it is unusable
ImageResolver = Callable[[str, int], str | None]

_BARE_URL = re.compile(r"https?://[^\s<>\"]+")
_URL_TRAILING_PUNCTUATION = re.compile(r"[.,;:!?'\"]+$")
_MENTION = re.compile(r"(?<![\w@/.])@(" + GITHUB_HANDLE_RE.pattern + r")(?![\w@-]|\.\w)")
# HedgeDoc's image size suffix, which CommonMark leaves as text: ![](x.png =50%x)
_SIZED_IMAGE = re.compile(r"!\[([^\]]*)\]\((\S+)\s+=[\d%x]*\)")
_STRONG_TAGS = {"b", "strong"}
_STRIKE_TAGS = {"s", "del", "strike"}
_EMPHASIS_TAGS = {"i", "em"}
_BREAK_TAGS = {"br"}
_BLOCK_TAGS = {"p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "center", "table"}
_HIDDEN_TAGS = {"style", "script"}


@dataclass
class _Frame:
    """Inline content collected inside one open construct (link, emphasis...)."""

    kind: str
    target: str = ""
    myst: list[str] = field(default_factory=list)
    plain: list[str] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)


class _InlineBuilder:
    """Collects inline pieces; HTML tags open and close frames across text tokens."""

    def __init__(
        self, renderer: MystRenderer, line: int, in_heading: bool = False, in_html_block=False
    ):
        self.renderer = renderer
        self.line = line
        self.in_heading = in_heading
        self.in_html_block = in_html_block
        self.frames = [_Frame("root")]
        self.hidden_depth = 0

    @property
    def top(self) -> _Frame:
        return self.frames[-1]

    def add(self, myst: str, plain: str, urls: tuple[str, ...] = ()) -> None:
        if self.hidden_depth:
            return
        self.top.myst.append(myst)
        self.top.plain.append(plain)
        self.top.urls.extend(urls)

    def text(self, text: str) -> None:
        position = 0
        for match in _SIZED_IMAGE.finditer(text):
            self._text(text[position : match.start()])
            self.image(match.group(1), match.group(2))
            position = match.end()
        self._text(text[position:])

    def _text(self, text: str) -> None:
        if ":" in text:  # only a ":shortcode:" needs the (slow) emoji lookup
            text = emoji.emojize(text, language="alias")
        in_link = any(frame.kind == "link" for frame in self.frames)
        position = 0
        for match in _BARE_URL.finditer(text):
            url = match.group(0)
            url = _URL_TRAILING_PUNCTUATION.sub("", url)
            while url.endswith(")") and url.count(")") > url.count("("):
                url = url[:-1]
            self._words(text[position : match.start()], in_link)
            if in_link:
                self.add(escape_text(url), url)
            else:
                self.add(f"<{url}>", url, (url,))
            position = match.start() + len(url)
        self._words(text[position:], in_link)

    def _words(self, text: str, in_link: bool) -> None:
        if in_link or self.in_heading:
            self.add(escape_text(text), text)
            return
        position = 0
        for match in _MENTION.finditer(text):
            self.add(escape_text(text[position : match.start()]), text[position : match.start()])
            self.add(f"{{gh}}`{match.group(1)}`", match.group(0))
            position = match.end()
        self.add(escape_text(text[position:]), text[position:])

    def line_break(self) -> None:
        if self.in_heading:
            self.add(" ", " ")
        else:
            self.add("\\\n", "\n")

    def open(self, kind: str, target: str = "") -> None:
        self.frames.append(_Frame(kind, target))

    def close(self, kind: str) -> None:
        if not any(frame.kind == kind for frame in self.frames[1:]):
            return
        while True:
            frame = self.frames.pop()
            self._emit(frame, wrap=frame.kind == kind)
            if frame.kind == kind:
                return

    def _emit(self, frame: _Frame, wrap: bool) -> None:
        myst, plain = "".join(frame.myst), "".join(frame.plain)
        urls = tuple(frame.urls)
        if not wrap or not plain.strip():
            self.add(myst, plain, urls)
        elif frame.kind == "link":
            self.add(*self.renderer.link(myst, plain, frame.target, self.line), urls)
        elif frame.kind == "code":
            self.add(code_span(plain), plain)
        elif frame.kind == "strike":
            self.renderer.uses_strikethrough = True
            self.add(_wrap(myst, "~~"), plain, urls)
        else:
            delimiter = "**" if frame.kind == "strong" else "*"
            self.add(_wrap(myst, delimiter), plain, urls)

    def image(self, alt: str, src: str) -> None:
        self.add(self.renderer.image(alt, src, self.line), alt)

    def html(self, snippet: str) -> None:
        for event, tag, attrs, data in _html_events(snippet):
            if event == "data":
                self.text(data)
            elif event == "comment":
                continue  # inline comments only carry reveal.js attributes or hidden remarks
            elif tag in _HIDDEN_TAGS:
                self.hidden_depth += 1 if event == "start" else -1 if self.hidden_depth else 0
            elif tag in _BREAK_TAGS:
                self.line_break()
            elif tag == "img" and event != "end":
                self.image(attrs.get("alt") or "", attrs.get("src") or "")
            elif tag == "a" and event == "start":
                self.open("link", attrs.get("href") or "")
            elif tag in _STRONG_TAGS | _EMPHASIS_TAGS | _STRIKE_TAGS | {"a", "code"}:
                kind = _frame_kind(tag)
                self.open(kind) if event == "start" else self.close(kind)
            elif tag in _BLOCK_TAGS and event == "end":
                # only an HTML block's own layout separates lines; inline it is a space
                self.line_break() if self.in_html_block else self.add(" ", " ")

    def finish(self) -> list[Line]:
        while len(self.frames) > 1:
            self._emit(self.frames.pop(), wrap=False)
        myst, plain = "".join(self.top.myst), "".join(self.top.plain)
        myst = re.sub(r"^(?:\\\n|\s)+|(?:\\\n|\s)+$", "", myst)
        myst_lines = myst.split("\n")
        plain_lines = plain.rstrip("\n").split("\n")
        if len(plain_lines) != len(myst_lines):
            plain_lines = [" ".join(plain_lines)] + [""] * (len(myst_lines) - 1)
        lines = [
            Line(m, p, tuple(url for url in self.top.urls if url in p or url in m))
            for m, p in zip(myst_lines, plain_lines, strict=True)
        ]
        return [line for line in lines if line.myst.strip() or line.plain.strip()]


def _frame_kind(tag: str) -> str:
    if tag in _STRONG_TAGS:
        return "strong"
    if tag in _STRIKE_TAGS:
        return "strike"
    if tag in _EMPHASIS_TAGS:
        return "emphasis"
    return "link" if tag == "a" else "code"


def _wrap(myst: str, delimiter: str) -> str:
    """Emphasis around *myst*, with its outer spaces moved outside the delimiters."""
    stripped = myst.strip()
    lead = myst[: len(myst) - len(myst.lstrip())]
    trail = myst[len(myst.rstrip()) :]
    if "\n" in stripped:
        return myst
    return f"{lead}{delimiter}{stripped}{delimiter}{trail}"


class _HtmlEvents(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.events: list[tuple[str, str, dict, str]] = []

    def handle_starttag(self, tag, attrs):
        self.events.append(("start", tag, {k: v or "" for k, v in attrs}, ""))

    def handle_startendtag(self, tag, attrs):
        self.events.append(("startend", tag, {k: v or "" for k, v in attrs}, ""))

    def handle_endtag(self, tag):
        self.events.append(("end", tag, {}, ""))

    def handle_data(self, data):
        self.events.append(("data", "", {}, data))

    def handle_comment(self, data):
        self.events.append(("comment", "", {}, data))


def _html_events(snippet: str) -> list[tuple[str, str, dict, str]]:
    parser = _HtmlEvents()
    parser.feed(snippet)
    parser.close()
    return parser.events


def html_comment_text(html: str) -> str | None:
    """The text of *html* when it is nothing but one comment, else None."""
    match = re.fullmatch(r"\s*<!--(.*?)-->\s*", html, re.DOTALL)
    return match.group(1).strip() if match else None


def fence_language(info: str) -> str:
    """The fence's language when Pygments knows it (Sphinx warns about unknown ones), else ""."""
    name = info.split()[0] if info.strip() else ""
    if not name:
        return ""
    try:
        get_lexer_by_name(name)
    except ClassNotFound:
        return ""
    return name


class MystRenderer:
    """Turns the block nodes of one source into MyST :mod:`.myst` blocks."""

    def __init__(
        self,
        problems: Problems,
        resolve_image: ImageResolver,
        line_offset: int = 0,
        fetch_remote: ImageResolver | None = None,
    ):
        self.problems = problems
        self.resolve_image = resolve_image
        self.fetch_remote = fetch_remote  # --fetch-images: a local copy of a remote image
        self.line_offset = line_offset
        self.uses_strikethrough = False  # the written deck then enables MyST's extension

    def source_line(self, node: SyntaxTreeNode) -> int:
        return self.line_offset + (node.map[0] if node.map else 0) + 1

    # -- blocks ------------------------------------------------------------------
    def blocks(self, nodes: list[SyntaxTreeNode], top_level: bool = True) -> list[Block]:
        result: list[Block] = []
        for node in nodes:
            result.extend(self.block(node, top_level))
        return result

    def block(self, node: SyntaxTreeNode, top_level: bool = True) -> list[Block]:
        kind = node.type
        if kind == "heading":
            line = self.inline_line(node.children[0], self.source_line(node), in_heading=True)
            if top_level:
                return [Heading(int(node.tag[1]), line, self.source_line(node))]
            return [Paragraph([Line(_wrap(line.myst, "**"), line.plain, line.urls)])]
        if kind == "paragraph":
            lines = self.inline(node.children[0], self.source_line(node))
            return [Paragraph(lines)] if lines else []
        if kind in ("bullet_list", "ordered_list"):
            return [self._list(node)]
        if kind == "blockquote":
            inner = self.blocks(node.children, top_level=False)
            return [Quote(inner)] if inner else []
        if kind == "fence":
            return [Code(node.content, fence_language(node.info))]
        if kind == "code_block":
            return [Code(node.content)]
        if kind == "html_block":
            return self._html_block(node)
        if kind == "table":
            return [self._table(node)]
        if kind in ("hr", "front_matter"):
            return []  # a thematic break is layout; separators were split off already
        self.problems.add(self.source_line(node), f"unknown Markdown block {kind!r} dropped")
        return []

    def _list(self, node: SyntaxTreeNode) -> ListBlock:
        items = []
        tight = True
        for item in node.children:
            children = list(item.children)
            first = None
            if children and children[0].type == "paragraph":
                tight = tight and bool(children[0].hidden)
                lines = self.inline(children.pop(0).children[0], self.source_line(item))
                first = Paragraph(lines) if lines else None
            rest = self.blocks(children, top_level=False)
            items.append(ListItem(first, rest, self.source_line(item)))
        start = int(node.attrs.get("start", 1)) if node.type == "ordered_list" else 1
        return ListBlock(items, node.type == "ordered_list", start, tight)

    def _table(self, node: SyntaxTreeNode) -> Table:
        header: list[str] = []
        aligns: list[str] = []
        rows: list[list[str]] = []
        for section in node.children:
            for row in section.children:
                cells = []
                for cell in row.children:
                    lines = self.inline(cell.children[0], self.source_line(node))
                    cells.append(" ".join(line.myst for line in lines))
                    if section.type == "thead":
                        style = str(cell.attrs.get("style", ""))
                        aligns.append(style.removeprefix("text-align:") if style else "")
                if section.type == "thead":
                    header = cells
                else:
                    rows.append(cells)
        return Table(header, rows, aligns)

    def _html_block(self, node: SyntaxTreeNode) -> list[Block]:
        html = node.content
        comment = html_comment_text(html)
        if comment is not None:
            if comment.startswith(".element:"):
                self.problems.add(
                    self.source_line(node),
                    f"reveal.js attributes kept as a comment: {comment[:60]}",
                )
            # ".slide:" comments are read by the outline as the slide's attributes
            return [Comment(comment, self.source_line(node))] if comment else []
        builder = _InlineBuilder(self, self.source_line(node), in_html_block=True)
        builder.html(html)
        lines = builder.finish()
        return [Paragraph(lines)] if lines else []

    # -- inline ------------------------------------------------------------------
    def inline(self, node: SyntaxTreeNode, line: int, in_heading: bool = False) -> list[Line]:
        builder = _InlineBuilder(self, line, in_heading)
        self._inline_children(node.children, builder)
        return builder.finish()

    def inline_line(self, node: SyntaxTreeNode, line: int, in_heading: bool = False) -> Line:
        lines = self.inline(node, line, in_heading)
        return Line(
            " ".join(line.myst.strip() for line in lines),
            " ".join(line.plain.strip() for line in lines),
            tuple(url for line in lines for url in line.urls),
        )

    def _inline_children(self, children: list[SyntaxTreeNode], builder: _InlineBuilder) -> None:
        for child in children:
            kind = child.type
            if kind == "text":
                builder.text(child.content)
            elif kind == "softbreak":
                builder.add(" ", " ") if builder.in_heading else builder.add("\n", "\n")
            elif kind == "hardbreak":
                builder.line_break()
            elif kind == "code_inline":
                builder.add(code_span(child.content), child.content)
            elif kind in ("em", "strong", "link", "s"):
                frame = {"em": "emphasis", "strong": "strong", "link": "link", "s": "strike"}[kind]
                builder.open(frame, str(child.attrs.get("href", "")))
                self._inline_children(child.children, builder)
                builder.close(frame)
            elif kind == "image":
                alt = "".join(grand.content for grand in child.children if grand.type == "text")
                builder.image(alt, str(child.attrs.get("src", "")))
            elif kind == "html_inline":
                builder.html(child.content)

    def link(self, myst: str, plain: str, target: str, line: int) -> tuple[str, str]:
        """A Markdown link, or its bare text when the target may not be linked."""
        target = target.strip()
        if is_safe_url(target):
            if myst.strip() == f"<{target}>":  # an autolink's text is its URL
                return myst, plain
            text = myst if plain.strip() else escape_text(target)
            return f"[{text}]({link_target(target)})", plain or target
        if target:
            self.problems.add(line, f"link to {target[:60]!r} dropped (not http/https/mailto)")
        return myst, plain

    def image(self, alt: str, src: str, line: int) -> str:
        alt_text = escape_text(alt.replace("\n", " "))
        src = src.strip()
        if src and not alt.strip():
            self.problems.add(line, f"image {src[:60]!r} has no alt text: describe it in the deck")
        if is_safe_url(src) and not src.lower().startswith("mailto:"):
            copy = self.fetch_remote(src, line) if self.fetch_remote else None
            return f"![{alt_text}]({link_target(copy or src)})"
        if ":" in src:
            self.problems.add(line, f"image {src[:60]!r} dropped (not http/https)")
            return alt_text
        resolved = self.resolve_image(src, line) if src else None
        if resolved is None:
            return f"{alt_text} (image {code_span(src)})" if src else alt_text
        return f"![{alt_text}]({link_target(resolved)})"
