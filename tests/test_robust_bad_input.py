"""The bad-input catalogue (docs/guide/bad-input.md): one test per row.

For every kind of bad input the extension recognises, a small deck that
contains it is built like ``sphinx-build -W``, and the test asserts the
contract's promise: a warning that names the file and the line (the events
file's own line for events-file problems), no traceback, the rest of the deck
still builds, and ``-W`` makes the build fail.

The line a warning must name is not hard-coded: each row says which text of
the source the warning is about, and its line is looked up in what was written.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from robust_support import (
    FORMATS,
    LATER_SLIDE,
    LATER_TEXT,
    SUFFIX,
    build_strict,
    deck_project,
    directive,
    role,
    visible_text,
)
from sphinx.cmd.build import build_main

DOC = Path(__file__).parents[1] / "docs" / "guide" / "bad-input.md"
EVENTS = "events.yaml"
GOOD_EVENT = "- date: 2024-07-01\n  title: Good event from the file\n"


@dataclass(frozen=True)
class BadInput:
    """One catalogue row.

    ``blocks(fmt)`` gives the deck's body; ``message`` (a regex, or one per
    format) must be in the warning; ``at`` (a substring, or one per format) is
    the source text whose line the warning must name, in the deck or, with
    ``in_events_file``, in ``events.yaml``.
    """

    id: str
    blocks: Callable[[str], list[str]]
    message: str | Mapping[str, str]
    at: str | Mapping[str, str]
    in_events_file: bool = False
    events_file: str | bytes | None = None
    metadata: Mapping[str, str] | None = None
    docname: str | None = None
    formats: tuple[str, ...] = FORMATS
    xfail: str | None = None
    also_visible: tuple[str, ...] = field(default=())

    def for_format(self, value, fmt: str):
        return value[fmt] if isinstance(value, Mapping) else value


def _events_block(fmt: str, content: str = "- 2024-06-28 Inline event still shown") -> list[str]:
    return [directive(fmt, "upcoming-events", "", {"source": f"/{EVENTS}"}, content)]


def _events_file_row(row_id: str, text: str | bytes, message: str, at: str | None, **kw):
    """A row about the events file: the inline event and the file's good entry are still shown."""
    return BadInput(
        row_id,
        _events_block,
        message,
        at if at is not None else "",
        in_events_file=True,
        events_file=text,
        also_visible=("Inline event still shown",),
        **kw,
    )


def _survey(fmt: str, url: str = "https://example.org/survey", **options) -> list[str]:
    return [directive(fmt, "survey-callout", url, options, "Please take part.")]


def _team(fmt: str, team: str = "iaas", **options) -> list[str]:
    return [directive(fmt, "team-report", team, options, "Intro text of the team.")]


def _events(fmt: str, items: str, **options) -> list[str]:
    return [directive(fmt, "upcoming-events", "", options, items)]


_MISSING_ARGUMENT = {
    "team-report": r"team-report: no team given: write its key after the directive's name",
    "survey-callout": r"survey-callout: no survey URL given; the callout is shown without a link",
}
_INVALID_FLAG = r"{0}: :{1}: maybe: takes no value \(or true/false\); ignored"

