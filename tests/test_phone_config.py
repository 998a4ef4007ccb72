"""The phone view's part of a call deck's page, and the author's say over it."""

from __future__ import annotations

import pytest

from sphinxcontrib_scscall.phone_view import SCROLL_ACTIVATION_WIDTH
from sphinxcontrib_scscall.testing import DEFAULT_CONF, build, write_project

DECKS = {
    "myst": ("community-calls/2031-05-01.md", "# A call\n\n## First\n\n- one\n"),
    "rst": ("community-calls/2031-05-01.rst", "A call\n======\n\nFirst\n-----\n\n- one\n"),
}
OTHER_PAGE = "---\norphan: true\n---\n# Not a call\n"
PHONE_CONF = f"scrollActivationWidth: {SCROLL_ACTIVATION_WIDTH}"


def page_script(tmp_path, syntax: str, conf: str = DEFAULT_CONF) -> str:
    path, text = DECKS[syntax]
    root = write_project(tmp_path, {path: text, "other.md": OTHER_PAGE}, conf=conf)
    built = build(root, "revealjs")
    assert built.warning_lines() == []
    return built.html("community-calls/2031-05-01").find_all("script")[-1].get_text()


@pytest.mark.parametrize("syntax", sorted(DECKS))
def test_call_decks_get_the_scroll_view(tmp_path, syntax):
    assert PHONE_CONF in page_script(tmp_path, syntax)


def test_the_authors_choice_wins(tmp_path):
    conf = DEFAULT_CONF + 'revealjs_script_conf = {"scrollActivationWidth": None}\n'
    script = page_script(tmp_path, "myst", conf)
    assert PHONE_CONF not in script
    assert '"scrollActivationWidth": null' in script


def test_other_slide_pages_keep_their_options_but_may_be_zoomed(tmp_path):
    path, text = DECKS["myst"]
    root = write_project(tmp_path, {path: text, "other.md": OTHER_PAGE})
    other = build(root, "revealjs").html("other")
    assert PHONE_CONF not in other.find_all("script")[-1].get_text()
    viewports = [meta["content"] for meta in other.select('meta[name="viewport"]')]
    assert viewports and not any("user-scalable" in content for content in viewports)
