"""A small archive of call decks for the archive tests: two years, MyST and rST decks,
known and ad-hoc teams, several reporters, events in decks and in an events file."""

from __future__ import annotations

from pathlib import Path

from sphinxcontrib_scscall.testing import DEFAULT_CONF, write_project

CONF = DEFAULT_CONF + 'scscall_events_file = "events.yaml"\n'

DECK_2023_11 = """\
---
call-presenter: fkr
---
# Community Call November

:::{team-report} iaas
:reporter: artificial-intelligence, @fkr

## Zuul redeployment

- started the move to the new cloud

## Availability Zone Standard

- first draft
:::

:::{team-report} container
:reporter: jschoone

## Cluster Stacks

- first release candidate
:::

:::{upcoming-events}
:include-past:

- 2023-12-05 ALASCA Tech Talk: Rook
:::
"""

DECK_2024_03 = """\
:call-presenter: garloff

Community Call March
====================

.. team-report:: Team Container
   :reporter: @jschoone, matofeder

   Cluster Stacks spring release
   -----------------------------

   - released

.. team-report:: Public Cloud SIG
   :reporter: fkr

   An ad-hoc team without topics.

.. upcoming-events::

   - 2024-04-10/11 OpenInfra Day Berlin
"""

DECK_2024_06 = """\
# Community Call June

:::{team-report} ops
:reporter: Garloff

## Zuul redeployment finished

- all jobs green
:::

:::{team-report} iaas
:reporter: fkr

## Extra specs

- agreement
:::

:::{upcoming-events}

- 2024-07-01/2024-07-02 Kubernetes Community Day Munich
- 2024-09-24/26 GI INFORMATIK2024
:::
"""

EVENTS_YAML = """\
- date: 2024-09-24/26
  title: GI INFORMATIK2024
  location: Wiesbaden
- date: 2024-11-13
  title: Sovereign Cloud Stack Summit
  url: https://scs.community/summit
"""

DECKS = {
    "community-calls/2023-11-30.md": DECK_2023_11,
    "community-calls/2024-03-14.rst": DECK_2024_03,
    "community-calls/20240627.md": DECK_2024_06,
}

INDEX = """\
# Archive

```{toctree}
archive
archive-rst
```
"""

ARCHIVE_MD = """\
# All calls

:::{call-archive}
:::

## Team IaaS

:::{team-timeline} IaaS
:::

## Reporters

:::{reporter-index}
:::
"""

ARCHIVE_RST = """\
Filtered
========

.. call-archive::
   :year: 2024

.. call-archive::
   :team: container
   :limit: 1
   :flat:

.. team-timeline:: Team Container
   :reverse:

.. reporter-index::
"""


def archive_project(root: Path, decks: dict[str, str] | None = None, conf: str = CONF) -> Path:
    files = {
        "index.md": INDEX,
        "archive.md": ARCHIVE_MD,
        "archive-rst.rst": ARCHIVE_RST,
        "events.yaml": EVENTS_YAML,
        **(DECKS if decks is None else decks),
    }
    return write_project(root, files, conf=conf)


def deck_dates() -> dict[str, str]:
    """Docname -> ISO date of the fixture decks, read from their file names."""
    dates = {}
    for path in DECKS:
        docname = path.rsplit(".", 1)[0]
        digits = "".join(ch for ch in docname.rsplit("/", 1)[-1] if ch.isdigit())
        dates[docname] = f"{digits[:4]}-{digits[4:6]}-{digits[6:]}"
    return dates


def href_target(page: Path, href: str) -> Path:
    """The file a relative link on *page* points to (fragment dropped)."""
    return (page.parent / href.split("#", 1)[0]).resolve()
