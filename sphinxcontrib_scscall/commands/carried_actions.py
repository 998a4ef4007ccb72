"""The open actions of earlier decks, for ``scscall new`` to carry into the next deck.

Reads the MyST and rST deck sources of a folder as text (no Sphinx build): every
``actions`` block, inside a ``team-report`` (that team's) or outside one (the
call's, team ``community``). The rules are the extension's own (see
:mod:`sphinxcontrib_scscall.actions`): an action is identified by its team and
its text with case and spacing ignored, and it is open when its latest
appearance is ``[ ]``.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.colon_fence import colon_fence_plugin
from mdit_py_plugins.front_matter import front_matter_plugin

from ..actions import CALL_TEAM, split_checkbox, split_due, split_owners
from ..config import Settings
from ..dates import DateError, date_from_docname, parse_iso_date
from ..model import action_identity
from ..shared import OPTION_LINE_RE, normalize_handle

MYST_SUFFIXES = (".md",)
RST_SUFFIXES = (".rst",)
DATE_FIELD_RE = re.compile(r"^:?call-date:\s*(\S+)\s*$", re.MULTILINE)
RST_DIRECTIVE_RE = re.compile(r"^(\s*)\.\.\s+([\w-]+)::[ \t]*(.*)$")
LIST_ITEM_RE = re.compile(r"^[-*+]\s+")
# inline markup as written -> as read (the build identifies actions by the text it reads)
PLAIN_TEXT_RULES = (
    (re.compile(r"(?:\{gh\}|:gh:)`@?([^`]+)`"), r"@\1"),
    (re.compile(r"(?:\{[\w:-]+\}|:[\w:-]+:)`([^`]+)`"), r"\1"),
    (re.compile(r"!?\[([^\]]*)\]\([^)]*\)"), r"\1"),
    (re.compile(r"`([^`<]+?)\s*<[^>]*>`__?"), r"\1"),
    (re.compile(r"`([^`]+)`__?"), r"\1"),
    (re.compile(r"``([^`]+)``"), r"\1"),
    (re.compile(r"`([^`]+)`"), r"\1"),
    (re.compile(r"(\*\*|__)(\S(?:.*?\S)?)\1"), r"\2"),
    (re.compile(r"(?<![\w*])([*_])(\S(?:.*?\S)?)\1(?![\w*])"), r"\2"),
    (re.compile(r"\\(.)"), r"\1"),
)


@dataclass(frozen=True)
class WrittenAction:
    """An action item as written in a deck's source."""

    team: str | None  # the team-report's argument, None outside one
    done: bool
    owners: tuple[str, ...]
    text: str
    due: str | None

    def line(self) -> str:
        owners = "".join(f"@{owner} " for owner in self.owners)
        due = f" (due {self.due})" if self.due else ""
        return f"- [ ] {owners}{self.text}{due}"


def open_actions_by_team(
    out_dir: Path, before: dt.date, settings: Settings
) -> dict[str, list[str]]:
    """Team key -> the ``- [ ] @owner text (due …)`` lines of its open actions.

    Only decks dated before *before* count; the owners and due date are those of
    each action's latest appearance, the actions in the order they were first raised.
    """
    # insertion order is the order of first appearance; each value the latest one
    latest: dict[tuple[str, str], WrittenAction] = {}
    for path in decks_before(out_dir, before):
        in_this_deck = set()
        for action in written_actions(path):
            team = settings.teams.team_for(action.team or CALL_TEAM).key
            identity = (team, action_identity(plain_text(action.text)))
            if identity not in in_this_deck:  # listed twice in one report: the first counts
                in_this_deck.add(identity)
                latest[identity] = action
    by_team: dict[str, list[str]] = {}
    for (team, _text), action in latest.items():
        if not action.done:
            by_team.setdefault(team, []).append(action.line())
    return by_team


def plain_text(markup: str) -> str:
    """*markup* without its inline markup, roughly as the build reads it (for identities)."""
    for pattern, replacement in PLAIN_TEXT_RULES:
        markup = pattern.sub(replacement, markup)
    return markup


def deck_date(path: Path, text: str) -> dt.date | None:
    """``call-date`` metadata (front matter or rST field), else the date in the file name."""
    match = DATE_FIELD_RE.search(text[:2000])
    if match:
        try:
            return parse_iso_date(match.group(1).strip("'\""))
        except DateError:
            pass
    return date_from_docname(path.stem)


