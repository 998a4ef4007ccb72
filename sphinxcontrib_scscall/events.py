"""Events: the one model of an event, its identity rule, and the one loader of events files.

An event is written in a deck's ``upcoming-events`` list, in an events file
(``scscall_events_file`` or ``:source:``), or carried into a new deck by
``scscall new``; whichever it is, it becomes one :class:`Event`. Two events are
the same event when they start on the same day and their titles are equal
after folding case, spacing, punctuation and dash characters
(:attr:`Event.identity`): ``SCS Connect - X`` and ``SCS Connect – X`` are one.

:func:`load_events_file` reads a file once per build and process, and reports
each problem once, at the file's line. It reads both forms: a list of
``date``/``title`` entries, and the community's yaml2ics calendar files
(:mod:`.calendars`), whose repeating events resolve to their next occurrence
for each call (:meth:`Event.occurrence`).
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import os
import unicodedata
import zoneinfo
from collections.abc import Iterable
from dataclasses import dataclass, replace

import yaml

from .calendars import CalendarReader, Repeat, is_calendar, node_text
from .dates import DateError, DateRange, parse_event_date
from .shared import WEB_SCHEMES, is_safe_url, logger, normalize_handle, split_handles


@dataclass(frozen=True)
class Event:
    """One event, wherever it was written (``source`` and ``line`` say where)."""

    start: dt.date
    end: dt.date
    title: str
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    timezone: str | None = None
    url: str | None = None
    location: str | None = None
    speakers: tuple[str, ...] = ()
    description: str | None = None
    #: how it repeats ("every 2 weeks"), None for a one-time event
    recurrence: str | None = None
    #: the rule of a repeating calendar event; ``start`` is then one of its occurrences
    repeat: Repeat | None = None
    source: str = ""
    line: int = 0

    @property
    def dates(self) -> DateRange:
        return DateRange(self.start, self.end)

    @property
    def identity(self) -> tuple[dt.date, str]:
        """What makes two mentions the same event: start day and normalised title."""
        return (self.start, normalized_title(self.title))

    @property
    def sort_key(self) -> tuple:
        return (self.start, self.start_time or dt.time.min, self.end, self.title)

    def when(self) -> str:
        """'3 February 2031', or with its time '3 February 2031, 14:05–15:35 CET'."""
        if self.start_time is None:
            return self.dates.human()
        return f"{self.dates.human()}, {self.time_text()}"

    def time_text(self) -> str:
        """'14:05–15:35 CET' (empty for a whole-day event)."""
        if self.start_time is None:
            return ""
        times = f"{self.start_time:%H:%M}"
        if self.end_time is not None and (self.end_time, self.end) != (self.start_time, self.start):
            times += f"–{self.end_time:%H:%M}"
        zone = self.zone()
        name = dt.datetime.combine(self.start, self.start_time, zone).tzname() if zone else None
        return f"{times} {name}" if name else times

    def zone(self) -> dt.tzinfo | None:
        if not self.timezone:
            return None
        return dt.UTC if self.timezone == "UTC" else zoneinfo.ZoneInfo(self.timezone)

    def occurrence(self, day: dt.date | None) -> Event:
        """A repeating event at its next occurrence on or after *day* (else its last one).

        A one-time event, or any event when there is no *day*, is returned as it is.
        """
        if self.repeat is None or day is None:
            return self
        moment = self.repeat.next_on_or_after(day) or self.repeat.last_before(day)
        return self.moved_to(moment.date()) if moment else self

    def series(self) -> Event:
        """A repeating event at its first occurrence (what a calendar lists with its rule)."""
        if self.repeat is None:
            return self
        first = self.repeat.first
        return self.moved_to(first.date() if isinstance(first, dt.datetime) else first)

    def moved_to(self, start: dt.date) -> Event:
        return replace(self, start=start, end=start + (self.end - self.start))


# the same titles come back in every deck that lists a calendar's events
@functools.lru_cache(maxsize=2**16)
def normalized_title(title: str) -> str:
    """Case, spacing, punctuation and dashes folded: what an identical title means."""
    folded = unicodedata.normalize("NFKC", title).casefold()
    # every Unicode punctuation mark (dashes included) separates words like a space
    words = "".join(" " if unicodedata.category(char).startswith("P") else char for char in folded)
    return " ".join(words.split())


#: what a later mention of an event adds when the first one left it out
DETAILS = ("start_time", "url", "location", "description", "repeat")
#: a time comes with its end and timezone, never mixed with another mention's
TIME_DETAILS = ("end_time", "timezone")


def unique_events(events: Iterable[Event]) -> list[Event]:
    """*events* without repeated mentions, sorted by start.

    The first mention is kept, with the details (time, place, link, description)
    it leaves out taken from the later ones: a deck's list item and the same
    event in a calendar show once, with the calendar's time and place.
    """
    first: dict[tuple, Event] = {}
    for event in events:
        kept = first.setdefault(event.identity, event)
        missing = {
            name: getattr(event, name)
            for name in DETAILS
            if getattr(kept, name) is None and getattr(event, name) is not None
        }
        if "start_time" in missing:
            missing.update({name: getattr(event, name) for name in TIME_DETAILS})
        if missing:
            first[event.identity] = replace(kept, **missing)
    return sorted(first.values(), key=lambda event: event.sort_key)


def is_upcoming(event: Event, call_date: dt.date | None, horizon: int, past: bool) -> bool:
    """Not ended before the call (unless *past*), starting within *horizon* days (-1: any)."""
    if call_date is None:
        return True
    if not past and event.end < call_date:
        return False
    return event.start <= horizon_end(call_date, horizon)


def horizon_end(call_date: dt.date, horizon: int) -> dt.date:
    """The last day an event may start on to be listed *horizon* days ahead (-1: any)."""
    if horizon < 0 or horizon >= (dt.date.max - call_date).days:
        return dt.date.max
    return call_date + dt.timedelta(days=horizon)


class FileEvents(tuple[Event, ...]):
    """The usable events of one file, in the file's order.

    Every deck that lists a calendar asks which of its events are upcoming at the
    call's date. A calendar of some years holds a thousand events and a deck shows a
    few dozen, so one-time events are looked up by their start rather than one by one.
    """

    @functools.cached_property
    def _one_time_by_start(self) -> tuple[list[dt.date], list[int], dt.timedelta]:
        """The starts of the one-time events in order, their positions, the longest's length."""
        ordered = sorted(
            (event.start, position) for position, event in enumerate(self) if event.repeat is None
        )
        longest = max((self[at].end - start for start, at in ordered), default=dt.timedelta())
        return [start for start, _ in ordered], [at for _, at in ordered], longest

    @functools.cached_property
    def _repeating(self) -> list[tuple[int, dt.date, dt.date]]:
        """Each repeating event's position and the first and last day it can be shown at."""
        spans = []
        for position, event in enumerate(self):
            if event.repeat is not None:
                # without an occurrence left (all excepted) an event is shown as written
                first, last = event.repeat.span()
                first, last = min(first, event.start), max(last, event.start)
                spans.append((position, first, last + (event.end - event.start)))
        return spans

    def upcoming(self, call_date: dt.date | None, horizon: int, past: bool) -> list[Event]:
        """The events :func:`is_upcoming` keeps, at their occurrence for *call_date*, in order."""
        if call_date is None:
            return list(self)
        starts, positions, longest = self._one_time_by_start
        # a one-time event not over by the call's date started at most `longest` before it
        near_the_first_day = call_date - dt.date.min <= longest
        first = 0 if past or near_the_first_day else bisect.bisect_left(starts, call_date - longest)
        latest = horizon_end(call_date, horizon)
        last = bisect.bisect_right(starts, latest)
        repeating = (
            position
            for position, first_start, last_end in self._repeating
            if (past or last_end >= call_date) and first_start <= latest
        )
        return [
            occurrence
            for position in sorted([*positions[first:last], *repeating])
            if is_upcoming(
                occurrence := self[position].occurrence(call_date), call_date, horizon, past
            )
        ]


