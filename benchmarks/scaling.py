"""How the HTML build time grows with the number of call decks.

Generates N weekly call decks (three team reports with two topics each, an
events list) and builds them as HTML three ways, each in a fresh process:

* ``scscall``: with the extension; the decks are in no toctree, an index page
  holds ``call-archive``, a ``team-timeline`` and ``reporter-index``, and the
  team pages are generated.
* ``plain-toctree``: plain Sphinx + myst-parser, the same decks with the
  directives written out as headings, in a ``:glob:`` toctree with
  ``:titlesonly:`` and ``:maxdepth: 1`` (the usual way to list them).
* ``plain-orphans``: plain Sphinx + myst-parser, the same decks as orphans,
  linked from a list on the index page (no toctree at all).

Usage: ``python benchmarks/scaling.py [--sizes 50 100 200 400] [--repeat 1]``.
Prints the best CPU time of ``--repeat`` runs per size and variant, and the ratios
the archive issue sets as targets (4x decks <= 4.4x time; scscall <= 1.15x the
plain twin at 100 decks).
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

TEAMS = ("iaas", "container", "ops", "standardization", "iam")
VARIANTS = ("scscall", "plain-toctree", "plain-orphans")
FIRST_CALL = dt.date(2017, 1, 5)  # a Thursday


def call_date(number: int) -> dt.date:
    return FIRST_CALL + dt.timedelta(weeks=number)


def report(number: int, slot: int, plain: bool) -> str:
    team = TEAMS[(number + slot) % len(TEAMS)]
    topics = [f"Topic {number}.{slot}.{index} about the cluster stacks" for index in (1, 2)]
    body = "".join(
        f"## {topic}\n\n- progress on item {number}\n- next steps\n\n" for topic in topics
    )
    if plain:
        return f"## Team {team}\n\nReport by @reporter{slot}\n\n" + body.replace("## ", "### ")
    return f":::{{team-report}} {team}\n:reporter: reporter{slot}, @fkr\n\n{body}:::\n\n"


def deck(number: int, plain: bool) -> str:
    date = call_date(number)
    event = f"{(date + dt.timedelta(days=10)).isoformat()} Meetup number {number}"
    reports = "".join(report(number, slot, plain) for slot in range(3))
    if plain:
        front = "---\norphan: true\n---\n" if plain == "orphans" else ""
        return f"{front}# Call {number}\n\n{reports}## Upcoming events\n\n- {event}\n"
    events = f":::{{upcoming-events}}\n\n- {event}\n:::\n"
    return f"---\ncall-presenter: fkr\n---\n# Call {number}\n\n{reports}{events}"


def index(variant: str, count: int) -> str:
    if variant == "scscall":
        return (
            "# Community calls\n\n:::{call-archive}\n:::\n\n## Team IaaS\n\n"
            ":::{team-timeline} iaas\n:::\n\n## Reporters\n\n:::{reporter-index}\n:::\n"
        )
    if variant == "plain-toctree":
        return (
            "# Community calls\n\n```{toctree}\n:glob:\n:titlesonly:\n:maxdepth: 1\n:reversed:\n\n"
            "community-calls/*\n```\n"
        )
    links = "".join(
        f"- [{call_date(n)}](community-calls/{call_date(n)}.md)\n" for n in reversed(range(count))
    )
    return f"# Community calls\n\n{links}"


def conf(variant: str) -> str:
    extensions = ["sphinxcontrib_scscall"] if variant == "scscall" else ["myst_parser"]
    return f'extensions = {extensions!r}\nexclude_patterns = ["_build"]\nhtml_theme = "alabaster"\n'


def write_project(root: Path, variant: str, count: int) -> None:
    plain = {"scscall": False, "plain-toctree": "toctree", "plain-orphans": "orphans"}[variant]
    (root / "community-calls").mkdir(parents=True)
    (root / "conf.py").write_text(conf(variant))
    (root / "index.md").write_text(index(variant, count))
    for number in range(count):
        path = root / "community-calls" / f"{call_date(number).isoformat()}.md"
        path.write_text(deck(number, plain))


def build_seconds(root: Path) -> float:
    """CPU seconds (user + system) of one full build in a fresh process.

    CPU time rather than wall time, so other work on the machine does not skew it.
    """
    command = [
        sys.executable,
        "-m",
        "sphinx",
        "-q",
        "-E",
        "-b",
        "html",
        str(root),
        str(root / "_build"),
    ]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, check=True, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def measure(variant: str, count: int, repeat: int) -> float:
    with tempfile.TemporaryDirectory(prefix=f"scscall-{variant}-{count}-") as folder:
        root = Path(folder)
        write_project(root, variant, count)
        return min(build_seconds(root) for _ in range(repeat))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 100, 200, 400])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--variants", nargs="+", choices=VARIANTS, default=list(VARIANTS))
    args = parser.parse_args()

    times: dict[tuple[str, int], float] = {}
    print(f"{'decks':>6}" + "".join(f"{variant:>16}" for variant in args.variants))
    for count in args.sizes:
        for variant in args.variants:
            times[variant, count] = measure(variant, count, args.repeat)
        print(f"{count:>6}" + "".join(f"{times[v, count]:>15.2f}s" for v in args.variants))

    print()
    for variant in args.variants:
        for count in args.sizes:
            if 4 * count in args.sizes:
                growth = times[variant, 4 * count] / times[variant, count]
                print(f"{variant}: {count} -> {4 * count} decks costs {growth:.2f}x the time")
    if 100 in args.sizes and "scscall" in args.variants:
        for twin in (v for v in args.variants if v != "scscall"):
            ratio = times["scscall", 100] / times[twin, 100]
            print(f"scscall / {twin} at 100 decks: {ratio:.2f}x")


if __name__ == "__main__":
    main()
