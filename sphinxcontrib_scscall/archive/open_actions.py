"""``open-actions``: every action still open, grouped by team ("what is still open, and who owns it?").

An action is open when its latest appearance is ``[ ]`` (see
:class:`~sphinxcontrib_scscall.model.ActionHistory`). Each entry shows the owners
and the due date of that latest appearance (marked overdue when it is before the
newest call of the archive), links the call where the action was first raised,
and says how many later calls carried it. ``:team:`` shows one team's actions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx

from .. import model
from ..actions import ACTION_TEXT_CLASS, action_text
from ..shared import OptionSpec, handle_reference
from .listing import (
    ArchiveListingDirective,
    ListingContext,
    archive_listing,
    call_headline,
    check_team,
)
from .listing_options import team_option
from .slide_links import slide_permalink


def permalink(
    context: ListingContext, call: model.Call, anchor: str, slide_anchor: str, **attributes
) -> nodes.Element:
    """The call's date, linked to one place in it: its id on the call page, or its slide in a
    deck."""
    date = nodes.Text(call.date.isoformat())
    return context.link(call.docname, date, anchor=anchor, slide_anchor=slide_anchor, **attributes)


def with_slide_link(
    context: ListingContext, text: str, call: model.Call, slide_anchor: str
) -> list[nodes.Node]:
    """*text*, then ' · slide' linked to the slide that shows the entry (HTML archive only:
    slides are that). The separator joins *text* in one Text node: a listing has thousands
    of entries, and each node of them is one more for the writer to visit."""
    if not context.for_html_archive:
        return [nodes.Text(text)] if text else []
    uri = slide_permalink(context.builder, context.docname, call.docname, slide_anchor)
    link = nodes.reference("", "slide", refuri=uri, internal=False, classes=["scscall-slide-link"])
    return [nodes.Text(f"{text} · "), link]


def team_order(context: ListingContext, keys: Iterable[str], names: dict[str, str]) -> list[str]:
    """Configured teams in their configured order, then the others by name."""
    configured = [team.key for team in context.teams]
    keys = set(keys)
    known = [key for key in configured if key in keys]
    return known + sorted(keys - set(known), key=lambda key: (names[key].casefold(), key))


def action_body(action: model.Action, overdue: bool = False) -> nodes.paragraph:
    """Checkbox, owners, text and due date of one appearance of an action."""
    para = action_text(
        classes=[ACTION_TEXT_CLASS],
        done=action.done,
        due=action.due.isoformat() if action.due else None,
        overdue=overdue,
    )
    for number, handle in enumerate(action.owners):
        if number:
            para += nodes.Text(" ")
        para += handle_reference(handle)
    para += nodes.Text(f" {action.text}" if action.owners else action.text)
    return para


def is_overdue(action: model.Action, today: dt.date | None) -> bool:
    return action.due is not None and today is not None and action.due < today


class open_actions(archive_listing):
    """Options: ``team`` (key, '' for all), ``team_known``."""

    kind = "open-actions"
    searched = False

    @classmethod
    def shown(cls, archive: model.Archive, options: dict) -> tuple:
        histories = archive.open_actions(options.get("team", ""))
        return archive.newest_date(), tuple(
            tuple((call_headline(call), action) for call, action in history.appearances)
            for history in histories
        )

    def render(self, context: ListingContext) -> list[nodes.Node]:
        if self["team"]:
            check_team(self, context)
        histories = context.archive.open_actions(self["team"])
        listing = nodes.container(classes=["scscall-open-actions"])
        if not histories:
            listing += nodes.paragraph("", "No open actions.", classes=["scscall-empty"])
            return [listing]
        newest = context.archive.newest_date()
        by_team: dict[str, list[model.ActionHistory]] = {}
        names = {}
        for history in histories:
            action = history.latest[1]
            by_team.setdefault(action.team_key, []).append(history)
            names[action.team_key] = action.team_name
        for team_key in team_order(context, by_team, names):
            if not self["team"]:
                listing += nodes.rubric("", names[team_key], classes=["scscall-open-actions-team"])
            entries = nodes.bullet_list(classes=["scscall-checklist", "scscall-open-action-list"])
            for history in by_team[team_key]:
                entries += open_action_entry(context, history, newest)
            listing += entries
        return [listing]


def open_action_entry(
    context: ListingContext, history: model.ActionHistory, newest: dt.date | None
) -> nodes.list_item:
    latest_call, latest = history.latest
    first_call, first = history.first
    overdue = is_overdue(latest, newest)
    item = nodes.list_item(
        classes=["scscall-action", "scscall-action-open", *(["scscall-overdue"] if overdue else [])]
    )
    item += action_body(latest, overdue)
    facts = nodes.paragraph(classes=["scscall-action-history"])
    facts += nodes.Text("raised ")
    facts += permalink(
        context, first_call, first.anchor, first.slide_anchor, classes=["scscall-date"]
    )
    carried = history.times_carried
    carried_text = f", carried {carried} time{'s' if carried != 1 else ''}" if carried else ""
    facts.extend(with_slide_link(context, carried_text, latest_call, latest.slide_anchor))
    item += facts
    return item


class OpenActionsDirective(ArchiveListingDirective):
    option_spec = OptionSpec({"team": directives.unchanged})

    def run(self) -> list[nodes.Node]:
        team_key, team_known = team_option(self)
        return [self.placeholder(open_actions, team=team_key, team_known=team_known)]


def setup_open_actions(app: Sphinx) -> None:
    app.add_directive("open-actions", OpenActionsDirective)
