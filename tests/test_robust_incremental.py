"""Incremental and parallel builds give the same output as a clean build.

A seeded random sequence of edits (add, edit, rename and delete decks, edit the
events file) is applied to a small archive with listing pages; after every
step the archive is rebuilt incrementally (``freshenv=False``, same build
folder), and every output file is compared with a clean build of the same
sources. The same runs with ``parallel=2``. A failure names the seed, the step
and the files that differ. ``SCSCALL_FUZZ=long`` runs more and longer sequences.

Sphinx never deletes the output of a document that was removed, so an
incremental build may hold the pages of deleted or renamed decks; those, and
only those, may be extra.
"""

from __future__ import annotations

import json
import os
import random
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from archive_project import ARCHIVE_MD, CONF, EVENTS_YAML
from robust_support import SUFFIX, deck_text, directive, heading
from test_robust_reproducible import differences, output_files

from sphinxcontrib_scscall.testing import build, write_project

LONG = os.environ.get("SCSCALL_FUZZ", "").lower() == "long"
SEEDS = range(8) if LONG else range(2)
STEPS = 12 if LONG else 4

TEAMS = ["iaas", "container", "ops", "Team Nowhere", "IAM/Sec"]
PEOPLE = ["fkr", "garloff", "jschoone", "matofeder", "artificial-intelligence"]


@dataclass
class Deck:
    date: str
    fmt: str
    title: str
    teams: list[tuple[str, list[str], list[str]]] = field(default_factory=list)
    events: list[str] = field(default_factory=list)

    @property
    def path(self) -> str:
        return f"community-calls/{self.date}{SUFFIX[self.fmt]}"

    def text(self) -> str:
        blocks = []
        for team, reporters, topics in self.teams:
            body = "Intro.\n\n" + "\n".join(
                heading(self.fmt, topic, 2 if self.fmt == "myst" else 3) + "\n- done\n"
                for topic in topics
            )
            blocks.append(
                directive(self.fmt, "team-report", team, {"reporter": ", ".join(reporters)}, body)
            )
        if self.events:
            blocks.append(directive(self.fmt, "upcoming-events", "", {}, "\n".join(self.events)))
        return deck_text(self.fmt, *blocks, metadata={}, title=self.title, later_slide=False)


class Archive:
    """The source tree being edited, and a log of what each step did."""

    def __init__(self, rng: random.Random, srcdir: Path):
        self.rng, self.srcdir = rng, srcdir
        self.decks: dict[str, Deck] = {}
        self.removed_docnames: set[str] = set()
        self.events_version = 0

    def random_deck(self) -> Deck:
        rng = self.rng
        while True:
            date = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            if date not in {deck.date for deck in self.decks.values()}:
                break
        teams = [
            (
                team,
                rng.sample(PEOPLE, rng.randint(0, 2)),
                [f"Topic {rng.randint(1, 99)}" for _ in range(rng.randint(0, 2))],
            )
            for team in rng.sample(TEAMS, rng.randint(0, 3))
        ]
        events = [
            f"- 2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d} Event {rng.randint(1, 9)}"
            for _ in range(rng.randint(0, 3))
        ]
        return Deck(date, rng.choice(["myst", "rst"]), f"Call {rng.randint(1, 999)}", teams, events)

    def write(self, deck: Deck) -> None:
        path = self.srcdir / deck.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(deck.text(), encoding="utf-8")
        self.decks[deck.path] = deck
        self.removed_docnames.discard(deck.path.rsplit(".", 1)[0])

    def remove(self, deck: Deck) -> None:
        (self.srcdir / deck.path).unlink()
        del self.decks[deck.path]
        self.removed_docnames.add(deck.path.rsplit(".", 1)[0])

    # ---- the steps
    def add(self) -> str:
        deck = self.random_deck()
        self.write(deck)
        return f"add {deck.path}"

    def edit(self) -> str:
        old = self.rng.choice(sorted(self.decks.values(), key=lambda d: d.path))
        new = self.random_deck()
        new.date, new.fmt = old.date, old.fmt
        self.write(new)
        return f"edit {old.path}"

    def rename(self) -> str:
        old = self.rng.choice(sorted(self.decks.values(), key=lambda d: d.path))
        self.remove(old)
        moved = self.random_deck()
        moved.fmt, moved.title, moved.teams, moved.events = (
            old.fmt,
            old.title,
            old.teams,
            old.events,
        )
        self.write(moved)
        return f"rename {old.path} -> {moved.path}"

    def delete(self) -> str:
        old = self.rng.choice(sorted(self.decks.values(), key=lambda d: d.path))
        self.remove(old)
        return f"delete {old.path}"

    def edit_events(self) -> str:
        self.events_version += 1
        extra = f"- date: 2024-{self.rng.randint(1, 12):02d}-15\n  title: Shared event {self.events_version}\n"
        (self.srcdir / "events.yaml").write_text(EVENTS_YAML + extra, encoding="utf-8")
        return "edit events.yaml"

    def random_step(self) -> str:
        steps = [self.add, self.edit_events]
        if len(self.decks) > 1:
            steps += [self.edit, self.edit, self.rename, self.delete]
        return self.rng.choice(steps)()


