"""The archive's data model: what every call deck contributes, kept in the build env.

Each call deck yields one :class:`Call`, collected when the doctree is read
(see :mod:`.call_deck`). The records are plain frozen dataclasses so that they pickle
with the environment and compare by value; :class:`Archive` answers every
question the listings, pages and feeds ask of them, always in a fixed order so
output is deterministic.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from .events import Event, unique_events


@dataclass(frozen=True)
class Topic:
    title: str
    anchor: str


@dataclass(frozen=True)
class Report:
    """One team's report in one call."""

    team_key: str
    team_name: str
    known_team: bool
    anchor: str
    reporters: tuple[str, ...] = ()
    topics: tuple[Topic, ...] = ()
    minutes: str | None = None


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
    host: str | None = None
    recording: str | None = None
    reports: tuple[Report, ...] = ()
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

    def reports_by(self, team_key: str) -> Iterator[tuple[Call, Report]]:
        """Every report of one team, oldest call first."""
        for call in self.oldest_first():
            for report in call.reports:
                if report.team_key == team_key:
                    yield call, report

    def reporters(self) -> dict[str, list[tuple[Call, Report]]]:
        """Handle -> the reports it gave, handles sorted case-insensitively."""
        by_handle: dict[str, list[tuple[Call, Report]]] = {}
        for call in self.oldest_first():
            for report in call.reports:
                for handle in report.reporters:
                    by_handle.setdefault(handle.lower(), []).append((call, report))
        return dict(sorted(by_handle.items()))

    def events(self, extra: Iterable[Event] = ()) -> list[Event]:
        """Every event mentioned anywhere, each once (see :attr:`Event.identity`), sorted."""
        return unique_events([*(e for call in self.oldest_first() for e in call.events), *extra])
