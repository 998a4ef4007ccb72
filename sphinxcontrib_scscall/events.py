"""Events: the one model of an event, its identity rule, and the one loader of events files.

An event is written in a deck's ``upcoming-events`` list, in an events file
(``scscall_events_file`` or ``:source:``), or carried into a new deck by
``scscall new``; whichever it is, it becomes one :class:`Event`. Two events are
the same event when they start on the same day and their titles are equal
after folding case, spacing, punctuation and dash characters
(:attr:`Event.identity`): ``SCS Connect - X`` and ``SCS Connect – X`` are one.

:func:`load_events_file` reads a file once per build and process, and reports
each problem once, at the file's line.
"""

from __future__ import annotations

import datetime as dt
import os
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import yaml

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


def normalized_title(title: str) -> str:
    """Case, spacing, punctuation and dashes folded: what an identical title means."""
    folded = unicodedata.normalize("NFKC", title).casefold()
    # every Unicode punctuation mark (dashes included) separates words like a space
    words = "".join(" " if unicodedata.category(char).startswith("P") else char for char in folded)
    return " ".join(words.split())


def unique_events(events: Iterable[Event]) -> list[Event]:
    """*events* without repeated mentions (the first one is kept), sorted by start."""
    first: dict[tuple, Event] = {}
    for event in events:
        first.setdefault(event.identity, event)
    return sorted(first.values(), key=lambda event: event.sort_key)


def is_upcoming(event: Event, call_date: dt.date | None, horizon: int, past: bool) -> bool:
    """Not ended before the call (unless *past*), starting within *horizon* days (-1: any)."""
    if call_date is None:
        return True
    if not past and event.end < call_date:
        return False
    return horizon < 0 or event.start <= call_date + dt.timedelta(days=horizon)


# Keyed by (path, mtime, size) and emptied when a build starts: each process of a
# build parses a file once, and every build reports its problems again.
_loaded: dict[tuple[str, int, int], tuple[Event, ...]] = {}


def forget_loaded_files(app=None) -> None:
    _loaded.clear()


def load_events_file(path: str | os.PathLike) -> tuple[Event, ...] | None:
    """The file's usable events (each problem warned at its line), None when there is no file."""
    path = os.fspath(path)
    try:
        stat = os.stat(path)
    except OSError:
        return None
    key = (path, stat.st_mtime_ns, stat.st_size)
    if key not in _loaded:
        _loaded[key] = EventsFileReader(path).read()
    return _loaded[key]


ENTRY_FIELDS = frozenset({"date", "title", "url", "location", "speakers", "description"})


class EventsFileReader:
    """Reads one events file: a YAML list of events, or a mapping with an ``events`` list."""

    def __init__(self, path: str):
        self.path = path

    def warn(self, line: int | None, message: str) -> None:
        logger.warning(
            f"events file: {message}", location=f"{self.path}:{line or 1}", type="scscall"
        )

    def read(self) -> tuple[Event, ...]:
        try:
            with open(self.path, encoding="utf-8") as stream:
                entries = entries_with_lines(stream.read())
        except UnicodeDecodeError:
            self.warn(None, "not UTF-8 text")
            return ()
        except yaml.YAMLError as err:
            mark = getattr(err, "problem_mark", None)
            problem = getattr(err, "problem", err)
            self.warn(mark.line + 1 if mark else None, f"not valid YAML: {problem}")
            return ()
        except OSError as err:
            self.warn(None, f"cannot be read: {err.strerror}")
            return ()
        if entries is None:
            self.warn(None, "must be a list of events (mappings with 'date' and 'title')")
            return ()
        events = (self.entry(index, line, entry) for index, (line, entry) in enumerate(entries, 1))
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
        self.warn(line, f"entry {index}: 'url' must be an http or https URL, got {url!r}")
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


def entries_with_lines(text: str) -> list[tuple[int, object]] | None:
    """``[(line, entry), ...]`` of a top-level list (or an ``events:`` list); None otherwise.

    Composing the node tree first keeps each entry's line for the warnings.
    """
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return []
        if isinstance(root, yaml.MappingNode):
            root = next((value for key, value in root.value if key.value == "events"), root)
        if not isinstance(root, yaml.SequenceNode):
            return None
        return [
            (node.start_mark.line + 1, loader.construct_object(node, deep=True))
            for node in root.value
        ]
    finally:
        loader.dispose()