# Keyed by (path, mtime, size) and emptied when a build starts: each process of a
# build parses a file once, and every build reports its problems again.
_loaded: dict[tuple[str, int, int], FileEvents] = {}


def forget_loaded_files(app=None) -> None:
    _loaded.clear()


#: larger files are not read: a real calendar is a few hundred kilobytes
MAX_FILE_BYTES = 5 * 2**20
#: YAML nodes once aliases are expanded: a file of anchors referring to anchors
#: ("billion laughs") is refused before anything walks its values
MAX_EXPANDED_NODES = 200_000


def load_events_file(path: str | os.PathLike) -> FileEvents | None:
    """The file's usable events (each problem warned at its line), None when there is no file."""
    path = os.fspath(path)
    try:
        stat = os.stat(path)
    except OSError:
        return None
    key = (path, stat.st_mtime_ns, stat.st_size)
    if key not in _loaded:
        _loaded[key] = FileEvents(EventsFileReader(path).read())
    return _loaded[key]


ENTRY_FIELDS = frozenset({"date", "title", "url", "location", "speakers", "description"})


class EventsFileReader:
    """Reads one events file: a YAML list of events (or a mapping with an ``events`` list of
    them), or a yaml2ics calendar file."""

    def __init__(self, path: str):
        self.path = path

    def warn(self, line: int | None, message: str) -> None:
        logger.warning(
            f"events file: {message}", location=f"{self.path}:{line or 1}", type="scscall"
        )

    def read(self) -> tuple[Event, ...]:
        try:
            size = os.stat(self.path).st_size
            if size > MAX_FILE_BYTES:
                limit = MAX_FILE_BYTES // 2**20
                self.warn(None, f"is {size / 2**20:.0f} MB; files over {limit} MB are not read")
                return ()
            with open(self.path, encoding="utf-8") as stream:
                text = stream.read()
        except UnicodeDecodeError:
            self.warn(None, "not UTF-8 text")
            return ()
        except OSError as err:
            self.warn(None, f"cannot be read: {err.strerror}")
            return ()
        loader = YAML_LOADER(text)
        try:
            return self.events_of(loader, may_have_aliases="&" in text)
        except yaml.YAMLError as err:
            mark = getattr(err, "problem_mark", None)
            problem = getattr(err, "problem", err)
            self.warn(mark.line + 1 if mark else None, f"not valid YAML: {problem}")
            return ()
        except RecursionError:
            self.warn(None, "nested too deeply to be read")
            return ()
        finally:
            loader.dispose()

    def events_of(self, loader: yaml.SafeLoader, may_have_aliases: bool) -> tuple[Event, ...]:
        root = loader.get_single_node()
        if root is None:
            return ()
        # only anchors (&name) can be referred to by aliases
        if may_have_aliases and expanded_size(root) > MAX_EXPANDED_NODES:
            self.warn(None, "too many values once its YAML aliases are expanded; not read")
            return ()

        def construct(node: yaml.Node):
            return loader.construct_object(node, deep=True)

        if is_calendar(root):
            fields = CalendarReader(self.warn, construct).read(root)
            return tuple(Event(**entry, source=self.path) for entry in fields)
        entries = entry_nodes(root)
        if entries is None:
            self.warn(
                None,
                "must be a list of events (mappings with 'date' and 'title') "
                "or a yaml2ics calendar (a mapping with 'events')",
            )
            return ()
        events = []
        for index, node in enumerate(entries, 1):
            line = node.start_mark.line + 1
            try:
                entry = construct(node)
            except (ValueError, TypeError, yaml.YAMLError) as err:
                # e.g. an unquoted impossible date, which YAML reads as a timestamp
                self.warn(line, f"entry {index}: {node_text(node)} cannot be read: {err}")
                continue
            events.append(self.entry(index, line, entry))
        return tuple(event for event in events if event is not None)

    def entry(self, index: int, line: int, entry) -> Event | None:
        if not isinstance(entry, dict):
            self.warn(line, f"entry {index} is not a mapping with 'date' and 'title'")
            return None
        unknown = sorted(set(entry) - ENTRY_FIELDS, key=str)
        if unknown:
            self.warn(line, f"entry {index}: unknown field(s) {', '.join(map(str, unknown))}")
        title = entry.get("title")
        if not isinstance(title, str) or not title.strip():
            self.warn(line, f"entry {index} has no 'title'")
            return None
        try:
            dates = parse_event_date(str(entry.get("date", "")))
        except DateError as err:
            self.warn(line, f"entry {index} ({title.strip()!r}): {err}")
            return None
        return Event(
            start=dates.start,
            end=dates.end,
            title=title.strip(),
            url=self.url(index, line, entry.get("url")),
            location=self.text(index, line, "location", entry.get("location")),
            description=self.text(index, line, "description", entry.get("description")),
            speakers=self.speakers(index, line, entry.get("speakers")),
            source=self.path,
            line=line,
        )

    def url(self, index: int, line: int, url) -> str | None:
        if url is None:
            return None
        if isinstance(url, str) and is_safe_url(url.strip(), WEB_SCHEMES):
            return url.strip()
        shown = repr(url[:60]) if isinstance(url, str) else type(url).__name__
        self.warn(line, f"entry {index}: 'url' must be an http or https URL, got {shown}")
        return None

    def text(self, index: int, line: int, name: str, value) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str):
            self.warn(line, f"entry {index}: {name!r} must be text")
            return None
        return value.strip() or None

    def speakers(self, index: int, line: int, raw) -> tuple[str, ...]:
        if raw is None:
            return ()
        candidates = split_handles(raw) if isinstance(raw, str) else raw
        if not isinstance(candidates, list):
            self.warn(line, f"entry {index}: 'speakers' must be a list of GitHub handles")
            return ()
        speakers = []
        for candidate in candidates:
            handle = normalize_handle(str(candidate).strip())
            if handle is None:
                self.warn(
                    line, f"entry {index}: speaker {candidate!r} is not a valid GitHub handle"
                )
            else:
                speakers.append(handle)
        return tuple(speakers)


