"""Report-level search, built: records from the collected calls, the Pagefind index, the pages.

Browser behaviour (queries, filters, the file: fallback, the deck plugin) is in
``test_search_browser.py``.
"""

from __future__ import annotations

import filecmp
import gzip
import json
import os
import pickle
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.cmd.build import build_main
from sphinx.environment import BuildEnvironment

from sphinxcontrib_scscall.search import SPHINX_SEARCH_SCRIPTS, stems
from sphinxcontrib_scscall.search.index import (
    BINARY_PATH_VARIABLE,
    INDEX_DIR,
    NEWEST_FIRST,
    SIGNATURE,
    pagefind_executable,
    read_chunk,
)
from sphinxcontrib_scscall.search.records import (
    Block,
    Record,
    record_html,
    search_records,
    texts_of,
)
from sphinxcontrib_scscall.testing import DEFAULT_CONF, build, write_project

pytest.importorskip("pagefind_bin", reason="report-level search needs pagefind[bin]")

MYST_DECK = """\
---
call-date: 2024-06-27
---
# Community Call June

:::{team-report} iaas
:reporter: fkr
:minutes: https://example.org/iaas.md

## Flavor validator

- the `<b>validator</b>` & its checks run nightly

## Keystone upgrade

- done
:::

:::{team-report} container
:reporter: jschoone

Cluster stacks got a validation step.
:::
"""

RST_DECK = """\
:call-date: 2023-11-30

Community Call November
=======================

.. team-report:: iam
   :reporter: garloff

   Keycloak federation
   -------------------

   - federation with zitadel tested

.. team-report:: Ad Hoc Group

   Nothing to report.
"""

FILES = {
    "community-calls/2024-06-27.md": MYST_DECK,
    "community-calls/2023-11-30.rst": RST_DECK,
}


def project(root: Path, conf: str = DEFAULT_CONF) -> Path:
    return write_project(root, FILES, conf=conf)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build(project(tmp_path_factory.mktemp("search") / "docs"))


def records_of(result) -> list[Record]:
    return search_records(result.app)


def test_every_team_report_is_a_record_of_its_own(built):
    records = records_of(built)
    expected = [
        (call.docname, report.anchor, report.team_key)
        for call in sorted(built.app.env.scscall_calls.values(), key=lambda c: c.date, reverse=True)
        for report in call.reports
    ]
    assert [
        (r.url.split(".html#")[0], r.url.split("#")[1], r.team_key) for r in records
    ] == expected
    assert len(records) == 4 and {r.kind for r in records} == {"report"}


def test_records_link_permalinks_and_carry_call_team_and_words(built):
    by_team = {record.team_key: record for record in records_of(built)}
    iaas = by_team["iaas"]
    assert iaas.url == "community-calls/2024-06-27.html#team-iaas"
    assert (iaas.call_title, iaas.date, iaas.team_name) == (
        "Community Call June",
        "2024-06-27",
        "Team IaaS",
    )
    headings = [block.heading for block in iaas.blocks]
    assert headings == ["Team IaaS", "Flavor validator", "Keystone upgrade"]
    soup = built.html("community-calls/2024-06-27")
    for block in iaas.blocks:
        assert soup.find(id=block.anchor) is not None, block.anchor
    assert "the <b>validator</b> & its checks run nightly" in iaas.blocks[1].text
    # the mission line repeats on every report of a team: not indexed
    assert all("mission" not in block.text.lower() for block in iaas.blocks)
    # rST decks and ad-hoc teams too
    assert by_team["iam"].blocks[1].heading == "Keycloak federation"
    assert "zitadel" in by_team["iam"].blocks[1].text
    adhoc = next(r for r in records_of(built) if r.team_name == "Ad Hoc Group")
    assert adhoc.url.startswith("community-calls/2023-11-30.html#team-")
    assert "Nothing to report." in adhoc.blocks[0].text


