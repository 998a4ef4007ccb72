"""Speed of the report-level search (issue 15), and what it costs the build.

Builds the synthetic decks of :mod:`decks` (400 by default) as the extension's
project, serves the output on 127.0.0.1 and loads ``search.html?q=…`` in
headless Chromium (Playwright) for a set of queries, each in a fresh browser
context (a cold cache, as a reader arriving from a shared link): the time from
starting the load to the listed results. Two kinds of query: the issue's (a rare
word, a pull-request reference found in one or two reports, and one more word
of that report) and two common words (the decks' small vocabulary makes such a
query match most reports: the worst case for ranking). The same for Sphinx's own search
(``scscall_search = "sphinx"``). For the report search it also prints where
the time goes: the median moment each step on the way to the results ended,
from the page's resource timings and the marks the search's scripts set. With
``--baseline``, the report search of an earlier version of the package is timed
in the same run, each query loading both search pages in turn. Then the html
build's CPU time with the search on, against the same project with Sphinx's
search and the plain-Sphinx twin.

Usage::

    python benchmarks/search_speed.py                # 400 decks, 30 queries, 3 builds each
    python benchmarks/search_speed.py --decks 40 --queries 5 --repeat 1   # smoke test
    git archive REF sphinxcontrib_scscall | tar -x -C /tmp/before
    python benchmarks/search_speed.py --baseline /tmp/before   # ... against commit REF
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import quote_plus

sys.path.insert(0, str(Path(__file__).parent))
import decks
from bench import median_run, sphinx_build

from sphinxcontrib_scscall.commands.pdf import CHROMIUM_FLAGS, find_chromium
from sphinxcontrib_scscall.testing import serve_folder

MAX_MEDIAN_SECONDS = 0.5
MAX_BUILD_RATIO = 1.10
EXTENSION, TWIN = decks.VARIANTS[0], decks.VARIANTS[1]


def common_queries(count: int, seed: int) -> list[str]:
    """Two words of the decks' vocabulary, or one with a reporter's handle.

    The synthetic decks draw their text from a few dozen words, so such a query
    matches most reports (about 2,000 of 2,600 records at 400 decks): the worst
    case for ranking, as if a reader searched for "the cluster".
    """
    rng = random.Random(seed)
    return [
        " ".join(rng.sample(decks.WORDS, 2))
        if rng.random() < 0.7
        else f"{rng.choice(decks.WORDS)} {rng.choice(decks.HANDLES)}"
        for _ in range(count)
    ]


PR_REFERENCE = re.compile(r"\{pr\}`([^`]+)`")


def rare_queries(deck_list: list[decks.Deck], count: int, seed: int) -> list[str]:
    """The issue's kind of query: a word found in one report, and one more word of it.

    The rare word is a pull-request reference (``cluster-stacks#723``, one or two
    reports of 400 decks have it), the other word one of the same line.
    """
    rng = random.Random(seed)
    lines = [
        bullet
        for deck in deck_list
        for report in deck.reports
        for topic in report.topics
        for bullet in topic.bullets
        if PR_REFERENCE.search(bullet)
    ]
    return [
        f"{PR_REFERENCE.search(line)[1]} {rng.choice([w for w in line.split() if w in decks.WORDS])}"
        for line in rng.sample(lines, count)
    ]


#: kind -> what it is, and its queries for (decks, count, seed)
QUERY_KINDS = {
    "rare": (
        "a rare word and one more of its report (the issue's quality queries)",
        rare_queries,
    ),
    "common": (
        "two common words (most reports match)",
        lambda _decks, count, seed: common_queries(count, seed),
    ),
}


#: when each search page has listed its results
LISTED = {
    "reports": "#search-results[data-scscall-search=done]",
    "sphinx": "#search-results .search-summary:not(:empty)",
}


#: the console message that says the results are listed
LISTED_MESSAGE = "scscall-search-speed: listed"
#: records, in the page, when the results are listed (milliseconds since navigation start),
#: and says so on the console: waiting for that message, unlike Playwright's wait_for_function,
#: injects no script of Playwright's into the page (compiling it costs the page's main thread
#: about 0.1 s on the way to the results)
WATCH_LISTING = """
new MutationObserver((changes, observer) => {
  if (document.querySelector(SELECTOR)) {
    window.scscallListedAt = performance.now();
    observer.disconnect();
    console.log(MESSAGE);
  }
}).observe(document, { subtree: true, childList: true, attributes: true });
"""


#: the steps on the way to the listed results: when each ended (ms since navigation start)
STEPS = """() => {
  const resources = performance.getEntriesByType("resource");
  const loaded = (part) => Math.max(
    0, ...resources.filter((entry) => entry.name.includes(part)).map((entry) => entry.responseEnd));
  const mark = (name) => performance.getEntriesByName(`scscall-search:${name}`)[0]?.startTime ?? 0;
  return {
    "search page parsed": performance.getEntriesByType("navigation")[0].domInteractive,
    "pagefind.js loaded": loaded("/_pagefind/pagefind.js"),
    "Pagefind's WebAssembly loaded": loaded("/_pagefind/wasm."),
    "index metadata loaded": loaded(".pf_meta"),
    "filter chunks loaded": loaded(".pf_filter"),
    "index chunks of the words loaded": loaded(".pf_index"),
    "Pagefind ready": mark("engine-ready"),
    "searched and ranked": mark("searched"),
    "first page's fragments loaded": loaded(".pf_fragment"),
    "results listed": window.scscallListedAt,
  };
}"""


def time_searches(
    outdirs: dict[str, Path], mode: str, words: list[str]
) -> tuple[dict[str, list[float]], dict[str, dict[str, list[float]]]]:
    """Seconds from the start of loading the search page to its listed results, per query.

    Each query loads the search page of every output folder of *outdirs* in turn
    (starting with a different one each time), so a change in the machine's speed
    hits all alike. Returns the seconds and each step's ends (:data:`STEPS`, in
    milliseconds), by folder name.
    """
    from playwright.sync_api import sync_playwright

    seconds: dict[str, list[float]] = {name: [] for name in outdirs}
    steps: dict[str, dict[str, list[float]]] = {name: {} for name in outdirs}
    with ExitStack() as servers, sync_playwright() as playwright:
        bases = {name: servers.enter_context(serve_folder(path)) for name, path in outdirs.items()}
        browser = playwright.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_FLAGS)
        names = list(outdirs)
        for number, query in enumerate(words):
            turn = number % len(names)
            for name in names[turn:] + names[:turn]:
                context = browser.new_context()
                script = WATCH_LISTING.replace("SELECTOR", repr(LISTED[mode]))
                context.add_init_script(script.replace("MESSAGE", repr(LISTED_MESSAGE)))
                page = context.new_page()
                with page.expect_console_message(lambda message: message.text == LISTED_MESSAGE):
                    page.goto(
                        f"{bases[name]}search.html?q={quote_plus(query)}", wait_until="commit"
                    )
                seconds[name].append(page.evaluate("() => window.scscallListedAt") / 1000)
                if mode == "reports":
                    for step, ended in page.evaluate(STEPS).items():
                        steps[name].setdefault(step, []).append(ended)
                context.close()
        browser.close()
    return seconds, steps


def build_with(package_source: Path, project: Path) -> None:
    """A clean html build of *project* with the extension found in *package_source*."""
    outdir = project / "_build" / "html"
    command = [sys.executable, "-m", "sphinx", "-q", "-E", "-b", "html", str(project), str(outdir)]
    environment = {**os.environ, "PYTHONPATH": str(package_source)}
    # run from the project: `python -m` puts the working folder first on the import path, and
    # from a checkout that would import the checkout's package rather than *package_source*
    subprocess.run(command, env=environment, cwd=project, check=True, stdout=subprocess.DEVNULL)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--decks", type=int, default=400)
    parser.add_argument("--queries", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=3, help="clean builds per figure")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--baseline",
        type=Path,
        help="a source tree of the package to compare with (e.g. `git archive` of an earlier "
        "commit, unpacked): its report search is timed too, each query loading both in turn",
    )
    args = parser.parse_args()
    if find_chromium() is None:
        sys.exit("no Chromium: apt-get install chromium, or set CHROMIUM_PATH")

    deck_list = decks.generate_decks(args.decks, args.seed)
    with tempfile.TemporaryDirectory(prefix="scscall-search-speed-") as folder:
        workdir = Path(folder)
        reports = workdir / "reports"
        decks.write_project(reports, EXTENSION, deck_list)
        sphinx = workdir / "sphinx"
        decks.write_project(sphinx, EXTENSION, deck_list)
        with (sphinx / "conf.py").open("a", encoding="utf-8") as conf:
            conf.write('\nscscall_search = "sphinx"\n')
        twin = workdir / "twin"
        decks.write_project(twin, TWIN, deck_list)

        sources = {"reports": reports, "sphinx": sphinx, "plain twin": twin}
        # round robin, so a change in the machine's speed hits every variant alike
        runs = [[sphinx_build(src, "html") for src in sources.values()] for _ in range(args.repeat)]
        builds = {
            name: median_run(list(of_variant))
            for name, of_variant in zip(sources, zip(*runs, strict=True), strict=True)
        }
        print(f"html build of {args.decks} decks, median of {args.repeat} (CPU seconds)\n")
        print("| variant | CPU | wall | /plain twin |")
        print("|---|---:|---:|---:|")
        for name, run in builds.items():
            ratio = run.cpu / builds["plain twin"].cpu
            print(f"| {name} | {run.cpu:.2f} | {run.wall:.2f} | {ratio:.2f} |")
        search_ratio = builds["reports"].cpu / builds["plain twin"].cpu
        search_share = builds["reports"].cpu / builds["sphinx"].cpu

        outdirs = {"reports": reports / "_build" / "html"}
        if args.baseline:
            baseline = workdir / "baseline"
            decks.write_project(baseline, EXTENSION, deck_list)
            build_with(args.baseline.resolve(), baseline)
            outdirs["reports (baseline)"] = baseline / "_build" / "html"
        medians = {}
        for kind, (described, make_queries) in QUERY_KINDS.items():
            words = make_queries(deck_list, args.queries, args.seed)
            medians[kind] = time_query_kind(
                outdirs, sphinx / "_build" / "html", words, f"{kind} queries: {described}"
            )

    for kind, median in medians.items():
        met = "met" if median <= MAX_MEDIAN_SECONDS else "**missed**"
        print(
            f"median report search, {kind} queries, {median:.3f} s <= {MAX_MEDIAN_SECONDS} s: {met}"
        )
    met = "met" if search_ratio <= MAX_BUILD_RATIO else "**missed**"
    print(f"build with report search / plain twin {search_ratio:.2f} <= {MAX_BUILD_RATIO}: {met}")
    print(f"build with report search / with Sphinx's search: {search_share:.2f}")


def time_query_kind(
    outdirs: dict[str, Path], sphinx_outdir: Path, words: list[str], heading: str
) -> float:
    """Time *words* on each report search of *outdirs* and on Sphinx's; print the tables.

    Returns the median seconds of the first report search (the package as it is).
    """
    print(f"\n### {heading}\n")
    print(f"search.html?q=… to listed results, {len(words)} queries, cold cache (seconds)\n")
    print("| search | median | 90th percentile | max |")
    print("|---|---:|---:|---:|")
    report_seconds, steps = time_searches(outdirs, "reports", words)
    sphinx_seconds, _ = time_searches({"sphinx": sphinx_outdir}, "sphinx", words)
    medians = {}
    for name, seconds in {**report_seconds, **sphinx_seconds}.items():
        seconds.sort()
        medians[name] = statistics.median(seconds)
        p90 = seconds[int(0.9 * (len(seconds) - 1))]
        print(f"| {name} | {medians[name]:.3f} | {p90:.3f} | {seconds[-1]:.3f} |")

    print("\nreport search, where the time goes: median end of each step (ms)\n")
    print("| step | " + " | ".join(steps) + " |")
    print("|---|" + "---:|" * len(steps))
    for step in steps["reports"]:
        ends = [f"{statistics.median(of_folder[step]):.0f}" for of_folder in steps.values()]
        print(f"| {step} | " + " | ".join(ends) + " |")
    return medians["reports"]


if __name__ == "__main__":
    main()