ROWS: list[BadInput] = [
    # ----------------------------------------------------------- directive syntax
    *(
        BadInput(
            f"unknown-option-{name}",
            lambda fmt, name=name, args=args, body=body: [
                directive(fmt, name, args, {"colour": "red"}, body)
            ],
            rf"{name}: unknown option :colour: ignored \(known: ",
            ":colour:",
            # the directive itself is kept, without the unknown option
            also_visible=("Body kept.",),
        )
        for name, args, body in [
            ("team-report", "iaas", "Body kept."),
            ("upcoming-events", "", "- 2024-06-28 Body kept."),
            ("survey-callout", "https://example.org/survey", "Body kept."),
        ]
    ),
    *(
        BadInput(
            f"missing-argument-{name}",
            lambda fmt, name=name: [directive(fmt, name, "", {}, "Body kept.")],
            _MISSING_ARGUMENT[name],
            name,
            also_visible=("Body kept.",),
        )
        for name in ("team-report", "survey-callout")
    ),
    BadInput(
        "option-given-twice",
        lambda fmt: [
            {
                "myst": ":::{team-report} iaas\n:reporter: fkr\n:reporter: garloff\n\n"
                "Intro kept.\n:::\n",
                "rst": ".. team-report:: iaas\n   :reporter: fkr\n   :reporter: garloff\n\n"
                "   Intro kept.\n",
            }[fmt]
        ],
        {
            "myst": r"team-report: :reporter: is given more than once; the last is used",
            # docutils itself refuses the directive; its text stays on the page, as written
            "rst": r'Error in "team-report" directive:\s+invalid option data: '
            r'duplicate option "reporter"',
        },
        {"myst": ":reporter: garloff", "rst": ".. team-report:: iaas"},
        also_visible=("Intro kept.", "garloff"),
    ),
    BadInput(
        "flag-with-value-anonymous",
        lambda fmt: _survey(fmt, anonymous="maybe"),
        _INVALID_FLAG.format("survey-callout", "anonymous"),
        ":anonymous:",
        # the directive itself is kept, without the option
        also_visible=("Please take part.",),
    ),
    BadInput(
        "flag-with-value-no-mission",
        lambda fmt: _team(fmt, **{"no-mission": "maybe"}),
        _INVALID_FLAG.format("team-report", "no-mission"),
        ":no-mission:",
        # the directive itself is kept, without the option
        also_visible=("Intro text of the team.",),
    ),
    BadInput(
        "flag-with-value-include-past",
        lambda fmt: _events(fmt, "- 2024-06-28 Kept event", **{"include-past": "maybe"}),
        _INVALID_FLAG.format("upcoming-events", "include-past"),
        ":include-past:",
        # the directive itself is kept, without the option
        also_visible=("Kept event",),
    ),
    # ----------------------------------------------------------- deck metadata
    BadInput(
        "call-date-malformed",
        lambda fmt: ["Text.\n"],
        r"call-date: '27\.06\.2024' is not a date of the form YYYY-MM-DD",
        "call-date:",
        metadata={"call-date": "27.06.2024"},
    ),
    BadInput(
        "call-date-impossible-day",
        lambda fmt: ["Text.\n"],
        # YAML itself refuses the front matter's date, and MyST the whole front matter;
        # read as text, the date is warned at its line and the other fields are kept
        r"call-date: '2024-02-30' is not a valid day",
        "call-date:",
        metadata={"call-date": "2024-02-30", "call-host": "Kept Host"},
        also_visible=("Kept Host",),
    ),
    BadInput(
        "deck-without-date",
        lambda fmt: ["Text.\n"],
        r"call deck 'community-calls/kickoff' has no date",
        "",  # the file's first line
        metadata={},
        docname="community-calls/kickoff",
    ),
    BadInput(
        "call-presenter-invalid",
        lambda fmt: ["Text.\n"],
        r"call-presenter: 'not a handle!' is not a valid GitHub handle",
        "call-presenter:",
        metadata={"call-date": "2024-06-27", "call-presenter": "not a handle!"},
    ),
    # ----------------------------------------------------------- team-report
    BadInput(
        "reporter-invalid-handle",
        lambda fmt: _team(fmt, reporter="fkr, bad_handle!"),
        r"team-report: 'bad_handle!' in :reporter: is not a valid GitHub handle",
        "team-report",
    ),
    BadInput(
        "minutes-not-http-unknown-team",
        lambda fmt: _team(fmt, team="Team Nowhere", minutes="javascript:alert(1)"),
        r"team-report: :minutes: must be an http/https URL, got 'javascript:alert\(1\)'",
        "team-report",
    ),
    BadInput(
        "minutes-ftp",
        lambda fmt: _team(fmt, minutes="ftp://example.org/minutes.md"),
        r"team-report: :minutes: must be an http/https URL, got 'ftp://example\.org/minutes\.md'",
        "team-report",
    ),
    BadInput(
        "minutes-javascript-known-team",
        lambda fmt: _team(fmt, minutes="javascript:alert(1)"),
        r"team-report: :minutes: must be an http/https URL",
        "team-report",
    ),
    BadInput(
        "team-report-nested",
        lambda fmt: [
            directive(
                fmt, "team-report", "iaas", {}, directive(fmt, "team-report", "ops", {}, "Inner.")
            )
        ],
        r"team-report: a team-report cannot be nested inside another team-report; its text is "
        r"kept as part of the enclosing report",
        {"myst": ":::{team-report} ops", "rst": "   .. team-report:: ops"},
        also_visible=("Inner.",),
    ),
    # ----------------------------------------------------------- upcoming-events
    BadInput(
        "event-item-without-date",
        lambda fmt: _events(fmt, "- 2024-06-28 Good event\n- Someday the big party"),
        r"upcoming-events: event item does not start with a date: 'Someday'; kept as written",
        "Someday",
        also_visible=("Good event", "Someday the big party"),
    ),
    BadInput(
        "event-item-impossible-day",
        lambda fmt: _events(fmt, "- 2024-06-28 Good event\n- 2024-02-30 Leap party"),
        r"upcoming-events: '2024-02-30' is not a valid day",
        "Leap party",
        also_visible=("Good event", "2024-02-30 Leap party"),
    ),
    BadInput(
        "event-item-range-backwards",
        lambda fmt: _events(fmt, "- 2024-06-28 Good event\n- 2024-07-09/05 Backwards"),
        r"upcoming-events: '2024-07-09/05' ends before it starts",
        "Backwards",
        also_visible=("Good event", "2024-07-09/05 Backwards"),
    ),
    BadInput(
        "horizon-not-a-number",
        lambda fmt: _events(fmt, "- 2024-06-28 Event", horizon="soon"),
        r"upcoming-events: :horizon: must be a whole number from 0 to 36500, got 'soon'",
        "upcoming-events",
    ),
    BadInput(
        "horizon-negative",
        lambda fmt: _events(fmt, "- 2024-06-28 Event", horizon="-3"),
        r"upcoming-events: :horizon: must be a whole number from 0 to 36500, got '-3'",
        "upcoming-events",
    ),
    BadInput(
        "horizon-beyond-the-calendar",
        lambda fmt: _events(fmt, "- 2024-06-28 Event", horizon="99999999999999999999"),
        r"upcoming-events: :horizon: must be a whole number from 0 to 36500, got '99999999999999999999'",
        "upcoming-events",
    ),
    BadInput(
        "per-slide-zero",
        lambda fmt: _events(fmt, "- 2024-06-28 Event", **{"per-slide": "0"}),
        r"upcoming-events: :per-slide: must be a whole number from 1 to 100000, got '0'",
        "upcoming-events",
    ),
    BadInput(
        "per-slide-not-a-number",
        lambda fmt: _events(fmt, "- 2024-06-28 Event", **{"per-slide": "many"}),
        r"upcoming-events: :per-slide: must be a whole number from 1 to 100000, got 'many'",
        "upcoming-events",
    ),
    # ----------------------------------------------------------- the events file
    BadInput(
        "events-file-missing",
        lambda fmt: [
            directive(
                fmt,
                "upcoming-events",
                "",
                {"source": "/no-such-events.yaml"},
                "- 2024-06-28 Inline event still shown",
            )
        ],
        r"upcoming-events: events file '[^']*no-such-events\.yaml' cannot be read",
        "upcoming-events",
        also_visible=("Inline event still shown",),
    ),
    _events_file_row(
        "events-file-not-yaml",
        GOOD_EVENT + "- date: 2024-07-02\n  title: [unclosed\n",
        r"events file: not valid YAML",
        None,  # the line after the last (where the parser gave up)
    ),
    _events_file_row(
        "events-file-not-utf8",
        b"- date: 2024-07-01\n  title: caf\xe9\n",
        r"events file: not UTF-8 text",
        "",
    ),
    _events_file_row(
        "events-file-not-a-list",
        "date: 2024-07-01\ntitle: A single mapping\n",
        r"events file: must be a list of events \(mappings with 'date' and 'title'\)",
        "",
    ),
    _events_file_row(
        "events-file-entry-not-a-mapping",
        GOOD_EVENT + "- just a string\n",
        r"events file: entry 2 is not a mapping with 'date' and 'title'",
        "- just a string",
    ),
    _events_file_row(
        "events-file-entry-without-title",
        GOOD_EVENT + "- date: 2024-07-02\n",
        r"events file: entry 2 has no 'title'",
        "- date: 2024-07-02",
    ),
    _events_file_row(
        "events-file-entry-bad-date",
        GOOD_EVENT + "- date: July 2nd\n  title: Party\n",
        r"events file: entry 2 \('Party'\): 'July 2nd' is not an event date",
        "- date: July 2nd",
    ),
    _events_file_row(
        "events-file-entry-range-backwards",
        GOOD_EVENT + "- date: 2024-07-09/05\n  title: Backwards\n",
        r"events file: entry 2 \('Backwards'\): '2024-07-09/05' ends before it starts",
        "- date: 2024-07-09/05",
    ),
    _events_file_row(
        "events-file-entry-javascript-url",
        GOOD_EVENT + "- date: 2024-07-02\n  title: Evil\n  url: javascript:alert(1)\n",
        r"events file: entry 2: 'url' must be an http or https URL, got 'javascript:alert\(1\)'",
        "- date: 2024-07-02",
    ),
    _events_file_row(
        "events-file-entry-data-url",
        GOOD_EVENT + "- date: 2024-07-02\n  title: Evil\n  url: data:text/html,<b>x</b>\n",
        r"events file: entry 2: 'url' must be an http or https URL, got 'data:text/html",
        "- date: 2024-07-02",
    ),
    _events_file_row(
        "events-file-entry-unknown-field",
        GOOD_EVENT + "- date: 2024-07-02\n  title: Typo\n  venu: Berlin\n",
        r"events file: entry 2: unknown field\(s\) venu",
        "- date: 2024-07-02",
    ),
    _events_file_row(
        "events-file-entry-location-not-text",
        GOOD_EVENT + "- date: 2024-07-02\n  title: Where\n  location: [Berlin, Dresden]\n",
        r"events file: entry 2: 'location' must be text",
        "- date: 2024-07-02",
    ),
    _events_file_row(
        "events-file-entry-invalid-speaker",
        GOOD_EVENT + "- date: 2024-07-02\n  title: Talk\n  speakers: [fkr, 'not a handle!']\n",
        r"events file: entry 2: speaker 'not a handle!' is not a valid GitHub handle",
        "- date: 2024-07-02",
    ),
    _events_file_row(
        "events-file-entry-speakers-not-a-list",
        GOOD_EVENT + "- date: 2024-07-02\n  title: Talk\n  speakers: {fkr: 1}\n",
        r"events file: entry 2: 'speakers' must be a list of GitHub handles",
        "- date: 2024-07-02",
    ),
    # ----------------------------------------------------------- survey-callout
    BadInput(
        "survey-url-javascript",
        lambda fmt: _survey(fmt, "javascript:alert(1)"),
        r"survey-callout: the survey URL must be http or https, got 'javascript:alert\(1\)'",
        "survey-callout",
        also_visible=("Please take part.",),
    ),
    BadInput(
        "survey-url-data",
        lambda fmt: _survey(fmt, "data:text/html,hello"),
        r"survey-callout: the survey URL must be http or https, got 'data:text/html,hello'",
        "survey-callout",
    ),
    BadInput(
        "survey-url-ftp",
        lambda fmt: _survey(fmt, "ftp://example.org/survey"),
        r"survey-callout: the survey URL must be http or https, got 'ftp://example\.org/survey'",
        "survey-callout",
    ),
    BadInput(
        "survey-url-relative",
        lambda fmt: _survey(fmt, "forms/survey"),
        r"survey-callout: the survey URL must be http or https, got 'forms/survey'",
        "survey-callout",
    ),
    BadInput(
        "survey-deadline-malformed",
        lambda fmt: _survey(fmt, deadline="next Friday"),
        r"survey-callout: :deadline: 'next Friday' is not a date of the form YYYY-MM-DD",
        "survey-callout",
    ),
    BadInput(
        "survey-deadline-impossible-day",
        lambda fmt: _survey(fmt, deadline="2024-06-31"),
        r"survey-callout: :deadline: '2024-06-31' is not a valid day",
        "survey-callout",
    ),
    # ----------------------------------------------------------- roles
    BadInput(
        "gh-role-invalid-handle",
        lambda fmt: ["Thanks to " + role(fmt, "gh", "bad_handle!") + " for this.\n"],
        r"gh: 'bad_handle!' is not a valid GitHub handle",
        "Thanks to",
    ),
    BadInput(
        "pr-role-malformed",
        lambda fmt: ["See " + role(fmt, "pr", "standards/640") + " for this.\n"],
        r"pr: 'standards/640' is not of the form \[owner/\]repository#number",
        "See ",
    ),
    BadInput(
        "issue-role-malformed",
        lambda fmt: ["See " + role(fmt, "issue", "osism/issues#0") + " for this.\n"],
        r"issue: 'osism/issues#0' is not of the form \[owner/\]repository#number",
        "See ",
    ),
    # ----------------------------------------------------------- links in the body
    BadInput(
        "body-link-javascript",
        lambda fmt: [
            {
                "myst": "Click [here](javascript:alert(1)) now.\n",
                "rst": "Click `here <javascript:alert(1)>`_ now.\n",
            }[fmt]
        ],
        r"link to 'javascript:alert\(1\)' removed: only http, https and mailto links are rendered",
        "Click",
        formats=("rst",),
    ),
    BadInput(
        "raw-html-in-deck",
        lambda fmt: ["Some <b>bold</b> words.\n"],
        r"raw HTML in a call deck is shown as text",
        "Some",
        formats=("myst",),
    ),
    BadInput(
        "event-item-html",
        lambda fmt: _events(fmt, "- 2024-06-28 Talk <i>now</i>"),
        r"upcoming-events: HTML in an event is shown as text",
        "Talk",
        formats=("myst",),
    ),
    BadInput(
        "body-link-data",
        lambda fmt: ["Click `here <data:text/html,hello>`_ now.\n"],
        r"link to 'data:text/html,hello' removed: only http, https and mailto links are rendered",
        "Click",
        formats=("rst",),
    ),
    BadInput(
        "body-link-other-scheme",
        lambda fmt: [
            {
                "myst": "Get [it](ftp://example.org/file) now.\n",
                "rst": "Get `it <ftp://example.org/file>`_ now.\n",
            }[fmt]
        ],
        r"link to 'ftp://example\.org/file' removed: only http, https and mailto links are rendered",
        "Get ",
    ),
]

