"""Reproducible builds: the same archive built twice, in different folders at different
times, gives byte-identical output with both builders.

Nothing is normalised: every file of the output is compared, Sphinx's own
(search index, inventory, static files) included, so a difference anywhere
names the file that changed.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from archive_project import DECKS, archive_project
from robust_support import BUILDERS, directive, heading

from sphinxcontrib_scscall.testing import build

#: a survey deck besides the archive fixture's decks: its slide carries a QR code
SURVEY_DECK = (
    "community-calls/2024-07-11.md",
    heading("myst", "Community Call July", 1)
    + "\n"
    + directive(
        "myst",
        "survey-callout",
        "https://scs.sovereignit.de/nextcloud/apps/forms/s/example",
        {"duration": "5 minutes", "anonymous": None, "deadline": "2024-07-15"},
        "Tell us what you think.",
    )
    + "\n"
    + directive(
        "myst", "upcoming-events", "", {}, "- 2024-07-12 Hackathon\n- 2024-07-20/22 Summit"
    ),
)


def output_files(outdir: Path) -> dict[str, bytes]:
    return {
        path.relative_to(outdir).as_posix(): path.read_bytes()
        for path in sorted(outdir.rglob("*"))
        if path.is_file()
    }


def differences(first: dict[str, bytes], second: dict[str, bytes]) -> list[str]:
    """The files that are only in one output or differ, with the first differing line."""
    problems = [f"only in one build: {name}" for name in sorted(set(first) ^ set(second))]
    for name in sorted(set(first) & set(second)):
        a, b = first[name], second[name]
        if a != b:
            at = next(
                (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y),
                min(len(a), len(b)),
            )
            line = a.count(b"\n", 0, at) + 1
            problems.append(
                f"{name}: line {line}, byte {at}: {a[max(0, at - 80) : at + 80]!r} != {b[max(0, at - 80) : at + 80]!r}"
            )
    return problems


@pytest.mark.parametrize("builder", BUILDERS)
def test_two_clean_builds_in_different_folders_are_byte_identical(builder, tmp_path):
    decks = {**DECKS, SURVEY_DECK[0]: SURVEY_DECK[1]}
    pristine = archive_project(tmp_path / "pristine", decks=decks)
    first_src = tmp_path / "first" / "source"
    second_src = tmp_path / "second-location" / "src"
    for copy in (first_src, second_src):
        shutil.copytree(pristine, copy)
    first = build(first_src, builder, builddir=tmp_path / "first" / "build")
    time.sleep(1.1)  # a different second on the clock for anything that stamps the time
    second = build(second_src, builder, builddir=tmp_path / "elsewhere")

    first_files, second_files = output_files(first.outdir), output_files(second.outdir)
    assert any(name.startswith("community-calls/") for name in first_files)
    assert differences(first_files, second_files) == []
    # the output does not depend on where the sources were
    for name, content in first_files.items():
        assert str(tmp_path).encode() not in content, name
