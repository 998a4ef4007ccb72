"""What the report-level search indexes: one record per team report, from the collected calls.

The words of each report are collected when its deck is read
(:class:`ReportTextCollector`, kept in the environment beside the call records,
so incremental and parallel builds see the same text as a clean one). At the
end of the build :func:`search_records` joins them with the calls of
:func:`~sphinxcontrib_scscall.call_deck.archive` into :class:`Record` objects,
and :func:`record_html` writes each as a small page for Pagefind to index.

Besides the team reports, the action items of one team in one call are a record
of kind ``action``, and its decisions one of kind ``decision``: each item is a
heading with its own id there, so Pagefind lists the items that match as the
record's sub-results, as it lists a report's topics. (One record per item cost
the build a Pagefind page each, about a millisecond: 10,400 more pages for a
400-deck archive with 3 actions and 1 decision in every report.) Another kind
plugs in through :data:`RECORD_SOURCES`: a function that yields the records of
one call for its kind.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from .. import model
from ..builders import is_html_archive
from ..call_deck import archive, call_info, calls_of
from ..shared import PerDocumentCollector, block_nodes

#: text that repeats on every report of a team, or labels a link, and would only dilute ranking
NOT_INDEXED_CLASSES = frozenset({"scscall-mission", "scscall-minutes"})
#: the Pagefind sort every record carries: the call's ISO date
DATE_SORT = "date"


@dataclass(frozen=True)
class Block:
    """A heading of a report (the report itself first, then its topics) and its own text."""

    anchor: str
    heading: str
    text: str


@dataclass(frozen=True)
class Record:
    """One search result: what it links, what it shows, and how it is filtered."""

    kind: str
    url: str
    title: str
    call_title: str
    date: str
    team_key: str
    team_name: str
    blocks: tuple[Block, ...]

    @property
    def year(self) -> str:
        return self.date[:4]


def texts_of(env: BuildEnvironment) -> dict[str, dict[str, tuple[Block, ...]]]:
    """docname -> report anchor -> the report's blocks, as read (created on first use)."""
    return ReportTextCollector.data(env)


def report_blocks(section: nodes.section) -> Iterator[Block]:
    """The section's own text as one block, then each sub-section's, in page order."""
    own: list[str] = []
    for child in section.children:
        if isinstance(child, nodes.title | nodes.section):
            continue
        if NOT_INDEXED_CLASSES.intersection(child.get("classes", [])):
            continue
        own.append(child.astext())
    heading = section[0].astext() if section.children else ""
    yield Block(section["ids"][0], heading, " ".join(" ".join(own).split()))
    for child in section.children:
        if isinstance(child, nodes.section) and child["ids"]:
            yield from report_blocks(child)


class ReportTextCollector(PerDocumentCollector):
    """Keeps ``env.scscall_search_texts`` in step with the decks read (purge, merge, collect).

    Only the HTML archive's builders, which write the search index, collect: in a slide
    build the texts cost about 2 % of the build for nothing. Should an HTML build find
    decks read without them (a slide build that used the same doctree folder), it reads
    those decks again rather than index their reports without text.
    """

    env_attribute = "scscall_search_texts"

    def get_outdated_docs(
        self, app: Sphinx, env: BuildEnvironment, added, changed, removed
    ) -> list[str]:
        if not is_html_archive(app.builder):
            return []
        collected = self.data(env)
        return [docname for docname in calls_of(env) if docname not in collected]

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        if not is_html_archive(app.builder) or call_info(doctree) is None:
            return
        reports = {}
        for section in block_nodes(doctree, nodes.section):
            if section.get("scscall_slide") == "team-report" and section["ids"]:
                reports[section["ids"][0]] = tuple(report_blocks(section))
        texts_of(app.env)[app.env.docname] = reports


@dataclass(frozen=True)
class RecordContext:
    """What a record source needs besides the call: links and the words collected."""

    target_uri: Callable[[str], str]
    texts: dict[str, dict[str, tuple[Block, ...]]]


RecordSource = Callable[[RecordContext, model.Call], Iterable[Record]]