# libyaml's parser when PyYAML has it: several times faster on a long calendar
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def entry_nodes(root: yaml.Node) -> list[yaml.Node] | None:
    """The entry nodes of a top-level list (or an ``events:`` list); None for anything else.

    Entries are constructed one by one, so each problem is warned at its entry's line.
    """
    if isinstance(root, yaml.MappingNode):
        root = next((value for key, value in root.value if key.value == "events"), root)
    if not isinstance(root, yaml.SequenceNode):
        return None
    return list(root.value)


def expanded_size(root: yaml.Node) -> int:
    """How many nodes *root* has once every alias is expanded (each shared node counted once
    per use), computed without expanding anything; a recursive alias counts as too many."""
    sizes: dict[int, int] = {}
    pending: list[tuple[yaml.Node, bool]] = [(root, False)]
    visiting: set[int] = set()
    while pending:
        node, children_done = pending.pop()
        if id(node) in sizes:
            continue
        children = _children(node)
        if children_done:
            visiting.discard(id(node))
            sizes[id(node)] = min(1 + sum(sizes[id(child)] for child in children), 2**62)
            continue
        if id(node) in visiting:
            return 2**62  # a node containing itself
        visiting.add(id(node))
        pending.append((node, True))
        pending.extend((child, False) for child in children if id(child) not in sizes)
    return sizes[id(root)]


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return node.value
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []
