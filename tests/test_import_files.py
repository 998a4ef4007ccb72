"""`scscall import` on files: idempotent, safe, and robust against bad sources."""

import io
import shutil
import sys

import pytest
from import_support import ROOT

from sphinxcontrib_scscall.commands import main

DECK = "# Call\n\n## Hello\n\n- walrus\n"


@pytest.fixture
def sources(tmp_path):
    folder = tmp_path / "sources"
    shutil.copytree(ROOT, folder)
    return folder


def run(*args):
    return main(["import", *map(str, args)])


def test_second_run_gives_identical_files(sources, tmp_path):
    out = tmp_path / "out"
    assert run(sources, "--out", out, "--quiet") == 0
    first = {path.name: path.read_bytes() for path in out.iterdir()}
    assert run(sources, "--out", out, "--quiet") == 0
    assert {path.name: path.read_bytes() for path in out.iterdir()} == first
    assert set(first) == {"2025-01-09.md", "2023-01-05.md", "capybara.png"}


def test_untouched_import_is_rewritten_hand_edited_one_refused(sources, tmp_path, capsys):
    out = tmp_path / "out"
    assert run(sources / "20230105.md", "--out", out) == 0
    deck = out / "2023-01-05.md"
    source = sources / "20230105.md"
    source.write_text(source.read_text() + "\nA new closing line.\n")
    assert run(source, "--out", out) == 0  # the old import was untouched
    assert "A new closing line." in deck.read_text()

    deck.write_text(deck.read_text().replace("Koala", "Hand-edited koala"))
    source.write_text(source.read_text() + "\nAnother line.\n")
    assert run(source, "--out", out) == 1
    assert "edited since it was imported" in capsys.readouterr().err
    assert "Hand-edited koala" in deck.read_text()
    assert run(source, "--out", out, "--force") == 0
    assert "Another line." in deck.read_text()


def test_hand_written_deck_is_not_overwritten(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "2025-01-09.md").write_text("# Mine\n")
    source = tmp_path / "20250109.md"
    source.write_text(DECK)
    assert run(source, "--out", out) == 1
    assert (out / "2025-01-09.md").read_text() == "# Mine\n"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
        ("Gr\u00fc\u00dfe".encode("latin-1"), "not UTF-8"),
        (b"  \n\n", "empty"),
        (b"---\ntitle: x\ntype: slide\n", "not closed"),
        (b"---\ntitle: [unclosed\n---\n\n# T\n", "not valid YAML"),
    ],
)
def test_malformed_source_fails_alone(tmp_path, capsys, data, message):
    bad = tmp_path / "20250102.md"
    bad.write_bytes(data)
    good = tmp_path / "20250109.md"
    good.write_text(DECK)
    out = tmp_path / "out"
    assert run(bad, good, "--out", out) == 1
    errors = capsys.readouterr().err.strip().splitlines()
    assert len(errors) == 1 and message in errors[0] and "20250102.md" in errors[0]
    assert (out / "2025-01-09.md").is_file()
    assert not (out / "2025-01-02.md").exists()


def test_undated_source_fails(tmp_path, capsys):
    source = tmp_path / "notes.md"
    source.write_text("# No date anywhere\n")
    assert run(source, "--out", tmp_path / "out") == 1
    assert "no call date" in capsys.readouterr().err


def test_date_from_front_matter_or_title_via_stdin(tmp_path, monkeypatch):
    text = "---\ncall-date: 2025-02-06\n---\n\n# Call\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    assert run("-", "--out", tmp_path / "out", "--quiet") == 0
    assert (tmp_path / "out" / "2025-02-06.md").is_file()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"# Weekly 2025-02-13\n")))
    assert run("-", "--out", tmp_path / "out", "--quiet") == 0
    assert (tmp_path / "out" / "2025-02-13.md").is_file()


def test_nothing_written_outside_out(tmp_path):
    (tmp_path / "secret.png").write_bytes(b"\x89PNG")
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    (nested / "20250109.md").write_text("# Call\n\n![x](../../secret.png)\n\n![y](/etc/passwd)\n")
    out = tmp_path / "out"
    before = {path for path in tmp_path.rglob("*") if path.is_file()}
    assert run(nested / "20250109.md", "--out", out) == 0
    after = {path for path in tmp_path.rglob("*") if path.is_file()}
    assert after - before == {out / "2025-01-09.md"}
    assert "secret.png" in (out / "2025-01-09.md").read_text()  # kept as text


def test_symlinked_target_is_refused(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim.md"
    victim.write_text("keep me")
    (out / "2025-01-09.md").symlink_to(victim)
    source = tmp_path / "20250109.md"
    source.write_text(DECK)
    assert run(source, "--out", out, "--force") == 1
    assert victim.read_text() == "keep me"


def test_two_sources_for_one_date(tmp_path, capsys):
    first, second = tmp_path / "20250109.md", tmp_path / "other-2025-01-09.md"
    first.write_text(DECK)
    second.write_text(DECK)
    assert run(first, second, "--out", tmp_path / "out") == 1
    assert "same call date" in capsys.readouterr().err


def test_report_names_what_was_converted(sources, tmp_path, capsys):
    assert run(sources / "20250109.md", "--out", tmp_path / "out") == 0
    output = capsys.readouterr().out
    assert "team reports: iaas, iam, ops, standardization" in output
    assert "events: 6 dated, 1 kept undated" in output
    assert "surveys: 1" in output
    assert "wombat.png' is missing" in output


def test_quiet_prints_nothing_on_success(sources, tmp_path, capsys):
    assert run(sources, "--out", tmp_path / "out", "--quiet") == 0
    assert capsys.readouterr().out == ""


def test_conf_teams_are_used(tmp_path):
    conf = tmp_path / "conf.py"
    conf.write_text(
        'scscall_teams = {"walrus": {"name": "Team Walrus", "aliases": ["Walruses"]}}\n'
    )
    source = tmp_path / "20250109.md"
    source.write_text("# Call\n\n## Team Walrus\n\n- tusks\n\n## Team IaaS\n\n- x\n")
    assert run(source, "--out", tmp_path / "out", "--conf", tmp_path) == 0
    text = (tmp_path / "out" / "2025-01-09.md").read_text()
    assert ":::{team-report} walrus" in text and "## Team IaaS" in text
