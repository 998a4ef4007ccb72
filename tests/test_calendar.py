"""Calendar files (yaml2ics) as events sources: reading, showing, repeating, events.ics."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import types
import zoneinfo
from pathlib import Path

import icalendar
import pytest
import yaml
import yaml2ics
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sphinxcontrib_scscall.archive.feeds import ICS_FILE, calendar_bytes, render_ics
from sphinxcontrib_scscall.events import (
    EventsFileReader,
    FileEvents,
    is_upcoming,
    load_events_file,
)
from sphinxcontrib_scscall.testing import build, slide_stacks, write_project

EXAMPLES = Path(__file__).resolve().parents[1].parent / "shared" / "examples"
CALENDARS = ("calendar-onetimes.yml", "calendar-other.yml")
DECK = "community-calls/2031-01-16"
CALL_DATE = dt.date(2031, 1, 16)

ONE_TIMES = """\
name: One-Time Events
timezone: Europe/Berlin

events:
  - summary: "Flavour naming workshop"
    begin: 2031-02-03 14:05:00
    duration:
      minutes: 90
    description: |
      Hands-on session on the flavour naming standard.

      Bring a <b>laptop</b>.
    location: "https://example.org/jitsi/SCS-Tech"
  - summary: "Hackathon"
    begin: 2031-02-11
    end: 2031-02-12
    location: Leipzig
    url: https://example.org/hackathon-9/
    uid: hackathon-9@example.org
  - summary: "Evening talk in New York"
    begin: 2031-02-20 18:00:00
    end: 2031-02-20 19:30:00
    timezone: America/New_York
  - summary: "An entry with an impossible date"
    begin: 2031-02-30 10:00:00
"""
REPEATING = """\
name: Other community related events
timezone: Europe/Berlin

events:
  - summary: "Operator Coffee"
    begin: 2030-10-02 10:05:00
    duration:
      minutes: 50
    location: "https://example.org/jitsi/SCS-Tech"
    repeat:
      interval:
        weeks: 4
      until: 2031-12-31
      except_on:
        - 2031-01-22 10:05:00
"""
MYST_DECK = """\
---
call-date: 2031-01-16
---

# Call

:::{upcoming-events}
:source: /calendars/one-times.yml

- 2031-02-11/12 Hackathon
:::

:::{upcoming-events} Regular meetings
:source: /calendars/repeating.yml
:::
"""
RST_DECK = """\
:call-date: 2031-01-16

Call
====

.. upcoming-events::
   :source: /calendars/one-times.yml

   - 2031-02-11/12 Hackathon

.. upcoming-events:: Regular meetings
   :source: /calendars/repeating.yml
