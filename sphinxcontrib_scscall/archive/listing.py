"""What every archive listing shares.

A listing directive leaves an :class:`archive_listing` placeholder at read time;
which calls it shows depends on every deck of the build, so
:func:`resolve_listings` replaces it with docutils nodes at write time,
from :func:`~sphinxcontrib_scscall.deck.archive`. :class:`ListingPagesCollector`
remembers which listings each page holds, and :func:`rewrite_listing_pages` has
Sphinx write a page again when what one of its listings shows changed (each kind
says what that is in :meth:`archive_listing.shown`): ticking one team's action
rewrites that team's page and the pages listing open actions, not every listing
page. This keeps incremental builds right without ``-E``.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import ClassVar

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment
from sphinx.errors import NoUri

from .. import model
from ..builders import is_html_archive, is_slide_builder
from ..call_deck import archive, calls_of
from ..config import settings
from ..shared import PerDocumentCollector, ScsCallDirective, block_nodes, logger
from ..teams import TeamRegistry
from .slide_links import slides_uri

# the client-side filter reads these prefixes (static/scscall-archive.js)
TEAM_CLASS_PREFIX = "scscall-reported-"
YEAR_CLASS_PREFIX = "scscall-year-"


#: a listing as a page's record keeps it: its kind and its options
ListingRecord = tuple[str, tuple[tuple[str, Hashable], ...]]


class archive_listing(nodes.General, nodes.Element):
    """Placeholder for a listing; subclasses name their ``kind``, ``render`` it and say
    what of the archive it ``shown``."""

    kind = ""
    #: whether Sphinx's own search index takes in the listing's text (see :data:`NOT_SEARCHED`)
    searched = True
    #: every kind of listing by its name
    kinds: ClassVar[dict[str, type[archive_listing]]] = {}

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        archive_listing.kinds[cls.kind] = cls

    def render(self, context: ListingContext) -> list[nodes.Node]:
        raise NotImplementedError

    @classmethod
    def shown(cls, archive: model.Archive, options: dict) -> Hashable:
        """What of *archive* the listing shows with *options*: its page is written again
        when this changes."""
        raise NotImplementedError

    def record(self) -> ListingRecord:
        return self.kind, tuple(sorted(self.non_default_attributes().items()))


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
    _page_uris: dict[str, str | None] = field(default_factory=dict)

    @property
    def for_html_archive(self) -> bool:
        return is_html_archive(self.builder)

    def link(
        self,
        docname: str,
        *children: nodes.Node,
        anchor: str = "",
        slide_anchor: str = "",
        **attributes,
    ):
        """A reference from this page to *docname*: at *anchor* in the HTML archive, at the
        slide *slide_anchor* in a deck (``#/<id>``); the children alone where the builder
        has no page for *docname* (LaTeX writes only the documents of its toctree)."""
        if docname not in self._page_uris:  # a listing links each deck many times
            try:
                self._page_uris[docname] = self.builder.get_relative_uri(self.docname, docname)
            except NoUri:
                self._page_uris[docname] = None
        uri = self._page_uris[docname]
        if uri is None:
            return nodes.inline("", "", *children, **attributes)
        if anchor and self.for_html_archive:
            uri = f"{uri}#{anchor}"
        elif slide_anchor and is_slide_builder(self.builder):
            uri = f"{uri}#/{slide_anchor}"
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


def call_headline(call: model.Call) -> tuple:
    """What a listing shows of the call an entry belongs to."""
    return call.docname, call.date, call.title


def team_class(team_key: str) -> str:
    """The class marking a call entry (and its team links) with a team that reported."""
    return f"{TEAM_CLASS_PREFIX}{nodes.make_id(team_key)}"


def year_class(year: int) -> str:
    return f"{YEAR_CLASS_PREFIX}{year}"


def check_team(node: archive_listing, context: ListingContext) -> None:
    """Warn (at the directive) when a listing names a team neither configured nor reported."""
    team = node["team"]
    if not node["team_known"] and next(context.archive.reports_by(team), None) is None:
        logger.warning(
            f"{node.kind}: no team {team!r} in scscall_teams or any report",
            location=node,
            type="scscall",
            subtype=node.kind,
        )


#: Sphinx's own search index skips what carries this class. The listings of actions and
#: decisions copy the items' text from the call pages: a search for its words should find
#: the call where they were said, not each log that repeats them. (Timelines and the call
#: archive list titles, by which a team's page is rightly found.)
NOT_SEARCHED = "no-search"


def resolve_listings(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Replace the page's placeholders, once the doctree is resolved for the builder."""
    placeholders = list(block_nodes(doctree, archive_listing))
    if not placeholders:
        return
    context = ListingContext(
        builder=app.builder,
        docname=docname,
        archive=archive(app.env),
        teams=settings(app.config).teams,
    )
    for node in placeholders:
        rendered = node.render(context)
        if not node.searched:
            for element in rendered:
                element["classes"].append(NOT_SEARCHED)
        node.replace_self(rendered)


def listing_pages(env: BuildEnvironment) -> dict[str, tuple[ListingRecord, ...]]:
    """Docname -> the listings on that page."""
    return ListingPagesCollector.data(env)


def listing_kinds(env: BuildEnvironment, docname: str) -> set[str]:
    return {kind for kind, _options in listing_pages(env).get(docname, ())}


class ListingPagesCollector(PerDocumentCollector):
    env_attribute = "scscall_listing_pages"

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        records = tuple(
            dict.fromkeys(node.record() for node in block_nodes(doctree, archive_listing))
        )
        if records:
            listing_pages(app.env)[app.env.docname] = records


def remember_calls(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Keep the calls as they were before this build reads or removes anything."""
    env.scscall_calls_before_update = dict(calls_of(env))
    return []


def rewrite_listing_pages(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """The pages with a listing that shows something else now that decks came, went or
    changed.

    Listings are rendered at write time, so their pages need writing, not reading;
    an edit that leaves every call's record as it was (the usual one) needs neither.
    """
    before = env.__dict__.pop("scscall_calls_before_update", None)
    if before == calls_of(env):
        return []
    old, new = model.Archive(before or {}), archive(env)
    views: dict[ListingRecord, bool] = {}  # a listing on many pages is compared once

    def changed(record: ListingRecord) -> bool:
        if record not in views:
            kind, options = record
            listing = archive_listing.kinds[kind]
            views[record] = listing.shown(old, dict(options)) != listing.shown(new, dict(options))
        return views[record]

    return sorted(
        docname for docname, records in listing_pages(env).items() if any(map(changed, records))
    )


def setup_listings(app: Sphinx) -> None:
    app.add_env_collector(ListingPagesCollector)
    app.connect("doctree-resolved", resolve_listings)
    app.connect("env-get-outdated", remember_calls)
    app.connect("env-updated", rewrite_listing_pages)
