"""How fast ``scscall import`` converts decks, and how faithful the slide count is.

Converts 100 decks in memory (the real decks of ../shared/corpus and the
Community Meeting example, repeated in turn; the example alone when the corpus
is absent) and prints the time; the target is under 3 s. With ``--slides``
it also imports and builds the corpus and the example with the slide builder
and compares each slide deck's slide count with HedgeDoc's.

    python benchmarks/import_speed.py [--count 100] [--slides]
"""

from __future__ import annotations

import argparse
import itertools
import sys
import tempfile
import time
from pathlib import Path

from bs4 import BeautifulSoup

from sphinxcontrib_scscall.commands import main
from sphinxcontrib_scscall.dates import date_from_docname
from sphinxcontrib_scscall.importer.convert import convert
from sphinxcontrib_scscall.importer.hedgedoc import decode, parse_source
from sphinxcontrib_scscall.teams import DEFAULT_TEAMS, TeamRegistry
from sphinxcontrib_scscall.testing import build, write_project

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPUS = SHARED / "corpus" / "community-call"
EXAMPLE = SHARED / "examples" / "community-meeting-20310117.md"


def sources() -> list[Path]:
    decks = sorted(p for p in CORPUS.glob("*.md") if date_from_docname(p.stem))
    return [*decks, EXAMPLE] if EXAMPLE.is_file() else decks


def import_speed(count: int) -> tuple[float, float]:
    """(wall-clock seconds, CPU seconds) of converting *count* decks."""
    registry = TeamRegistry(DEFAULT_TEAMS)
    texts = [(path.name, path.read_bytes()) for path in sources()]
    started, started_cpu = time.perf_counter(), time.process_time()
    for name, data in itertools.islice(itertools.cycle(texts), count):
        conversion, report = convert(data, name, None, registry)
        assert conversion is not None, report.error
    return time.perf_counter() - started, time.process_time() - started_cpu


def slide_counts() -> list[tuple[str, int, int]]:
    """(deck, HedgeDoc's slides, built slides) of every slide deck."""
    results = []
    with tempfile.TemporaryDirectory() as folder:
        project = write_project(Path(folder) / "docs", {})
        out = project / "community-calls"
        assert main(["import", *map(str, sources()), "--out", str(out), "--quiet"]) == 0
        built = build(project, "revealjs")
        for path in sources():
            source = parse_source(decode(path.read_bytes()))
            if not source.is_slide_deck:
                continue
            docname = f"community-calls/{date_from_docname(path.stem).isoformat()}"
            page: BeautifulSoup = built.html(docname)
            slides = [s for s in page.select(".slides section") if not s.find("section")]
            results.append((path.name, sum(map(len, source.slides)), len(slides)))
    return results


def run(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--slides", action="store_true")
    args = parser.parse_args(argv)
    if not sources():
        print("no decks: ../shared/corpus and ../shared/examples are absent")
        return 1
    seconds, cpu_seconds = import_speed(args.count)
    # on a shared machine the CPU time is the steadier figure
    print(
        f"import of {args.count} decks: {seconds:.2f} s wall-clock, {cpu_seconds:.2f} s CPU "
        "(target < 3 s)"
    )
    if args.slides:
        counts = slide_counts()
        for name, want, got in counts:
            print(f"  {name}: HedgeDoc {want}, built {got}{'' if want == got else '  <-'}")
        equal = sum(want == got for _name, want, got in counts)
        print(f"slide count equal to HedgeDoc's: {equal}/{len(counts)} decks (target >= 95%)")
    return 0 if cpu_seconds < 3 else 1


if __name__ == "__main__":
    sys.exit(run())
