"""``upcoming-events``: the call's dated event list, merged from the deck and the events file.

The directive parses both sources into ``event_item`` nodes. Which events are
still upcoming depends on the call's date, known only once the whole deck
(including its metadata) is read, so :func:`resolve_event_blocks` filters and
sorts them at ``doctree-read``. On slides, :class:`PaginateEvents` continues a
long list on further slides ("Upcoming events (2/3)"); HTML keeps one list.
"""

from __future__ import annotations

import datetime as dt

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx_revealjs._ext.notes import revealjs_notes

from . import model
from .dates import DateError, DateRange, split_event_date
from .events_file import forget_loaded_files, load_events_file
from .shared import (
    OptionSpec,
    ScsCallDirective,
    flag_option,
    handle_references,
    neutralize_raw_html,
    slide_section,
)

DEFAULT_HEADING = "Upcoming events"
DEFAULT_PER_SLIDE = 8
SLIDE_BUILDERS = ("revealjs", "dirrevealjs")


class event_item(nodes.General, nodes.Element):
    """One event before filtering: ``start``/``end`` ISO dates, title nodes as children."""


class UpcomingEventsDirective(ScsCallDirective):
    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec = OptionSpec(
        {
            "source": directives.unchanged,
            "horizon": directives.unchanged,
            "include-past": flag_option,
            "per-slide": directives.unchanged,
            "class": directives.class_option,
        }
    )

    def run(self) -> list[nodes.Node]:
        heading = self.arguments[0] if self.arguments else DEFAULT_HEADING
        section = slide_section(self, heading, "upcoming-events")
        section["classes"].extend(self.options.get("class", []))
        # a century: far enough for any plan, near enough to stay inside the calendar
        section["scscall_horizon"] = self.int_option("horizon", default=-1, maximum=36_500)
        section["scscall_include_past"] = bool(self.options.get("include-past"))
        section["scscall_per_slide"] = self.int_option(
            "per-slide", default=DEFAULT_PER_SLIDE, minimum=1
        )
        section["scscall_heading"] = heading
        section.extend(self._inline_items())
        section.extend(self._file_items())
        return [section]

    def _inline_items(self) -> list[event_item]:
        if not self.content:
            return []
        parsed = nodes.container()
        self.state.nested_parse(self.content, self.content_offset, parsed)
        items = []
        for child in parsed.children:
            if isinstance(child, nodes.bullet_list | nodes.enumerated_list):
                items.extend(filter(None, map(self._inline_item, child.children)))
            elif isinstance(child, nodes.system_message | revealjs_notes):
                # speaker notes stay with the slide (the first one when paginated)
                items.append(child)
            else:
                self.warn(
                    "upcoming-events: only a list of dated events is allowed here; "
                    f"ignoring {child.tagname!r}",
                    line=child.line,
                )
        return items

    def _inline_item(self, item: nodes.list_item) -> event_item | None:
        line = _line_of(item) or self.lineno
        first = item.children[0] if item.children else None
        text = first.children[0] if isinstance(first, nodes.paragraph) and first.children else None
        if not isinstance(text, nodes.Text):
            self.warn("upcoming-events: item does not start with a date", line=line)
            return None
        try:
            dates, rest = split_event_date(str(text))
        except DateError as err:
            self.warn(f"upcoming-events: {err}", line=line)
            return None
        first.replace(text, nodes.Text(rest))
        if neutralize_raw_html(item):
            self.warn("upcoming-events: HTML in an event is shown as text", line=line)
        title = first.astext().strip()
        # the title's inline nodes, then any nested blocks (sub-lists) of the item
        return _event_node(dates, line, title, *first.children, *item.children[1:])

    def _file_items(self) -> list[event_item]:
        source = self.options.get("source")
        if source is None and self.config.scscall_events_file:
            # the configured file is relative to the source dir, as in conf.py
            source = "/" + self.config.scscall_events_file.lstrip("/")
        if not source:
            return []
        _relative, path = self.env.relfn2path(source, self.env.docname)
        self.env.note_dependency(path)
        events = load_events_file(path)
        if events is None:
            self.warn(f"upcoming-events: events file {source!r} cannot be read")
            return []
        return [_file_event_node(event) for event in events]


def _line_of(item: nodes.Element) -> int | None:
    for node in item.findall(include_self=True):
        if getattr(node, "line", None):
            return node.line
    return None


def _event_node(dates: DateRange, line: int, title: str, *children, **details) -> event_item:
    return event_item(
        "",
        *children,
        start=dates.start.isoformat(),
        end=dates.end.isoformat(),
        title=title,
        line=line,
        **details,
    )