def test_record_page_escapes_author_text():
    record = Record(
        "report",
        'x.html#team-"a"',
        "<script>alert(1)</script>",
        "Call & <i>",
        "2024-01-01",
        "a",
        "A",
        (Block('team-"a"', "<h1>", "<img src=x onerror=alert(1)>"),),
    )
    page = BeautifulSoup(record_html(record, "en"), "html.parser")
    assert page.find("script") is None and page.find("img") is None and page.find("i") is None
    assert page.find("h2").get_text() == "<h1>"
    assert page.find(attrs={"data-pagefind-meta": "title"}).get_text() == record.title
    assert page.find("h2")["id"] == 'team-"a"'


def test_the_index_and_the_search_page(built):
    index = built.outdir / INDEX_DIR
    assert (index / "pagefind.js").is_file() and list((index / "fragment").iterdir())
    assert len(list((index / "fragment").iterdir())) == len(records_of(built))
    search = built.html("search")
    scripts = [script.get("src", "") for script in search.find_all("script")]
    assert any("scscall-search.js" in src for src in scripts)
    search_script = next(s for s in search.find_all("script") if s.get("data-labels"))
    assert json.loads(search_script["data-labels"])["team"]["iaas"] == "Team IaaS"
    assert search.find(id="search-results") is not None
    # only the search page loads the search script
    call_page = built.html("community-calls/2024-06-27")
    assert not any("scscall-search.js" in (s.get("src") or "") for s in call_page("script"))


def test_the_search_page_starts_the_search_with_what_the_index_holds(built):
    index = built.outdir / INDEX_DIR
    search = built.html("search")
    head = search.head
    meta = head.find("meta", attrs={"name": "scscall-search"})
    start = meta.find_next_sibling()
    assert start.name == "script" and not start.get("src")
    # before the page's own styles and scripts, so its requests go out first
    assert not start.find_all_previous(["link", "script"])
    described = json.loads(meta["content"])
    assert described["index"] == f"{INDEX_DIR}/"
    for path in described["files"]:
        assert (index / path.split("?")[0]).is_file(), path
    entry = json.loads((index / "pagefind-entry.json").read_text(encoding="utf-8"))
    [language] = entry["languages"].values()
    assert f"pagefind-entry.json?ts={described['tag']}" in described["files"]
    assert described["tag"] == language["hash"]
    chunks = described["chunks"]
    assert sorted(chunk_hash for _first, _last, chunk_hash in chunks) == sorted(
        path.stem for path in (index / "index").iterdir()
    )
    assert [first for first, _last, _hash in chunks] == sorted(f for f, _l, _h in chunks)
    assert (index / described["newest_first"]).is_file()
    assert {"the", "and"} <= set(described["stopwords"])


def test_what_every_search_loads_before_ranking_is_stored_uncompressed(built):
    index = built.outdir / INDEX_DIR
    loaded = [
        *index.glob("wasm.*.pagefind"),
        *index.glob("*.pf_meta"),
        *index.glob("filter/*"),
        *index.glob("index/*"),
    ]
    assert len(loaded) > 4
    assert all(path.read_bytes().startswith(SIGNATURE) for path in loaded)
    # the fragments, one per result shown, stay as Pagefind writes them
    fragments = list((index / "fragment").iterdir())
    assert fragments and all(
        gzip.decompress(p.read_bytes()).startswith(SIGNATURE) for p in fragments
    )


def sphinx_search_scripts(page: BeautifulSoup) -> tuple[list[str], list[str]]:
    """The Sphinx search scripts a page loads, and those it holds back, by file name."""

    def names(scripts) -> list[str]:
        return [src.split("?")[0].rsplit("/", 1)[-1] for src in scripts]

    loaded = names(script.get("src", "") for script in page("script"))
    held = names(
        script["data-scscall-sphinx-search"]
        for script in page("script")
        if script.get("data-scscall-sphinx-search")
    )
    return [name for name in loaded if name in SPHINX_SEARCH_SCRIPTS], held