CASES = [
    pytest.param(
        row,
        fmt,
        id=f"{row.id}-{fmt}",
        marks=[pytest.mark.xfail(strict=True, reason=row.xfail)] if row.xfail else [],
    )
    for row in ROWS
    for fmt in row.formats
]

_RECORD_START = re.compile(
    r"^(?:(?P<location>.*?):(?P<line>\d+)?:? )?(?P<level>WARNING|ERROR|CRITICAL): ", re.M
)


def warning_records(warnings: str) -> list[dict]:
    """Each warning as {path, line, level, text}; a record runs until the next one starts."""
    starts = list(_RECORD_START.finditer(warnings))
    records = []
    for index, match in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(warnings)
        records.append(
            {
                "path": match["location"] or "",
                "line": int(match["line"]) if match["line"] else None,
                "level": match["level"],
                "text": warnings[match.end() : end],
            }
        )
    return records


def line_of(text: str, needle: str) -> int:
    """The 1-based line of the first *needle* in *text* ('' means line 1)."""
    if not needle:
        return 1
    position = text.index(needle)
    return text.count("\n", 0, position) + 1


def write_row(row: BadInput, fmt: str, root: Path) -> tuple[Path, str, Path]:
    """The row's project; returns (srcdir, deck docname, file the warning must name)."""
    extra = {}
    if row.events_file is not None and isinstance(row.events_file, str):
        extra[EVENTS] = row.events_file
    srcdir, docname = deck_project(
        root, fmt, *row.blocks(fmt), metadata=row.metadata, docname=row.docname, extra_files=extra
    )
    if isinstance(row.events_file, bytes):
        (srcdir / EVENTS).write_bytes(row.events_file)
    named = srcdir / EVENTS if row.in_events_file else srcdir / (docname + SUFFIX[fmt])
    return srcdir, docname, named


