"""Call decks: which documents they are, their metadata, and the collector of call data.

:class:`CallDeckTransform` runs on every document as it is read. On a call deck
it reads the metadata (``call-date``, ``call-presenter``, ``call-host``,
``call-recording``), warns about what cannot be used, keeps only safe links and
no raw HTML, and puts the date line under the title. The metadata it read
travels on the document as :class:`CallInfo`.

:class:`CallCollector` then records each deck's :class:`~.model.Call` in the
environment. It knows no feature: it asks every feature for its part with the
``scscall-collect-call`` event (see :func:`add_call_part`), so a new feature
adds a listener in its own module, not a branch here.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass

import yaml
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms import SphinxTransform
from sphinx.util.matching import Matcher

from . import model
from .config import settings
from .dates import DateError, date_from_docname, parse_iso_date
from .shared import (
    SAFE_SCHEMES,
    WEB_SCHEMES,
    PerDocumentCollector,
    block_nodes,
    handle_reference,
    is_safe_url,
    logger,
    neutralize_raw_html,
    normalize_handle,
    url_scheme,
)

COLLECT_EVENT = "scscall-collect-call"
DATE_FIELD = "call-date"
PRESENTER_FIELD = "call-presenter"
HOST_FIELD = "call-host"
RECORDING_FIELD = "call-recording"


@dataclass(frozen=True)
class CallInfo:
    """A deck's usable metadata, as read from its first lines."""

    date: dt.date | None = None
    presenter: str | None = None
    host: str | None = None
    recording: str | None = None


def call_info(document: nodes.document) -> CallInfo | None:
    """The metadata :class:`CallDeckTransform` read, None when *document* is no call deck."""
    stored = document.get("scscall_call")
    if stored is None:
        return None
    date = stored.get("date")
    return CallInfo(**{**stored, "date": dt.date.fromisoformat(date) if date else None})


def calls_of(env: BuildEnvironment) -> dict[str, model.Call]:
    """The per-docname call records stored in *env* (created on first use)."""
    return CallCollector.data(env)


def archive(env: BuildEnvironment) -> model.Archive:
    return model.Archive(calls_of(env))


def is_call_deck(patterns: tuple[str, ...], docname: str) -> bool:
    """Matched by ``scscall_calls``; an ``index`` page beside the decks is not a deck."""
    if docname.rsplit("/", 1)[-1] == "index":
        return False
    return calls_matcher(patterns)(docname)


@functools.cache
def calls_matcher(patterns: tuple[str, ...]) -> Matcher:
    # compiled once per configuration, not for every document
    return Matcher(list(patterns))


def metadata_fields(document: nodes.document, source: str | os.PathLike) -> dict[str, str]:
    """The docinfo fields (rST field list or MyST front matter) as Sphinx will record them."""
    index = document.first_child_not_matching_class(nodes.PreBibliographic)
    if index is None or not isinstance(document[index], nodes.docinfo):
        return front_matter_as_text(source)
    return {
        field[0].astext(): field[1].astext()
        for field in document[index]
        if isinstance(field, nodes.field)
    }


FRONT_MATTER_RE = re.compile(r"\A---[ \t]*\n(.*?\n)---[ \t]*(?:\n|\Z)", re.DOTALL)


def front_matter_as_text(source: str | os.PathLike) -> dict[str, str]:
    """A MyST deck's front matter, every value as text, when myst-parser refused it.

    YAML reads ``call-date: 2024-02-30`` as a date and fails, and myst-parser then
    drops the whole front matter ("Malformed YAML"): the date, and every other
    field with it. Read as text, the fields are kept and the date gets its own
    warning at its line. Empty without front matter, or when it is not YAML at all.
    """
    if not os.fspath(source).endswith(".md"):
        return {}
    try:
        with open(source, encoding="utf-8") as stream:
            match = FRONT_MATTER_RE.match(stream.read())
        # BaseLoader: every scalar as written, as docinfo fields are text
        data = yaml.load(match.group(1), Loader=yaml.BaseLoader) if match else None
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {key: value for key, value in data.items() if isinstance(value, str)}


