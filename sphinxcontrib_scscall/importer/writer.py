"""Emitting a :class:`~.model.Deck` as a MyST call deck.

The last line records a hash of everything above it, so a later import can
tell an untouched previous import (safe to rewrite) from a hand-edited deck.
"""

from __future__ import annotations

import hashlib
import re

from .myst import Block, Line, ListBlock, ListItem, Paragraph, fence_for, render_blocks
from .written_deck import (
    Deck,
    EventItem,
    ImportedSurveyCallout,
    ImportedTeamReport,
    ImportedUpcomingEvents,
    Item,
    Section,
)

MARKER_RE = re.compile(r"^% Imported by scscall import from .*; sha256:(?P<digest>[0-9a-f]{64})$")


def deck_text(deck: Deck, source_name: str) -> str:
    """The MyST text of *deck*, ending with the import marker."""
    front_matter = ["---", f"call-date: {deck.call_date.isoformat()}"]
    if deck.presenter:
        front_matter.append(f"call-presenter: {deck.presenter}")
    if deck.strikethrough:
        # ~~struck~~ text is a MyST extension: enabled for this deck only
        front_matter += ["myst:", "  enable_extensions: [colon_fence, strikethrough]"]
    front_matter.append("---")
    parts = ["\n".join(front_matter), f"# {_one_line(deck.title)}"]
    parts += [_body(deck.intro, deck.notes, deck.attributes)]
    parts += [_item(item) for item in deck.items]
    body = "\n\n".join(part for part in parts if part) + "\n"
    safe_name = re.sub(r"[\x00-\x1f;]", "_", source_name)
    return f"{body}\n% Imported by scscall import from {safe_name}; sha256:{_digest(body)}\n"


def is_untouched_import(text: str) -> bool:
    """Whether *text* is an importer's output that nobody has edited since."""
    body, _, last = text.rstrip("\n").rpartition("\n")
    match = MARKER_RE.match(last)
    return bool(match) and _digest(body.removesuffix("\n") + "\n") == match.group("digest")


def _digest(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _body(blocks: list[Block], notes: list[Block], attributes: dict[str, str] | None = None) -> str:
    parts = [_slide_attributes(attributes or {}), render_blocks(blocks), _speaker_notes(notes)]
    return "\n\n".join(part for part in parts if part)


def _speaker_notes(notes: list[Block]) -> str:
    """HedgeDoc's ``Note:`` as sphinx-revealjs speaker notes (shown in the speaker view only)."""
    body = render_blocks(notes)
    if not body:
        return ""
    fence = fence_for(body)
    return f"{fence}{{revealjs-notes}}\n{body}\n{fence}"


def _slide_attributes(attributes: dict[str, str]) -> str:
    """A ``.slide:`` comment's background and transition, as sphinx-revealjs section options."""
    if not attributes:
        return ""
    options = [f":{name}: {_yaml_string(value)}" for name, value in sorted(attributes.items())]
    return "\n".join([":::{revealjs-section}", *options, ":::"])


def _yaml_string(value: str) -> str:
    # directive options are read as YAML: quoted, a "#colour" is no comment
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _directive(name: str, argument: str, options: list[str], content: str) -> str:
    fence = fence_for(content)
    head = f"{fence}{{{name}}} {_one_line(argument)}".rstrip()
    lines = [head, *options]
    if content:
        lines += ["", content]
    return "\n".join([*lines, fence])


def _section(section: Section) -> str:
    heading = f"{'#' * section.level} {_one_line(section.title)}"
    body = _body(section.blocks, section.notes, section.attributes)
    return "\n\n".join(part for part in (heading, body) if part)


def _item(item: Item) -> str:
    match item:
        case Section():
            return _section(item)
        case ImportedTeamReport():
            return _team_report(item)
        case ImportedUpcomingEvents():
            return _upcoming_events(item)
        case ImportedSurveyCallout():
            return _survey_callout(item)
    raise TypeError(f"not a deck item: {item!r}")


def _team_report(report: ImportedTeamReport) -> str:
    options = []
    if report.reporters:
        options.append(f":reporter: {', '.join(report.reporters)}")
    if report.minutes:
        options.append(f":minutes: {report.minutes}")
    content = "\n\n".join(
        part
        for part in (
            _body(report.intro, report.notes, report.attributes),
            *map(_section, report.topics),
        )
        if part
    )
    return _directive("team-report", report.team, options, content)


def _upcoming_events(events: ImportedUpcomingEvents) -> str:
    options = [":include-past:"] if events.include_past else []
    if events.per_slide:
        options.append(f":per-slide: {events.per_slide}")
    if events.undated:
        options.append(":keep-undated:")
    items = ListBlock([*map(_event_list_item, events.items), *events.undated])
    blocks = [*events.before, items, *events.after]
    # the notes before the sub-sections, which would take them in
    parts = [render_blocks(blocks), _speaker_notes(events.notes), *map(_section, events.slides)]
    content = "\n\n".join(filter(None, parts))
    return _directive("upcoming-events", events.heading, options, content)


def _event_list_item(event: EventItem) -> ListItem:
    text = f"{event.dates} {event.title}"
    return ListItem(Paragraph([Line(text, text)]), event.rest)


def _survey_callout(survey: ImportedSurveyCallout) -> str:
    options = [f":title: {_one_line(survey.title)}"] if survey.title else []
    if survey.duration:
        options.append(f":duration: {survey.duration}")
    if survey.anonymous:
        options.append(":anonymous:")
    return _directive("survey-callout", survey.url, options, render_blocks(survey.blocks))
