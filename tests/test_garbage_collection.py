"""The build runs cycle collections less often while it reads and writes, and only then."""

from __future__ import annotations

import gc
import json

import pytest
from sphinx.errors import ExtensionError

from sphinxcontrib_scscall.garbage_collection import BUILD_THRESHOLDS
from sphinxcontrib_scscall.testing import DEFAULT_CONF, build, write_project

#: a conf.py that records the collector's thresholds while reading and while writing
RECORDING_CONF = (
    DEFAULT_CONF
    + """
import gc, json, os

def record(phase):
    def handler(app, *args):
        with open(os.path.join(app.srcdir, "thresholds.jsonl"), "a") as log:
            log.write(json.dumps([phase, gc.get_threshold()]) + "\\n")
        if phase == "read" and os.environ.get("SCSCALL_TEST_FAIL_READING"):
            raise RuntimeError("reading failed")
    return handler

def setup(app):
    app.connect("doctree-read", record("read"))
    app.connect("doctree-resolved", record("write"))
"""
)
DECK = "---\ncall-date: 2031-01-02\n---\n\n# Call 2031-01-02\n\n:::{team-report} iaas\nNews.\n:::\n"


@pytest.fixture
def default_thresholds():
    """The interpreter's thresholds, whatever an earlier build in this process left."""
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield gc.get_threshold()
    gc.set_threshold(*before)


def recorded(root) -> dict[str, set[tuple[int, ...]]]:
    phases: dict[str, set[tuple[int, ...]]] = {}
    for line in (root / "thresholds.jsonl").read_text().splitlines():
        phase, thresholds = json.loads(line)
        phases.setdefault(phase, set()).add(tuple(thresholds))
    return phases


@pytest.mark.parametrize("builder", ["html", "revealjs"])
def test_reading_and_writing_collect_less_often_and_the_thresholds_come_back(
    tmp_path, builder, default_thresholds
):
    root = write_project(
        tmp_path, {"index.md": "# Calls\n", "calls/2031-01-02.md": DECK}, RECORDING_CONF
    )
    result = build(root, builder)
    assert not result.failed, result.warning_lines()
    phases = recorded(root)
    assert phases == {"read": {BUILD_THRESHOLDS}, "write": {BUILD_THRESHOLDS}}
    assert gc.get_threshold() == default_thresholds


def test_a_build_that_fails_while_reading_restores_the_thresholds(
    tmp_path, monkeypatch, default_thresholds
):
    root = write_project(tmp_path, {"index.md": "# Calls\n"}, RECORDING_CONF)
    monkeypatch.setenv("SCSCALL_TEST_FAIL_READING", "1")
    with pytest.raises(ExtensionError):
        build(root)
    assert recorded(root)["read"] == {BUILD_THRESHOLDS}
    assert gc.get_threshold() == default_thresholds
