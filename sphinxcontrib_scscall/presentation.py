"""The SCS look: the slide theme of call decks, archive styling and speaker notes.

Decks used to carry a ``<style>`` block and ``<font>`` tags; the extension now
ships the look. On slide builders every call deck gets reveal.js's ``white``
base theme, ``scscall/slides.css`` (SCS colours, the bundled Lato font) and
the ``ScsCallDeck`` reveal.js plugin, which fits long slides into the 16:9
frame; the stylesheet lays out the slides ``slide_sections.MarkSlides`` tagged
with ``data-scscall-slide``. On the HTML archive
``scscall/archive.css`` styles the directives' output, and speaker notes are
left out. ``scscall_slide_theme = "none"`` keeps sphinx-revealjs's own theme.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx_revealjs._ext.notes import revealjs_notes
from sphinx_revealjs.utils import get_internal_static_path

from .builders import SLIDE_BUILDERS, is_slide_builder
from .call_deck import calls_of
from .config import settings
from .shared import block_nodes
from .slide_sections import slide_attributes
from .team_report import TOPIC_CLASS

STATIC_DIR = Path(__file__).parent / "theme" / "static"

BASE_THEME_CSS = "_static/revealjs/dist/theme/white.css"
SLIDES_CSS = "_static/scscall/slides.css"
ARCHIVE_CSS = "scscall/archive.css"
DECK_PLUGIN = {"name": "ScsCallDeck", "src": "scscall/deck.js"}
NOTES_PLUGIN = {"name": "RevealNotes", "src": "revealjs/plugin/notes/notes.js"}

#: reveal.js options of the SCS theme; the author's ``revealjs_script_conf`` and
#: ``revealjs-slide`` settings win over each of them
SCS_REVEAL_DEFAULTS = {
    "width": 1920,
    "height": 1080,
    "margin": 0.04,
    "center": False,
    "slideNumber": "c/t",
    "hash": True,
}


def _add_reveal_plugins(app: Sphinx, config: Config) -> None:
    """Speaker view for every deck; the fitting plugin only with the SCS theme."""
    plugins = list(config.revealjs_script_plugins)
    wanted = [NOTES_PLUGIN, DECK_PLUGIN] if settings(config).uses_scs_theme else [NOTES_PLUGIN]
    names = {plugin.get("name") for plugin in plugins}
    config.revealjs_script_plugins = plugins + [p for p in wanted if p["name"] not in names]


def _add_static_paths(app: Sphinx, config: Config) -> None:
    """The theme's folder for both kinds of builder, and sphinx-revealjs's own folder.

    Sphinx compares the configuration a build starts with to the one pickled with
    the environment, which builders may have extended. The revealjs builder appends
    its folder to ``revealjs_static_path``, an ``env`` setting, so every incremental
    slide build looked reconfigured and re-read every document. Listing that folder
    here, where the builder would put it, and dropping the builder's second copy in
    :func:`_add_static_files` makes the two configurations equal.
    """
    revealjs_static = str(get_internal_static_path())
    if revealjs_static not in config.revealjs_static_path:
        config.revealjs_static_path = [*config.revealjs_static_path, revealjs_static]
    for setting in ("html_static_path", "revealjs_static_path"):
        if str(STATIC_DIR) not in config[setting]:
            config[setting] = [*config[setting], str(STATIC_DIR)]


def _add_static_files(app: Sphinx) -> None:
    # the revealjs builder has made html_static_path its own revealjs_static_path
    # list, with its folder once more at the end (see _add_static_paths)
    app.config.html_static_path[:] = dict.fromkeys(app.config.html_static_path)
    if not is_slide_builder(app.builder):
        app.add_css_file(ARCHIVE_CSS)


class LabelTopicSlides(SphinxPostTransform):
    """Give each team-report topic slide its team's name, shown above the topic heading.

    The slide kinds themselves are marked by ``slide_sections.MarkSlides``.
    """

    # after slide_sections.MarkSlides (210)
    default_priority = 220
    builders = SLIDE_BUILDERS

    def run(self, **kwargs) -> None:
        if not settings(self.config).uses_scs_theme or "scscall_call" not in self.document:
            return
        for report in block_nodes(self.document, nodes.section):
            if report.get("scscall_slide") != "team-report":
                continue
            # sphinx-revealjs writes data attribute values into the tag unescaped
            team_name = html.escape(report[0].astext(), quote=True)
            for topic in report.children:
                if isinstance(topic, nodes.section) and TOPIC_CLASS in topic["classes"]:
                    slide_attributes(topic)["data-scscall-team"] = team_name


def use_section_ids(app: Sphinx, config: Config) -> None:
    """Slides carry their section's id, so ``<deck>#/team-iaas`` opens the report's slide.

    The shared permalinks need it: the archive page and the deck give every team
    report and topic the same id (see :class:`ShareSectionIds`).
    """
    config.revealjs_use_section_ids = True


class ShareSectionIds(SphinxPostTransform):
    """Make a slide's id the one its section has on the archive page.

    The HTML writer gives a ``<section>`` its first id, sphinx-revealjs its last;
    moving the first id to the end makes both outputs use the same one.
    """

    default_priority = 230
    builders = SLIDE_BUILDERS

    def run(self, **kwargs) -> None:
        if "scscall_call" not in self.document:
            return
        for section in block_nodes(self.document, nodes.section):
            ids = section["ids"]
            if len(ids) > 1:
                ids.append(ids.pop(0))


def drop_speaker_notes(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Speaker notes belong to the presenter: no archive page (nor its search index) shows them."""
    if is_slide_builder(app.builder):
        return
    for note in list(doctree.findall(revealjs_notes)):
        note.parent.remove(note)


def _dress_call_deck(app: Sphinx, pagename: str, templatename: str, context: dict, doctree):
    """Give a call deck's slide page the SCS theme, its stylesheet and reveal.js defaults."""
    if (
        not is_slide_builder(app.builder)
        or not settings(app.config).uses_scs_theme
        or pagename not in calls_of(app.env)
    ):
        return
    css_files = context["css_files"]
    page_settings = app.builder.revealjs_slide
    # sphinx-revealjs puts the style theme at index 1; a revealjs-slide :theme: keeps its own
    if not (page_settings and "theme" in page_settings.attributes) and len(css_files) > 1:
        css_files[1] = BASE_THEME_CSS
    css_files.append(SLIDES_CSS)
    context["revealjs_page_confs"].append(defaults_expression(SCS_REVEAL_DEFAULTS))


def defaults_expression(defaults: dict) -> str:
    """A JS expression of *defaults* without the options already set before it runs.

    The page template applies ``revealjs_script_conf`` and ``revealjs-slide``
    options first, each with ``Object.assign(revealjsConfig, ...)``; this keeps
    them winning over the theme's defaults.
    """
    return (
        f"Object.fromEntries(Object.entries({json.dumps(defaults)})"
        ".filter(([key]) => !(key in revealjsConfig)))"
    )


def setup_presentation(app: Sphinx) -> None:
    app.connect("config-inited", _add_reveal_plugins)
    app.connect("config-inited", _add_static_paths)
    app.connect("builder-inited", _add_static_files)
    app.connect("html-page-context", _dress_call_deck)
    app.add_post_transform(LabelTopicSlides)
    app.connect("config-inited", use_section_ids)
    app.add_post_transform(ShareSectionIds)
    app.connect("doctree-resolved", drop_speaker_notes)
