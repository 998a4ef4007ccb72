"""Calendar files in the SCS community's yaml2ics form, read with the ``yaml2ics`` package.

A calendar file is a mapping with ``name``, an optional ``timezone`` and a list of
``events``, each with ``summary`` and ``begin`` (see the guide's calendar page).
:class:`CalendarReader` checks each entry at its YAML node (so every problem is
warned at the entry's line and the other entries are still used), lets
``yaml2ics`` turn what it can use into an event (timezone, end or duration,
the repeat rule it writes into ICS), and returns the fields of an
:class:`~.events.Event`. A repeating event keeps its rule as a :class:`Repeat`,
so every call finds its own next occurrence (``python-dateutil`` expands it).
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo
from collections.abc import Callable
from dataclasses import dataclass

import dateutil.rrule
import yaml

from .shared import SAFE_SCHEMES, is_safe_url

#: the keys of the file itself
CALENDAR_KEYS = frozenset({"name", "timezone", "events", "include"})
#: the keys of an event that this project reads
SHOWN_KEYS = frozenset(
    {"summary", "begin", "end", "duration", "timezone", "location", "url", "description", "repeat"}
)
#: the other keys yaml2ics passes on to ICS: accepted, not shown
SILENT_KEYS = frozenset(
    {
        "uid",
        "created",
        "last_modified",
        "dtstamp",
        "status",
        "alarms",
        "attach",
        "classification",
        "transparent",
        "organizer",
        "geo",
        "attendees",
        "categories",
        "ics",
    }
)
REPEAT_KEYS = frozenset({"interval", "until", "except_on", "also_on"})
INTERVAL_UNITS = {"days": "day", "weeks": "week", "months": "month", "years": "year"}
DURATION_UNITS = frozenset({"weeks", "days", "hours", "minutes", "seconds"})

Warn = Callable[[int, str], None]
Construct = Callable[[yaml.Node], object]
Moment = dt.date | dt.datetime


class EntryError(ValueError):
    """An entry (or one of its values) that cannot be used: warned at *line*."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class Repeat:
    """How an event repeats: the RRULE yaml2ics writes, from its first (local) start on."""

    rule: str
    first: Moment
    #: as written; the rule holds it as yaml2ics writes it
    until: Moment
    except_on: tuple[Moment, ...] = ()
    also_on: tuple[Moment, ...] = ()
    #: 'every 4 weeks'
    every: str = ""

    def next_on_or_after(self, day: dt.date) -> dt.datetime | None:
        """The first occurrence starting on or after *day* (local time), None when it ended."""
        return _occurrences(self).after(dt.datetime.combine(day, dt.time.min), inc=True)

    def last_before(self, day: dt.date) -> dt.datetime | None:
        return _occurrences(self).before(dt.datetime.combine(day, dt.time.min))

    def span(self) -> tuple[dt.date, dt.date]:
        """Days no occurrence starts before or after (a day's slack for 'until' in UTC)."""
        days = [_as_datetime(moment).date() for moment in (self.first, *self.also_on)]
        until = _as_datetime(self.until).date()
        last = max([*days, until if until == dt.date.max else until + dt.timedelta(days=1)])
        return min(days), last


def _as_datetime(moment: Moment, time: dt.time = dt.time.min) -> dt.datetime:
    if isinstance(moment, dt.datetime):
        return moment.replace(tzinfo=None)
    return dt.datetime.combine(moment, time)


@functools.cache
def _occurrences(repeat: Repeat) -> dateutil.rrule.rruleset:
    first = _as_datetime(repeat.first)
    # a date without a time names that day's occurrence
    occurrences = dateutil.rrule.rruleset(cache=True)
    occurrences.rrule(dateutil.rrule.rrulestr(repeat.rule, dtstart=first))
    for moment in repeat.also_on:
        occurrences.rdate(_as_datetime(moment, first.time()))
    for moment in repeat.except_on:
        occurrences.exdate(_as_datetime(moment, first.time()))
    return occurrences


