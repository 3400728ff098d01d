"""The README's example runs are what itsmlint prints today.

Every ```text block of README.md that shows ``$ itsmlint ...`` is run here,
from the repository's root, and its output compared with the lines under the
command, up to the next ``$`` line or the end of the block. Nothing is
normalised but trailing whitespace, so a stale excerpt fails the suite
instead of misleading a reader.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from itsmlint.cli import main

ROOT = Path(__file__).parents[2]
README = ROOT / "README.md"
BLOCK = re.compile(r"^```text\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def examples() -> list[tuple[str, str]]:
    """(command, expected output) of each ``$ itsmlint`` example in a text block."""
    found: list[tuple[str, str]] = []
    for block in BLOCK.findall(README.read_text(encoding="utf-8")):
        command: str | None = None
        shown: list[str] = []
        for line in block.splitlines():
            if line.startswith("$ "):
                if command is not None:
                    found.append((command, "\n".join(shown)))
                command, shown = line[2:], []
            elif command is not None:
                shown.append(line)
        if command is not None:
            found.append((command, "\n".join(shown)))
    return found


EXAMPLES = examples()


def _trimmed(text: str) -> str:
    return "\n".join(line.rstrip() for line in text.rstrip().splitlines())


def test_the_readme_has_examples_to_check() -> None:
    commands = [command for command, _ in EXAMPLES]
    assert all(command.startswith("itsmlint ") for command in commands), commands
    assert any("--select RACI,REF002,GOV001" in command for command in commands)
    assert any("--show-source" in command for command in commands)
    assert any("--statistics" in command for command in commands)


@pytest.mark.parametrize(("command", "expected"), EXAMPLES, ids=[command for command, _ in EXAMPLES])
def test_a_readme_example_prints_what_the_readme_shows(command: str, expected: str,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    for name in ("GITHUB_ACTIONS", "NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    result = CliRunner().invoke(main, shlex.split(command)[1:])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    # Standard output and error as a terminal shows them, one after the other.
    assert _trimmed(result.output) == _trimmed(expected), f"README.md is stale for: {command}"
