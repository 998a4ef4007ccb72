"""One model of each thing: one event identity, one configuration, one import graph without cycles."""

from __future__ import annotations

import ast
import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import sphinxcontrib_scscall
from sphinxcontrib_scscall.archive.feeds import ICS_FILE
from sphinxcontrib_scscall.commands import main
from sphinxcontrib_scscall.config import VALUES, read_settings
from sphinxcontrib_scscall.events import Event, normalized_title, unique_events
from sphinxcontrib_scscall.testing import DEFAULT_CONF, build, write_project

PACKAGE = Path(sphinxcontrib_scscall.__file__).parent
DASHES = [
    "-",
    "–",
    "—",
    "‐",
    "−",
]  # hyphen-minus, en, em, hyphen, minus... (minus is not punctuation)

EVENTS_FILE = """\
events:
  - date: 2024-07-01/02
    title: "SCS Connect – Summer Edition"
    location: Berlin
"""
DECKS = {
    "myst": (
        ".md",
        "---\ncall-date: 2024-06-27\n---\n\n# Call\n\n"
        ":::{upcoming-events}\n- 2024-07-01/02 SCS connect - summer  edition\n:::\n",
    ),
    "rst": (
        ".rst",
        ":call-date: 2024-06-27\n\nCall\n====\n\n"
        ".. upcoming-events::\n\n   - 2024-07-01/02 SCS connect - summer  edition\n",
    ),
}


@pytest.mark.parametrize("dash", DASHES[:4])
def test_dash_forms_of_a_title_are_one_event(dash):
    written = Event(dt.date(2024, 7, 1), dt.date(2024, 7, 2), f"SCS Connect {dash} X")
    typed = Event(dt.date(2024, 7, 1), dt.date(2024, 7, 2), "scs  connect – x")
    assert written.identity == typed.identity
    assert unique_events([written, typed]) == [written]


@given(st.text(min_size=1, max_size=40))
def test_identity_ignores_case_and_spacing(title):
    assert normalized_title(title) == normalized_title(f"  {title.upper()}  ".replace(" ", "   "))


def test_different_days_are_different_events():
    first = Event(dt.date(2024, 7, 1), dt.date(2024, 7, 1), "Meetup")
    second = Event(dt.date(2024, 8, 1), dt.date(2024, 8, 1), "Meetup")
    assert len(unique_events([second, first])) == 2
    assert unique_events([second, first])[0] is first  # sorted by start


@pytest.mark.parametrize("syntax", DECKS)
@pytest.mark.parametrize("builder", ["html", "revealjs"])
def test_event_in_the_deck_and_in_the_events_file_shows_once(tmp_path, syntax, builder):
    suffix, text = DECKS[syntax]
    root = write_project(
        tmp_path,
        {f"community-calls/2024-06-27{suffix}": text, "events.yaml": EVENTS_FILE},
        conf=DEFAULT_CONF + 'scscall_events_file = "events.yaml"\n',
    )
    result = build(root, builder)
    assert result.warning_lines() == []
    page = result.html("community-calls/2024-06-27")
    titles = [item.get_text(" ", strip=True) for item in page.select(".scscall-event")]
    assert len(titles) == 1, titles
    # the deck's own mention (written on this slide) is the one shown
    assert "summer edition" in " ".join(titles[0].split())
    if builder == "html":
        ics = (result.outdir / ICS_FILE).read_text()
        assert ics.count("BEGIN:VEVENT") == 1


PREVIOUS_DECK = """\
---
call-date: 2025-01-09
---

# Call 2025-01-09

:::{upcoming-events}
- 2025-02-01 Carried Meetup
- 2025-02-03/04 Filed Summit
:::
"""


@pytest.mark.parametrize(
    "events_file",
    [
        "- date: 2025-02-03/04\n  title: Filed — Summit\n",
        "events:\n  - date: 2025-02-03/04\n    title: Filed — Summit\n",
    ],
    ids=["list", "mapping"],
)
def test_new_deck_does_not_repeat_events_of_the_events_file(tmp_path, events_file):
    write_project(
        tmp_path,
        {"data/events.yaml": events_file, "community-calls/2025-01-09.md": PREVIOUS_DECK},
        conf=DEFAULT_CONF + 'scscall_events_file = "data/events.yaml"\n',
    )
    decks = tmp_path / "community-calls"
    assert main(["new", "2025-01-16", "--out", str(decks), "--conf", str(tmp_path)]) == 0
    text = (decks / "2025-01-16.md").read_text()
    assert "Carried Meetup" in text
    assert "Filed" not in text
    # and the built deck shows the filed event once
    result = build(tmp_path, "html")
    titles = [
        item.get_text(" ", strip=True)
        for item in result.html("community-calls/2025-01-16").select(".scscall-event")
    ]
    assert sum("Summit" in title for title in titles) == 1


