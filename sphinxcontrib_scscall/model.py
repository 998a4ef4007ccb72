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


def action_identity(text: str) -> str:
    """What makes two action items the same action: their text, case and spacing ignored."""
    return " ".join(text.casefold().split())


@dataclass(frozen=True)
class Action:
    """One action item as one call lists it."""

    text: str
    done: bool
    team_key: str
    team_name: str
    anchor: str  # its id on the call page
    slide_anchor: str = ""  # the id of the slide it is on
    owners: tuple[str, ...] = ()
    due: dt.date | None = None

    @property
    def identity(self) -> tuple[str, str]:
        return self.team_key, action_identity(self.text)


@dataclass(frozen=True)
class Decision:
    text: str
    team_key: str
    team_name: str
    anchor: str
    slide_anchor: str = ""


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
    actions: tuple[Action, ...] = ()
    decisions: tuple[Decision, ...] = ()

    @property
    def sort_key(self) -> tuple:
        return (self.date or dt.date.min, self.docname)


@dataclass(frozen=True)
class ActionHistory:
    """One action across the calls of its team that list it, oldest first."""

    appearances: tuple[tuple[Call, Action], ...]

    @property
    def first(self) -> tuple[Call, Action]:
        return self.appearances[0]

    @property
    def latest(self) -> tuple[Call, Action]:
        return self.appearances[-1]

    @property
    def is_open(self) -> bool:
        return not self.latest[1].done

    @property
    def times_carried(self) -> int:
        """How many later calls listed it open again."""
        return sum(1 for _call, action in self.appearances[1:] if not action.done)


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

    def newest_date(self) -> dt.date | None:
        calls = self.dated()
        return max(call.date for call in calls) if calls else None

    def action_histories(self, team_key: str = "") -> list[ActionHistory]:
        """Every action (of one team, when given), in the order they were first raised."""
        by_identity: dict[tuple[str, str], list[tuple[Call, Action]]] = {}
        for call in self.oldest_first():
            for action in call.actions:
                if not team_key or action.team_key == team_key:
                    by_identity.setdefault(action.identity, []).append((call, action))
        return [ActionHistory(tuple(appearances)) for appearances in by_identity.values()]

    def open_actions(self, team_key: str = "") -> list[ActionHistory]:
        """The actions whose latest appearance is open."""
        return [history for history in self.action_histories(team_key) if history.is_open]

    def decisions(self, team_key: str = "", year: int = 0) -> list[tuple[Call, Decision]]:
        """Every decision (of one team, of one year), newest call first, in page order."""
        return [
            (call, decision)
            for call in self.newest_first()
            if not year or call.date.year == year
            for decision in call.decisions
            if not team_key or decision.team_key == team_key
        ]

    def neighbours(self) -> dict[str, tuple[Call | None, Call | None]]:
        """Docname -> the calls before and after it by date (None at either end)."""
        calls = self.oldest_first()
        padded = [None, *calls, None]
        return {
            call.docname: (padded[index], padded[index + 2]) for index, call in enumerate(calls)
        }
