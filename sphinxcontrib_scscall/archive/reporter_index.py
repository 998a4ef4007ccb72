"""``reporter-index``: every reporter's handle with the calls and teams they reported for.

One entry per handle (compared case-insensitively, sorted), then one line per
call, oldest first: the call's date linked to the deck and the teams reported
for, each linked to its report.
"""

from __future__ import annotations

import itertools

from docutils import nodes
from sphinx.application import Sphinx

from .. import model
from ..shared import handle_reference
from .call_archive import team_links
from .listing import (
    ArchiveListingDirective,
    ListingContext,
    archive_listing,
    call_headline,
)


class reporter_index(archive_listing):
    kind = "reporter-index"

    @classmethod
    def shown(cls, archive: model.Archive, options: dict) -> tuple:
        return tuple(
            (handle, tuple((call_headline(call), report) for call, report in reports))
            for handle, reports in archive.reporters().items()
        )

    def render(self, context: ListingContext) -> list[nodes.Node]:
        reporters = context.archive.reporters()
        if not reporters:
            return [nodes.paragraph("", "No reporters.", classes=["scscall-empty"])]
        index = nodes.bullet_list(classes=["scscall-reporter-index"])
        for handle_key, reports in reporters.items():
            index += reporter_entry(context, handle_key, reports)
        return [index]


def reporter_entry(
    context: ListingContext, handle_key: str, reports: list[tuple[model.Call, model.Report]]
) -> nodes.list_item:
    item = nodes.list_item(classes=["scscall-reporter"])
    headline = nodes.paragraph()
    headline += handle_reference(spelling(handle_key, reports))
    count = len(reports)
    headline += nodes.Text(f" · {count} report{'s' if count != 1 else ''}")
    item += headline
    calls = nodes.bullet_list(classes=["scscall-reporter-calls"])
    for call, of_call in itertools.groupby(reports, key=lambda pair: pair[0]):
        line = nodes.paragraph()
        line += context.text_link(call.docname, call.date.isoformat(), classes=["scscall-date"])
        line += nodes.Text(": ")
        line.extend(team_links(context, call, [report for _call, report in of_call]))
        calls += nodes.list_item("", line)
    item += calls
    return item


def spelling(handle_key: str, reports: list[tuple[model.Call, model.Report]]) -> str:
    """The handle as first written (the index compares handles case-insensitively)."""
    for _call, report in reports:
        for handle in report.reporters:
            if handle.lower() == handle_key:
                return handle
    return handle_key


class ReporterIndexDirective(ArchiveListingDirective):
    def run(self) -> list[nodes.Node]:
        return [self.placeholder(reporter_index)]


def setup_reporter_index(app: Sphinx) -> None:
    app.add_directive("reporter-index", ReporterIndexDirective)
