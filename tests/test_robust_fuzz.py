"""Fuzzing with hypothesis: the date parsers, the URL and handle validators, option
conversion, and real builds of decks with generated directive options.

Two profiles, registered here and selected per test (never loaded globally, so
other modules keep their own settings): ``scscall-fuzz`` (the default, quick)
and ``scscall-fuzz-long`` (``SCSCALL_FUZZ=long``), which runs about ten times
as many examples.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import string
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from robust_support import (
    FORMATS,
    LATER_SLIDE,
    deck_project,
    directive,
    injection_problems,
    link_scheme,
    role,
    visible_text,
)

from sphinxcontrib_scscall import dates, shared
from sphinxcontrib_scscall.testing import build

LONG = os.environ.get("SCSCALL_FUZZ", "").lower() == "long"

#: examples of each test that builds a deck (the unit properties use the profile's count)
BUILD_EXAMPLES = 200 if LONG else 16

settings.register_profile(
    "scscall-fuzz",
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "scscall-fuzz-long",
    max_examples=3000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
PROFILE = settings.get_profile("scscall-fuzz-long" if LONG else "scscall-fuzz")
unit_settings = settings(PROFILE)
build_settings = settings(PROFILE, max_examples=BUILD_EXAMPLES)

# ------------------------------------------------------------------ strategies

DATES = st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9999, 12, 31))
DIGITS_AND_SEPARATORS = st.text(alphabet="0123456789-/ :T", max_size=30)
ANY_TEXT = st.text(max_size=60)
#: pieces that are near misses of valid input
DATEISH = st.one_of(
    DIGITS_AND_SEPARATORS,
    st.builds(
        lambda y, m, d, tail: f"{y:04d}-{m:02d}-{d:02d}{tail}",
        st.integers(0, 9999),
        st.integers(0, 99),
        st.integers(0, 99),
        st.one_of(
            st.just(""), st.from_regex(r"/(\d{4}-)?(\d{2}-)?\d{2}", fullmatch=True), ANY_TEXT
        ),
    ),
    ANY_TEXT,
)


@st.composite
def date_ranges(draw):
    start = draw(DATES)
    end = draw(st.one_of(st.just(start), DATES.filter(lambda d: d >= start)))
    return start, end


def written_forms(start: dt.date, end: dt.date) -> list[str]:
    """Every way the contract lets an author write this range."""
    if start == end:
        return [start.isoformat()]
    forms = [f"{start.isoformat()}/{end.isoformat()}"]
    if start.year == end.year:
        forms.append(f"{start.isoformat()}/{end:%m-%d}")
        if start.month == end.month:
            forms.append(f"{start.isoformat()}/{end:%d}")
    return forms


# ------------------------------------------------------------------ dates


@unit_settings
@given(DATEISH)
@example("2024-02-29/2023-03-01")
@example("2024-12-31/01")
@example("٢٠٢٤-٠٦-٢٧")  # Arabic-Indic digits match \d
def test_parse_event_date_gives_an_ordered_range_or_a_date_error(text):
    try:
        parsed = dates.parse_event_date(text)
    except dates.DateError:
        return
    assert parsed.start <= parsed.end
    assert dates.parse_event_date(str(parsed)) == parsed


@unit_settings
@given(date_ranges(), st.data())
def test_every_written_form_of_a_range_parses_back_to_it(bounds, data):
    start, end = bounds
    text = data.draw(st.sampled_from(written_forms(start, end)))
    assert dates.parse_event_date(text) == dates.DateRange(start, end)
    assert dates.DateRange(start, end).human()  # never raises, never empty


@unit_settings
@given(DATEISH, ANY_TEXT)
def test_split_event_date_gives_an_ordered_range_or_a_date_error(head, tail):
    try:
        parsed, rest = dates.split_event_date(head + tail)
    except dates.DateError:
        return
    assert parsed.start <= parsed.end
    assert isinstance(rest, str)
    assert len(rest) <= len(head + tail)


@unit_settings
@given(date_ranges(), st.data(), st.text(alphabet=string.ascii_letters + " *_`", max_size=30))
def test_split_event_date_separates_the_range_from_the_title(bounds, data, title):
    start, end = bounds
    written = data.draw(st.sampled_from(written_forms(start, end)))
    title = title.strip(" ")
    parsed, rest = dates.split_event_date(f"{written} {title}")
    assert parsed == dates.DateRange(start, end)
    assert rest == title


@unit_settings
@given(st.one_of(DATEISH, DATES.map(dt.date.isoformat)))
def test_parse_iso_date_gives_a_date_or_a_date_error(text):
    try:
        parsed = dates.parse_iso_date(text)
    except dates.DateError:
        return
    assert isinstance(parsed, dt.date)
    assert parsed.isoformat() == text.strip()


@unit_settings
@given(
    st.text(alphabet=string.ascii_lowercase + string.digits + "-_/.", max_size=40),
    DATES,
    st.booleans(),
)
def test_date_from_docname_finds_the_date_in_the_last_part(prefix, day, dashed):
    written = day.isoformat() if dashed else f"{day:%Y%m%d}"
    found = dates.date_from_docname(f"{prefix}/{written}")
    assert found == day


@unit_settings
@given(st.one_of(ANY_TEXT, DIGITS_AND_SEPARATORS))
def test_date_from_docname_never_raises(docname):
    found = dates.date_from_docname(docname)
    assert found is None or isinstance(found, dt.date)


# ------------------------------------------------------------------ URLs and handles

SCHEMES = [
    "http",
    "https",
    "mailto",
    "javascript",
    "JaVaScRiPt",
    "data",
    "vbscript",
    "file",
    "ftp",
    "",
]
NOISE = st.sampled_from(
    ["", " ", "\t", "\n", "\x00", "\x01", "\x7f", "\u200b", "\u202e", "%0a", "&#x09;"]
)


@st.composite
def url_like(draw):
    """Text shaped like a URL, with the tricks used to smuggle a scheme past a filter."""
    scheme = draw(st.sampled_from(SCHEMES))
    split = draw(st.integers(0, len(scheme)))
    scheme = scheme[:split] + draw(NOISE) + scheme[split:]
    separator = draw(st.sampled_from([":", "://", ":/", ":\\\\", "%3a", "&colon;", " :"]))
    rest = draw(st.text(max_size=30))
    return draw(NOISE) + scheme + separator + rest + draw(NOISE)


@unit_settings
@given(st.one_of(url_like(), ANY_TEXT))
@example("java\tscript:alert(1)")
@example("\x01javascript:alert(1)")
@example("https:javascript:alert(1)")
@example("mailto:a@b\njavascript:x")
def test_is_safe_url_accepts_only_what_a_browser_would_open_as_http_https_or_mailto(url):
    if shared.is_safe_url(url):
        assert link_scheme(url) in ("http", "https", "mailto")
        assert url == url.strip()
        assert not re.search(r"[\x00-\x20\x7f<>\"]", url)
    if shared.is_safe_url(url, shared.WEB_SCHEMES):
        assert link_scheme(url) in ("http", "https")
        assert re.match(r"(?i)https?://[^/?#]", url)


@unit_settings
@given(st.one_of(st.text(max_size=45), st.from_regex(r"@?[A-Za-z0-9-]{0,41}", fullmatch=True)))
def test_normalize_handle_accepts_exactly_githubs_handle_rule(raw):
    handle = shared.normalize_handle(raw)
    bare = raw[1:] if raw.startswith("@") else raw
    githubs_rule = (
        1 <= len(bare) <= 39
        and re.fullmatch(r"[A-Za-z0-9-]+", bare) is not None
        and not bare.startswith("-")
        and not bare.endswith("-")
        and "--" not in bare
    )
    assert (handle is not None) == githubs_rule
    if handle is not None:
        assert handle == bare
        assert shared.normalize_handle("@" + handle) == handle


@unit_settings
@given(st.text(max_size=80))
def test_split_handles_gives_non_empty_parts_without_separators(text):
    parts = shared.split_handles(text)
    assert all(part and not re.search(r"[\s,]", part) for part in parts)
    assert shared.split_handles(", ".join(parts)) == parts


# ------------------------------------------------------------------ option conversion

OPTION_VALUES = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=40),
    st.integers(-(10**12), 10**12).map(str),
    st.sampled_from(
        ["", " ", "0", "-1", "1e3", "0x10", "٣", "²", "1_000", "+5", " 7 ", "true", "maybe"]
    ),
)


class FakeDirective:
    """Just enough of a directive for the option helpers of ScsCallDirective."""

    name = "fuzzed"

    def __init__(self, options):
        self.options = options
        self.warnings = []

    def warn(self, message, line=None):
        self.warnings.append(message)

    int_option = shared.ScsCallDirective.int_option
    url_option = shared.ScsCallDirective.url_option
    handles_option = shared.ScsCallDirective.handles_option


@unit_settings
@given(OPTION_VALUES, st.integers(-1, 10), st.integers(0, 2))
def test_int_option_gives_a_whole_number_at_least_the_minimum_or_the_default(raw, default, minimum):
    fake = FakeDirective({"n": raw})
    value = fake.int_option("n", default=default, minimum=minimum)
    assert isinstance(value, int)
    assert value >= minimum or (value == default and fake.warnings)
    if fake.warnings:
        assert value == default


@unit_settings
@given(st.one_of(url_like(), OPTION_VALUES))
def test_url_option_gives_a_web_url_or_none_with_a_warning(raw):
    fake = FakeDirective({"u": raw})
    url = fake.url_option("u")
    if url is None:
        assert fake.warnings or not raw.strip()
    else:
        assert link_scheme(url) in ("http", "https")
        assert not fake.warnings


@unit_settings
@given(
    st.one_of(
        OPTION_VALUES,
        st.lists(st.from_regex(r"@?[A-Za-z0-9_-]{0,8}", fullmatch=True)).map(", ".join),
    )
)
def test_handles_option_keeps_valid_unique_handles_and_warns_about_the_rest(raw):
    fake = FakeDirective({"reporter": raw})
    handles = fake.handles_option("reporter")
    assert len(handles) == len(set(handles))
    assert all(shared.normalize_handle(handle) == handle for handle in handles)
    invalid = [part for part in shared.split_handles(raw) if shared.normalize_handle(part) is None]
    assert len(fake.warnings) == len(invalid)


@unit_settings
@given(st.one_of(st.none(), OPTION_VALUES))
def test_flag_option_gives_a_boolean_or_a_value_error(raw):
    try:
        value = shared.flag_option(raw)
    except ValueError:
        assert raw is not None and raw.strip()
        return
    assert value in (True, False)


# ------------------------------------------------------------------ real builds

#: option values as an author might type them into a deck: one line, no fence characters
LINE_VALUES = st.one_of(
    st.text(
        alphabet=st.characters(
            blacklist_categories=["Cs", "Zl", "Zp", "Cc"], blacklist_characters="`:"
        ),
        max_size=30,
    ).map(str.strip),
    st.sampled_from(
        [
            "javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "https://example.org/x?a=1&b=<2>",
            '" onmouseover="alert(1)',
            "<script>alert(1)</script>",
            "2024-02-30",
            "-1",
            "0",
            "99999999999999999999",
            "@fkr, @@x, -bad-, ok",
            "true",
            "\u202egnp.exe",
        ]
    ),
)
EVENT_ITEMS = st.lists(
    st.builds(
        lambda date, title: f"- {date} {title}".rstrip(),
        st.one_of(
            DATEISH.map(lambda s: re.sub(r"[\r\n`:*_\[\]<>|\\]", "", s)),
            DATES.map(dt.date.isoformat),
        ),
        st.text(alphabet=string.ascii_letters + " .,()&'\"", max_size=20),
    ),
    max_size=4,
)


@st.composite
def fuzzed_decks(draw):
    fmt = draw(st.sampled_from(FORMATS))

    def options(*names):
        chosen = draw(st.lists(st.sampled_from(names), unique=True, max_size=len(names)))
        return {name: draw(LINE_VALUES) for name in chosen}

    team = draw(
        st.one_of(
            st.sampled_from(["iaas", "IAM/Sec", "Team Nowhere"]), LINE_VALUES.filter(str.strip)
        )
    )
    survey_url = draw(
        st.one_of(st.just("https://example.org/survey"), LINE_VALUES.filter(str.strip))
    )
    items = "\n".join(draw(EVENT_ITEMS)) or "- 2024-06-28 A known event"
    role_text = draw(LINE_VALUES.filter(str.strip))
    blocks = [
        directive(
            fmt,
            "team-report",
            team,
            options("reporter", "minutes", "no-mission", "class"),
            "Intro.\n\n" + ("## Topic\n\n- point" if fmt == "myst" else "Topic\n~~~~~\n\n- point"),
        ),
        directive(
            fmt,
            "upcoming-events",
            draw(st.sampled_from(["", "Events"])),
            options("horizon", "per-slide", "include-past", "class"),
            items,
        ),
        directive(
            fmt,
            "survey-callout",
            survey_url.split()[0],
            options("title", "duration", "anonymous", "deadline", "class"),
            "Please answer.",
        ),
        "Mentions: "
        + " ".join(role(fmt, name, role_text) for name in ("gh", "pr", "issue"))
        + "\n",
    ]
    metadata = {"call-date": draw(st.one_of(st.just("2024-06-27"), LINE_VALUES.filter(str.strip)))}
    return fmt, blocks, metadata, draw(st.sampled_from(["html", "revealjs"]))


@build_settings
@given(fuzzed_decks())
def test_a_deck_with_generated_options_always_builds_safely(deck):
    """Whatever the option values: no exception, the last slide is there, no unsafe link."""
    fmt, blocks, metadata, builder = deck
    with tempfile.TemporaryDirectory() as tmp:
        srcdir, docname = deck_project(Path(tmp), fmt, *blocks, metadata=metadata)
        result = build(srcdir, builder)
        assert "Traceback" not in result.warnings
        soup = result.html(docname)
        assert LATER_SLIDE in visible_text(soup)
        assert injection_problems(soup) == []
