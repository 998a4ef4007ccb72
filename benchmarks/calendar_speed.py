"""What a calendar file of 1,000 events adds to a build (target: under 0.5 s).

Builds one project of 20 call decks twice per builder, each a fresh
``sphinx-build -E -W`` process: with ``scscall_events_file`` naming a calendar
of one event, and naming a yaml2ics calendar of 1,000 events (one in ten
repeating, some with exceptions, descriptions, places and links). Every deck
has an ``upcoming-events`` block, so each deck reads the calendar's events and
resolves the repeating ones for its date. Prints the median CPU seconds of
each and the difference, then the parts of it measured in this process: reading
the calendar, resolving it for every deck's date, and rendering ``events.ics``.

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
from sphinxcontrib_scscall.events import is_upcoming, load_events_file, unique_events

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


def calendar(count: int, years: int, seed: int = 7) -> str:
    """A yaml2ics calendar of *count* events spread over *years* around the decks' dates."""
    rng = random.Random(seed)
    lines = ["name: Benchmark calendar", "timezone: Europe/Berlin", "", "events:"]
    earliest = FIRST_CALL - dt.timedelta(days=years * 365 // 2)
    for number in range(count):
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
    return "\n".join(lines) + "\n"


def write_project(root: Path, events: int, years: int) -> Path:
    decks = root / "community-calls"
    decks.mkdir(parents=True)
    (root / "conf.py").write_text(CONF)
    (root / "index.md").write_text("# Calls\n\n:::{call-archive}\n:::\n")
    (root / "calendar.yml").write_text(calendar(events, years))
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


def shown_per_deck(path: Path) -> float:
    """How many of the calendar's events a deck shows, on average."""
    events = load_events_file(path)
    calls = [FIRST_CALL + dt.timedelta(weeks=number) for number in range(DECKS)]
    shown = [
        sum(is_upcoming(event.occurrence(call), call, HORIZON, False) for event in events)
        for call in calls
    ]
    return statistics.mean(shown)


def parts(path: Path, repeat: int) -> dict[str, float]:
    """CPU seconds of the calendar's own work, each part on its own."""

    def read():
        events_module.forget_loaded_files()
        return load_events_file(path)

    events = read()
    calls = [FIRST_CALL + dt.timedelta(weeks=number) for number in range(DECKS)]

    def resolve():
        for call in calls:
            unique_events(
                occurrence
                for event in events
                if is_upcoming(occurrence := event.occurrence(call), call, HORIZON, False)
            )

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
        small = write_project(Path(workdir) / "one", 1, args.years)
        large = write_project(Path(workdir) / "many", EVENTS, args.years)
        shown = shown_per_deck(large / "calendar.yml")
        print(f"{EVENTS} events over {args.years} years; each deck shows {shown:.0f} of them\n")
        print(f"| builder | 1 event (s CPU) | {EVENTS} events (s CPU) | added (s) |")
        print("| --- | --- | --- | --- |")
        for builder in BUILDERS:
            base = clean_builds(small, builder, args.repeat)
            with_calendar = clean_builds(large, builder, args.repeat)
            added = with_calendar.cpu - base.cpu
            failed |= added >= MAX_ADDED_SECONDS
            print(f"| {builder} | {base.cpu:.2f} | {with_calendar.cpu:.2f} | {added:+.2f} |")
        print()
        print(f"| part ({EVENTS} events) | s CPU |")
        print("| --- | --- |")
        for name, seconds in parts(large / "calendar.yml", args.repeat).items():
            print(f"| {name} | {seconds:.2f} |")
    print(f"target: under {MAX_ADDED_SECONDS} s added: {'missed' if failed else 'met'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