def test_the_search_page_holds_back_sphinxs_search_scripts(built):
    search = built.html("search")
    loaded, held = sphinx_search_scripts(search)
    assert loaded == []
    # each in its place, in Sphinx's order: its index after the script that reads it
    assert held == ["searchtools.js", "language_data.js", "searchindex.js"]
    for script in search.select("script[data-scscall-sphinx-search]"):
        assert script["type"] == "text/plain" and not script.string
        assert (built.outdir / script["data-scscall-sphinx-search"].split("?")[0]).is_file()
    # the scripts of every page load as on every page
    names = {
        src.split("?")[0].rsplit("/", 1)[-1]
        for src in (s.get("src") for s in search("script"))
        if src
    }
    assert {"documentation_options.js", "doctools.js", "sphinx_highlight.js"} <= names


def test_without_an_index_the_search_page_is_sphinxs(tmp_path):
    result = build(write_project(tmp_path / "docs", {}))
    assert not (result.outdir / INDEX_DIR).exists()
    search = result.html("search")
    assert search.find("meta", attrs={"name": "scscall-search"}) is None
    assert not any("scscall-search.js" in (s.get("src") or "") for s in search("script"))
    assert sphinx_search_scripts(search) == (
        ["searchtools.js", "language_data.js", "searchindex.js"],
        [],
    )


def fragment_meta(index: Path, page_id: str) -> dict:
    """The metadata Pagefind keeps for one page (what the search page shows of a result)."""
    data = gzip.decompress((index / "fragment" / f"{page_id}.pf_fragment").read_bytes())
    return json.loads(data[len(SIGNATURE) :])["meta"]


def test_the_page_ids_newest_first_beside_the_index(tmp_path):
    # two records on each of three dates: same-date records stay together
    decks = {
        f"community-calls/{date}.md": MYST_DECK.replace("2024-06-27", date)
        for date in ("2022-03-10", "2024-06-27", "2023-01-12")
    }
    result = build(write_project(tmp_path / "docs", decks))
    index = result.outdir / INDEX_DIR
    page_ids = json.loads((index / NEWEST_FIRST).read_text(encoding="utf-8"))
    assert sorted(page_ids) == sorted(path.stem for path in (index / "fragment").iterdir())
    dates = [fragment_meta(index, page_id)["date"] for page_id in page_ids]
    assert dates == sorted((record.date for record in records_of(result)), reverse=True)
    assert len(set(dates)) == 3


def test_every_archive_page_has_a_search_box(built):
    for html in sorted(built.outdir.rglob("*.html")):
        if INDEX_DIR in html.parts:
            continue
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        box = soup.select_one('form input[name="q"]')
        assert box is not None, html
        action = box.find_parent("form").get("action")
        assert action == "" or action.endswith("search.html"), (html, action)


def test_team_pages_offer_a_search_of_the_teams_reports(built):
    page = built.html("community-calls/teams/iaas")
    form = page.select_one("form.scscall-team-search")
    assert form["action"] == "../../search.html"
    assert form.select_one('input[name="team"]')["value"] == "iaas"
    assert form.select_one('input[name="q"]') is not None
    # after the team's facts, before its timeline
    section = form.find_parent("section")
    assert section.find_all(recursive=False).index(form) > 1


def test_sphinx_mode_keeps_sphinx_search_alone(tmp_path):
    conf = DEFAULT_CONF + 'scscall_search = "sphinx"\n'
    result = build(project(tmp_path / "docs", conf))
    assert not (result.outdir / INDEX_DIR).exists()
    assert not any(
        "scscall-search" in (s.get("src") or "") for s in result.html("search")("script")
    )
    assert sphinx_search_scripts(result.html("search"))[1] == []
    assert result.html("community-calls/teams/iaas").select_one(".scscall-team-search") is None
    assert (result.outdir / "searchindex.js").is_file()
    assert result.warning_lines() == []