def expected_line(row: BadInput, fmt: str, named: Path) -> int:
    text = named.read_bytes().decode("utf-8", errors="replace")
    if row.id == "events-file-not-yaml":
        return text.count("\n") + 1  # the YAML parser gives up at the end of the stream
    return line_of(text, row.for_format(row.at, fmt))


@pytest.mark.parametrize(("row", "fmt"), CASES)
def test_bad_input_warns_at_its_line_and_the_deck_still_builds(row: BadInput, fmt: str, tmp_path):
    srcdir, docname, named = write_row(row, fmt, tmp_path / "project")
    result = build_strict(srcdir, "html")

    message = re.compile(row.for_format(row.message, fmt))
    matching = [
        record for record in warning_records(result.warnings) if message.search(record["text"])
    ]
    assert matching, f"no warning matching {message.pattern!r} in:\n{result.warnings}"
    located = [(Path(r["path"]), r["line"]) for r in matching]
    assert (named, expected_line(row, fmt, named)) in located, (
        f"the warning names {located}, expected {named}:{expected_line(row, fmt, named)}"
    )
    assert "Traceback" not in result.warnings
    assert "Exception occurred" not in result.warnings

    page = visible_text(result.html(docname))
    assert LATER_SLIDE in page and LATER_TEXT in page, "the rest of the deck is missing"
    for text in row.also_visible:
        assert text in page
    assert result.failed, "with -W (warningiserror) the build must fail"


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_bad_input_in_one_deck_still_gives_every_slide(fmt: str, tmp_path):
    """All rows of the catalogue at once, built as slides: one warning each, every slide kept."""
    rows = [row for row in ROWS if fmt in row.formats and not row.xfail]
    rows = [row for row in rows if row.metadata is None and row.docname is None]
    blocks, extra = [], {}
    for index, row in enumerate(rows):
        body = row.blocks(fmt)
        if row.events_file is not None:
            name = f"events-{index}.yaml"
            extra[name] = row.events_file if isinstance(row.events_file, str) else None
            body = [block.replace(f"/{EVENTS}", f"/{name}") for block in body]
        blocks.extend(body)
        blocks.append(f"After {row.id}.\n")
    extra = {name: text for name, text in extra.items() if text is not None}
    srcdir, docname = deck_project(tmp_path / "project", fmt, *blocks, extra_files=extra)
    for index, row in enumerate(rows):
        if isinstance(row.events_file, bytes):
            (srcdir / f"events-{index}.yaml").write_bytes(row.events_file)

    result = build_strict(srcdir, "revealjs")

    records = warning_records(result.warnings)
    for row in rows:
        message = re.compile(row.for_format(row.message, fmt))
        assert any(message.search(r["text"]) for r in records), f"{row.id}: no warning"
    assert "Traceback" not in result.warnings
    slides = result.html(docname).select_one("div.slides")
    assert LATER_SLIDE in visible_text(slides)
    assert result.failed


