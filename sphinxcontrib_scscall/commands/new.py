"""``scscall new``: start the next call's deck.

The call's date is the one given, else the schedule's next call date without
a deck (``scscall_schedule``), else the next Thursday. The deck (a
:class:`NewDeck`) has the date's coordinator as ``call-host`` (the name only),
one empty ``team-report`` per configured team, the events of the latest
earlier deck that have not ended by the new call, the lightning talk of the
day from ``scscall_lightning_talks``, and a commented-out ``survey-callout``
to fill in when there is a survey.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import logging
import sys
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.colon_fence import colon_fence_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from ..config import Settings, read_settings
from ..dates import DateError, date_from_docname, split_event_date
from ..events import Event, load_events_file
from ..schedule import Schedule, ScheduleError, read_schedule
from ..shared import SAFE_SCHEMES, is_safe_url, logger
from ..teams import TeamRegistry
from .carried_actions import (
    open_actions_by_team,
    rst_directives,
    rst_list_items,
    without_options,
)
from .common import Runner, add_out_and_conf

HELP = "start the deck of the next call"

THURSDAY = 3
#: the deck sources scscall new reads (it writes MyST)
DECK_SUFFIXES = (".md", ".rst")
SURVEY_EXAMPLE = """\
% A survey to announce? Remove the "% " in front of these lines:
% :::{survey-callout} https://example.org/forms/s/your-survey
% :title: Community Survey
% :duration: 5 minutes
% :anonymous:
%
% What the survey is about and why it matters.
% :::"""


class NewDeckError(Exception):
    """The deck cannot be started (e.g. it exists already)."""

    exit_status = 1


class NoDateError(NewDeckError):
    """No DATE was given and the schedule has no call date left to start."""

    exit_status = 2


Warn = Callable[[str], None]


def warn_on_stderr(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)


def next_thursday(today: dt.date) -> dt.date:
    """*today* when it is a Thursday, else the Thursday after it."""
    return today + dt.timedelta(days=(THURSDAY - today.weekday()) % 7)


def latest_earlier_deck(out_dir: Path, date: dt.date) -> Path | None:
    decks = [
        (deck_date, path)
        for path in out_dir.glob("*")
        if path.suffix in DECK_SUFFIXES
        and path.is_file()
        and (deck_date := date_from_docname(path.stem))
        and deck_date < date
    ]
    return max(decks)[1] if decks else None


def upcoming_items(deck: Path, date: dt.date) -> list[str]:
    """The event list items (``- …``) of *deck*'s ``upcoming-events`` blocks not ended by
    *date*, as Markdown list items (items of an rST deck keep their text as written)."""
    text = deck.read_text(encoding="utf-8", errors="replace")
    written = rst_upcoming_items(text) if deck.suffix == ".rst" else myst_upcoming_items(text)
    return [item for item in written if _still_upcoming(item, date)]


def myst_upcoming_items(deck_text: str) -> Iterator[str]:
    parser = MarkdownIt("commonmark").use(front_matter_plugin).use(colon_fence_plugin)
    for node in SyntaxTreeNode(parser.parse(deck_text)).walk():
        if node.type != "colon_fence" or not node.info.strip().startswith("{upcoming-events}"):
            continue
        content = without_options(node.content)
        lines = content.split("\n")
        for block in SyntaxTreeNode(parser.parse(content)).children:
            if block.type not in ("bullet_list", "ordered_list"):
                continue
            for item in block.children:
                yield textwrap.dedent("\n".join(lines[item.map[0] : item.map[1]])).rstrip()


def rst_upcoming_items(deck_text: str) -> Iterator[str]:
    lines = deck_text.split("\n")
    for start, end, name, _argument in rst_directives(lines):
        if name == "upcoming-events":
            body = textwrap.dedent("\n".join(lines[start + 1 : end])).strip("\n")
            yield from (f"- {item}" for item in rst_list_items(without_options(body)))


def _still_upcoming(item: str, date: dt.date) -> bool:
    marker, _, rest = item.partition(" ")
    if marker not in ("-", "*", "+") and not marker.rstrip(".)").isdigit():
        return False
    try:
        dates, _title = split_event_date(rest)
    except DateError:
        return False
    return dates.end >= date


def item_event(item: str) -> Event:
    """The event a carried-over list item (``- 2024-07-01/02 Title``) describes."""
    dates, title = split_event_date(item.partition(" ")[2])
    return Event(start=dates.start, end=dates.end, title=title.split("\n")[0].strip())


def events_in_files(settings: Settings) -> set[tuple]:
    """The identities of the configured events files' events: a new deck does not repeat them."""
    return {
        event.identity
        for name in settings.events_files
        for event in load_events_file(settings.source_path(name)) or ()
    }


def deck_dates(out_dir: Path) -> set[dt.date]:
    """The dates of the decks in *out_dir* (by file name)."""
    if not out_dir.is_dir():
        return set()
    return {
        deck_date
        for path in out_dir.iterdir()
        if path.suffix in DECK_SUFFIXES and (deck_date := date_from_docname(path.stem))
    }


def load_schedule(settings: Settings, warn: Warn) -> Schedule | None:
    """The configured schedule (None without one); its problems warned with file and line."""
    if not settings.schedule:
        return None
    path = settings.source_path(settings.schedule)
    return read_schedule(path, lambda line, message: warn(f"{path}:{line}: {message}"))


def lightning_talks(settings: Settings, date: dt.date) -> list[Event]:
    """The talks of the lightning-talks calendar that begin on *date*."""
    if not settings.lightning_talks:
        return []
    talks = load_events_file(settings.source_path(settings.lightning_talks)) or ()
    return [talk for talk in (t.occurrence(date) for t in talks) if talk.start == date]


