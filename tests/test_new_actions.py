"""`scscall new` carries each team's open actions into its report of the new deck."""

import pytest

from sphinxcontrib_scscall.commands import main
from sphinxcontrib_scscall.testing import build, write_project

FIRST = """\
---
call-date: 2030-11-20
---

# Call 2030-11-20

::::{team-report} iaas
:::{actions}
- [ ] @fkr draft the AZ standard (due 2030-12-01)
- [ ] @garloff ask upstream about extra specs
:::
::::
"""
SECOND = """\
:call-date: 2030-12-04

Call 2030-12-04
===============

.. team-report:: iaas

   .. actions::

      - [x] @garloff ask upstream about extra specs
      - [ ] @fkr @matofeder draft the AZ standard (due 2030-12-15)
"""


@pytest.mark.parametrize("builder", ["html", "revealjs"])
def test_open_actions_are_carried_into_the_team_report(tmp_path, builder):
    root = write_project(
        tmp_path,
        {"community-calls/2030-11-20.md": FIRST, "community-calls/2030-12-04.rst": SECOND},
    )
    assert main(["new", "2030-12-18", "--out", str(root / "community-calls")]) == 0
    text = (root / "community-calls" / "2030-12-18.md").read_text()
    iaas = text.split("{team-report} iaas")[1].split("{team-report}")[0]
    # the latest appearance's owners and due date; the ticked action stays behind
    assert "- [ ] @fkr @matofeder draft the AZ standard (due 2030-12-15)" in iaas
    assert "extra specs" not in text
    result = build(root, builder)
    assert result.warning_lines() == []
    page = result.html("community-calls/2030-12-18")
    report = page.find(id="team-iaas")
    assert report is not None
    assert "draft the AZ standard" in report.get_text(" ")
