"""The registry of SCS teams and SIGs that call decks report for.

``scscall_teams`` maps a key to ``{"name", "mission", "minutes", "aliases"}``.
Decks written over the years name the same team in many ways ("Team IAM",
"IAM/Sec", "SIG Standardization / Certfication"), so lookups compare a
normalised form of the key, the display name and every alias.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

MINUTES_REPO = "https://github.com/SovereignCloudStack/minutes/blob/main/"

DEFAULT_TEAMS: dict[str, dict] = {
    "iaas": {
        "name": "Team IaaS",
        "mission": (
            "We build the reference implementation of the IaaS parts of SCS that "
            "informs and adheres to the SCS IaaS standards."
        ),
        "minutes": MINUTES_REPO + "iaas/",
        "aliases": ["IaaS", "Team IaaS", "IaaS Team"],
    },
    "iam": {
        "name": "Team IAM & Security",
        "mission": "",
        "minutes": MINUTES_REPO + "iam/",
        "aliases": [
            "Team IAM",
            "IAM",
            "IAM/Sec",
            "IAM & Security",
            "IAM and Security",
            "Team IAM and Security",
            "Team IAM & Security - IAM",
            "Team IAM & Security - IAM / Security",
            "Team IAM/Security",
            "SIG IAM",
            "IAM SIG",
        ],
    },
    "ops": {
        "name": "Team Ops",
        "mission": (
            "We build tooling and infrastructure design for easy, efficient and "
            "transparent ways to operate an SCS Cloud."
        ),
        "minutes": MINUTES_REPO + "ops/",
        "aliases": ["Ops", "Team Operations", "Operations", "Team Ops & IAM", "Team Ops IAM"],
    },
    "container": {
        "name": "Team Container",
        "mission": "",
        "minutes": MINUTES_REPO + "container/",
        "aliases": ["Container", "Team Containers", "Containers", "KaaS", "Team KaaS"],
    },
    "standardization": {
        "name": "SIG Standardization/Certification",
        "mission": (
            "The SIG discusses how we approach standardization, how we develop and "
            "approve standards and manage their lifecycle, how we validate providers, "
            "how certificates are handed out and what the policies around them are."
        ),
        "minutes": MINUTES_REPO + "sig-standardization/",
        "aliases": [
            "SIG Standardization / Certification",
            "SIG Standardization / Certfication",
            "SIG Standardization/Certfication",
            "SIG Standardization and Certification",
            "SIG Standardisation & Certification",
            "SIG Standardisation/Certification",
            "SIG Standards/Certification",
            "SIG Standardization",
            "SIG Standardisation",
            "SIG Standarization",
            "SIG Std/Cert",
            "Standardization SIG",
            "Standardisation SIG",
            "Standardization",
            "Certification",
        ],
    },
    "documentation": {
        "name": "SIG Documentation",
        "mission": "",
        "minutes": MINUTES_REPO + "sig-documentation/",
        "aliases": ["Documentation SIG", "Docs SIG", "SIG Docs", "Documentation", "Docs"],
    },
    "community": {
        "name": "SIG Community",
        "mission": (
            "In this meeting we develop the community strategy and organize work for "
            "community collaboration."
        ),
        "minutes": MINUTES_REPO + "sig-community/",
        "aliases": ["Community SIG", "Community"],
    },
    "central-api": {
        "name": "SIG Central API",
        "mission": "",
        "minutes": "",
        "aliases": ["Central API", "Central API SIG", "SIG Central-API"],
    },
    "monitoring": {
        "name": "SIG Monitoring",
        "mission": "",
        "minutes": "",
        "aliases": ["Monitoring SIG", "Monitoring"],
    },
}


def normalize_team_name(name: str) -> str:
    """Fold case, '&'/'and', separators and stray spaces into one comparable form."""
    folded = name.casefold().replace("&", " and ")
    folded = re.sub(r"[\s/_,:-]+", " ", folded)
    return " ".join(folded.split())


@dataclass(frozen=True)
class Team:
    key: str
    name: str
    mission: str = ""
    minutes: str = ""
    aliases: tuple[str, ...] = field(default=())
    known: bool = True


class TeamRegistry:
    """Look up configured teams by key, name or alias."""

    def __init__(self, config: Mapping[str, Mapping]):
        self.teams: dict[str, Team] = {}
        self._lookup: dict[str, str] = {}
        for key, spec in config.items():
            team = Team(
                key=str(key),
                name=str(spec.get("name") or key),
                mission=str(spec.get("mission") or ""),
                minutes=str(spec.get("minutes") or ""),
                aliases=tuple(str(alias) for alias in spec.get("aliases") or ()),
            )
            self.teams[team.key] = team
            for spelling in (team.key, team.name, *team.aliases):
                self._lookup.setdefault(normalize_team_name(spelling), team.key)

    def resolve(self, name: str) -> Team | None:
        """The configured team called *name* in any known spelling, else None."""
        key = self._lookup.get(normalize_team_name(name))
        return self.teams[key] if key else None

    def team_for(self, name: str) -> Team:
        """The configured team, or an ad-hoc one named exactly as written."""
        return self.resolve(name) or Team(key=slug(name), name=name.strip(), known=False)

    def __iter__(self):
        return iter(self.teams.values())


def slug(text: str) -> str:
    """A lowercase ASCII key for an unknown team name ("Public Cloud SIG" -> "public-cloud-sig")."""
    return re.sub(r"[^a-z0-9]+", "-", normalize_team_name(text)).strip("-") or "team"