def decks_before(out_dir: Path, before: dt.date) -> list[Path]:
    """The deck sources in *out_dir* dated before *before*, oldest first."""
    dated = []
    for path in sorted(out_dir.glob("*")):
        if not path.is_file() or path.suffix not in (*MYST_SUFFIXES, *RST_SUFFIXES):
            continue
        date = deck_date(path, path.read_text(encoding="utf-8", errors="replace"))
        if date is not None and date < before:
            dated.append((date, path.name, path))
    return [path for _date, _name, path in sorted(dated)]


def written_actions(path: Path) -> Iterator[WrittenAction]:
    text = path.read_text(encoding="utf-8", errors="replace")
    items = myst_items(text) if path.suffix in MYST_SUFFIXES else rst_items(text)
    for team, item in items:
        action = parse_item(team, item)
        if action is not None:
            yield action


def parse_item(team: str | None, item: str) -> WrittenAction | None:
    """An action from a list item's text (marker removed), None when it has no checkbox."""
    done, rest = split_checkbox(" ".join(item.split()))
    if done is None:
        return None
    raw_owners, rest = split_owners(rest)
    owners = [handle for raw in raw_owners if (handle := normalize_handle(raw))]
    kept_as_text = [f"@{raw}" for raw in raw_owners if normalize_handle(raw) is None]
    due, text = split_due(rest)
    if due is not None:
        try:
            parse_iso_date(due)
        except DateError:  # the build keeps an impossible date as part of the text
            due, text = None, rest
    text = " ".join([*kept_as_text, text.strip()]).strip()
    return WrittenAction(team, done, tuple(dict.fromkeys(owners)), text, due)


# --- MyST --------------------------------------------------------------------

_MARKDOWN = MarkdownIt("commonmark").use(front_matter_plugin).use(colon_fence_plugin)


def myst_items(source: str, team: str | None = None) -> Iterator[tuple[str | None, str]]:
    """(team-report argument or None, item text) of every action item in MyST *source*.

    As in the build, an actions block belongs to the team report it is written in;
    after the report's closing fence it is the call's (None).
    """
    for node in SyntaxTreeNode(_MARKDOWN.parse(source)).walk():
        if node.type not in ("colon_fence", "fence"):
            continue
        name, _, argument = node.info.strip().partition(" ")
        content = without_options(node.content)
        if name == "{team-report}":
            yield from myst_items(content, argument.strip())
        elif name == "{actions}":
            yield from ((team, item) for item in myst_list_items(content))


def myst_list_items(content: str) -> Iterator[str]:
    lines = content.split("\n")
    for block in SyntaxTreeNode(_MARKDOWN.parse(content)).children:
        if block.type != "bullet_list":
            continue
        for item in block.children:
            written = textwrap.dedent("\n".join(lines[item.map[0] : item.map[1]]))
            yield LIST_ITEM_RE.sub("", written.strip(), count=1)


def without_options(content: str) -> str:
    """A directive's content without its leading ``:option:`` lines."""
    lines = content.split("\n")
    while lines and OPTION_LINE_RE.match(lines[0]):
        lines.pop(0)
    return "\n".join(lines)


# --- reStructuredText ------------------------------------------------------------


def rst_items(source: str) -> Iterator[tuple[str | None, str]]:
    """(team-report argument or None, item text) of every action item in rST *source*."""
    lines = source.split("\n")
    reports: list[tuple[int, int, str]] = []  # (first line, end, argument)
    for start, end, name, argument in rst_directives(lines):
        if name == "team-report":
            reports.append((start, end, argument))
            continue
        if name != "actions":
            continue
        # the innermost report whose body holds it; after a report's body, the call's
        team = next((arg for first, last, arg in reversed(reports) if first < start < last), None)
        body = textwrap.dedent("\n".join(lines[start + 1 : end]))
        yield from ((team, item) for item in rst_list_items(without_options(body.strip("\n"))))


def rst_directives(lines: list[str]) -> Iterator[tuple[int, int, str, str]]:
    """(line index, end of its body, name, argument) of each directive."""
    for index, line in enumerate(lines):
        match = RST_DIRECTIVE_RE.match(line)
        if match is None:
            continue
        indent = len(match.group(1))
        end = index + 1
        while end < len(lines) and (
            not lines[end].strip() or len(lines[end]) - len(lines[end].lstrip()) > indent
        ):
            end += 1
        yield index, end, match.group(2), match.group(3).strip()


def rst_list_items(body: str) -> Iterator[str]:
    item: list[str] = []
    for line in body.split("\n"):
        if LIST_ITEM_RE.match(line):
            if item:
                yield " ".join(item)
            item = [LIST_ITEM_RE.sub("", line, count=1)]
        elif item and line.startswith(" ") and line.strip():
            item.append(line.strip())
        elif item:
            yield " ".join(item)
            item = []
    if item:
        yield " ".join(item)
