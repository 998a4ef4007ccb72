"""Synthetic call decks of realistic shape, and their plain-Sphinx twins.

A deck is a title, five to eight team reports of one to four topics each, an
events block of five to twelve items and, now and then, a survey: the shape of
the real SCS community calls. Everything is drawn from a seeded random
generator, so a seed and a count always give the same decks.

Each deck is written two ways from one description:

* ``scscall``: MyST using the extension's directives and roles
  (``team-report``, ``upcoming-events``, ``survey-callout``, ``{gh}``, ``{pr}``);
* the *plain twin*: the same text with the directives written out as ordinary
  headings, paragraphs, lists and links, for Sphinx + myst-parser +
  sphinx-revealjs without the extension.

:func:`write_project` lays out a whole Sphinx project of one :data:`VARIANTS`.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, replace
from pathlib import Path

from sphinxcontrib_scscall.teams import DEFAULT_TEAMS

#: ``scscall``: the extension, decks linked by ``call-archive`` on the index, no
#: generated team pages (the same pages as the twins); ``plain-orphans``: orphan decks
#: linked from a list on the index; ``plain-toctree``: decks in a ``:glob:`` toctree,
#: the usual way without the extension; ``scscall-team-pages``: the extension with
#: its defaults, which add a page per team and an overview (11 more pages)
VARIANTS = ("scscall", "plain-orphans", "plain-toctree", "scscall-team-pages")
FIRST_CALL = dt.date(2021, 1, 7)  # a Thursday
GITHUB = "https://github.com/"
ORG = "SovereignCloudStack"
HANDLES = ("fkr", "garloff", "matofeder", "horazont", "mbuechse", "berendt", "jschoone", "tibeer")
REPOS = ("standards", "issues", "k8s-cluster-api-provider", "cluster-stacks", "docs")
# topic titles and bullets are drawn from these words
VOCABULARY = """
availability zone standard cluster stacks flavor naming image metadata certification scope
tests keycloak federation monitoring dashboards release notes upgrade path gateway api load
balancer volume backup compliance check domain manager secure boot sovereignty
"""
WORDS = VOCABULARY.split()
EVENTS = (
    "ALASCA Tech Talk",
    "Kubernetes Community Day",
    "OpenInfra Summit",
    "SCS Hackathon",
    "Cloud Native Meetup",
    "GI INFORMATIK",
    "FOSDEM",
    "OSISM Community Call",
)


@dataclass(frozen=True)
class Topic:
    title: str
    bullets: tuple[str, ...]  # inline MyST using the extension's roles


@dataclass(frozen=True)
class Action:
    done: bool
    owner: str
    text: str
    due: dt.date | None


@dataclass(frozen=True)
class Report:
    team: str  # a key of DEFAULT_TEAMS
    reporters: tuple[str, ...]
    minutes: str | None  # a file name below the team's minutes folder
    topics: tuple[Topic, ...]
    actions: tuple[Action, ...] = ()
    decision: str | None = None


@dataclass(frozen=True)
class Deck:
    number: int
    date: dt.date
    presenter: str
    reports: tuple[Report, ...]
    events: tuple[tuple[str, str], ...]  # (date or range, title)
    survey: str | None  # the survey's URL

    @property
    def docname(self) -> str:
        return f"community-calls/{self.date.isoformat()}"

    @property
    def title(self) -> str:
        return f"SCS Community Call {self.date.isoformat()}"


def generate_decks(count: int, seed: int = 0, actions: int = 0) -> list[Deck]:
    """*count* weekly calls, oldest first; the same for the same seed.

    With *actions*, every report also lists that many action items and one
    decision. They are drawn from a generator of their own, so the decks are
    otherwise the same as without them. Actions are carried from call to call
    of a team, and closed, as in real decks.
    """
    rng = random.Random(seed)
    deck_list = [_deck(rng, number) for number in range(count)]
    return _with_actions(deck_list, actions, seed) if actions else deck_list


def _with_actions(deck_list: list[Deck], per_report: int, seed: int) -> list[Deck]:
    rng = random.Random(f"actions-{seed}")
    still_open: dict[str, list[Action]] = {}
    result = []
    for deck in deck_list:
        reports = []
        for report in deck.reports:
            pool = still_open.setdefault(report.team, [])
            carried = pool[: min(len(pool), per_report - 1)]
            listed = [
                Action(rng.random() < 0.4, action.owner, action.text, action.due)
                for action in carried
            ]
            while len(listed) < per_report:
                text = " ".join(rng.choices(WORDS, k=rng.randint(4, 8)))
                due = (
                    deck.date + dt.timedelta(days=rng.randint(7, 42))
                    if rng.random() < 0.6
                    else None
                )
                listed.append(Action(False, rng.choice(HANDLES), text, due))
            still_open[report.team] = [a for a in listed if not a.done] + pool[len(carried) :]
            decision = " ".join(rng.choices(WORDS, k=rng.randint(6, 12))).capitalize() + "."
            reports.append(replace(report, actions=tuple(listed), decision=decision))
        result.append(replace(deck, reports=tuple(reports)))
    return result


def _deck(rng: random.Random, number: int) -> Deck:
    date = FIRST_CALL + dt.timedelta(weeks=number)
    teams = rng.sample(sorted(DEFAULT_TEAMS), rng.randint(5, 8))
    reports = tuple(_report(rng, team, date) for team in teams)
    events = tuple(_event(rng, date) for _ in range(rng.randint(5, 12)))
    survey = f"https://forms.example.org/s/survey-{number}" if rng.random() < 0.15 else None
    return Deck(number, date, rng.choice(HANDLES), reports, events, survey)


def _report(rng: random.Random, team: str, date: dt.date) -> Report:
    minutes = f"{date:%Y%m%d}.md" if DEFAULT_TEAMS[team]["minutes"] and rng.random() < 0.6 else None
    topics = tuple(_topic(rng) for _ in range(rng.randint(1, 4)))
    return Report(team, tuple(rng.sample(HANDLES, rng.randint(1, 2))), minutes, topics)


def _topic(rng: random.Random) -> Topic:
    title = " ".join(rng.sample(WORDS, 3)).capitalize()
    bullets = []
    for _ in range(rng.randint(2, 5)):
        text = " ".join(rng.choices(WORDS, k=rng.randint(5, 12)))
        kind = rng.random()
        if kind < 0.3:
            text += f" ({{pr}}`{rng.choice(REPOS)}#{rng.randint(100, 900)}`)"
        elif kind < 0.45:
            text += f", thanks {{gh}}`{rng.choice(HANDLES)}`"
        bullets.append(text)
    return Topic(title, tuple(bullets))


def _event(rng: random.Random, call_date: dt.date) -> tuple[str, str]:
    start = call_date + dt.timedelta(days=rng.randint(1, 90))
    days = rng.choice((0, 0, 1, 2))
    end = start + dt.timedelta(days=days)
    # the short range form (2024-09-24/26) within a month, the full one across months
    short = f"{end:%d}" if end.month == start.month else end.isoformat()
    when = start.isoformat() + (f"/{short}" if days else "")
    return when, f"{rng.choice(EVENTS)} {start.year}"


# --- the deck with the extension -------------------------------------------


def scscall_source(deck: Deck, plain_actions: bool = False) -> str:
    """The deck in MyST with the extension's directives.

    *plain_actions* writes the reports' action items and decisions as ordinary
    Markdown (the same text as a list and a paragraph), not as ``actions`` and
    ``decision``: their twin, for measuring what the two directives cost.
    """
    parts = [f"---\ncall-presenter: {deck.presenter}\n---\n# {deck.title}\n\nWelcome!\n"]
    for report in deck.reports:
        options = f":reporter: {', '.join(report.reporters)}\n"
        if report.minutes:
            options += f":minutes: {report.minutes}\n"
        topics = "".join(_topic_markdown(topic, "##") for topic in report.topics)
        if report.actions or report.decision:
            parts.append(
                f"::::{{team-report}} {report.team}\n{options}\n{topics}"
                f"{_actions_markdown(report, plain_actions)}::::\n"
            )
        else:
            parts.append(f":::{{team-report}} {report.team}\n{options}\n{topics}:::\n")
    events = "".join(f"- {when} {title}\n" for when, title in deck.events)
    parts.append(f":::{{upcoming-events}}\n:horizon: 120\n\n{events}:::\n")
    if deck.survey:
        parts.append(
            f":::{{survey-callout}} {deck.survey}\n:duration: 5 minutes\n:anonymous:\n\n"
            "Please tell us how the calls work for you.\n:::\n"
        )
    return "\n".join(parts)


def _actions_markdown(report: Report, plain: bool = False) -> str:
    """The report's action items and decision, at the end of its last topic."""
    items = "".join(
        f"- [{'x' if action.done else ' '}] @{action.owner} {action.text}"
        + (f" (due {action.due.isoformat()})" if action.due else "")
        + "\n"
        for action in report.actions
    )
    if plain:
        decision = f"Decision: {report.decision}\n\n" if report.decision else ""
        return (f"{items}\n" if items else "") + decision
    blocks = f":::{{actions}}\n{items}:::\n\n" if items else ""
    if report.decision:
        blocks += f":::{{decision}}\n{report.decision}\n:::\n\n"
    return blocks


