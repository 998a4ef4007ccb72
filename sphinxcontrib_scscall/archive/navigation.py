"""Previous and next call on every call page of the HTML archive.

The page head gets ``<link rel="prev">`` / ``<link rel="next">`` (the theme's
``prev`` / ``next`` and its relation bar, replacing what a toctree would give),
and the page a visible line at its end. Neighbours are by date
(:meth:`~sphinxcontrib_scscall.model.Archive.neighbours`), so adding, removing
or re-dating a deck changes the links of the decks beside it:
:func:`rewrite_neighbours` has Sphinx write those pages again.
"""

from __future__ import annotations

import html
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .. import model
from ..builders import is_html_archive
from ..call_deck import archive, calls_of
from ..shared import block_nodes

NAV_CLASS = "scscall-call-nav"
# what a page shows of each neighbour: when it changes, the page is written again
Shown = tuple[tuple[str, str, str] | None, tuple[str, str, str] | None]


def shown_neighbours(env: BuildEnvironment) -> dict[str, Shown]:
    def shown(call: model.Call | None) -> tuple[str, str, str] | None:
        return (call.docname, call.title, call.date.isoformat()) if call else None

    return {
        docname: (shown(before), shown(after))
        for docname, (before, after) in model.Archive(calls_of(env)).neighbours().items()
    }


def link_text(call: model.Call) -> str:
    return f"{call.date.isoformat()} {call.title}"


def add_call_nav(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """'← Previous call: … · Next call: … →' at the end of a call page."""
    if not is_html_archive(app.builder) or docname not in calls_of(app.env):
        return
    before, after = archive(app.env).neighbours().get(docname, (None, None))
    if before is None and after is None:
        return
    nav = nodes.paragraph(classes=[NAV_CLASS])
    for call, label, rel in ((before, "← Previous call: ", "prev"), (after, "Next call: ", "next")):
        if call is None:
            continue
        if len(nav):
            nav += nodes.Text(" · ")
        nav += nodes.Text(label)
        nav += nodes.reference(
            "",
            link_text(call) + (" →" if rel == "next" else ""),
            refuri=app.builder.get_relative_uri(docname, call.docname),
            internal=True,
            classes=[f"scscall-{rel}-call"],
        )
    title_section = next(block_nodes(doctree, nodes.section), None)
    (title_section if title_section is not None else doctree).append(nav)


def set_page_relations(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree
) -> None:
    """The theme's ``prev`` / ``next`` (head links, relation bar) are the neighbouring calls."""
    if not is_html_archive(app.builder) or pagename not in calls_of(app.env):
        return
    before, after = archive(app.env).neighbours().get(pagename, (None, None))
    rellinks = [link for link in context.get("rellinks", []) if link[2] not in ("N", "P")]
    for key, call, accesskey, text in (
        ("prev", before, "P", "previous"),
        ("next", after, "N", "next"),
    ):
        if call is None:
            context[key] = None
            continue
        context[key] = {
            "link": app.builder.get_relative_uri(pagename, call.docname),
            "title": html.escape(link_text(call)),
        }
        rellinks.append((call.docname, html.escape(link_text(call)), accesskey, text))
    context["rellinks"] = rellinks


def remember_neighbours(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    env.scscall_neighbours_before_update = shown_neighbours(env)
    return []


def rewrite_neighbours(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """The call pages whose previous or next call is not what it was before this build read."""
    before = env.__dict__.pop("scscall_neighbours_before_update", {})
    if not is_html_archive(app.builder):
        return []
    after = shown_neighbours(env)
    return sorted(docname for docname, shown in after.items() if before.get(docname) != shown)


def setup_navigation(app: Sphinx) -> None:
    app.connect("doctree-resolved", add_call_nav)
    app.connect("html-page-context", set_page_relations)
    app.connect("env-get-outdated", remember_neighbours)
    app.connect("env-updated", rewrite_neighbours)
