"""Accessibility of the demo archive and its decks: axe-core in headless Chromium.

axe-core (npm package ``axe-core``) is installed with npm into a cache folder
(``$SCSCALL_NPM_CACHE``, default ``~/.cache/sphinxcontrib-scscall/npm``), not
vendored; without npm or a network the tests skip with the reason. The demo
archive (``docs/``) is built with ``sphinx-build`` as its authors build it
(alabaster, both builders). Every archive page (the user guide's pages around
it are the docs, not the archive) and every slide of every call
deck is checked against WCAG 2.1 A and AA; no serious or critical violation may
remain. The slides are checked at the projector's 1920x1080 and in the phone's
scroll view.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from browser.chromium import launch_chromium, watch

pytestmark = pytest.mark.browser

DOCS = Path(__file__).resolve().parents[1] / "docs"
AXE_VERSION = "4"
NPM_INSTALL = ["npm", "install", "--no-audit", "--no-fund", "--no-save"]
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SPHINX_BUILD = [sys.executable, "-m", "sphinx", "build", "-q", "-b"]
BLOCKING = {"serious", "critical"}
PHONE = {"width": 390, "height": 844}
PROJECTOR = {"width": 1920, "height": 1080}


def npm_cache() -> Path:
    default = Path.home() / ".cache" / "sphinxcontrib-scscall" / "npm"
    return Path(os.environ.get("SCSCALL_NPM_CACHE", default))


@pytest.fixture(scope="module")
def axe_script() -> Path:
    folder = npm_cache()
    script = folder / "node_modules" / "axe-core" / "axe.min.js"
    if script.is_file():
        return script
    if shutil.which("npm") is None:
        pytest.skip("axe-core needs npm to be installed (apt-get install npm)")
    folder.mkdir(parents=True, exist_ok=True)
    try:
        subprocess.run(
            [*NPM_INSTALL, "--prefix", str(folder), f"axe-core@{AXE_VERSION}"],
            check=True,
            capture_output=True,
            timeout=300,
        )
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as err:
        pytest.skip(f"npm could not install axe-core (offline?): {err}")
    assert script.is_file()
    return script


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> dict[str, Path]:
    """The demo archive built by sphinx-build, once per builder."""
    out = tmp_path_factory.mktemp("demo")
    outputs = {}
    for builder in ("html", "revealjs"):
        outputs[builder] = out / builder
        doctrees = out / "doctrees" / builder
        subprocess.run(
            [*SPHINX_BUILD, builder, "-d", str(doctrees), str(DOCS), str(outputs[builder])],
            check=True,
            timeout=600,
        )
    return outputs


@pytest.fixture(scope="module")
def chromium(tmp_path_factory):
    yield from launch_chromium(tmp_path_factory)


def call_decks(demo: dict[str, Path]) -> list[Path]:
    decks = sorted((demo["revealjs"] / "community" / "community-calls").glob("*.html"))
    return [deck for deck in decks if deck.name != "index.html"]


def archive_pages(demo: dict[str, Path]) -> list[Path]:
    """The archive's pages: the community calls, the start page, search and index."""
    root = demo["html"]
    return [
        *sorted((root / "community").rglob("*.html")),
        *(root / name for name in ("index.html", "search.html", "genindex.html")),
    ]


def blocking_violations(page, axe_script: Path, rules: list[str] | None = None) -> list[dict]:
    """axe-core's serious and critical WCAG 2.1 AA violations on the page as it is shown."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=axe_script.read_text(encoding="utf-8"))
    options = (
        {"runOnly": {"type": "rule", "values": rules}}
        if rules
        else {"runOnly": {"type": "tag", "values": WCAG_AA}}
    )
    result = page.evaluate(
        f"async () => JSON.stringify((await axe.run(document, {json.dumps(options)})).violations)"
    )
    return [
        {
            "rule": violation["id"],
            "impact": violation["impact"],
            "where": [node["target"] for node in violation["nodes"]][:5],
            "why": violation["nodes"][0].get("failureSummary", ""),
        }
        for violation in json.loads(result)
        if violation["impact"] in BLOCKING
    ]


def report(found: dict) -> str:
    return "\n".join(
        f"{page}: {violation['impact']} {violation['rule']} at {violation['where']}\n"
        f"    {violation['why'].strip()[:300]}"
        for page, violations in found.items()
        for violation in violations
    )


def slide_steps(page) -> list[str]:
    """A script per slide that brings it on screen: reveal.js's navigation on a
    projector, scrolling to its page in the phone's scroll view."""
    if page.evaluate("Reveal.isScrollView()"):
        count = page.evaluate("document.querySelectorAll('.scroll-page').length")
        return [
            f"document.querySelectorAll('.scroll-page')[{index}].scrollIntoView()"
            for index in range(count)
        ]
    slides = page.evaluate(
        """() => Reveal.getHorizontalSlides().flatMap((stack, h) => {
            const leaves = stack.querySelectorAll(':scope > section');
            return leaves.length ? [...leaves].map((_, v) => [h, v]) : [[h, 0]];
        })"""
    )
    return [f"Reveal.slide({h}, {v})" for h, v in slides]


def test_the_demo_archive_has_call_decks_and_pages(demo):
    assert len(call_decks(demo)) >= 3
    assert len(archive_pages(demo)) >= 10


def test_every_archive_page_passes_axe(demo, chromium, axe_script):
    found = {}
    watched = watch(chromium)
    try:
        for page_path in archive_pages(demo):
            watched.page.goto(page_path.as_uri())
            violations = blocking_violations(watched.page, axe_script)
            if violations:
                found[str(page_path.relative_to(demo["html"]))] = violations
    finally:
        watched.page.close()
    assert found == {}, report(found)


@pytest.mark.parametrize("viewport", [PROJECTOR, PHONE], ids=["projector", "phone"])
def test_every_slide_of_every_deck_passes_axe(demo, chromium, axe_script, viewport):
    found = {}
    watched = watch(chromium)
    watched.page.set_viewport_size(viewport)
    try:
        for deck in call_decks(demo):
            watched.open_deck(deck)
            # axe reads the colours of what is on screen: no slide half faded in
            watched.page.evaluate(
                "Reveal.configure({transition: 'none', backgroundTransition: 'none'})"
            )
            # the whole page once, then what each slide shows (hidden slides are not checked)
            violations = blocking_violations(watched.page, axe_script)
            for show_slide in slide_steps(watched.page):
                watched.page.evaluate(show_slide)
                watched.page.wait_for_timeout(50)
                violations += blocking_violations(watched.page, axe_script, ["color-contrast"])
            if violations:
                found[deck.name] = violations
    finally:
        watched.page.close()
    assert found == {}, report(found)
