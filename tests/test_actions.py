"""``actions`` and ``decision``: checklists and decision blocks on pages and slides, the
identity of an action across calls, ``open-actions`` and ``decision-log``, and the open
actions ``scscall new`` carries (``open_actions_by_team``)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from robust_support import BUILDERS, FORMATS, deck_project, directive, heading, injection_problems
from test_actions_project import (
    APPEARANCES,
    DECISIONS,
    DECK_FILES,
    actions_project,
    expected_histories,
    expected_open,
    identity,
)

from sphinxcontrib_scscall.call_deck import archive
from sphinxcontrib_scscall.commands.carried_actions import open_actions_by_team
from sphinxcontrib_scscall.config import read_settings
from sphinxcontrib_scscall.testing import build

DOCNAMES = {date: path.rsplit(".", 1)[0] for date, path in DECK_FILES.items()}


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return actions_project(tmp_path_factory.mktemp("actions"))


@pytest.fixture(scope="module")
def builds(project):
    results = {builder: build(project, builder) for builder in BUILDERS}
    for result in results.values():
        assert result.warning_lines() == []
    return results


def deck_items(soup):
    return soup.select("li.scscall-action")


@pytest.mark.parametrize("builder", BUILDERS)
@pytest.mark.parametrize("date", sorted(DECK_FILES))
def test_checklist_on_page_and_slide(builds, builder, date):
    """Every item: checkbox in its state, owners linked to GitHub, due date; in both syntaxes."""
    soup = builds[builder].html(DOCNAMES[date])
    written = [a for a in APPEARANCES if a[0] == date]
    items = deck_items(soup)
    assert len(items) == len(written)
    for item, (_date, _team, done, owners, text, due) in zip(items, written, strict=True):
        box = item.select_one("input.scscall-checkbox[type=checkbox][disabled]")
        assert box.has_attr("checked") == done
        assert ("scscall-action-done" in item["class"]) == done
        handles = item.select("a.scscall-handle")
        assert [a.get_text() for a in handles] == [f"@{owner}" for owner in owners]
        assert [a["href"] for a in handles] == [f"https://github.com/{o}" for o in owners]
        due_span = item.select_one(".scscall-due")
        assert (due_span.get_text() if due_span else None) == (f"(due {due})" if due else None)
        shown = " ".join(item.select_one(".scscall-action-text").get_text(" ").split())
        assert " ".join(text.replace("*", "").split()) in " ".join(shown.split())
        assert item["id"].startswith("action-")


@pytest.mark.parametrize("builder", BUILDERS)
def test_decisions_are_highlighted_blocks_with_ids(builds, builder):
    for date, docname in DOCNAMES.items():
        soup = builds[builder].html(docname)
        blocks = soup.select("div.scscall-decision")
        expected = [text for d, _team, text in DECISIONS if d == date]
        assert [b.select_one(".scscall-decision-label").get_text() for b in blocks] == [
            "Decision"
        ] * len(expected)
        assert [" ".join(b.get_text(" ").split()[1:]) for b in blocks] == expected
        assert all(b["id"].startswith("decision-") for b in blocks)


def test_checklists_and_decisions_in_plain_text(project):
    """The text builder writes each item's checkbox, owners and due date, and each decision's
    label: the parts kept as attributes of the item, not as nodes."""
    result = build(project, "text")
    assert result.warning_lines() == []
    for date, docname in DOCNAMES.items():
        text = " ".join((result.outdir / f"{docname}.txt").read_text(encoding="utf-8").split())
        written = [a for a in APPEARANCES if a[0] == date]
        for _date, _team, done, owners, item, due in written:
            owners_text = " ".join(f"@{owner}" for owner in owners)
            shown = " ".join(item.split())
            line = f"{'[x]' if done else '[ ]'} {owners_text} {shown}"
            assert line + (f" (due {due})" if due else "") in text
        decisions = [d for d in DECISIONS if d[0] == date]
        assert text.count("Decision:") == len(decisions)
        assert all(f"Decision: {decision}" in text for _d, _team, decision in decisions)


@pytest.mark.parametrize("builder", ["latex", "man", "texinfo"])
def test_open_actions_and_decisions_in_the_other_builders(project, builder):
    """Listings in a document that holds none of the calls (LaTeX, man and Texinfo write
    only their toctree's): the dates stay as text, the items keep state and due date."""
    result = build(project, builder)
    assert not result.failed
    assert result.warning_lines() == []
    output = " ".join(
        path.read_text(encoding="utf-8")
        for path in result.outdir.iterdir()
        if path.suffix in {".tex", ".1", ".texi"}
    )
    for facts in expected_open().values():
        if facts["due"]:
            suffix = " overdue" if facts["overdue"] else ""
            assert f"(due {facts['due']}){suffix}" in output
    assert "(open) " in output
    for _date, _team, decision in DECISIONS:
        # the first words: man escapes a hyphen
        assert " ".join(decision.split()[:4]) in output


def test_identity_follows_an_action_across_calls_and_syntaxes(builds):
    env = builds["html"].app.env
    histories = {h.first[1].identity: h for h in archive(env).action_histories()}
    expected = expected_histories()
    assert set(histories) == set(expected)
    for key, history in histories.items():
        assert [call.date.isoformat() for call, _ in history.appearances] == [
            appearance[0] for appearance in expected[key]
        ]
        assert history.is_open == (not expected[key][-1][2])
    az = histories[identity("iaas", "draft the AZ standard")]
    assert not az.is_open and az.times_carried == 2  # raised, carried twice, closed
    # a call-level action belongs to the community team
    assert identity("community", "book the summit venue") in histories


@pytest.mark.parametrize("builder", BUILDERS)
def test_open_actions_lists_latest_owners_due_first_call_and_carried(builds, builder):
    soup = builds[builder].html("listings")
    listing = soup.select(".scscall-open-actions")[0]
    expected = expected_open()
    entries = listing.select("li.scscall-action")
    assert len(entries) == len(expected)
    # grouped by team: one heading per team with open actions
    teams = [r.get_text() for r in listing.select(".scscall-open-actions-team")]
    assert teams == ["Team IaaS", "SIG Community"]
    for entry in entries:
        text = " ".join(entry.select_one(".scscall-action-text").get_text(" ").split())
        key = next(k for k in expected if k[1] in text.casefold())
        facts = expected.pop(key)
        assert [a.get_text() for a in entry.select("a.scscall-handle")] == facts["owners"]
        due = entry.select_one(".scscall-due")
        assert due.get_text() == f"(due {facts['due']})"
        assert ("scscall-overdue" in entry["class"]) == facts["overdue"]
        assert (
            bool(entry.select(".scscall-overdue strong, strong.scscall-overdue"))
            == facts["overdue"]
        )
        raised = entry.select_one(".scscall-action-history a.scscall-date")
        assert raised.get_text() == facts["first"]
        assert DOCNAMES[facts["first"]].rsplit("/", 1)[1] + ".html" in raised["href"]
        history = entry.select_one(".scscall-action-history").get_text()
        carried = facts["carried"]
        assert (f"carried {carried} time" in history) == bool(carried)
    assert expected == {}


def test_open_actions_links_the_first_appearance_on_its_page(builds, project):
    result = builds["html"]
    soup = result.html("listings")
    for link in soup.select(".scscall-open-actions .scscall-action-history a.scscall-date"):
        page, anchor = link["href"].split("#")
        target = result.outdir / page
        assert build_target(target).find(id=anchor) is not None


def build_target(path):
    from bs4 import BeautifulSoup

    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize("builder", BUILDERS)
def test_open_actions_of_one_team(builds, builder):
    soup = builds[builder].html("listings")
    for listing in soup.select(".scscall-open-actions")[1:]:
        assert listing.select(".scscall-open-actions-team") == []
        keys = {k for k in expected_open() if k[0] == "iaas"}
        assert len(listing.select("li.scscall-action")) == len(keys)
    rst = builds[builder].html("listings-rst").select(".scscall-open-actions li.scscall-action")
    assert len(rst) == len({k for k in expected_open() if k[0] == "iaas"})


def team_of(entry) -> str:
    """The team a decision-log entry names: after the date, before ' · slide'."""
    headline = entry.select_one(".scscall-decision-headline").get_text()
    return headline.split(" · ")[1]


@pytest.mark.parametrize("builder", BUILDERS)
def test_decision_log_newest_first_with_team_date_and_link(builds, builder):
    result = builds[builder]
    soup = result.html("listings")
    logs = soup.select("ul.scscall-decision-log")
    everything = sorted(DECISIONS, key=lambda d: d[0], reverse=True)
    entries = logs[0].select("li.scscall-decision-entry")
    assert [e.select_one(".scscall-decision-text").get_text() for e in entries] == [
        text for _date, _team, text in everything
    ]
    assert [e.select_one("a.scscall-decision-link").get_text() for e in entries] == [
        date for date, _team, _text in everything
    ]
    assert [team_of(e) for e in entries] == [
        {"iaas": "Team IaaS", "ops": "Team Ops"}[team] for _date, team, _text in everything
    ]
    ops = logs[1].select(".scscall-decision-text")
    assert [e.get_text() for e in ops] == [t for _d, team, t in everything if team == "ops"]
    # a log of one team still names the team in each entry
    teams = [team_of(e) for e in logs[1].select("li.scscall-decision-entry")]
    assert teams == ["Team Ops"] * len(ops)
    of_2030 = result.html("listings-rst").select("ul.scscall-decision-log .scscall-decision-text")
    assert [e.get_text() for e in of_2030] == [t for d, _team, t in everything if d < "2031"]


def test_sphinx_search_finds_a_decision_on_its_call_page_not_in_the_logs(builds):
    """The listings of actions and decisions stay out of Sphinx's own search index."""
    from sphinx.search.en import SearchEnglish

    language = SearchEnglish({})
    result = builds["html"]
    script = (result.outdir / "searchindex.js").read_text(encoding="utf-8")
    index = json.loads(script[script.index("(") + 1 : script.rindex(")")])
    docnames = index["docnames"]
    listings = {docnames.index("listings"), docnames.index("listings-rst")}
    for date, _team, decision in DECISIONS:
        call_page = docnames.index(DOCNAMES[date])
        keys = [language.stem(word).lower() for word in language.split(decision)]
        keys = [key for key in keys if language.word_filter(key) and key in index["terms"]]
        assert len(keys) >= 3, decision
        for key in keys:
            docs = index["terms"][key]
            docs = set(docs if isinstance(docs, list) else [docs])
            assert call_page in docs, (decision, key)
            assert not docs & listings, (decision, key)


def test_decision_log_links_the_decision_on_its_call_page(builds):
    result = builds["html"]
    for link in result.html("listings").select("a.scscall-decision-link"):
        page, anchor = link["href"].split("#")
        block = build_target(result.outdir / page).find(id=anchor)
        assert "scscall-decision" in block["class"]


def test_listings_on_slides_link_the_slide_of_each_action(builds):
    soup = builds["revealjs"].html("listings")
    links = soup.select(".scscall-action-history a.scscall-date, a.scscall-decision-link")
    assert links
    for link in links:
        page, _, anchor = link["href"].partition("#/")
        deck = build_target(builds["revealjs"].outdir / page)
        slide = deck.find("section", id=anchor)
        # the slide shows the action or decision itself
        assert slide.select("li.scscall-action, div.scscall-decision")


# ------------------------------------------------------------------ bad input

BAD_ITEMS = {
    "no checkbox": ("- @fkr an item without a checkbox", "without a checkbox", "starts with"),
    "impossible due date": (
        "- [ ] @fkr book the room (due 2030-02-30)",
        "(due 2030-02-30)",
        "not a valid day",
    ),
    "malformed owner": ("- [ ] @not_a_handle! fix it", "@not_a_handle! fix it", "not a valid"),
    "hostile text": (
        "- [ ] @fkr <script>alert('HOSTILE')</script> and [click](javascript:alert(1))",
        "<script>alert(",
        "",
    ),
}


def hostile_rst(item: str) -> str:
    return item.replace("[click](javascript:alert(1))", "`click <javascript:alert(1)>`_")


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("case", sorted(BAD_ITEMS))
def test_bad_action_items_warn_at_their_line_and_keep_their_text(tmp_path, fmt, case):
    item, kept, message = BAD_ITEMS[case]
    if fmt == "rst":
        item = hostile_rst(item)
    good = "- [ ] @garloff a good action"
    block = directive(fmt, "actions", content=f"{good}\n{item}")
    srcdir, docname = deck_project(tmp_path, fmt, heading(fmt, "Topic") + "\n" + block)
    source = (srcdir / f"{docname}.{'md' if fmt == 'myst' else 'rst'}").read_text()
    line = next(n for n, text in enumerate(source.splitlines(), 1) if item[:12] in text)
    for builder in BUILDERS:
        result = build(srcdir, builder)
        warnings = result.warning_lines()
        if message:
            assert any(
                f"{docname}.{'md' if fmt == 'myst' else 'rst'}:{line}:" in w for w in warnings
            )
            assert any(message in w for w in warnings)
        soup = result.html(docname)
        assert injection_problems(soup, allowed_scripts=("_static/",)) == []
        assert kept in soup.get_text(" ")
        assert "a good action" in soup.get_text()
        assert "This slide comes after the bad input." in soup.get_text()


@pytest.mark.parametrize("fmt", FORMATS)
def test_actions_without_a_list_and_empty_decision_warn(tmp_path, fmt):
    blocks = [
        directive(fmt, "actions", content="Just a sentence, no list."),
        directive(fmt, "decision"),
    ]
    srcdir, docname = deck_project(tmp_path, fmt, heading(fmt, "Topic") + "\n" + "\n".join(blocks))
    for builder in BUILDERS:
        result = build(srcdir, builder)
        warnings = result.warning_lines()
        assert any("actions: no list" in w and f"{docname}." in w for w in warnings)
        assert any("decision: no text" in w and f"{docname}." in w for w in warnings)
        assert "Just a sentence, no list." in result.html(docname).get_text()


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_same_action_twice_in_one_report_warns_and_counts_once(tmp_path, fmt):
    twice = "- [ ] @fkr draft the standard\n- [ ] @garloff Draft the  standard"
    report = directive(
        fmt,
        "team-report",
        "iaas",
        {},
        heading(fmt, "Topic") + "\n" + directive(fmt, "actions", content=twice),
    )
    srcdir, docname = deck_project(tmp_path, fmt, report)
    result = build(srcdir, "html")
    assert any("listed twice" in w and f"{docname}." in w for w in result.warning_lines())
    assert len(result.html(docname).select("li.scscall-action")) == 2  # nothing lost
    (call,) = archive(result.app.env).dated()
    assert [a.owners for a in call.actions] == [("fkr",)]


@pytest.mark.parametrize("fmt", FORMATS)
def test_actions_and_decision_written_after_a_team_report_are_the_calls(tmp_path, fmt):
    """Text after a team report joins its last slide, but was written outside the report."""
    report = directive(
        fmt, "team-report", "container", {}, heading(fmt, "Cluster stacks") + "\nNews.\n"
    )
    after = [
        directive(fmt, "actions", content="- [ ] @fkr announce the summit (due 2030-12-01)"),
        directive(fmt, "decision", content="The summit is in May."),
    ]
    srcdir, docname = deck_project(tmp_path, fmt, report, *after)
    settings = read_settings(srcdir / "conf.py")
    call_team = settings.teams.team_for("community")
    # the source reader of `scscall new` and the build agree on whose action it is
    written = open_actions_by_team(
        srcdir / docname.rsplit("/", 1)[0], dt.date(2031, 1, 1), settings
    )
    assert set(written) == {call_team.key}
    for builder in BUILDERS:
        result = build(srcdir, builder)
        assert result.warning_lines() == []
        (call,) = archive(result.app.env).dated()
        assert [(a.team_key, a.text) for a in call.actions] == [
            (call_team.key, "announce the summit")
        ]
        assert [(d.team_key, d.team_name) for d in call.decisions] == [
            (call_team.key, call_team.name)
        ]
        # nothing lost: both still shown in the deck
        text = result.html(docname).get_text(" ")
        assert "announce the summit" in text and "The summit is in May." in text


# ------------------------------------------------------------------ scscall new


def test_open_actions_by_team_reads_both_syntaxes(project):
    settings = read_settings(project / "conf.py")
    folder = project / "community-calls"
    after_all = open_actions_by_team(folder, dt.date(2031, 2, 1), settings)
    expected = expected_open()
    assert set(after_all) == {team for team, _text in expected}
    for team, lines in after_all.items():
        assert len(lines) == len([k for k in expected if k[0] == team])
        for line in lines:
            assert line.startswith("- [ ] @")
            key = next(k for k in expected if k[0] == team and k[1] in line.casefold())
            facts = expected[key]
            assert " ".join(facts["owners"]) in line
            assert line.endswith(f"(due {facts['due']})")
    # before the call that closed it, the AZ standard is still open, owned as last written
    before_close = open_actions_by_team(folder, dt.date(2031, 1, 15), settings)
    az = [line for line in before_close["iaas"] if "az standard" in line.casefold()]
    assert az == ["- [ ] @matofeder draft the AZ standard (due 2030-12-10)"]
    assert open_actions_by_team(folder, dt.date(2030, 11, 20), settings) == {}
