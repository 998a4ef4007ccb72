"""The ``gh``, ``pr`` and ``issue`` roles: GitHub people, pull requests and issues."""

from __future__ import annotations

import re

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxRole

from .shared import GITHUB, GITHUB_HANDLE_RE, handle_reference, logger, normalize_handle

# [owner/]repo#number; repository names allow letters, digits, '.', '_' and '-'
_REFERENCE_RE = re.compile(
    rf"(?:(?P<owner>{GITHUB_HANDLE_RE.pattern})/)?(?P<repo>[A-Za-z0-9._-]{{1,100}})#(?P<number>[1-9]\d{{0,9}})"
)


class ScsCallRole(SphinxRole):
    def invalid(self, message: str) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        logger.warning(
            f"{self.name}: {message}", location=(self.env.docname, self.lineno), type="scscall"
        )
        return [nodes.literal(self.rawtext, self.text)], []


class GitHubUserRole(ScsCallRole):
    """``{gh}`handle``` -> ``@handle`` linked to the profile."""

    def run(self):
        handle = normalize_handle(self.text.strip())
        if handle is None:
            return self.invalid(f"{self.text!r} is not a valid GitHub handle")
        return [handle_reference(handle)], []


class GitHubReferenceRole(ScsCallRole):
    """``{pr}`repo#1``` / ``{issue}`owner/repo#1```; the owner defaults to ``scscall_github_org``."""

    def __init__(self, path: str):
        super().__init__()
        self.path = path

    def run(self):
        match = _REFERENCE_RE.fullmatch(self.text.strip())
        if match is None:
            return self.invalid(f"{self.text!r} is not of the form [owner/]repository#number")
        owner = match["owner"] or self.config.scscall_github_org
        url = f"{GITHUB}{owner}/{match['repo']}/{self.path}/{match['number']}"
        node = nodes.reference(
            self.rawtext,
            self.text.strip(),
            refuri=url,
            internal=False,
            classes=[f"scscall-{self.name}"],
        )
        return [node], []


def setup_roles(app: Sphinx) -> None:
    app.add_role("gh", GitHubUserRole())
    app.add_role("pr", GitHubReferenceRole("pull"))
    app.add_role("issue", GitHubReferenceRole("issues"))
