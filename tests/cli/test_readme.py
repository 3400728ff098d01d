"""The documentation's example runs are what itsmlint prints today.

Every ```text block of README.md and of the pages under docs/ that shows
``$ itsmlint ...`` is run here, from the repository's root, and its output
compared with the lines under the command, up to the next ``$`` line or the
end of the block. Nothing is normalised but trailing whitespace, so a stale
excerpt fails the suite instead of misleading a reader. docs/rules.md and
docs/northwind-audit/ are generated, and tested as such elsewhere.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from itsmlint.cli import main

ROOT = Path(__file__).parents[2]
DOCS = ROOT / "docs"
GENERATED = (DOCS / "rules.md", DOCS / "northwind-audit")
BLOCK = re.compile(r"^```text\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def pages() -> list[Path]:
    """README.md and every hand-written page under docs/."""
    found = [ROOT / "README.md"]
    for page in sorted(DOCS.rglob("*.md")):
        if not any(page == generated or generated in page.parents for generated in GENERATED):
            found.append(page)
    return found


def examples() -> list[tuple[str, str, str]]:
    """(page, command, expected output) of each ``$ itsmlint`` example in a text block."""
    found: list[tuple[str, str, str]] = []
    for page in pages():
        name = page.relative_to(ROOT).as_posix()
        for block in BLOCK.findall(page.read_text(encoding="utf-8")):
            command: str | None = None
            shown: list[str] = []
            for line in block.splitlines():
                if line.startswith("$ "):
                    if command is not None:
                        found.append((name, command, "\n".join(shown)))
                    command, shown = line[2:], []
                elif command is not None:
                    shown.append(line)
            if command is not None:
                found.append((name, command, "\n".join(shown)))
    return found


EXAMPLES = examples()


def _trimmed(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.rstrip().splitlines())


def test_the_documentation_has_examples_to_check() -> None:
    assert {page for page, _, _ in EXAMPLES} >= {"README.md", "docs/usage.md"}
    commands = [command for _, command, _ in EXAMPLES]
    assert all(command.startswith("itsmlint ") for command in commands), commands
    assert any("--select RACI,REF002,GOV001" in command for command in commands)
    assert any("--show-source" in command for command in commands)
    assert any("--statistics" in command for command in commands)


@pytest.mark.parametrize(
    ("page", "command", "expected"), EXAMPLES, ids=[f"{page}: {command}" for page, command, _ in EXAMPLES]
)
def test_a_documented_example_prints_what_the_page_shows(
    page: str, command: str, expected: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    for name in ("GITHUB_ACTIONS", "NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    result = CliRunner().invoke(main, shlex.split(command)[1:])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    # Standard output and error as a terminal shows them, one after the other.
    assert _trimmed(result.output) == _trimmed(expected), f"{page} is stale for: {command}"
