"""Sphinx configuration of the user guide and demo archive."""

import os

project = "sphinxcontrib-scscall"
author = "sphinxcontrib-scscall contributors"
copyright = "2026, sphinxcontrib-scscall contributors"

extensions = ["sphinxcontrib_scscall"]
exclude_patterns = ["_build", "README.md"]

# every upcoming-events block also shows the events of these files: a plain events
# list and a yaml2ics calendar, as the community keeps it
scscall_events_file = ["events.yaml", "calendar/community.yml"]
# `scscall new --conf docs` starts the next deck from the schedule and its lightning talk
scscall_schedule = "schedule.yml"
scscall_lightning_talks = "calendar/lightning-talks.yml"

# `tox -e docs-<theme>` builds the same tree with another theme
html_theme = os.environ.get("SCSCALL_DOCS_THEME", "alabaster")
html_title = "SCS community calls"
