"""``call-archive``: every call deck, newest first, grouped by year.

Each year group has an anchor (``year-2024``). Each entry shows the call's
date, its title linked to the deck, the presenter, its recording
(``call-recording``), a link to the slides (HTML archive only) and the teams
that reported, each linked to its report. The HTML archive also gets the feed
links and a client-side team/year filter (``static/scscall-archive.js``), which
reads the ``scscall-year-*`` / ``scscall-reported-*`` classes of the entries.
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Iterable
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx

from .. import model
from ..builders import is_html_archive
from ..shared import (
    OptionSpec,
    comma_separated,
    flag_option,
    handle_reference,
    unique_id,
)
from .feeds import ATOM_FILE, ICS_FILE
from .listing import (
    ArchiveListingDirective,
    ListingContext,
    archive_listing,
    call_headline,
    check_team,
    listing_kinds,
    team_class,
    year_class,
)
from .listing_options import team_option, year_option
from .slide_links import output_relative
from .team_pages import generated_team_pages

ARCHIVE_JS = "scscall-archive.js"
ARCHIVE_CSS = "scscall-archive.css"


class call_archive(archive_listing):
    """Options: ``year`` (int), ``team`` / ``team_known``, ``limit`` (0: all), ``flat``."""

    kind = "call-archive"

    @classmethod
    def shown(cls, archive: model.Archive, options: dict) -> tuple:
        return tuple(
            (
                *call_headline(call),
                call.presenter,
                call.recording,
                tuple(
                    (report.team_key, report.team_name, report.anchor) for report in call.reports
                ),
            )
            for call in archive.newest_first()
        )

    def render(self, context: ListingContext) -> list[nodes.Node]:
        calls = self.selected_calls(context)
        listing = nodes.container(classes=["scscall-call-archive"])
        if context.for_html_archive:
            listing += feed_links(context)
        if not calls:
            listing += nodes.paragraph("", "No calls.", classes=["scscall-empty"])
        elif self["flat"]:
            listing += call_list(context, calls)
        else:
            for year, of_year in itertools.groupby(calls, key=lambda call: call.date.year):
                heading = nodes.rubric(
                    "", str(year), classes=["scscall-archive-year", year_class(year)]
                )
                self.give_anchor(heading, f"year-{year}")
                listing += heading
                listing += call_list(context, list(of_year))
        return [listing]

    def give_anchor(self, heading: nodes.Element, anchor: str) -> None:
        """*anchor* as *heading*'s id, made unique on the page (a second archive's is -2)."""
        heading["ids"].append(unique_id(self.document, anchor))
        self.document.ids[heading["ids"][0]] = heading

    def selected_calls(self, context: ListingContext) -> list[model.Call]:
        calls = context.archive.newest_first()
        if self["year"]:
            calls = [call for call in calls if call.date.year == self["year"]]
        if self["team"]:
            check_team(self, context)
            calls = [call for call in calls if self["team"] in {r.team_key for r in call.reports}]
        return calls[: self["limit"]] if self["limit"] else calls


def call_list(context: ListingContext, calls: list[model.Call]) -> nodes.bullet_list:
    entries = nodes.bullet_list(classes=["scscall-archive-calls"])
    for call in calls:
        entries += call_entry(context, call)
    return entries


def call_entry(context: ListingContext, call: model.Call) -> nodes.list_item:
    teams = [report.team_key for report in call.reports]
    item = nodes.list_item(
        classes=[
            "scscall-archive-entry",
            year_class(call.date.year),
            *dict.fromkeys(map(team_class, teams)),
        ]
    )
    headline = nodes.paragraph(classes=["scscall-archive-headline"])
    headline += nodes.inline("", call.date.isoformat(), classes=["scscall-date"])
    headline += nodes.Text(" ")
    headline += context.text_link(call.docname, call.title, classes=["scscall-call-link"])
    if call.presenter:
        headline += nodes.Text(" · presented by ")
        headline += handle_reference(call.presenter)
    if call.recording:
        headline += nodes.Text(" · ")
        headline += nodes.reference(
            "", "recording", refuri=call.recording, internal=False, classes=["scscall-recording"]
        )
    slides = context.slides_link(call)
    if slides is not None:
        headline += nodes.Text(" · ")
        headline += slides
    item += headline
    if call.reports:
        item += reports_line(context, call)
    return item


def reports_line(context: ListingContext, call: model.Call) -> nodes.paragraph:
    """'Reports: Team IaaS, Team Ops', each linked to its report's anchor."""
    line = nodes.paragraph(classes=["scscall-archive-reports"])
    line += nodes.Text("Reports: ")
    line.extend(team_links(context, call, call.reports))
    return line


def team_links(
    context: ListingContext, call: model.Call, reports: Iterable[model.Report]
) -> list[nodes.Node]:
    """'Team IaaS, Team Ops', each linked to its report in the call's deck."""
    return comma_separated(
        context.text_link(
            call.docname,
            report.team_name,
            anchor=report.anchor,
            classes=["scscall-team-link", team_class(report.team_key)],
        )
        for report in reports
    )


def feed_links(context: ListingContext) -> nodes.paragraph:
    """'Subscribe: Atom feed · Calendar (ICS) · Teams' (what exists in this build)."""
    para = nodes.paragraph(classes=["scscall-archive-feeds"])
    para += nodes.Text("Subscribe: ")
    for index, (text, path) in enumerate((("Atom feed", ATOM_FILE), ("Calendar (ICS)", ICS_FILE))):
        if index:
            para += nodes.Text(" · ")
        uri = output_relative(context.builder, context.docname, path)
        para += nodes.reference("", text, refuri=uri, internal=False, classes=["scscall-feed"])
    pages = generated_team_pages(context.builder.env)
    if pages is not None and pages.overview in context.builder.env.all_docs:
        para += nodes.Text(" · ")
        para += context.text_link(pages.overview, "Teams", classes=["scscall-teams"])
    return para


class CallArchiveDirective(ArchiveListingDirective):
    option_spec = OptionSpec(
        {
            "year": directives.unchanged,
            "team": directives.unchanged,
            "limit": directives.unchanged,
            "flat": flag_option,
        }
    )

    def run(self) -> list[nodes.Node]:
        team_key, team_known = team_option(self)
        return [
            self.placeholder(
                call_archive,
                year=year_option(self),
                team=team_key,
                team_known=team_known,
                limit=self.int_option("limit", default=0, minimum=1),
                flat=bool(self.options.get("flat")),
            )
        ]


def add_filter_assets(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree
) -> None:
    """The filter script, its style and the feed links, on the pages with a call archive."""
    on_page = call_archive.kind in listing_kinds(app.env, pagename)
    if not on_page or not is_html_archive(app.builder):
        return
    app.add_js_file(ARCHIVE_JS, loading_method="defer")
    app.add_css_file(ARCHIVE_CSS)
    feed = html.escape(output_relative(app.builder, pagename, ATOM_FILE), quote=True)
    context["metatags"] += (
        f'\n<link rel="alternate" type="application/atom+xml" title="Calls" href="{feed}">'
    )


def setup_call_archive(app: Sphinx) -> None:
    app.add_directive("call-archive", CallArchiveDirective)
    app.connect("html-page-context", add_filter_assets)
