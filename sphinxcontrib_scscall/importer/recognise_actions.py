"""Recognising action items in a team's report: only where the deck clearly holds them.

Two forms are read, and nothing else is guessed:

- a list whose every item starts with a checkbox (``- [ ] …`` open,
  ``- [x] …`` done);
- the lists under a heading that says so ("Action items", "AIs", "TODO"):
  a topic of that title, or such a heading inside a slide. Their items are
  open unless they carry ``[x]``.

Such a list becomes an ``actions`` block when every item reads as an action
the way the directive reads it (leading ``@owner`` handles that are GitHub
handles, a valid ``(due YYYY-MM-DD)`` if any, some text, each action once in
the report); otherwise it stays a list, as written, with a line in the
import report. The text is kept word for word.
"""

from __future__ import annotations

import re

from ..actions import split_checkbox, split_due, split_owners
from ..dates import DateError, parse_iso_date
from ..model import action_identity
from ..shared import normalize_handle
from .myst import ActionList, Block, Heading, Line, ListBlock, ListItem, Paragraph
from .report import Problems
from .written_deck import Section

ACTIONS_HEADING = re.compile(
    r"^\W*(?:action\s+items?|AIs|to[\s-]?dos?)\W*$",
    re.IGNORECASE,
)
# how the renderer wrote the pieces the directive reads: an escaped checkbox, owner roles
_MYST_CHECKBOX = re.compile(r"^\\\[([ xX])\\\]\s*")
_MYST_OWNER = re.compile(r"^(?:\{gh\}`[^`]+`|\\?@[^\s,;]*)[\s,;]*")


def is_actions_heading(text: str) -> bool:
    return bool(ACTIONS_HEADING.match(text.replace("\\", "").replace("*", "").strip()))


class ActionsReader:
    """Turns the action lists of one team report into ``actions`` blocks."""

    def __init__(self, problems: Problems):
        self.problems = problems
        self.identities: set[str] = set()  # the report's actions so far: each once
        self.count = 0  # action items made

    def sections(self, sections: list[Section]) -> None:
        for section in sections:
            section.blocks = self.blocks(section.blocks, is_actions_heading(section.title))

    def blocks(self, blocks: list[Block], under_heading: bool = False) -> list[Block]:
        """*blocks* with their action lists as :class:`ActionList` blocks.

        *under_heading*: the blocks follow an "Action items" heading (until an inner heading).
        """
        result: list[Block] = []
        for block in blocks:
            if isinstance(block, Heading):
                under_heading = is_actions_heading(block.line.plain)
            elif isinstance(block, ListBlock):
                block = self._action_list(block, under_heading) or block
            result.append(block)
        return result

    def _action_list(self, block: ListBlock, under_heading: bool) -> ActionList | None:
        checked = [_has_checkbox(item) for item in block.items]
        if not under_heading and not all(checked):
            return None
        items = []
        identities = set()
        for item in block.items:
            action = self._action_item(item)
            if action is None:
                return None
            made, identity = action
            if identity in self.identities or identity in identities:
                self.problems.add(item.source_line, "action listed twice: kept as a list")
                return None
            identities.add(identity)
            items.append(made)
        self.identities |= identities
        self.count += len(items)
        return ActionList(ListBlock(items, block.ordered, block.start, block.tight))

    def _action_item(self, item: ListItem) -> tuple[ListItem, str] | None:
        """The item written as the ``actions`` directive reads it, and its identity."""
        if item.first is None or not item.first.lines:
            self.problems.add(item.source_line, "action item without text: kept as a list")
            return None
        first, *more = item.first.lines
        written_done, plain = split_checkbox(first.plain)
        done = bool(written_done)  # under an "Action items" heading, an item without a box: open
        myst, boxes = _MYST_CHECKBOX.subn("", first.myst.strip(), count=1)
        raw_owners, plain_rest = split_owners(plain)
        owners = [normalize_handle(raw) for raw in raw_owners]
        if not all(owners):
            self.problems.add(item.source_line, "action owner is no GitHub handle: kept as a list")
            return None
        removed = 0
        for _owner in owners:
            myst, found = _MYST_OWNER.subn("", myst, count=1)
            removed += found
        if bool(boxes) != (written_done is not None) or removed != len(owners):
            return None  # written in a way this reader does not follow: left as it is
        text = " ".join([plain_rest, *(line.plain for line in more)])
        raw_due, text = split_due(text)
        if raw_due is not None:
            try:
                parse_iso_date(raw_due)
            except DateError as err:
                self.problems.add(item.source_line, f"action due date: {err}: kept as a list")
                return None
        if not text.strip():
            self.problems.add(item.source_line, "action item without text: kept as a list")
            return None
        lead = " ".join(["[x]" if done else "[ ]", *(f"@{owner}" for owner in owners)])
        line = Line(f"{lead} {myst}".rstrip(), f"{lead} {plain_rest}".rstrip(), first.urls)
        made = ListItem(Paragraph([line, *more]), item.rest, item.source_line)
        return made, action_identity(text)


def _has_checkbox(item: ListItem) -> bool:
    return bool(item.first and item.first.lines) and (
        split_checkbox(item.first.lines[0].plain)[0] is not None
    )
