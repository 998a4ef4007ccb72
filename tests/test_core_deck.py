"""Call decks: recognition, date and presenter, title slide, env records under rebuilds."""

from __future__ import annotations

import datetime as dt
import filecmp
import shutil

import pytest

from sphinxcontrib_scscall.call_deck import is_call_deck
from sphinxcontrib_scscall.config import settings
from sphinxcontrib_scscall.testing import build, slide_stacks, write_project

MYST_DECK = (
    "---\ncall-date: {date}\ncall-presenter: {presenter}\n---\n\n# {title}\n\n## Agenda\n\nText.\n"
)
RST_DECK = ":call-date: {date}\n:call-presenter: {presenter}\n\n{title}\n{underline}\n\nAgenda\n------\n\nText.\n"


def _deck(syntax: str, date: str, title: str, presenter: str = "fkr") -> tuple[str, str]:
    if syntax == "myst":
        return ".md", MYST_DECK.format(date=date, title=title, presenter=presenter)
    body = RST_DECK.format(date=date, title=title, presenter=presenter, underline="=" * len(title))
    return ".rst", body


@pytest.mark.parametrize("syntax", ["myst", "rst"])
@pytest.mark.parametrize("builder", ["html", "revealjs"])
def test_metadata_date_and_presenter_make_the_title_slide(tmp_path, syntax, builder):
    suffix, text = _deck(syntax, "2024-03-07", "Our call")
    root = write_project(tmp_path, {f"community/community-calls/spring{suffix}": text})
    result = build(root, builder)
    assert result.warning_lines() == []  # in no toctree, yet no warning
    call = result.app.env.scscall_calls["community/community-calls/spring"]
    assert (call.date, call.presenter, call.title) == (dt.date(2024, 3, 7), "fkr", "Our call")
    soup = result.html("community/community-calls/spring")
    meta = soup.select_one("p.scscall-call-meta")
    assert "7 March 2024" in meta.get_text()
    assert meta.find("a")["href"] == "https://github.com/fkr"
    if builder == "revealjs":
        assert slide_stacks(soup)[0] == ["Our call"]
        assert (
            soup.select_one('section[data-scscall-slide="title"] p.scscall-call-meta') is not None
        )


@pytest.mark.parametrize(
    ("docname", "expected"),
    [
        ("community-calls/20240627", dt.date(2024, 6, 27)),
        ("community-calls/2024-06-27", dt.date(2024, 6, 27)),
        ("community-calls/call-2024-06-27-notes", dt.date(2024, 6, 27)),
    ],
)
def test_date_from_the_docname(tmp_path, docname, expected):
    root = write_project(tmp_path, {f"{docname}.md": "# A call\n"})
    result = build(root, "html")
    assert result.app.env.scscall_calls[docname].date == expected
    assert result.warning_lines() == []


def test_matching_uses_the_configured_globs_and_skips_index_pages(tmp_path):
    conf = 'extensions = ["sphinxcontrib_scscall"]\nscscall_calls = ["meetings/*"]\n'
    files = {
        "meetings/2024-01-04.md": "# Jan\n",
        "meetings/index.md": "# All meetings\n",
        "community-calls/2024-01-11.md": "# Not a deck here\n",
    }
    result = build(write_project(tmp_path, files, conf=conf), "html")
    assert sorted(result.app.env.scscall_calls) == ["meetings/2024-01-04"]
    assert is_call_deck(settings(result.app.config).calls, "meetings/2024-01-04")
    assert not is_call_deck(settings(result.app.config).calls, "meetings/index")


@pytest.mark.parametrize(
    ("filename", "deck", "message"),
    [
        (
            "x-2024-01-04.rst",
            ":call-date: 2024-02-30\n\nCall\n====\n\nLater slide\n-----------\n",
            "call-date:",
        ),
        (
            "x-2024-01-04.md",
            "---\ncall-date: soon\n---\n\n# Call\n\n## Later slide\n",
            "call-date:",
        ),
        (
            "x-2024-01-04.md",
            "---\ncall-presenter: not a handle!\n---\n\n# Call\n\n## Later slide\n",
            "call-presenter:",
        ),
    ],
)
def test_bad_metadata_warns_at_its_line_and_the_deck_still_builds(
    tmp_path, filename, deck, message
):
    root = write_project(tmp_path, {f"community-calls/{filename}": deck})
    result = build(root, "html")
    (warning,) = result.warning_lines()
    field_line = next(n for n, line in enumerate(deck.splitlines(), 1) if message in line)
    assert f"{filename}:{field_line}:" in warning and message in warning
    assert result.html("community-calls/x-2024-01-04").find("h2") is not None


