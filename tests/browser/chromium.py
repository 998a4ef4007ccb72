"""An offline headless Chromium for the browser tests, driven by Playwright.

The installed Chromium is used (``chromium`` on PATH or ``$CHROMIUM_PATH``),
nothing is downloaded, and tests skip with the reason when there is none.
Every page is watched: a request to anything but a local file, or an error in
the console, fails the test that calls :meth:`WatchedPage.assert_offline_and_quiet`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest

from sphinxcontrib_scscall.commands.pdf import CHROMIUM_FLAGS, find_chromium

LOCAL_URL = re.compile(r"^(file|data|blob|about):")
SLIDE_WIDTH, SLIDE_HEIGHT = 1920, 1080


@dataclass
class WatchedPage:
    page: object
    console_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)

    def assert_offline_and_quiet(self) -> None:
        assert self.foreign_requests == [], f"requests off the local disk: {self.foreign_requests}"
        assert self.console_errors == [], f"console errors: {self.console_errors}"

    def open_deck(self, path, query: str = "") -> None:
        self.page.goto(path.resolve().as_uri() + query)
        self.page.wait_for_function("window.Reveal && Reveal.isReady()")


def launch_chromium(tmp_path_factory):
    """A persistent context on a fresh profile (a generator: yields it, then closes it)."""
    executable = find_chromium()
    if executable is None:
        pytest.skip("no Chromium installed: apt-get install chromium, or set CHROMIUM_PATH")
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="Playwright for Python is not installed (extra 'browser')"
    )
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=executable,
            headless=True,
            args=CHROMIUM_FLAGS,
            viewport={"width": SLIDE_WIDTH, "height": SLIDE_HEIGHT},
        )
        try:
            yield context
        finally:
            context.close()


def watch(context) -> WatchedPage:
    """A new page whose non-local requests are recorded and refused, and console errors kept."""
    page = context.new_page()
    watched = WatchedPage(page)

    def refuse(route) -> None:
        watched.foreign_requests.append(route.request.url)
        route.abort()

    def note_request(request) -> None:
        if not LOCAL_URL.match(request.url) and request.url not in watched.foreign_requests:
            watched.foreign_requests.append(request.url)

    def note_console(message) -> None:
        if message.type == "error":
            watched.console_errors.append(message.text)

    page.route(re.compile(r"^(?!file:|data:|blob:|about:)"), refuse)
    page.on("request", note_request)
    page.on("console", note_console)
    page.on("pageerror", lambda error: watched.console_errors.append(str(error)))
    return watched


def slide_layout(page) -> list[int]:
    """Slides per horizontal position, as reveal.js laid the deck out."""
    return page.evaluate(
        """() => Reveal.getHorizontalSlides().map(
            (h) => Math.max(h.querySelectorAll(':scope > section').length, 1))"""
    )


def overflowing_slides(page) -> list[dict]:
    """Every slide (by indices) whose content is taller or wider than the 1920x1080 frame."""
    return page.evaluate(
        """() => {
            const found = [];
            const { width, height } = Reveal.getConfig();
            Reveal.getHorizontalSlides().forEach((stack, h) => {
                const leaves = stack.querySelectorAll(':scope > section');
                (leaves.length ? [...leaves] : [stack]).forEach((slide, v) => {
                    Reveal.slide(h, v);
                    if (slide.scrollHeight > height || slide.scrollWidth > width) {
                        found.push({ h, v, heading: (slide.querySelector('h1,h2,h3') || {}).textContent,
                                     scrollHeight: slide.scrollHeight, scrollWidth: slide.scrollWidth });
                    }
                });
            });
            return found;
        }"""
    )
