"""The ``scscall`` command line.

Each command is a module of this package with a ``HELP`` line and a
``configure(parser)`` function that adds its arguments and returns the function
that runs it (``args -> exit status``). :data:`COMMANDS` lists them; a new
command is one more module and one more entry.
"""

from __future__ import annotations

import argparse
import sys

from ..config import ConfError
from . import import_decks, new, pdf, serve

COMMANDS = {"import": import_decks, "new": new, "pdf": pdf, "serve": serve}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="scscall", description="Tools for SCS community-call decks."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, module in COMMANDS.items():
        command = commands.add_parser(name, help=module.HELP, description=module.HELP)
        command.set_defaults(run=module.configure(command))
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except ConfError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
