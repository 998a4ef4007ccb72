"""The ``scscall`` command line.

Each subcommand is one function decorated with :func:`subcommand`: it adds
its arguments to the parser it is given and returns the function that runs
it (``args -> exit status``). A new subcommand (say ``pdf``) is one more such
function.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.progress import Progress

from .teams import DEFAULT_TEAMS, TeamRegistry

Runner = Callable[[argparse.Namespace], int]
SUBCOMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], Runner]]] = {}


def subcommand(name: str, help: str):
    def register(configure: Callable[[argparse.ArgumentParser], Runner]):
        SUBCOMMANDS[name] = (help, configure)
        return configure

    return register


@dataclass
class Settings:
    registry: TeamRegistry
    events_file: Path | None = None


class SettingsError(Exception):
    pass


def load_settings(conf: str | None) -> Settings:
    """``scscall_teams`` and ``scscall_events_file`` from a Sphinx conf.py (or its folder)."""
    if conf is None:
        return Settings(TeamRegistry(DEFAULT_TEAMS))
    from sphinx.config import eval_config_file
    from sphinx.util.tags import Tags

    path = Path(conf)
    if path.is_dir():
        path = path / "conf.py"
    if not path.is_file():
        raise SettingsError(f"no Sphinx configuration at {path}")
    try:
        namespace = eval_config_file(path.resolve(), Tags())
    except Exception as err:
        raise SettingsError(f"cannot read {path}: {err}") from None
    teams = namespace.get("scscall_teams", DEFAULT_TEAMS)
    if not isinstance(teams, dict) or not all(isinstance(spec, dict) for spec in teams.values()):
        raise SettingsError(f"{path}: scscall_teams must be a dict of {{key: {{name, ...}}}}")
    events_file = namespace.get("scscall_events_file")
    events_path = path.parent / str(events_file).lstrip("/") if events_file else None
    return Settings(TeamRegistry(teams), events_path)


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", required=True, type=Path, help="folder of the call decks")
    parser.add_argument(
        "--conf", help="a Sphinx conf.py (or its folder) to read scscall_teams from"
    )


@subcommand("import", help="convert HedgeDoc decks and minutes into MyST call decks")
def configure_import(parser: argparse.ArgumentParser) -> Runner:
    parser.add_argument("sources", nargs="+", metavar="SRC", help="files, folders, or - (stdin)")
    _add_common(parser)
    parser.add_argument("--force", action="store_true", help="overwrite hand-edited decks")
    parser.add_argument("--quiet", action="store_true", help="only report failures")
    return run_import


def run_import(args: argparse.Namespace) -> int:
    from .importer.files import Importer, expand_sources

    settings = load_settings(args.conf)
    importer = Importer(args.out, settings.registry, force=args.force)
    sources = list(expand_sources(args.sources))
    console = Console(quiet=args.quiet, highlight=False, soft_wrap=True)
    errors = Console(stderr=True, highlight=False, soft_wrap=True)
    failures = 0
    with Progress(console=console, transient=True, disable=len(sources) < 2) as progress:
        task = progress.add_task("importing", total=len(sources))
        for source in sources:
            report = importer.import_one(source)
            progress.advance(task)
            if not report.ok:
                failures += 1
                errors.print(f"error: {report.summary()}", markup=False)
                continue
            console.print(report.summary(), markup=False)
            for line in report.details():
                console.print(line, markup=False)
    return 1 if failures or not sources else 0


@subcommand("new", help="start the deck of the next call")
def configure_new(parser: argparse.ArgumentParser) -> Runner:
    parser.add_argument(
        "date", nargs="?", type=dt.date.fromisoformat, help="YYYY-MM-DD (default: next Thursday)"
    )
    _add_common(parser)
    return run_new


def run_new(args: argparse.Namespace) -> int:
    from .newdeck import NewDeckError, new_deck

    settings = load_settings(args.conf)
    try:
        path = new_deck(args.out, settings.registry, args.date, settings.events_file)
    except NewDeckError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(path)
    return 0


from . import pdf  # noqa: E402, F401 - registers `scscall pdf`


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="scscall", description="Tools for SCS community-call decks."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (help_text, configure) in SUBCOMMANDS.items():
        command = commands.add_parser(name, help=help_text, description=help_text)
        command.set_defaults(run=configure(command))
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except SettingsError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
