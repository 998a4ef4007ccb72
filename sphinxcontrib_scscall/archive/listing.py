"""What every archive listing shares.

A listing directive leaves an :class:`archive_listing` placeholder at read time;
which calls it shows depends on every deck of the build, so
:class:`ResolveArchiveListings` replaces it with docutils nodes at write time,
from :func:`~sphinxcontrib_scscall.deck.archive`. :class:`ListingPagesCollector`
remembers which pages hold listings, and :func:`reread_listing_pages` has Sphinx
re-read (and so re-write) them whenever a call deck is added, changed or removed,
which keeps incremental builds right without ``-E``.
"""

from __future__ import annotations

from dataclasses import dataclass

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment
from sphinx.environment.collectors import EnvironmentCollector
from sphinx.transforms.post_transforms import SphinxPostTransform

from .. import model
from ..deck import archive, is_call_deck
from ..shared import ScsCallDirective, logger
from ..teams import TeamRegistry
from ..upcoming_events import SLIDE_BUILDERS
from .slide_links import slides_uri


class archive_listing(nodes.General, nodes.Element):  # noqa: N801 - docutils node naming
    """Placeholder for a listing; subclasses name their ``kind`` and ``render`` it."""

    kind = ""

    def render(self, context: ListingContext) -> list[nodes.Node]:
        raise NotImplementedError


class ArchiveListingDirective(ScsCallDirective):
    """Base of the listing directives: a placeholder carrying the options, with source info."""

    def placeholder(self, node_class: type[archive_listing], **attributes) -> archive_listing:
        node = node_class("", **attributes)
        self.set_source_info(node)
        return node


@dataclass
class ListingContext:
    """What a listing needs to render on one page of one builder."""

    builder: Builder
    docname: str
    archive: model.Archive
    teams: TeamRegistry

    @property
    def for_html_archive(self) -> bool:
        return is_html_archive(self.builder)

    def link(self, docname: str, *children: nodes.Node, anchor: str = "", **attributes):
        """A reference from this page to *docname* (at *anchor*)."""
        uri = self.builder.get_relative_uri(self.docname, docname)
        if anchor:
            uri = f"{uri}#{anchor}"
        return nodes.reference("", "", *children, refuri=uri, internal=True, **attributes)

    def text_link(self, docname: str, text: str, anchor: str = "", **attributes):
        return self.link(docname, nodes.Text(text), anchor=anchor, **attributes)

    def slides_link(self, call: model.Call) -> nodes.reference | None:
        """'slides' linked to the call's deck, in the HTML archive only."""
        if not self.for_html_archive:
            return None
        uri = slides_uri(self.builder, self.docname, call.docname)
        return nodes.reference(
            "", "slides", refuri=uri, internal=False, classes=["scscall-slides-link"]
        )


def is_html_archive(builder: Builder) -> bool:
    """The HTML output proper (not the slides): it has the feeds and links to the slides."""
    return builder.format == "html" and builder.name not in SLIDE_BUILDERS


def team_class(team_key: str) -> str:
    """The class marking an entry (and its team link) as about one team, for the filter."""
    return f"scscall-team-{nodes.make_id(team_key)}"


def warn_at(node: nodes.Node, message: str) -> None:
    logger.warning(message, location=node, type="scscall", subtype="archive")


class ResolveArchiveListings(SphinxPostTransform):
    default_priority = 100

    def run(self, **kwargs) -> None:
        placeholders = list(self.document.findall(archive_listing))
        if not placeholders:
            return
        context = ListingContext(
            builder=self.app.builder,
            docname=self.env.docname,
            archive=archive(self.env),
            teams=self.app.scscall_team_registry,
        )
        for node in placeholders:
            node.replace_self(node.render(context))


def listing_pages(env: BuildEnvironment) -> dict[str, set[str]]:
    """Docname -> the kinds of listing on that page."""
    if not hasattr(env, "scscall_listing_pages"):
        env.scscall_listing_pages = {}
    return env.scscall_listing_pages


class ListingPagesCollector(EnvironmentCollector):
    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        listing_pages(env).pop(docname, None)

    def merge_other(
        self, app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment
    ) -> None:
        mine, theirs = listing_pages(env), listing_pages(other)
        for docname in docnames & theirs.keys():
            mine[docname] = theirs[docname]

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        kinds = {node.kind for node in doctree.findall(archive_listing)}
        if kinds:
            listing_pages(app.env)[app.env.docname] = kinds


def reread_listing_pages(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Every page with a listing, when any call deck came, changed or went."""
    if not any(is_call_deck(app, docname) for docname in added | changed | removed):
        return []
    return sorted(listing_pages(env).keys() - added - changed - removed)


def setup_listings(app: Sphinx) -> None:
    app.add_env_collector(ListingPagesCollector)
    app.add_post_transform(ResolveArchiveListings)
    app.connect("env-get-outdated", reread_listing_pages)