class CallDeckTransform(SphinxTransform):
    """Read a call deck's metadata, make its content safe, and date its title."""

    # after docutils' DocInfo (340); before the features' transforms and before
    # Sphinx's DoctreeReadEvent (880), where the collectors run and docinfo is removed
    default_priority = 860

    def apply(self) -> None:
        docname = self.env.docname
        if not is_call_deck(settings(self.config).calls, docname):
            return
        fields = metadata_fields(self.document, self.env.doc2path(docname))
        info = CallInfo(
            date=self.date(fields),
            presenter=self.presenter(fields),
            host=self.text_field(fields, HOST_FIELD),
            recording=self.recording(fields),
        )
        stored = asdict(info)
        stored["date"] = info.date.isoformat() if info.date else None
        self.document["scscall_call"] = stored
        remove_unsafe_links(self.document)
        first_raw = next(iter(self.document.findall(nodes.raw)), None)
        if neutralize_raw_html(self.document):
            logger.warning(
                "raw HTML in a call deck is shown as text: use Markdown/rST markup instead",
                location=first_raw,
                type="scscall",
            )
        if info.date is None:
            logger.warning(
                f"call deck {docname!r} has no date: add '{DATE_FIELD}: YYYY-MM-DD' metadata "
                "or put the date in the file name",
                location=(docname, 1),
                type="scscall",
            )
        title_section = next(block_nodes(self.document, nodes.section), None)
        if title_section is not None:
            add_call_meta(title_section, info)

    def warn(self, field_name: str, message: str) -> None:
        """Warn at the source line of a metadata field (front matter or leading field list)."""
        logger.warning(
            f"{field_name}: {message}",
            location=(self.env.docname, self.field_line(field_name)),
            type="scscall",
        )

    def field_line(self, field_name: str) -> int:
        # docinfo fields carry no line numbers, so look the field up in the source
        pattern = re.compile(rf"^\s*:?{re.escape(field_name)}:")
        try:
            with open(self.env.doc2path(self.env.docname), encoding="utf-8") as source:
                for number, line in enumerate(source, start=1):
                    if pattern.match(line):
                        return number
        except OSError:
            pass
        return 1

    def date(self, fields: dict[str, str]) -> dt.date | None:
        raw = fields.get(DATE_FIELD)
        if raw is not None:
            try:
                return parse_iso_date(raw)
            except DateError as err:
                self.warn(DATE_FIELD, str(err))
        return date_from_docname(self.env.docname)

    def presenter(self, fields: dict[str, str]) -> str | None:
        raw = fields.get(PRESENTER_FIELD)
        if raw is None:
            return None
        handle = normalize_handle(raw.strip())
        if handle is None:
            self.warn(PRESENTER_FIELD, f"{raw!r} is not a valid GitHub handle")
        return handle

    def text_field(self, fields: dict[str, str], name: str) -> str | None:
        raw = " ".join(fields.get(name, "").split())
        if "@" in raw:
            # a person's name only: an e-mail address is never shown on a page or slide
            self.warn(name, "give a name, not an e-mail address; the field is not shown")
            return None
        return raw or None

    def recording(self, fields: dict[str, str]) -> str | None:
        raw = fields.get(RECORDING_FIELD, "").strip()
        if raw and not is_safe_url(raw, WEB_SCHEMES):
            self.warn(RECORDING_FIELD, f"must be an http or https URL, got {raw[:80]!r}")
            return None
        return raw or None


def add_call_meta(title_section: nodes.section, info: CallInfo) -> None:
    """The line under the deck title: 'Thursday, 27 June 2024 · presented by @x · hosted by Y'."""
    parts: list[list[nodes.Node]] = []
    if info.date is not None:
        parts.append(
            [
                nodes.inline(
                    "",
                    f"{info.date:%A}, {info.date.day} {info.date:%B %Y}",
                    classes=["scscall-date"],
                )
            ]
        )
    if info.presenter is not None:
        parts.append([nodes.Text("presented by "), handle_reference(info.presenter)])
    if info.host is not None:
        parts.append(
            [nodes.Text("hosted by "), nodes.inline("", info.host, classes=["scscall-host"])]
        )
    if info.recording is not None:
        recording = nodes.reference("", "Recording", refuri=info.recording, internal=False)
        parts.append([nodes.inline("", "", recording, classes=["scscall-recording"])])
    if not parts:
        return
    para = nodes.paragraph(classes=["scscall-call-meta"])
    for index, part in enumerate(parts):
        if index:
            para += nodes.Text(" · ")
        para.extend(part)
    title_section.insert(title_section.first_child_matching_class(nodes.title) + 1, para)


def remove_unsafe_links(doctree: nodes.document) -> None:
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


CallPart = Callable[[Sphinx, nodes.document, CallInfo], dict]


def add_call_part(app: Sphinx, collect: CallPart) -> None:
    """Have *collect* contribute fields of :class:`~.model.Call` for every deck read.

    *collect* returns a mapping of field names to values (``{"reports": (...)}``).
    """
    app.connect(COLLECT_EVENT, collect)


class CallCollector(PerDocumentCollector):
    """Keeps ``env.scscall_calls`` in step with the documents read (purge, merge, collect)."""

    env_attribute = "scscall_calls"

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        info = call_info(doctree)
        if info is None:
            return
        env = app.env
        docname = env.docname
        # decks are linked from the archive listings, not from a toctree
        env.metadata[docname]["orphan"] = True
        parts: dict = {}
        for part in app.emit(COLLECT_EVENT, doctree, info):
            parts.update(part or {})
        calls_of(env)[docname] = model.Call(
            docname=docname,
            date=info.date,
            title=env.titles[docname].astext() if docname in env.titles else docname,
            presenter=info.presenter,
            host=info.host,
            recording=info.recording,
            **parts,
        )


def setup_call_decks(app: Sphinx) -> None:
    app.add_event(COLLECT_EVENT)
    app.add_transform(CallDeckTransform)
    app.add_env_collector(CallCollector)
