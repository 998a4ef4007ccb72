"""``scscall import``: HedgeDoc decks and plain-Markdown minutes into MyST call decks."""

from __future__ import annotations

import argparse

from rich.console import Console
from rich.progress import Progress

from ..config import read_settings
from .common import Runner, add_out_and_conf

HELP = "convert HedgeDoc decks and minutes into MyST call decks"


def configure(parser: argparse.ArgumentParser) -> Runner:
    parser.add_argument("sources", nargs="+", metavar="SRC", help="files, folders, or - (stdin)")
    add_out_and_conf(parser)
    parser.add_argument("--force", action="store_true", help="overwrite hand-edited decks")
    parser.add_argument("--quiet", action="store_true", help="only report failures")
    parser.add_argument(
        "--fetch-images",
        action="store_true",
        help="download the decks' remote images into OUT/images/ and point the decks at them",
    )
    return run


def run(args: argparse.Namespace) -> int:
    from ..importer.files import Importer, expand_sources
    from ..importer.remote_images import FetchedImages

    settings = read_settings(args.conf)
    fetched = FetchedImages(args.out) if args.fetch_images else None
    importer = Importer(args.out, settings.teams, force=args.force, fetched=fetched)
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
    if fetched is not None:
        console.print(
            f"remote images: {len(fetched.fetched)} fetched, {len(fetched.failed)} failed",
            markup=False,
        )
    return 1 if failures or not sources else 0