def _file_event_node(event) -> event_item:
    children: list[nodes.Node] = [
        nodes.reference("", event.title, refuri=event.url, internal=False)
        if event.url
        else nodes.Text(event.title)
    ]
    if event.location:
        children.append(nodes.Text(f", {event.location}"))
    if event.speakers:
        children += [nodes.Text(" ("), *handle_references(event.speakers), nodes.Text(")")]
    return _event_node(
        event.dates,
        event.line,
        event.title,
        *children,
        url=event.url,
        location=event.location,
        speakers=list(event.speakers),
    )


def _record(node: event_item) -> model.Event:
    return model.Event(
        start=dt.date.fromisoformat(node["start"]),
        end=dt.date.fromisoformat(node["end"]),
        title=node["title"],
        url=node.get("url"),
        location=node.get("location"),
        speakers=tuple(node.get("speakers") or ()),
    )


def is_upcoming(event: model.Event, call_date: dt.date | None, horizon: int, past: bool) -> bool:
    if call_date is None:
        return True
    if not past and event.end < call_date:
        return False
    return horizon < 0 or event.start <= call_date + dt.timedelta(days=horizon)


def resolve_event_blocks(
    app: Sphinx, doctree: nodes.document, call_date: dt.date | None
) -> list[model.Event]:
    """Filter and sort every events block of the page; return the events shown."""
    shown: list[model.Event] = []
    for section in list(doctree.findall(nodes.section)):
        if section.get("scscall_slide") != "upcoming-events":
            continue
        entries = []
        for node in section.children[1:]:
            if not isinstance(node, event_item):
                continue
            section.remove(node)
            event = _record(node)
            keep = is_upcoming(
                event,
                call_date,
                section["scscall_horizon"],
                section["scscall_include_past"],
            )
            if keep:
                entries.append((event.start, event.end, event.title, node, event))
        entries.sort(key=lambda entry: entry[:3])
        section += _event_list([(node, event) for *_key, node, event in entries])
        shown.extend(event for *_key, _node, event in entries)
    return shown


def _event_list(entries) -> nodes.bullet_list:
    event_list = nodes.bullet_list(classes=["scscall-event-list"])
    for node, event in entries:
        item = nodes.list_item(classes=["scscall-event"])
        para = nodes.paragraph()
        dates = DateRange(event.start, event.end)
        para += nodes.inline("", dates.human(), classes=["scscall-event-date"])
        para += nodes.Text(" ")
        inline = [child for child in node.children if _is_inline(child)]
        para += nodes.inline("", "", *inline, classes=["scscall-event-title"])
        item += para
        item.extend(child for child in node.children if not _is_inline(child))
        event_list += item
    if not entries:
        event_list["classes"].append("scscall-empty")
    return event_list


def _is_inline(node: nodes.Node) -> bool:
    return isinstance(node, nodes.Text | nodes.Inline)


class PaginateEvents(SphinxPostTransform):
    """On slides, split an events list longer than ``:per-slide:`` over several slides."""

    default_priority = 200
    builders = SLIDE_BUILDERS

    def run(self, **kwargs) -> None:
        for section in list(self.document.findall(nodes.section)):
            if section.get("scscall_slide") != "upcoming-events":
                continue
            event_list = next(iter(section.findall(nodes.bullet_list)), None)
            per_slide = section["scscall_per_slide"]
            if event_list is None or len(event_list) <= per_slide:
                continue
            pages = [
                event_list.children[i : i + per_slide] for i in range(0, len(event_list), per_slide)
            ]
            slides = []
            for number, page in enumerate(pages, start=1):
                slide = section if number == 1 else section.copy()
                if number > 1:
                    slide["ids"] = [f"{section['ids'][0]}-{number}"] if section["ids"] else []
                    slide["names"] = []
                heading = f"{section['scscall_heading']} ({number}/{len(pages)})"
                title = nodes.title(heading, heading)
                listing = event_list.copy()
                listing.extend(page)
                if number == 1:
                    section[0].replace_self(title)
                    event_list.replace_self(listing)
                else:
                    slide += title
                    slide += listing
                    slides.append(slide)
            parent = section.parent
            position = parent.index(section) + 1
            parent[position:position] = slides


def setup_upcoming_events(app: Sphinx) -> None:
    # each build reports the events file's problems again (sphinx-autobuild, tests)
    app.connect("builder-inited", forget_loaded_files)
    app.add_node(event_item)
    app.add_directive("upcoming-events", UpcomingEventsDirective)
    app.add_post_transform(PaginateEvents)
