"""The cost of the ``actions`` and ``decision`` directives: a 400-deck archive with 3
action items and 1 decision in every report, against the same archive without them
(issue #12).

"Without them" is the same decks with the same text, the action items written as an
ordinary Markdown list (``- [ ] @owner text (due …)``) and each decision as a
paragraph: what authors wrote before the directives existed. The difference is what
the directives cost: checklists, owner links and ids, the actions and decisions in
the call records, the open actions and decisions on the team pages, in the team
feeds and on the index (``open-actions``, ``decision-log``, in both archives). Both
are the extension's defaults (generated team pages). Each figure is the median CPU
time (user + system) of clean ``sphinx-build -E -W`` processes, built round robin so
a change in the machine's speed hits both alike.

The CPU time includes Pagefind's, which indexes each team's actions and decisions of
a call as search records of their own (two more for every report here) in a process
beside Sphinx; ``--search sphinx`` builds both projects with ``scscall_search =
"sphinx"``, to tell that part from the rest.

Usage::

    python benchmarks/actions_speed.py              # N = 400, 3 builds each
    python benchmarks/actions_speed.py --quick      # N = 40, 1 build each (smoke test)
    python benchmarks/actions_speed.py --search sphinx   # without the Pagefind index
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import decks
from bench import BUILDERS, WITH_TEAM_PAGES, sphinx_build

ACTIONS_PER_REPORT = 3
MAX_RATIO = 1.10
INDEX = """\
# Community calls

:::{call-archive}
:::

## Open actions

:::{open-actions}
:::

## Decisions

:::{decision-log}
:::
"""


def write_project(
    root: Path, deck_list: list[decks.Deck], directives: bool, search: str = "default"
) -> Path:
    (root / "community-calls").mkdir(parents=True)
    conf = decks.conf_source(WITH_TEAM_PAGES)
    if search != "default":
        conf += f"scscall_search = {search!r}\n"
    (root / "conf.py").write_text(conf)
    (root / "index.md").write_text(INDEX)
    for deck in deck_list:
        source = decks.scscall_source(deck, plain_actions=not directives)
        (root / f"{deck.docname}.md").write_text(source)
    return root


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="N = 40; one build each")
    parser.add_argument("--decks", type=int, help="number of decks (default 400)")
    parser.add_argument("--repeat", type=int, help="clean builds per figure (median)")
    parser.add_argument("--builders", nargs="+", choices=BUILDERS, default=list(BUILDERS))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--search",
        choices=["default", "sphinx"],
        default="default",
        help="scscall_search of both projects (default: the extension's, Pagefind)",
    )
    args = parser.parse_args()
    count = args.decks or (40 if args.quick else 400)
    repeat = args.repeat or (1 if args.quick else 3)

    with tempfile.TemporaryDirectory(prefix="scscall-actions-") as folder:
        workdir = Path(folder)
        deck_list = decks.generate_decks(count, args.seed, actions=ACTIONS_PER_REPORT)
        sources = {
            "without": write_project(
                workdir / "without", deck_list, directives=False, search=args.search
            ),
            "with": write_project(workdir / "with", deck_list, directives=True, search=args.search),
        }
        print(
            f"N={count}, clean builds, median seconds of {repeat} (CPU, and wall time), "
            f"search: {args.search}\n"
        )
        print(
            "| builder | plain lists CPU | directives CPU | ratio | wall | wall | ratio | target |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|---|")
        worst = 0.0
        for builder in args.builders:
            runs: dict[str, list] = {name: [] for name in sources}
            for _ in range(repeat):
                for name, source in sources.items():
                    runs[name].append(sphinx_build(source, builder))
            (cpu_without, wall_without), (cpu_with, wall_with) = (
                (
                    statistics.median(run.cpu for run in runs[name]),
                    statistics.median(run.wall for run in runs[name]),
                )
                for name in sources
            )
            ratio = cpu_with / cpu_without
            worst = max(worst, ratio)
            verdict = "met" if ratio <= MAX_RATIO else "**missed**"
            print(
                f"| {builder} | {cpu_without:.2f} | {cpu_with:.2f} | {ratio:.3f} "
                f"| {wall_without:.2f} | {wall_with:.2f} | {wall_with / wall_without:.3f} "
                f"| CPU <= {MAX_RATIO}: {verdict} |",
                flush=True,
            )
    sys.exit(0 if worst <= MAX_RATIO else 1)


if __name__ == "__main__":
    main()
