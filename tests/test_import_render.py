"""Markdown and inline HTML to MyST: conversions and escaping."""

import pytest
from import_support import convert_text


def body(markdown: str) -> str:
    """The converted content of a one-section minutes document."""
    myst, _ = convert_text(f"# Call 2025-01-09\n\n## Slide\n\n{markdown}\n")
    return myst.split("## Slide\n", 1)[1].split("% Imported by")[0].strip()


@pytest.mark.parametrize(
    ("markdown", "myst"),
    [
        ('<font color="red">red</font> text', "red text"),
        ("one<br>two</br>three", "one\\\ntwo\\\nthree"),
        ('<a href="https://example.org/a">site</a>', "[site](https://example.org/a)"),
        ('<a href="javascript:alert(1)">click</a>', "click"),
        ("[doc](other.md)", "doc"),
        ('<img src="https://example.org/i.png" alt="pic">', "![pic](https://example.org/i.png)"),
        ("![sized](https://example.org/i.png =50%x)", "![sized](https://example.org/i.png)"),
        ("<center>\n\nmiddle\n\n</center>", "middle"),
        ("key :key: and :cloud:", "key 🔑 and ☁️"),
        ("see https://example.org/x.", "see <https://example.org/x>."),
        ("thanks @heron and mail a@b.org", "thanks {gh}`heron` and mail a@b.org"),
        ("<b>bold</b> and <i>it</i>", "**bold** and *it*"),
        ('x <!-- .element: class="fragment" -->', "x"),
        ("<style>.slides { color: red }</style>", ""),
        ("<!-- old walrus item -->", "% old walrus item"),
    ],
)
def test_conversions(markdown, myst):
    assert body(markdown) == myst


@pytest.mark.parametrize(
    ("markdown", "myst"),
    [
        ("a {role}`x` b", "a \\{role\\}`x` b"),
        ("cost $5 and $6", "cost \\$5 and \\$6"),
        ("\\<script>alert(1)\\</script>", "\\<script\\>alert(1)\\</script\\>"),
        ("a \\:::{note}", "a :::\\{note\\}"),
        ("\\% hidden?", "\\% hidden?"),
        ("\\:::{warning}\nx\n\\:::", "\\:::\\{warning\\}\nx\n\\:::"),
        ("snake_case and \\_under\\_", "snake_case and \\_under\\_"),
        ("1986\\. year", "1986\\. year"),
        ("\\(target)=", "\\(target)="),
        ("&amp;copy; kept", "\\&copy; kept"),
    ],
)
def test_text_stays_text(markdown, myst):
    assert body(markdown) == myst


def test_lists_quotes_tables_code():
    markdown = (
        "- a\n  - b\n\n1. one\n2. two\n\n> quoted\n\n| h1 | h2 |\n|:--|--:|\n| c | d |\n\n"
        "```python\nprint(1)\n```\n"
    )
    assert body(markdown) == (
        "- a\n  - b\n\n1. one\n2. two\n\n> quoted\n\n| h1 | h2 |\n| :-- | --: |\n| c | d |\n\n"
        "```python\nprint(1)\n```"
    )