def test_switching_to_sphinx_mode_removes_the_index(tmp_path):
    root = project(tmp_path / "docs")
    assert (build(root).outdir / INDEX_DIR).is_dir()
    again = build(root, freshenv=False, confoverrides={"scscall_search": "sphinx"})
    assert not (again.outdir / INDEX_DIR).exists()


def test_decks_get_revealjs_search_plugin(tmp_path):
    result = build(project(tmp_path / "docs"), "revealjs")
    assert result.warning_lines() == []
    deck = result.html("community-calls/2024-06-27")
    sources = [script.get("src") or "" for script in deck.find_all("script")]
    assert any(src.endswith("revealjs/plugin/search/search.js") for src in sources)
    assert "RevealSearch" in deck.text or any("RevealSearch" in s.text for s in deck("script"))
    assert (result.outdir / "_static/revealjs/plugin/search/search.js").is_file()
    assert not (result.outdir / INDEX_DIR).exists()


def same_tree(left: Path, right: Path) -> list[str]:
    """Relative paths that differ (or exist on one side only) between two folders."""
    comparison = filecmp.dircmp(left, right)
    differing = [*comparison.left_only, *comparison.right_only]
    for name in comparison.common_files:
        if (left / name).read_bytes() != (right / name).read_bytes():
            differing.append(name)
    for name in comparison.common_dirs:
        differing += [f"{name}/{path}" for path in same_tree(left / name, right / name)]
    return differing


def test_two_clean_builds_give_byte_identical_indexes(tmp_path):
    first = build(project(tmp_path / "one"))
    second = build(project(tmp_path / "two"))
    assert same_tree(first.outdir / INDEX_DIR, second.outdir / INDEX_DIR) == []
    assert (first.outdir / "search.html").read_bytes() == (
        second.outdir / "search.html"
    ).read_bytes()


def test_incremental_and_parallel_builds_give_the_clean_index(tmp_path):
    root = project(tmp_path / "docs")
    build(root)
    deck = root / "community-calls/2024-06-27.md"
    deck.write_text(deck.read_text().replace("- done", "- done, with zanzibar"), encoding="utf-8")
    (root / "community-calls/2024-07-11.md").write_text(
        MYST_DECK.replace("2024-06-27", "2024-07-11").replace("June", "July"), encoding="utf-8"
    )
    incremental = build(root, freshenv=False)
    assert any("zanzibar" in b.text for r in records_of(incremental) for b in r.blocks)
    clean_root = tmp_path / "clean"
    shutil.copytree(root, clean_root, ignore=shutil.ignore_patterns("_build"))
    clean = build(clean_root)
    parallel = build(clean_root, builddir=tmp_path / "parallel", parallel=2)
    index = Path(INDEX_DIR)
    assert same_tree(incremental.outdir / index, clean.outdir / index) == []
    assert same_tree(parallel.outdir / index, clean.outdir / index) == []


def test_slide_builds_collect_no_texts_and_html_after_one_on_its_doctrees_reads_again(tmp_path):
    """Only the html archive indexes report texts, so a slide build collects none; an html
    build on the doctrees a slide build left reads the decks again and indexes as a clean
    build does."""
    root = project(tmp_path / "docs")
    doctrees = tmp_path / "doctrees"

    def sphinx_build(builder: str) -> BuildEnvironment:
        arguments = ["-q", "-b", builder, "-d", str(doctrees), str(root), str(tmp_path / builder)]
        assert build_main(arguments) == 0
        return pickle.loads((doctrees / "environment.pickle").read_bytes())

    slides_env = sphinx_build("revealjs")
    assert len(slides_env.scscall_calls) == len(FILES)
    assert texts_of(slides_env) == {}
    html_env = sphinx_build("html")
    clean = build(project(tmp_path / "clean"))
    assert texts_of(html_env) == texts_of(clean.app.env) != {}
    index = Path(INDEX_DIR)
    assert same_tree(tmp_path / "html" / index, clean.outdir / index) == []


