"""Hostile input: nothing an author (or a compromised events file) writes can inject
markup, script or an unsafe link into the HTML archive or the slides.

One deck per payload and source format carries the payload in every option,
metadata field, event (inline and in the events file), role text and team
name (written in the deck and configured in ``scscall_teams``); an index page
lists the archive. Every HTML page of both builders is parsed and checked by
:func:`robust_support.injection_problems`, and the payload must be shown as text.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from robust_support import (
    BUILDERS,
    FORMATS,
    LATER_SLIDE,
    deck_project,
    directive,
    heading,
    injection_problems,
    role,
    visible_text,
)

from sphinxcontrib_scscall.testing import DEFAULT_CONF, build

#: every payload carries HOSTILE, so an injected script is recognisable
PAYLOADS = {
    "script-tag": '<script>alert("HOSTILE")</script>',
    "attribute-break": '" onmouseover="alert(\'HOSTILE\')" x="',
    "single-quote-break": "' onfocus='alert(1)' autofocus='HOSTILE",
    "img-onerror": '<img src=x onerror=alert("HOSTILE")>',
    "javascript-url": 'javascript:alert("HOSTILE")',
    "data-url": 'data:text/html,<script>alert("HOSTILE")</script>',
    "rtl-override": "HOSTILE \u202egnp.exe\u202c and \u200fright-to-left\u200f",
    "control-chars": "HOSTILE\x07bell\x1bescape\x08back",
    "very-long": "HOSTILE " + "A" * 5000 + ' <b onclick="x">',
    "entity": "HOSTILE &lt;script&gt; &#106;avascript: &amp;",
}

EVIL_TEAM_KEY = "evil"


def conf_with_hostile_team(payload: str) -> str:
    teams = {
        EVIL_TEAM_KEY: {
            "name": payload,
            "mission": payload,
            "minutes": 'javascript:alert("HOSTILE")//',
            "aliases": ["Evil Team"],
        },
        "iaas": {"name": "Team IaaS", "mission": "", "minutes": ""},
    }
    # smartquotes off: the payload must come out character for character
    return DEFAULT_CONF + (
        f"scscall_teams = {teams!r}\nscscall_events_file = 'events.yaml'\nsmartquotes = False\n"
    )


def events_file(payload: str) -> str:
    entries = [
        {
            "date": "2024-07-01",
            "title": payload,
            "url": payload,
            "location": payload,
            "speakers": [payload, "fkr"],
        },
        {"date": "2024-07-02", "title": "Plain event", "url": payload},
    ]
    return json.dumps(entries)  # JSON is YAML, and quotes every payload safely


def hostile_blocks(fmt: str, payload: str, inline_titles: bool) -> list[str]:
    one_line = " ".join(payload.split())
    # MyST reads option values as YAML: quoted, the payload arrives verbatim
    value = json.dumps(one_line) if fmt == "myst" else one_line
    items = "- 2024-06-28 A plain event"
    if inline_titles:
        items += f"\n- 2024-06-29 {one_line}"
    return [
        directive(
            fmt,
            "team-report",
            one_line,
            {"reporter": value, "minutes": value},
            heading(fmt, "Topic", 2 if fmt == "myst" else 3) + "\n- point\n",
        ),
        directive(fmt, "team-report", EVIL_TEAM_KEY, {"reporter": "fkr"}, "Configured team."),
        directive(
            fmt,
            "upcoming-events",
            one_line,
            {"horizon": value, "per-slide": value},
            items,
        ),
        directive(fmt, "upcoming-events", "From the file", {"include-past": None}),
        directive(
            fmt,
            "survey-callout",
            one_line.split()[0],
            {"title": value, "duration": value, "deadline": value},
            "Please answer.",
        ),
        directive(
            fmt, "survey-callout", "https://example.org/survey", {"title": value}, "Safe URL."
        ),
        # docutils refuses some class names and then drops the whole directive, so :class:
        # is tried on directives of its own
        directive(fmt, "team-report", "Class test", {"class": value}, "Class test."),
        directive(fmt, "upcoming-events", "Class test", {"class": value}, "- 2024-06-28 Event"),
        directive(fmt, "survey-callout", "https://example.org/c", {"class": value}, "Class test."),
        "Roles: " + " ".join(role(fmt, name, one_line) for name in ("gh", "pr", "issue")) + "\n",
    ]


def hostile_metadata(fmt: str, payload: str) -> dict[str, str]:
    one_line = " ".join(payload.split())
    if fmt == "myst":  # YAML front matter: quote, so that the payload arrives verbatim
        return {"call-date": "2024-06-27", "call-presenter": json.dumps(one_line)}
    return {"call-date": "2024-06-27", "call-presenter": one_line}


INDEX = {
    "myst": "# Archive\n\n:::{call-archive}\n:::\n\n:::{team-timeline} evil\n:::\n\n:::{reporter-index}\n:::\n",
    "rst": "Archive\n=======\n\n.. call-archive::\n\n.. team-timeline:: evil\n\n.. reporter-index::\n",
}


def write_hostile_project(root: Path, fmt: str, payload: str, inline_titles: bool = True):
    return deck_project(
        root,
        fmt,
        *hostile_blocks(fmt, payload, inline_titles),
        metadata=hostile_metadata(fmt, payload),
        conf=conf_with_hostile_team(payload),
        extra_files={
            "events.yaml": events_file(payload),
            "index" + {"myst": ".md", "rst": ".rst"}[fmt]: INDEX[fmt],
        },
    )


def all_pages(outdir: Path):
    from bs4 import BeautifulSoup

    for path in sorted(outdir.rglob("*.html")):
        yield path, BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def visible(payload: str) -> str:
    """How the payload reads on the page: whitespace collapsed, as visible_text does."""
    return " ".join(payload.split())


@pytest.mark.parametrize("builder", BUILDERS)
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("payload", list(PAYLOADS.values()), ids=list(PAYLOADS))
def test_hostile_text_is_never_markup_and_never_an_unsafe_link(payload, fmt, builder, tmp_path):
    srcdir, docname = write_hostile_project(tmp_path / "project", fmt, payload)
    result = build(srcdir, builder)
    assert "Traceback" not in result.warnings

    pages = dict(all_pages(result.outdir))
    assert len(pages) >= 3, "the deck, the index and the team pages"
    for path, soup in pages.items():
        assert injection_problems(soup) == [], path.relative_to(result.outdir)

    deck = result.html(docname)
    text = visible_text(deck)
    assert LATER_SLIDE in text
    headings = [visible_text(h) for h in deck.find_all(["h1", "h2", "h3"])]
    # the team written in the deck, the configured team, the events heading and both
    # survey titles show it as text
    assert sum(visible(payload) in h for h in headings) >= 5, headings
    if "HOSTILE" in payload:
        assert text.count("HOSTILE") >= 3


@pytest.mark.parametrize("builder", BUILDERS)
def test_html_in_a_myst_event_item_is_shown_as_text(builder, tmp_path):
    payload = PAYLOADS["img-onerror"] + " " + PAYLOADS["script-tag"]
    srcdir, docname = deck_project(
        tmp_path / "project",
        "myst",
        directive("myst", "upcoming-events", "", {}, f"- 2024-06-29 Talk {payload}"),
    )
    result = build(srcdir, builder)
    deck = result.html(docname)
    assert injection_problems(deck) == []
    assert payload in visible_text(deck)


@pytest.mark.parametrize("fmt", FORMATS)
def test_hostile_values_in_the_atom_feed_are_text(fmt, tmp_path):
    """calls.atom is well-formed XML; any HTML content in it is as safe as the pages."""
    from xml.etree import ElementTree

    from bs4 import BeautifulSoup

    payload = PAYLOADS["script-tag"] + PAYLOADS["img-onerror"]
    srcdir, _docname = write_hostile_project(tmp_path / "project", fmt, payload)
    result = build(srcdir, "html")
    feeds = sorted(result.outdir.rglob("*.atom"))
    assert feeds, "the archive writes calls.atom"
    for feed in feeds:
        for element in ElementTree.parse(feed).iter():
            assert not element.tag.endswith(("script", "img"))
            if element.get("type") in ("html", "xhtml") and element.text:
                embedded = BeautifulSoup(element.text, "html.parser")
                assert injection_problems(embedded) == [], feed.name
