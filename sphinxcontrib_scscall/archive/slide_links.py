"""Links between the two outputs of one docs tree.

Every call page of the HTML archive links "View as slides" to its deck, and
every deck has an unobtrusive corner link "Read in the archive" back. With the
defaults (``scscall_slides_url = "slides/"``, ``scscall_archive_url = "../"``)
this is the ``tox -e docs`` layout: ``_build/html`` and ``_build/html/slides``.
Both sides name the other output's pages ``<docname>.html`` (the ``html`` and
``revealjs`` builders) and link relative to the page, so the outputs also work
from ``file://``. Team reports and topics carry the same ids in both outputs
(see :mod:`sphinxcontrib_scscall.presentation`), and each team report links
its twin in the other output.
"""

from __future__ import annotations

import html
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder

from ..builders import is_html_archive, is_slide_builder
from ..call_deck import calls_of
from ..config import settings
from ..shared import block_nodes, url_scheme

SLIDES_CSS = "_static/scscall-slides.css"


def output_relative(builder: Builder, from_docname: str, root_path: str) -> str:
    """*root_path* (relative to the output root, or absolute) as seen from a page."""
    if url_scheme(root_path) or root_path.startswith("/"):
        return root_path
    depth = builder.get_target_uri(from_docname).count("/")
    return "../" * depth + root_path


def _page_under(base_url: str, docname: str) -> str:
    if base_url and not base_url.endswith("/"):
        base_url += "/"
    return f"{base_url}{docname}.html"


def slides_uri(builder: Builder, from_docname: str, call_docname: str) -> str:
    """The link from a page of the HTML archive to a call's slide deck."""
    base = settings(builder.config).slides_url
    return output_relative(builder, from_docname, _page_under(base, call_docname))


def slide_permalink(builder: Builder, from_docname: str, call_docname: str, anchor: str) -> str:
    """The link from a page of the HTML archive to one slide (``#/<id>``) of a call's deck."""
    uri = slides_uri(builder, from_docname, call_docname)
    return f"{uri}#/{anchor}" if anchor else uri


def archive_uri(builder: Builder, docname: str) -> str:
    """The link from a slide deck to its page in the HTML archive."""
    base = settings(builder.config).archive_url
    return output_relative(builder, docname, _page_under(base, docname))


def add_view_as_slides(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """'View as slides' under the title of every call page of the HTML archive."""
    title_section = next(block_nodes(doctree, nodes.section), None)
    if not is_html_archive(app.builder) or title_section is None:
        return
    if docname not in calls_of(app.env):
        return
    para = nodes.paragraph(classes=["scscall-view-slides"])
    para += nodes.reference(
        "",
        "View as slides",
        refuri=slides_uri(app.builder, docname, docname),
        internal=False,
        classes=["scscall-slides-link"],
    )
    # after the title and the date line the core puts under it
    position = title_section.first_child_matching_class(nodes.title) + 1
    meta = title_section.first_child_matching_class(nodes.paragraph, start=position)
    if meta == position and "scscall-call-meta" in title_section[meta]["classes"]:
        position += 1
    title_section.insert(position, para)


def link_team_reports(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Each team report links its twin: the slide from the page, the page from the slide.

    Both outputs give a report the same id (``team-<key>``), so the links are
    ``<deck>#/team-<key>`` and ``<call page>#team-<key>``.
    """
    if docname not in calls_of(app.env):
        return
    builder = app.builder
    to_slides = is_html_archive(builder)
    if not to_slides and not is_slide_builder(builder):
        return
    for report in block_nodes(doctree, nodes.section):
        if report.get("scscall_slide") != "team-report" or not report["ids"]:
            continue
        anchor = report["ids"][0]
        if to_slides:
            text, uri = "View as slide", slide_permalink(builder, docname, docname, anchor)
            position = 1  # right under the team's name
        else:
            text, uri = "Read in the archive", f"{archive_uri(builder, docname)}#{anchor}"
            # at the end of the team's title slide, before its topic slides
            position = report.first_child_matching_class(nodes.section) or len(report)
        para = nodes.paragraph(classes=["scscall-report-twin"])
        para += nodes.reference(
            "", text, refuri=uri, internal=False, classes=["scscall-report-twin-link"]
        )
        report.insert(position, para)


def add_read_in_archive(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree
) -> None:
    """A corner link on every call deck; beside the slides, so on no slide's content."""
    if not is_slide_builder(app.builder) or pagename not in calls_of(app.env):
        return
    uri = html.escape(archive_uri(app.builder, pagename), quote=True)
    link = f'<a class="scscall-archive-link" href="{uri}">Read in the archive</a>\n'
    # before the first slide: the body ends inside the last slide stack
    context["body"] = link + context["body"]
    # the revealjs builder hands each page a copy of its stylesheets: add to that copy
    context["css_files"].append(SLIDES_CSS)


def setup_slide_links(app: Sphinx) -> None:
    app.connect("doctree-resolved", add_view_as_slides)
    app.connect("doctree-resolved", link_team_reports)
    app.connect("html-page-context", add_read_in_archive)
