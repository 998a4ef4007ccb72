"""Report-level search in a real Chromium: over http (Pagefind) and from file: (Sphinx).

The archive is served from 127.0.0.1 by a thread of this test; any request
elsewhere, and any console error, fails the test.
"""

from __future__ import annotations

import re
import shutil
from urllib.parse import parse_qs, urlsplit

import pytest
from browser.chromium import launch_chromium, watch

from sphinxcontrib_scscall.search import SPHINX_SEARCH_SCRIPTS
from sphinxcontrib_scscall.testing import build, serve_folder, write_project

pytestmark = pytest.mark.browser
pytest.importorskip("pagefind_bin", reason="report-level search needs pagefind[bin]")


def deck(date: str, title: str, *reports: tuple[str, str]) -> str:
    body = "".join(f":::{{team-report}} {team}\n\n{text}\n:::\n\n" for team, text in reports)
    return f"---\ncall-date: {date}\n---\n# {title}\n\n{body}"


FILES = {
    "community-calls/2024-06-27.md": deck(
        "2024-06-27",
        "Call of June",
        ("iaas", "## Flavor validator\n\n- the validator runs nightly in the cloud"),
        ("container", "## Cluster stacks\n\n- a validation step for every cloud stack"),
    ),
    "community-calls/2024-03-14.md": deck(
        "2024-03-14", "Call of March", ("ops", "## Zuul\n\n- zuul jobs green in the cloud")
    ),
    "community-calls/2024-01-11.md": deck(
        "2024-01-11", "Call of January", ("ops", "## Zuul\n\n- zuul jobs green in the cloud")
    ),
    "community-calls/2023-11-30.rst": (
        ":call-date: 2023-11-30\n\nCall of November\n================\n\n"
        ".. team-report:: iam\n\n   Keycloak\n   --------\n\n"
        "   - federation with zitadel tested in the cloud\n\n"
        ".. team-report:: iaas\n\n   Cloud images\n   ------------\n\n"
        "   - new images for the cloud\n"
    ),
}
# the same stem ("test"): the newer report has it more often, the older one as it is typed
FILES["community-calls/2022-05-05.md"] = deck(
    "2022-05-05", "Call of May", ("monitoring", "## Probes\n\n- the flaky testing harness is gone")
)
FILES["community-calls/2026-03-05.md"] = deck(
    "2026-03-05",
    "Call of March 2026",
    ("monitoring", "## Probes\n\n- the flaky harness was tested, tested again, and tested"),
)
HOSTILE_QUERIES = [
    "<script>alert(1)</script>",
    '"zitadel" <b>bold</b> \' "',
    "<img src=x onerror=alert(1)>",
    "zzz " * 1250,
    "the and of",
]
HOSTILE_FILTERS = ["team=%3Cscript%3Ealert(1)%3C%2Fscript%3E", "year=abc", "kind=%22%3E%3Cb%3E"]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = write_project(tmp_path_factory.mktemp("search-browser") / "docs", FILES)
    result = build(root)
    assert result.warning_lines() == []
    return result


@pytest.fixture(scope="module")
def server(built):
    with serve_folder(built.outdir) as base:
        yield base


@pytest.fixture(scope="module")
def chromium(tmp_path_factory):
    yield from launch_chromium(tmp_path_factory)


class ServedPage:
    """A page that may talk to the local server only; console errors and dialogs are kept."""

    def __init__(self, context, base: str) -> None:
        self.page = context.new_page()
        self.base = base
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.foreign: list[str] = []
        self.page.route(re.compile(r"^(?!http://127\.0\.0\.1:)"), self._refuse)
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("dialog", self._dialog)

    def _refuse(self, route) -> None:
        self.foreign.append(route.request.url)
        route.abort()

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def search(self, query_string: str) -> None:
        self.page.goto(f"{self.base}search.html?{query_string}")
        self.page.wait_for_selector("#search-results[data-scscall-search=done]")

    def summary(self) -> str:
        return self.page.text_content("#search-results .search-summary")

    def results(self) -> list[str]:
        """The links of the listed results, relative to the archive root."""
        hrefs = self.page.eval_on_selector_all(
            "#search-results li.scscall-search-result > a", "links => links.map(a => a.href)"
        )
        return [href.removeprefix(self.base) for href in hrefs]

    def options(self, name: str) -> dict[str, str]:
        return dict(
            self.page.eval_on_selector_all(
                f'select[name="{name}"] option',
                "options => options.map(o => [o.value, o.textContent])",
            )
        )

    def assert_quiet(self) -> None:
        assert self.errors == [] and self.dialogs == [] and self.foreign == []