def test_a_rebuild_without_changed_records_keeps_the_index(tmp_path):
    root = project(tmp_path / "docs")
    entry = build(root).outdir / INDEX_DIR / "pagefind-entry.json"
    written = entry.stat().st_mtime_ns
    (root / "index.md").write_text("# Index\n\nNo deck changed.\n", encoding="utf-8")
    build(root, freshenv=False)
    assert entry.stat().st_mtime_ns == written
    deck = root / "community-calls/2023-11-30.rst"
    deck.write_text(deck.read_text().replace("zitadel", "zitadel and dex"), encoding="utf-8")
    again = build(root, freshenv=False)
    assert entry.stat().st_mtime_ns != written
    assert any("dex" in b.text for r in records_of(again) for b in r.blocks)
    # an index without the newest-first list (an earlier version's) is written again
    newest_first = entry.parent / NEWEST_FIRST
    newest_first.unlink()
    build(root, freshenv=False)
    assert newest_first.is_file()


ACTIONS_DECK = """\
---
call-date: 2030-11-20
---
# Community Call with actions

::::{team-report} iaas
:reporter: fkr

## Availability Zone Standard

:::{actions}
- [ ] @fkr draft the quokka standard (due 2030-12-01)
- [x] @garloff ask upstream about extra specs
:::

:::{decision}
Flavor extra specs may use the wombat prefix.
:::
::::
"""


def test_a_teams_actions_and_decisions_are_records_with_an_item_per_heading(tmp_path):
    root = write_project(
        tmp_path / "docs", {**FILES, "community-calls/2030-11-20.md": ACTIONS_DECK}
    )
    result = build(root)
    call = result.app.env.scscall_calls["community-calls/2030-11-20"]
    records = [r for r in records_of(result) if r.date == "2030-11-20"]
    assert [record.kind for record in records] == ["report", "action", "decision"]
    assert len(call.actions) == 2 and len(call.decisions) == 1
    page = result.html("community-calls/2030-11-20")
    for record in records:
        anchor = record.url.split("#")[1]
        assert page.find(id=anchor) is not None, record.url
        assert record.team_key == "iaas"
        # every block is a heading at an id of the page: Pagefind's sub-results link them
        for block in record.blocks:
            assert page.find(id=block.anchor) is not None, block
    actions = next(r for r in records if r.kind == "action")
    assert actions.title == "Actions · Team IaaS"
    assert [block.anchor for block in actions.blocks] == [a.anchor for a in call.actions]
    quokka = next(block for block in actions.blocks if "quokka" in block.text)
    assert quokka.heading == "Open · @fkr" and "2030-12-01" in quokka.text
    ticked = next(block for block in actions.blocks if block is not quokka)
    assert ticked.heading == "Done · @garloff"
    decisions = next(r for r in records if r.kind == "decision")
    assert decisions.title == "Decisions · Team IaaS"
    assert [block.text for block in decisions.blocks] == [d.text for d in call.decisions]
    assert "wombat prefix" in decisions.blocks[0].text
    # the kind filter of the index offers them
    chunks = [read_chunk(path) for path in (result.outdir / INDEX_DIR / "filter").iterdir()]
    kind_values = next(values for name, values in chunks if name == "kind")
    assert sorted(value for value, _pages in kind_values) == ["action", "decision", "report"]


def test_dirhtml_links_and_index(tmp_path):
    result = build(project(tmp_path / "docs"), "dirhtml")
    assert result.warning_lines() == []
    assert (result.outdir / INDEX_DIR / "pagefind-entry.json").is_file()
    urls = {record.url for record in search_records(result.app)}
    assert "community-calls/2024-06-27/#team-iaas" in urls
    team_page = result.outdir / "community-calls/teams/iaas/index.html"
    form = BeautifulSoup(team_page.read_text(), "html.parser").select_one(".scscall-team-search")
    assert form["action"] == "../../../search/"


