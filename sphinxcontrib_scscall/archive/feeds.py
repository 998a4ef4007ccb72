"""Feeds in the root of the HTML output: ``calls.atom`` and ``events.ics``.

Written at ``build-finished`` from the whole build's calls (so incremental and
parallel builds see every deck), by the HTML archive's builders only, and only
when what they show has changed (see :func:`write_feed`). Nothing
depends on the time of the build: entries are dated by their call, UIDs and
ids are derived from docnames and event keys, so output is reproducible and
calendar clients recognise events again on every refresh.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
from sphinx.application import Sphinx

from .. import model
from ..builders import is_html_archive
from ..call_deck import archive
from ..config import settings
from ..events import Event, load_events_file, unique_events

if TYPE_CHECKING:
    import icalendar

ATOM_FILE = "calls.atom"
ICS_FILE = "events.ics"
#: beside the doctrees: a digest of what each feed was last rendered from
FEED_STAMPS = "scscall-feeds.json"
TEMPLATES = Path(__file__).parent / "templates"
# the namespace of every id and UID this extension derives
ID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://pypi.org/project/sphinxcontrib-scscall/")
EPOCH = dt.date(1970, 1, 1)


@dataclass(frozen=True)
class AtomEntry:
    id: str
    title: str
    link: str
    updated: str
    summary: str
    author: str | None


def atom_timestamp(date: dt.date) -> str:
    return f"{date.isoformat()}T00:00:00Z"


def summary(call: model.Call) -> str:
    """'Team IaaS: Availability Zone Standard, Extra specs. Team Ops.'"""
    parts = []
    for report in call.reports:
        topics = ", ".join(topic.title for topic in report.topics)
        parts.append(f"{report.team_name}: {topics}." if topics else f"{report.team_name}.")
    return " ".join(parts)


class FeedLinks:
    """Links as a feed needs them: absolute under ``html_baseurl``, else from the output root."""

    def __init__(self, app: Sphinx):
        self.builder = app.builder
        base = app.config.html_baseurl
        self.base = base if not base or base.endswith("/") else base + "/"
        self.project = app.config.project

    def page(self, docname: str) -> str:
        return self.base + self.builder.get_target_uri(docname)

    def stable_id(self, *parts: str) -> str:
        """An Atom id: the absolute URL when there is one, else a stable URN."""
        if self.base:
            return self.base + "/".join(parts)
        return uuid.uuid5(ID_NAMESPACE, "/".join((self.project, *parts))).urn


def atom_values(app: Sphinx, calls: list[model.Call]) -> dict:
    """What the Atom template is rendered with."""
    links = FeedLinks(app)
    entries = [
        AtomEntry(
            id=links.stable_id(links.builder.get_target_uri(call.docname)),
            title=call.title,
            link=links.page(call.docname),
            updated=atom_timestamp(call.date),
            summary=summary(call),
            author=f"@{call.presenter}" if call.presenter else None,
        )
        for call in calls
    ]
    return {
        "title": f"{app.config.project}: community calls",
        "id": links.stable_id(ATOM_FILE),
        "self_link": links.base + ATOM_FILE if links.base else None,
        "author": app.config.project,
        "updated": atom_timestamp(calls[0].date if calls else EPOCH),
        "entries": entries,
    }


def render_atom(values: dict) -> str:
    templates = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, keep_trailing_newline=True
    )
    return templates.get_template(ATOM_FILE).render(**values)


def events_file_events(app: Sphinx) -> list[Event]:
    """The events of every configured events file."""
    config = settings(app.config)
    return [
        event
        for name in config.events_files
        for event in load_events_file(config.source_path(name)) or ()
    ]


def calendar_events(events: list[Event]) -> list[Event]:
    """*events* as a calendar lists them: a repeating event once, as its series.

    Decks show a repeating event at the occurrence that is next for their call; the
    calendar carries its rule instead (RRULE, EXDATE, RDATE), so each occurrence of
    it, in any deck, is the one series.
    """
    return unique_events(event.series() for event in events)


def event_uid(event: Event) -> str:
    """Stable across builds and identical for every mention of the same event."""
    start, title = event.identity
    return f"{uuid.uuid5(ID_NAMESPACE, f'{start}/{title}')}@sphinxcontrib-scscall"


def event_moment(event: Event, day: dt.date, time: dt.time | None) -> dt.date | dt.datetime:
    """A DTSTART/DTEND value: the day, or the time in the event's timezone (TZID, or UTC)."""
    if time is None:
        return day
    return dt.datetime.combine(day, time, tzinfo=event.zone() or dt.UTC)


def ical_moment(moment: dt.date | dt.datetime) -> icalendar.vDate | icalendar.vDatetime:
    """*moment* as the property type icalendar would pick for it.

    Given a date or datetime, icalendar wraps it in a value that makes this type
    again to write it: a sixth of rendering a calendar of 1,000 events.
    """
    import icalendar  # see write_feeds

    if isinstance(moment, dt.datetime):
        return icalendar.vDatetime(moment)
    return icalendar.vDate(moment, params={"VALUE": "DATE"})


