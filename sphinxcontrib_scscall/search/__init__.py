"""Report-level search (``scscall_search = "reports"``, the default).

The html build's ``search.html`` answers with team reports: each report is one
Pagefind record (see :mod:`.records`), linking ``<call page>#team-<key>``, with
filters by team, year and kind. Over http(s) a script inlined at the top of
the search page (``start.js``) starts Pagefind's search of the URL's query as
the page arrives, and the page's search script lists the results; opened from
disk, where Pagefind's WebAssembly cannot load, both leave Sphinx's own
page-level search to answer. Sphinx's search scripts and its index are held
back on that page (see :func:`held_back`) and loaded only then.
``scscall_search = "sphinx"`` keeps Sphinx's search alone. Generated team pages
offer a search of the team's reports, and every deck gets reveal.js's search
plugin.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config

from ..archive.team_pages import generated_team_pages
from ..builders import is_html_archive
from ..call_deck import calls_of
from ..config import settings
from ..shared import block_nodes, logger
from .index import (
    BINARY_PATH_VARIABLE,
    INDEX_DIR,
    describe_index,
    pagefind_executable,
    start_index,
)
from .records import search_records, setup_records
from .stems import setup_stems

STATIC = Path(__file__).parent / "static"
TEMPLATES = Path(__file__).parent / "templates"
#: the theme's search page, with Sphinx's search scripts held back
SEARCH_PAGE_TEMPLATE = "scscall-search-page.html"
#: the scripts only Sphinx's own search uses, which the search page loads only when it
#: answers (the page's scripts of every page, and the theme's, load as usual)
SPHINX_SEARCH_SCRIPTS = frozenset({"searchtools.js", "language_data.js", "searchindex.js"})
SCRIPT_ELEMENT = re.compile(r'<script\b[^>]*?\bsrc="(?P<src>[^"]+)"[^>]*></script>')
#: inlined at the top of the search page's <head>: starts the search as the page arrives
START_JS = Path(__file__).parent / "start.js"
SEARCH_JS = "scscall-search.js"
SEARCH_CSS = "scscall-search.css"
REVEAL_SEARCH_PLUGIN = {"name": "RevealSearch", "src": "revealjs/plugin/search/search.js"}
TEAM_SEARCH_CLASS = "scscall-team-search"
#: beside the doctrees: the digest of the records last indexed
STAMP_FILE = "scscall-search-records.sha256"


def _configure(app: Sphinx, config: Config) -> None:
    # every deck can find text in its slides during a call (Ctrl+Shift+F), in any search mode
    plugins = list(config.revealjs_script_plugins)
    if REVEAL_SEARCH_PLUGIN["name"] not in {plugin.get("name") for plugin in plugins}:
        config.revealjs_script_plugins = [*plugins, REVEAL_SEARCH_PLUGIN]
    if "html_static_path" in config and str(STATIC) not in config.html_static_path:
        config.html_static_path = [*config.html_static_path, str(STATIC)]
    if str(TEMPLATES) not in config.templates_path:
        config.templates_path = [*config.templates_path, str(TEMPLATES)]


def reports_search_on(app: Sphinx) -> bool:
    """Whether this build writes the report-level index (an html archive with Pagefind)."""
    return (
        is_html_archive(app.builder)
        and settings(app.config).search == "reports"
        and getattr(app, "scscall_pagefind", None) is not None
    )


def _find_pagefind(app: Sphinx) -> None:
    app.scscall_pagefind = None
    # singlehtml writes no search page
    has_search_page = getattr(app.builder, "search", False)
    if not is_html_archive(app.builder) or not has_search_page:
        return
    if settings(app.config).search != "reports":
        return
    app.scscall_pagefind = pagefind_executable()
    if app.scscall_pagefind is None:
        named = os.environ.get(BINARY_PATH_VARIABLE)
        missing = (
            f"{BINARY_PATH_VARIABLE} names no file ({named!r})"
            if named
            else "scscall_search = 'reports' needs Pagefind (pip install 'pagefind[bin]')"
        )
        logger.warning(
            f"{missing}; the search page uses Sphinx's own search",
            type="scscall",
            subtype="search",
        )


def language(app: Sphinx) -> str:
    """The ISO 639-1 code Pagefind stems the records with."""
    return (app.config.language or "en").replace("-", "_").split("_")[0].lower()


def team_names(app: Sphinx) -> dict[str, str]:
    """Filter labels: every configured team and every team that reported, by key."""
    names = {team.key: team.name for team in settings(app.config).teams}
    for call in calls_of(app.env).values():
        for report in call.reports:
            names.setdefault(report.team_key, report.team_name)
    return dict(sorted(names.items()))


def held_back(markup: str) -> str:
    """*markup* (the theme's rendered head) with Sphinx's search scripts made inert.

    Over http the report search answers, and those scripts (its index is some
    hundred kilobytes) would keep the browser busy on the way to the results: about
    0.06 s of 0.5 at 400 decks. Each stays in its place as a ``text/plain`` script
    that names it, which ``scscall-search.js`` loads, in order, from disk or when the
    report index fails.
    """

    def hold(element: re.Match) -> str:
        name = element["src"].split("?")[0].rsplit("/", 1)[-1]
        if name not in SPHINX_SEARCH_SCRIPTS:
            return element[0]
        return f'<script type="text/plain" data-scscall-sphinx-search="{element["src"]}"></script>'

    return SCRIPT_ELEMENT.sub(hold, str(markup))


def _search_page_assets(
    app: Sphinx, pagename: str, templatename: str, context, doctree
) -> str | None:
    if pagename != "search" or not reports_search_on(app):
        return None
    # the index is complete before the page that loads it is written (Pagefind, started when
    # the decks were read, is done by now at any size: the other pages took longer)
    _finish_index(app, None)
    index = describe_index(Path(app.outdir) / INDEX_DIR)
    if index is None:
        return None  # no call deck yet, or Pagefind failed: Sphinx's search answers
    # attribute values, which are escaped: no author's word or team name is ever script text
    described = {
        **index,
        "index": context["pathto"](f"{INDEX_DIR}/", 1),
        # the words Sphinx's search ignores (language_data.js), which the report search ignores too
        "stopwords": sorted(app.builder.indexer.lang.stopwords) if app.builder.indexer else [],
    }
    start = (
        f'<meta name="scscall-search" content="{html.escape(compact_json(described))}">\n'
        f"<script>{START_JS.read_text(encoding='utf-8')}</script>\n"
    )
    context["metatags"] = context.get("metatags", "") + start
    labels = compact_json({"team": team_names(app)})
    app.add_js_file(SEARCH_JS, **{"data-labels": labels})
    app.add_css_file(SEARCH_CSS)
    context["scscall_held_back"] = held_back
    return SEARCH_PAGE_TEMPLATE


def compact_json(value) -> str:
    return json.dumps(value, ensure_ascii=True, sort_keys=True, separators=(",", ":"))


def _offer_team_search(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """On a generated team page: a search box limited to the team's reports."""
    if not reports_search_on(app):
        return
    pages = generated_team_pages(app.env)
    keys = {page: key for key, page in pages.page_of.items()} if pages else {}
    key = keys.get(docname)
    if key is None:
        return
    section = next(
        (s for s in block_nodes(doctree, nodes.section) if "scscall-team-page" in s["classes"]),
        None,
    )
    if section is None:
        return
    action = html.escape(app.builder.get_relative_uri(docname, "search"), quote=True)
    form = (
        f'<form class="{TEAM_SEARCH_CLASS}" action="{action}" method="get" role="search">'
        f'<input type="search" name="q" aria-label="Search this team\'s reports" '
        f'placeholder="Search this team\'s reports">'
        f'<input type="hidden" name="team" value="{html.escape(key, quote=True)}">'
        f'<button type="submit">Search this team\'s reports</button></form>'
    )
    # after the facts (mission, minutes), before the timeline
    position = len([child for child in section.children if isinstance(child, nodes.paragraph)])
    section.insert(position + 1, nodes.raw("", form, format="html"))


def _start_index(app: Sphinx, env) -> list[str]:
    """Start Pagefind once every deck is read: it indexes while Sphinx writes the pages."""
    app.scscall_index_run = None
    if not is_html_archive(app.builder):
        return []
    if not reports_search_on(app):
        # a build switched to Sphinx's search leaves no index of an earlier build behind
        shutil.rmtree(Path(app.outdir) / INDEX_DIR, ignore_errors=True)
        return []
    stamp = Path(app.doctreedir) / STAMP_FILE
    records = search_records(app)
    app.scscall_index_run = start_index(
        app.scscall_pagefind, records, Path(app.outdir), language(app), stamp
    )
    return []


def _finish_index(app: Sphinx, exception: Exception | None) -> None:
    run = getattr(app, "scscall_index_run", None)
    app.scscall_index_run = None
    if run is None:
        return
    if exception is not None:
        run.cancel()
    else:
        run.finish()


def setup_search(app: Sphinx) -> None:
    setup_records(app)
    setup_stems(app)
    app.connect("config-inited", _configure)
    app.connect("builder-inited", _find_pagefind)
    app.connect("html-page-context", _search_page_assets)
    app.connect("doctree-resolved", _offer_team_search)
    # last of the env-updated handlers: the records come from the complete environment
    app.connect("env-updated", _start_index, priority=900)
    app.connect("build-finished", _finish_index)
