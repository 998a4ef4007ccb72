"""``scscall new``: start the next call's deck.

The deck has one empty ``team-report`` per configured team, the events of
the latest earlier deck that have not ended by the new call, and a
commented-out ``survey-callout`` to fill in when there is a survey.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import textwrap
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.colon_fence import colon_fence_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from ..config import Settings, read_settings
from ..dates import DateError, date_from_docname, split_event_date
from ..events import Event, load_events_file
from ..teams import TeamRegistry
from .common import Runner, add_out_and_conf

HELP = "start the deck of the next call"

THURSDAY = 3
DECK_SUFFIXES = (".md",)
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


def upcoming_items(deck_text: str, date: dt.date) -> list[str]:
    """The event list items of *deck_text*'s ``upcoming-events`` blocks not ended by *date*."""
    parser = MarkdownIt("commonmark").use(front_matter_plugin).use(colon_fence_plugin)
    items = []
    for node in SyntaxTreeNode(parser.parse(deck_text)).walk():
        if node.type != "colon_fence" or not node.info.strip().startswith("{upcoming-events}"):
            continue
        content = _without_options(node.content)
        lines = content.split("\n")
        for block in SyntaxTreeNode(parser.parse(content)).children:
            if block.type not in ("bullet_list", "ordered_list"):
                continue
            for item in block.children:
                text = textwrap.dedent("\n".join(lines[item.map[0] : item.map[1]])).rstrip()
                if _still_upcoming(text, date):
                    items.append(text)
    return items


def _without_options(content: str) -> str:
    lines = content.split("\n")
    while lines and lines[0].startswith(":"):
        lines.pop(0)
    return "\n".join(lines)


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


def deck_text(
    date: dt.date, registry: TeamRegistry, events: list[str], carried_from: str | None
) -> str:
    parts = [
        f"---\ncall-date: {date.isoformat()}\n---",
        f"# Sovereign Cloud Stack Community Call {date.isoformat()}",
    ]
    parts += [f":::{{team-report}} {team.key}\n:::" for team in registry]
    source_note = f"% Events carried over from {carried_from}\n" if carried_from else ""
    event_lines = "".join(f"{item}\n" for item in events)
    parts.append(f"{source_note}::::{{upcoming-events}}\n{event_lines}::::")
    parts.append(SURVEY_EXAMPLE)
    return "\n\n".join(parts) + "\n"


def new_deck(
    out_dir: Path,
    settings: Settings,
    date: dt.date | None = None,
    today: dt.date | None = None,
) -> Path:
    """Write the deck for *date* (default: the next Thursday) into *out_dir*."""
    date = date or next_thursday(today or dt.date.today())
    target = out_dir / f"{date.isoformat()}.md"
    if target.exists() or target.is_symlink():
        raise NewDeckError(f"{target} exists already; not overwriting it")
    previous = latest_earlier_deck(out_dir, date) if out_dir.is_dir() else None
    events: list[str] = []
    if previous:
        in_files = events_in_files(settings)
        text = previous.read_text(encoding="utf-8", errors="replace")
        events = [
            item for item in upcoming_items(text, date) if item_event(item).identity not in in_files
        ]
    out_dir.mkdir(parents=True, exist_ok=True)
    target.write_text(
        deck_text(date, settings.teams, events, previous.name if previous else None),
        encoding="utf-8",
    )
    return target


def configure(parser: argparse.ArgumentParser) -> Runner:
    parser.add_argument(
        "date", nargs="?", type=dt.date.fromisoformat, help="YYYY-MM-DD (default: next Thursday)"
    )
    add_out_and_conf(parser)
    return run


def run(args: argparse.Namespace) -> int:
    try:
        path = new_deck(args.out, read_settings(args.conf), args.date)
    except NewDeckError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(path)
    return 0
