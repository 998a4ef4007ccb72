"""Where a directive's slide-level section belongs in the page's section tree.

A directive's output lands inside whatever section precedes it. Slides need
the call's own sections one level below the deck title (reveal.js: level 1 is
the title slide, level 2 a horizontal stack, level 3 its vertical slides), so
this transform lifts every section made by a call directive up to that level
and keeps the page's reading order. Text written after a directive and before
the next heading continues that directive's last (sub)section, as text after a
Markdown heading belongs to it.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx_revealjs.nodes import revealjs_section

from .builders import SLIDE_BUILDERS
from .shared import block_nodes

#: a directive's slide section sits at this depth (1 = the deck title's section)
SLIDE_DEPTH = 2
#: section levels that are slides: the title slide, horizontal and vertical slides
SLIDE_LEVELS = 3
#: set on body elements written after a slide section and moved into it: they were
#: written at the deck's own level, outside every team report (see :func:`owner_section`)
WRITTEN_AFTER = "scscall_written_after"


def section_depth(node: nodes.Node) -> int:
    depth = 0
    while node is not None:
        if isinstance(node, nodes.section):
            depth += 1
        node = node.parent
    return depth


class PlaceSlideSections(SphinxTransform):
    # after docutils has resolved the document structure; before CallDeckTransform (860)
    # and Sphinx's DoctreeReadEvent (880), where the toc and the call data are collected
    default_priority = 850

    def apply(self) -> None:
        for section in list(block_nodes(self.document, nodes.section)):
            if section.get("scscall_slide"):
                lift(section)
                absorb_trailing_body(section)


def lift(section: nodes.section) -> None:
    """Move *section* (and what follows it in its parent) up until it sits at SLIDE_DEPTH."""
    while section_depth(section) > SLIDE_DEPTH:
        parent = section.parent
        siblings = parent.children[parent.index(section) :]
        for node in siblings:
            parent.remove(node)
        grandparent = parent.parent
        position = grandparent.index(parent) + 1
        grandparent[position:position] = siblings


def absorb_trailing_body(section: nodes.section) -> None:
    """Body elements after *section* in its parent (invalid there) join its last subsection."""
    parent = section.parent
    position = parent.index(section) + 1
    trailing = []
    while position < len(parent) and not isinstance(parent[position], nodes.section):
        trailing.append(parent[position])
        position += 1
    if not trailing:
        return
    target = section
    while target.children and isinstance(target[-1], nodes.section):
        target = target[-1]
    for node in trailing:
        parent.remove(node)
        node[WRITTEN_AFTER] = True
        target += node


def owner_section(node: nodes.Node) -> nodes.section | None:
    """The innermost section *node* was written in, which the author's structure gives.

    That is the section around it, except for text written after a slide section
    (:func:`absorb_trailing_body`): it now ends that section's last subsection but
    was written in the section above, the deck's own.
    """
    while node is not None:
        if isinstance(node, nodes.Element) and node.get(WRITTEN_AFTER):
            node = lifted_section(node).parent
            continue
        if isinstance(node, nodes.section):
            return node
        node = node.parent
    return None


def lifted_section(node: nodes.Node) -> nodes.section:
    """The slide section *node* (moved in by :func:`absorb_trailing_body`) was written after."""
    section = node.parent
    while section_depth(section) > SLIDE_DEPTH:
        section = section.parent
    return section


class MarkSlides(SphinxPostTransform):
    """Tag each slide made by a call directive with ``data-scscall-slide`` for the slide theme.

    sphinx-revealjs writes a section's ``revealjs_section`` data attributes on
    its ``<section>`` (it drops classes), so the kind travels that way.
    """

    default_priority = 210
    builders = SLIDE_BUILDERS

    def run(self, **kwargs) -> None:
        title_section = next(block_nodes(self.document, nodes.section), None)
        for section in block_nodes(self.document, nodes.section):
            kind = section.get("scscall_slide") or (
                "topic" if "scscall-topic" in section["classes"] else None
            )
            if section is title_section and "scscall_call" in self.document:
                kind = "title"
            if kind:
                slide_attributes(section)["data-scscall-slide"] = kind


class KeepIdsBelowSlides(SphinxPostTransform):
    """Put the ids of sections deeper than reveal.js's slides on their titles.

    reveal.js makes slides of three section levels, and sphinx-revealjs writes no
    element at all for a deeper section (a heading inside a topic), so its id,
    the same as on the archive page, would be missing from the deck. On the
    title a ``#/<id>`` link still finds it: reveal.js opens the slide around it.
    """

    default_priority = 210
    builders = SLIDE_BUILDERS

    def run(self, **kwargs) -> None:
        for section in block_nodes(self.document, nodes.section):
            titled = section.children and isinstance(section[0], nodes.title)
            if titled and section["ids"] and section_depth(section) > SLIDE_LEVELS:
                section[0]["ids"] = [*section["ids"], *section[0]["ids"]]


def slide_attributes(section: nodes.section) -> revealjs_section:
    """The section's ``revealjs_section`` node (created when the author wrote none)."""
    index = section.first_child_matching_class(revealjs_section)
    if index is None:
        section.insert(1, revealjs_section())
        index = 1
    return section[index]


def setup_slide_sections(app) -> None:
    app.add_transform(PlaceSlideSections)
    app.add_post_transform(MarkSlides)
    app.add_post_transform(KeepIdsBelowSlides)
