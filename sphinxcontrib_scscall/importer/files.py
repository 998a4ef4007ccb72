"""Importing source files into an output folder, safely and repeatably.

Nothing is written outside the output folder: deck and image names are made
here, never taken from a source's paths, and symlinks in the output folder are
not followed. An existing deck is only replaced when it is an untouched
earlier import (see :func:`.writer.is_untouched_import`) or with ``force``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ..dates import date_from_docname
from ..teams import TeamRegistry
from .convert import Conversion, convert
from .remote_images import FetchedImages
from .report import FileReport
from .writer import is_untouched_import

STDIN = "-"


@dataclass(frozen=True)
class Source:
    name: str
    path: Path | None  # None: standard input


def expand_sources(arguments: Iterable[str]) -> Iterator[Source]:
    """Files as given; folders as the Markdown files in them whose name carries a date."""
    for argument in arguments:
        if argument == STDIN:
            yield Source("<stdin>", None)
            continue
        path = Path(argument)
        if path.is_dir():
            for child in sorted(path.glob("*.md")):
                if child.is_file() and date_from_docname(child.stem):
                    yield Source(str(child), child)
        else:
            yield Source(str(path), path)


def read_source(source: Source) -> bytes:
    if source.path is None:
        return sys.stdin.buffer.read()
    return source.path.read_bytes()


class Importer:
    def __init__(
        self,
        out_dir: Path,
        registry: TeamRegistry,
        force: bool = False,
        fetched: FetchedImages | None = None,
    ):
        self.out_dir = out_dir
        self.registry = registry
        self.force = force
        self.fetched = fetched  # --fetch-images: remote images downloaded into out_dir/images
        self.written: dict[str, str] = {}  # deck file name -> the source it came from

    def import_one(self, source: Source) -> FileReport:
        try:
            data = read_source(source)
        except OSError as err:
            return FileReport(source.name, status="failed", error=f"cannot read: {err.strerror}")
        source_dir = source.path.parent if source.path else None
        conversion, report = convert(data, source.name, source_dir, self.registry, self.fetched)
        if conversion is None:
            return report
        earlier = self.written.get(conversion.filename)
        if earlier:
            report.status = "failed"
            report.error = f"same call date as {earlier} ({conversion.filename})"
            return report
        self.written[conversion.filename] = source.name
        self._write(conversion, report)
        return report

    def _write(self, conversion: Conversion, report: FileReport) -> None:
        self.out_dir.mkdir(parents=True, exist_ok=True)
        target = self.out_dir / conversion.filename
        report.output = target
        if target.is_symlink() or (target.exists() and not target.is_file()):
            report.status, report.error = "refused", f"{target} is not a regular file"
            return
        if target.exists():
            existing = target.read_text(encoding="utf-8", errors="replace")
            if existing == conversion.text:
                report.status = "unchanged"
                self._copy_images(conversion, report)
                return
            if not self.force and not is_untouched_import(existing):
                report.status = "refused"
                report.error = f"{target} was edited since it was imported (use --force)"
                return
        target.write_text(conversion.text, encoding="utf-8")
        self._copy_images(conversion, report)

    def _copy_images(self, conversion: Conversion, report: FileReport) -> None:
        for name, source in conversion.images.items():
            target = self.out_dir / name
            if target.is_symlink():
                report.problems.add(0, f"image {name} not copied: the target is a symlink")
                continue
            data = source.read_bytes()
            if not target.exists() or target.read_bytes() != data:
                target.write_bytes(data)
