"""What the importer made of one source file, for the per-file report."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Problems:
    """Things that could not be converted as such, each with its source line."""

    items: list[tuple[int, str]] = field(default_factory=list)

    def add(self, line: int, message: str) -> None:
        if (line, message) not in self.items:
            self.items.append((line, message))


@dataclass
class FileReport:
    source: str
    output: Path | None = None
    status: str = "converted"  # converted | unchanged | failed | refused
    error: str = ""
    call_date: str = ""
    team_reports: list[str] = field(default_factory=list)
    events: int = 0
    undated_events: int = 0
    surveys: int = 0
    actions: int = 0  # action items written as ``actions`` blocks
    slides: int = 0
    images_copied: list[str] = field(default_factory=list)
    images_fetched: int = 0
    images_failed: int = 0
    problems: Problems = field(default_factory=Problems)

    @property
    def ok(self) -> bool:
        return self.status in ("converted", "unchanged")

    def summary(self) -> str:
        if not self.ok:
            return f"{self.source}: {self.error}"
        teams = ", ".join(self.team_reports) or "none"
        text = (
            f"{self.source} -> {self.output} ({self.status}): team reports: {teams}; "
            f"events: {self.events} dated"
        )
        if self.undated_events:
            text += f", {self.undated_events} kept undated"
        text += f"; surveys: {self.surveys}"
        if self.actions:
            text += f"; action items: {self.actions}"
        text += f"; other slides: {self.slides}"
        if self.images_copied:
            text += f"; images copied: {len(self.images_copied)}"
        if self.images_fetched or self.images_failed:
            text += f"; remote images fetched: {self.images_fetched}, failed: {self.images_failed}"
        return text

    def details(self) -> list[str]:
        return [f"  line {line}: {message}" for line, message in sorted(self.problems.items)]