def test_sphinx_build_minus_w_exits_non_zero_on_bad_input(tmp_path):
    """The real command line, not only the test app: -W turns a deck warning into exit 1."""
    srcdir, _docname = deck_project(
        tmp_path / "project", "myst", *_survey("myst", "ftp://x.example")
    )
    args = ["-q", "-W", "-b", "html", str(srcdir), str(tmp_path / "out")]
    assert build_main(args) == 1
    assert build_main(args[:1] + args[2:]) == 0, "without -W the same deck builds"


def test_catalogue_page_lists_every_tested_row():
    """docs/guide/bad-input.md and this module describe the same catalogue."""
    page = DOC.read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `([a-z0-9-]+)` \|", page, re.M))
    assert listed == {row.id for row in ROWS}


def test_events_file_warnings_repeat_in_a_second_build_of_the_same_process(tmp_path):
    """sphinx-autobuild and test suites build many times in one process; -W must still fail."""
    srcdir, _docname = deck_project(
        tmp_path / "project",
        "myst",
        *_events_block("myst"),
        extra_files={EVENTS: GOOD_EVENT + "- date: 2024-07-02\n  title: Typo\n  venu: x\n"},
    )
    first = build_strict(srcdir, "html")
    assert first.failed
    assert "unknown field(s) venu" in first.warnings
    second = build_strict(srcdir, "revealjs")
    assert "unknown field(s) venu" in second.warnings
    assert second.failed