def add_times(entry: icalendar.Event, event: Event) -> None:
    import icalendar  # see write_feeds

    start = event_moment(event, event.start, event.start_time)
    entry.add("dtstart", ical_moment(start))
    if event.start_time is None and event.end == dt.date.max:
        # all-day to the last day a date can hold: no day after it for DTEND
        entry.add("duration", event.end - event.start + dt.timedelta(days=1))
    elif event.start_time is None:
        # all-day: DTEND is exclusive
        entry.add("dtend", ical_moment(event.end + dt.timedelta(days=1)))
    elif event.end_time is not None:
        entry.add("dtend", ical_moment(event_moment(event, event.end, event.end_time)))
    repeat = event.repeat
    if repeat is None:
        return
    rule = icalendar.vRecur.from_ical(repeat.rule)
    if "UNTIL" in rule and isinstance(start, dt.datetime):
        # yaml2ics writes UNTIL in local time; with a TZID start RFC 5545 wants it in UTC
        rule["UNTIL"] = [
            until.replace(tzinfo=start.tzinfo).astimezone(dt.UTC) for until in rule["UNTIL"]
        ]
    elif "UNTIL" in rule:
        rule["UNTIL"] = [until.date() for until in rule["UNTIL"]]
    entry.add("rrule", rule)
    for name, moments in (("exdate", repeat.except_on), ("rdate", repeat.also_on)):
        for moment in sorted(moments, key=lambda m: (m.isoformat(), type(m).__name__)):
            day = moment.date() if isinstance(moment, dt.datetime) else moment
            time = moment.time() if isinstance(moment, dt.datetime) else event.start_time
            entry.add(name, event_moment(event, day, time))


def render_ics(app: Sphinx, events: list[Event]) -> bytes:
    import icalendar  # see write_feeds

    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//sphinxcontrib-scscall//community calls//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{app.config.project}: events")
    listed = calendar_events(events)
    # a VTIMEZONE for each TZID used, from the tz database (the same in every build);
    # named from the events rather than found by icalendar's walk over every property
    for tzid in sorted({event.timezone for event in listed if event.timezone} - {"UTC"}):
        calendar.add_component(icalendar.Timezone.from_tzid(tzid))
    for event in listed:
        entry = icalendar.Event()
        entry.add("uid", event_uid(event))
        # required; the event's own day keeps the file reproducible
        entry.add(
            "dtstamp", ical_moment(dt.datetime.combine(event.start, dt.time(), tzinfo=dt.UTC))
        )
        add_times(entry, event)
        entry.add("summary", event.title)
        if event.location:
            entry.add("location", event.location)
        if event.url:
            entry.add("url", event.url)
        description = [event.description] if event.description else []
        if event.speakers:
            description.append("Speakers: " + ", ".join(f"@{s}" for s in event.speakers))
        if description:
            entry.add("description", "\n\n".join(description))
        calendar.add_component(entry)
    return calendar_bytes(calendar)


#: RFC 5545 lines are at most 75 octets; icalendar folds a line from this length on
FOLD_FROM_OCTETS = 75


def calendar_bytes(calendar: icalendar.Calendar) -> bytes:
    """What ``calendar.to_ical(sorted=False)`` gives, in two thirds of the time.

    icalendar 7 folds every content line a character at a time, even the lines too
    short to fold, and makes an empty parameter list for every line, even for values
    that bring their own: that was half of rendering a calendar of 1,000 events.
    Properties stay in the order added, which is already the same in every build.
    """
    import icalendar  # see write_feeds
    from icalendar.parser import Contentline

    lines = []
    for name, value in calendar.property_items(sorted=False):
        params = value.params if hasattr(value, "params") else icalendar.Parameters()
        line = Contentline.from_parts(name, params, value, sorted=False)
        encoded = line.encode()
        lines.append(encoded if len(encoded) < FOLD_FROM_OCTETS else line.to_ical())
    return b"\r\n".join(lines) + b"\r\n"


def write_feeds(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or not is_html_archive(app.builder):
        return
    # imported here, not with the module: only the html archive writes the calendar, and
    # icalendar took 45 % of the instructions of importing this extension (slide builds too)
    import icalendar

    calls = archive(app.env)
    atom = atom_values(app, calls.newest_first())
    atom_template = (TEMPLATES / ATOM_FILE).read_text(encoding="utf-8")
    write_feed(app, ATOM_FILE, (atom, atom_template), lambda: render_atom(atom).encode())
    events = calls.events(events_file_events(app))
    ics_inputs = (app.config.project, events, icalendar.__version__)
    write_feed(app, ICS_FILE, ics_inputs, lambda: render_ics(app, events))


def write_feed(app: Sphinx, name: str, inputs: object, render: Callable[[], bytes]) -> None:
    """Write the feed *name* in the output root unless it holds what *inputs* render to.

    Rendering the calendar of a long archive takes seconds, while most builds leave
    every call's record as it was. A digest of the inputs, kept beside the doctrees
    with the file's size and mtime (so a changed or replaced file is written again),
    tells that the file is up to date.
    """
    path = Path(app.outdir) / name
    stamps_file = Path(app.doctreedir) / FEED_STAMPS
    try:
        stamps = json.loads(stamps_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        stamps = {}
    digest = hashlib.sha256(repr(inputs).encode()).hexdigest()
    if path.is_file() and stamps.get(name) == [digest, *file_stamp(path)]:
        return
    path.write_bytes(render())
    stamps[name] = [digest, *file_stamp(path)]
    stamps_file.parent.mkdir(parents=True, exist_ok=True)
    stamps_file.write_text(json.dumps(stamps), encoding="utf-8")


def file_stamp(path: Path) -> list[int]:
    stat = path.stat()
    return [stat.st_size, stat.st_mtime_ns]


def setup_feeds(app: Sphinx) -> None:
    app.connect("build-finished", write_feeds)
