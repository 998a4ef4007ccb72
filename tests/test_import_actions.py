"""Action items in old decks: `- [ ]` lists and "Action items"/"AIs"/"TODO" headings in a
team's report become `actions` blocks; nothing else is guessed.

The made-up decks in roots/import-actions hold each form, and the look-alikes
that must stay as written (a list with a box on some items only, a "TODO:"
item, a box list outside a team's report, an owner that is no GitHub handle, an
impossible due date, the same action twice).
"""

from __future__ import annotations

import re

import pytest
from import_support import ROOT as IMPORT_ROOT
from import_support import built_words, convert_text, import_and_build, source_words

ROOT = IMPORT_ROOT.parent / "import-actions"
DECKS = {"20301107.md": "community-calls/2030-11-07", "20301121.md": "community-calls/2030-11-21"}
BOX = re.compile(r"^\s*[-*]\s+\[([ xX])\]\s+(.*)$")

# (deck, team, words of the item as written in the source, done) for every item that is an
# action: those with a box in an all-box list, and those under an action heading
EXPECTED = [
    ("20301107.md", "iaas", "draft the **quokka** availability standard", False),
    ("20301107.md", "iaas", "ask upstream about wombat extra specs", True),
    ("20301107.md", "iaas", "review the narwhal flavor naming PR", False),
    ("20301107.md", "iaas", "close the stale gecko issue", True),
    ("20301107.md", "iaas", "Heron dashboards need a README", False),
    ("20301107.md", "iaas", "measure the restore time", False),
    ("20301121.md", "iaas", "draft the quokka availability standard", True),
    ("20301121.md", "iaas", "ping the pelican maintainers", False),
]
# items that look like actions but are kept as the author wrote them
KEPT_AS_LIST = [
    "update the kestrel runbook",  # its list has items without a box
    "TODO: tapir export and storage",
    "rotate the yak credentials",  # owner "@not_a_handle!"
    "fix the jackal alerts",  # in the same list
    "renew the flamingo certificates",  # due 2030-02-30
    "book the albatross venue",  # not in a team's report
    "bump the cluster stack",  # twice in one report
    "write the ibex blog post",  # under "Next steps", not an action heading
]


def plain(markdown: str) -> str:
    return markdown.replace("**", "")


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    return import_and_build(tmp_path_factory, ROOT)


@pytest.mark.parametrize("builder", ["html", "revealjs"])
def test_builds_without_warnings(imported, builder):
    _project, builds = imported
    assert builds[builder].warning_lines() == []


def test_items_become_actions_of_their_team_with_their_done_state(imported):
    _project, builds = imported
    found = []
    for deck, docname in DECKS.items():
        for action in builds["html"].app.env.scscall_calls[docname].actions:
            found.append((deck, action.team_key, action.text, action.done))
    assert [(deck, team, plain(text), done) for deck, team, text, done in EXPECTED] == [
        (deck, team, re.sub(r"\s*\(due [^)]*\)$", "", text), done)
        for deck, team, text, done in found
    ]


def test_owners_and_due_dates_are_read(imported):
    _project, builds = imported
    actions = builds["html"].app.env.scscall_calls[DECKS["20301107.md"]].actions
    source = (ROOT / "20301107.md").read_text()
    for action in actions:
        line = next(line for line in source.splitlines() if plain(action.text) in plain(line))
        assert list(action.owners) == re.findall(r"@([\w-]+)", line.split(action.text[:8])[0])
        due = re.search(r"\(due (\d{4}-\d\d-\d\d)\)", line)
        assert (action.due.isoformat() if action.due else None) == (due and due.group(1))


@pytest.mark.parametrize("builder", ["html", "revealjs"])
def test_page_and_slides_show_checklists(imported, builder):
    _project, builds = imported
    for deck, docname in DECKS.items():
        page = builds[builder].html(docname)
        items = page.select("li.scscall-action")
        expected = [(plain(text), done) for name, _team, text, done in EXPECTED if name == deck]
        assert [
            ("scscall-action-done" in item["class"], item.select_one("input")["aria-label"])
            for item in items
        ] == [(done, "done" if done else "open") for _text, done in expected]
        for item, (text, done) in zip(items, expected, strict=True):
            assert text in " ".join(item.get_text(" ").split())
            assert item.select_one("input").has_attr("checked") == done
        for owner in page.select("li.scscall-action a.scscall-handle"):
            assert owner["href"] == "https://github.com/" + owner.get_text().removeprefix("@")


@pytest.mark.parametrize("builder", ["html", "revealjs"])
def test_look_alikes_are_kept_as_written(imported, builder):
    _project, builds = imported
    pages = [builds[builder].html(docname) for docname in DECKS.values()]
    for text in KEPT_AS_LIST:
        items = [li for page in pages for li in page.find_all("li") if text in li.get_text()]
        assert items, text
        assert not any("scscall-action" in li.get("class", []) for li in items), text


def test_each_look_alike_that_was_almost_an_action_has_a_report_line():
    problems = []
    for deck in DECKS:
        _myst, report = convert_text((ROOT / deck).read_text(), deck)
        problems += [message for _line, message in report.problems.items]
    assert sorted(problems) == sorted(
        [
            "action owner is no GitHub handle: kept as a list",
            "action due date: '2030-02-30' is not a valid day: day is out of range for month:"
            " kept as a list",
            "action listed twice: kept as a list",
        ]
    )


def test_report_counts_the_action_items():
    for deck in DECKS:
        _myst, report = convert_text((ROOT / deck).read_text(), deck)
        expected = sum(1 for name, *_rest in EXPECTED if name == deck)
        assert report.actions == expected
        assert f"action items: {expected}" in report.summary()


@pytest.mark.parametrize("deck", DECKS)
def test_every_word_reaches_the_pages(imported, deck):
    _project, builds = imported
    missing = source_words((ROOT / deck).read_text()) - built_words(builds, DECKS[deck])
    # bylines, the minutes label and team headings are structure (the directive renders them)
    assert missing <= {"report", "presented", "minutes"}


def test_box_lines_outside_converted_lists_stay_escaped_text():
    myst, _report = convert_text((ROOT / "20301107.md").read_text(), "20301107.md")
    blocks = re.findall(r"^:::\{actions\}\n(.*?)^:::$", myst, re.MULTILINE | re.DOTALL)
    in_blocks = [line for block in blocks for line in block.splitlines()]
    assert all(BOX.match(line) for line in in_blocks)
    # every other box is still the author's text: escaped, so MyST shows "[ ]"
    others = [line for line in myst.splitlines() if line.startswith("- \\[")]
    assert others and not any(BOX.match(line) for line in others)
