"""The YAML events file (``scscall_events_file`` or ``:source:``): loaded once per build.

Entries are mappings with ``date`` and ``title`` and optional ``url``,
``location`` and ``speakers``. Every problem is reported once, at the line of
the file it concerns, and the entry is skipped or the bad field dropped.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import yaml

from .dates import DateError, DateRange, parse_event_date
from .shared import WEB_SCHEMES, is_safe_url, logger, normalize_handle, split_handles


@dataclass(frozen=True)
class FileEvent:
    dates: DateRange
    title: str
    url: str | None
    location: str | None
    speakers: tuple[str, ...]
    line: int


# Keyed by (path, mtime, size) and emptied when a build starts: each process of a
# build parses a file once, and every build reports its problems again.
_cache: dict[tuple[str, int, int], tuple[FileEvent, ...]] = {}


def forget_loaded_files(app=None) -> None:
    _cache.clear()


def load_events_file(path: str) -> tuple[FileEvent, ...] | None:
    """The file's valid events, or None when there is no such file."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    key = (path, stat.st_mtime_ns, stat.st_size)
    if key not in _cache:
        _cache[key] = _parse(path)
    return _cache[key]


def _warn(path: str, line: int | None, message: str) -> None:
    logger.warning(f"events file: {message}", location=f"{path}:{line or 1}", type="scscall")


def _parse(path: str) -> tuple[FileEvent, ...]:
    try:
        with open(path, encoding="utf-8") as stream:
            entries = _entries_with_lines(stream.read())
    except UnicodeDecodeError:
        _warn(path, None, "not UTF-8 text")
        return ()
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        _warn(
            path, mark.line + 1 if mark else None, f"not valid YAML: {getattr(err, 'problem', err)}"
        )
        return ()
    except OSError as err:
        _warn(path, None, f"cannot be read: {err.strerror}")
        return ()
    if entries is None:
        _warn(path, None, "must be a list of events (mappings with 'date' and 'title')")
        return ()
    events = []
    for index, (line, entry) in enumerate(entries, start=1):
        event = _entry(path, index, line, entry)
        if event is not None:
            events.append(event)
    return tuple(events)


def _entries_with_lines(text: str) -> list[tuple[int, object]] | None:
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


def _entry(path: str, index: int, line: int, entry) -> FileEvent | None:
    if not isinstance(entry, dict):
        _warn(path, line, f"entry {index} is not a mapping with 'date' and 'title'")
        return None
    unknown = sorted(set(entry) - {"date", "title", "url", "location", "speakers"}, key=str)
    if unknown:
        _warn(path, line, f"entry {index}: unknown field(s) {', '.join(map(str, unknown))}")
    title = entry.get("title")
    if not isinstance(title, str) or not title.strip():
        _warn(path, line, f"entry {index} has no 'title'")
        return None
    try:
        dates = parse_event_date(str(entry.get("date", "")))
    except DateError as err:
        _warn(path, line, f"entry {index} ({title.strip()!r}): {err}")
        return None
    url = entry.get("url")
    if url is not None and not (isinstance(url, str) and is_safe_url(url.strip(), WEB_SCHEMES)):
        _warn(path, line, f"entry {index}: 'url' must be an http or https URL, got {url!r}")
        url = None
    location = entry.get("location")
    if location is not None and not isinstance(location, str):
        _warn(path, line, f"entry {index}: 'location' must be text")
        location = None
    return FileEvent(
        dates=dates,
        title=title.strip(),
        url=url.strip() if url else None,
        location=location.strip() if location else None,
        speakers=_speakers(path, line, index, entry.get("speakers")),
        line=line,
    )


def _speakers(path: str, line: int, index: int, raw) -> tuple[str, ...]:
    if raw is None:
        return ()
    candidates = split_handles(raw) if isinstance(raw, str) else raw
    if not isinstance(candidates, list):
        _warn(path, line, f"entry {index}: 'speakers' must be a list of GitHub handles")
        return ()
    speakers = []
    for candidate in candidates:
        handle = normalize_handle(str(candidate).strip())
        if handle is None:
            _warn(path, line, f"entry {index}: speaker {candidate!r} is not a valid GitHub handle")
        else:
            speakers.append(handle)
    return tuple(speakers)
