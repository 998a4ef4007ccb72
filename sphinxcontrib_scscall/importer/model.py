"""The converted deck, as the writer emits it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..dates import DateRange
from .myst import Block


@dataclass
class Section:
    """An ordinary slide (level 2), a vertical sub-slide (3) or a heading below."""

    level: int
    title: str
    blocks: list[Block] = field(default_factory=list)
    notes: list[Block] = field(default_factory=list)


@dataclass
class TeamReport:
    team: str  # the key of a configured team
    reporters: list[str] = field(default_factory=list)
    minutes: str = ""
    intro: list[Block] = field(default_factory=list)
    notes: list[Block] = field(default_factory=list)
    topics: list[Section] = field(default_factory=list)  # level 2 = topic


@dataclass
class EventItem:
    dates: DateRange
    title: str
    rest: list[Block] = field(default_factory=list)


@dataclass
class UpcomingEvents:
    heading: str
    items: list[EventItem]
    include_past: bool = False


@dataclass
class SurveyCallout:
    url: str
    title: str
    duration: str = ""
    anonymous: bool = False
    blocks: list[Block] = field(default_factory=list)


Item = Section | TeamReport | UpcomingEvents | SurveyCallout


@dataclass
class Deck:
    call_date: dt.date
    title: str
    presenter: str | None = None
    intro: list[Block] = field(default_factory=list)
    notes: list[Block] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
