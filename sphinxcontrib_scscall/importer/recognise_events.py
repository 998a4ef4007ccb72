"""Recognising events: list slides ("Upcoming events", "Visibility & Press & Events") and
the Community Meeting's one slide per event.

A list slide's dated items become one ``upcoming-events`` block; its undated
items (kept as written, ``:keep-undated:``) and the slide's other text stay in
the block, so the slide stays one slide. An events slide without a dated item of its own whose
vertical slides are titled is a Community Meeting events section: each of
those slides with a date is one event (its heading the title, a time of day
kept in it, the slide's text the item's details).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from ..dates import DateError
from .event_dates import find_event_date, find_event_dates
from .myst import Block, Heading, ListBlock, ListItem, Paragraph, escape_text
from .outline import Node
from .report import Problems
from .written_deck import EventItem, ImportedUpcomingEvents

EVENTS_TITLE = re.compile(r"^\W*(?:upcoming\s+)?events?\b|&\s*events\s*$", re.IGNORECASE)
TIME_OF_DAY = re.compile(
    r"\b\d{1,2}(?::\d{2})?\s*(?:[ap]m)?\s*(?:-|–|to)\s*\d{1,2}(?::\d{2})?\s*[ap]m\b"
    r"|\b\d{1,2}(?::\d{2})\s*(?:-|–)\s*\d{1,2}:\d{2}\b|\b\d{1,2}(?::\d{2})?\s*[ap]m\b",
    re.IGNORECASE,
)
PER_SLIDE_DEFAULT = 8


def is_events_node(node: Node) -> bool:
    return bool(node.heading) and bool(EVENTS_TITLE.search(node.plain))


@dataclass
class EventsReading:
    """What an events node gave: the directive (if any event was dated) and what stays beside it."""

    directive: ImportedUpcomingEvents | None
    leftovers: list[Block] = field(default_factory=list)  # the header slide's own blocks
    slides: list[Node] = field(default_factory=list)  # vertical slides that stay slides
    header_slide: bool = False  # the node itself stays a slide before the directive
    undated: int = 0  # list items kept in the block as written, for want of a date


class EventsReader:
    def __init__(self, problems: Problems, call_date: dt.date):
        self.problems = problems
        self.call_date = call_date

    def read(self, node: Node) -> EventsReading:
        dated, undated, before, after = self._list_items(node.blocks)
        if dated:
            directive = self._directive(node, dated)
            # HedgeDoc shows the slide's other text beside the list: it stays in the block
            directive.before, directive.after, directive.undated = before, after, undated
            return EventsReading(directive, [], node.children, undated=len(undated))
        titled = [child for child in node.children if child.heading]
        if titled:
            return self._event_slides(node)
        self.problems.add(node.line, "events slide without a dated item: kept as a slide")
        return EventsReading(None, node.blocks, node.children)

    def _directive(self, node: Node, items: list[EventItem], per_slide=None):
        include_past = any(event.dates.end < self.call_date for event in items)
        if per_slide is None and len(items) > PER_SLIDE_DEFAULT:
            per_slide = len(items)  # one HedgeDoc slide stays one slide
        return ImportedUpcomingEvents(node.plain, items, include_past, per_slide, node.notes)

    # -- a list of dated items ---------------------------------------------------------
    def _list_items(self, blocks: list[Block]):
        """(dated events, undated list items, blocks before the first list, blocks after it)."""
        dated: list[EventItem] = []
        undated: list[ListItem] = []
        before: list[Block] = []
        after: list[Block] = []
        for block in blocks:
            if not isinstance(block, ListBlock):
                (after if dated or undated else before).append(block)
                continue
            for item in block.items:
                event = self._event_item(item)
                if event:
                    dated.append(event)
                else:
                    undated.append(item)
        return dated, undated, before, after

    def _event_item(self, item: ListItem) -> EventItem | None:
        if item.first is None:
            self.problems.add(item.source_line, "event item without text: kept undated")
            return None
        myst = " ".join(line.myst.strip().removesuffix("\\") for line in item.first.lines)
        plain = " ".join(line.plain.strip() for line in item.first.lines)
        try:
            found = find_event_date(plain, self.call_date)
        except DateError as err:
            self.problems.add(item.source_line, f"event kept undated: {err}")
            return None
        if found is None:
            self.problems.add(item.source_line, f"event kept undated (no date found): {plain[:60]}")
            return None
        title = remove_date(myst, found.text_of(plain)) or escape_text(found.text_of(plain))
        return EventItem(found.dates, title, item.rest)

    # -- one slide per event -------------------------------------------------------------
    def _event_slides(self, node: Node) -> EventsReading:
        items: list[EventItem] = []
        slides: list[Node] = []
        for child in node.children:
            event = self._event_slide(child) if child.heading else None
            if event:
                items.append(event)
            else:
                slides.append(child)
        if not items:
            self.problems.add(node.line, "events slides without a date: kept as slides")
            return EventsReading(None, node.blocks, node.children)
        header = Node(node.heading, node.blocks, [], node.notes, node.attributes)
        directive = self._directive(header, items, per_slide=1)
        directive.notes = [note for child in node.children for note in child.notes]
        return EventsReading(directive, node.blocks, slides, header_slide=True)

    def _event_slide(self, slide: Node) -> EventItem | None:
        for text in _texts(slide.blocks):
            try:
                found = find_event_dates(text, self.call_date)
            except DateError as err:
                self.problems.add(slide.line, f"event slide kept as a slide: {err}")
                return None
            if found:
                title = slide.myst
                time = TIME_OF_DAY.search(text[found.end :])
                if time:
                    title += f", {escape_text(time.group(0))}"
                details = [block for block in slide.blocks if not isinstance(block, Heading)]
                inner = [block for block in slide.blocks if isinstance(block, Heading)]
                details += [Paragraph([heading.line]) for heading in inner]
                return EventItem(found.dates, title, details)
        return None


def _texts(blocks: list[Block]):
    """The plain text of each paragraph line and list item, in order."""
    for block in blocks:
        if isinstance(block, Paragraph):
            yield from (line.plain for line in block.lines)
        elif isinstance(block, ListBlock):
            for item in block.items:
                if item.first:
                    yield " ".join(line.plain for line in item.first.lines)
                yield from _texts(item.rest)


def remove_date(myst: str, date_text: str) -> str:
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
