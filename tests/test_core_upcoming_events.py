"""upcoming-events: merging, date forms, filtering by call date, order, pagination on slides."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from sphinxcontrib_scscall.dates import parse_event_date
from sphinxcontrib_scscall.testing import build, slide_stacks, write_project
from sphinxcontrib_scscall.upcoming_events import DEFAULT_HEADING

DECK = "community-calls/2024-06-27"
CALL_DATE = dt.date(2024, 6, 27)
HORIZON_DAYS = 120  # as written in the test roots' decks
PER_SLIDE = 2


def _event_dates_of(root) -> list[str]:
    """Every event date written in the test root: the deck's list items and the events file."""
    deck = next((root / "community-calls").glob("2024-06-27.*")).read_text()
    inline = [
        line.strip()[2:].split()[0] for line in deck.splitlines() if line.strip().startswith("- 20")
    ]
    from_file = [str(entry["date"]) for entry in yaml.safe_load((root / "events.yaml").read_text())]
    return inline + from_file


@pytest.mark.parametrize("syntax", ["myst", "rst"])
def test_events_are_merged_filtered_by_call_date_and_horizon_and_sorted(built_decks, syntax):
    result = built_decks[syntax]["html"]
    ranges = [parse_event_date(text) for text in _event_dates_of(result.app.srcdir)]
    horizon = CALL_DATE + dt.timedelta(days=HORIZON_DAYS)
    expected = sorted(r for r in ranges if r.end >= CALL_DATE and r.start <= horizon)
    call = result.app.env.scscall_calls[DECK]
    assert [(event.start, event.end) for event in call.events] == [
        (r.start, r.end) for r in expected
    ]
    soup = result.html(DECK)
    dates = [span.get_text() for span in soup.select("li.scscall-event .scscall-event-date")]
    assert dates == [r.human() for r in expected]
    assert len(soup.select("ul.scscall-event-list")) == 1  # HTML keeps one list


@pytest.mark.parametrize("syntax", ["myst", "rst"])
def test_inline_markup_and_file_details_are_kept(built_decks, syntax):
    soup = built_decks[syntax]["html"].html(DECK)
    titles = {
        li.select_one(".scscall-event-title").get_text(): li
        for li in soup.select("li.scscall-event")
    }
    talk = next(li for text, li in titles.items() if text.startswith("ALASCA Tech Talk"))
    assert talk.find("em").get_text() == "Standards and Beyond"
    assert [a["href"] for a in talk.select("a.scscall-handle")] == [
        "https://github.com/horazont",
        "https://github.com/fkr",
    ]
    meetup = next(li for text, li in titles.items() if text.startswith("Open Operations Meetup"))
    assert meetup.find("a")["href"] == "https://example.org/openops"
    assert "Cologne" in meetup.get_text()


