"""The two outputs of one docs tree, told apart by their builder."""

from __future__ import annotations

from sphinx.builders import Builder

#: sphinx-revealjs' builders: their pages are slide decks
SLIDE_BUILDERS = ("revealjs", "dirrevealjs", "singlerevealjs")


def is_slide_builder(builder: Builder) -> bool:
    return builder.name in SLIDE_BUILDERS


def is_html_archive(builder: Builder) -> bool:
    """The HTML output proper (not the slides): it has the feeds and links to the slides."""
    return builder.format == "html" and not is_slide_builder(builder)
