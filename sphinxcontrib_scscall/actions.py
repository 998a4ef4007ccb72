"""``actions`` and ``decision``: what a call agreed on and who does what by when.

An ``actions`` block is a list whose items read ``[ ] @owner text (due
YYYY-MM-DD)`` (open) or ``[x] …`` (done). Each item becomes a checklist entry
with a checkbox, the owners linked to GitHub and the due date marked; it keeps
everything else the author wrote. A ``decision`` is a highlighted block with an
id of its own, so the decision log can link it.

Inside a ``team-report`` the actions and decisions belong to that team, outside
one to the call as a whole (team ``community``). The same action in later calls
of a team is the same text with case and spacing ignored
(:func:`.model.action_identity`); the archive follows it from call to call.

The text rules (:func:`split_checkbox`, :func:`split_owners`, :func:`split_due`)
are shared with ``scscall new``, which reads the open actions from deck sources.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.builders import Builder

from . import model
from .builders import is_slide_builder
from .call_deck import CallInfo, add_call_part
from .config import settings
from .dates import DateError, parse_iso_date
from .shared import (
    OptionSpec,
    ScsCallDirective,
    block_nodes,
    handle_reference,
    logger,
    normalize_handle,
    unique_id,
)
from .slide_sections import owner_section, section_depth

ACTIONS_CLASS = "scscall-actions"
ACTION_CLASS = "scscall-action"
DECISION_CLASS = "scscall-decision"
ACTIONS_CSS = "scscall-actions.css"
#: actions and decisions outside a team report belong to this team
CALL_TEAM = "community"
# an id made from the first words of a text: readable, and stable while the text is
ID_LENGTH = 48

CHECKBOX_RE = re.compile(r"\s*\[([ xX])\](?:\s+|$)")
OWNER_RE = re.compile(r"@([^\s,;]*)[\s,;]*")
DUE_RE = re.compile(r"\s*\(due\s+([^()]*?)\s*\)\s*$", re.IGNORECASE)


def split_checkbox(text: str) -> tuple[bool | None, str]:
    """``"[x] rest"`` -> ``(True, "rest")``; ``(None, text)`` without a checkbox."""
    match = CHECKBOX_RE.match(text)
    if match is None:
        return None, text
    return match.group(1) != " ", text[match.end() :]


def split_owners(text: str) -> tuple[list[str], str]:
    """The leading ``@owner`` tokens (as written, without '@') and the rest of *text*."""
    owners = []
    while match := OWNER_RE.match(text):
        owners.append(match.group(1))
        text = text[match.end() :]
    return owners, text


def split_due(text: str) -> tuple[str | None, str]:
    """The date written in a trailing ``(due …)`` (unchecked) and the text before it."""
    match = DUE_RE.search(text)
    if match is None:
        return None, text
    return match.group(1), text[: match.start()]


class action_checkbox(nodes.Inline, nodes.Element):
    """The checkbox of an action item; ``done`` says whether it is ticked."""


def visit_checkbox_html(translator, node: action_checkbox) -> None:
    state = "done" if node["done"] else "open"
    checked = " checked" if node["done"] else ""
    translator.body.append(
        f'<input type="checkbox" class="scscall-checkbox" disabled{checked} aria-label="{state}"> '
    )
    raise nodes.SkipNode


def visit_checkbox_text(translator, node: action_checkbox) -> None:
    translator.add_text("[x] " if node["done"] else "[ ] ")
    raise nodes.SkipNode


def visit_checkbox_body(translator, node: action_checkbox) -> None:
    # LaTeX, man and Texinfo: brackets would start an optional argument after \item
    translator.body.append("(done) " if node["done"] else "(open) ")
    raise nodes.SkipNode


def prefixed(prefix: str, body: list[nodes.Node]) -> list[nodes.Node]:
    """*body* with *prefix* at its start, in its first Text node when it has one there."""
    if body and isinstance(body[0], nodes.Text):
        return [nodes.Text(prefix + body[0]), *body[1:]]
    return [nodes.Text(prefix), *body]


def text_id(document: nodes.document, prefix: str, text: str) -> str:
    """A page-unique id from *prefix* and the first words of *text*."""
    base = f"{prefix}-{nodes.make_id(text)[:ID_LENGTH].strip('-')}".rstrip("-")
    return unique_id(document, base)


class ActionsDirective(ScsCallDirective):
    has_content = True
    option_spec = OptionSpec({"class": directives.class_option})

    def run(self) -> list[nodes.Node]:
        block = self.content_container(ACTIONS_CLASS, *self.options.get("class", []))
        self.state.nested_parse(self.content, self.content_offset, block)
        lists = [
            child
            for child in block.children
            if isinstance(child, nodes.bullet_list | nodes.enumerated_list)
        ]
        if not lists:
            self.warn(
                "actions: no list of action items; write '- [ ] @owner text (due YYYY-MM-DD)'"
            )
            return block.children
        for checklist in lists:
            checklist["classes"].append("scscall-checklist")
            for item in checklist.children:
                self.make_action(item)
        return [block]

    def make_action(self, item: nodes.list_item) -> None:
        line = item.line or self.lineno
        first = item[0] if item.children and isinstance(item[0], nodes.paragraph) else None
        leading = first[0] if first is not None and first.children else None
        done, rest = (
            split_checkbox(leading.astext()) if isinstance(leading, nodes.Text) else (None, "")
        )
        if done is None:
            self.warn(
                "actions: an action item starts with '[ ]' (open) or '[x]' (done); "
                "kept as an ordinary list item",
                line=line,
            )
            return
        raw_owners, rest = split_owners(rest)
        owners, leftover = [], []
        for raw in raw_owners:
            handle = normalize_handle(raw)
            if handle is None:
                self.warn(
                    f"actions: owner '@{raw}' is not a valid GitHub handle; kept as text",
                    line=line,
                )
                leftover.append(f"@{raw}")
            elif handle not in owners:
                owners.append(handle)
        body = [nodes.Text(" ".join([*leftover, rest]) if leftover else rest), *first[1:]]
        due = self.take_due(body, line)
        text = " ".join("".join(node.astext() for node in body).split())

        paragraph = nodes.paragraph(classes=["scscall-action-text"])
        paragraph.source, paragraph.line = first.source, first.line
        paragraph += action_checkbox(done=done)
        for number, handle in enumerate(owners):
            if number:
                paragraph += nodes.Text(" ")
            paragraph += handle_reference(handle)
        # the spaces around the text go into its own Text nodes: every transform and
        # writer walks each node of every page, and a build has thousands of actions
        if owners:
            body = prefixed(" ", body)
        if due is not None:
            body[-1] = nodes.Text(body[-1] + " ")  # take_due left a Text there
        paragraph.extend(body)
        if due is not None:
            paragraph += nodes.inline("", f"(due {due.isoformat()})", classes=["scscall-due"])
        first.replace_self(paragraph)
        item["classes"] += [ACTION_CLASS, f"{ACTION_CLASS}-{'done' if done else 'open'}"]
        item["ids"].append(text_id(self.state.document, "action", text or "item"))
        self.state.document.ids[item["ids"][-1]] = item
        item["scscall_action"] = {
            "text": text,
            "done": done,
            "owners": owners,
            "due": due.isoformat() if due else None,
        }

    def take_due(self, body: list[nodes.Node], line: int) -> dt.date | None:
        """Remove a valid trailing ``(due YYYY-MM-DD)`` from *body*; warn about others."""
        if not body or not isinstance(body[-1], nodes.Text):
            return None
        raw, before = split_due(body[-1].astext())
        if raw is None:
            return None
        try:
            due = parse_iso_date(raw)
        except DateError as err:
            self.warn(f"actions: due date: {err}; kept as text", line=line)
            return None
        body[-1] = nodes.Text(before.rstrip())
        return due


class DecisionDirective(ScsCallDirective):
    has_content = True
    option_spec = OptionSpec({"class": directives.class_option})

    def run(self) -> list[nodes.Node]:
        if not "\n".join(self.content).strip():
            self.warn("decision: no text; write the decision inside the directive")
            return []
        block = self.content_container(DECISION_CLASS, *self.options.get("class", []))
        label = nodes.paragraph(classes=["scscall-decision-label"])
        label += nodes.strong("", "Decision")
        block += label
        self.state.nested_parse(self.content, self.content_offset, block)
        text = decision_text(block)
        block["ids"].append(text_id(self.state.document, "decision", text or "decision"))
        self.state.document.ids[block["ids"][0]] = block
        return [block]


def decision_text(block: nodes.Element) -> str:
    """The decision as plain text, without its label."""
    return " ".join(
        " ".join(child.astext().split())
        for child in block.children
        if "scscall-decision-label" not in child.get("classes", ())
    )


def enclosing(node: nodes.Node) -> Iterator[nodes.section]:
    """The sections around *node*, innermost first."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, nodes.section):
            yield parent
        parent = parent.parent


