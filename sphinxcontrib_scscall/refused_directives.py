"""The text of a call directive that docutils refused, kept on the page and slide.

docutils refuses a directive it cannot parse (in rST, an option given twice)
with an error that holds the directive's text, and Sphinx removes such
messages from the document: the author's text, a whole team report, would be
gone. The extension's own checks warn and keep going (see
:class:`~.shared.ScsCallDirective`); for what only docutils sees, this
transform puts the refused directive's text back where it stood, as written.
"""

from __future__ import annotations

import re

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.parsers.rst.languages import get_language
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform

from .shared import ScsCallDirective

# the quotes as docutils writes them, or as SmartQuotes (750) has made them
REFUSED_RE = re.compile(r'Error in ["\u201c]([\w-]+)["\u201d] directive')
REFUSED_CLASS = "scscall-refused-directive"


class KeepRefusedDirectiveText(SphinxTransform):
    # before Sphinx's FilterSystemMessages (999), which removes the error and its text
    default_priority = 990

    def apply(self, **kwargs) -> None:
        # a refused directive is an error; most documents have none, and need no walk
        if self.document.reporter.max_level < self.document.reporter.ERROR_LEVEL:
            return
        language = get_language(self.config.language or "en")
        for message in list(self.document.findall(nodes.system_message)):
            said, written = (
                message.next_node(nodes.paragraph),
                message.next_node(nodes.literal_block),
            )
            match = REFUSED_RE.match(said.astext()) if said is not None else None
            if match is None or written is None:
                continue
            directive_class, _ = directives.directive(match.group(1), language, self.document)
            if directive_class is None or not issubclass(directive_class, ScsCallDirective):
                continue
            text = written.astext()
            kept = nodes.literal_block(text, text, classes=[REFUSED_CLASS], language="rst")
            kept.source, kept.line = message.source, message.get("line")
            message.replace_self(kept)


def setup_refused_directives(app: Sphinx) -> None:
    app.add_transform(KeepRefusedDirectiveText)
