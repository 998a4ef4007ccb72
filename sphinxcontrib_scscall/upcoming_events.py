"""``upcoming-events``: the call's dated event list, merged from the deck and the events file.

The directive turns both sources into :class:`~.events.Event` records on
``event_item`` nodes; whatever else the block holds (text beside the list,
list items without a date, headings that start its vertical slides) stays as
written. Which events are still upcoming depends on the call's
date, known once the deck's metadata is read, so :class:`ResolveEvents` filters,
puts each repeating calendar event at its next occurrence, de-duplicates (an
event in the list and in a file shows once) and sorts them. On slides,
:class:`PaginateEvents` continues a long list on further slides ("Upcoming
events (2/3)") and :class:`DropDescriptions` leaves out the calendar's event
descriptions, which the archive page shows.
"""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx_revealjs._ext.notes import revealjs_notes

from .builders import SLIDE_BUILDERS
from .call_deck import CallInfo, add_call_part, call_info
from .config import settings
from .dates import DateError, split_event_date
from .events import (
    Event,
    FileEvents,
    forget_loaded_files,
    is_upcoming,
    load_events_file,
    unique_events,
)
from .shared import (
    SAFE_SCHEMES,
    OptionSpec,
    ScsCallDirective,
    block_nodes,
    flag_option,
    handle_references,
    is_safe_url,
    neutralize_raw_html,
    slide_section,
)
from .team_report import parse_with_headings

DEFAULT_HEADING = "Upcoming events"
DEFAULT_PER_SLIDE = 8
EVENT_LIST_CLASS = "scscall-event-list"
#: list items of the block without a date, kept as written after the events
UNDATED_CLASS = "scscall-event-undated"


class event_item(nodes.General, nodes.Element):
    """One event before filtering: its :class:`~.events.Event` as ``event``, title nodes as children."""


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
            "keep-undated": flag_option,
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
        # a calendar may hold thousands of events: only those shown become nodes
        section["scscall_event_files"] = self._event_files()
        return [section]

    def _inline_items(self) -> list[nodes.Node]:
        """The block's content in order: each dated list item as an ``event_item``, the rest as
        written (text beside the list, items without a date, speaker notes, sub-sections)."""
        if not self.content:
            return []
        # headings start sub-sections (vertical slides), as a team report's topics do
        parsed = parse_with_headings(self, self.content_container())
        content: list[nodes.Node] = []
        for child in parsed.children:
            if not isinstance(child, nodes.bullet_list | nodes.enumerated_list):
                content.append(child)
                continue
            undated = child.copy()  # same list type and numbering, without the events
            undated["classes"].append(UNDATED_CLASS)
            for item in child.children:
                event = self._inline_item(item)
                if event is None:
                    undated += item
                else:
                    content.append(event)
            if undated.children:
                content.append(undated)
        return content

    def _inline_item(self, item: nodes.list_item) -> event_item | None:
        """The dated *item* as an event; None (and a warning unless undated items are expected)."""
        line = _line_of(item) or self.lineno
        first = item.children[0] if item.children else None
        text = first.children[0] if isinstance(first, nodes.paragraph) and first.children else None
        keep_undated = bool(self.options.get("keep-undated"))
        if not isinstance(text, nodes.Text):
            if not keep_undated:
                self.warn(
                    "upcoming-events: item does not start with a date; kept as written", line=line
                )
            return None
        try:
            dates, rest = split_event_date(str(text))
        except DateError as err:
            if not keep_undated:
                self.warn(f"upcoming-events: {err}; kept as written", line=line)
            return None
        first.replace(text, nodes.Text(rest))
        if neutralize_raw_html(item):
            self.warn("upcoming-events: HTML in an event is shown as text", line=line)
        title = first.astext().strip()
        event = Event(
            start=dates.start,
            end=dates.end,
            title=title,
            source=self.env.docname,
            line=line,
        )
        # the title's inline nodes, then any nested blocks (sub-lists) of the item
        return _event_node(event, *first.children, *item.children[1:])

    def _event_files(self) -> list[str]:
        """The paths of the block's events files (their events are read when resolving)."""
        source = self.options.get("source")
        # configured files are relative to the source dir, as in conf.py
        sources = (
            [source] if source else ["/" + name for name in settings(self.config).events_files]
        )
        paths = []
        for source in sources:
            _relative, path = self.env.relfn2path(source, self.env.docname)
            self.env.note_dependency(path)
            if load_events_file(path) is None:
                self.warn(f"upcoming-events: events file {source!r} cannot be read")
                continue
            paths.append(path)
        return paths


def _line_of(item: nodes.Element) -> int | None:
    for node in item.findall(include_self=True):
        if getattr(node, "line", None):
            return node.line
    return None


def _event_node(event: Event, *children: nodes.Node) -> event_item:
    return event_item("", *children, event=event)


def _file_event_node(event: Event) -> event_item:
    children: list[nodes.Node] = [
        nodes.reference("", event.title, refuri=event.url, internal=False)
        if event.url
        else nodes.Text(event.title)
    ]
    if event.location:
        children.append(nodes.Text(", "))
        children.append(
            nodes.reference("", event.location, refuri=event.location, internal=False)
            if is_safe_url(event.location, SAFE_SCHEMES)
            else nodes.Text(event.location)
        )
    if event.speakers:
        children += [nodes.Text(" ("), *handle_references(event.speakers), nodes.Text(")")]
    if event.description:
        paragraphs = [part.strip() for part in event.description.split("\n\n") if part.strip()]
        children.append(
            nodes.container(
                "",
                *(nodes.paragraph(text, text) for text in paragraphs),
                classes=["scscall-event-description"],
            )
        )
    return _event_node(event, *children)


