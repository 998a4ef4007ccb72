"""Incremental builds (no -E) keep every listing, generated page and feed right, and
``-j 2`` writes the same output as ``-j 1``."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import icalendar
import pytest
from archive_project import DECK_2024_06, archive_project

from sphinxcontrib_scscall.archive.feeds import ATOM_FILE, ICS_FILE
from sphinxcontrib_scscall.archive.listing import listing_pages
from sphinxcontrib_scscall.testing import build

ATOM = "{http://www.w3.org/2005/Atom}"
NEW_DECK = """\
# Community Call August

:::{team-report} container
:reporter: newcomer

## Cluster Stacks autumn plans

- drafted
:::

:::{upcoming-events}

- 2024-10-01 Brand New Meetup
:::
"""


@dataclass
class Views:
    """What the archive says about the decks, read from every output that lists them."""

    archive_dates: list[str]
    archive_titles: list[str]
    timeline_dates: list[str]
    team_page_dates: list[str]
    reporters: list[str]
    feed_titles: list[str]
    ics_titles: set[str]


def views(root: Path, **options) -> Views:
    result = build(root, freshenv=False, **options)
    assert result.warning_lines() == []
    archive = result.html("archive")
    container = result.html("community-calls/teams/container")
    feed = ET.parse(result.outdir / ATOM_FILE).getroot()
    calendar = icalendar.Calendar.from_ical((result.outdir / ICS_FILE).read_bytes())
    return Views(
        archive_dates=[s.get_text() for s in archive.select(".scscall-call-archive .scscall-date")],
        archive_titles=[a.get_text() for a in archive.select("a.scscall-call-link")],
        timeline_dates=[
            a.get_text() for a in archive.select("ul.scscall-team-timeline a.scscall-date")
        ],
        team_page_dates=[
            a.get_text()
            for a in container.select("ul.scscall-team-timeline > li > p > a.scscall-date")
        ],
        reporters=[
            a.get_text()
            for a in archive.select("ul.scscall-reporter-index > li > p > a.scscall-handle")
        ],
        feed_titles=[entry.findtext(f"{ATOM}title") for entry in feed.findall(f"{ATOM}entry")],
        ics_titles={str(event["summary"]) for event in calendar.walk("VEVENT")},
    )


@pytest.fixture
def root(tmp_path):
    root = archive_project(tmp_path)
    views(root)  # the first, full build
    return root


def test_adding_a_deck_updates_every_view(root):
    before = views(root)
    (root / "community-calls" / "2024-08-29.md").write_text(NEW_DECK, encoding="utf-8")
    after = views(root)
    assert after.archive_dates == ["2024-08-29", *before.archive_dates]
    assert after.archive_titles[0] == "Community Call August"
    assert after.team_page_dates == ["2024-08-29", *before.team_page_dates]
    assert "@newcomer" in after.reporters and "@newcomer" not in before.reporters
    assert after.feed_titles == ["Community Call August", *before.feed_titles]
    assert after.ics_titles == before.ics_titles | {"Brand New Meetup"}


def test_editing_a_deck_updates_every_view(root):
    before = views(root)
    deck = root / "community-calls" / "20240627.md"
    edited = DECK_2024_06.replace("# Community Call June", "# Community Call Midsummer")
    edited = edited.replace(
        ":::{team-report} iaas\n:reporter: fkr", ":::{team-report} iaas\n:reporter: editor"
    )
    deck.write_text(edited, encoding="utf-8")
    after = views(root)
    assert after.archive_titles == [
        "Community Call Midsummer" if t == "Community Call June" else t
        for t in before.archive_titles
    ]
    assert "Community Call Midsummer" in after.feed_titles
    assert "@editor" in after.reporters
    # the IaaS timeline on the archive page still lists the edited call
    assert after.timeline_dates == before.timeline_dates


def test_renaming_a_deck_updates_every_view(root):
    before = views(root)
    old = root / "community-calls" / "2023-11-30.md"
    old.rename(root / "community-calls" / "2023-12-07.md")
    after = views(root)
    assert after.archive_dates == [
        "2023-12-07" if d == "2023-11-30" else d for d in before.archive_dates
    ]
    assert "2023-12-07" in after.team_page_dates and "2023-11-30" not in after.team_page_dates
    assert after.feed_titles == before.feed_titles


def test_deleting_a_deck_updates_every_view(root):
    before = views(root)
    (root / "community-calls" / "2024-03-14.rst").unlink()
    after = views(root)
    assert after.archive_dates == [d for d in before.archive_dates if d != "2024-03-14"]
    assert "2024-03-14" not in after.team_page_dates
    assert "@matofeder" in before.reporters and "@matofeder" not in after.reporters
    assert "Community Call March" not in after.feed_titles
    assert "OpenInfra Day Berlin" in before.ics_titles - after.ics_titles


def read_documents(result) -> str:
    """The 'updating environment' line of the build's status output."""
    status = result.app.status.getvalue()
    return next(line for line in status.splitlines() if "updating environment" in line)


def written_documents(result) -> set[str]:
    """The docnames of the build's 'writing output... [ 50%] docname' lines."""
    status = re.sub(r"\x1b\[[0-9;]*m", "", result.app.status.getvalue())
    return set(re.findall(r"writing output\.\.\. \[ *\d+%\] (\S+)", status))


def test_only_changed_calls_rewrite_the_listing_pages(root):
    (root / "index.md").write_text((root / "index.md").read_text() + "\nMore text.\n")
    unrelated = build(root, freshenv=False)
    assert "0 added, 1 changed, 0 removed" in read_documents(unrelated)
    assert written_documents(unrelated) == {"index"}
    deck = root / "community-calls" / "20240627.md"
    # text that no listing shows: the deck alone is read and written
    deck.write_text(deck.read_text() + "\nMore text.\n")
    body_edit = build(root, freshenv=False)
    assert "0 added, 1 changed, 0 removed" in read_documents(body_edit)
    assert written_documents(body_edit) == {"community-calls/20240627"}
    # a new title: the deck is read, and the pages whose listings show the call are
    # written again; the pages of the teams that did not report in it are not
    deck.write_text(deck.read_text().replace("# Community Call June", "# Midsummer Call"))
    title_edit = build(root, freshenv=False)
    env = title_edit.app.env
    reported = {report.team_key for report in env.scscall_calls["community-calls/20240627"].reports}
    team_pages = env.scscall_team_pages.page_of
    showing = {team_pages[key] for key in reported} | {"archive", "archive-rst"}
    elsewhere = {page for key, page in team_pages.items() if key not in reported}
    assert showing | elsewhere <= listing_pages(env).keys()
    assert reported and elsewhere
    assert "0 added, 1 changed, 0 removed" in read_documents(title_edit)
    written = written_documents(title_edit)
    assert {"community-calls/20240627", *showing} <= written
    assert written & elsewhere == set()
    assert "Midsummer Call" in title_edit.html("archive").get_text()


def output_files(outdir: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(outdir)): path.read_bytes()
        for path in sorted(outdir.rglob("*"))
        if path.is_file() and path.suffix in (".html", ".atom", ".ics", ".js")
    }


def test_parallel_build_writes_the_same_output(tmp_path):
    root = archive_project(tmp_path / "src")
    serial = build(root, builddir=tmp_path / "serial")
    parallel = build(root, builddir=tmp_path / "parallel", parallel=2)
    assert serial.warning_lines() == parallel.warning_lines() == []
    serial_files, parallel_files = output_files(serial.outdir), output_files(parallel.outdir)
    assert serial_files.keys() == parallel_files.keys()
    assert [name for name in serial_files if serial_files[name] != parallel_files[name]] == []