def slide_anchor(node: nodes.Node) -> str:
    """The id of the slide *node* is shown on (reveal.js nests slides three deep)."""
    for section in enclosing(node):
        if section_depth(section) <= 3 and section["ids"]:
            return section["ids"][0]
    return ""


def owning_team(node: nodes.Node, call_team) -> tuple[str, str]:
    """(key, name) of the team report *node* was written in, else the call's own team."""
    section = owner_section(node)
    while section is not None:
        if section.get("scscall_slide") == "team-report":
            return section["scscall_team"], section[0].astext()
        section = owner_section(section.parent)
    return call_team.key, call_team.name


def collect_actions(app: Sphinx, doctree: nodes.document, info: CallInfo) -> dict:
    """The call's part: its actions (each identity once per team) and its decisions."""
    call_team = settings(app.config).teams.team_for(CALL_TEAM)
    actions: list[model.Action] = []
    seen: set[tuple[str, str]] = set()
    for item in block_nodes(doctree, nodes.list_item):
        data = item.get("scscall_action")
        if data is None:
            continue
        team_key, team_name = owning_team(item, call_team)
        action = model.Action(
            text=data["text"],
            done=data["done"],
            team_key=team_key,
            team_name=team_name,
            anchor=item["ids"][0],
            slide_anchor=slide_anchor(item),
            owners=tuple(data["owners"]),
            due=dt.date.fromisoformat(data["due"]) if data["due"] else None,
        )
        if action.identity in seen:
            logger.warning(
                f"actions: {data['text'][:60]!r} is listed twice in {team_name}'s report; "
                "the archive follows the first",
                location=item,
                type="scscall",
                subtype="actions",
            )
            continue
        seen.add(action.identity)
        actions.append(action)
    decisions = []
    for block in block_nodes(doctree, nodes.container):
        if DECISION_CLASS not in block["classes"] or not block["ids"]:
            continue
        team_key, team_name = owning_team(block, call_team)
        decisions.append(
            model.Decision(
                text=decision_text(block),
                team_key=team_key,
                team_name=team_name,
                anchor=block["ids"][0],
                slide_anchor=slide_anchor(block),
            )
        )
    return {"actions": tuple(actions), "decisions": tuple(decisions)}


