"""Build cost of the extension against its plain-Sphinx twin, for both builders.

For each number of decks and each builder (``html``, ``revealjs``) it builds
the synthetic decks of :mod:`decks` as the extension's project with every
default on (generated team pages, feeds, listings, report search:
``scscall-team-pages``), as the same without the team pages (``scscall``) and
as the plain twin, each build a fresh ``sphinx-build -E`` process without an
output folder, round robin, and reports the median CPU time, wall time and
peak memory of the child. Then, at N=200, the rebuild after editing one deck
and the ``-j 2`` speed-up of the extension and of the twin. It prints Markdown
tables and checks the targets of issue #13.

Usage::

    python benchmarks/bench.py              # N = 100, 200, 400; 3 builds each
    python benchmarks/bench.py --quick      # N = 20, 40; 1 build each (smoke test)
    python benchmarks/bench.py --real DIR   # also build a folder of real decks

CPU time (user + system of the child and its workers, Pagefind included) is
the steadier figure: other work on the machine stretches wall time but not CPU
time. Wall time is what a reader waits for; Pagefind runs beside the writing
of the pages, so it shows in CPU more than in wall time.
"""

from __future__ import annotations

import argparse
import compileall
import functools
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import decks

import sphinxcontrib_scscall

BUILDERS = ("html", "revealjs")
EXTENSION, TWIN, _TOCTREE_TWIN, WITH_TEAM_PAGES = decks.VARIANTS
MAX_TWIN_RATIO = 1.10
MAX_GROWTH_400_100 = 4.2
MAX_INCREMENTAL_SHARE = 0.15
MIN_PARALLEL_SPEEDUP = 1.5
MAX_PEAK_RATIO_AT_400 = 1.2


@functools.cache
def compile_package() -> None:
    """Write the extension's bytecode, as installing it from a wheel does.

    An editable install run with PYTHONDONTWRITEBYTECODE would compile every module
    in every build, which the twin's installed packages never do.
    """
    compileall.compile_dir(Path(sphinxcontrib_scscall.__file__).parent, quiet=1)


@dataclass(frozen=True)
class Run:
    cpu: float  # seconds, user + system
    wall: float  # seconds
    peak_mb: float  # the largest resident set of the build's processes


def sphinx_build(
    source: Path, builder: str, *, clean: bool = True, jobs: int = 1, strict: bool = True
) -> Run:
    """One ``sphinx-build`` in a fresh process; its own resource usage via wait4.

    A clean build starts without an output folder (and so without doctrees and
    feeds to reuse); *strict* makes any warning an error.
    """
    compile_package()
    outdir = source / "_build" / builder
    command = [sys.executable, "-m", "sphinx", "-q", "-b", builder, "-j", str(jobs)]
    if clean:
        shutil.rmtree(outdir, ignore_errors=True)
        command.append("-E")
    command += ["-W"] if strict else []
    command += [str(source), str(outdir)]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = process.stderr.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise RuntimeError(f"{' '.join(command)} failed:\n{stderr.decode()}")
    # the usage of a waited-for child includes that of its own waited-for workers (-j)
    return Run(usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024)


def median_run(runs: list[Run]) -> Run:
    return Run(
        statistics.median(run.cpu for run in runs),
        statistics.median(run.wall for run in runs),
        statistics.median(run.peak_mb for run in runs),
    )


def clean_builds(
    source: Path, builder: str, repeat: int, jobs: int = 1, strict: bool = True
) -> Run:
    runs = [sphinx_build(source, builder, jobs=jobs, strict=strict) for _ in range(repeat)]
    return median_run(runs)


def incremental_builds(source: Path, builder: str, deck_list, repeat: int) -> Run:
    """Rebuilds without ``-E``, each after editing one deck, following one clean build."""
    sphinx_build(source, builder)
    runs = []
    for _ in range(repeat):
        decks.edit_one_deck(source, deck_list)
        runs.append(sphinx_build(source, builder, clean=False))
    return median_run(runs)


def project(workdir: Path, variant: str, deck_list) -> Path:
    root = workdir / f"{variant}-{len(deck_list)}"
    if not root.exists():
        decks.write_project(root, variant, deck_list)
    return root


def real_project(workdir: Path, real: Path) -> Path:
    """The extension's project around a folder of real decks (``scscall import`` output)."""
    root = workdir / "real"
    shutil.copytree(real, root / "community-calls")
    (root / "conf.py").write_text(decks.conf_source(WITH_TEAM_PAGES))
    (root / "index.md").write_text(decks.index_source(WITH_TEAM_PAGES, []))
    return root