def _topic_markdown(topic: Topic, level: str) -> str:
    return f"{level} {topic.title}\n\n" + "".join(f"- {b}\n" for b in topic.bullets) + "\n"


# --- the plain twin ----------------------------------------------------------


def plain_source(deck: Deck, orphan: bool) -> str:
    """The same deck without the extension: headings, paragraphs, lists and links."""
    front = "---\norphan: true\n---\n" if orphan else ""
    parts = [f"{front}# {deck.title}\n\nPresented by {_handle_link(deck.presenter)}\n\nWelcome!\n"]
    for report in deck.reports:
        team = DEFAULT_TEAMS[report.team]
        byline = ", ".join(map(_handle_link, report.reporters))
        lines = [f"## {team['name']}\n", f"Report by {byline}\n"]
        if team["mission"]:
            lines.append(f"{team['mission']}\n")
        if report.minutes:
            lines.append(f"[Minutes]({team['minutes']}{report.minutes})\n")
        topics = "".join(_topic_markdown(topic, "###") for topic in report.topics)
        parts.append("\n".join(lines) + "\n" + _plain_roles(topics))
    events = "".join(f"- {when} {title}\n" for when, title in sorted(deck.events))
    parts.append(f"## Upcoming events\n\n{events}")
    if deck.survey:
        parts.append(
            "## Community Survey\n\nPlease tell us how the calls work for you.\n\n"
            f"- Takes about 5 minutes\n- Anonymous\n\n[Take the survey]({deck.survey})\n"
        )
    return "\n".join(parts)