def add_actions_css(app: Sphinx, pagename: str, templatename: str, context: dict, doctree):
    """The checklist and decision styles, on the pages that have them."""
    if doctree is None or not any(_styled_blocks(doctree)):
        return
    if is_slide_builder(app.builder):
        # the revealjs builder hands each page a copy of its stylesheets: add to that copy
        context["css_files"].append(f"_static/{ACTIONS_CSS}")


def _styled_blocks(doctree: nodes.document) -> Iterator[nodes.Element]:
    for block in block_nodes(doctree, nodes.container):
        if {ACTIONS_CLASS, DECISION_CLASS} & set(block["classes"]):
            yield block


def add_archive_css(app: Sphinx) -> None:
    builder: Builder = app.builder
    if builder.format == "html" and not is_slide_builder(builder):
        app.add_css_file(ACTIONS_CSS)


def setup_actions(app: Sphinx) -> None:
    app.add_node(
        action_checkbox,
        html=(visit_checkbox_html, None),
        text=(visit_checkbox_text, None),
        latex=(visit_checkbox_body, None),
        man=(visit_checkbox_body, None),
        texinfo=(visit_checkbox_body, None),
    )
    app.add_directive("actions", ActionsDirective)
    app.add_directive("decision", DecisionDirective)
    add_call_part(app, collect_actions)
    app.connect("builder-inited", add_archive_css)
    app.connect("html-page-context", add_actions_css)
