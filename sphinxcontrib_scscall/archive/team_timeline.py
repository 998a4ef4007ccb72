"""``team-timeline``: every report of one team across all calls ("what did Team X do?").

Oldest first, or newest first with ``:reverse:``. Each entry: the call's date
linked to the report, the call's title linked to the deck, the reporters, and
the report's topics linked to their anchors.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx

from .. import model
from ..config import settings
from ..shared import OptionSpec, flag_option, handle_references
from .listing import (
    ArchiveListingDirective,
    ListingContext,
    archive_listing,
    call_headline,
    check_team,
    year_class,
)


class team_timeline(archive_listing):
    """Options: ``team`` (key), ``team_known``, ``reverse``."""

    kind = "team-timeline"

    @classmethod
    def shown(cls, archive: model.Archive, options: dict) -> tuple:
        return tuple(
            (call_headline(call), report)
            for call, report in archive.reports_by(options.get("team", ""))
        )

    def render(self, context: ListingContext) -> list[nodes.Node]:
        reports = list(context.archive.reports_by(self["team"]))
        check_team(self, context)
        if not reports:
            return [nodes.paragraph("", "No reports.", classes=["scscall-empty"])]
        if self["reverse"]:
            reports.reverse()
        timeline = nodes.bullet_list(classes=["scscall-team-timeline"])
        for call, report in reports:
            timeline += timeline_entry(context, call, report)
        return [timeline]


def timeline_entry(
    context: ListingContext, call: model.Call, report: model.Report
) -> nodes.list_item:
    item = nodes.list_item(classes=["scscall-timeline-entry", year_class(call.date.year)])
    headline = nodes.paragraph(classes=["scscall-timeline-headline"])
    headline += context.text_link(
        call.docname, call.date.isoformat(), anchor=report.anchor, classes=["scscall-date"]
    )
    headline += nodes.Text(" ")
    headline += context.text_link(call.docname, call.title, classes=["scscall-call-link"])
    if report.reporters:
        headline += nodes.Text(" · by ")
        headline.extend(handle_references(report.reporters))
    item += headline
    if report.topics:
        topics = nodes.bullet_list(classes=["scscall-timeline-topics"])
        for topic in report.topics:
            entry = nodes.paragraph()
            entry += context.text_link(
                call.docname, topic.title, anchor=topic.anchor, classes=["scscall-topic-link"]
            )
            topics += nodes.list_item("", entry)
        item += topics
    return item


class TeamTimelineDirective(ArchiveListingDirective):
    required_arguments = 1
    final_argument_whitespace = True
    option_spec = OptionSpec({"reverse": flag_option})

    def run(self) -> list[nodes.Node]:
        team = settings(self.config).teams.team_for(self.arguments[0])
        return [
            self.placeholder(
                team_timeline,
                team=team.key,
                team_known=team.known,
                reverse=bool(self.options.get("reverse")),
            )
        ]


def setup_team_timeline(app: Sphinx) -> None:
    app.add_directive("team-timeline", TeamTimelineDirective)