def is_calendar(root: yaml.Node | None) -> bool:
    """Whether a composed YAML file is a yaml2ics calendar (not a list of ``date``/``title``)."""
    if not isinstance(root, yaml.MappingNode):
        return False
    keys = {key.value: value for key, value in root.value if isinstance(key, yaml.ScalarNode)}
    if keys.keys() & (CALENDAR_KEYS - {"events"}):
        return True
    events = keys.get("events")
    return isinstance(events, yaml.SequenceNode) and any(
        isinstance(entry, yaml.MappingNode)
        and any(getattr(key, "value", None) in ("summary", "begin") for key, _ in entry.value)
        for entry in events.value
    )


def line_of(node: yaml.Node) -> int:
    return node.start_mark.line + 1


class CalendarReader:
    """The events of one calendar file, as :class:`~.events.Event` fields."""

    def __init__(self, warn: Warn, construct: Construct):
        self.warn = warn
        self.construct = construct
        self.timezone: str | None = None

    def read(self, root: yaml.MappingNode) -> list[dict]:
        fields = self.mapping(root)
        for key, (key_node, _value) in fields.items():
            if key not in CALENDAR_KEYS:
                self.warn(line_of(key_node), f"unknown calendar key {key!r}")
        if "include" in fields:
            self.warn(
                line_of(fields["include"][0]),
                "'include' is not followed: list the included files in scscall_events_file",
            )
        if "timezone" in fields:
            try:
                self.timezone = self.timezone_value(fields["timezone"][1])
            except EntryError as err:
                self.warn(err.line, f"{err} (times are read as UTC)")
        events = fields.get("events", (None, None))[1]
        if events is None:
            self.warn(line_of(root), "a calendar file needs a list of 'events'")
            return []
        if not isinstance(events, yaml.SequenceNode):
            self.warn(line_of(events), "'events' must be a list of events")
            return []
        read = []
        for index, node in enumerate(events.value, 1):
            try:
                read.append(self.entry(node))
            except EntryError as err:
                # at the entry's first line, as people look for the entry; the value's own
                # line in the message
                where = f" (line {err.line})" if err.line != line_of(node) else ""
                self.warn(line_of(node), f"event {index}: {err}{where}; not used")
        return read

    def mapping(self, node: yaml.MappingNode) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        """``{key: (key node, value node)}``; keys that are not text are warned and left out."""
        fields = {}
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.tag == "tag:yaml.org,2002:str":
                fields[key.value] = (key, value)
            else:
                self.warn(line_of(key), "keys must be text; this one is ignored")
        return fields

    def value(self, node: yaml.Node, name: str, kinds: tuple[type, ...], wanted: str):
        try:
            value = self.construct(node)
        except (yaml.YAMLError, ValueError, TypeError, OverflowError) as err:
            raise EntryError(line_of(node), f"{name!r} {node_text(node)}: {err}") from None
        if not isinstance(value, kinds) or isinstance(value, bool):
            raise EntryError(line_of(node), f"{name!r} must be {wanted}, not {node_text(node)}")
        return value

    def moment(self, node: yaml.Node, name: str) -> Moment:
        return self.value(
            node, name, (dt.date,), "a date (YYYY-MM-DD) or date and time (YYYY-MM-DD HH:MM:SS)"
        )

    def timezone_value(self, node: yaml.Node) -> str:
        name = self.value(node, "timezone", (str,), "a timezone name such as Europe/Berlin")
        try:
            zoneinfo.ZoneInfo(name)  # the check yaml2ics makes
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise EntryError(line_of(node), f"unknown timezone {name!r}") from None
        return name

    def entry(self, node: yaml.Node) -> dict:
        if not isinstance(node, yaml.MappingNode):
            raise EntryError(line_of(node), "not a mapping with 'summary' and 'begin'")
        line = line_of(node)
        fields = self.mapping(node)
        for key, (key_node, _value) in fields.items():
            if key not in SHOWN_KEYS | SILENT_KEYS:
                self.warn(line_of(key_node), f"unknown event key {key!r} (ignored)")
        if "summary" not in fields:
            raise EntryError(line, "no 'summary'")
        summary = self.value(fields["summary"][1], "summary", (str,), "text").strip()
        if not summary:
            raise EntryError(line, "an empty 'summary'")
        if "begin" not in fields:
            raise EntryError(line, f"({summary!r}) no 'begin'")
        given = {"summary": summary, "begin": self.moment(fields["begin"][1], "begin")}
        if "end" in fields:
            given["end"] = self.moment(fields["end"][1], "end")
        if "duration" in fields:
            given["duration"] = self.duration(fields["duration"][1])
        timezone = self.timezone
        if "timezone" in fields:
            timezone = self.timezone_value(fields["timezone"][1])
        repeat = self.repeat(fields["repeat"][1]) if "repeat" in fields else None
        try:
            return self.event_fields(given, timezone, repeat, fields, line)
        except EntryError:
            raise  # already names the event
        except (OverflowError, ValueError) as err:
            # a date or duration beyond what a calendar can hold (year 9999 and more)
            raise EntryError(line, f"({summary!r}) {err}") from None

    def duration(self, node: yaml.Node) -> dict:
        wanted = f"a mapping of {', '.join(sorted(DURATION_UNITS))} to numbers"
        duration = self.value(node, "duration", (dict,), wanted)
        if not duration or not set(duration) <= DURATION_UNITS:
            raise EntryError(line_of(node), f"'duration' must be {wanted}")
        if not all(
            isinstance(n, int | float) and not isinstance(n, bool) for n in duration.values()
        ):
            raise EntryError(line_of(node), f"'duration' must be {wanted}")
        return duration

    def repeat(self, node: yaml.Node) -> dict:
        if not isinstance(node, yaml.MappingNode):
            raise EntryError(
                line_of(node), "'repeat' must be a mapping with 'interval' and 'until'"
            )
        fields = self.mapping(node)
        for key, (key_node, _value) in fields.items():
            if key not in REPEAT_KEYS:
                self.warn(line_of(key_node), f"unknown repeat key {key!r} (ignored)")
        if "interval" not in fields or "until" not in fields:
            raise EntryError(line_of(node), "'repeat' needs 'interval' and 'until'")
        interval = self.value(fields["interval"][1], "interval", (dict,), "a mapping")
        units = ", ".join(INTERVAL_UNITS)
        if len(interval) != 1 or not set(interval) <= INTERVAL_UNITS.keys():
            raise EntryError(line_of(fields["interval"][1]), f"'interval' must be one of {units}")
        (count,) = interval.values()
        if not isinstance(count, int) or isinstance(count, bool) or count < 1:
            raise EntryError(line_of(fields["interval"][1]), "'interval' must be a whole number")
        repeat = {"interval": interval, "until": self.moment(fields["until"][1], "until")}
        for key in ("except_on", "also_on"):
            if key in fields:
                dates = self.value(fields[key][1], key, (list,), "a list of dates")
                if not all(isinstance(d, dt.date) for d in dates):
                    raise EntryError(line_of(fields[key][1]), f"{key!r} must be a list of dates")
                repeat[key] = tuple(dates)
        return repeat

    def event_fields(
        self, given: dict, timezone: str | None, repeat: dict | None, fields: dict, line: int
    ) -> dict:
        begin, end = given["begin"], given.get("end")
        if "end" in given and "duration" in given:
            raise EntryError(line, f"({given['summary']!r}) has both 'end' and 'duration'")
        if isinstance(begin, dt.datetime):
            times = timed_fields(begin, end, given.get("duration"), timezone)
        else:
            # dates without times: a whole-day event, from begin to end (both included)
            last = end.date() if isinstance(end, dt.datetime) else end
            if "duration" in given:
                last = begin + dt.timedelta(**given["duration"]) - dt.timedelta(days=1)
            times = {"start": begin, "end": last or begin}
        if times["end"] < times["start"]:
            raise EntryError(line, f"({given['summary']!r}) ends before it begins")
        if repeat:
            times["repeat"] = self.repeat_of(given, timezone, repeat, line)
        return {
            "title": given["summary"],
            **times,
            "url": self.link(fields, "url", line),
            "location": self.text(fields, "location"),
            "description": self.text(fields, "description"),
            "line": line,
        }

    def repeat_of(self, given: dict, timezone: str | None, repeat: dict, line: int) -> Repeat:
        """The rule yaml2ics writes for the event (what the community's ICS feed carries)."""
        # imported here: yaml2ics brings the ics package, 50 ms of every build otherwise
        import yaml2ics

        tz = yaml2ics.gettz(timezone) if timezone else None
        # except_on / also_on are expanded here: yaml2ics would only write them into ICS
        rule = {key: repeat[key] for key in ("interval", "until")}
        try:
            event = yaml2ics.event_from_yaml({**given, "repeat": rule}, tz)
        except Exception as err:  # yaml2ics and ics raise plain exceptions of many kinds
            message = str(err).removeprefix("Error: ")
            raise EntryError(line, f"({given['summary']!r}) {message}") from None
        ((unit, count),) = repeat["interval"].items()
        begin = given["begin"]
        resolved = Repeat(
            rule=next(line.value for line in event.extra if line.name == "RRULE"),
            first=begin.replace(tzinfo=None) if isinstance(begin, dt.datetime) else begin,
            until=repeat["until"],
            except_on=repeat.get("except_on", ()),
            also_on=repeat.get("also_on", ()),
            every=f"every {INTERVAL_UNITS[unit]}" if count == 1 else f"every {count} {unit}",
        )
        try:
            _occurrences(resolved)  # cached: the decks' lookups use it
        except ValueError as err:
            # yaml2ics writes the year 1 as '10101' in the rule, which dateutil refuses
            raise EntryError(line, f"({given['summary']!r}) its repeat: {err}") from None
        return resolved

    def text(self, fields: dict, name: str) -> str | None:
        if name not in fields:
            return None
        node = fields[name][1]
        try:
            value = self.value(node, name, (str, int, float), "text")
        except EntryError as err:
            self.warn(err.line, f"{err} (ignored)")
            return None
        return str(value).strip() or None

    def link(self, fields: dict, name: str, line: int) -> str | None:
        url = self.text(fields, name)
        if url is None or is_safe_url(url, SAFE_SCHEMES):
            return url
        self.warn(line_of(fields[name][1]), f"{name!r} must be an http, https or mailto URL")
        return None


