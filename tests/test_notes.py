"""Formatted speaker notes: HTML in the slides' ``aside.notes``, nowhere in the archive."""

from __future__ import annotations

import pytest

from sphinxcontrib_scscall.testing import build, write_project

SECRET = "Zebrafinch"  # a word only the notes contain

MYST_DECK = f"""\
---
call-date: 2031-05-01
---
# Call with notes

## Agenda

- one point

```{{revealjs-notes}}
Say **{SECRET} loudly**, then open [the board](https://example.org/board).

- first *thing*
- second `kubectl get pods`

[bad](javascript:alert(1)) <script>alert(2)</script>
```
"""

RST_DECK = f"""\
:call-date: 2031-05-01

Call with notes
===============

Agenda
------

- one point

.. revealjs-notes::

   Say **{SECRET} loudly**, then open `the board <https://example.org/board>`_.

   - first *thing*
   - second ``kubectl get pods``

   `bad <javascript:alert(1)>`_ <script>alert(2)</script>
"""

SOURCES = {
    "myst": ("community-calls/2031-05-01.md", MYST_DECK),
    "rst": (
        "community-calls/2031-05-01.rst",
        RST_DECK,
    ),
}
DOCNAME = "community-calls/2031-05-01"


@pytest.fixture(scope="module", params=sorted(SOURCES))
def project(request, tmp_path_factory):
    path, text = SOURCES[request.param]
    return write_project(tmp_path_factory.mktemp(request.param), {path: text})


def test_notes_keep_their_formatting_on_the_slides(project):
    built = build(project, "revealjs")
    notes = built.html(DOCNAME).select("aside.notes")
    assert len(notes) == 1
    note = notes[0]
    assert note.find("strong").get_text() == f"{SECRET} loudly"
    link = note.find("a", href="https://example.org/board")
    assert link is not None and link.get_text() == "the board"
    assert [item.get_text(" ", strip=True) for item in note.select("ul > li")] == [
        "first thing",
        "second kubectl get pods",
    ]
    assert note.find("code").get_text() == "kubectl get pods"
    assert note.find("em").get_text() == "thing"
    # the notes sit in the slide they were written on
    assert note.find_parent("section").find("h2").get_text(strip=True).startswith("Agenda")


def test_author_text_in_notes_stays_text(project):
    note = build(project, "revealjs").html(DOCNAME).select_one("aside.notes")
    assert note.find("script") is None
    assert not note.select('a[href^="javascript"]')
    assert "<script>alert(2)</script>" in note.get_text()


def test_the_archive_and_its_search_never_see_notes(project):
    built = build(project, "html")
    assert built.html(DOCNAME).select("aside.notes, .admonition") == []
    written = [
        path
        for path in built.outdir.rglob("*")
        if path.is_file()
        and path.suffix in {".html", ".js", ".json", ".txt"}
        and "_sources" not in path.parts
    ]
    assert any(path.name == "searchindex.js" for path in written)
    assert [
        path for path in written if SECRET.lower() in path.read_text(errors="replace").lower()
    ] == []


@pytest.fixture(scope="module")
def chromium(tmp_path_factory):
    from browser.chromium import launch_chromium

    yield from launch_chromium(tmp_path_factory)


@pytest.mark.browser
def test_the_speaker_view_shows_the_formatting(project, chromium):
    from browser.chromium import watch

    deck = build(project, "revealjs").outdir / f"{DOCNAME}.html"
    watched = watch(chromium)
    try:
        watched.open_deck(deck)
        watched.page.evaluate("Reveal.slide(1)")
        with chromium.expect_page(timeout=30_000) as opened:
            watched.page.keyboard.press("s")
        speaker_view = opened.value
        notes = speaker_view.locator(".speaker-controls-notes .value")
        notes.locator("strong").wait_for(timeout=30_000)
        assert notes.locator("strong").inner_text() == f"{SECRET} loudly"
        assert notes.locator('a[href="https://example.org/board"]').count() == 1
        assert notes.locator("li").count() == 2
        assert notes.locator("code").inner_text() == "kubectl get pods"
        speaker_view.close()
    finally:
        watched.page.close()
