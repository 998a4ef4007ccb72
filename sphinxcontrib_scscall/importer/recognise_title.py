"""Recognising the title slide: the deck's title, its date, presenter and intro.

The title is the first heading plus the heading that names the call
("Community Call 2024-06-27"); a Community Meeting deck, whose front matter
says so, is titled "SCS Community Meeting <date>". The file's date wins over
a different date in the title; the import report says so.
"""

from __future__ import annotations

import datetime as dt
import re

from ..dates import DateError
from .myst import Block, Heading, Paragraph
from .outline import Node
from .recognise_team import take_byline
from .report import Problems
from .written_deck import Deck

ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
CALL_NAME = re.compile(r"\b(?:call|meeting|weekly)\b", re.IGNORECASE)
MEETING = re.compile(r"\bcommunity\s+meeting\b", re.IGNORECASE)
DEFAULT_TITLE = "Sovereign Cloud Stack Community Call"


def split_title_slides(nodes: list[Node], source_lines: list[str]) -> tuple[list[Node], list[Node]]:
    """The leading slides that make up the title slide, and the rest."""
    first = next((i for i, node in enumerate(nodes) if node.heading), None)
    if first is None:
        return nodes, []
    if not _is_title_slide(nodes[first], source_lines, first_slide=True):
        return nodes[:first], nodes[first:]
    end = first + 1
    while end < len(nodes) and _is_title_slide(nodes[end], source_lines, first_slide=False):
        end += 1
    return nodes[:end], nodes[end:]


def _is_title_slide(node: Node, source_lines: list[str], first_slide: bool) -> bool:
    headings = [h for n in node.walk() for h in n.headings()]

    def styled(heading: Heading) -> bool:
        return "<font" in source_lines[heading.source_line - 1]

    names_call = any(
        CALL_NAME.search(h.line.plain) or ISO_DATE.search(h.line.plain) for h in headings
    )
    if first_slide:
        return styled(node.heading) or names_call
    return bool(headings) and all(map(styled, headings)) and names_call


def date_in(text: str) -> dt.date | None:
    for match in ISO_DATE.finditer(text):
        try:
            return dt.date(*map(int, match.groups()))
        except ValueError:
            continue
    return None


def title_deck(
    title_nodes: list[Node],
    file_date: dt.date | None,
    front_matter: dict,
    problems: Problems,
    naming_nodes: list[Node] = (),
) -> Deck:
    """The deck's title, date, presenter, intro and notes (DateError when no date is known).

    *naming_nodes*, further title-like slides that stay slides of their own, may
    name the call and its date.
    """
    headings: list[Heading] = []
    intro: list[Block | Heading] = []
    notes: list[Block] = []
    attributes: dict[str, str] = {}
    for top in title_nodes:
        for node in top.walk():
            attributes.update(node.attributes)
            if node.heading:
                headings.append(node.heading)
                intro.append(node.heading)
            intro.extend(node.blocks)
            notes.extend(node.notes)
    headings = [block for block in intro if isinstance(block, Heading)]
    headings += [h for node in naming_nodes for n in node.walk() for h in n.headings()]
    naming = [h for h in headings[1:] if CALL_NAME.search(h.line.plain)][:1]
    title_parts = headings[:1] + naming
    title_date = date_in(" ".join(h.line.plain for h in headings))
    date = file_date or title_date
    if date is None:
        raise DateError("no call date in the file name, the front matter or the title")
    if title_date and title_date != date:
        problems.add(
            headings[0].source_line,
            f"the title says {title_date}, the file's date {date} is used",
        )
    title = _title_text(title_parts, front_matter, date)
    consumed = {id(h) for h in title_parts}
    consumed |= {id(h) for h in headings if h.line.plain.strip() in (str(date), str(title_date))}
    blocks: list[Block] = []
    for entry in intro:
        if isinstance(entry, Heading):
            if id(entry) not in consumed and entry.line.myst.strip():
                blocks.append(Paragraph([entry.line]))
        else:
            blocks.append(entry)
    first_line = headings[0].source_line if headings else 1
    presenters, blocks = take_byline(blocks, ("presented",), first_line, problems)
    presenter = presenters[0] if presenters else None
    return Deck(date, title, presenter, blocks, notes, attributes=attributes)


def _title_text(parts: list[Heading], front_matter: dict, date: dt.date) -> str:
    said = " ".join(h.line.plain for h in parts)
    named = front_matter.get("title")
    if MEETING.search(said) and isinstance(named, str) and MEETING.search(named):
        # "Sovereign Cloud Stack" / "Community Meeting <date>": the front matter names it whole
        return f"{ISO_DATE.sub('', named).strip()} {date}"
    title = " ".join(h.line.myst for h in parts) or DEFAULT_TITLE
    title = ISO_DATE.sub(str(date), title)
    if not ISO_DATE.search(title):
        title += f" {date}"
    return title
