"""One Atom feed per generated team page: ``<team page>.atom`` beside it.

Each report of the team is an entry linking ``<call page>#team-<key>``
(absolute under ``html_baseurl``, else relative to the feed), with the report's
topics, actions and decisions as its content. The team page announces its feed
with ``<link rel="alternate" type="application/atom+xml">``. Like ``calls.atom``
(:mod:`.feeds`), the feeds are written at ``build-finished`` by the HTML
archive's builders, only when what they show has changed, and depend on
nothing but the calls.
"""

from __future__ import annotations

import html
import posixpath
from dataclasses import dataclass
from typing import Any

import jinja2
from sphinx.application import Sphinx

from .. import model
from ..builders import is_html_archive
from ..call_deck import archive
from ..config import settings
from .feeds import EPOCH, TEMPLATES, FeedLinks, atom_timestamp, write_feed
from .slide_links import output_relative
from .team_pages import generated_team_pages

TEMPLATE = "team.atom"
SUFFIX = ".atom"


@dataclass(frozen=True)
class TeamEntry:
    id: str
    title: str
    link: str
    updated: str
    author: str | None
    content: str


def feed_path(team_page: str) -> str:
    """The feed of a team page, relative to the output root: ``…/teams/iaas.atom``."""
    return team_page + SUFFIX


def report_content(call: model.Call, report: model.Report) -> str:
    """The entry's HTML: byline, topics, actions and decisions of the report."""
    escape = html.escape
    parts = []
    if report.reporters:
        parts.append(
            "<p>Report by " + ", ".join(f"@{escape(h)}" for h in report.reporters) + "</p>"
        )
    if report.topics:
        topics = "".join(f"<li>{escape(topic.title)}</li>" for topic in report.topics)
        parts.append(f"<h3>Topics</h3><ul>{topics}</ul>")
    actions = [action for action in call.actions if action.team_key == report.team_key]
    if actions:
        parts.append(f"<h3>Actions</h3><ul>{''.join(map(action_html, actions))}</ul>")
    decisions = [d for d in call.decisions if d.team_key == report.team_key]
    if decisions:
        items = "".join(f"<li>{escape(decision.text)}</li>" for decision in decisions)
        parts.append(f"<h3>Decisions</h3><ul>{items}</ul>")
    return "".join(parts)


def action_html(action: model.Action) -> str:
    box = "☑" if action.done else "☐"
    owners = "".join(f"@{html.escape(handle)} " for handle in action.owners)
    due = f" (due {action.due.isoformat()})" if action.due else ""
    return f"<li>{box} {owners}{html.escape(action.text)}{due}</li>"


def team_feed_values(app: Sphinx, team_key: str, team_page: str) -> dict:
    links = FeedLinks(app)
    builder = app.builder
    name = feed_path(team_page)
    reports = list(archive(app.env).reports_by(team_key))
    reports.reverse()

    def page_link(docname: str, anchor: str = "") -> str:
        if links.base:
            uri = links.page(docname)
        else:
            # a relative link in a feed resolves against the feed's own address
            uri = posixpath.relpath(builder.get_target_uri(docname), posixpath.dirname(name))
        return f"{uri}#{anchor}" if anchor else uri

    entries = [
        TeamEntry(
            id=links.stable_id(builder.get_target_uri(call.docname), report.anchor),
            title=f"{report.team_name}: {call.title}",
            link=page_link(call.docname, report.anchor),
            updated=atom_timestamp(call.date),
            author=", ".join(f"@{handle}" for handle in report.reporters) or None,
            content=report_content(call, report),
        )
        for call, report in reports
    ]
    team = settings(app.config).teams.resolve(team_key)
    return {
        "title": f"{app.config.project}: {team.name if team else team_key}",
        "id": links.stable_id(name),
        "self_link": links.base + name if links.base else None,
        "page_link": page_link(team_page),
        "author": app.config.project,
        "updated": atom_timestamp(reports[0][0].date if reports else EPOCH),
        "entries": entries,
    }


def render_team_feed(values: dict) -> bytes:
    templates = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, keep_trailing_newline=True
    )
    return templates.get_template(TEMPLATE).render(**values).encode()


def write_team_feeds(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or not is_html_archive(app.builder):
        return
    pages = generated_team_pages(app.env)
    if pages is None:
        return
    template = (TEMPLATES / TEMPLATE).read_text(encoding="utf-8")
    for team_key, team_page in sorted(pages.page_of.items()):
        if team_page not in app.env.all_docs:
            continue
        values = team_feed_values(app, team_key, team_page)
        write_feed(
            app, feed_path(team_page), (values, template), lambda v=values: render_team_feed(v)
        )


def announce_team_feed(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree
) -> None:
    """``<link rel="alternate">`` to the feed in the head of each team page."""
    pages = generated_team_pages(app.env)
    if pages is None or not is_html_archive(app.builder):
        return
    if pagename not in pages.page_of.values():
        return
    href = output_relative(app.builder, pagename, feed_path(pagename))
    key = next(key for key, page in pages.page_of.items() if page == pagename)
    team = settings(app.config).teams.resolve(key)
    title = html.escape(f"{team.name if team else key}: reports", quote=True)
    context["metatags"] += (
        f'\n<link rel="alternate" type="application/atom+xml" title="{title}" '
        f'href="{html.escape(href, quote=True)}">'
    )


def setup_team_feeds(app: Sphinx) -> None:
    app.connect("build-finished", write_team_feeds)
    app.connect("html-page-context", announce_team_feed)
