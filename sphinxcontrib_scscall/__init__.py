"""sphinxcontrib-scscall: SCS community-call decks as a searchable archive and as slides."""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from .archive import setup_archive
from .deck import setup_deck
from .presentation import setup_presentation
from .roles import setup_roles
from .shared import logger, team_registry
from .structure import MarkSlides, PlaceSlideSections
from .survey_callout import setup_survey_callout
from .team_report import setup_team_report
from .teams import DEFAULT_TEAMS
from .upcoming_events import setup_upcoming_events

__version__ = "0.1.0"

DEFAULT_CALLS = ["community-calls/*", "**/community-calls/*"]


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


def _config_inited(app: Sphinx, config: Config) -> None:
    if "myst_parser" in app.extensions:
        enabled = config.myst_enable_extensions
        if "colon_fence" not in enabled:
            config.myst_enable_extensions = [*enabled, "colon_fence"]
    team_registry(config)  # validate scscall_teams once, warning about unusable entries


def setup(app: Sphinx) -> dict[str, Any]:
    _set_up_parsers(app)
    app.add_config_value("scscall_calls", DEFAULT_CALLS, "env", types=[list, tuple])
    app.add_config_value("scscall_teams", DEFAULT_TEAMS, "env", types=[dict])
    app.add_config_value("scscall_events_file", None, "env", types=[str, type(None)])
    app.add_config_value("scscall_github_org", "SovereignCloudStack", "env", types=[str])
    app.add_config_value("scscall_slides_url", "slides/", "html", types=[str])
    app.add_config_value("scscall_archive_url", "../", "html", types=[str])
    app.connect("config-inited", _config_inited, priority=400)
    app.add_transform(PlaceSlideSections)
    app.add_post_transform(MarkSlides)
    setup_roles(app)
    setup_team_report(app)
    setup_upcoming_events(app)
    setup_survey_callout(app)
    setup_deck(app)
    setup_archive(app)
    setup_presentation(app)
    return {
        "version": __version__,
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
