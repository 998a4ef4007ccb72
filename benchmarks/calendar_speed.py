"""What a calendar file of 1,000 events adds to a build (target: under 0.5 s).

Builds one project of 20 call decks per builder, each a fresh ``sphinx-build
-E -W`` process, with ``scscall_events_file`` naming a yaml2ics calendar of
1,000 events (one in ten repeating, some with exceptions, descriptions, places
and links). Every deck has an ``upcoming-events`` block, so each deck reads the
calendar's events and resolves the repeating ones for its date. It is compared
with two smaller calendars:

* *the shown events*: only the events some deck shows (the same entries of the
  same file). The decks are the same pages, so the difference is what the
  calendar's size costs: reading, resolving and writing ``events.ics`` for the
  events no deck shows. This is the target's figure.
* *one event*: the decks then show one event instead of about 44; the difference
  also holds the cost of those list items on every page and slide, printed for
  comparison.

Then the parts measured in this process: reading the calendar, resolving it for
every deck's date, and rendering ``events.ics``. All figures are median CPU
seconds, the builds round robin.

Usage::

    python benchmarks/calendar_speed.py             # 20 decks, 3 builds each
    python benchmarks/calendar_speed.py --repeat 1  # a quick look
    python benchmarks/calendar_speed.py --years 3   # a denser calendar: more events per deck
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
import types
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench import clean_builds

from sphinxcontrib_scscall import events as events_module
from sphinxcontrib_scscall.archive.feeds import render_ics
from sphinxcontrib_scscall.events import (
    FileEvents,
    is_upcoming,
    load_events_file,
    unique_events,
)

BUILDERS = ("html", "revealjs")
EVENTS = 1_000
DECKS = 20
MAX_ADDED_SECONDS = 0.5
#: days ahead that each deck lists, as in the demo archive
HORIZON = 120
FIRST_CALL = dt.date(2031, 1, 2)
CONF = """\
extensions = ["sphinxcontrib_scscall"]
exclude_patterns = ["_build"]
scscall_search = "sphinx"
scscall_events_file = "calendar.yml"
"""


def calendar(count: int, years: int, seed: int = 7, keep=lambda number: True) -> str:
    """A yaml2ics calendar of *count* events spread over *years* around the decks' dates.

    *keep* picks events by number; the others are drawn but left out, so a kept
    event is the same entry as in the whole calendar.
    """
    return "\n".join(calendar_lines(count, years, seed, keep)) + "\n"


def calendar_lines(count: int, years: int, seed: int, keep) -> list[str]:
    rng = random.Random(seed)
    header = ["name: Benchmark calendar", "timezone: Europe/Berlin", "", "events:"]
    kept = []
    earliest = FIRST_CALL - dt.timedelta(days=years * 365 // 2)
    for number in range(count):
        lines = []
        day = earliest + dt.timedelta(days=rng.randrange(years * 365))
        lines.append(f'  - summary: "Event {number}: {rng.choice(["Meetup", "Talk", "Day"])}"')
        if rng.random() < 0.5:
            lines += [f"    begin: {day} {rng.randrange(8, 19):02d}:00:00", "    duration:"]
            lines.append(f"      minutes: {rng.choice([30, 60, 90])}")
        else:
            lines.append(f"    begin: {day}")
            lines.append(f"    end: {day + dt.timedelta(days=rng.randrange(3))}")
        if rng.random() < 0.5:
            lines.append(f"    location: https://example.org/room/{number}")
        if rng.random() < 0.3:
            lines.append(f"    url: https://example.org/event/{number}")
        if rng.random() < 0.3:
            lines += ["    description: |", f"      What happens at event {number}."]
        if number % 10 == 0:
            lines += ["    repeat:", "      interval:", "        weeks: 2"]
            lines.append(f"      until: {day + dt.timedelta(days=365)}")
            if rng.random() < 0.5:
                lines += ["      except_on:", f"        - {day + dt.timedelta(weeks=4)}"]
        if keep(number):
            kept += lines
    return header + kept


def write_project(root: Path, calendar_text: str) -> Path:
    decks = root / "community-calls"
    decks.mkdir(parents=True)
    (root / "conf.py").write_text(CONF)
    (root / "index.md").write_text("# Calls\n\n:::{call-archive}\n:::\n")
    (root / "calendar.yml").write_text(calendar_text)
    for number in range(DECKS):
        date = FIRST_CALL + dt.timedelta(weeks=number)
        (decks / f"{date}.md").write_text(
            f"---\ncall-date: {date}\n---\n\n# Call {date}\n\n"
            f":::{{upcoming-events}}\n:horizon: {HORIZON}\n\n"
            f"- {date + dt.timedelta(days=3)} Event written in the deck\n:::\n"
        )
    return root


def cpu_seconds(work, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.process_time()
        work()
        times.append(time.process_time() - started)
    return statistics.median(times)


def shown_events(path: Path) -> tuple[float, set[int]]:
    """How many of the calendar's events a deck shows on average, and which (by number)."""
    events = load_events_file(path)
    calls = [FIRST_CALL + dt.timedelta(weeks=number) for number in range(DECKS)]
    shown = [
        {
            event.title
            for event in events
            if is_upcoming(event.occurrence(call), call, HORIZON, False)
        }
        for call in calls
    ]
    numbers = {
        int(title.split(":")[0].removeprefix("Event ")) for titles in shown for title in titles
    }
    return statistics.mean(len(titles) for titles in shown), numbers


