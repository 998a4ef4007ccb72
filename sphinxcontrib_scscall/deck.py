"""Call decks: which documents they are, their date and presenter, and the
collector that records every deck's :class:`~.model.Call` in the environment."""

from __future__ import annotations

import datetime as dt
import functools
import re

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.environment.collectors import EnvironmentCollector
from sphinx.util.matching import Matcher

from . import model
from .dates import DateError, date_from_docname, parse_iso_date
from .shared import (
    SAFE_SCHEMES,
    handle_reference,
    logger,
    neutralize_raw_html,
    normalize_handle,
    url_scheme,
)
from .survey_callout import collect_surveys
from .team_report import TOPIC_CLASS
from .upcoming_events import resolve_event_blocks

DATE_FIELD = "call-date"
PRESENTER_FIELD = "call-presenter"


def calls_of(env: BuildEnvironment) -> dict[str, model.Call]:
    """The per-docname call records stored in *env* (created on first use)."""
    if not hasattr(env, "scscall_calls"):
        env.scscall_calls = {}
    return env.scscall_calls


def archive(env: BuildEnvironment) -> model.Archive:
    return model.Archive(calls_of(env))


def is_call_deck(app: Sphinx, docname: str) -> bool:
    """Matched by ``scscall_calls``; an ``index`` page beside the decks is not a deck."""
    if docname.rsplit("/", 1)[-1] == "index":
        return False
    return calls_matcher(tuple(app.config.scscall_calls))(docname)


@functools.cache
def calls_matcher(patterns: tuple[str, ...]) -> Matcher:
    # compiled once per configuration, not for every document
    return Matcher(list(patterns))


def call_date(env: BuildEnvironment) -> dt.date | None:
    """The ``call-date`` metadata (warning when malformed), else a date in the docname."""
    raw = env.metadata[env.docname].get(DATE_FIELD)
    if raw is not None:
        try:
            return parse_iso_date(str(raw))
        except DateError as err:
            warn_metadata(env, DATE_FIELD, str(err))
    return date_from_docname(env.docname)


def warn_metadata(env: BuildEnvironment, field_name: str, message: str) -> None:
    """Warn at the source line of a metadata field (front matter or leading field list)."""
    logger.warning(
        f"{field_name}: {message}",
        location=(env.docname, _field_line(env, field_name)),
        type="scscall",
    )


def _field_line(env: BuildEnvironment, field_name: str) -> int:
    # docinfo fields carry no line numbers, so look the field up in the source
    pattern = re.compile(rf"^\s*:?{re.escape(field_name)}:")
    try:
        with open(env.doc2path(env.docname), encoding="utf-8") as source:
            for number, line in enumerate(source, start=1):
                if pattern.match(line):
                    return number
    except OSError:
        pass
    return 1


class CallCollector(EnvironmentCollector):
    """Keeps ``env.scscall_calls`` in step with the documents read (purge, merge, collect)."""

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        calls_of(env).pop(docname, None)

    def merge_other(
        self, app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment
    ) -> None:
        mine, theirs = calls_of(env), calls_of(other)
        for docname in docnames:
            if docname in theirs:
                mine[docname] = theirs[docname]

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        env = app.env
        docname = env.docname
        deck = is_call_deck(app, docname)
        date = call_date(env) if deck else None
        events = resolve_event_blocks(app, doctree, date)
        if not deck:
            return
        # decks are linked from the archive listings, not from a toctree
        env.metadata[docname]["orphan"] = True
        doctree["scscall_deck"] = True
        remove_unsafe_links(doctree, docname)
        first_raw = next(iter(doctree.findall(nodes.raw)), None)
        # older myst-parser versions give raw nodes no line: use the enclosing block's
        while first_raw is not None and first_raw.line is None and first_raw.parent is not None:
            first_raw = first_raw.parent
        if neutralize_raw_html(doctree):
            logger.warning(
                "raw HTML in a call deck is shown as text: use Markdown/rST markup instead",
                location=first_raw,
                type="scscall",
            )
        if date is None:
            logger.warning(
                f"call deck {docname!r} has no date: add '{DATE_FIELD}: YYYY-MM-DD' metadata "
                "or put the date in the file name",
                location=(docname, 1),
                type="scscall",
            )
        presenter = self._presenter(env)
        title_section = next(iter(doctree.findall(nodes.section)), None)
        add_call_meta(title_section, date, presenter)
        calls_of(env)[docname] = model.Call(
            docname=docname,
            date=date,
            title=env.titles[docname].astext() if docname in env.titles else docname,
            presenter=presenter,
            reports=tuple(collect_reports(doctree)),
            events=tuple(events),
            surveys=tuple(collect_surveys(doctree)),
        )

    def _presenter(self, env: BuildEnvironment) -> str | None:
        raw = env.metadata[env.docname].get(PRESENTER_FIELD)
        if raw is None:
            return None
        handle = normalize_handle(str(raw).strip())
        if handle is None:
            warn_metadata(env, PRESENTER_FIELD, f"{str(raw)!r} is not a valid GitHub handle")
        return handle


def add_call_meta(
    title_section: nodes.section | None, date: dt.date | None, presenter: str | None
) -> None:
    """The line under the deck title: 'Thursday, 27 June 2024 · presented by @x'."""
    if title_section is None or (date is None and presenter is None):
        return
    para = nodes.paragraph(classes=["scscall-call-meta"])
    if date is not None:
        para += nodes.inline("", f"{date:%A}, {date.day} {date:%B %Y}", classes=["scscall-date"])
    if presenter is not None:
        para += nodes.Text(" · presented by " if date is not None else "Presented by ")
        para += handle_reference(presenter)
    title_section.insert(title_section.first_child_matching_class(nodes.title) + 1, para)


def collect_reports(doctree: nodes.document):
    for section in doctree.findall(nodes.section):
        if section.get("scscall_slide") != "team-report":
            continue
        topics = [
            model.Topic(topic[0].astext(), topic["ids"][0] if topic["ids"] else "")
            for topic in section.findall(nodes.section)
            if TOPIC_CLASS in topic["classes"] and topic.parent is section
        ]
        yield model.TeamReport(
            team_key=section["scscall_team"],
            team_name=section[0].astext(),
            known_team=section["scscall_team_known"],
            anchor=section["ids"][0],
            reporters=tuple(section["scscall_reporters"]),
            topics=tuple(topics),
            minutes=section.get("scscall_minutes"),
        )


def remove_unsafe_links(doctree: nodes.document, docname: str) -> None:
    """Replace links with a scheme other than http, https and mailto by their text."""
    for reference in list(doctree.findall(nodes.reference)):
        uri = reference.get("refuri")
        if uri is None:
            continue
        scheme = url_scheme(uri)
        if scheme and scheme not in SAFE_SCHEMES:
            logger.warning(
                f"link to {uri[:80]!r} removed: only http, https and mailto links are rendered",
                location=reference,
                type="scscall",
            )
            reference.replace_self(nodes.Text(reference.astext()))


def setup_deck(app: Sphinx) -> None:
    app.add_env_collector(CallCollector)
