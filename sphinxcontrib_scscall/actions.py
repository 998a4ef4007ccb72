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
ACTION_TEXT_CLASS = "scscall-action-text"
CHECKLIST_CLASS = "scscall-checklist"
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


class action_text(nodes.paragraph):
    """The paragraph of one action item: owners and text as its children; the checkbox
    (``done``), the due date (``due``, ISO, or None) and, in listings, whether it is
    ``overdue``, as attributes, which the translators write around the children.

    Every transform and writer walks each node of every page, and a large archive has
    thousands of actions: a checkbox node in each cost about 0.2 M instructions of the
    build (0.093 G for the 390 items of 20 decks). A builder without visitors of its own writes
    it as the paragraph it is.
    """


def checkbox_html(done: bool) -> str:
    checked = " checked" if done else ""
    state = "done" if done else "open"
    return (
        f'<input type="checkbox" class="scscall-checkbox" disabled{checked} aria-label="{state}"> '
    )


OVERDUE = "overdue"


def due_text(node: action_text) -> str:
    """'(due 2030-12-01)', and ' overdue' after it when it is; '' without a due date."""
    if not node.get("due"):
        return ""
    return f"(due {node['due']})" + (f" {OVERDUE}" if node.get("overdue") else "")


def visit_action_html(translator, node: action_text) -> None:
    translator.visit_paragraph(node)
    translator.body.append(checkbox_html(node["done"]))


def depart_action_html(translator, node: action_text) -> None:
    if node.get("due"):
        translator.body.append(f' <span class="scscall-due">(due {node["due"]})</span>')
        if node.get("overdue"):
            translator.body.append(f' <strong class="scscall-overdue">{OVERDUE}</strong>')
    translator.depart_paragraph(node)


def visit_action_plain(translator, node: action_text) -> None:
    translator.visit_paragraph(node)
    translator.add_text("[x] " if node["done"] else "[ ] ")


def depart_action_plain(translator, node: action_text) -> None:
    if node.get("due"):
        translator.add_text(f" {due_text(node)}")
    translator.depart_paragraph(node)


def visit_action_markup(translator, node: action_text) -> None:
    translator.visit_paragraph(node)
    # LaTeX, man and Texinfo: brackets would start an optional argument after \item
    translator.body.append("(done) " if node["done"] else "(open) ")


def depart_action_markup(translator, node: action_text) -> None:
    if node.get("due"):
        translator.body.append(f" {due_text(node)}")
    translator.depart_paragraph(node)


class decision_block(nodes.container):
    """A decision: its text as children; the translators write its "Decision" label."""


DECISION_LABEL = "Decision"


def visit_decision_html(translator, node: decision_block) -> None:
    translator.visit_container(node)
    translator.body.append(
        f'<p class="scscall-decision-label"><strong>{DECISION_LABEL}</strong></p>\n'
    )


def visit_decision_plain(translator, node: decision_block) -> None:
    translator.visit_container(node)
    translator.new_state(0)
    translator.add_text(f"{DECISION_LABEL}:")
    translator.end_state()


def visit_decision_latex(translator, node: decision_block) -> None:
    translator.visit_container(node)
    translator.body.append(f"\n\\textbf{{{DECISION_LABEL}}}\n\n")


def visit_decision_man(translator, node: decision_block) -> None:
    translator.visit_container(node)
    translator.body.append(f"\n.sp\n\\fB{DECISION_LABEL}\\fP\n")


def visit_decision_texinfo(translator, node: decision_block) -> None:
    translator.visit_container(node)
    translator.body.append(f"\n@strong{{{DECISION_LABEL}}}\n\n")


def depart_decision(translator, node: decision_block) -> None:
    translator.depart_container(node)


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
        classes = [ACTIONS_CLASS, *self.options.get("class", [])]
        block = self.content_container(*classes)
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
            checklist["classes"].append(CHECKLIST_CLASS)
            for item in checklist.children:
                self.make_action(item)
        if block.children == lists[:1]:
            # the list alone, without a container around it: one level less for every
            # transform and writer to descend, for each node of each action
            lists[0]["classes"][:0] = classes
            return lists
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

        paragraph = action_text(
            classes=[ACTION_TEXT_CLASS], done=done, due=due.isoformat() if due else None
        )
        paragraph.source, paragraph.line = first.source, first.line
        for number, handle in enumerate(owners):
            if number:
                paragraph += nodes.Text(" ")
            paragraph += handle_reference(handle)
        # the space after the owners goes into the text's own Text node: one node less
        paragraph.extend(prefixed(" ", body) if owners else body)
        item[0] = paragraph  # in place of the item's first paragraph
        item["classes"] += [ACTION_CLASS, f"{ACTION_CLASS}-{'done' if done else 'open'}"]
        item["ids"].append(text_id(self.state.document, "action", text or "item"))
        self.state.document.ids[item["ids"][-1]] = item
        # state and due date are the paragraph's (action_text); the rest is kept here
        item["scscall_action"] = {"text": text, "owners": owners}

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
        block = self.content_container(
            DECISION_CLASS, *self.options.get("class", []), kind=decision_block
        )
        self.state.nested_parse(self.content, self.content_offset, block)
        text = decision_text(block)
        block["ids"].append(text_id(self.state.document, "decision", text or "decision"))
        self.state.document.ids[block["ids"][0]] = block
        return [block]


