"""Helpers for testing call decks: write a small project, build it, inspect the result.

Used by this package's own tests and available to projects that test their
decks (``from sphinxcontrib_scscall.testing import build, write_project``).
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import re
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.testing.util import SphinxTestApp

if TYPE_CHECKING:
    from bs4 import BeautifulSoup

DEFAULT_CONF = 'extensions = ["sphinxcontrib_scscall"]\nexclude_patterns = ["_build"]\n'
_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def write_project(root: Path, files: Mapping[str, str], conf: str = DEFAULT_CONF) -> Path:
    """Write *files* (relative path -> text) and a ``conf.py`` below *root*."""
    root.mkdir(parents=True, exist_ok=True)
    if "conf.py" not in files:
        (root / "conf.py").write_text(conf, encoding="utf-8")
    if not any(name.split(".")[0] == "index" for name in files):
        (root / "index.md").write_text("# Index\n", encoding="utf-8")
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@dataclass
class Build:
    app: SphinxTestApp
    warnings: str
    statuscode: int = 0

    @property
    def failed(self) -> bool:
        """Whether the build failed (with ``warningiserror``: whether it warned)."""
        return self.statuscode != 0

    @property
    def outdir(self) -> Path:
        return Path(self.app.outdir)

    def warning_lines(self) -> list[str]:
        return [line for line in self.warnings.splitlines() if "WARNING" in line or "ERROR" in line]

    def doctree(self, docname: str) -> nodes.document:
        """The doctree as read (before builder-specific post-transforms)."""
        return self.app.env.get_doctree(docname)

    def resolved_doctree(self, docname: str) -> nodes.document:
        """The doctree as the builder writes it (post-transforms applied)."""
        return self.app.env.get_and_resolve_doctree(docname, self.app.builder)

    def html(self, docname: str) -> BeautifulSoup:
        from bs4 import BeautifulSoup

        path = self.outdir / f"{docname}.html"
        return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def build(
    srcdir: Path,
    builder: str = "html",
    *,
    builddir: Path | None = None,
    confoverrides: Mapping | None = None,
    parallel: int = 0,
    freshenv: bool = True,
    warningiserror: bool = False,
) -> Build:
    """Build *srcdir* with *builder* into ``<builddir or srcdir/_build>/<builder>``.

    ``warningiserror`` is ``sphinx-build -W``: the build completes and fails on any warning.
    """
    app = SphinxTestApp(
        builder,
        srcdir=Path(srcdir),
        builddir=(builddir or Path(srcdir) / "_build") / builder,
        freshenv=freshenv,
        confoverrides=dict(confoverrides or {}),
        parallel=parallel,
        warningiserror=warningiserror,
    )
    try:
        app.build()
    finally:
        app.cleanup()
    return Build(app, _ANSI.sub("", app.warning.getvalue()), app.statuscode)


def slide_stacks(soup: BeautifulSoup) -> list[list[str]]:
    """The deck's reveal.js layout: one list per horizontal slide, of its slides' headings.

    A horizontal slide without vertical children is a one-element list.
    """
    slides = soup.select_one("div.slides")
    layout = []
    for horizontal in slides.find_all("section", recursive=False):
        verticals = horizontal.find_all("section", recursive=False)
        layout.append([_heading(slide) for slide in (verticals or [horizontal])])
    return layout


def _heading(section) -> str:
    heading = section.find(re.compile(r"h[1-6]"))
    return heading.get_text(" ", strip=True) if heading else ""


def build_deployed(root: Path) -> tuple[Path, Path]:
    """Build *root* as ``tox -e docs`` does: the archive in ``_build/html`` and its slides
    in ``_build/html/slides`` (the default ``scscall_slides_url``); the two folders."""
    from sphinx.cmd.build import build_main

    html, slides = root / "_build" / "html", root / "_build" / "html" / "slides"
    for builder, outdir in (("html", html), ("revealjs", slides)):
        doctrees = root / "_build" / "doctrees" / builder
        status = build_main(["-q", "-b", builder, "-d", str(doctrees), str(root), str(outdir)])
        if status != 0:
            raise RuntimeError(f"the {builder} build of {root} failed")
    return html, slides


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        if self.path == "/favicon.ico":  # browsers ask for it; an archive may have none
            self.send_response(204)
            self.end_headers()
            return
        super().do_GET()


@contextlib.contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Serve *folder* over http on 127.0.0.1 while in the block; its base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_port}/"
    finally:
        httpd.shutdown()
        thread.join()
