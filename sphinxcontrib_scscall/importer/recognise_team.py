"""Recognising team and SIG reports: the heading, byline, minutes link, mission and topics.

A node titled like a configured team becomes a ``team-report``. Its vertical
slides (or, in minutes, its sub-sections) are the topics; a topic slide that
only repeats the team's name is titled by its first inner heading or bold
lead line, else by the team's name. A sub-heading naming another team is that
team's own report. Questions of the report template ("Most important item to
share...?") are dropped as headings; their answers stay. Action item lists in a
report become ``actions`` blocks (:mod:`.recognise_actions`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..shared import GITHUB_HANDLE_RE
from ..teams import Team, TeamRegistry, normalize_team_name
from .myst import Block, Heading, Line, Paragraph, Quote, escape_text
from .outline import Node
from .recognise_actions import ActionsReader
from .report import Problems
from .written_deck import ImportedTeamReport, Section

TEAM_MARKER = re.compile(r"\b(?:team|sig)\b", re.IGNORECASE)
BYLINE = re.compile(r"^\s*(?P<verb>report(?:ed)?|presented)\s+by\b\s*:?\s*(?P<who>.*)$", re.I)
MINUTES_LINE = re.compile(r"^\s*minutes\s*:\s*<?(?P<url>https?://\S+?)>?\s*$", re.IGNORECASE)
# "[Minutes](url)" or "Minutes: [text](url)" of the plain-Markdown era
MINUTES_LINK = re.compile(
    r"^\s*(?:\[minutes\]|minutes\s*:\s*\[[^\]]*\])\((?P<url>https?://[^\s)]+)\)\s*$", re.I
)
TEMPLATE_QUESTION = re.compile(
    r"^\W*(?:most important item|any(?:thing)?\s+(?:else\s+)?(?:important|relevant)|"
    r"what was relevant)\b.*\?\s*$",
    re.IGNORECASE,
)
_REMAINDER_JUNK = re.compile(r"^(?:[\s\-–—:/,&()+.]|\band\b)+|[\s\-–—:/,&()+]+$", re.IGNORECASE)
_STRONG_LINE = re.compile(r"^\*\*(?P<text>.+?)\*\*$")
_WORD = re.compile(r"[^\s/,:&()\[\]–—-]+")


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


def is_template_question(heading: Heading | None) -> bool:
    return heading is not None and bool(TEMPLATE_QUESTION.match(heading.line.plain))


def parse_handles(text: str) -> list[str] | None:
    """GitHub handles in "@a, @b and c", or None when anything else is written there."""
    words = [word for word in re.split(r"\s*(?:,|&|\+|/|\band\b|\s)\s*", text.strip()) if word]
    handles = [word.removeprefix("@") for word in words]
    if not handles or not all(GITHUB_HANDLE_RE.fullmatch(handle) for handle in handles):
        return None
    return list(dict.fromkeys(handles))


def take_byline(
    blocks: list[Block], verbs: tuple[str, ...], line: int, problems: Problems
) -> tuple[list[str], list[Block]]:
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
                problems.add(line, f"byline kept as text (not GitHub handles): {text.plain}")
                return [], blocks
            rest = block.lines[:number] + block.lines[number + 1 :]
            replacement = [Paragraph(rest)] if rest else []
            return handles, blocks[:index] + replacement + blocks[index + 1 :]
    return [], blocks


def take_minutes(blocks: list[Block]) -> tuple[str, list[Block]]:
    """The URL of a "Minutes: URL" / "[Minutes](URL)" paragraph, and the blocks without it."""
    for index, block in enumerate(blocks):
        if isinstance(block, Paragraph) and len(block.lines) == 1:
            line = block.lines[0]
            match = MINUTES_LINE.match(line.plain) or MINUTES_LINK.match(line.myst)
            if match:
                return match.group("url"), blocks[:index] + blocks[index + 1 :]
    return "", blocks


def _comparable(text: str) -> str:
    return " ".join(text.split()).casefold().rstrip(".")


def is_mission(block: Block, team: Team) -> bool:
    if isinstance(block, Quote) and len(block.blocks) == 1:
        block = block.blocks[0]
    if not team.mission or not isinstance(block, Paragraph):
        return False
    return _comparable(block.plain) == _comparable(team.mission)


def _without_questions(blocks: list[Block]) -> list[Block]:
    return [b for b in blocks if not (isinstance(b, Heading) and is_template_question(b))]


def _strong_lead(block: Block) -> tuple[str, Paragraph | None] | None:
    """A paragraph led by a bold line ("**Zuul**") names the topic it starts."""
    if not isinstance(block, Paragraph):
        return None
    lead = _STRONG_LINE.match(block.lines[0].myst.strip())
    if not lead:
        return None
    rest = block.lines[1:]
    return lead.group("text"), (Paragraph(rest) if rest else None)


class TeamReader:
    """Builds the ``team-report`` directives of team nodes (and of sub-team nodes in them)."""

    def __init__(self, registry: TeamRegistry, problems: Problems):
        self.registry = registry
        self.problems = problems
        self.actions = 0  # action items found in the reports so far

    def match(self, node: Node) -> TeamMatch | None:
        return match_team(self.registry, node.plain) if node.heading else None

    def reports(self, node: Node, match: TeamMatch) -> list[ImportedTeamReport]:
        """The node's report and, when a sub-section names another team, that team's report.

        What follows such a sub-section (vertical slides, sections) belongs to its team.
        """
        groups: list[tuple[TeamMatch, Node, list[Node]]] = [(match, node, [])]
        for child in node.children:
            sub_team = self.match(child)
            if sub_team and sub_team.team.key != groups[-1][0].team.key:
                groups.append((sub_team, child, list(child.children)))
            else:
                groups[-1][2].append(child)
        return [self._report(*group) for group in groups]

    def _report(self, match: TeamMatch, node: Node, children: list[Node]) -> ImportedTeamReport:
        team = match.team
        reporters, intro = take_byline(
            node.blocks, ("report", "reported"), node.line, self.problems
        )
        minutes, intro = take_minutes(intro)
        intro = [b for b in _without_questions(intro) if not is_mission(b, team)]
        if re.search(r"[^\W\d_]", match.remainder):
            intro.insert(0, Paragraph([Line(f"*{escape_text(match.remainder)}*", match.remainder)]))
        topics = [topic for child in children for topic in self._topics(child, team, node.myst)]
        actions = ActionsReader(self.problems)
        intro = actions.blocks(intro)
        actions.sections(topics)
        self.actions += actions.count
        return ImportedTeamReport(
            team.key, reporters, minutes, intro, node.notes, topics, node.attributes
        )

    def _topics(self, node: Node, team: Team, team_title: str, level: int = 2) -> list[Section]:
        blocks = _without_questions(node.blocks)
        title = node.myst or team_title
        if is_template_question(node.heading):
            title = team_title
        match = self.match(node)
        if match and match.team.key == team.key:
            if re.search(r"[^\W\d_]", match.remainder):
                title = escape_text(match.remainder)
            elif blocks and isinstance(blocks[0], Heading) and blocks[0].line.myst.strip():
                # "# Team Container / ## Cluster Stacks" on one slide: the inner heading names it
                title, blocks = blocks[0].line.myst.strip(), blocks[1:]
            elif not blocks and node.children:
                # minutes: "### Team Container / #### Cluster Stacks" frames the topics
                topics = [t for child in node.children for t in self._topics(child, team, title)]
                topics[0].notes[:0] = node.notes
                return topics
            elif blocks and (lead := _strong_lead(blocks[0])):
                title, rest_of_paragraph = lead
                blocks[0:1] = [rest_of_paragraph] if rest_of_paragraph else []
        sections = [Section(level, title, blocks, node.notes, node.attributes)]
        for child in node.children:
            sections.extend(self._subsections(child, level + 1, title))
        return sections

    def _subsections(self, node: Node, level: int, parent_title: str) -> list[Section]:
        title = parent_title if is_template_question(node.heading) else node.myst or parent_title
        sections = [Section(min(level, 6), title, _without_questions(node.blocks), node.notes)]
        for child in node.children:
            sections.extend(self._subsections(child, level + 1, title))
        return sections