def decision_text(block: decision_block) -> str:
    """The decision as plain text (its label is no node of it)."""
    return " ".join(block.astext().split())


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


def make_model_action(item: nodes.list_item, data: dict, call_team) -> model.Action:
    team_key, team_name = owning_team(item, call_team)
    paragraph: action_text = item[0]
    return model.Action(
        text=data["text"],
        done=paragraph["done"],
        team_key=team_key,
        team_name=team_name,
        anchor=item["ids"][0],
        slide_anchor=slide_anchor(item),
        owners=tuple(data["owners"]),
        due=dt.date.fromisoformat(paragraph["due"]) if paragraph["due"] else None,
    )


def make_decision(block: decision_block, call_team) -> model.Decision:
    team_key, team_name = owning_team(block, call_team)
    return model.Decision(
        text=decision_text(block),
        team_key=team_key,
        team_name=team_name,
        anchor=block["ids"][0],
        slide_anchor=slide_anchor(block),
    )


def collect_actions(app: Sphinx, doctree: nodes.document, info: CallInfo) -> dict:
    """The call's part: its actions (each identity once per team) and its decisions."""
    call_team = settings(app.config).teams.team_for(CALL_TEAM)
    actions: list[model.Action] = []
    decisions: list[model.Decision] = []
    seen: set[tuple[str, str]] = set()
    # one walk for both: a deck's lists are most of its body
    for node in block_nodes(doctree, (nodes.list_item, decision_block)):
        if isinstance(node, decision_block):
            if node["ids"]:
                decisions.append(make_decision(node, call_team))
            continue
        data = node.get("scscall_action")
        if data is None:
            continue
        action = make_model_action(node, data, call_team)
        if action.identity in seen:
            logger.warning(
                f"actions: {data['text'][:60]!r} is listed twice in {action.team_name}'s "
                "report; the archive follows the first",
                location=node,
                type="scscall",
                subtype="actions",
            )
            continue
        seen.add(action.identity)
        actions.append(action)
    return {"actions": tuple(actions), "decisions": tuple(decisions)}


def add_actions_css(app: Sphinx, pagename: str, templatename: str, context: dict, doctree):
    """The checklist and decision styles, on the slide pages that have them (the archive
    has them on every page: :func:`add_archive_css`)."""
    if not is_slide_builder(app.builder) or doctree is None or not any(_styled_blocks(doctree)):
        return
    # the revealjs builder hands each page a copy of its stylesheets: add to that copy
    context["css_files"].append(f"_static/{ACTIONS_CSS}")


def _styled_blocks(doctree: nodes.document) -> Iterator[nodes.Element]:
    for block in block_nodes(doctree, STYLED_KINDS):
        if {ACTIONS_CLASS, DECISION_CLASS} & set(block["classes"]):
            yield block


#: what an ``actions`` or ``decision`` block is: a container, or an action list alone
STYLED_KINDS = (nodes.container, nodes.bullet_list, nodes.enumerated_list)


def add_archive_css(app: Sphinx) -> None:
    builder: Builder = app.builder
    if builder.format == "html" and not is_slide_builder(builder):
        app.add_css_file(ACTIONS_CSS)


def setup_actions(app: Sphinx) -> None:
    markup = (visit_action_markup, depart_action_markup)
    app.add_node(
        action_text,
        html=(visit_action_html, depart_action_html),
        text=(visit_action_plain, depart_action_plain),
        latex=markup,
        man=markup,
        texinfo=markup,
    )
    app.add_node(
        decision_block,
        html=(visit_decision_html, depart_decision),
        text=(visit_decision_plain, depart_decision),
        latex=(visit_decision_latex, depart_decision),
        man=(visit_decision_man, depart_decision),
        texinfo=(visit_decision_texinfo, depart_decision),
    )
    app.add_directive("actions", ActionsDirective)
    app.add_directive("decision", DecisionDirective)
    add_call_part(app, collect_actions)
    app.connect("builder-inited", add_archive_css)
    app.connect("html-page-context", add_actions_css)
