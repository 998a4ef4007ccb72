"""Recognising a call's structure in the parsed source: title, teams, events, surveys.

Both eras are read as one tree of headings: a HedgeDoc slide is a node whose
children are its inner headings and then its vertical slides; plain minutes
nest by heading level. A node titled like a configured team becomes a
``team-report`` (its children the topics), "Upcoming events"-style nodes
become one ``upcoming-events`` block, a survey slide a ``survey-callout``;
every other node stays an ordinary section, so no text is lost.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..dates import DateError
from ..shared import GITHUB_HANDLE_RE
from ..teams import Team, TeamRegistry, normalize_team_name
from .event_dates import find_event_date
from .hedgedoc import Chunk, SourceDeck
from .model import Deck, EventItem, Section, SurveyCallout, TeamReport, UpcomingEvents
from .myst import (
    Block,
    Heading,
    Line,
    ListBlock,
    ListItem,
    Paragraph,
    Quote,
    escape_text,
)
from .render import MystRenderer
from .report import FileReport

TEAM_MARKER = re.compile(r"\b(?:team|sig)\b", re.IGNORECASE)
EVENTS_TITLE = re.compile(r"^\W*(?:upcoming\s+)?events?\b", re.IGNORECASE)
SURVEY_TITLE = re.compile(r"\bsurvey\b", re.IGNORECASE)
BYLINE = re.compile(r"^\s*(?P<verb>report(?:ed)?|presented)\s+by\b\s*:?\s*(?P<who>.*)$", re.I)
MINUTES_LINE = re.compile(r"^\s*minutes\s*:\s*<?(?P<url>https?://\S+?)>?\s*$", re.IGNORECASE)
ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
DURATION = re.compile(r"\b(\d+)\s*(?:-\s*\d+\s*)?min(?:ute)?s?\b", re.IGNORECASE)
_REMAINDER_JUNK = re.compile(r"^(?:[\s\-–—:/,&()+.]|\band\b)+|[\s\-–—:/,&()+]+$", re.IGNORECASE)
_STRONG_LINE = re.compile(r"^\*\*(?P<text>.+?)\*\*$")
_WORD = re.compile(r"[^\s/,:&()\[\]–—-]+")
DEFAULT_TITLE = "Sovereign Cloud Stack Community Call"


@dataclass
class Node:
    """A heading (None for a slide without one), the blocks under it and its sub-nodes."""

    heading: Heading | None
    blocks: list[Block] = field(default_factory=list)
    children: list[Node] = field(default_factory=list)
    notes: list[Block] = field(default_factory=list)

    @property
    def plain(self) -> str:
        return self.heading.line.plain.strip() if self.heading else ""

    @property
    def myst(self) -> str:
        return self.heading.line.myst.strip() if self.heading else ""

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class TeamMatch:
    team: Team
    remainder: str  # what the heading says beyond the team's name


def match_team(registry: TeamRegistry, heading: str) -> TeamMatch | None:
    """The team a heading is titled after: "Team IaaS", "SIG Central API (1/2)", "Team IAM/Sec".

    A whole heading matches any spelling of a team when it says "Team" or "SIG",
    else only the team's configured name (so a "Community" news section is no
    team report). A longer heading matches by its longest leading words that name
    a team, and only when it says "Team" or "SIG".
    """
    text = heading.strip()
    marked = bool(TEAM_MARKER.search(text))
    team = registry.resolve(text)
    if team and (marked or normalize_team_name(text) == normalize_team_name(team.name)):
        return TeamMatch(team, "")
    if not marked:
        return None
    words = list(_WORD.finditer(text))
    for count in range(len(words) - 1, 0, -1):
        end = words[count - 1].end()
        team = registry.resolve(text[:end])
        if team:
            return TeamMatch(team, _REMAINDER_JUNK.sub("", text[end:]))
    return None


def build_tree(blocks: list[Block]) -> tuple[list[Block], list[Node]]:
    """Blocks before the first heading, and the heading nodes nested by level."""
    preamble: list[Block] = []
    roots: list[Node] = []
    open_nodes: list[Node] = []
    for block in blocks:
        if isinstance(block, Heading):
            node = Node(block)
            while open_nodes and open_nodes[-1].heading.level >= block.level:
                open_nodes.pop()
            (open_nodes[-1].children if open_nodes else roots).append(node)
            open_nodes.append(node)
        else:
            (open_nodes[-1].blocks if open_nodes else preamble).append(block)
    return preamble, roots


class DeckBuilder:
    """Builds the :class:`~.model.Deck` of one parsed source."""

    def __init__(
        self,
        source: SourceDeck,
        source_lines: list[str],
        registry: TeamRegistry,
        renderer: MystRenderer,
        report: FileReport,
    ):
        self.source = source
        self.source_lines = source_lines
        self.registry = registry
        self.renderer = renderer
        self.report = report
        self.problems = report.problems
        self.items: list = []
        self.last_title = ""

    # -- reading ---------------------------------------------------------------------
    def chunk_node(self, chunk: Chunk) -> Node:
        self.renderer.line_offset = chunk.first_line
        preamble, roots = build_tree(self.renderer.blocks(chunk.nodes))
        self.renderer.line_offset = chunk.notes_line
        notes = self.renderer.blocks(chunk.notes, top_level=False)
        if not roots:
            return Node(None, preamble, [], notes)
        node = roots[0]
        node.blocks[:0] = preamble
        node.children.extend(roots[1:])
        node.notes = notes
        return node

    def slide_nodes(self) -> list[Node]:
        nodes = []
        for verticals in self.source.slides:
            node = self.chunk_node(verticals[0])
            node.children.extend(self.chunk_node(chunk) for chunk in verticals[1:])
            nodes.append(node)
        return nodes

    def raw_heading(self, node: Node) -> str:
        return self.source_lines[node.heading.source_line - 1] if node.heading else ""

    # -- building --------------------------------------------------------------------
    def build(self, call_date: dt.date | None) -> Deck:
        """The deck; *call_date* None means: take it from the title (SourceError if none)."""
        if self.source.is_slide_deck:
            title_nodes, body = self._split_title_slides(self.slide_nodes())
        else:
            title_nodes, body = self._split_minutes(self.source.slides[0][0])
        deck = self._title(title_nodes, call_date)
        self.last_title = deck.title
        self.emit(body, depth=1, call_date=deck.call_date)
        deck.items = self.items
        return deck

    def _split_minutes(self, chunk: Chunk) -> tuple[list[Node], list[Node]]:
        """The first heading of plain minutes is the title, what it contains the body."""
        self.renderer.line_offset = chunk.first_line
        preamble, roots = build_tree(self.renderer.blocks(chunk.nodes))
        # a lone chunk may still carry "Note:" speaker notes (a deck of one slide)
        self.renderer.line_offset = chunk.notes_line
        notes = self.renderer.blocks(chunk.notes, top_level=False)
        if not roots:
            return [Node(None, preamble, [], notes)], []
        title = roots[0]
        body = title.children + roots[1:]
        return [Node(title.heading, preamble + title.blocks, [], notes)], body

    def _split_title_slides(self, nodes: list[Node]) -> tuple[list[Node], list[Node]]:
        """The leading slides that make up the title slide, and the rest."""
        first = next((i for i, node in enumerate(nodes) if node.heading), None)
        if first is None:
            return nodes, []
        candidate = nodes[first]
        if not self._is_title_slide(candidate, first_slide=True):
            return nodes[:first], nodes[first:]
        end = first + 1
        while end < len(nodes) and self._is_title_slide(nodes[end], first_slide=False):
            end += 1
        return nodes[:end], nodes[end:]

    def _is_title_slide(self, node: Node, first_slide: bool) -> bool:
        headings = [n for n in node.walk() if n.heading]
        styled = bool(headings) and all("<font" in self.raw_heading(n) for n in headings)
        mentions = any("call" in n.plain.casefold() or ISO_DATE.search(n.plain) for n in headings)
        if first_slide:
            return "<font" in self.raw_heading(node) or mentions
        return styled and mentions

    def _title(self, title_nodes: list[Node], call_date: dt.date | None) -> Deck:
        headings: list[Node] = []
        intro: list[Block] = []
        notes: list[Block] = []
        for top in title_nodes:
            for node in top.walk():
                if node.heading:
                    headings.append(node)
                    intro.append(node)  # placeholder, replaced below if not used
                intro.extend(node.blocks)
                notes.extend(node.notes)
        title_parts: list[Node] = []
        if headings:
            title_parts.append(headings[0])
            calls = [n for n in headings[1:] if "call" in n.plain.casefold()]
            title_parts.extend(calls[:1])
        date = call_date or self._date_in(headings)
        title = " ".join(node.myst for node in title_parts) or DEFAULT_TITLE
        if not ISO_DATE.search(" ".join(node.plain for node in title_parts)) and date:
            title += f" {date.isoformat()}"
        consumed = {id(node) for node in title_parts}
        if date:
            consumed |= {id(n) for n in headings if n.plain.strip() == date.isoformat()}
        blocks: list[Block] = []
        for entry in intro:
            if isinstance(entry, Node):
                if id(entry) not in consumed:
                    blocks.append(Paragraph([entry.heading.line]))
            else:
                blocks.append(entry)
        first_line = headings[0].heading.source_line if headings else 1
        presenters, blocks = self._take_byline(blocks, ("presented",), first_line)
        if date is None:
            raise DateError("no call date in the file name, the front matter or the title")
        return Deck(date, title, presenters[0] if presenters else None, blocks, notes)

    @staticmethod
    def _date_in(headings: list[Node]) -> dt.date | None:
        for node in headings:
            for match in ISO_DATE.finditer(node.plain):
                try:
                    return dt.date(*map(int, match.groups()))
                except ValueError:
                    continue
        return None

    # -- the body --------------------------------------------------------------------
    def emit(self, nodes: list[Node], depth: int, call_date: dt.date) -> None:
        index = 0
        while index < len(nodes):
            node = nodes[index]
            if EVENTS_TITLE.match(node.plain):
                group = [node]
                while index + 1 < len(nodes) and EVENTS_TITLE.match(nodes[index + 1].plain):
                    index += 1
                    group.append(nodes[index])
                self._events(group, depth, call_date)
            elif match := match_team(self.registry, node.plain) if node.heading else None:
                self._team(node, match)
            elif SURVEY_TITLE.search(node.plain) and self._urls(node.blocks):
                self._survey(node, depth, call_date)
            else:
                self._section(node, depth, call_date)
            index += 1

    def _section(self, node: Node, depth: int, call_date: dt.date, title: str = "") -> None:
        title = title or node.myst or self.last_title
        self.last_title = title
        self.items.append(Section(min(depth + 1, 6), title, node.blocks, node.notes))
        if depth == 1:
            self.report.slides += 1
        self.emit(node.children, depth + 1, call_date)

    def _continuation(
        self,
        title: str,
        depth: int,
        call_date: dt.date,
        blocks: list[Block] = (),
        children: list[Node] = (),
        notes: list[Block] = (),
    ) -> None:
        """What a directive could not take, as a section right after it."""
        node = Node(None, list(blocks), list(children), list(notes))
        if node.blocks or node.children or node.notes:
            self._section(node, depth, call_date, title=f"{title} (continued)")

    # -- team reports ----------------------------------------------------------------
    def _team(self, node: Node, match: TeamMatch) -> None:
        team = match.team
        line = node.heading.source_line
        reporters, intro = self._take_byline(node.blocks, ("report", "reported"), line)
        minutes, intro = self._take_minutes(intro)
        intro = [block for block in intro if not self._is_mission(block, team)]
        if re.search(r"[^\W\d_]", match.remainder):
            intro.insert(0, Paragraph([Line(f"*{escape_text(match.remainder)}*", match.remainder)]))
        topics: list[Section] = []
        for child in node.children:
            topics.extend(self._topics(child, team, node.myst))
        self.items.append(TeamReport(team.key, reporters, minutes, intro, node.notes, topics))
        self.report.team_reports.append(team.key)
        self.last_title = team.name

    def _topics(self, node: Node, team: Team, team_title: str, level: int = 2) -> list[Section]:
        blocks = list(node.blocks)
        title = node.myst or team_title
        match = match_team(self.registry, node.plain) if node.heading else None
        if match and match.team.key == team.key:
            if re.search(r"[^\W\d_]", match.remainder):
                title = escape_text(match.remainder)
            elif not blocks and node.children:
                # "# Team Container / ## Cluster Stacks": the repeated team name frames the topic
                topics = [t for child in node.children for t in self._topics(child, team, title)]
                topics[0].notes[:0] = node.notes
                return topics
            elif blocks and (lead := self._strong_lead(blocks[0])):
                title, rest_of_paragraph = lead
                blocks[0:1] = [rest_of_paragraph] if rest_of_paragraph else []
        sections = [Section(level, title, blocks, node.notes)]
        for child in node.children:
            sections.extend(self._subsections(child, level + 1, title))
        return sections

    def _subsections(self, node: Node, level: int, parent_title: str) -> list[Section]:
        title = node.myst or parent_title
        sections = [Section(min(level, 6), title, node.blocks, node.notes)]
        for child in node.children:
            sections.extend(self._subsections(child, level + 1, title))
        return sections

    @staticmethod
    def _strong_lead(block: Block) -> tuple[str, Paragraph | None] | None:
        """A paragraph led by a bold line ("**Zuul**") names the topic it starts."""
        if not isinstance(block, Paragraph):
            return None
        lead = _STRONG_LINE.match(block.lines[0].myst.strip())
        if not lead:
            return None
        rest = block.lines[1:]
        return lead.group("text"), (Paragraph(rest) if rest else None)

    def _take_byline(self, blocks: list[Block], verbs: tuple[str, ...], line: int):
        """The handles of the first "Report by @x" line in *blocks*, and the blocks without it."""
        for index, block in enumerate(blocks):
            if not isinstance(block, Paragraph):
                continue
            for number, text in enumerate(block.lines):
                match = BYLINE.match(text.plain)
                if not match or match.group("verb").casefold() not in verbs:
                    continue
                handles = parse_handles(match.group("who"))
                if handles is None:
                    message = f"byline kept as text (not GitHub handles): {text.plain}"
                    self.problems.add(line, message)
                    return [], blocks
                rest = block.lines[:number] + block.lines[number + 1 :]
                replacement = [Paragraph(rest)] if rest else []
                return handles, blocks[:index] + replacement + blocks[index + 1 :]
        return [], blocks

    @staticmethod
    def _take_minutes(blocks: list[Block]) -> tuple[str, list[Block]]:
        for index, block in enumerate(blocks):
            if isinstance(block, Paragraph) and len(block.lines) == 1:
                match = MINUTES_LINE.match(block.lines[0].plain)
                if match:
                    return match.group("url"), blocks[:index] + blocks[index + 1 :]
        return "", blocks

    @staticmethod
    def _is_mission(block: Block, team: Team) -> bool:
        if isinstance(block, Quote) and len(block.blocks) == 1:
            block = block.blocks[0]
        if not team.mission or not isinstance(block, Paragraph):
            return False
        return _comparable(block.plain) == _comparable(team.mission)

    # -- events ----------------------------------------------------------------------
    def _events(self, group: list[Node], depth: int, call_date: dt.date) -> None:
        dated: list[EventItem] = []
        undated: list[ListItem] = []
        leftovers: list[Block] = []
        children: list[Node] = []
        notes: list[Block] = []

        def collect(node: Node) -> None:
            notes.extend(node.notes)
            for block in node.blocks:
                if not isinstance(block, ListBlock):
                    leftovers.append(block)
                    continue
                for item in block.items:
                    event = self._event_item(item, call_date)
                    if event:
                        dated.append(event)
                    else:
                        undated.append(item)
            for child in node.children:
                # untitled vertical slides and repeated "Events" ones continue the list
                if child.heading is None or EVENTS_TITLE.match(child.plain):
                    collect(child)
                else:
                    children.append(child)

        for node in group:
            collect(node)
        if not dated:
            self.problems.add(
                group[0].heading.source_line, "events slide without a dated item: kept as a slide"
            )
            for node in group:
                self._section(node, depth, call_date)
            return
        heading = group[0].plain
        include_past = any(event.dates.end < call_date for event in dated)
        self.items.append(UpcomingEvents(heading, dated, include_past))
        self.report.events += len(dated)
        self.report.undated_events += len(undated)
        self.last_title = heading
        if undated:
            leftovers.insert(0, ListBlock(undated))
        self._continuation(
            escape_text(heading), depth, call_date, blocks=leftovers, children=children, notes=notes
        )

    def _event_item(self, item: ListItem, call_date: dt.date) -> EventItem | None:
        if item.first is None:
            self.problems.add(item.source_line, "event item without text: kept undated")
            return None
        myst = " ".join(line.myst.strip().removesuffix("\\") for line in item.first.lines)
        plain = " ".join(line.plain.strip() for line in item.first.lines)
        try:
            found = find_event_date(plain, call_date)
        except DateError as err:
            self.problems.add(item.source_line, f"event kept undated: {err}")
            return None
        if found is None:
            self.problems.add(item.source_line, f"event kept undated (no date found): {plain[:60]}")
            return None
        title = _remove_date(myst, found.text_of(plain)) or escape_text(found.text_of(plain))
        return EventItem(found.dates, title, item.rest)

    # -- surveys ---------------------------------------------------------------------
    @staticmethod
    def _urls(blocks: list[Block]) -> list[str]:
        return [
            url
            for block in blocks
            if isinstance(block, Paragraph)
            for line in block.lines
            for url in line.urls
        ]

    def _survey(self, node: Node, depth: int, call_date: dt.date) -> None:
        url = self._urls(node.blocks)[0]
        blocks: list[Block] = []
        for block in node.blocks:
            if isinstance(block, Paragraph):
                lines = [line for line in block.lines if line.myst.strip() != f"<{url}>"]
                if lines:
                    blocks.append(Paragraph(lines))
            else:
                blocks.append(block)
        text = " ".join(block.plain for block in blocks if isinstance(block, Paragraph))
        duration = DURATION.search(text)
        anonymous = bool(re.search(r"\banonymous", text, re.I)) and not re.search(
            r"\b(?:not|non)[- ]anonymous", text, re.I
        )
        self.items.append(
            SurveyCallout(
                url,
                node.plain,
                f"{duration.group(1)} minutes" if duration else "",
                anonymous,
                blocks,
            )
        )
        self.report.surveys += 1
        self.last_title = node.myst
        self._continuation(node.myst, depth, call_date, children=node.children, notes=node.notes)


def parse_handles(text: str) -> list[str] | None:
    """GitHub handles in "@a, @b and c", or None when anything else is written there."""
    words = [word for word in re.split(r"\s*(?:,|&|\+|/|\band\b|\s)\s*", text.strip()) if word]
    handles = [word.removeprefix("@") for word in words]
    if not handles or not all(GITHUB_HANDLE_RE.fullmatch(handle) for handle in handles):
        return None
    return list(dict.fromkeys(handles))


def _comparable(text: str) -> str:
    return " ".join(text.split()).casefold().rstrip(".")


def _remove_date(myst: str, date_text: str) -> str:
    """*myst* without the date expression and the punctuation that tied it in."""
    pattern = "".join(r"\\?" + re.escape(char) for char in date_text)
    match = re.search(pattern, myst)
    if not match:
        return myst
    left = myst[: match.start()].rstrip()
    right = re.sub(r"^[\s,;:–—-]+", "", myst[match.end() :])
    stripped_left = left.rstrip(" ,;:–—-")
    if not stripped_left or not right:
        return (stripped_left + right).strip()
    if right[0] in "?!.)":
        return stripped_left + right
    separator = ", " if stripped_left != left else " "
    if stripped_left.endswith("*") and not left.endswith(" "):
        separator = ""
    return stripped_left + separator + right