def _conf_warnings(tmp_path, conf: str) -> list[str]:
    root = write_project(tmp_path, {}, conf=DEFAULT_CONF + conf)
    return build(root, "html").warning_lines()


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("scscall_calls", "'community-calls/*'"),
        ("scscall_teams", "[]"),
        ("scscall_github_org", "7"),
        ("scscall_slides_url", "'javascript:alert(1)'"),
        ("scscall_slide_theme", "'neon'"),
        ("scscall_search", "'google'"),
        ("scscall_generate_team_pages", "'yes'"),
        ("scscall_events_file", "'missing.yaml'"),
        ("scscall_teams", "{'iaas': {'name': 'Team IaaS', 'misison': 'typo'}}"),
    ],
)
def test_a_bad_value_is_one_warning_at_its_line_in_conf_py(tmp_path, setting, value):
    warnings = _conf_warnings(tmp_path, f"{setting} = {value}\n")
    assert len(warnings) == 1, warnings
    line = DEFAULT_CONF.count("\n") + 1
    assert f"conf.py:{line}: WARNING: {setting}:" in warnings[0]


def test_every_value_is_registered_once_with_a_default_that_passes_its_own_check(tmp_path):
    names = [value.name for value in VALUES]
    assert len(names) == len(set(names))
    conf = "".join(f"{value.name} = {value.default!r}\n" for value in VALUES)
    assert _conf_warnings(tmp_path, conf) == []


def test_events_file_may_be_a_list_and_the_command_line_reads_it_like_the_build(tmp_path):
    (tmp_path / "conf.py").write_text(
        "import os\n"
        "scscall_events_file = [os.path.join('data', 'a.yaml'), '/b.yaml', 'gone.yaml']\n"
    )
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "a.yaml").write_text("[]\n")
    (tmp_path / "b.yaml").write_text("[]\n")
    problems = []
    settings = read_settings(tmp_path, lambda name, message: problems.append((name, message)))
    assert settings.events_files == ("data/a.yaml", "b.yaml")
    assert [name for name, _message in problems] == ["scscall_events_file"]
    assert "gone.yaml" in problems[0][1]


def _imports_of(path: Path) -> set[str]:
    """The package modules *path* imports at module level (type-only imports excluded)."""
    module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = set()
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            if base.startswith("sphinxcontrib_scscall"):
                found.add(base)
                found.update(f"{base}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("sphinxcontrib_scscall"))
    return found


def test_the_package_has_no_import_cycle():
    modules = {
        ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(
            ".__init__"
        ): path
        for path in PACKAGE.rglob("*.py")
    }
    graph = {
        name: {dep for dep in _imports_of(path) if dep in modules and dep != name}
        for name, path in modules.items()
    }
    # a package's __init__ importing its own submodules is how packages work, not a cycle
    for name in graph:
        graph[name] = {
            dep
            for dep in graph[name]
            if not (dep.startswith(name + ".") and modules[name].name == "__init__.py")
        }
    visiting, done = [], set()

    def visit(name):
        if name in done:
            return
        assert name not in visiting, "import cycle: " + " -> ".join(
            [*visiting[visiting.index(name) :], name]
        )
        visiting.append(name)
        for dep in sorted(graph[name]):
            visit(dep)
        visiting.pop()
        done.add(name)

    for name in sorted(graph):
        visit(name)
    assert len(done) == len(modules) > 30


def test_no_two_modules_or_model_classes_share_a_name():
    stems = [path.stem for path in PACKAGE.rglob("*.py") if path.stem != "__init__"]
    repeated = {stem for stem in stems if stems.count(stem) > 1}
    assert repeated == set()
    classes = [
        node.name
        for path in PACKAGE.rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text()))
        if isinstance(node, ast.ClassDef)
    ]
    assert sorted({name for name in classes if classes.count(name) > 1}) == []


def test_architecture_page_names_modules_that_exist():
    page = (PACKAGE.parent / "docs" / "guide" / "architecture.md").read_text()
    named = set(re.findall(r"`((?:[a-z_]+/)*[a-z_]+\.py)`", page))
    assert len(named) >= 10
    # a name is a module of the package, a file of this repository, or the user's conf.py
    missing = sorted(
        name
        for name in named - {"conf.py"}
        if not (PACKAGE / name).is_file() and not (PACKAGE.parent / name).is_file()
    )
    assert missing == []
