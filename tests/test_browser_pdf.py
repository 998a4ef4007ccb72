"""``scscall pdf``: a built deck printed through the installed Chromium, one page per slide.

In a module of its own: Playwright's sync API cannot start while another
module's browser is still running in the same thread.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser.decks import DECK, LONG_DECK, build_decks

from sphinxcontrib_scscall.commands import main
from sphinxcontrib_scscall.commands.pdf import PdfError, find_chromium, pdf_page_count, print_deck

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def chromium() -> str:
    executable = find_chromium()
    if executable is None:
        pytest.skip("no Chromium installed: apt-get install chromium, or set CHROMIUM_PATH")
    pytest.importorskip("playwright.sync_api", reason="Playwright for Python is not installed")
    return executable


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_decks(tmp_path_factory.mktemp("pdf") / "project")


def slide_page(built, docname: str) -> Path:
    return built["revealjs"].outdir / f"{docname}.html"


@pytest.mark.parametrize(("docname", "slides"), [(DECK, 7), (LONG_DECK, 9)])
def test_pdf_handout_has_one_page_per_slide(chromium, built, tmp_path, docname, slides):
    output = tmp_path / f"{Path(docname).name}.pdf"
    assert print_deck(slide_page(built, docname), output, chromium) == slides
    assert pdf_page_count(output) == slides, "a slide spilled onto a second page"


def test_pdf_refuses_a_page_that_is_not_a_deck(chromium, built, tmp_path):
    with pytest.raises(PdfError, match=r"not a reveal\.js slide page"):
        print_deck(built["html"].outdir / "index.html", tmp_path / "index.pdf", chromium)


def test_pdf_command_writes_the_handout(chromium, built, tmp_path, capsys):
    output = tmp_path / "handout.pdf"
    status = main(["pdf", str(slide_page(built, DECK)), "-o", str(output), "--chromium", chromium])
    assert status == 0
    assert pdf_page_count(output) == 7
    assert f"wrote {output} (7 pages)" in capsys.readouterr().out


def test_pdf_command_says_so_when_no_chromium_is_installed(built, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("CHROMIUM_PATH", raising=False)
    assert main(["pdf", str(slide_page(built, DECK))]) == 2
    assert "no Chromium found" in capsys.readouterr().err
