"""The call schedule, in the form of SCS's ``communitycall-data.yml``.

``Date`` gives the weekly call day between ``begin`` and ``end``, ``Except``
the dates without a call, ``Statics`` each date's coordinator (a key of
``Coordinators``, whose values are ``"Name - e-mail"``). Only the name is ever
used: the e-mail address stays in the schedule file. Problems are passed to a
``warn(line, message)`` callback with the line of the file they are on.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import dateutil.rrule
import yaml

from .calendars import node_text

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
SCHEDULE_KEYS = frozenset({"Date", "Except", "Statics", "Coordinators"})
DATE_KEYS = frozenset({"begin", "end", "day"})
# "alpha@example.org", "alpha[at]example.org", "alpha (at) example.org"
EMAIL_RE = re.compile(r"\S+\s*(?:@|\[at\]|\(at\))\s*\S+", re.IGNORECASE)

Warn = Callable[[int, str], None]


class ScheduleError(ValueError):
    """A schedule that names no call dates at all (no usable ``Date``)."""


@dataclass(frozen=True)
class Schedule:
    begin: dt.date
    end: dt.date
    weekday: int
    except_on: frozenset[dt.date] = frozenset()
    #: date -> the coordinator's name
    hosts: dict[dt.date, str] = field(default_factory=dict)

    def call_dates(self) -> Iterable[dt.date]:
        """Every scheduled call date, in order, without the ``Except`` dates."""
        weekly = dateutil.rrule.rrule(
            dateutil.rrule.WEEKLY,
            byweekday=self.weekday,
            dtstart=dt.datetime.combine(self.begin, dt.time.min),
            until=dt.datetime.combine(self.end, dt.time.min),
        )
        return (moment.date() for moment in weekly if moment.date() not in self.except_on)

    def next_free_date(self, today: dt.date, taken: Iterable[dt.date]) -> dt.date | None:
        """The first call date on or after *today* that is not *taken* (has no deck yet)."""
        taken = set(taken)
        return next((d for d in self.call_dates() if d >= today and d not in taken), None)


def host_name(entry: str) -> str | None:
    """The name of a ``Coordinators`` value (``"Alex Example - alex[at]example.org"``)."""
    name = EMAIL_RE.sub("", entry)
    name = re.sub(r"\s+-\s*$|^\s*-\s+", "", name.strip()).strip(" -<>()")
    return " ".join(name.split()) or None


class ScheduleReader:
    def __init__(self, path: Path, warn: Warn):
        self.path = path
        self.warn = warn

    def read(self) -> Schedule:
        try:
            text = self.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise ScheduleError(f"{self.path}: cannot be read: {err}") from None
        loader = yaml.SafeLoader(text)
        try:
            return self.schedule(loader)
        except yaml.YAMLError as err:
            mark = getattr(err, "problem_mark", None)
            where = f"{self.path}:{mark.line + 1}" if mark else str(self.path)
            raise ScheduleError(
                f"{where}: not valid YAML: {getattr(err, 'problem', err)}"
            ) from None
        finally:
            loader.dispose()

    def fail(self, node: yaml.Node | None, message: str) -> ScheduleError:
        line = node.start_mark.line + 1 if node is not None else 1
        return ScheduleError(f"{self.path}:{line}: {message}")

    def schedule(self, loader: yaml.SafeLoader) -> Schedule:
        root = loader.get_single_node()
        if not isinstance(root, yaml.MappingNode):
            raise self.fail(root, "a schedule is a mapping with 'Date' (begin, end, day)")
        fields = self.mapping(root, SCHEDULE_KEYS, "schedule")
        if "Date" not in fields:
            raise self.fail(root, "the schedule has no 'Date' (begin, end, day)")
        date_node = fields["Date"]
        if not isinstance(date_node, yaml.MappingNode):
            raise self.fail(date_node, "'Date' must be a mapping with begin, end and day")
        dates = self.mapping(date_node, DATE_KEYS, "Date")
        missing = sorted(DATE_KEYS - dates.keys())
        if missing:
            raise self.fail(date_node, f"'Date' needs {', '.join(missing)}")
        begin, end = self.date(dates["begin"]), self.date(dates["end"])
        if begin is None or end is None:
            raise self.fail(date_node, "'Date' needs a usable begin and end")
        day = dates["day"]
        if not isinstance(day, yaml.ScalarNode) or day.value.strip().lower() not in WEEKDAYS:
            raise self.fail(day, f"'day' must be a weekday such as Thursday, not {node_text(day)}")
        coordinators = self.coordinators(fields.get("Coordinators"))
        return Schedule(
            begin=begin,
            end=end,
            weekday=WEEKDAYS.index(day.value.strip().lower()),
            except_on=frozenset(self.except_dates(fields.get("Except"))),
            hosts=self.statics(fields.get("Statics"), coordinators),
        )

    def mapping(self, node: yaml.MappingNode, known: frozenset, where: str) -> dict:
        fields = {}
        for key, value in node.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else None
            if name not in known:
                self.warn(key.start_mark.line + 1, f"unknown key {node_text(key)} in {where}")
                continue
            fields[name] = value
        return fields

    def date(self, node: yaml.Node) -> dt.date | None:
        text = node.value.strip() if isinstance(node, yaml.ScalarNode) else ""
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            self.warn(node.start_mark.line + 1, f"{node_text(node)} is not a date (YYYY-MM-DD)")
            return None

    def items(self, node: yaml.Node | None, kind: type, wanted: str) -> list:
        if node is None:
            return []
        if not isinstance(node, kind):
            self.warn(node.start_mark.line + 1, f"must be {wanted}; ignored")
            return []
        return node.value

    def except_dates(self, node: yaml.Node | None) -> list[dt.date]:
        dates = (self.date(item) for item in self.items(node, yaml.SequenceNode, "a list of dates"))
        return [date for date in dates if date is not None]

    def coordinators(self, node: yaml.Node | None) -> dict[str, str]:
        names = {}
        for key, value in self.items(node, yaml.MappingNode, "a mapping of key to 'Name - e-mail'"):
            line = key.start_mark.line + 1
            name = host_name(value.value) if isinstance(value, yaml.ScalarNode) else None
            if name is None:
                self.warn(line, f"coordinator {node_text(key)} has no name")
                continue
            names[str(key.value)] = name
        return names

    def statics(self, node: yaml.Node | None, coordinators: dict[str, str]) -> dict:
        hosts = {}
        for key, value in self.items(node, yaml.MappingNode, "a mapping of date to coordinator"):
            date = self.date(key)
            coordinator = value.value if isinstance(value, yaml.ScalarNode) else None
            if coordinator not in coordinators:
                known = ", ".join(sorted(coordinators)) or "none"
                self.warn(
                    value.start_mark.line + 1,
                    f"{node_text(value)} is not a key of 'Coordinators' (known: {known})",
                )
                continue
            if date is not None:
                hosts[date] = coordinators[coordinator]
        return hosts


def read_schedule(path: Path, warn: Warn) -> Schedule:
    """The schedule in *path*; :class:`ScheduleError` when it names no call dates."""
    return ScheduleReader(path, warn).read()
