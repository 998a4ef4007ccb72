"""The MyST call deck the importer writes, as data: sections and the directives it fills."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..dates import DateRange
from .myst import Block, ListItem


@dataclass
class Section:
    """An ordinary slide (level 2), a vertical sub-slide (3) or a heading below."""

    level: int
    title: str
    blocks: list[Block] = field(default_factory=list)
    notes: list[Block] = field(default_factory=list)
    attributes: dict[str, str] = field(default_factory=dict)  # reveal.js data-* of the slide


@dataclass
class ImportedTeamReport:
    team: str  # the key of a configured team
    reporters: list[str] = field(default_factory=list)
    minutes: str = ""
    intro: list[Block] = field(default_factory=list)
    notes: list[Block] = field(default_factory=list)
    topics: list[Section] = field(default_factory=list)  # level 2 = topic
    attributes: dict[str, str] = field(default_factory=dict)


@dataclass
class EventItem:
    dates: DateRange
    title: str
    rest: list[Block] = field(default_factory=list)


@dataclass
class ImportedUpcomingEvents:
    heading: str
    items: list[EventItem]
    include_past: bool = False
    per_slide: int | None = None  # None: the directive's default
    notes: list[Block] = field(default_factory=list)
    before: list[Block] = field(default_factory=list)  # the slide's text before the list
    after: list[Block] = field(default_factory=list)  # and after it
    undated: list[ListItem] = field(default_factory=list)  # list items without a date
    slides: list[Section] = field(default_factory=list)  # the events slide's vertical slides


@dataclass
class ImportedSurveyCallout:
    url: str
    title: str
    duration: str = ""
    anonymous: bool = False
    blocks: list[Block] = field(default_factory=list)


Item = Section | ImportedTeamReport | ImportedUpcomingEvents | ImportedSurveyCallout


@dataclass
class Deck:
    call_date: dt.date
    title: str
    presenter: str | None = None
    intro: list[Block] = field(default_factory=list)
    notes: list[Block] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    attributes: dict[str, str] = field(default_factory=dict)  # of the title slide
    strikethrough: bool = False  # whether the text uses ~~struck~~ (a MyST extension)
