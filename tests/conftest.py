"""Shared fixtures: test roots copied into a temporary folder, built on demand."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sphinxcontrib_scscall.testing import build

ROOTS = Path(__file__).parent / "roots"
CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "community-call"

SYNTAXES = {"myst": "deck-myst", "rst": "deck-rst"}
SLIDE_BUILDER = "revealjs"


@pytest.fixture
def copy_root(tmp_path):
    """Copy the test root *name* into a fresh folder and return its path."""

    def copy(name: str) -> Path:
        target = tmp_path / name
        shutil.copytree(ROOTS / name, target)
        return target

    return copy


@pytest.fixture(scope="module")
def built_decks(tmp_path_factory):
    """Both syntaxes of the reference deck, built once per module with both builders."""
    results = {}
    for syntax, root in SYNTAXES.items():
        source = tmp_path_factory.mktemp(syntax) / root
        shutil.copytree(ROOTS / root, source)
        results[syntax] = {builder: build(source, builder) for builder in ("html", SLIDE_BUILDER)}
    return results


@pytest.fixture
def corpus_dir() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present")
    return CORPUS