def timed_fields(
    begin: dt.datetime, end: Moment | None, duration: dict | None, timezone: str | None
) -> dict:
    """Start and end of an event with a time, in its timezone (as yaml2ics places them)."""
    zone = zoneinfo.ZoneInfo(timezone) if timezone else dt.UTC

    def local(moment: dt.datetime) -> dt.datetime:
        return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment.astimezone(zone)

    start = local(begin)
    if duration is not None:
        finish = start + dt.timedelta(**duration)
    elif isinstance(end, dt.datetime):
        finish = local(end)
    elif end is not None:
        finish = dt.datetime.combine(end, dt.time.min, zone)
    else:
        finish = None
    fields = {
        "start": start.date(),
        "end": start.date(),
        "start_time": start.time(),
        "end_time": None,
        "timezone": timezone or "UTC",
    }
    if finish is not None and finish > start:
        # an event ending at midnight ends on the day before
        fields["end"] = (finish - dt.timedelta(microseconds=1)).date()
        fields["end_time"] = finish.time()
    elif finish is not None and finish < start:
        fields["end"] = finish.date()  # reported as ending before it begins
    return fields


def node_text(node: yaml.Node) -> str:
    """A short description of a node for messages (never the whole of a huge value)."""
    if isinstance(node, yaml.ScalarNode):
        text = node.value if len(node.value) <= 60 else node.value[:57] + "..."
        return repr(text)
    return "a list" if isinstance(node, yaml.SequenceNode) else "a mapping"
