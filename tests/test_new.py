"""`scscall new`: the next call's deck."""

import datetime as dt
import re

import pytest

from sphinxcontrib_scscall.commands import main
from sphinxcontrib_scscall.commands.new import new_deck, next_thursday
from sphinxcontrib_scscall.config import read_settings
from sphinxcontrib_scscall.teams import DEFAULT_TEAMS
from sphinxcontrib_scscall.testing import build, write_project

PREVIOUS = """\
---
call-date: 2025-01-09
---

# Call 2025-01-09

::::{upcoming-events}
:horizon: 200

- 2025-01-10 Albatross Meetup ({gh}`heron`)
- 2025-01-15/2025-01-17 Bison Days
  - with a sub-item
- 2025-01-16/17 Caracal Summit
::::
"""
OLDER = """\
# Call 2025-01-02

:::{upcoming-events}
- 2025-03-01 Dingo Day, only in the older deck
:::
"""


@pytest.mark.parametrize(
    ("today", "thursday"),
    [("2025-01-13", "2025-01-16"), ("2025-01-16", "2025-01-16"), ("2025-01-17", "2025-01-23")],
)
def test_next_thursday(today, thursday):
    assert next_thursday(dt.date.fromisoformat(today)) == dt.date.fromisoformat(thursday)


def test_default_date_is_next_thursday(tmp_path):
    path = new_deck(tmp_path, read_settings(None), today=dt.date(2025, 1, 13))
    assert path.name == "2025-01-16.md"


def test_new_deck_content(tmp_path):
    out = tmp_path / "community-calls"
    out.mkdir()
    (out / "2025-01-09.md").write_text(PREVIOUS)
    (out / "2025-01-02.md").write_text(OLDER)
    assert main(["new", "2025-01-16", "--out", str(out)]) == 0
    text = (out / "2025-01-16.md").read_text()
    assert text.startswith("---\ncall-date: 2025-01-16\n---\n\n# ")
    assert re.findall(r"^:::\{team-report\} (\S+)$", text, re.MULTILINE) == list(DEFAULT_TEAMS)
    events = text.split("{upcoming-events}")[1]
    assert "Albatross" not in events  # ended before the new call
    assert "- 2025-01-15/2025-01-17 Bison Days\n  - with a sub-item" in events
    assert "- 2025-01-16/17 Caracal Summit" in events
    assert "Dingo" not in events  # only the latest earlier deck counts
    assert "% :::{survey-callout} https://" in text


PREVIOUS_RST = """\
:call-date: 2025-01-09

Call 2025-01-09
===============

.. upcoming-events::
   :horizon: 200

   - 2025-01-10 Albatross Meetup (:gh:`heron`)
   - 2025-01-15/2025-01-17 Bison Days
   - 2025-01-16/17 Caracal Summit,
     on two lines
"""


def test_events_carried_over_from_an_rst_deck(tmp_path):
    (tmp_path / "2025-01-09.rst").write_text(PREVIOUS_RST)
    (tmp_path / "2025-01-02.md").write_text(OLDER)
    assert main(["new", "2025-01-16", "--out", str(tmp_path)]) == 0
    text = (tmp_path / "2025-01-16.md").read_text()
    assert "% Events carried over from 2025-01-09.rst" in text
    events = text.split("{upcoming-events}")[1]
    assert "Albatross" not in events  # ended before the new call
    assert "- 2025-01-15/2025-01-17 Bison Days\n" in events
    assert "- 2025-01-16/17 Caracal Summit, on two lines\n" in events
    assert "Dingo" not in events  # only the latest earlier deck counts


def test_refuses_a_date_that_has_an_rst_deck(tmp_path, capsys):
    (tmp_path / "2025-01-16.rst").write_text(PREVIOUS_RST)
    assert main(["new", "2025-01-16", "--out", str(tmp_path)]) == 1
    assert "2025-01-16.rst exists already" in capsys.readouterr().err
    assert not (tmp_path / "2025-01-16.md").exists()


def test_refuses_to_overwrite(tmp_path, capsys):
    assert main(["new", "2025-01-16", "--out", str(tmp_path)]) == 0
    (tmp_path / "2025-01-16.md").write_text("mine")
    assert main(["new", "2025-01-16", "--out", str(tmp_path)]) == 1
    assert "exists already" in capsys.readouterr().err
    assert (tmp_path / "2025-01-16.md").read_text() == "mine"


def test_teams_from_conf(tmp_path):
    (tmp_path / "conf.py").write_text(
        'scscall_teams = {"walrus": {"name": "Team Walrus"}, "otter": {"name": "SIG Otter"}}\n'
    )
    assert main(["new", "2025-01-16", "--out", str(tmp_path / "d"), "--conf", str(tmp_path)]) == 0
    text = (tmp_path / "d" / "2025-01-16.md").read_text()
    assert re.findall(r"^:::\{team-report\} (\S+)$", text, re.MULTILINE) == ["walrus", "otter"]


@pytest.mark.parametrize("builder", ["html", "revealjs"])
def test_new_deck_builds_without_warnings(tmp_path, builder):
    project = write_project(tmp_path / "docs", {"community-calls/2025-01-09.md": PREVIOUS})
    assert main(["new", "2025-01-16", "--out", str(project / "community-calls")]) == 0
    assert build(project, builder).warning_lines() == []