"""
SUFFIX = {"myst": ".md", "rst": ".rst"}
# Sphinx's own search: these projects have no team reports to index
CONF = 'extensions = ["sphinxcontrib_scscall"]\nscscall_search = "sphinx"\n'


def calendar_project(root: Path, syntax: str) -> Path:
    deck = MYST_DECK if syntax == "myst" else RST_DECK
    return write_project(
        root,
        {
            f"{DECK}{SUFFIX[syntax]}": deck,
            "calendars/one-times.yml": ONE_TIMES,
            "calendars/repeating.yml": REPEATING,
        },
        conf=CONF,
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    results = {}
    for syntax in SUFFIX:
        root = calendar_project(tmp_path_factory.mktemp(syntax), syntax)
        results[syntax] = {builder: build(root, builder) for builder in ("html", "revealjs")}
    return results


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def entry_line_of(text: str, needle: str) -> int:
    """The line where the calendar entry holding *needle* starts (its ``- `` list item)."""
    lines = text.splitlines()[: line_of(text, needle)]
    return max(n for n, line in enumerate(lines, 1) if line.lstrip().startswith("- "))


def entries(text: str) -> list[dict]:
    return yaml.safe_load(text.replace("2031-02-30", "2031-02-28"))["events"]


def next_occurrence(entry: dict, day: dt.date) -> dt.datetime:
    """Walk the rule step by step (independently of the code under test)."""
    step = dt.timedelta(weeks=entry["repeat"]["interval"]["weeks"])
    moment = entry["begin"]
    while moment.date() < day or moment in entry["repeat"]["except_on"]:
        moment += step
    return moment


@pytest.mark.parametrize("syntax", SUFFIX)
@pytest.mark.parametrize("builder", ["html", "revealjs"])
def test_the_impossible_date_is_warned_at_its_line_and_the_rest_is_used(built, syntax, builder):
    result = built[syntax][builder]
    warnings = result.warning_lines()
    value_line = line_of(ONE_TIMES, "2031-02-30")
    # the entry's line, naming the value and its line
    entry_line = entry_line_of(ONE_TIMES, "2031-02-30")
    assert len(warnings) == 1
    assert re.search(
        rf"calendars/one-times\.yml:{entry_line}: WARNING: .*2031-02-30.*\(line {value_line}\)",
        warnings[0],
    )
    titles = [event.title for event in result.app.env.scscall_calls[DECK].events]
    expected = [e["summary"] for e in entries(ONE_TIMES)[:3]] + ["Operator Coffee"]
    assert sorted(titles) == sorted(expected)


@pytest.mark.parametrize("syntax", SUFFIX)
def test_times_timezones_places_and_links_on_the_page(built, syntax):
    soup = built[syntax]["html"].html(DECK)
    workshop, hackathon, evening = entries(ONE_TIMES)[:3]
    items = {
        entry["summary"]: next(
            li
            for li in soup.select("li.scscall-event")
            if li.select_one(".scscall-event-title").get_text().startswith(entry["summary"])
        )
        for entry in (workshop, hackathon, evening)
    }
    berlin = zoneinfo.ZoneInfo("Europe/Berlin")
    item = items[workshop["summary"]]
    end = workshop["begin"] + dt.timedelta(minutes=workshop["duration"]["minutes"])
    zone = workshop["begin"].replace(tzinfo=berlin).tzname()
    assert item.select_one(".scscall-event-time").get_text() == (
        f"{workshop['begin']:%H:%M}–{end:%H:%M} {zone}"
    )
    assert item.find("a", href=workshop["location"]) is not None
    # a date without a time: a whole-day event, no time shown, begin and end included
    item = items[hackathon["summary"]]
    assert item.select_one(".scscall-event-time") is None
    assert item.select_one(".scscall-event-date").get_text() == "11–12 February 2031"
    assert item.find("a", href=hackathon["url"]) is not None
    assert hackathon["location"] in item.get_text()
    # the event's own timezone wins over the file's
    item = items[evening["summary"]]
    new_york = evening["begin"].replace(tzinfo=zoneinfo.ZoneInfo(evening["timezone"])).tzname()
    assert item.select_one(".scscall-event-time").get_text().endswith(new_york)


@pytest.mark.parametrize("syntax", SUFFIX)
def test_description_on_the_page_escaped_and_not_on_slides(built, syntax):
    workshop = entries(ONE_TIMES)[0]
    first_paragraph = workshop["description"].split("\n\n")[0]
    page = built[syntax]["html"].html(DECK)
    description = page.select_one(".scscall-event-description")
    assert description.select("p")[0].get_text() == first_paragraph
    assert "<b>laptop</b>" in description.get_text() and page.find("b", string="laptop") is None
    slides = built[syntax]["revealjs"].html(DECK)
    assert slides.select(".scscall-event-description") == []
    assert first_paragraph not in slides.get_text()
    # place and link are on the slides too
    assert slides.find("a", href=workshop["location"]) is not None


@pytest.mark.parametrize("syntax", SUFFIX)
@pytest.mark.parametrize("builder", ["html", "revealjs"])
def test_a_repeating_event_shows_once_at_its_next_occurrence(built, syntax, builder):
    coffee = entries(REPEATING)[0]
    soup = built[syntax][builder].html(DECK)
    items = [li for li in soup.select("li.scscall-event") if coffee["summary"] in li.get_text()]
    assert len(items) == 1
    occurrence = next_occurrence(coffee, CALL_DATE)
    assert items[0].select_one(".scscall-event-date").get_text() == (
        f"{occurrence.day} {occurrence:%B %Y}"
    )
    repeat = items[0].select_one(".scscall-event-repeat").get_text()
    assert str(coffee["repeat"]["interval"]["weeks"]) in repeat


def test_the_occurrence_skips_except_on_and_stops_at_until(tmp_path):
    path = tmp_path / "repeating.yml"
    path.write_text(REPEATING)
    (coffee,) = load_events_file(path)
    entry = entries(REPEATING)[0]
    skipped = entry["repeat"]["except_on"][0]
    assert coffee.occurrence(skipped.date()).start == next_occurrence(entry, skipped.date()).date()
    assert coffee.occurrence(skipped.date()).start > skipped.date()
    until = entry["repeat"]["until"]
    last = coffee.occurrence(until + dt.timedelta(days=1))
    assert last.start <= until
    assert last.start + dt.timedelta(weeks=4) > until


def test_one_event_in_a_deck_list_and_a_calendar_shows_once(built):
    soup = built["myst"]["html"].html(DECK)
    titles = [t.get_text(" ", strip=True) for t in soup.select(".scscall-event-title")]
    assert sum(title.startswith("Hackathon") for title in titles) == 1


def test_rst_and_myst_show_the_same_events(built):
    def shown(syntax):
        soup = built[syntax]["html"].html(DECK)
        return [li.get_text(" ", strip=True) for li in soup.select("li.scscall-event")]

    assert shown("myst") == shown("rst")
    assert len(shown("myst")) == 4


def test_slides_list_the_events_of_both_blocks(built):
    soup = built["rst"]["revealjs"].html(DECK)
    headings = [stack[0] for stack in slide_stacks(soup)]
    assert "Regular meetings" in headings


def ics_events(result) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical((result.outdir / ICS_FILE).read_bytes())
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


def test_events_ics_carries_times_timezones_and_the_rule(built):
    events = ics_events(built["myst"]["html"])
    workshop, hackathon, evening = entries(ONE_TIMES)[:3]
    coffee = entries(REPEATING)[0]
    assert set(events) == {
        workshop["summary"],
        hackathon["summary"],
        evening["summary"],
        coffee["summary"],
    }
    start = events[workshop["summary"]].decoded("DTSTART")
    assert start == workshop["begin"].replace(tzinfo=zoneinfo.ZoneInfo("Europe/Berlin"))
    assert events[workshop["summary"]]["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert events[hackathon["summary"]].decoded("DTSTART") == hackathon["begin"]
    # all-day: DTEND is the day after the last day
    assert events[hackathon["summary"]].decoded("DTEND") == hackathon["end"] + dt.timedelta(days=1)
    series = events[coffee["summary"]]
    assert series.decoded("DTSTART").replace(tzinfo=None) == coffee["begin"]
    rule = series["RRULE"]
    assert rule["FREQ"] == ["WEEKLY"] and rule["INTERVAL"] == [
        coffee["repeat"]["interval"]["weeks"]
    ]
    assert rule["UNTIL"][0].tzinfo is not None  # UTC, as RFC 5545 wants with a TZID start
    exdates = [d.dt.replace(tzinfo=None) for d in series["EXDATE"].dts]
    assert exdates == coffee["repeat"]["except_on"]
    assert "Hands-on session" in str(events[workshop["summary"]]["DESCRIPTION"])


@settings(max_examples=50, deadline=None)
@given(st.text(min_size=1, max_size=200).filter(lambda text: "\r" not in text))
def test_events_ics_is_what_icalendar_writes_with_every_line_folded(text):
    calendar = icalendar.Calendar()
    # every length around the fold limit, in ASCII and in two-octet characters
    for width in range(60, 90):
        event = icalendar.Event()
        event.add("summary", (text + "x" * width)[:width])
        event.add("location", "é" * (width // 2))
        event.add("description", text * 3)
        calendar.add_component(event)
    assert calendar_bytes(calendar) == calendar.to_ical(sorted=False)


def test_events_ics_is_reproducible(tmp_path):
    first = build(calendar_project(tmp_path / "a", "myst"), "html")
    second = build(calendar_project(tmp_path / "b", "myst"), "html")
    assert (first.outdir / ICS_FILE).read_bytes() == (second.outdir / ICS_FILE).read_bytes()


def test_a_list_of_configured_files_and_the_examples(tmp_path):
    if not EXAMPLES.is_dir():
        pytest.skip("../shared/examples is not present")
    files = {f"calendar/{name}": (EXAMPLES / name).read_text() for name in CALENDARS}
    files["community-calls/2031-01-16.md"] = (
        "---\ncall-date: 2031-01-16\n---\n\n# Call\n\n:::{upcoming-events}\n:::\n"
    )
    conf = CONF + f"scscall_events_file = {[f'calendar/{name}' for name in CALENDARS]!r}\n"
    result = build(write_project(tmp_path, files, conf=conf), "html")
    summaries = [
        entry["summary"]
        for name in CALENDARS
        for entry in yaml.safe_load(files[f"calendar/{name}"].replace("-02-30", "-02-28"))["events"]
    ]
    impossible = next(
        (name, entry_line_of(files[f"calendar/{name}"], "-02-30"))
        for name in CALENDARS
        if "-02-30" in files[f"calendar/{name}"]
    )
    assert [w for w in result.warning_lines() if f"{impossible[0]}:{impossible[1]}:" in w]
    assert len(result.warning_lines()) == 1
    shown = {event.title for event in result.app.env.scscall_calls[DECK].events}
    assert shown == set(summaries) - {"An entry with an impossible date"}


BAD_ENTRIES = {
    "no summary": "  - begin: 2031-03-01\n",
    "no begin": "  - summary: Without a begin\n",
    "impossible date": "  - summary: Impossible\n    begin: 2022-11-31\n",
    "begin of the wrong type": "  - summary: Typed\n    begin: [1, 2]\n",
    "summary of the wrong type": "  - summary: {a: 1}\n    begin: 2031-03-01\n",
    "not a mapping": "  - just text\n",
    "unknown interval": (
        "  - summary: Fortnightly\n    begin: 2031-03-01\n"
        "    repeat:\n      interval:\n        fortnights: 1\n      until: 2031-12-31\n"
    ),
    "repeat without until": (
        "  - summary: Forever\n    begin: 2031-03-01\n    repeat:\n      interval:\n        weeks: 1\n"
    ),
    "unknown timezone": "  - summary: Nowhere\n    begin: 2031-03-01 10:00:00\n    timezone: Mars/Olympus\n",
    "bad duration": "  - summary: Long\n    begin: 2031-03-01 10:00:00\n    duration: {fortnights: 2}\n",
    # yaml2ics writes the year 1 as '10101' in the rule's UNTIL, which dateutil refuses
    "repeat in the year 1": (
        "  - summary: Ancient\n    begin: 0001-01-01 10:00:00\n    repeat:\n"
        "      interval:\n        weeks: 1\n      until: 0001-03-01\n"
    ),
}
GOOD_ENTRY = "  - summary: Good event\n    begin: 2031-03-02\n    uid: kept-silently\n"


def calendar_deck(tmp_path: Path, calendar: str | bytes) -> Path:
    files = {
        "community-calls/2031-01-16.md": (
            "---\ncall-date: 2031-01-16\n---\n\n# Call\n\n:::{upcoming-events}\n"
            ":source: /cal.yml\n:::\n"
        )
    }
    root = write_project(tmp_path, files, conf=CONF)
    if isinstance(calendar, bytes):
        (root / "cal.yml").write_bytes(calendar)
    else:
        (root / "cal.yml").write_text(calendar)
    return root


@pytest.mark.parametrize("problem", BAD_ENTRIES)
def test_a_bad_entry_is_warned_at_its_line_and_the_others_are_used(tmp_path, problem):
    calendar = f"name: Test\nevents:\n{GOOD_ENTRY}{BAD_ENTRIES[problem]}{GOOD_ENTRY.replace('Good', 'Other')}"
    result = build(calendar_deck(tmp_path, calendar), "html")
    bad_lines = range(
        3 + GOOD_ENTRY.count("\n"), 3 + GOOD_ENTRY.count("\n") + BAD_ENTRIES[problem].count("\n")
    )
    warnings = result.warning_lines()
    assert len(warnings) == 1, warnings
    line = int(re.search(r"cal\.yml:(\d+): WARNING", warnings[0])[1])
    assert line in bad_lines
    assert "Traceback" not in result.warnings
    # every value as text: the impossible date is one of the bad entries
    written = yaml.load(f"events:\n{BAD_ENTRIES[problem]}", Loader=yaml.BaseLoader)["events"][0]
    if isinstance(written, dict) and isinstance(written.get("summary"), str):
        assert warnings[0].count(repr(written["summary"])) <= 1, warnings[0]  # named once
    titles = [event.title for event in result.app.env.scscall_calls[DECK].events]
    assert titles == ["Good event", "Other event"]


def test_an_unknown_key_is_warned_and_the_event_kept(tmp_path):
    calendar = f"name: Test\nevents:\n{GOOD_ENTRY}    colour: red\n"
    result = build(calendar_deck(tmp_path, calendar), "html")
    (warning,) = result.warning_lines()
    assert f"cal.yml:{line_of(calendar, 'colour')}:" in warning and "colour" in warning
    assert [e.title for e in result.app.env.scscall_calls[DECK].events] == ["Good event"]


def test_unsafe_links_are_not_rendered(tmp_path):
    calendar = (
        "name: Test\nevents:\n  - summary: Click\n    begin: 2031-03-02\n"
        "    url: javascript:alert(1)\n    location: javascript:alert(2)\n"
    )
    result = build(calendar_deck(tmp_path, calendar), "html")
    assert [w for w in result.warning_lines() if f"cal.yml:{line_of(calendar, 'url:')}:" in w]
    page = result.html(DECK)
    assert not [a for a in page.find_all("a", href=True) if a["href"].startswith("javascript")]
    assert "javascript:alert(2)" in page.select_one(".scscall-event-title").get_text()


@pytest.mark.parametrize(
    ("case", "content", "expected"),
    [
        ("non-mapping root", "just a sentence\n", "must be a list of events"),
        ("alias bomb", None, "aliases"),
        ("not YAML", "events: [\n", "not valid YAML"),
        ("events not a list", "name: Test\nevents: 3\n", "'events' must be a list"),
    ],
)
def test_unusable_files_are_one_warning(tmp_path, case, content, expected):
    if content is None:
        layers = ["a: &a0 [x, x, x, x, x, x, x, x, x, x]"]
        layers += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, 9)]
        content = "\n".join(layers).replace("a: &a0", "a0: &a0") + "\nname: Bomb\nevents: [*a8]\n"
    result = build(calendar_deck(tmp_path, content), "html")
    (warning,) = result.warning_lines()
    assert "cal.yml:" in warning and expected in warning


def test_a_50_mb_file_is_not_read(tmp_path):
    root = calendar_deck(tmp_path, "")
    with open(root / "cal.yml", "wb") as stream:
        stream.truncate(50 * 2**20)
    result = build(root, "html")
    (warning,) = result.warning_lines()
    assert "cal.yml" in warning and "50 MB" in warning


def test_the_example_files_are_read_by_yaml2ics_as_we_read_them():
    """The community's own tool and this project agree on the examples' events."""
    if not EXAMPLES.is_dir():
        pytest.skip("../shared/examples is not present")
    for name in CALENDARS:
        ours = load_events_file(EXAMPLES / name)
        text = (EXAMPLES / name).read_text()
        usable = yaml.safe_dump(
            {
                **yaml.safe_load(text.replace("-02-30", "-02-28")),
                "events": [e for e in entries(text) if "impossible" not in e["summary"]],
            }
        )
        theirs, _name = yaml2ics.files_to_events([io.StringIO(usable)])
        assert sorted(event.summary for event in theirs) == sorted(e.title for e in ours)
        for event in theirs:
            mine = next(e for e in ours if e.title == event.summary)
            if not event.all_day and mine.start_time is not None:
                local = event.begin.astimezone(zoneinfo.ZoneInfo(mine.timezone))
                assert (local.date(), local.time()) == (mine.start, mine.start_time)


def test_copying_a_calendar_keeps_working_with_shutil(tmp_path):
    """A calendar in a subfolder given with a relative :source: is found next to the deck."""
    root = calendar_project(tmp_path, "myst")
    shutil.copy(root / "calendars/repeating.yml", root / "community-calls/near.yml")
    deck = root / f"{DECK}.md"
    deck.write_text(deck.read_text().replace("/calendars/repeating.yml", "near.yml"))
    result = build(root, "html")
    assert "Operator Coffee" in [e.title for e in result.app.env.scscall_calls[DECK].events]


def test_parallel_and_incremental_builds_show_what_a_clean_build_shows(tmp_path):
    clean = build(calendar_project(tmp_path / "clean", "myst"), "html")
    parallel = build(calendar_project(tmp_path / "parallel", "myst"), "html", parallel=2)

    def events_shown(result):
        return [li.get_text(" ", strip=True) for li in result.html(DECK).select("li.scscall-event")]

    assert events_shown(parallel) == events_shown(clean)
    assert (parallel.outdir / ICS_FILE).read_bytes() == (clean.outdir / ICS_FILE).read_bytes()
    # a changed calendar rebuilds the deck that reads it
    root = tmp_path / "clean"
    calendar = root / "calendars/repeating.yml"
    calendar.write_text(calendar.read_text().replace("Operator Coffee", "Operator Tea"))
    again = build(root, "html", freshenv=False)
    assert any("Operator Tea" in text for text in events_shown(again))
    assert not any("Operator Coffee" in text for text in events_shown(again))
    fresh_root = calendar_project(tmp_path / "fresh", "myst")
    (fresh_root / "calendars/repeating.yml").write_text(calendar.read_text())
    fresh = build(fresh_root, "html")
    assert events_shown(again) == events_shown(fresh)


VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=20),
    st.dates(),
    st.datetimes(),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.sampled_from(["weeks", "days", "minutes", "x"]), st.integers(), max_size=2),
)
EVENT_KEYS = st.sampled_from(
    ["summary", "begin", "end", "duration", "timezone", "location", "url", "description", "uid"]
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(st.dictionaries(EVENT_KEYS, VALUES, max_size=6), max_size=4),
    st.one_of(
        st.none(), st.dictionaries(st.sampled_from(["interval", "until", "except_on"]), VALUES)
    ),
)
def test_any_entry_is_an_event_or_a_warning_never_a_traceback(tmp_path, events, repeat):
    if repeat is not None and events:
        events[0]["repeat"] = repeat
    path = tmp_path / "fuzz.yml"
    path.write_text(yaml.safe_dump({"name": "Fuzz", "events": events}))
    read = FileEvents(EventsFileReader(str(path)).read())
    for event in read:
        assert event.title and event.start <= event.end
        event.occurrence(dt.date(2031, 1, 1)).when()
    # what a deck and the calendar feed do with them, at the ends of the calendar too
    for call_date in (dt.date.min, dt.date(2031, 1, 1), dt.date.max):
        read.upcoming(call_date, 120, False)
    project = types.SimpleNamespace(config=types.SimpleNamespace(project="Fuzz"))
    icalendar.Calendar.from_ical(render_ics(project, list(read)))


CALENDAR_DAYS = st.dates(min_value=dt.date(2030, 1, 1), max_value=dt.date(2032, 12, 31))
CALENDAR_ENTRIES = st.lists(
    st.tuples(
        CALENDAR_DAYS,
        st.integers(0, 40),  # length in days
        st.one_of(st.none(), st.integers(1, 3)),  # repeats every n weeks
        st.booleans(),  # has a time
        st.integers(0, 3),  # occurrences excepted, from the first
        st.booleans(),  # also on a day after 'until'
    ),
    max_size=30,
)


@settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    CALENDAR_ENTRIES,
    CALENDAR_DAYS,
    st.sampled_from([-1, 0, 7, 120]),
    st.booleans(),
)
def test_the_upcoming_events_of_a_file_are_those_each_event_is_judged_upcoming(
    tmp_path, drawn, call_date, horizon, past
):
    events = []
    for number, (begin, days, weeks, timed, excepted, also) in enumerate(drawn):
        event = {"summary": f"Event {number}", "begin": begin, "end": begin + dt.timedelta(days)}
        if timed:
            event["begin"] = dt.datetime.combine(begin, dt.time(9))
            event["end"] = event["begin"] + dt.timedelta(days=days, hours=1)
        if weeks:
            # a short series, so that every occurrence of some is excepted
            until = begin + dt.timedelta(weeks=weeks * 2)
            event["repeat"] = {"interval": {"weeks": weeks}, "until": until}
            if excepted:
                every = range(0, excepted * weeks * 7, weeks * 7)
                event["repeat"]["except_on"] = [begin + dt.timedelta(days) for days in every]
            if also:
                event["repeat"]["also_on"] = [until + dt.timedelta(days=30)]
        events.append(event)
    path = tmp_path / "drawn.yml"
    path.write_text(yaml.safe_dump({"name": "Drawn", "events": events}))
    read = FileEvents(EventsFileReader(str(path)).read())
    one_by_one = [
        occurrence
        for event in read
        if is_upcoming(occurrence := event.occurrence(call_date), call_date, horizon, past)
    ]
    assert read.upcoming(call_date, horizon, past) == one_by_one


@pytest.mark.parametrize(
    ("call_date", "horizon"),
    [(dt.date(1, 1, 5), 7), (dt.date(9999, 12, 2), 100), (dt.date(9999, 12, 31), -1)],
)
def test_calls_at_the_ends_of_the_calendar_list_their_events_without_an_error(
    tmp_path, call_date, horizon
):
    first_days = {"summary": "First days", "begin": dt.date(1, 1, 1), "end": dt.date(1, 1, 20)}
    last_days = {
        "summary": "Last days",
        "begin": dt.date(9999, 12, 1),
        "end": dt.date(9999, 12, 31),
    }
    path = tmp_path / "ends.yml"
    path.write_text(yaml.safe_dump({"name": "Ends", "events": [first_days, last_days]}))
    read = FileEvents(EventsFileReader(str(path)).read())
    one_by_one = [event for event in read if is_upcoming(event, call_date, horizon, False)]
    assert read.upcoming(call_date, horizon, False) == one_by_one
    assert len(one_by_one) == 1


LAST_DAYS_CALENDAR = """\
name: Ends
events:
  - summary: Last days
    begin: 9999-12-01
    end: 9999-12-31
  - summary: Weekly to the end
    begin: 9999-11-04 10:00:00
    duration:
      hours: 1
    repeat:
      interval:
        weeks: 1
      until: 9999-12-31
"""


@pytest.mark.parametrize("builder", ["html", "revealjs"])
def test_events_on_the_last_days_a_date_can_hold_build_and_reach_events_ics(tmp_path, builder):
    deck = (
        "---\ncall-date: 9999-12-02\n---\n\n# Call\n\n:::{upcoming-events}\n"
        ":source: /cal.yml\n:horizon: 100\n:::\n"
    )
    root = write_project(tmp_path, {"community-calls/9999-12-02.md": deck}, conf=CONF)
    (root / "cal.yml").write_text(LAST_DAYS_CALENDAR)
    result = build(root, builder)
    assert not result.failed, result.warning_lines()
    titles = [
        event.title for event in result.app.env.scscall_calls["community-calls/9999-12-02"].events
    ]
    assert titles == [entry["summary"] for entry in entries(LAST_DAYS_CALENDAR)]
    if builder == "html":
        written = entries(LAST_DAYS_CALENDAR)[0]
        last_days = ics_events(result)[written["summary"]]
        # no day after 9999-12-31 for an exclusive DTEND: the length instead
        assert "DTEND" not in last_days
        length = written["end"] - written["begin"] + dt.timedelta(days=1)
        assert last_days.decoded("DURATION") == length
