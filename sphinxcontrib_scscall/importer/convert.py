"""Converting one source (bytes) to one MyST call deck, without touching the disk.

Local images are only looked up here; :mod:`.files` copies them.
"""

from __future__ import annotations

import hashlib
import re
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from ..dates import DateError, date_from_docname
from ..teams import TeamRegistry
from .deck_assembly import assemble_deck
from .hedgedoc import SourceError, decode, front_matter_date, parse_source
from .remote_images import FetchedImages
from .render import MystRenderer
from .report import FileReport
from .writer import deck_text

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".bmp"}


@dataclass
class Conversion:
    text: str
    filename: str  # YYYY-MM-DD.md
    images: dict[str, Path] = field(default_factory=dict)  # name beside the output -> source


class _LocalImages:
    """Local images referenced by one source, if they exist inside its folder."""

    def __init__(self, source_dir: Path | None, report: FileReport):
        self.source_dir = source_dir.resolve() if source_dir else None
        self.report = report
        self.found: dict[str, Path] = {}

    def __call__(self, src: str, line: int) -> str | None:
        """The image's name beside the output, or None (reported) when it can't be copied."""
        if self.source_dir is None:
            return self._unusable(src, line, "has no source folder to be found in")
        relative = urllib.parse.unquote(src.split("#")[0].split("?")[0])
        path = (self.source_dir / relative).resolve()
        if not path.is_relative_to(self.source_dir):
            return self._unusable(src, line, "lies outside the source folder")
        if path.suffix.lower() not in IMAGE_SUFFIXES:
            return self._unusable(src, line, "is not an image file")
        if not path.is_file():
            return self._unusable(src, line, "is missing")
        name = re.sub(r"[^A-Za-z0-9._-]", "_", path.name).lstrip(".") or "image"
        if self.found.get(name, path) != path:
            digest = hashlib.sha256(str(path).encode()).hexdigest()[:8]
            name = f"{Path(name).stem}-{digest}{path.suffix.lower()}"
        self.found[name] = path
        return name

    def _unusable(self, src: str, line: int, reason: str) -> None:
        self.report.problems.add(line, f"image {src[:60]!r} {reason}; kept its name as text")


class _RemoteImages:
    """Local copies of one source's remote images (``--fetch-images``), each reported."""

    def __init__(self, fetched: FetchedImages, report: FileReport):
        self.fetched = fetched
        self.report = report

    def __call__(self, url: str, line: int) -> str | None:
        path, outcome = self.fetched.local_path(url)
        if path:
            self.report.images_fetched += 1
            self.report.problems.add(line, f"image {url} {outcome}: {path}")
        else:
            self.report.images_failed += 1
            self.report.problems.add(line, f"image {url} not fetched ({outcome}): kept remote")
        return path


def convert(
    data: bytes,
    source_name: str,
    source_dir: Path | None,
    registry: TeamRegistry,
    fetched: FetchedImages | None = None,
) -> tuple[Conversion | None, FileReport]:
    """The converted deck and its report (no conversion when the source is unusable).

    With *fetched*, remote images are downloaded and the deck points at the copies.
    """
    report = FileReport(source_name)
    try:
        text = decode(data)
        source = parse_source(text)
        images = _LocalImages(source_dir, report)
        remote = _RemoteImages(fetched, report) if fetched else None
        renderer = MystRenderer(report.problems, images, fetch_remote=remote)
        call_date = date_from_docname(Path(source_name).stem) or front_matter_date(
            source.front_matter
        )
        deck = assemble_deck(source, text.split("\n"), registry, renderer, report, call_date)
    except (SourceError, DateError) as err:
        report.status, report.error = "failed", str(err)
        return None, report
    if call_date is None:
        report.problems.add(1, f"dated {deck.call_date} from the title")
    report.call_date = deck.call_date.isoformat()
    report.images_copied = sorted(images.found)
    filename = f"{deck.call_date.isoformat()}.md"
    return Conversion(deck_text(deck, Path(source_name).name), filename, images.found), report
