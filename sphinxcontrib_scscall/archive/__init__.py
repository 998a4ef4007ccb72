"""The call archive: what people use between calls.

Listings of the calls (``call-archive``), of one team's reports
(``team-timeline``) and of the reporters (``reporter-index``), generated team
pages with their Atom feeds, the open actions (``open-actions``) and decisions
(``decision-log``), the ``calls.atom`` and ``events.ics`` feeds, previous/next
navigation between call pages, and the links between the HTML archive and the
slide decks. Everything is built from the calls the core
collects (:func:`sphinxcontrib_scscall.deck.archive`).
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config

from .call_archive import setup_call_archive
from .decision_log import setup_decision_log
from .feeds import setup_feeds
from .listing import setup_listings
from .navigation import setup_navigation
from .open_actions import setup_open_actions
from .reporter_index import setup_reporter_index
from .slide_links import setup_slide_links
from .team_feeds import setup_team_feeds
from .team_pages import setup_team_pages
from .team_timeline import setup_team_timeline

STATIC = Path(__file__).parent / "static"


def _add_static_path(app: Sphinx, config: Config) -> None:
    # the revealjs builders copy revealjs_static_path instead of html_static_path
    for setting in ("html_static_path", "revealjs_static_path"):
        if setting in config and str(STATIC) not in config[setting]:
            config[setting] = [*config[setting], str(STATIC)]


def setup_archive(app: Sphinx) -> None:
    app.connect("config-inited", _add_static_path)
    setup_listings(app)
    setup_call_archive(app)
    setup_team_timeline(app)
    setup_reporter_index(app)
    setup_team_pages(app)
    setup_open_actions(app)
    setup_decision_log(app)
    setup_feeds(app)
    setup_team_feeds(app)
    setup_slide_links(app)
    setup_navigation(app)
