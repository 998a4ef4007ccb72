"""Shared helpers of the robustness tests (fuzz, bad input, hostile input, reproducibility).

Decks are written in either source format from one description, so a test can
be parametrised over ``FORMATS``. Building goes through
:mod:`sphinxcontrib_scscall.testing`; :func:`build_strict` adds what ``-W``
does (``warningiserror``) and keeps the exit status Sphinx would return.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Mapping, Sequence
from pathlib import Path
from urllib.parse import urlsplit

from sphinxcontrib_scscall.testing import DEFAULT_CONF, Build, build, write_project

FORMATS = ("myst", "rst")
BUILDERS = ("html", "revealjs")
SUFFIX = {"myst": ".md", "rst": ".rst"}
CALL_DATE = "2024-06-27"
#: the heading of the slide every test deck ends with: proof that the rest still builds
LATER_SLIDE = "Still on the agenda"
LATER_TEXT = "This slide comes after the bad input."
_RST_UNDERLINE = {1: "=", 2: "-", 3: "~"}


def deck_docname(date: str = CALL_DATE) -> str:
    return f"community-calls/{date}"


def heading(fmt: str, text: str, level: int = 2) -> str:
    if fmt == "myst":
        return f"{'#' * level} {text}\n"
    return f"{text}\n{_RST_UNDERLINE[level] * max(len(text), 4)}\n"


def role(fmt: str, name: str, text: str) -> str:
    return f"{{{name}}}`{text}`" if fmt == "myst" else f":{name}:`{text}`"


def directive(
    fmt: str,
    name: str,
    argument: str = "",
    options: Mapping[str, str | None] | None = None,
    content: str = "",
) -> str:
    """One directive block; an option whose value is None is written as a bare flag."""
    option_lines = [
        f":{key}:" if value is None else f":{key}: {value}"
        for key, value in (options or {}).items()
    ]
    content = textwrap.dedent(content).strip("\n")
    head = f" {argument}" if argument else ""
    if fmt == "myst":
        # a fence longer than any the content may hold, so nested directives close properly
        fence = ":" * (5 if ":::" in content else 3)
        body = "\n".join(option_lines)
        parts = (
            [f"{fence}{{{name}}}{head}", body, "", content, fence]
            if content
            else [
                f"{fence}{{{name}}}{head}",
                body,
                fence,
            ]
        )
        return "\n".join(part for part in parts if part is not None) + "\n"
    lines = [f".. {name}::{head}", *(f"   {line}" for line in option_lines)]
    if content:
        lines.append("")
        lines.extend(f"   {line}" if line else "" for line in content.splitlines())
    return "\n".join(lines) + "\n"


def metadata_block(fmt: str, fields: Mapping[str, str]) -> str:
    if not fields:
        return ""
    if fmt == "myst":
        return "---\n" + "".join(f"{k}: {v}\n" for k, v in fields.items()) + "---\n"
    return "".join(f":{k}: {v}\n" for k, v in fields.items()) + "\n"


def deck_text(
    fmt: str,
    *blocks: str,
    metadata: Mapping[str, str] | None = None,
    title: str = "Community call",
    later_slide: bool = True,
) -> str:
    """A call deck: metadata, title, the *blocks*, then the :data:`LATER_SLIDE`."""
    meta = {"call-date": CALL_DATE} if metadata is None else metadata
    parts = [metadata_block(fmt, meta) + heading(fmt, title, 1), *blocks]
    if later_slide:
        parts.append(heading(fmt, LATER_SLIDE) + "\n" + LATER_TEXT + "\n")
    return "\n".join(parts)


def deck_project(
    root: Path,
    fmt: str,
    *blocks: str,
    metadata: Mapping[str, str] | None = None,
    extra_files: Mapping[str, str] | None = None,
    docname: str | None = None,
    conf: str = DEFAULT_CONF,
    title: str = "Community call",
) -> tuple[Path, str]:
    """Write a one-deck project; return (srcdir, the deck's docname)."""
    docname = docname or deck_docname()
    files = {
        "index" + SUFFIX[fmt]: heading(fmt, "Index", 1) + "\nThe archive.\n",
        docname + SUFFIX[fmt]: deck_text(fmt, *blocks, metadata=metadata, title=title),
        **(extra_files or {}),
    }
    return write_project(root, files, conf=conf), docname


def build_strict(srcdir: Path, builder: str = "html", **options) -> Build:
    """Build like ``sphinx-build -W``: the build completes and fails on any warning."""
    return build(srcdir, builder, warningiserror=True, **options)


# ---------------------------------------------------------------- safety checks

SAFE_LINK_SCHEMES = ("http", "https", "mailto")
_LINK_ATTRIBUTES = ("href", "src", "action", "formaction", "xlink:href", "poster", "data")


def link_scheme(value: str) -> str:
    """The scheme a browser would see (control characters and spaces ignored)."""
    cleaned = re.sub(r"[\x00-\x20\x7f]", "", value)
    match = re.match(r"([A-Za-z][A-Za-z0-9+.-]*):", cleaned)
    if match is None:
        return ""
    try:
        return urlsplit(cleaned).scheme.lower()
    except ValueError:
        return match.group(1).lower()


def injection_problems(soup, allowed_scripts: Sequence[str] = ()) -> list[str]:
    """Every way *soup* could run author-supplied code; empty when the page is safe.

    ``allowed_scripts`` are substrings of the ``src`` of the scripts Sphinx and
    sphinx-revealjs add themselves (and inline scripts without hostile text are
    the builders' own configuration).
    """
    problems = []
    for element in soup.find_all(True):
        for attribute, value in element.attrs.items():
            text = " ".join(value) if isinstance(value, list) else str(value)
            if attribute.lower().startswith("on"):
                problems.append(f"<{element.name} {attribute}={text[:60]!r}>")
            if attribute.lower() in _LINK_ATTRIBUTES:
                scheme = link_scheme(text)
                if scheme and scheme not in SAFE_LINK_SCHEMES:
                    problems.append(f"<{element.name} {attribute}={text[:60]!r}>")
        if element.name in ("iframe", "object", "embed", "base", "meta") and (
            element.name != "meta" or element.get("http-equiv", "").lower() == "refresh"
        ):
            problems.append(f"<{element.name}> element")
    for script in soup.find_all("script"):
        src = script.get("src", "")
        if src and any(allowed in src for allowed in allowed_scripts):
            continue
        if src and not link_scheme(src) and not src.startswith("//"):
            continue  # the builders' own static files, relative to the page
        if not src and "HOSTILE" not in script.get_text():
            continue  # the builders' own inline configuration
        problems.append(f"<script src={src!r}>{script.get_text()[:60]!r}")
    return problems


def visible_text(soup) -> str:
    """The page's text with whitespace collapsed (what a reader sees)."""
    return " ".join(soup.get_text(" ").split())
