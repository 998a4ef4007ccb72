"""Sphinx configuration of the user guide and demo archive."""

import os

project = "sphinxcontrib-scscall"
author = "sphinxcontrib-scscall contributors"
copyright = "2026, sphinxcontrib-scscall contributors"

extensions = ["sphinxcontrib_scscall"]
exclude_patterns = ["_build", "README.md"]

# every upcoming-events block also shows the events of this file
scscall_events_file = "events.yaml"

# `tox -e docs-<theme>` builds the same tree with another theme
html_theme = os.environ.get("SCSCALL_DOCS_THEME", "alabaster")
html_title = "SCS community calls"
