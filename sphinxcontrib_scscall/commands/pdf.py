"""``scscall pdf``: a built call deck printed to a PDF handout, one page per slide.

reveal.js lays a deck out for printing when its URL ends in ``?print-pdf``;
a locally installed Chromium, driven headless through Playwright, prints that
layout. Nothing is downloaded: without a Chromium the command says so.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

from .common import Runner

#: looked up on PATH, in this order, unless --chromium or $CHROMIUM_PATH names one
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
#: a quiet, offline browser (Playwright adds --headless itself)
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]
PRINT_READY = "window.Reveal && Reveal.isReady() && document.querySelector('.pdf-page') !== null"


class PdfError(Exception):
    """A handout that cannot be printed, with the reason for the user."""


def find_chromium(explicit: str | None = None) -> str | None:
    """The Chromium executable to use, or None when none is installed."""
    for candidate in (explicit, os.environ.get("CHROMIUM_PATH")):
        if candidate:
            return shutil.which(candidate) or (candidate if Path(candidate).is_file() else None)
    return next(filter(None, map(shutil.which, CHROMIUM_NAMES)), None)


def print_deck(slides: Path, output: Path, chromium: str, timeout_ms: int = 60_000) -> int:
    """Print the slide page *slides* to *output*; return the number of slides printed."""
    if not slides.is_file():
        raise PdfError(f"{slides} is not a file: give a slide page built with `-b revealjs`")
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise PdfError(
            "printing needs Playwright for Python: pip install 'sphinxcontrib-scscall[browser]' "
            "(it drives the installed Chromium; no browser download is needed)"
        ) from None
    try:
        with tempfile.TemporaryDirectory() as profile, sync_playwright() as playwright:
            context = playwright.chromium.launch_persistent_context(
                profile, executable_path=chromium, headless=True, args=CHROMIUM_FLAGS
            )
            try:
                page = context.new_page()
                page.goto(slides.resolve().as_uri() + "?print-pdf")
                if not page.evaluate("document.querySelector('.reveal .slides') !== null"):
                    raise PdfError(f"{slides} is not a reveal.js slide page")
                page.wait_for_function(PRINT_READY, timeout=timeout_ms)
                page_count = page.evaluate("document.querySelectorAll('.pdf-page').length")
                output.parent.mkdir(parents=True, exist_ok=True)
                page.pdf(path=str(output), prefer_css_page_size=True, print_background=True)
            finally:
                context.close()
    except PlaywrightError as err:
        raise PdfError(f"Chromium at {chromium} could not print {slides}: {err}") from None
    return page_count


def pdf_page_count(pdf: Path) -> int:
    """Pages of a PDF written by Chromium (its page objects are not compressed)."""
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf.read_bytes()))


HELP = "print a built slide deck to a PDF handout, one page per slide"


def configure(parser: argparse.ArgumentParser) -> Runner:
    parser.add_argument(
        "slides", type=Path, metavar="SLIDES_HTML", help="a deck's page built with -b revealjs"
    )
    parser.add_argument(
        "-o", "--output", type=Path, help="the PDF to write (default: SLIDES_HTML with .pdf)"
    )
    parser.add_argument(
        "--chromium",
        help="the Chromium executable (default: $CHROMIUM_PATH, else chromium on PATH)",
    )
    return run_pdf


def run_pdf(args: argparse.Namespace) -> int:
    chromium = find_chromium(args.chromium)
    if chromium is None:
        print(
            "error: no Chromium found. Install one (Debian/Ubuntu: apt-get install chromium) "
            "or name it with --chromium PATH or $CHROMIUM_PATH.",
            file=sys.stderr,
        )
        return 2
    output = args.output or args.slides.with_suffix(".pdf")
    try:
        slide_count = print_deck(args.slides, output, chromium)
    except PdfError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    print(f"wrote {output} ({slide_count} pages)")
    return 0
