"""The SCS slide theme, speaker notes and the archive stylesheet, as written by the builders."""

from __future__ import annotations

import pytest
from browser.decks import DECK, SURVEY_NOTE, TITLE_NOTE, TOPIC_NOTE, build_decks

from sphinxcontrib_scscall.presentation import STATIC_DIR
from sphinxcontrib_scscall.testing import build, write_project


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_decks(tmp_path_factory.mktemp("theme") / "project")


def stylesheets(soup) -> list[str]:
    return [link["href"].split("?")[0] for link in soup.select("link[rel=stylesheet]")]


def test_call_deck_slides_get_the_white_base_and_the_scs_stylesheet(built):
    soup = built["revealjs"].html(DECK)
    sheets = stylesheets(soup)
    assert "../_static/revealjs/dist/theme/white.css" in sheets
    assert "../_static/revealjs/dist/theme/black.css" not in sheets
    assert sheets[-1] == "../_static/scscall/slides.css"
    assert "../_static/scscall/archive.css" not in sheets
    scripts = [script.get("src", "") for script in soup.find_all("script")]
    assert "../_static/revealjs/plugin/notes/notes.js" in scripts
    assert "../_static/scscall/deck.js" in scripts
    fonts = built["revealjs"].outdir / "_static" / "scscall" / "fonts"
    assert (fonts / "lato-latin-400-normal.woff2").is_file() and (fonts / "OFL.txt").is_file()


def test_bundled_stylesheets_request_nothing_from_the_web():
    for sheet in (STATIC_DIR / "scscall").glob("*.css"):
        text = sheet.read_text(encoding="utf-8")
        assert "http:" not in text and "https:" not in text and "@import" not in text, sheet


def test_theme_defaults_leave_the_authors_reveal_options_alone(tmp_path):
    conf = 'revealjs_script_conf = {"slideNumber": False, "transition": "fade"}\n'
    soup = build_decks(tmp_path / "project", conf, builders=("revealjs",))["revealjs"].html(DECK)
    script = soup.find_all("script")[-1].string
    # the author's options come first; the theme's defaults only fill the gaps
    assert script.index('"slideNumber": false') < script.index("Object.fromEntries")
    assert "!(key in revealjsConfig)" in script


def test_non_deck_pages_keep_sphinx_revealjs_theme(built):
    sheets = stylesheets(built["revealjs"].html("index"))
    assert "_static/revealjs/dist/theme/black.css" in sheets
    assert "_static/scscall/slides.css" not in sheets


def test_theme_none_keeps_sphinx_revealjs_look(tmp_path):
    conf = 'scscall_slide_theme = "none"\nrevealjs_style_theme = "moon"\n'
    result = build_decks(tmp_path / "project", conf, builders=("revealjs",))["revealjs"]
    soup = result.html(DECK)
    sheets = stylesheets(soup)
    assert "../_static/revealjs/dist/theme/moon.css" in sheets
    assert "../_static/scscall/slides.css" not in sheets
    scripts = [script.get("src", "") for script in soup.find_all("script")]
    assert "../_static/scscall/deck.js" not in scripts
    assert "../_static/revealjs/plugin/notes/notes.js" in scripts
    assert soup.select("aside.notes"), "speaker notes do not depend on the theme"


def test_unknown_theme_is_a_warning(tmp_path):
    conf = 'scscall_slide_theme = "neon"\n'
    result = build_decks(tmp_path / "project", conf, builders=("revealjs",))["revealjs"]
    assert any("scscall_slide_theme" in line for line in result.warning_lines())
    assert "scscall/slides.css" in str(result.html(DECK))


def test_speaker_notes_on_slides_in_title_topic_and_survey(built):
    soup = built["revealjs"].html(DECK)
    title = soup.select_one('section[data-scscall-slide="title"]')
    topic = soup.select_one('section[data-scscall-slide="topic"]')
    survey = soup.select_one('section[data-scscall-slide="survey"]')
    assert title.select_one("aside.notes").get_text(strip=True) == TITLE_NOTE
    assert topic.select_one("aside.notes").get_text(strip=True) == TOPIC_NOTE
    assert survey.select_one("aside.notes").get_text(strip=True) == SURVEY_NOTE


def test_speaker_notes_stay_out_of_the_archive_and_its_search_index(built):
    html = built["html"]
    page = str(html.html(DECK))
    index = (html.outdir / "searchindex.js").read_text(encoding="utf-8")
    for note in (TITLE_NOTE, TOPIC_NOTE, SURVEY_NOTE):
        assert note not in page
    assert '"timet' not in index, "a word only the notes use is in the search index"


def test_topic_slides_carry_their_team_name_escaped(tmp_path):
    deck = """# Call\n\n:::{team-report} Ops & <Infra>\n\n## A topic\n\n- text\n:::\n"""
    source = write_project(tmp_path / "project", {"community-calls/2031-01-02.md": deck})
    soup = build(source, "revealjs").html("community-calls/2031-01-02")
    topic = soup.select_one('section[data-scscall-slide="topic"]')
    assert topic["data-scscall-team"] == "Ops & <Infra>"
    raw = (
        tmp_path / "project/_build/revealjs/revealjs/community-calls/2031-01-02.html"
    ).read_text()
    assert 'data-scscall-team="Ops &amp; &lt;Infra&gt;"' in raw


def test_archive_pages_link_the_archive_stylesheet(built):
    sheets = stylesheets(built["html"].html(DECK))
    assert "../_static/scscall/archive.css" in sheets
    assert "../_static/scscall/slides.css" not in sheets


@pytest.mark.parametrize("theme", ["alabaster", "furo", "pydata_sphinx_theme", "sphinx_book_theme"])
def test_archive_builds_cleanly_with_each_supported_theme(tmp_path, theme):
    if theme != "alabaster":
        pytest.importorskip(theme)
    html = build_decks(tmp_path / "project", builders=("html",), html_theme=theme)["html"]
    assert html.warning_lines() == []
    assert html.app.config.html_theme == theme
    assert "../_static/scscall/archive.css" in stylesheets(html.html(DECK))