@pytest.mark.parametrize("syntax", ["myst", "rst"])
def test_slides_continue_a_long_list_on_numbered_slides(built_decks, syntax):
    soup = built_decks[syntax]["revealjs"].html(DECK)
    events_shown = len(built_decks[syntax]["html"].app.env.scscall_calls[DECK].events)
    pages = -(-events_shown // PER_SLIDE)
    headings = [stack[0] for stack in slide_stacks(soup) if stack[0].startswith(DEFAULT_HEADING)]
    assert headings == [f"{DEFAULT_HEADING} ({n}/{pages})" for n in range(1, pages + 1)]
    per_slide = [len(ul.find_all("li")) for ul in soup.select("ul.scscall-event-list")]
    assert sum(per_slide) == events_shown and max(per_slide) <= PER_SLIDE


def _deck_with(events: str, options: str = "", meta: str = "call-date: 2024-06-27") -> dict:
    return {
        "community-calls/deck.md": f"---\n{meta}\n---\n\n# Call\n\n:::{{upcoming-events}} Meet us\n"
        f"{options}\n{events}\n:::\n",
    }


def test_include_past_keeps_ended_events_and_heading_argument(tmp_path):
    events = "- 2024-06-01 Past thing\n- 2024-07-01 Coming thing\n"
    root = write_project(tmp_path, _deck_with(events, ":include-past:"))
    soup = build(root, "html").html("community-calls/deck")
    assert (
        soup.select_one("section.scscall-upcoming-events h2").get_text(strip=True).rstrip("¶")
        == "Meet us"
    )
    assert [t.get_text() for t in soup.select(".scscall-event-title")] == [
        "Past thing",
        "Coming thing",
    ]


def test_event_running_on_the_call_date_is_still_upcoming(tmp_path):
    events = "- 2024-06-26/28 Running conference\n- 2024-06-26 Yesterday\n"
    root = write_project(tmp_path, _deck_with(events))
    soup = build(root, "html").html("community-calls/deck")
    assert [t.get_text() for t in soup.select(".scscall-event-title")] == ["Running conference"]


def test_all_three_range_forms(tmp_path):
    events = (
        "- 2024-12-30/2025-01-02 Year end\n- 2024-07-30/08-02 Month end\n- 2024-07-01/03 Short\n"
    )
    root = write_project(tmp_path, _deck_with(events))
    result = build(root, "html")
    call = result.app.env.scscall_calls["community-calls/deck"]
    assert [(e.start.isoformat(), e.end.isoformat()) for e in call.events] == [
        ("2024-07-01", "2024-07-03"),
        ("2024-07-30", "2024-08-02"),
        ("2024-12-30", "2025-01-02"),
    ]
    assert result.warning_lines() == []


def test_source_option_reads_a_file_relative_to_the_source_dir(tmp_path):
    files = _deck_with("", ":source: /data/more.yaml")
    files["data/more.yaml"] = "- {date: 2024-08-01, title: From the file}\n"
    result = build(write_project(tmp_path, files), "html")
    assert [e.title for e in result.app.env.scscall_calls["community-calls/deck"].events] == [
        "From the file"
    ]


def test_speaker_notes_in_an_events_block_go_to_its_first_slide(tmp_path):
    events = "- 2024-07-01 One\n- 2024-07-02 Two\n- 2024-07-03 Three\n\n```{revealjs-notes}\nMention the venue.\n```\n"
    root = write_project(tmp_path, _deck_with(events, ":per-slide: 2"))
    result = build(root, "revealjs")
    assert result.warning_lines() == []
    slides = result.html("community-calls/deck").select(
        'section[data-scscall-slide="upcoming-events"]'
    )
    assert [bool(slide.select("aside.notes")) for slide in slides] == [True, False]
    assert "Mention the venue." in slides[0].select_one("aside.notes").get_text()


BESIDE = {
    "myst": (
        "---\ncall-date: 2024-06-27\n---\n\n# Call\n\n"
        ":::{upcoming-events} Meet us\n:keep-undated:\n\n"
        "Where to *find* us this summer:\n\n"
        "- 2024-07-09 Later thing\n- Booth at the fair, date to be announced\n"
        "- 2024-07-01 Sooner thing\n\n"
        "Ask **Anna** for tickets.\n:::\n"
    ),
    "rst": (
        ":call-date: 2024-06-27\n\nCall\n====\n\n"
        ".. upcoming-events:: Meet us\n   :keep-undated:\n\n"
        "   Where to *find* us this summer:\n\n"
        "   - 2024-07-09 Later thing\n   - Booth at the fair, date to be announced\n"
        "   - 2024-07-01 Sooner thing\n\n"
        "   Ask **Anna** for tickets.\n"
    ),
}


def _block_children(section) -> list[tuple[str, str]]:
    """(tag, text) of an events section's visible children after its heading."""
    return [
        (child.name, " ".join(child.get_text(" ").split()))
        for child in section.find_all(["p", "ul", "ol"], recursive=False)
    ]


@pytest.mark.parametrize("syntax", ["myst", "rst"])
@pytest.mark.parametrize("builder", ["html", "revealjs"])
def test_text_beside_the_list_and_undated_items_stay_in_the_block(tmp_path, syntax, builder):
    suffix = "md" if syntax == "myst" else "rst"
    root = write_project(tmp_path, {f"community-calls/deck.{suffix}": BESIDE[syntax]})
    result = build(root, builder)
    assert result.warning_lines() == []  # :keep-undated: expects items without a date
    soup = result.html("community-calls/deck")
    sections = soup.select("section.scscall-upcoming-events") or soup.select(
        'section[data-scscall-slide="upcoming-events"]'
    )
    assert len(sections) == 1  # one slide: the text does not make slides of its own
    children = _block_children(sections[0])
    assert [tag for tag, _text in children] == ["p", "ul", "ul", "p"]
    assert children[0][1] == "Where to find us this summer:"
    assert sections[0].find("p").find("em").get_text() == "find"
    titles = [t.get_text() for t in sections[0].select(".scscall-event-title")]
    assert titles == ["Sooner thing", "Later thing"]  # sorted by date
    undated = sections[0].select_one("ul.scscall-event-undated")
    assert undated.get_text(strip=True) == "Booth at the fair, date to be announced"
    assert children[3][1] == "Ask Anna for tickets."
    events = result.app.env.scscall_calls["community-calls/deck"].events
    assert [event.title for event in events] == titles  # the text is no event


def test_undated_item_without_the_flag_is_a_warning_and_kept(tmp_path):
    root = write_project(tmp_path, _deck_with("- 2024-07-01 Dated\n- Someday, maybe\n"))
    result = build(root, "html")
    [warning] = result.warning_lines()
    assert "deck.md:" in warning and "does not start with a date" in warning
    undated = result.html("community-calls/deck").select_one("ul.scscall-event-undated")
    assert undated.get_text(strip=True) == "Someday, maybe"


def test_text_after_a_long_list_follows_it_on_the_last_slide(tmp_path):
    events = "".join(f"- 2024-07-0{day} Event {day}\n" for day in range(1, 6))
    events += "\nThat is all for July.\n"
    root = write_project(tmp_path, _deck_with(events, ":per-slide: 2"))
    slides = (
        build(root, "revealjs")
        .html("community-calls/deck")
        .select('section[data-scscall-slide="upcoming-events"]')
    )
    assert len(slides) == 3
    assert ["That is all for July." in slide.get_text() for slide in slides] == [
        False,
        False,
        True,
    ]


WITH_SLIDES = {
    "myst": (
        "---\ncall-date: 2024-06-27\n---\n\n# Call\n\n"
        "::::{upcoming-events} Meet us\n\n- 2024-07-01 Sooner thing\n\nSee you there.\n\n"
        "```{revealjs-notes}\nMention the venue.\n```\n\n"
        "## Open Operations Meetup\n\nEvery four weeks, *online*.\n\n"
        "## Summit\n\n- registration is open\n::::\n\n## After the events\n\nMore.\n"
    ),
    "rst": (
        ":call-date: 2024-06-27\n\nCall\n====\n\n"
        ".. upcoming-events:: Meet us\n\n   - 2024-07-01 Sooner thing\n\n   See you there.\n\n"
        "   .. revealjs-notes::\n\n      Mention the venue.\n\n"
        "   Open Operations Meetup\n   ----------------------\n\n   Every four weeks, *online*.\n\n"
        "   Summit\n   ------\n\n   - registration is open\n\n"
        "After the events\n----------------\n\nMore.\n"
    ),
}


@pytest.mark.parametrize("syntax", ["myst", "rst"])
def test_headings_in_the_block_are_its_vertical_slides(tmp_path, syntax):
    suffix = "md" if syntax == "myst" else "rst"
    root = write_project(tmp_path, {f"community-calls/deck.{suffix}": WITH_SLIDES[syntax]})
    builds = {builder: build(root, builder) for builder in ("html", "revealjs")}
    for result in builds.values():
        assert result.warning_lines() == []
    stacks = slide_stacks(builds["revealjs"].html("community-calls/deck"))
    assert ["Meet us", "Open Operations Meetup", "Summit"] in stacks
    assert ["After the events"] in stacks
    slides = builds["revealjs"].html("community-calls/deck")
    events_slide = slides.find(["h2", "h3"], string="Meet us").find_parent("section")
    assert "Mention the venue." in events_slide.select_one("aside.notes").get_text()
    page = builds["html"].html("community-calls/deck")
    block = page.select_one("section.scscall-upcoming-events")
    titles = [heading.get_text().rstrip("¶") for heading in block.select("section h3")]
    assert titles == ["Open Operations Meetup", "Summit"]
    # the list and the text stay before the sub-sections; a sub-section's list is no event
    assert [t.get_text() for t in block.select(".scscall-event-title")] == ["Sooner thing"]
    assert block.find("p", string="See you there.") is not None
    assert block.select_one("section em").get_text() == "online"
    events = builds["html"].app.env.scscall_calls["community-calls/deck"].events
    assert [event.title for event in events] == ["Sooner thing"]
