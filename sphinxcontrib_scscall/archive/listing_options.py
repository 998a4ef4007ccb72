"""The ``:team:`` and ``:year:`` options the archive listings share."""

from __future__ import annotations

from ..config import settings
from ..shared import ScsCallDirective


def team_option(directive: ScsCallDirective) -> tuple[str, bool]:
    """(key, known) of the team named by ``:team:`` (a key or alias); ``("", True)`` for all."""
    raw = str(directive.options.get("team", "")).strip()
    if not raw:
        return "", True
    team = settings(directive.config).teams.team_for(raw)
    return team.key, team.known


def year_option(directive: ScsCallDirective) -> int:
    """A listing's ``:year:`` (0: every year); anything but a four-digit year is a warning."""
    raw = str(directive.options.get("year", "")).strip()
    if not raw:
        return 0
    if raw.isdigit() and 1900 <= int(raw) <= 9999:
        return int(raw)
    directive.warn(
        f"{directive.name}: :year: must be a four-digit year, got {raw!r}; showing all years"
    )
    return 0
