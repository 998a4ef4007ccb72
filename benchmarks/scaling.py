"""How the HTML build time grows with the number of call decks.

Builds N synthetic call decks (see :mod:`decks`) as HTML three ways, each build
a fresh ``sphinx-build -E`` process:

* ``scscall``: with the extension; the decks are in no toctree, the index page
  holds a ``call-archive``, and the team pages are generated.
* ``plain-orphans``: plain Sphinx + myst-parser + sphinx-revealjs, the same
  decks as orphans with the directives written out, linked from a list on the
  index page (no toctree at all).
* ``plain-toctree``: the same plain decks in a ``:glob:`` toctree with
  ``:titlesonly:`` and ``:maxdepth: 1`` (the usual way to list them).

Usage: ``python benchmarks/scaling.py [--sizes 50 100 200 400] [--repeat 1]``.
Prints the best CPU time of ``--repeat`` runs per size and variant, and the ratios
the archive issue sets as targets (4x decks <= 4.4x time; scscall <= 1.15x the
plain twin at 100 decks). ``benchmarks/bench.py`` measures more (both builders,
memory, incremental and parallel builds).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import decks
from bench import sphinx_build

VARIANTS = decks.VARIANTS


def measure(variant: str, count: int, repeat: int, seed: int) -> float:
    with tempfile.TemporaryDirectory(prefix=f"scscall-{variant}-{count}-") as folder:
        root = Path(folder)
        decks.write_project(root, variant, decks.generate_decks(count, seed))
        return min(sphinx_build(root, "html").cpu for _ in range(repeat))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 100, 200, 400])
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--variants", nargs="+", choices=VARIANTS, default=list(VARIANTS))
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    times: dict[tuple[str, int], float] = {}
    print(f"{'decks':>6}" + "".join(f"{variant:>16}" for variant in args.variants))
    for count in args.sizes:
        for variant in args.variants:
            times[variant, count] = measure(variant, count, args.repeat, args.seed)
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