def test_one_stem_memo_for_the_build_gives_sphinxs_own_index(tmp_path, monkeypatch):
    """Sphinx stems every page's words afresh; the build's memo changes no byte of the index."""
    memoised = build(project(tmp_path / "memoised"))
    stem = memoised.app.builder.indexer.lang.stem
    # the decks share words, so later pages take their stems from the memo
    assert stem.cache_info().hits > 0 and stem.cache_info().misses > 0
    monkeypatch.setattr(stems, "share_stems", lambda *args: None)
    per_page = build(project(tmp_path / "per-page"))
    assert "stem" not in vars(per_page.app.builder.indexer.lang)
    index = "searchindex.js"
    assert (memoised.outdir / index).read_bytes() == (per_page.outdir / index).read_bytes()


def pagefind_wrapper(folder: Path, log_line: str) -> Path:
    """A Pagefind binary that appends *log_line* (shell) to ``run.log``, then runs the real one."""
    real = pagefind_executable()
    if real is None:
        pytest.skip("pagefind[bin] is not installed")
    wrapper = folder / "pagefind-wrapper"
    wrapper.write_text(f'#!/bin/sh\n{log_line} >> "{folder / "run.log"}"\nexec "{real}" "$@"\n')
    wrapper.chmod(0o755)
    return wrapper


def test_pagefind_binary_path_names_the_binary_to_run(tmp_path, monkeypatch):
    """As for Pagefind's own Python API: a newer release or a distribution's binary."""
    wrapper = pagefind_wrapper(tmp_path, 'echo "$@"')
    ran = tmp_path / "run.log"
    monkeypatch.setenv(BINARY_PATH_VARIABLE, str(wrapper))
    root = project(tmp_path / "docs")
    result = build(root)
    assert not result.failed, result.warning_lines()
    assert len(ran.read_text().splitlines()) == 1
    assert (result.outdir / INDEX_DIR / "pagefind-entry.json").is_file()
    # the same records and binary: Pagefind is not run again
    build(root, freshenv=False)
    assert len(ran.read_text().splitlines()) == 1
    # another binary (here: the wrapper changed) indexes again
    wrapper.write_text(wrapper.read_text().replace("#!/bin/sh\n", "#!/bin/sh\n# replaced\n"))
    build(root, freshenv=False)
    assert len(ran.read_text().splitlines()) == 2


def test_a_pagefind_binary_path_naming_no_file_leaves_sphinxs_search(tmp_path, monkeypatch):
    missing = tmp_path / "no-such-pagefind"
    monkeypatch.setenv(BINARY_PATH_VARIABLE, str(missing))
    result = build(project(tmp_path / "docs"))
    warnings = [line for line in result.warning_lines() if BINARY_PATH_VARIABLE in line]
    assert len(warnings) == 1 and str(missing) in warnings[0]
    assert not (result.outdir / INDEX_DIR).exists()
    assert result.html("search").find("meta", attrs={"name": "scscall-search"}) is None


@pytest.mark.skipif(
    not hasattr(os, "sched_getaffinity") or len(os.sched_getaffinity(0)) < 2,
    reason="needs Linux and two CPUs",
)
def test_pagefind_runs_on_one_cpu_and_the_build_keeps_its_cpus(tmp_path, monkeypatch):
    wrapper = pagefind_wrapper(tmp_path, "grep Cpus_allowed_list /proc/self/status")
    monkeypatch.setenv(BINARY_PATH_VARIABLE, str(wrapper))
    before = os.sched_getaffinity(0)
    result = build(project(tmp_path / "docs"))
    assert not result.failed, result.warning_lines()
    allowed = (tmp_path / "run.log").read_text().split(":", 1)[1].strip()
    assert allowed.isdigit() and int(allowed) in before
    assert os.sched_getaffinity(0) == before
