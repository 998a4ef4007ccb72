"""What every ``scscall`` command shares: the ``--conf`` option and the runner's type."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

Runner = Callable[[argparse.Namespace], int]


def add_out_and_conf(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", required=True, type=Path, help="folder of the call decks")
    parser.add_argument(
        "--conf", help="a Sphinx conf.py (or its folder) to read the scscall_* settings from"
    )
