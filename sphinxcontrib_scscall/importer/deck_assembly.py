"""Putting a deck together: the outline read once, each node handed to the recogniser it fits.

Title slides go to :mod:`.recognise_title`, team nodes to
:mod:`.recognise_team`, events to :mod:`.recognise_events`, surveys to
:mod:`.recognise_survey`; every other node stays an ordinary section, so no
text is lost. A HedgeDoc slide stays one slide: what a survey callout cannot
hold follows it as a "(continued)" section.
"""

from __future__ import annotations

import datetime as dt

from ..teams import TeamRegistry
from .hedgedoc import SourceDeck
from .myst import Block, escape_text
from .outline import Node, OutlineReader
from .recognise_events import EventsReader, is_events_node
from .recognise_survey import is_survey_node, survey_callout
from .recognise_team import TeamReader, is_template_question
from .recognise_title import split_title_slides, title_deck
from .render import MystRenderer
from .report import FileReport
from .written_deck import Deck, Item, Section


def assemble_deck(
    source: SourceDeck,
    source_lines: list[str],
    registry: TeamRegistry,
    renderer: MystRenderer,
    report: FileReport,
    file_date: dt.date | None,
) -> Deck:
    """The deck of one parsed source; *file_date* None: take it from the title (DateError if none)."""
    outline = OutlineReader(renderer, report.problems)
    if source.is_slide_deck:
        title_nodes, body = split_title_slides(outline.slides(source), source_lines)
    else:
        title_node, body = outline.minutes(source.slides[0][0])
        title_nodes = [title_node]
    # one HedgeDoc slide is one slide: the title slide's vertical slides and further
    # title-like slides (which may name the call) stay slides of their own
    naming_nodes, title_nodes = title_nodes[1:], title_nodes[:1]
    verticals = []
    if source.is_slide_deck and title_nodes:
        verticals, title_nodes[0].children = title_nodes[0].children, []
    deck = title_deck(title_nodes, file_date, source.front_matter, report.problems, naming_nodes)
    body = verticals + naming_nodes + body
    teams = TeamReader(registry, report.problems)
    body_items = BodyItems(teams, report, deck.call_date)
    body_items.last_title = deck.title
    body_items.add(body, depth=1)
    report.actions = teams.actions
    deck.items = body_items.items
    deck.strikethrough = renderer.uses_strikethrough
    return deck


class BodyItems:
    """The deck's items after the title, in source order."""

    def __init__(self, teams: TeamReader, report: FileReport, call_date: dt.date):
        self.teams = teams
        self.report = report
        self.events = EventsReader(report.problems, call_date)
        self.items: list[Item] = []
        self.last_title = ""

    def add(self, nodes: list[Node], depth: int, parent_title: str = "") -> None:
        """*nodes* in order; an untitled one takes *parent_title*, else the previous title."""
        for node in nodes:
            if is_events_node(node):
                self._events(node, depth)
            elif match := self.teams.match(node):
                for directive in self.teams.reports(node, match):
                    self.items.append(directive)
                    self.report.team_reports.append(directive.team)
                self.last_title = match.team.name
            elif is_survey_node(node):
                self.items.append(survey_callout(node))
                self.report.surveys += 1
                self.last_title = node.myst
                self._continuation(node.myst, depth, children=node.children, notes=node.notes)
            else:
                self._section(node, depth, fallback_title=parent_title)

    def _section(self, node: Node, depth: int, title: str = "", fallback_title: str = "") -> None:
        fallback_title = fallback_title or self.last_title
        if is_template_question(node.heading):
            title = title or fallback_title
        title = title or node.myst or fallback_title
        self.last_title = title
        level = min(depth + 1, 6)
        self.items.append(Section(level, title, node.blocks, node.notes, node.attributes))
        if depth == 1:
            self.report.slides += 1
        self.add(node.children, depth + 1, parent_title=title)

    def _continuation(
        self, title: str, depth: int, children: list[Node], notes: list[Block]
    ) -> None:
        """What a directive could not take, as a section right after it."""
        node = Node(None, [], [], list(notes))
        if node.notes:
            self._section(node, depth, title=f"{title} (continued)")
        self.add(list(children), depth + 1, parent_title=title)

    def _events(self, node: Node, depth: int) -> None:
        reading = self.events.read(node)
        if reading.directive is None:
            self._section(node, depth)
            return
        heading = escape_text(node.plain)
        if reading.header_slide:
            self._section(Node(node.heading, reading.leftovers, [], [], node.attributes), depth)
        self.items.append(reading.directive)
        self.report.events += len(reading.directive.items)
        self.report.undated_events += reading.undated
        self.last_title = heading
        if reading.header_slide:
            self.add(reading.slides, depth + 1)
            return
        slides = self._items_of(reading.slides, depth + 1, heading)
        if all(isinstance(slide, Section) for slide in slides):
            # the events slide's vertical slides stay its vertical slides: inside the block
            reading.directive.slides = slides
        else:
            self.items.extend(slides)

    def _items_of(self, nodes: list[Node], depth: int, parent_title: str) -> list[Item]:
        """The items *nodes* make, without adding them to the deck."""
        deck_items, self.items = self.items, []
        try:
            self.add(nodes, depth, parent_title)
            return self.items
        finally:
            self.items = deck_items