def start_archive(seed: int, srcdir: Path) -> Archive:
    archive = Archive(random.Random(seed), srcdir)
    write_project(
        srcdir,
        {
            "index.md": "# Archive\n\n```{toctree}\narchive\n```\n",
            "archive.md": ARCHIVE_MD,
            "events.yaml": EVENTS_YAML,
        },
        conf=CONF,
    )
    for _ in range(3):
        archive.add()
    return archive


def compare_with_clean_build(
    archive: Archive, incremental, builder: str, scratch: Path
) -> list[str]:
    clean_src = scratch / "src"
    shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(archive.srcdir, clean_src)
    clean = build(clean_src, builder, builddir=scratch / "build")
    assert "Traceback" not in clean.warnings
    clean_files = output_files(clean.outdir)
    incremental_files = output_files(incremental.outdir)
    stale = {
        name
        for name in set(incremental_files) - set(clean_files)
        if name.rsplit(".", 1)[0] in archive.removed_docnames
    }
    for name in stale:
        del incremental_files[name]
    for files in (clean_files, incremental_files):
        if SEARCH_INDEX in files:
            files[SEARCH_INDEX] = without_empty_terms(files[SEARCH_INDEX])
    return differences(clean_files, incremental_files)


SEARCH_INDEX = "searchindex.js"


def without_empty_terms(index: bytes) -> bytes:
    """searchindex.js without the terms that point at no page.

    Sphinx's IndexBuilder.get_terms writes ``"term":[]`` for a word whose pages
    were all re-read or removed in an incremental build, where a clean build
    has no entry at all. The search works the same; this is the only output
    Sphinx itself varies between incremental and clean builds.
    """
    prefix, suffix = b"Search.setIndex(", b")"
    assert index.startswith(prefix) and index.endswith(suffix)
    data = json.loads(index[len(prefix) : -len(suffix)])
    for key in ("terms", "titleterms"):
        data[key] = {term: docs for term, docs in data[key].items() if docs != []}
    return json.dumps(data, sort_keys=True).encode()


@pytest.mark.parametrize(
    ("builder", "parallel"),
    [("html", 0), ("revealjs", 0), ("html", 2)],
    ids=["html", "revealjs", "html-parallel-2"],
)
@pytest.mark.parametrize("seed", SEEDS)
def test_incremental_builds_after_random_edits_match_a_clean_build(
    seed, builder, parallel, tmp_path
):
    archive = start_archive(seed, tmp_path / "source")
    builddir = tmp_path / "incremental"
    history = ["start with " + ", ".join(sorted(archive.decks))]
    result = build(archive.srcdir, builder, builddir=builddir, parallel=parallel, freshenv=False)
    for step in range(1, STEPS + 1):
        history.append(f"step {step}: {archive.random_step()}")
        result = build(
            archive.srcdir, builder, builddir=builddir, parallel=parallel, freshenv=False
        )
        assert "Traceback" not in result.warnings
        problems = compare_with_clean_build(archive, result, builder, tmp_path / "clean")
        assert problems == [], "\n".join([f"seed {seed}, after:", *history, "differs:", *problems])
