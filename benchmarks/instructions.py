"""Build cost in instructions executed: ratios that do not move with the machine's load.

On a shared two-core machine the CPU time of one and the same clean build varies
by 15 % or more from run to run, so a few per cent between the extension and its
plain twin take many interleaved builds to see, and a change of 1 % cannot be
seen at all. The number of instructions a build executes, counted by valgrind
(``cachegrind`` without its cache simulation), varies by less than 0.1 % with a
fixed ``PYTHONHASHSEED``. It is no measure of time (memory stalls, garbage
collection's effect on caches and Pagefind's threads are not in it), but it
tells reliably whether a change made the build do more or less work.

Each pair is built at two sizes; from them, a fixed part (start-up: imports,
setup, the pages every project has) and a part per deck, and from those the
ratio projected at 100 and 400 decks. Pairs:

* ``twin``: the extension with its defaults against the plain twin (issue #13);
* ``actions``: decks with ``actions`` and ``decision`` blocks against the same
  text as plain lists and paragraphs (issue #12).

Only the ``sphinx-build`` process is counted: in the html build, Pagefind's
indexing runs in a child process and is left out (``bench.py`` has its CPU time).

Usage::

    python benchmarks/instructions.py                      # both pairs, revealjs
    python benchmarks/instructions.py --pairs twin --builders html revealjs
    python benchmarks/instructions.py --sizes 10 20        # quicker

Each build under valgrind takes about 50 times its usual time; two run at once.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import actions_speed
import decks
from bench import BUILDERS, TWIN, WITH_TEAM_PAGES, compile_package

PAIRS = ("twin", "actions")
INSTRUCTIONS_RE = re.compile(r"I\s+refs:\s+([\d,]+)")


def instructions(source: Path, builder: str) -> int:
    """Instructions executed by one clean ``sphinx-build`` of *source*."""
    outdir = source / "_build" / builder
    shutil.rmtree(outdir, ignore_errors=True)
    command = [
        "valgrind",
        "--tool=cachegrind",
        "--cache-sim=no",
        "--cachegrind-out-file=/dev/null",
        sys.executable,
        "-m",
        "sphinx",
        "-q",
        "-E",
        "-b",
        builder,
        str(source),
        str(outdir),
    ]
    # a fixed hash seed: dict and set order, and so the work done, is the same every run
    environment = {**os.environ, "PYTHONHASHSEED": "0"}
    result = subprocess.run(command, capture_output=True, text=True, env=environment)
    match = INSTRUCTIONS_RE.search(result.stderr)
    if result.returncode or match is None:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stderr[-2000:]}")
    return int(match.group(1).replace(",", ""))


def pair_projects(workdir: Path, pair: str, count: int) -> tuple[Path, Path]:
    """(the extension's project, the one it is compared with) of *count* decks."""
    root = workdir / f"{pair}-{count}"
    if pair == "twin":
        deck_list = decks.generate_decks(count, 0)
        for variant in (WITH_TEAM_PAGES, TWIN):
            decks.write_project(root / variant, variant, deck_list)
        return root / WITH_TEAM_PAGES, root / TWIN
    deck_list = decks.generate_decks(count, 0, actions=actions_speed.ACTIONS_PER_REPORT)
    return (
        actions_speed.write_project(root / "with", deck_list, directives=True),
        actions_speed.write_project(root / "without", deck_list, directives=False),
    )


def projected(small: tuple[int, int], large: tuple[int, int], count: int) -> float:
    """Instructions at *count* decks, on the line through (size, instructions) pairs."""
    per_deck = (large[1] - small[1]) / (large[0] - small[0])
    return small[1] + per_deck * (count - small[0])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", nargs="+", choices=PAIRS, default=list(PAIRS))
    parser.add_argument("--builders", nargs="+", choices=BUILDERS, default=["revealjs"])
    parser.add_argument("--sizes", type=int, nargs=2, default=[20, 40], metavar=("N1", "N2"))
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        print("valgrind is not installed (Debian: apt install valgrind)")
        return 1
    compile_package()
    small, large = sorted(args.sizes)
    print("instructions executed by clean builds, in billions (G); ratio = extension / other\n")
    print(
        f"| pair | builder | N={small} | other | N={large} | other | per deck | other "
        "| ratio at 100 | at 400 |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory(prefix="scscall-instructions-") as folder:
        workdir = Path(folder)
        for pair in args.pairs:
            projects = {count: pair_projects(workdir, pair, count) for count in (small, large)}
            for builder in args.builders:
                jobs = [(count, side) for count in (small, large) for side in (0, 1)]
                sources = [projects[count][side] for count, side in jobs]
                with ThreadPoolExecutor(max_workers=2) as pool:
                    built = pool.map(instructions, sources, [builder] * len(sources))
                    counted = dict(zip(jobs, built, strict=True))
                ours = [(count, counted[count, 0]) for count in (small, large)]
                theirs = [(count, counted[count, 1]) for count in (small, large)]
                ratios = [projected(*ours, n) / projected(*theirs, n) for n in (100, 400)]
                print(
                    f"| {pair} | {builder} | {ours[0][1] / 1e9:.3f} | {theirs[0][1] / 1e9:.3f} "
                    f"| {ours[1][1] / 1e9:.3f} | {theirs[1][1] / 1e9:.3f} "
                    f"| {(ours[1][1] - ours[0][1]) / (large - small) / 1e9:.4f} "
                    f"| {(theirs[1][1] - theirs[0][1]) / (large - small) / 1e9:.4f} "
                    f"| {ratios[0]:.3f} | {ratios[1]:.3f} |",
                    flush=True,
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
