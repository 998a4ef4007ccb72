"""The gh, pr and issue roles in MyST and rST."""

from __future__ import annotations

import pytest

from sphinxcontrib_scscall.testing import build, write_project

CASES = [
    ("gh", "matofeder", "@matofeder", "https://github.com/matofeder"),
    ("pr", "standards#640", "standards#640", "https://github.com/{org}/standards/pull/640"),
    (
        "issue",
        "osism/issues#1058",
        "osism/issues#1058",
        "https://github.com/osism/issues/issues/1058",
    ),
]


def _page(syntax: str, role: str, text: str) -> dict[str, str]:
    if syntax == "myst":
        return {"index.md": f"# Roles\n\nSee {{{role}}}`{text}` here.\n"}
    return {"index.rst": f"Roles\n=====\n\nSee :{role}:`{text}` here.\n"}


@pytest.mark.parametrize("syntax", ["myst", "rst"])
@pytest.mark.parametrize(("role", "text", "label", "href"), CASES)
def test_role_renders_a_github_link(tmp_path, syntax, role, text, label, href):
    org = "ExampleOrg"
    conf = f'extensions = ["sphinxcontrib_scscall"]\nscscall_github_org = "{org}"\n'
    root = write_project(tmp_path, _page(syntax, role, text), conf=conf)
    result = build(root, "html")
    link = result.html("index").select_one(f"a.scscall-{'handle' if role == 'gh' else role}")
    assert (link.get_text(), link["href"]) == (label, href.format(org=org))
    assert result.warning_lines() == []


@pytest.mark.parametrize("syntax", ["myst", "rst"])
@pytest.mark.parametrize(
    ("role", "text"),
    [("gh", "not a handle"), ("gh", "-dash"), ("pr", "standards"), ("issue", "a/b/c#1")],
)
def test_bad_role_text_warns_with_line_and_keeps_the_text(tmp_path, syntax, role, text):
    root = write_project(tmp_path, _page(syntax, role, text))
    result = build(root, "html")
    (warning,) = result.warning_lines()
    assert f"index.{'md' if syntax == 'myst' else 'rst'}:" in warning and f"{role}:" in warning
    assert result.html("index").find("code").get_text() == text