def report_records(context: RecordContext, call: model.Call) -> Iterator[Record]:
    page = context.target_uri(call.docname)
    texts = context.texts.get(call.docname, {})
    for report in call.reports:
        blocks = texts.get(report.anchor) or (Block(report.anchor, report.team_name, ""),)
        yield Record(
            kind="report",
            url=f"{page}#{report.anchor}",
            title=report.team_name,
            call_title=call.title,
            date=call.date.isoformat(),
            team_key=report.team_key,
            team_name=report.team_name,
            blocks=blocks,
        )


def action_heading(action: model.Action) -> str:
    """'Open · @a, @b': what an action's sub-result is titled by."""
    owners = ", ".join(f"@{owner}" for owner in action.owners)
    return " · ".join(part for part in ("Done" if action.done else "Open", owners) if part)


def action_text(action: model.Action) -> str:
    due = f"(due {action.due.isoformat()})" if action.due else ""
    return " ".join(part for part in (action.text, due) if part)


def team_items(
    kind: str,
    label: str,
    items: Callable[[model.Call], Iterable],
    heading: Callable[[object], str],
    text: Callable[[object], str],
) -> RecordSource:
    """Records of one kind of a call's team items (actions, decisions): one per team, each
    item a heading at its own id."""

    def records(context: RecordContext, call: model.Call) -> Iterator[Record]:
        page = context.target_uri(call.docname)
        by_team: dict[str, list] = {}
        for item in items(call):
            by_team.setdefault(item.team_key, []).append(item)
        for listed in by_team.values():
            first = listed[0]
            yield Record(
                kind=kind,
                url=f"{page}#{first.anchor}" if first.anchor else page,
                title=f"{label} · {first.team_name}",
                call_title=call.title,
                date=call.date.isoformat(),
                team_key=first.team_key,
                team_name=first.team_name,
                blocks=tuple(Block(item.anchor, heading(item), text(item)) for item in listed),
            )

    return records


#: kind -> its records in one call; the ``kind`` filter offers the kinds that have records
RECORD_SOURCES: dict[str, RecordSource] = {
    "report": report_records,
    "action": team_items(
        "action", "Actions", lambda call: call.actions, action_heading, action_text
    ),
    "decision": team_items(
        "decision", "Decisions", lambda call: call.decisions, lambda _: "Decision", lambda d: d.text
    ),
}


def search_records(app: Sphinx) -> list[Record]:
    """Every record of the archive, newest call first (Pagefind breaks ties in this order)."""
    context = RecordContext(app.builder.get_target_uri, texts_of(app.env))
    return [
        record
        for call in archive(app.env).newest_first()
        for source in RECORD_SOURCES.values()
        for record in source(context, call)
    ]


def record_html(record: Record, language: str) -> str:
    """The record as a page for Pagefind: its text, metadata, filters and headings with ids."""
    escape = html.escape
    meta = {
        "title": record.title,
        "url": record.url,
        "call": record.call_title,
        "date": record.date,
        "team": record.team_name,
        "kind": record.kind,
    }
    filters = {"team": record.team_key, "year": record.year, "kind": record.kind}
    lines = [
        f'<!doctype html><html lang="{escape(language)}"><head><meta charset="utf-8">'
        f"<title>{escape(record.title)}</title></head><body>",
        f'<main data-pagefind-body data-pagefind-sort="{DATE_SORT}:{escape(record.date)}">',
        *(
            f'<span hidden data-pagefind-meta="{name}" data-pagefind-ignore>{escape(value)}</span>'
            for name, value in meta.items()
        ),
        *(
            f'<span hidden data-pagefind-filter="{name}" data-pagefind-ignore>'
            f"{escape(value)}</span>"
            for name, value in filters.items()
        ),
    ]
    for depth, block in enumerate(record.blocks):
        tag = "h2" if depth == 0 else "h3"
        lines.append(f'<{tag} id="{escape(block.anchor)}">{escape(block.heading)}</{tag}>')
        if block.text:
            lines.append(f"<p>{escape(block.text)}</p>")
    lines.append("</main></body></html>")
    return "\n".join(lines) + "\n"


def setup_records(app: Sphinx) -> None:
    app.add_env_collector(ReportTextCollector)
