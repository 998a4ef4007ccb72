"""Pieces every component shares: the directive base, link and handle checks."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import urlsplit

from docutils import nodes
from sphinx.environment import BuildEnvironment
from sphinx.environment.collectors import EnvironmentCollector
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

logger = logging.getLogger("sphinxcontrib_scscall")

#: the only link schemes ever rendered from author input
SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
WEB_SCHEMES = frozenset({"http", "https"})

# GitHub's rule: alphanumerics and single inner hyphens, at most 39 characters.
GITHUB_HANDLE_RE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}")
GITHUB = "https://github.com/"

BlockNode = TypeVar("BlockNode", bound=nodes.Element)


def url_scheme(url: str) -> str:
    """The lower-case scheme of *url*, '' for a relative reference."""
    # Browsers ignore control characters and spaces around a scheme, so must we.
    cleaned = re.sub(r"[\x00-\x20\x7f]", "", url)
    try:
        return urlsplit(cleaned).scheme.lower()
    except ValueError:
        return "invalid"


def is_safe_url(url: str, schemes: frozenset[str] = SAFE_SCHEMES) -> bool:
    """True for an absolute URL with a netloc (or mailto address) in an allowed scheme."""
    if not url or url != url.strip() or re.search(r"[\x00-\x20\x7f<>\"]", url):
        return False
    scheme = url_scheme(url)
    if scheme not in schemes:
        return False
    if scheme == "mailto":
        return "@" in url
    try:
        return bool(urlsplit(url).netloc)
    except ValueError:
        return False


#: myst-parser writes a Markdown hard line break as this raw HTML: the parser's, not the author's
MYST_LINE_BREAK = "<br />\n"
#: MyST's strikethrough extension writes ~~x~~ as these raw pieces around the text
MYST_STRIKETHROUGH = ("<s>", "</s>")


def block_nodes(
    tree: nodes.Node, kind: type[BlockNode] | tuple[type[BlockNode], ...]
) -> Iterator[BlockNode]:
    """The *kind* nodes of *tree* (itself included), in document order, as ``findall`` finds
    them, for a *kind* that only ever stands among body elements (section, list item,
    container).

    It never looks inside text elements (paragraphs, titles, literal blocks): no section,
    list item or container is ever there, and their text and inline nodes are most of a
    page's nodes. Several collectors and transforms walk every page for its sections;
    walking all its nodes each time cost a few per cent of a build.
    """
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, kind):
            yield node
        if isinstance(node, nodes.Element) and not isinstance(node, nodes.TextElement):
            stack.extend(reversed(node.children))


def neutralize_raw_html(tree: nodes.Element) -> int:
    """Show raw HTML below *tree* as text; return how many pieces there were.

    myst-parser turns inline HTML (``<b>``, ``<script>``) into raw nodes, which
    the HTML writers copy verbatim: call-deck text must never become markup.
    """
    pieces = [
        node
        for node in tree.findall(nodes.raw)
        if "html" in node.get("format", "").split()
        and node.astext() not in (MYST_LINE_BREAK, *MYST_STRIKETHROUGH)
    ]
    for node in pieces:
        if isinstance(node.parent, nodes.TextElement):
            node.replace_self(nodes.Text(node.astext()))
        else:
            node.replace_self(nodes.literal_block(node.astext(), node.astext()))
    return len(pieces)


def split_handles(text: str) -> list[str]:
    """``"@a, b  @c"`` -> ``["@a", "b", "@c"]`` (validation is the caller's)."""
    return [part for part in re.split(r"[\s,]+", text.strip()) if part]


def normalize_handle(handle: str) -> str | None:
    """The handle without '@' when it is a valid GitHub handle, else None."""
    bare = handle[1:] if handle.startswith("@") else handle
    return bare if GITHUB_HANDLE_RE.fullmatch(bare) else None


def handle_reference(handle: str) -> nodes.reference:
    """``@handle`` linked to the GitHub profile."""
    return nodes.reference(
        "", f"@{handle}", refuri=GITHUB + handle, classes=["scscall-handle"], internal=False
    )


def comma_separated(items: Iterable[nodes.Node]) -> list[nodes.Node]:
    """*items* with ``", "`` between them, for bylines and lists of links."""
    joined: list[nodes.Node] = []
    for item in items:
        if joined:
            joined.append(nodes.Text(", "))
        joined.append(item)
    return joined


def handle_references(handles: Iterable[str]) -> list[nodes.Node]:
    """``@a, @b``, each linked to its GitHub profile."""
    return comma_separated(handle_reference(handle) for handle in handles)


OPTION_LINE_RE = re.compile(r"\s*:([\w-]+):(?:\s|$)")
#: option lines looked at under a directive's first line: more than any directive has
MOST_OPTIONS = 50


class UnknownOption(str):
    """The value of an option the directive does not know (see :class:`OptionSpec`)."""


@dataclass(frozen=True)
class InvalidOption:
    """An option value its converter refused (see :class:`OptionSpec`)."""

    value: str | None
    problem: str


def converted_or_invalid(converter: Callable[[str | None], object], value: str | None):
    try:
        return converter(value)
    except (ValueError, TypeError) as err:
        return InvalidOption(value, " ".join(str(arg) for arg in err.args) or "not usable")


class OptionSpec(dict):
    """An option spec that lets unknown options and unusable values through, marked.

    docutils drops a whole directive (a team's entire report) over one unknown
    option or one value its converter refuses (``:no-mission: perhaps``); the
    directive warns and keeps going without that option instead.
    """

    def __missing__(self, name: str):
        return UnknownOption

    def __getitem__(self, name: str):
        converter = super().__getitem__(name)
        if converter is UnknownOption:
            return converter
        return functools.partial(converted_or_invalid, converter)


class ScsCallDirective(SphinxDirective):
    """Base for the call-deck directives: warnings that name file and line."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        written = self.written_options()
        for name, value in list(self.options.items()):
            # at the option's own line (the directive's first line holds none)
            line = written.get(name, [self.lineno])[0]
            if isinstance(value, UnknownOption):
                del self.options[name]
                known = ", ".join(sorted(self.option_spec))
                self.warn(f"{self.name}: unknown option :{name}: ignored (known: {known})", line)
            elif isinstance(value, InvalidOption):
                del self.options[name]
                shown = "" if value.value is None else f" {value.value}"
                self.warn(f"{self.name}: :{name}:{shown}: {value.problem}; ignored", line)
        # MyST keeps the last of an option written twice, silently (docutils refuses the
        # directive, in rST)
        for name, lines in written.items():
            for line in lines[1:]:
                self.warn(f"{self.name}: :{name}: is given more than once; the last is used", line)

    def content_container(
        self, *classes: str, kind: type[nodes.Element] = nodes.container
    ) -> nodes.Element:
        """A container (or *kind* node) to parse content into, with this directive's source,
        line and document.

        It is not in the document yet, so docutils would find the document by walking up
        from each node parsed into it, once per node: told up front, it does not (2 % of
        the instructions of a deck build with actions, and the same output).
        """
        container = kind(classes=list(classes))
        self.set_source_info(container)
        container.document = self.state.document
        return container

    def written_options(self) -> dict[str, list[int]]:
        """Option name -> the lines it is written on, from the option lines under the
        directive's first line."""
        written: dict[str, list[int]] = {}
        # the lines right under the first, not the whole (often long) block's
        for offset, line in enumerate(self.block_text.split("\n", MOST_OPTIONS)[1:], 1):
            match = OPTION_LINE_RE.match(line)
            if match is None:
                break
            written.setdefault(match.group(1), []).append(self.lineno + offset)
        return written

    def warn(self, message: str, line: int | None = None) -> None:
        logger.warning(
            message,
            location=(self.env.docname, line or self.lineno),
            type="scscall",
            subtype=self.name,
        )

    def handles_option(self, name: str) -> list[str]:
        """Valid handles of a handle-list option, warning about each invalid one."""
        valid = []
        for raw in split_handles(self.options.get(name, "")):
            handle = normalize_handle(raw)
            if handle is None:
                self.warn(f"{self.name}: {raw!r} in :{name}: is not a valid GitHub handle")
            elif handle not in valid:
                valid.append(handle)
        return valid

    def url_option(self, name: str, schemes: frozenset[str] = WEB_SCHEMES) -> str | None:
        """The option's URL if it is safe, else None with a warning."""
        url = self.options.get(name, "").strip()
        if not url:
            return None
        if not is_safe_url(url, schemes):
            allowed = "/".join(sorted(schemes))
            self.warn(f"{self.name}: :{name}: must be an {allowed} URL, got {url!r}")
            return None
        return url

    def int_option(self, name: str, default: int, minimum: int = 0, maximum: int = 100_000) -> int:
        """A whole-number option; a missing or unusable value gives *default*."""
        raw = self.options.get(name)
        if raw is None:
            return default
        text = str(raw).strip()
        if text.isdecimal() and minimum <= int(text) <= maximum:
            return int(text)
        self.warn(
            f"{self.name}: :{name}: must be a whole number from {minimum} to {maximum}, "
            f"got {raw!r}; using {'none' if default < 0 else default}"
        )
        return default

    def is_myst(self) -> bool:
        """Whether this directive is being parsed by myst-parser (not docutils' rST parser)."""
        return type(self.state).__module__.startswith("myst_parser")


def flag_option(argument: str | None) -> bool:
    """A flag option that also accepts an explicit true/false value (MyST YAML options)."""
    if argument is None or str(argument).strip().lower() in ("", "true", "yes", "1"):
        return True
    if str(argument).strip().lower() in ("false", "no", "0"):
        return False
    raise ValueError("takes no value (or true/false)")


def slide_section(
    directive: ScsCallDirective, title_text: str, kind: str, anchor: str | None = None
) -> nodes.section:
    """A section that becomes a slide of its own (see ``slide_sections.PlaceSlideSections``).

    Its id is *anchor* (made unique within the page), else derived from the title.
    """
    document = directive.state.document
    section = nodes.section(classes=[f"scscall-{kind}"], scscall_slide=kind)
    directive.set_source_info(section)
    title = nodes.title(title_text, title_text)
    directive.set_source_info(title)
    section += title
    if anchor:
        section["ids"].append(unique_id(document, anchor))
        document.ids[section["ids"][0]] = section
    section["names"].append(nodes.fully_normalize_name(title_text))
    document.note_implicit_target(section, section)
    return section


def unique_id(document: nodes.document, base: str) -> str:
    """*base*, or *base*-2, -3 ... so that ids stay unique within the page."""
    candidate, number = base, 1
    while candidate in document.ids:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


class PerDocumentCollector(EnvironmentCollector):
    """A collector whose data is one dict in the environment, keyed by docname.

    Purging a document and merging the results of parallel readers are the same
    for all of them; a subclass names its ``env_attribute`` and collects.
    """

    env_attribute = ""

    @classmethod
    def data(cls, env: BuildEnvironment) -> dict:
        """The collector's dict in *env* (created on first use)."""
        if not hasattr(env, cls.env_attribute):
            setattr(env, cls.env_attribute, {})
        return getattr(env, cls.env_attribute)

    def clear_doc(self, app, env: BuildEnvironment, docname: str) -> None:
        self.data(env).pop(docname, None)

    def merge_other(
        self, app, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment
    ) -> None:
        mine, theirs = self.data(env), self.data(other)
        for docname in docnames & theirs.keys():
            mine[docname] = theirs[docname]
