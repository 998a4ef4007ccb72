"""survey-callout: the callout box in HTML, the slide with its QR code."""

from __future__ import annotations

import pytest

from sphinxcontrib_scscall.testing import build, write_project

DECK = "community-calls/2024-06-27"


def _survey_url(result) -> str:
    (survey,) = result.app.env.scscall_calls[DECK].surveys
    return survey.url


@pytest.mark.parametrize("syntax", ["myst", "rst"])
def test_html_callout_has_title_body_button_and_facts_but_no_qr(built_decks, syntax):
    result = built_decks[syntax]["html"]
    soup = result.html(DECK)
    section = soup.select_one("section.scscall-survey")
    assert section.find("h2").get_text(strip=True).rstrip("¶") == "Community Survey"
    box = section.select_one("div.scscall-survey-callout")
    assert box.find("strong").get_text() == "Thank you for participating!"
    assert box.select_one("a.scscall-button")["href"] == _survey_url(result)
    facts = [li["class"] for li in box.select("ul.scscall-survey-facts li")]
    assert facts == [
        ["scscall-fact-duration"],
        ["scscall-fact-anonymous"],
        ["scscall-fact-deadline"],
    ]
    assert "5 minutes" in box.get_text() and "15 July 2024" in box.get_text()
    assert soup.find("svg") is None


@pytest.mark.parametrize("syntax", ["myst", "rst"])
def test_slide_has_a_qr_code_of_the_url(built_decks, syntax):
    soup = built_decks[syntax]["revealjs"].html(DECK)
    qr = soup.select_one('section[data-scscall-slide="survey"] div.scscall-qr')
    svg = qr.find("svg")
    assert svg is not None and svg.find("path")["d"]
    assert _survey_url(built_decks[syntax]["html"]) in qr["aria-label"]


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.org/x", "data:text/html,hi"])
def test_non_web_url_warns_and_renders_no_link(tmp_path, url):
    deck = (
        f"# Call 2024-06-27\n\n:::{{survey-callout}} {url}\n:title: Tell us\n\nBody stays.\n:::\n"
    )
    root = write_project(tmp_path, {"community-calls/2024-06-27.md": deck})
    for builder in ("html", "revealjs"):
        result = build(root, builder)
        (warning,) = result.warning_lines()
        assert "2024-06-27.md:3" in warning and "http or https" in warning
        soup = result.html(DECK)
        section = soup.select_one('section.scscall-survey, section[data-scscall-slide="survey"]')
        assert "Body stays." in section.get_text()
        assert section.select("a:not(.headerlink)") == [] and section.find("svg") is None


def test_title_option_and_bad_deadline(tmp_path):
    deck = (
        "# Call 2024-06-27\n\n:::{survey-callout} https://forms.example.org/s/1\n"
        ":title: Feedback <script>alert(1)</script>\n:deadline: next week\n:::\n"
    )
    root = write_project(tmp_path, {"community-calls/2024-06-27.md": deck})
    result = build(root, "html")
    assert any(
        ":deadline:" in line and "2024-06-27.md:3" in line for line in result.warning_lines()
    )
    heading = result.html(DECK).select_one("section.scscall-survey h2")
    assert heading.get_text(strip=True).rstrip("¶") == "Feedback <script>alert(1)</script>"
    assert heading.find("script") is None