@pytest.fixture
def page(chromium, server):
    served = ServedPage(chromium, server)
    yield served
    served.assert_quiet()
    served.page.close()


def reports_with(built, word: str) -> set[str]:
    """The permalinks of the reports whose source text contains *word* (case-insensitive)."""
    found = set()
    for call in built.app.env.scscall_calls.values():
        doctree = built.doctree(call.docname)
        for report in call.reports:
            section = doctree.ids[report.anchor]
            if word.lower() in section.astext().lower():
                found.add(f"{call.docname}.html#{report.anchor}")
    return found


def test_a_result_per_report_linking_its_permalink(page, built):
    page.search("q=zitadel")
    assert set(page.results()) == reports_with(built, "zitadel") and len(page.results()) == 1
    assert page.summary().startswith("Found 1 result")
    item = page.page.locator("li.scscall-search-result").first
    text = item.text_content()
    assert "Team IAM & Security" in text and "Call of November" in text and "2023-11-30" in text
    assert item.locator("p.context mark").first.text_content().lower() == "zitadel"
    item.locator("a").first.click()
    page.page.wait_for_load_state()
    anchor = page.page.url.split("#")[1]
    assert page.page.locator(f"section#{anchor} h2").text_content().startswith("Team IAM")


def test_topics_inside_a_report_are_linked(page):
    page.search("q=keycloak")
    topic_links = page.page.eval_on_selector_all(
        "ul.scscall-search-topics a", "links => links.map(a => a.getAttribute('href'))"
    )
    assert any(link.endswith("2023-11-30.html#keycloak") for link in topic_links)


def test_exact_word_ranks_above_a_stem_match(page, built):
    page.search("q=validator")
    results = page.results()
    assert results[0] in reports_with(built, "validator")
    assert not reports_with(built, "validator") & set(results[1:])


def test_the_word_as_typed_ranks_above_more_matches_of_its_stem(page, built):
    page.search("q=testing")
    typed, stem_only = reports_with(built, "testing"), reports_with(built, "tested")
    assert len(typed) == 1 and len(stem_only) > 1 and not typed & stem_only
    # without the check of the words as typed, the newest report, with most matches, leads
    assert page.results()[0] in typed
    assert set(page.results()[1:]) == stem_only


def test_newer_call_first_among_equals(page, built):
    page.search("q=zuul")
    assert set(page.results()) == reports_with(built, "zuul")
    assert page.results() == sorted(page.results(), reverse=True)


def test_filters_from_the_url_and_in_the_page(page, built):
    page.search("q=cloud&team=iaas&year=2024")
    every = reports_with(built, "cloud")
    expected = {
        link for link in every if link.startswith("community-calls/2024") and "iaas" in link
    }
    assert set(page.results()) == expected and expected
    assert page.summary().startswith(f"Found {len(expected)} result")
    # the selects offer the values that occur for the words, with their counts
    teams = page.options("team")
    assert teams[""] == "All teams"
    counted = {}
    for link in every:
        key = link.split("#team-")[1]
        counted[key] = counted.get(key, 0) + 1
    assert {key: label for key, label in teams.items() if key} == {
        key: f"{label} ({counted[key]})"
        for key, label in (
            ("container", "Team Container"),
            ("iaas", "Team IaaS"),
            ("iam", "Team IAM & Security"),
            ("ops", "Team Ops"),
        )
    }
    assert set(page.options("year")) == {"", "2024", "2023"}
    assert page.page.input_value('select[name="team"]') == "iaas"
    # choosing another value is a new, shareable URL; unset filters stay out of it
    page.page.select_option('select[name="year"]', "")
    page.page.wait_for_url(re.compile(r"team=ops|team=iaas"))
    page.page.wait_for_selector("#search-results[data-scscall-search=done]")
    query = parse_qs(urlsplit(page.page.url).query)
    assert query == {"q": ["cloud"], "team": ["iaas"]}
    assert set(page.results()) == {link for link in every if "team-iaas" in link}