def parts(path: Path, repeat: int) -> dict[str, float]:
    """CPU seconds of the calendar's own work, each part on its own."""

    def read():
        events_module.forget_loaded_files()
        return load_events_file(path)

    events = read()
    calls = [FIRST_CALL + dt.timedelta(weeks=number) for number in range(DECKS)]

    def resolve():
        indexed = FileEvents(events)  # its lookup by start built anew, as in every build
        for call in calls:
            unique_events(indexed.upcoming(call, HORIZON, False))

    app = types.SimpleNamespace(config=types.SimpleNamespace(project="Benchmark"))
    return {
        "read the calendar": cpu_seconds(read, repeat),
        f"resolve it for {DECKS} decks": cpu_seconds(resolve, repeat),
        "render events.ics": cpu_seconds(lambda: render_ics(app, list(events)), repeat),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="builds per measurement")
    parser.add_argument(
        "--years", type=int, default=10, help="the years the calendar's events spread over"
    )
    args = parser.parse_args()
    failed = False
    with tempfile.TemporaryDirectory() as workdir:
        root = Path(workdir)
        large = write_project(root / "many", calendar(EVENTS, args.years))
        per_deck, shown = shown_events(large / "calendar.yml")
        only_shown = write_project(
            root / "shown", calendar(EVENTS, args.years, keep=shown.__contains__)
        )
        one = write_project(root / "one", calendar(1, args.years))
        print(
            f"{EVENTS} events over {args.years} years; each deck shows {per_deck:.0f} of them, "
            f"{len(shown)} in all\n"
        )
        print(
            f"| builder | the {len(shown)} shown events | {EVENTS} events | added | "
            f"1 event | added (with the list items) |"
        )
        print("| --- | --- | --- | --- | --- | --- |")
        for builder in BUILDERS:
            runs = {project: [] for project in (only_shown, large, one)}
            for _ in range(args.repeat):  # round robin: a slower moment hits all alike
                for project, cpu in runs.items():
                    cpu.append(clean_builds(project, builder, 1).cpu)
            base, whole, single = (statistics.median(runs[p]) for p in (only_shown, large, one))
            added = whole - base
            failed |= added >= MAX_ADDED_SECONDS
            print(
                f"| {builder} | {base:.2f} | {whole:.2f} | {added:+.2f} | {single:.2f} | "
                f"{whole - single:+.2f} |"
            )
        print()
        print(f"| part ({EVENTS} events) | s CPU |")
        print("| --- | --- |")
        for name, seconds in parts(large / "calendar.yml", args.repeat).items():
            print(f"| {name} | {seconds:.2f} |")
    print(f"target: under {MAX_ADDED_SECONDS} s added: {'missed' if failed else 'met'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