def test_deck_without_any_date_warns_naming_the_file(tmp_path):
    root = write_project(tmp_path, {"community-calls/latest.md": "# Undated\n"})
    result = build(root, "html")
    (warning,) = result.warning_lines()
    assert "latest.md" in warning and "no date" in warning
    assert result.app.env.scscall_calls["community-calls/latest"].date is None


def test_unsafe_body_links_are_removed_with_a_warning(tmp_path):
    deck = ":call-date: 2024-01-04\n\nCall\n====\n\n`click <javascript:alert(1)>`_ and `ok <https://example.org>`_\n"
    result = build(write_project(tmp_path, {"community-calls/a.rst": deck}), "html")
    (warning,) = result.warning_lines()
    assert "a.rst:" in warning and "javascript" in warning
    body = result.html("community-calls/a").select_one("section#call")
    body_links = body.select("a.reference:not(.scscall-slides-link)")
    assert [a["href"] for a in body_links] == ["https://example.org"]
    assert "click" in body.get_text()


def _records(result):
    return dict(sorted(result.app.env.scscall_calls.items()))


def test_incremental_edit_add_delete_keep_the_records_right(tmp_path):
    root = write_project(
        tmp_path,
        {
            "community-calls/2024-01-04.md": "# First\n\n:::{team-report} iaas\n:::\n",
            "community-calls/2024-01-11.md": "# Second\n",
        },
    )
    build(root, "html", freshenv=False)
    (root / "community-calls/2024-01-04.md").write_text(
        "# First, edited\n\n:::{team-report} ops\n:::\n"
    )
    (root / "community-calls/2024-01-11.md").unlink()
    (root / "community-calls/2024-01-18.md").write_text("# Third\n")
    incremental = build(root, "html", freshenv=False)
    clean_root = tmp_path / "clean"
    shutil.copytree(root, clean_root, ignore=shutil.ignore_patterns("_build"))
    clean = build(clean_root, "html")
    assert _records(incremental) == _records(clean)
    first = incremental.app.env.scscall_calls["community-calls/2024-01-04"]
    assert (first.title, [r.team_key for r in first.reports]) == ("First, edited", ["ops"])


def test_parallel_build_gives_the_same_records_and_pages(tmp_path):
    files = {
        f"community-calls/2024-01-{day:02d}.md": f"# Call {day}\n\n:::{{team-report}} iaas\n:reporter: r{day}\n\n## Topic {day}\n:::\n"
        for day in range(1, 29)
    }
    root = write_project(tmp_path, files)
    serial = build(root, "html", builddir=tmp_path / "serial")
    parallel = build(root, "html", builddir=tmp_path / "parallel", parallel=2)
    assert "parallel" not in parallel.warnings  # no "not safe for parallel reading" fallback
    assert _records(serial) == _records(parallel)
    pages = sorted(
        p.relative_to(serial.outdir) for p in serial.outdir.glob("community-calls/*.html")
    )
    match, mismatch, errors = filecmp.cmpfiles(serial.outdir, parallel.outdir, pages, shallow=False)
    assert (len(match), mismatch, errors) == (len(files), [], [])


def test_raw_html_in_a_deck_is_text_but_a_markdown_line_break_stays(tmp_path):
    deck = "# Call 2024-01-04\n\nfirst line\\\nsecond line with <b>bold</b>\n"
    result = build(write_project(tmp_path, {"community-calls/2024-01-04.md": deck}), "html")
    (warning,) = result.warning_lines()
    assert "2024-01-04.md:3" in warning and "raw HTML" in warning
    paragraph = result.html("community-calls/2024-01-04").select_one(
        "section p:not(.scscall-call-meta):not(.scscall-view-slides)"
    )
    assert paragraph.find("br") is not None and paragraph.find("b") is None
    assert "<b>bold</b>" in paragraph.get_text()