def test_filters_without_words_list_newest_first(page, built):
    page.search("team=ops")
    assert page.results() == sorted(reports_with(built, "zuul"), reverse=True)


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
def test_bad_queries_are_text_and_say_nothing_was_found(page, query):
    page.page.goto(f"{page.base}search.html")
    page.page.fill('#search-results ~ * input[name="q"], form input[name="q"] >> nth=-1', query)
    page.search(f"q={query.replace(' ', '+').replace('<', '%3C').replace('>', '%3E')}")
    assert page.results() == []
    assert page.summary().startswith("No ")
    assert (
        page.page.locator("#search-results script, #search-results img, #search-results b").count()
        == 0
    )


@pytest.mark.parametrize("filters", HOSTILE_FILTERS)
def test_unknown_filter_values_give_an_empty_list(page, built, filters):
    page.search(f"q=cloud&{filters}")
    assert page.results() == []
    assert page.summary().startswith("No ")
    # nothing from the URL runs: the inline scripts are the built page's (the search's start;
    # the held-back Sphinx search scripts are inert placeholders)
    inline_scripts = "script:not([src]):not([data-scscall-sphinx-search])"
    inline = page.page.eval_on_selector_all(
        inline_scripts, "scripts => scripts.map(s => s.textContent)"
    )
    built_inline = [script.string for script in built.html("search").select(inline_scripts)]
    assert inline == built_inline and len(inline) == 1
    assert page.page.locator(".scscall-search-filters b").count() == 0


def test_team_page_searches_the_teams_reports(page, built):
    page.page.goto(f"{page.base}community-calls/teams/iaas.html")
    form = page.page.locator("form.scscall-team-search")
    form.locator('input[name="q"]').fill("cloud")
    form.locator("button").click()
    page.page.wait_for_selector("#search-results[data-scscall-search=done]")
    assert parse_qs(urlsplit(page.page.url).query) == {"q": ["cloud"], "team": ["iaas"]}
    assert set(page.results()) == {link for link in reports_with(built, "cloud") if "iaas" in link}


def file_name(url: str) -> str:
    return urlsplit(url).path.rsplit("/", 1)[-1]


def test_over_http_sphinxs_search_scripts_are_not_loaded(page):
    requested: list[str] = []
    page.page.on("request", lambda request: requested.append(request.url))
    page.search("q=zitadel")
    assert page.results() == ["community-calls/2023-11-30.html#team-iam"]
    assert requested and not {file_name(url) for url in requested} & SPHINX_SEARCH_SCRIPTS
    # the search boxes show the words searched, as Sphinx's search page has them
    boxes = page.page.eval_on_selector_all('input[name="q"]', "inputs => inputs.map(i => i.value)")
    assert boxes and set(boxes) == {"zitadel"}


def sphinx_results(page) -> list[str]:
    """The links of Sphinx's own page-level results."""
    page.wait_for_selector("#search-results ul.search li a")
    return page.eval_on_selector_all(
        "#search-results ul.search li a", "links => links.map(a => a.getAttribute('href'))"
    )


def test_over_http_without_the_report_index_sphinxs_search_answers(chromium, built, tmp_path):
    broken = shutil.copytree(built.outdir, tmp_path / "html")
    (broken / "_pagefind" / "pagefind.js").unlink()
    with serve_folder(broken) as base:
        served = ServedPage(chromium, base)
        requested: list[str] = []
        served.page.on("request", lambda request: requested.append(request.url))
        served.page.goto(f"{base}search.html?q=zitadel")
        assert any("2023-11-30" in link for link in sphinx_results(served.page))
        assert {file_name(url) for url in requested} >= SPHINX_SEARCH_SCRIPTS
        # the only error is the missing script's
        assert len(served.errors) == 1 and "404" in served.errors[0]
        served.page.close()


