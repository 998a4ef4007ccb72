"""``team-report``: one team's report, its title slide and one vertical slide per topic.

Headings written inside the directive become the report's topics. rST parses
them with ``nested_parse_with_titles``; myst-parser would hoist them out of the
directive into the page's own section tree, so in MyST the content is parsed
without titles (headings arrive as rubrics carrying their level) and
:func:`sectionize` rebuilds the same nested sections that rST produces.
"""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.nodes import nested_parse_with_titles

from . import model
from .call_deck import CallInfo, add_call_part
from .config import settings
from .shared import (
    OptionSpec,
    ScsCallDirective,
    block_nodes,
    flag_option,
    handle_references,
    slide_section,
    url_scheme,
)

TEAM_REPORT_CLASS = "scscall-team-report"
TOPIC_CLASS = "scscall-topic"
NESTING_KEY = "scscall_in_team_report"


class TeamReportDirective(ScsCallDirective):
    # the team is required, but checked here: docutils would drop the report's text
    optional_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec = OptionSpec(
        {
            "reporter": directives.unchanged,
            "minutes": directives.unchanged,
            "no-mission": flag_option,
            "class": directives.class_option,
        }
    )

    def run(self) -> list[nodes.Node]:
        if self.env.temp_data.get(NESTING_KEY):
            self.warn(
                "team-report: a team-report cannot be nested inside another team-report; "
                "its text is kept as part of the enclosing report"
            )
            return self.parsed_content().children
        if not self.arguments or not self.arguments[0].strip():
            self.warn(
                "team-report: no team given: write its key after the directive's name "
                "(team-report iaas); the text is kept, without a team"
            )
            return self.parsed_content().children
        team = settings(self.config).teams.team_for(self.arguments[0])
        section = slide_section(self, team.name, "team-report", anchor=f"team-{team.key}")
        section["classes"].extend(self.options.get("class", []))
        reporters = self.handles_option("reporter")
        minutes = self._minutes_url(team)
        section["scscall_team"] = team.key
        section["scscall_team_known"] = team.known
        section["scscall_reporters"] = reporters
        if minutes:
            section["scscall_minutes"] = minutes
        if reporters:
            section += byline(reporters)
        if team.mission and not self.options.get("no-mission"):
            section += nodes.paragraph(team.mission, team.mission, classes=["scscall-mission"])
        if minutes:
            section += minutes_paragraph(minutes)

        self.env.temp_data[NESTING_KEY] = True
        try:
            body = self.parsed_content()
        finally:
            del self.env.temp_data[NESTING_KEY]
        for topic in block_nodes(body, nodes.section):
            topic["classes"].append(TOPIC_CLASS)
        section.extend(body.children)
        return [section]

    def parsed_content(self) -> nodes.container:
        return parse_with_headings(self, self.content_container("scscall-team-report-body"))

    def _minutes_url(self, team) -> str | None:
        raw = self.options.get("minutes", "").strip()
        # a bare file name is relative to the team's configured minutes folder
        if raw and team.minutes and not url_scheme(raw) and not raw.startswith("//"):
            self.options["minutes"] = team.minutes + raw.lstrip("/")
        return self.url_option("minutes")


def byline(handles: list[str]) -> nodes.paragraph:
    """'Report by @a, @b', each handle linked to its GitHub profile."""
    para = nodes.paragraph(classes=["scscall-byline"])
    para += nodes.Text("Report by ")
    para.extend(handle_references(handles))
    return para


def minutes_paragraph(url: str) -> nodes.paragraph:
    para = nodes.paragraph(classes=["scscall-minutes"])
    para += nodes.reference("", "Minutes", refuri=url, internal=False)
    return para


def parse_with_headings(directive: ScsCallDirective, into: nodes.Element) -> nodes.Element:
    """*directive*'s content parsed into *into*, its headings made sections as rST makes
    them."""
    if directive.is_myst():
        directive.state.nested_parse(directive.content, directive.content_offset, into)
        sectionize(into, directive.state.document)
    else:
        nested_parse_with_titles(directive.state, directive.content, into, directive.content_offset)
    return into


def sectionize(container: nodes.Element, document: nodes.document) -> None:
    """Turn MyST heading rubrics in *container* into nested sections, by relative level."""
    rubric_levels = sorted(
        {child["level"] for child in container.children if _is_heading_rubric(child)}
    )
    if not rubric_levels:
        return
    depth_of = {level: depth for depth, level in enumerate(rubric_levels)}
    children = list(container.children)
    container.clear()
    open_sections: list[nodes.section] = []
    for child in children:
        if _is_heading_rubric(child):
            depth = depth_of[child["level"]]
            del open_sections[depth:]
            section = _section_from_rubric(child, document)
            (open_sections[-1] if open_sections else container).append(section)
            open_sections.append(section)
        else:
            (open_sections[-1] if open_sections else container).append(child)


def _is_heading_rubric(node: nodes.Node) -> bool:
    return isinstance(node, nodes.rubric) and "level" in node.attributes


def _section_from_rubric(rubric: nodes.rubric, document: nodes.document) -> nodes.section:
    section = nodes.section()
    section.source, section.line = rubric.source, rubric.line
    title = nodes.title(rubric.rawsource, "", *rubric.children)
    title.source, title.line = rubric.source, rubric.line
    section += title
    # the section takes over the targets myst-parser registered for the heading
    for attribute in ("ids", "names", "dupnames"):
        section[attribute] = list(rubric[attribute])
    for anchor in section["ids"]:
        document.ids[anchor] = section
    return section


def collect_reports(app: Sphinx, doctree: nodes.document, info: CallInfo) -> dict:
    """The call's part: one :class:`~.model.Report` per team report, in page order."""
    reports = []
    for section in block_nodes(doctree, nodes.section):
        if section.get("scscall_slide") != "team-report":
            continue
        topics = [
            model.Topic(topic[0].astext(), topic["ids"][0] if topic["ids"] else "")
            for topic in section.children
            if isinstance(topic, nodes.section) and TOPIC_CLASS in topic["classes"]
        ]
        reports.append(
            model.Report(
                team_key=section["scscall_team"],
                team_name=section[0].astext(),
                known_team=section["scscall_team_known"],
                anchor=section["ids"][0],
                reporters=tuple(section["scscall_reporters"]),
                topics=tuple(topics),
                minutes=section.get("scscall_minutes"),
            )
        )
    return {"reports": tuple(reports)}


def setup_team_report(app: Sphinx) -> None:
    app.add_directive("team-report", TeamReportDirective)
    add_call_part(app, collect_reports)