def ok(met: bool) -> str:
    return "met" if met else "**missed**"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="N = 20, 40; one build each")
    parser.add_argument("--sizes", type=int, nargs="+", help="numbers of decks")
    parser.add_argument("--repeat", type=int, help="clean builds per figure (median)")
    parser.add_argument("--builders", nargs="+", choices=BUILDERS, default=list(BUILDERS))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--real", type=Path, help="a folder of real call decks to build as well")
    args = parser.parse_args()
    sizes = args.sizes or ([20, 40] if args.quick else [100, 200, 400])
    repeat = args.repeat or (1 if args.quick else 3)
    # the incremental and -j figures are taken at N=200 (the middle size with --quick)
    probe_size = 200 if 200 in sizes else sizes[len(sizes) // 2]
    compared = (WITH_TEAM_PAGES, EXTENSION, TWIN)
    with tempfile.TemporaryDirectory(prefix="scscall-bench-") as folder:
        workdir = Path(folder)
        clean: dict[tuple[str, str, int], Run] = {}
        print(f"clean builds, median of {repeat}; CPU and wall in seconds, peak memory in MB\n")
        print(
            "| N | builder | defaults CPU | wall | peak MB | no team pages CPU | plain CPU | wall "
            "| peak MB | defaults/plain CPU | wall | peak |"
        )
        print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for count in sizes:
            deck_list = decks.generate_decks(count, args.seed)
            for builder in args.builders:
                sources = [project(workdir, variant, deck_list) for variant in compared]
                # round robin, so a change in the machine's speed hits every variant alike
                runs = [
                    [sphinx_build(source, builder) for source in sources] for _ in range(repeat)
                ]
                for variant, of_variant in zip(compared, zip(*runs, strict=True), strict=True):
                    clean[variant, builder, count] = median_run(list(of_variant))
                ext, bare, twin = (clean[v, builder, count] for v in compared)
                print(
                    f"| {count} | {builder} | {ext.cpu:.2f} | {ext.wall:.2f} | {ext.peak_mb:.0f} "
                    f"| {bare.cpu:.2f} | {twin.cpu:.2f} | {twin.wall:.2f} | {twin.peak_mb:.0f} "
                    f"| {ext.cpu / twin.cpu:.2f} | {ext.wall / twin.wall:.2f} "
                    f"| {ext.peak_mb / twin.peak_mb:.2f} |",
                    flush=True,
                )
        print(f"\nN={probe_size}: median of {repeat}\n")
        print(
            "| builder | one-deck rebuild CPU | share of clean | plain twin's share "
            "| -j 1 wall | -j 2 wall | -j 2 speed-up | plain -j 2 speed-up |"
        )
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        deck_list = decks.generate_decks(probe_size, args.seed)
        incremental: dict[str, float] = {}
        speedup: dict[str, float] = {}
        for builder in args.builders:
            shares, speedups = {}, {}
            for variant in (WITH_TEAM_PAGES, TWIN):
                source = project(workdir, variant, deck_list)
                rebuild = incremental_builds(source, builder, deck_list, repeat)
                shares[variant] = rebuild.cpu / clean[variant, builder, probe_size].cpu
                serial = clean_builds(source, builder, repeat)
                # plain sphinx-revealjs says it is unsafe for parallel reading: the twin
                # warns and reads serially (the extension vouches for it, see __init__.py)
                parallel = clean_builds(source, builder, repeat, jobs=2, strict=variant != TWIN)
                speedups[variant] = (serial.wall / parallel.wall, serial, parallel)
            incremental[builder] = shares[WITH_TEAM_PAGES]
            ratio, serial, parallel = speedups[WITH_TEAM_PAGES]
            speedup[builder] = ratio
            print(
                f"| {builder} | {shares[WITH_TEAM_PAGES] * clean[WITH_TEAM_PAGES, builder, probe_size].cpu:.2f} "
                f"| {shares[WITH_TEAM_PAGES]:.0%} | {shares[TWIN]:.0%} | {serial.wall:.2f} "
                f"| {parallel.wall:.2f} | {ratio:.2f}x | {speedups[TWIN][0]:.2f}x |",
                flush=True,
            )
        if args.real:
            source = real_project(workdir, args.real)
            count = len(list((source / "community-calls").rglob("*.md")))
            print(f"\nreal decks ({count} files from {args.real}), with the extension\n")
            print("| builder | CPU | wall | peak MB |\n|---|---:|---:|---:|")
            for builder in args.builders:
                run = clean_builds(source, builder, repeat, strict=False)
                print(f"| {builder} | {run.cpu:.2f} | {run.wall:.2f} | {run.peak_mb:.0f} |")
    print("\ntargets (every default on, against the plain twin)\n")
    for builder in args.builders:
        for figure in ("cpu", "wall"):
            worst = max(
                getattr(clean[WITH_TEAM_PAGES, builder, n], figure)
                / getattr(clean[TWIN, builder, n], figure)
                for n in sizes
            )
            print(
                f"- {builder}: {figure} at most {MAX_TWIN_RATIO}x the twin's: {worst:.2f}x, "
                f"{ok(worst <= MAX_TWIN_RATIO)}"
            )
        if {100, 400} <= set(sizes):
            growth = (
                clean[WITH_TEAM_PAGES, builder, 400].cpu / clean[WITH_TEAM_PAGES, builder, 100].cpu
            )
            print(
                f"- {builder}: 400/100 decks at most {MAX_GROWTH_400_100}x: {growth:.2f}x, "
                f"{ok(growth <= MAX_GROWTH_400_100)}"
            )
        share = incremental[builder]
        print(
            f"- {builder}: one-deck rebuild at N={probe_size} at most "
            f"{MAX_INCREMENTAL_SHARE:.0%}: {share:.0%}, {ok(share <= MAX_INCREMENTAL_SHARE)}"
        )
        print(
            f"- {builder}: -j 2 at least {MIN_PARALLEL_SPEEDUP}x faster at N={probe_size}: "
            f"{speedup[builder]:.2f}x, {ok(speedup[builder] >= MIN_PARALLEL_SPEEDUP)}"
        )
        if 400 in sizes:
            peak = clean[WITH_TEAM_PAGES, builder, 400].peak_mb / clean[TWIN, builder, 400].peak_mb
            print(
                f"- {builder}: peak memory at N=400 at most {MAX_PEAK_RATIO_AT_400}x the twin's: "
                f"{peak:.2f}x, {ok(peak <= MAX_PEAK_RATIO_AT_400)}"
            )


if __name__ == "__main__":
    main()