@dataclass
class NewDeck:
    """What a new deck holds, and its text (:meth:`text`)."""

    date: dt.date
    teams: TeamRegistry
    host: str | None = None
    events: list[str] = field(default_factory=list)
    carried_from: str | None = None
    talks: list[Event] = field(default_factory=list)
    #: team key -> its open actions as ``- [ ] …`` lines, carried into its report
    actions: dict[str, list[str]] = field(default_factory=dict)

    def text(self) -> str:
        parts = [
            self.metadata(),
            f"# Sovereign Cloud Stack Community Call {self.date.isoformat()}",
        ]
        parts += [self.team_report(team.key) for team in self.teams]
        source_note = (
            f"% Events carried over from {self.carried_from}\n" if self.carried_from else ""
        )
        event_lines = "".join(f"{item}\n" for item in self.events)
        parts.append(f"{source_note}::::{{upcoming-events}}\n{event_lines}::::")
        parts += [lightning_talk_slide(talk) for talk in self.talks]
        parts.append(SURVEY_EXAMPLE)
        return "\n\n".join(parts) + "\n"

    def team_report(self, key: str) -> str:
        actions = self.actions.get(key)
        if not actions:
            return f":::{{team-report}} {key}\n:::"
        lines = "".join(f"{line}\n" for line in actions)
        return f"::::{{team-report}} {key}\n\n:::{{actions}}\n{lines}:::\n::::"

    def metadata(self) -> str:
        lines = f"call-date: {self.date.isoformat()}\n"
        if self.host:
            # the name as YAML text: quoted when it holds ':' or '#'
            lines += yaml.safe_dump({"call-host": self.host}, allow_unicode=True, width=1000)
        return f"---\n{lines.rstrip()}\n---"


def lightning_talk_slide(talk: Event) -> str:
    """The lightning-talk slide: title, time (and place), description."""
    lines = [f"## Lightning talk: {talk.title}", ""]
    facts = [talk.time_text()] if talk.start_time else []
    if talk.location:
        safe = is_safe_url(talk.location, SAFE_SCHEMES)
        facts.append(f"<{talk.location}>" if safe else talk.location)
    if talk.url:
        facts.append(f"<{talk.url}>")
    if facts:
        lines += [" · ".join(facts), ""]
    if talk.description:
        lines += [talk.description.strip(), ""]
    return "\n".join(lines).rstrip()


def new_deck(
    out_dir: Path,
    settings: Settings,
    date: dt.date | None = None,
    today: dt.date | None = None,
    warn: Warn = warn_on_stderr,
) -> Path:
    """Write the deck for *date* (default: the next scheduled date, else the next Thursday)."""
    today = today or dt.date.today()
    try:
        schedule = load_schedule(settings, warn)
    except ScheduleError as err:
        if date is None:
            raise NoDateError(f"{err}; give the call's DATE") from None
        warn(str(err))
        schedule = None
    if date is None and schedule is None:
        date = next_thursday(today)
    elif date is None:
        date = schedule.next_free_date(today, deck_dates(out_dir))
        if date is None:
            raise NoDateError(
                f"the schedule {settings.schedule} has no call date on or after {today} "
                "without a deck; give the call's DATE"
            )
    elif schedule is not None and date in schedule.except_on:
        warn(f"{date} is listed under 'Except' in {settings.schedule}: no call is planned then")
    target = out_dir / f"{date.isoformat()}.md"
    for existing in (out_dir / f"{date.isoformat()}{suffix}" for suffix in DECK_SUFFIXES):
        if existing.exists() or existing.is_symlink():
            raise NewDeckError(f"{existing} exists already; not overwriting it")
    deck = NewDeck(
        date=date,
        teams=settings.teams,
        host=schedule.hosts.get(date) if schedule else None,
        talks=lightning_talks(settings, date),
        actions=open_actions_by_team(out_dir, date, settings) if out_dir.is_dir() else {},
    )
    previous = latest_earlier_deck(out_dir, date) if out_dir.is_dir() else None
    if previous:
        in_files = events_in_files(settings)
        deck.events = [
            item
            for item in upcoming_items(previous, date)
            if item_event(item).identity not in in_files
        ]
        deck.carried_from = previous.name
    out_dir.mkdir(parents=True, exist_ok=True)
    target.write_text(deck.text(), encoding="utf-8")
    return target


def configure(parser: argparse.ArgumentParser) -> Runner:
    parser.add_argument(
        "date",
        nargs="?",
        type=dt.date.fromisoformat,
        help="YYYY-MM-DD (default: the schedule's next call date, else the next Thursday)",
    )
    add_out_and_conf(parser)
    return run


@contextlib.contextmanager
def file_warnings_on_stderr() -> Iterator[None]:
    """Show the events files' warnings (given to Sphinx's logger in a build) with their place."""

    class Handler(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            location = getattr(record, "location", None)
            prefix = f"{location}: " if location else ""
            print(f"{prefix}warning: {record.getMessage()}", file=sys.stderr)

    handler = Handler(logging.WARNING)
    target = logging.getLogger(logger.logger.name)
    target.addHandler(handler)
    try:
        yield
    finally:
        target.removeHandler(handler)


def run(args: argparse.Namespace) -> int:
    try:
        with file_warnings_on_stderr():
            path = new_deck(args.out, read_settings(args.conf), args.date)
    except NewDeckError as err:
        print(f"error: {err}", file=sys.stderr)
        return err.exit_status
    print(path)
    return 0
