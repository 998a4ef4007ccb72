"""Formatted speaker notes in reveal.js's speaker view.

sphinx-revealjs writes a ``revealjs-notes`` block as its escaped plain text, so
bold, links, lists and code reach the speaker view (press ``s``) as flat text.
Slide builders here write the block's content as HTML inside ``<aside
class="notes">``, which reveal.js's notes plugin shows as it is. The archive
never shows notes (``presentation.drop_speaker_notes`` removes them before any
page or search record is written).
"""

from __future__ import annotations

from sphinx.application import Sphinx
from sphinx_revealjs._ext.notes import revealjs_notes

from .builders import SLIDE_BUILDERS


def visit_notes(translator, node: revealjs_notes) -> None:
    translator.body.append('<aside class="notes">\n')


def depart_notes(translator, node: revealjs_notes) -> None:
    translator.body.append("</aside>\n")


def setup_speaker_notes(app: Sphinx) -> None:
    handlers = dict.fromkeys(SLIDE_BUILDERS, (visit_notes, depart_notes))
    app.add_node(revealjs_notes, override=True, **handlers)
