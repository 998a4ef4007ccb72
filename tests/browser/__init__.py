"""Helpers of the browser tests: an offline headless Chromium and the decks it opens."""
