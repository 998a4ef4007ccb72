extensions = ["sphinxcontrib_scscall"]
exclude_patterns = ["_build"]
scscall_events_file = "events.yaml"
