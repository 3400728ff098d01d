"""The documentation's relative links lead somewhere, and the README stays a front page.

Every relative Markdown link and image in README.md, CONTRIBUTING.md and the
hand-written pages under docs/ must name an existing file or folder, and a
``#fragment`` into a Markdown page must name one of its headings, slugged as
GitHub slugs them. Links out (http, https, mailto) are not followed: tests
run offline. docs/rules.md and docs/northwind-audit/ are generated and tested
as such elsewhere.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import pytest

ROOT = Path(__file__).parents[2]
DOCS = ROOT / "docs"
GENERATED = (DOCS / "rules.md", DOCS / "northwind-audit")

README_START = """\
# itsmlint

```sh
pip install . && itsmlint check samples/northwind --today 2026-11-23
pip install -e '.[test]' && python -m pytest
```
"""
README_MAX_BYTES = 8192

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1", re.DOTALL)
# [text](target "title") and ![alt](target); the text may run over lines.
INLINE = re.compile(r"!?\[(?:[^\[\]]|\[[^\[\]]*\])*\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+\"[^\"]*\")?\s*$", re.MULTILINE)
HEADING = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)


def pages() -> list[Path]:
    """The hand-written pages whose links are checked."""
    found = [ROOT / "README.md", ROOT / "CONTRIBUTING.md"]
    for page in sorted(DOCS.rglob("*.md")):
        if not any(page == generated or generated in page.parents for generated in GENERATED):
            found.append(page)
    return found


def prose(text: str) -> str:
    """The text without fenced code blocks and code spans, which hold no links."""
    kept: list[str] = []
    fence: str | None = None
    for line in text.splitlines():
        opening = FENCE.match(line)
        if fence is None and opening:
            fence = opening.group(1)
        elif fence is not None:
            if (
                opening
                and opening.group(1)[0] == fence[0]
                and len(opening.group(1)) >= len(fence)
                and not line.strip().lstrip(fence[0])
            ):
                fence = None
        else:
            kept.append(line)
            continue
        kept.append("")  # keep the line count, not the code
    return CODE_SPAN.sub("code", "\n".join(kept))


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation but - dropped, spaces to -."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link in a heading keeps its text
    text = re.sub(r"<[^>]+>", "", text).lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(page: Path) -> set[str]:
    """The anchors of a Markdown page's headings; a repeated heading gets -1, -2, ..."""
    seen: dict[str, int] = {}
    found: set[str] = set()
    for line in prose(page.read_text(encoding="utf-8")).splitlines():
        heading = HEADING.match(line)
        if heading is None:
            continue
        base = slug(heading.group(2))
        count = seen.get(base, 0)
        seen[base] = count + 1
        found.add(base if count == 0 else f"{base}-{count}")
    return found


def links(page: Path) -> list[str]:
    text = prose(page.read_text(encoding="utf-8"))
    return [target for target in INLINE.findall(text) + REFERENCE.findall(text) if target]


def broken(page: Path, target: str) -> str | None:
    """Why a link from page does not resolve, or None when it does."""
    if EXTERNAL.match(target):
        return None
    path, _, fragment = target.partition("#")
    resolved = (page.parent / unquote(path)).resolve() if path else page
    try:
        name = resolved.relative_to(ROOT).as_posix()
    except ValueError:
        return f"{target}: outside the repository"
    if not resolved.exists():
        return f"{target}: no such file"
    if fragment and resolved.suffix == ".md" and unquote(fragment).lower() not in anchors(resolved):
        return f"{target}: {name} has no heading with the anchor #{fragment}"
    return None


PAGES = pages()


@pytest.mark.parametrize("page", PAGES, ids=[page.relative_to(ROOT).as_posix() for page in PAGES])
def test_every_relative_link_resolves(page: Path) -> None:
    problems = [problem for target in links(page) if (problem := broken(page, target))]
    assert problems == [], f"{page.relative_to(ROOT).as_posix()}: broken links:\n" + "\n".join(problems)


def test_the_checked_pages_include_the_manual() -> None:
    names = {page.relative_to(ROOT).as_posix() for page in PAGES}
    assert {"README.md", "CONTRIBUTING.md", "docs/README.md", "docs/usage.md"} <= names
    assert "docs/rules.md" not in names
    assert not any(name.startswith("docs/northwind-audit/") for name in names)


def test_every_docs_page_is_in_the_index() -> None:
    index = DOCS / "README.md"
    linked = {(index.parent / target.partition("#")[0]).resolve() for target in links(index)}
    for page in DOCS.glob("*.md"):
        assert page == index or page.resolve() in linked, f"docs/README.md does not link {page.name}"


def test_the_checker_finds_links_and_anchors(tmp_path: Path) -> None:
    assert slug("Rigid processes, and their flow diagrams") == "rigid-processes-and-their-flow-diagrams"
    assert slug("Editors, schemas and yamllint") == "editors-schemas-and-yamllint"
    assert slug("`--fix`: what it changes") == "--fix-what-it-changes"
    page = tmp_path / "page.md"
    page.write_text(
        '# Title\n\n## Title\n\nSee [a](other.md#x) and ![b](pic.png "t").\n\n'
        "```md\n[c](inside-code.md)\n```\n\nand `[d](in-a-span.md)`.\n\n[e]: ref.md\n",
        encoding="utf-8",
    )
    assert links(page) == ["other.md#x", "pic.png", "ref.md"]
    assert anchors(page) == {"title", "title-1"}


def test_the_readme_is_a_front_page() -> None:
    raw = (ROOT / "README.md").read_bytes()
    assert len(raw) <= README_MAX_BYTES, f"README.md is {len(raw)} bytes; the manual belongs in docs/"
    # CI and new readers run these two commands first.
    assert raw.decode("utf-8").startswith(README_START)
