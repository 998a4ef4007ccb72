"""``survey-callout``: a call for participation, as a callout box and as a slide with a QR code."""

from __future__ import annotations

import datetime as dt
import functools
import html

import segno
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx

from . import model
from .call_deck import CallInfo, add_call_part
from .dates import DateError, parse_iso_date
from .shared import (
    WEB_SCHEMES,
    OptionSpec,
    ScsCallDirective,
    block_nodes,
    flag_option,
    is_safe_url,
    slide_section,
)

DEFAULT_TITLE = "Community Survey"


class survey_qr_code(nodes.General, nodes.Element):
    """A QR code of ``url``, drawn only on slides (a phone can't scan the archive page)."""


class SurveyCalloutDirective(ScsCallDirective):
    # the URL is required, but checked here: docutils would drop the callout's text
    optional_arguments = 1
    final_argument_whitespace = False
    has_content = True
    option_spec = OptionSpec(
        {
            "title": directives.unchanged,
            "duration": directives.unchanged,
            "anonymous": flag_option,
            "deadline": directives.unchanged,
            "class": directives.class_option,
        }
    )

    def run(self) -> list[nodes.Node]:
        url = self.arguments[0].strip() if self.arguments else ""
        if not url:
            self.warn("survey-callout: no survey URL given; the callout is shown without a link")
            url = None
        elif not is_safe_url(url, WEB_SCHEMES):
            self.warn(f"survey-callout: the survey URL must be http or https, got {url[:80]!r}")
            url = None
        title = self.options.get("title", "").strip() or DEFAULT_TITLE
        deadline = self._deadline()
        section = slide_section(self, title, "survey")
        if url:
            section["scscall_url"] = url
        if deadline:
            section["scscall_deadline"] = deadline.isoformat()
        box = nodes.container(classes=["scscall-survey-callout", *self.options.get("class", [])])
        self.set_source_info(box)
        text = self.content_container("scscall-survey-text")
        self.state.nested_parse(self.content, self.content_offset, text)
        facts = self._facts(deadline)
        if facts is not None:
            text += facts
        if url:
            button = nodes.paragraph(classes=["scscall-survey-action"])
            button += nodes.reference(
                "", "Take the survey", refuri=url, internal=False, classes=["scscall-button"]
            )
            text += button
        box += text
        if url:
            box += survey_qr_code(url=url)
        section += box
        return [section]

    def _deadline(self) -> dt.date | None:
        raw = self.options.get("deadline")
        if raw is None:
            return None
        try:
            return parse_iso_date(raw)
        except DateError as err:
            self.warn(f"survey-callout: :deadline: {err}")
            return None

    def _facts(self, deadline: dt.date | None) -> nodes.bullet_list | None:
        facts = []
        duration = self.options.get("duration", "").strip()
        if duration:
            facts.append(("duration", f"Takes about {duration}"))
        if self.options.get("anonymous"):
            facts.append(("anonymous", "Anonymous"))
        if deadline:
            facts.append(("deadline", f"Open until {deadline.day} {deadline:%B %Y}"))
        if not facts:
            return None
        fact_list = nodes.bullet_list(classes=["scscall-survey-facts"])
        for kind, text in facts:
            fact_list += nodes.list_item(
                "", nodes.paragraph(text, text), classes=[f"scscall-fact-{kind}"]
            )
        return fact_list


@functools.lru_cache(maxsize=256)  # a survey is announced in several calls in a row
def qr_svg(url: str) -> str:
    """The URL's QR code as inline SVG (no file, so it works offline and from file://)."""
    qr = segno.make(url, error="m", micro=False)
    return qr.svg_inline(scale=8, border=2, dark="#000", light="#fff", omitsize=True)


def visit_qr_slide(self, node: survey_qr_code) -> None:
    label = html.escape(f"QR code of {node['url']}", quote=True)
    self.body.append(f'<div class="scscall-qr" role="img" aria-label="{label}">')
    self.body.append(qr_svg(node["url"]))
    self.body.append("</div>\n")
    raise nodes.SkipNode


def skip_qr(self, node: survey_qr_code) -> None:
    raise nodes.SkipNode


def collect_surveys(app: Sphinx, doctree: nodes.document, info: CallInfo) -> dict:
    """The call's part: every survey it announces."""
    surveys = []
    for section in block_nodes(doctree, nodes.section):
        if section.get("scscall_slide") == "survey":
            deadline = section.get("scscall_deadline")
            surveys.append(
                model.Survey(
                    url=section.get("scscall_url"),
                    title=section[0].astext(),
                    deadline=dt.date.fromisoformat(deadline) if deadline else None,
                )
            )
    return {"surveys": tuple(surveys)}


def setup_survey_callout(app: Sphinx) -> None:
    skip = (skip_qr, None)
    app.add_node(
        survey_qr_code,
        html=skip,
        revealjs=(visit_qr_slide, None),
        dirrevealjs=(visit_qr_slide, None),
        latex=skip,
        text=skip,
        man=skip,
        texinfo=skip,
    )
    app.add_directive("survey-callout", SurveyCalloutDirective)
    add_call_part(app, collect_surveys)