def test_from_disk_sphinx_search_lists_the_pages(chromium, built):
    watched = watch(chromium)
    try:
        watched.page.goto((built.outdir / "search.html").as_uri() + "?q=zitadel")
        assert any("2023-11-30" in link for link in sphinx_results(watched.page))
        assert "found" in watched.page.text_content("#search-results .search-summary").lower()
        watched.assert_offline_and_quiet()
    finally:
        watched.page.close()


def test_decks_have_revealjs_search(chromium, tmp_path):
    result = build(write_project(tmp_path / "docs", FILES), "revealjs")
    watched = watch(chromium)
    try:
        watched.open_deck(result.outdir / "community-calls/2023-11-30.html")
        assert watched.page.evaluate("() => Reveal.hasPlugin('search')")
        watched.page.evaluate("() => Reveal.getPlugin('search').open()")
        watched.page.locator("input.searchinput").press_sequentially("zitadel")
        watched.page.press("input.searchinput", "Enter")
        watched.page.wait_for_function("() => Reveal.getIndices().h > 0")
        shown = watched.page.evaluate("() => Reveal.getCurrentSlide().textContent")
        assert "zitadel" in shown
        watched.assert_offline_and_quiet()
    finally:
        watched.page.close()


def test_kind_filter_narrows_to_actions(chromium, tmp_path):
    from test_search_build import ACTIONS_DECK

    result = build(
        write_project(tmp_path / "docs", {"community-calls/2030-11-20.md": ACTIONS_DECK})
    )
    call = result.app.env.scscall_calls["community-calls/2030-11-20"]
    quokka = next(action for action in call.actions if "quokka" in action.text)
    with serve_folder(result.outdir) as base:
        served = ServedPage(chromium, base)
        served.search("q=quokka")
        assert len(served.results()) == 2  # the report and its action item
        kinds = served.options("kind")
        assert kinds == {"": "All kinds", "action": "Actions (1)", "report": "Team reports (1)"}
        served.search("q=quokka&kind=action")
        assert served.results() == [f"community-calls/2030-11-20.html#{quokka.anchor}"]
        served.assert_quiet()
        served.page.close()


def test_first_page_loads_only_the_results_it_shows(chromium, tmp_path):
    # more results of equal score than a page shows: newest first, without a request for
    # the dates of the others
    dates = [f"2024-{month:02d}-11" for month in range(1, 13)] + ["2023-12-07", "2025-01-09"]
    zuul = ("ops", "## Zuul\n\n- zuul jobs green in the cloud")
    files = {f"community-calls/{date}.md": deck(date, f"Call {date}", zuul) for date in dates}
    result = build(write_project(tmp_path / "docs", files))
    newest_first = [f"community-calls/{date}.html#team-ops" for date in sorted(dates, reverse=True)]
    with serve_folder(result.outdir) as base:
        served = ServedPage(chromium, base)
        requested: list[str] = []
        served.page.on("request", lambda request: requested.append(request.url))
        served.search("q=zuul")
        shown = served.results()
        assert 0 < len(shown) < len(dates)
        assert shown == newest_first[: len(shown)]
        assert served.summary().startswith(f"Found {len(dates)} results")
        fragments = [url for url in requested if "/_pagefind/fragment/" in url]
        assert len(fragments) == len(shown)
        # what the page requested ahead of Pagefind is what Pagefind used: nothing twice
        index_files = [url for url in requested if "/_pagefind/" in url]
        assert len(index_files) == len(set(index_files))
        assert [url for url in index_files if url.endswith(".pf_index")]
        # each search is a page load of its own: Pagefind runs in the page, without a worker
        assert not [url for url in requested if "pagefind-worker" in url]
        served.page.click("button.scscall-search-more")
        served.page.wait_for_function(
            f"document.querySelectorAll('li.scscall-search-result').length == {len(dates)}"
        )
        assert served.results() == newest_first
        served.assert_quiet()
        served.page.close()
