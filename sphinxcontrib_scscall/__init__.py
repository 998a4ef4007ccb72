"""sphinxcontrib-scscall: SCS community-call decks as a searchable archive and as slides.

:data:`FEATURES` is the registry of features: each one is a module with a
``setup_<feature>`` function that adds its directives, nodes, transforms and
its part of the call data (see :func:`.call_deck.add_call_part`). Adding a
feature means writing its module and listing it here.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from .actions import setup_actions
from .archive import setup_archive
from .call_deck import setup_call_decks
from .config import setup_config
from .garbage_collection import setup_garbage_collection
from .phone_view import setup_phone_view
from .presentation import setup_presentation
from .refused_directives import setup_refused_directives
from .roles import setup_roles
from .search import setup_search
from .shared import logger
from .slide_sections import setup_slide_sections
from .speaker_notes import setup_speaker_notes
from .survey_callout import setup_survey_callout
from .team_report import setup_team_report
from .upcoming_events import setup_upcoming_events

__version__ = "0.2.0"

#: in this order: the configuration and the deck's frame first, then what decks contain
FEATURES = (
    setup_config,
    setup_garbage_collection,
    setup_slide_sections,
    setup_call_decks,
    setup_refused_directives,
    setup_roles,
    setup_team_report,
    setup_upcoming_events,
    setup_survey_callout,
    setup_actions,
    setup_archive,
    setup_presentation,
    setup_speaker_notes,
    setup_phone_view,
    setup_search,
)


def _set_up_parsers(app: Sphinx) -> None:
    app.setup_extension("sphinx_revealjs")
    # sphinx-revealjs declares itself unsafe for parallel reading, yet its reading
    # side only turns directives into nodes and keeps nothing in the environment;
    # without this a `-j` build of any deck falls back to serial reading and warns.
    app.extensions["sphinx_revealjs"].parallel_read_safe = True
    try:
        app.setup_extension("myst_parser")
    except Exception as err:
        logger.info(f"[scscall] myst_parser not available ({err}); rST decks only")


def _enable_colon_fence(app: Sphinx, config: Config) -> None:
    if "myst_parser" in app.extensions:
        enabled = config.myst_enable_extensions
        if "colon_fence" not in enabled:
            config.myst_enable_extensions = [*enabled, "colon_fence"]
        # MyST warns on every ~~struck~~ text that only HTML shows it; both our outputs are HTML
        if "myst.strikethrough" not in config.suppress_warnings:
            config.suppress_warnings = [*config.suppress_warnings, "myst.strikethrough"]


def setup(app: Sphinx) -> dict[str, Any]:
    _set_up_parsers(app)
    app.connect("config-inited", _enable_colon_fence, priority=400)
    for setup_feature in FEATURES:
        setup_feature(app)
    return {
        "version": __version__,
        # raised whenever what the environment keeps changes shape (5: the nodes of actions
        # and decisions), so Sphinx reads every document again instead of unpickling the old
        # shape
        "env_version": 5,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
