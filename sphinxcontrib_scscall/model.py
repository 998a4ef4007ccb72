"""The archive's data model: what every call deck contributes, kept in the build env.

Each call deck yields one :class:`Call`, collected when the doctree is read
(see :mod:`.deck`). The records are plain frozen dataclasses so that they pickle
with the environment and compare by value; :class:`Archive` answers every
question the listings, pages and feeds ask of them, always in a fixed order so
output is deterministic.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Topic:
    title: str
    anchor: str


@dataclass(frozen=True)
class TeamReport:
    team_key: str
    team_name: str
    known_team: bool
    anchor: str
    reporters: tuple[str, ...] = ()
    topics: tuple[Topic, ...] = ()
    minutes: str | None = None


@dataclass(frozen=True, order=True)
class Event:
    start: dt.date
    end: dt.date
    title: str
    url: str | None = None
    location: str | None = None
    speakers: tuple[str, ...] = ()

    @property
    def key(self) -> tuple[dt.date, dt.date, str]:
        """What makes two mentions of an event the same event."""
        return (self.start, self.end, " ".join(self.title.casefold().split()))


@dataclass(frozen=True)
class Survey:
    url: str | None
    title: str
    deadline: dt.date | None = None


@dataclass(frozen=True)
class Call:
    docname: str
    date: dt.date | None
    title: str
    presenter: str | None = None
    reports: tuple[TeamReport, ...] = ()
    events: tuple[Event, ...] = ()
    surveys: tuple[Survey, ...] = ()

    @property
    def sort_key(self) -> tuple:
        return (self.date or dt.date.min, self.docname)


@dataclass
class Archive:
    """A read-only view over the calls collected in an environment."""

    calls: dict[str, Call] = field(default_factory=dict)

    def dated(self) -> list[Call]:
        return [call for call in self.calls.values() if call.date is not None]

    def newest_first(self) -> list[Call]:
        return sorted(self.dated(), key=lambda call: call.sort_key, reverse=True)

    def oldest_first(self) -> list[Call]:
        return sorted(self.dated(), key=lambda call: call.sort_key)

    def reports_by(self, team_key: str) -> Iterator[tuple[Call, TeamReport]]:
        """Every report of one team, oldest call first."""
        for call in self.oldest_first():
            for report in call.reports:
                if report.team_key == team_key:
                    yield call, report

    def reporters(self) -> dict[str, list[tuple[Call, TeamReport]]]:
        """Handle -> the reports it gave, handles sorted case-insensitively."""
        by_handle: dict[str, list[tuple[Call, TeamReport]]] = {}
        for call in self.oldest_first():
            for report in call.reports:
                for handle in report.reporters:
                    by_handle.setdefault(handle.lower(), []).append((call, report))
        return dict(sorted(by_handle.items()))

    def events(self, extra: Iterable[Event] = ()) -> list[Event]:
        """Every event mentioned anywhere, de-duplicated by date and title, sorted."""
        unique: dict[tuple, Event] = {}
        for call in self.oldest_first():
            for event in call.events:
                unique.setdefault(event.key, event)
        for event in extra:
            unique.setdefault(event.key, event)
        return sorted(unique.values(), key=lambda event: (event.start, event.end, event.title))
