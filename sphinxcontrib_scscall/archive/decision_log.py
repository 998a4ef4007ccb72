"""``decision-log``: every decision, newest call first ("what did we agree?").

Each entry gives the call's date (ISO) linked to the decision on its call page
(``<call page>#<decision id>``), the team, and the decision's text.
``:team:`` and ``:year:`` narrow it to one team or one year.
"""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx

from .. import model
from ..shared import OptionSpec
from .listing import (
    ArchiveListingDirective,
    ListingContext,
    archive_listing,
    call_headline,
    check_team,
)
from .listing_options import team_option, year_option
from .open_actions import permalink, with_slide_link


class decision_log(archive_listing):
    """Options: ``team`` (key, '' for all), ``team_known``, ``year`` (0: all)."""

    kind = "decision-log"
    searched = False

    @classmethod
    def shown(cls, archive: model.Archive, options: dict) -> tuple:
        decisions = archive.decisions(options.get("team", ""), options.get("year", 0))
        return tuple((call_headline(call), decision) for call, decision in decisions)

    def render(self, context: ListingContext) -> list[nodes.Node]:
        if self["team"]:
            check_team(self, context)
        decisions = context.archive.decisions(self["team"], self["year"])
        if not decisions:
            return [nodes.paragraph("", "No decisions.", classes=["scscall-empty"])]
        log = nodes.bullet_list(classes=["scscall-decision-log"])
        for call, decision in decisions:
            log += decision_entry(context, call, decision)
        return [log]


def decision_entry(
    context: ListingContext, call: model.Call, decision: model.Decision
) -> nodes.list_item:
    item = nodes.list_item(classes=["scscall-decision-entry"])
    headline = nodes.paragraph(classes=["scscall-decision-headline"])
    headline += permalink(
        context,
        call,
        decision.anchor,
        decision.slide_anchor,
        classes=["scscall-date", "scscall-decision-link"],
    )
    # the team even in a log of one team: an entry quoted or read alone still says whose it is
    headline.extend(
        with_slide_link(context, f" · {decision.team_name}", call, decision.slide_anchor)
    )
    item += headline
    item += nodes.paragraph("", decision.text, classes=["scscall-decision-text"])
    return item


class DecisionLogDirective(ArchiveListingDirective):
    option_spec = OptionSpec({"team": directives.unchanged, "year": directives.unchanged})

    def run(self) -> list[nodes.Node]:
        team_key, team_known = team_option(self)
        return [
            self.placeholder(
                decision_log, team=team_key, team_known=team_known, year=year_option(self)
            )
        ]


def setup_decision_log(app: Sphinx) -> None:
    app.add_directive("decision-log", DecisionLogDirective)
