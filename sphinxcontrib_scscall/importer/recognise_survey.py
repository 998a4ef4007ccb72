"""Recognising a survey slide: a slide titled "... Survey" with a link becomes a ``survey-callout``."""

from __future__ import annotations

import re

from .myst import Block, Paragraph
from .outline import Node
from .written_deck import ImportedSurveyCallout

SURVEY_TITLE = re.compile(r"\bsurvey\b", re.IGNORECASE)
DURATION = re.compile(r"\b(\d+)\s*(?:-\s*\d+\s*)?min(?:ute)?s?\b", re.IGNORECASE)


def urls_in(blocks: list[Block]) -> list[str]:
    return [
        url
        for block in blocks
        if isinstance(block, Paragraph)
        for line in block.lines
        for url in line.urls
    ]


def is_survey_node(node: Node) -> bool:
    return bool(SURVEY_TITLE.search(node.plain)) and bool(urls_in(node.blocks))


def survey_callout(node: Node) -> ImportedSurveyCallout:
    """The callout of a survey node: its first link, duration and anonymity from its text."""
    url = urls_in(node.blocks)[0]
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
    minutes = f"{duration.group(1)} minutes" if duration else ""
    return ImportedSurveyCallout(url, node.plain, minutes, anonymous, blocks)