def _handle_link(handle: str) -> str:
    return f"[@{handle}]({GITHUB}{handle})"


def _plain_roles(text: str) -> str:
    """``{pr}`repo#1``` and ``{gh}`handle``` as the Markdown links they render to."""
    for handle in HANDLES:
        text = text.replace(f"{{gh}}`{handle}`", _handle_link(handle))
    while "{pr}`" in text:
        start = text.index("{pr}`")
        end = text.index("`", start + 5)
        repo, number = text[start + 5 : end].split("#")
        link = f"[{repo}#{number}]({GITHUB}{ORG}/{repo}/pull/{number})"
        text = text[:start] + link + text[end + 1 :]
    return text


# --- projects ----------------------------------------------------------------


def index_source(variant: str, decks: list[Deck]) -> str:
    if variant.startswith("scscall"):
        return "# Community calls\n\n:::{call-archive}\n:::\n"
    if variant == "plain-toctree":
        return (
            "# Community calls\n\n```{toctree}\n:glob:\n:titlesonly:\n:maxdepth: 1\n:reversed:\n\n"
            "community-calls/*\n```\n"
        )
    links = "".join(f"- [{deck.title}]({deck.docname}.md)\n" for deck in reversed(decks))
    return f"# Community calls\n\n{links}"


def conf_source(variant: str) -> str:
    conf = "project = 'benchmark'\nexclude_patterns = ['_build']\nhtml_theme = 'alabaster'\n"
    if variant == "scscall":
        return (
            conf + "extensions = ['sphinxcontrib_scscall']\nscscall_generate_team_pages = False\n"
        )
    if variant == "scscall-team-pages":
        return conf + "extensions = ['sphinxcontrib_scscall']\n"
    return conf + "extensions = ['myst_parser', 'sphinx_revealjs']\n"


def deck_source(variant: str, deck: Deck) -> str:
    if variant.startswith("scscall"):
        return scscall_source(deck)
    return plain_source(deck, orphan=variant == "plain-orphans")


def write_project(root: Path, variant: str, decks: list[Deck]) -> None:
    """A Sphinx project in *root*: conf.py, index.md and one file per deck."""
    (root / "community-calls").mkdir(parents=True, exist_ok=True)
    (root / "conf.py").write_text(conf_source(variant))
    (root / "index.md").write_text(index_source(variant, decks))
    for deck in decks:
        (root / f"{deck.docname}.md").write_text(deck_source(variant, deck))


def edit_one_deck(root: Path, decks: list[Deck]) -> None:
    """Append a line to the middle deck, as an author fixing a typo would."""
    path = root / f"{decks[len(decks) // 2].docname}.md"
    path.write_text(path.read_text() + "\nOne more thing.\n")
