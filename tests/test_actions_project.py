"""A made-up archive where actions are raised, carried and closed across four calls,
in both syntaxes, with decisions, a recording and a call-level action.

Imported by the actions, permalink, navigation and team-feed tests; it has no tests
of its own. The facts the tests check (who owns what, how often it was carried)
are computed from :data:`APPEARANCES`, the table the decks below are written from.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sphinxcontrib_scscall.testing import DEFAULT_CONF, write_project

CONF = DEFAULT_CONF + 'project = "Demo"\n'
RECORDING = "https://example.org/recordings/2030-11-20.mp4"

#: (call date, team, done, owners, text as written, due): the action items, in deck order
APPEARANCES = [
    ("2030-11-20", "iaas", False, ("fkr", "garloff"), "draft the *AZ* standard", "2030-12-01"),
    ("2030-11-20", "iaas", False, ("mbuechse",), "ask upstream about extra specs", None),
    ("2030-11-20", "ops", True, ("berendt",), "move Zuul to the new cloud", None),
    ("2030-11-20", "community", False, ("fkr",), "book the summit venue", "2031-03-01"),
    ("2030-12-04", "iaas", False, ("matofeder",), "Draft the  AZ standard", "2030-12-10"),
    ("2030-12-04", "iaas", True, ("mbuechse",), "ask upstream about extra specs", None),
    ("2030-12-04", "iaas", False, ("fkr",), "write the release notes", "2031-01-01"),
    ("2030-12-18", "iaas", False, ("matofeder",), "draft the AZ standard", "2030-12-10"),
    ("2030-12-18", "iaas", False, ("fkr",), "write the release notes", "2031-01-01"),
    ("2031-01-15", "iaas", True, ("matofeder",), "draft the AZ standard", None),
    ("2031-01-15", "iaas", False, ("fkr", "tibeer"), "write the release  notes", "2031-01-10"),
]

#: (call date, team, decision text)
DECISIONS = [
    ("2030-11-20", "iaas", "Flavor extra specs may use scs:name-vN."),
    ("2030-12-04", "iaas", "The AZ standard covers compute and storage."),
    ("2030-12-18", "ops", "Zuul jobs run on the new cloud only."),
]

DECK_FILES = {
    "2030-11-20": "community-calls/2030-11-20.md",
    "2030-12-04": "community-calls/2030-12-04.rst",
    "2030-12-18": "community-calls/2030-12-18.md",
    "2031-01-15": "community-calls/2031-01-15.rst",
}
COMMUNITY_HEADING = "Community matters"

LISTINGS_MD = """\
# Actions and decisions

## Open

:::{open-actions}
:::

## Open for IaaS

:::{open-actions}
:team: IaaS
:::

## Decisions

:::{decision-log}
:::

## Decisions of Team Ops

:::{decision-log}
:team: ops
:::
"""

LISTINGS_RST = """\
Listings in rST
===============

.. open-actions::
   :team: iaas

.. decision-log::
   :year: 2030

.. call-archive::
"""

INDEX = """\
# Demo

```{toctree}
listings
listings-rst
```
"""


def action_line(syntax: str, done: bool, owners, text: str, due: str | None) -> str:
    owner_part = "".join(f"@{owner} " for owner in owners)
    due_part = f" (due {due})" if due else ""
    text = text if syntax == "myst" else text.replace("*", "")
    return f"- [{'x' if done else ' '}] {owner_part}{text}{due_part}"


def myst_deck(date: str) -> str:
    front = f"---\ncall-presenter: fkr\ncall-recording: {RECORDING}\n---\n"
    parts = [(front if date == "2030-11-20" else "") + f"# Community Call {date}\n"]
    for team in ("iaas", "ops"):
        items = [a for a in APPEARANCES if a[0] == date and a[1] == team]
        decisions = [d for d in DECISIONS if d[0] == date and d[1] == team]
        if not items and not decisions:
            continue
        body = [f"::::{{team-report}} {team}\n:reporter: fkr\n\n## {team.upper()} topic\n"]
        if items:
            lines = "\n".join(action_line("myst", *item[2:]) for item in items)
            body.append(f":::{{actions}}\n{lines}\n:::\n")
        for _date, _team, text in decisions:
            body.append(f":::{{decision}}\n{text}\n:::\n")
        parts.append("\n".join(body) + "::::\n")
    community = [a for a in APPEARANCES if a[0] == date and a[1] == "community"]
    if community:
        lines = "\n".join(action_line("myst", *item[2:]) for item in community)
        parts.append(f"## {COMMUNITY_HEADING}\n\n:::{{actions}}\n{lines}\n:::\n")
    return "\n".join(parts)


def rst_deck(date: str) -> str:
    title = f"Community Call {date}"
    parts = [f":call-date: {date}\n\n{title}\n{'=' * len(title)}\n"]
    for team in ("iaas", "ops"):
        items = [a for a in APPEARANCES if a[0] == date and a[1] == team]
        decisions = [d for d in DECISIONS if d[0] == date and d[1] == team]
        if not items and not decisions:
            continue
        topic = f"{team.upper()} topic"
        body = [
            f".. team-report:: {team}\n   :reporter: garloff\n\n   {topic}\n   {'-' * len(topic)}\n"
        ]
        if items:
            lines = "\n".join("      " + action_line("rst", *item[2:]) for item in items)
            body.append(f"   .. actions::\n\n{lines}\n")
        for _date, _team, text in decisions:
            body.append(f"   .. decision::\n\n      {text}\n")
        parts.append("\n".join(body))
    return "\n".join(parts)


def deck_sources() -> dict[str, str]:
    return {
        path: (myst_deck if path.endswith(".md") else rst_deck)(date)
        for date, path in DECK_FILES.items()
    }


def actions_project(root: Path, decks: dict[str, str] | None = None, conf: str = CONF) -> Path:
    files = {
        "index.md": INDEX,
        "listings.md": LISTINGS_MD,
        "listings-rst.rst": LISTINGS_RST,
        **(deck_sources() if decks is None else decks),
    }
    return write_project(root, files, conf=conf)


def identity(team: str, text: str) -> tuple[str, str]:
    return team, " ".join(text.replace("*", "").casefold().split())


def expected_histories() -> dict[tuple[str, str], list[tuple]]:
    """Identity -> its appearances, oldest first (the rule the archive must follow)."""
    histories: dict[tuple[str, str], list[tuple]] = {}
    for appearance in APPEARANCES:
        histories.setdefault(identity(appearance[1], appearance[4]), []).append(appearance)
    return histories


def expected_open() -> dict[tuple[str, str], dict]:
    """Identity -> what open-actions shows: latest owners and due, first call, times carried."""
    newest = max(dt.date.fromisoformat(date) for date in DECK_FILES)
    result = {}
    for key, history in expected_histories().items():
        latest = history[-1]
        if latest[2]:
            continue
        due = latest[5]
        result[key] = {
            "owners": [f"@{owner}" for owner in latest[3]],
            "due": due,
            "overdue": bool(due) and dt.date.fromisoformat(due) < newest,
            "first": history[0][0],
            "carried": sum(1 for appearance in history[1:] if not appearance[2]),
        }
    return result
