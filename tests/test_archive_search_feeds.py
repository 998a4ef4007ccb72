"""Search index terms of the generated text, the Atom feed and the ICS calendar."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET

import icalendar
import pytest
import yaml
from archive_project import CONF, EVENTS_YAML, archive_project

from sphinxcontrib_scscall.archive.feeds import ATOM_FILE, ICS_FILE
from sphinxcontrib_scscall.dates import parse_event_date
from sphinxcontrib_scscall.testing import build

ATOM = "{http://www.w3.org/2005/Atom}"
BASEURL = "https://docs.example.org/archive/"


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    return build(archive_project(tmp_path_factory.mktemp("feeds")))


def search_index(result) -> dict:
    text = (result.outdir / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1 : text.rindex(")")])


def indexed_in(index: dict, text: str, docname: str, language) -> list[str]:
    """The words of *text* the index does not map to *docname* (empty when all are found)."""
    doc = index["docnames"].index(docname)
    missing = []
    for word in language.split(text):
        stemmed = language.stem(word).lower()
        key = stemmed if language.word_filter(stemmed) else word.lower()
        if not language.word_filter(key):
            continue
        found = set()
        for mapping in (index["terms"], index["titleterms"]):
            docs = mapping.get(key, [])
            found |= set(docs if isinstance(docs, list) else [docs])
        if doc not in found:
            missing.append(word)
    return missing


def test_search_finds_calls_by_teams_topics_events_and_reporters(result):
    from sphinx.search.en import SearchEnglish

    language = SearchEnglish({})
    index = search_index(result)
    for docname, call in result.app.env.scscall_calls.items():
        texts = [call.title, *(event.title for event in call.events)]
        for report in call.reports:
            texts += [report.team_name, *report.reporters, *(t.title for t in report.topics)]
        for text in texts:
            assert indexed_in(index, text, docname, language) == [], (docname, text)


def test_generated_team_pages_are_searchable(result):
    from sphinx.search.en import SearchEnglish

    index = search_index(result)
    assert "community-calls/teams/container" in index["docnames"]
    topic = "Cluster Stacks spring release"
    missing = indexed_in(index, topic, "community-calls/teams/container", SearchEnglish({}))
    assert missing == []


def parse_atom(path):
    return ET.parse(path).getroot()


def test_atom_feed_has_one_entry_per_call_newest_first(result):
    feed = parse_atom(result.outdir / ATOM_FILE)
    entries = feed.findall(f"{ATOM}entry")
    calls = result.app.env.scscall_calls
    assert len(entries) == len(calls)
    updated = [entry.findtext(f"{ATOM}updated") for entry in entries]
    assert updated == sorted(updated, reverse=True)
    assert feed.findtext(f"{ATOM}updated") == updated[0]
    by_title = {call.title: (docname, call) for docname, call in calls.items()}
    for entry in entries:
        docname, call = by_title[entry.findtext(f"{ATOM}title")]
        assert entry.findtext(f"{ATOM}updated").startswith(call.date.isoformat())
        link = entry.find(f"{ATOM}link").get("href")
        assert link == f"{docname}.html" and (result.outdir / link).is_file()
        summary = entry.findtext(f"{ATOM}summary") or ""
        for report in call.reports:
            assert report.team_name in summary
            assert all(topic.title in summary for topic in report.topics)
    ids = [entry.findtext(f"{ATOM}id") for entry in entries]
    assert len(set(ids)) == len(ids)


def test_atom_links_are_absolute_under_html_baseurl_and_builds_reproduce(tmp_path):
    root = archive_project(tmp_path)
    first = build(root, confoverrides={"html_baseurl": BASEURL})
    atom = (first.outdir / ATOM_FILE).read_bytes()
    feed = ET.fromstring(atom)
    links = [entry.find(f"{ATOM}link").get("href") for entry in feed.findall(f"{ATOM}entry")]
    assert links and all(link.startswith(BASEURL) for link in links)
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == BASEURL + ATOM_FILE
    again = build(root, confoverrides={"html_baseurl": BASEURL})
    assert (again.outdir / ATOM_FILE).read_bytes() == atom


def expected_events(result) -> set[tuple[dt.date, str]]:
    """(start, title) of every event in the decks and in the events file."""
    events = {
        (event.start, event.title)
        for call in result.app.env.scscall_calls.values()
        for event in call.events
    }
    for entry in yaml.safe_load(EVENTS_YAML):
        events.add((parse_event_date(entry["date"]).start, entry["title"]))
    return events


def calendar_events(path):
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    return list(calendar.walk("VEVENT"))


def test_ics_has_every_event_once_with_dates(result):
    events = calendar_events(result.outdir / ICS_FILE)
    listed = [(event.decoded("dtstart"), str(event["summary"])) for event in events]
    assert len(listed) == len(set(listed))
    assert set(listed) == expected_events(result)
    for event in events:
        assert event.decoded("dtend") > event.decoded("dtstart")
    assert len({str(event["uid"]) for event in events}) == len(events)


def test_ics_uids_are_stable_across_builds_and_deck_changes(tmp_path):
    root = archive_project(tmp_path)
    first = {
        str(e["summary"]): str(e["uid"]) for e in calendar_events(build(root).outdir / ICS_FILE)
    }
    (root / "community-calls" / "2023-11-30.md").unlink()  # one mention of GI goes away
    second = {
        str(e["summary"]): str(e["uid"]) for e in calendar_events(build(root).outdir / ICS_FILE)
    }
    assert "ALASCA Tech Talk: Rook" not in second
    assert {title: first[title] for title in second} == second


def test_archive_page_links_the_feeds(result):
    page = result.html("archive")
    feeds = {a["href"] for a in page.select("a.scscall-feed")}
    assert feeds == {ATOM_FILE, ICS_FILE}
    assert all((result.outdir / href).is_file() for href in feeds)
    assert page.select_one("link[rel=alternate][type='application/atom+xml']")["href"] == ATOM_FILE


def test_slides_build_writes_no_feeds(tmp_path):
    result = build(archive_project(tmp_path), "revealjs")
    assert not (result.outdir / ATOM_FILE).exists()
    assert not (result.outdir / ICS_FILE).exists()


def test_author_text_is_escaped_in_the_feed(tmp_path):
    deck = "# Call <script>alert(1)</script> & more\n\n:::{team-report} <b>Evil</b> Team\n:::\n"
    root = archive_project(tmp_path, decks={"community-calls/2024-01-11.md": deck}, conf=CONF)
    result = build(root)
    feed = parse_atom(result.outdir / ATOM_FILE)
    (entry,) = feed.findall(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == "Call <script>alert(1)</script> & more"
    assert "<b>Evil</b> Team" in entry.findtext(f"{ATOM}summary")
    assert "<script>" not in (result.outdir / ATOM_FILE).read_text(encoding="utf-8")