class ResolveEvents(SphinxTransform):
    """Keep the events of each block that are upcoming at the call's date, each once, sorted.

    Which events are upcoming depends on the call's date, known from the deck's
    metadata (:class:`~.call_deck.CallDeckTransform` runs first).
    """

    # after CallDeckTransform (860), before the collectors (880)
    default_priority = 870

    def apply(self) -> None:
        info = call_info(self.document)
        call_date = info.date if info else None
        for section in list(block_nodes(self.document, nodes.section)):
            if section.get("scscall_slide") != "upcoming-events":
                continue
            items = [node for node in section.children[1:] if isinstance(node, event_item)]
            # the list stands where the author's list did; without one, after the block's
            # text and before its sub-sections
            position = next(
                (
                    index
                    for index, node in enumerate(section.children)
                    if isinstance(node, event_item | nodes.section)
                ),
                len(section),
            )
            for node in items:
                section.remove(node)
            # the deck's own mentions first: the first mention of an event is the one shown
            horizon, past = section["scscall_horizon"], section["scscall_include_past"]
            upcoming = [
                (occurrence, node)
                for node in items
                if is_upcoming(
                    occurrence := node["event"].occurrence(call_date), call_date, horizon, past
                )
            ] + [
                (occurrence, occurrence)
                for path in section["scscall_event_files"]
                for occurrence in (load_events_file(path) or FileEvents()).upcoming(
                    call_date, horizon, past
                )
            ]
            node_of = {}
            for occurrence, mention in upcoming:
                node_of.setdefault(occurrence.identity, mention)
            shown = unique_events(occurrence for occurrence, _mention in upcoming)
            event_list = _event_list(
                [
                    (_with_details(_node_for(node_of[event.identity]), event), event)
                    for event in shown
                ]
            )
            section.insert(position, event_list)
            section["scscall_events"] = shown


def _node_for(mention: event_item | Event) -> event_item:
    return _file_event_node(mention) if isinstance(mention, Event) else mention


def _with_details(node: event_item, event: Event) -> event_item:
    """*node* with the place, link and description that another mention of *event* gave."""
    written = node["event"]
    added = Event(
        start=event.start,
        end=event.end,
        title="",
        url=event.url if written.url is None else None,
        location=event.location if written.location is None else None,
        description=event.description if written.description is None else None,
    )
    extra = _file_event_node(added).children[1:]
    if added.url:
        link = nodes.reference("", added.url, refuri=added.url, internal=False)
        extra = [nodes.Text(" ("), link, nodes.Text(")"), *extra]
    node.extend(extra)
    return node


def collect_events(app: Sphinx, doctree: nodes.document, info: CallInfo) -> dict:
    """The call's part: every event its pages show, each once."""
    shown = [
        event
        for section in block_nodes(doctree, nodes.section)
        for event in section.get("scscall_events", ())
    ]
    return {"events": tuple(unique_events(shown))}


def _event_list(entries) -> nodes.bullet_list:
    event_list = nodes.bullet_list(classes=[EVENT_LIST_CLASS])
    for node, event in entries:
        item = nodes.list_item(classes=["scscall-event"])
        para = nodes.paragraph()
        para += nodes.inline("", event.dates.human(), classes=["scscall-event-date"])
        if event.start_time is not None:
            para += nodes.Text(", ")
            para += nodes.inline("", event.time_text(), classes=["scscall-event-time"])
        para += nodes.Text(" ")
        inline = [child for child in node.children if _is_inline(child)]
        para += nodes.inline("", "", *inline, classes=["scscall-event-title"])
        if event.repeat is not None:
            para += nodes.Text(" ")
            para += nodes.inline("", f"({event.repeat.every})", classes=["scscall-event-repeat"])
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
        for section in list(block_nodes(self.document, nodes.section)):
            if section.get("scscall_slide") != "upcoming-events":
                continue
            event_list = next(
                (
                    node
                    for node in section.children
                    if isinstance(node, nodes.bullet_list) and EVENT_LIST_CLASS in node["classes"]
                ),
                None,
            )
            per_slide = section["scscall_per_slide"]
            if event_list is None or len(event_list) <= per_slide:
                continue
            pages = [
                event_list.children[i : i + per_slide] for i in range(0, len(event_list), per_slide)
            ]
            # what the author wrote after the list follows it, on the last slide
            after = [
                node
                for node in section.children[section.index(event_list) + 1 :]
                if not isinstance(node, revealjs_notes | nodes.section)
            ]
            for node in after:
                section.remove(node)
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
            slides[-1].extend(after)
            parent = section.parent
            position = parent.index(section) + 1
            parent[position:position] = slides


class DropDescriptions(SphinxPostTransform):
    """Slides show an event's title, time, place and link; its description is for the page."""

    default_priority = 200
    builders = SLIDE_BUILDERS

    def run(self, **kwargs) -> None:
        for node in list(block_nodes(self.document, nodes.container)):
            if "scscall-event-description" in node["classes"]:
                node.parent.remove(node)


def setup_upcoming_events(app: Sphinx) -> None:
    # each build reports the events file's problems again (sphinx-autobuild, tests)
    app.connect("builder-inited", forget_loaded_files)
    app.add_node(event_item)
    app.add_directive("upcoming-events", UpcomingEventsDirective)
    app.add_transform(ResolveEvents)
    app.add_post_transform(PaginateEvents)
    app.add_post_transform(DropDescriptions)
    add_call_part(app, collect_events)
