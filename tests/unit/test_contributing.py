"""The worked example of CONTRIBUTING.md is a rule that loads and passes its own fixtures."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from itsmlint.fixtures import check_case, read_case
from itsmlint.registry import builtin_catalog, extend, package_rules

ROOT = Path(__file__).parents[2]
_EXAMPLE = re.compile(r"<!-- example: (?P<name>[\w.]+) -->\n(?P<fence>`{3,})\w*\n(?P<body>.*?)\n(?P=fence)\n", re.S)


def examples() -> dict[str, str]:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    return {m["name"]: m["body"] + "\n" for m in _EXAMPLE.finditer(text)}


def test_the_worked_example_is_complete() -> None:
    assert sorted(examples()) == [
        "fail_empty_team.yaml",
        "own099.md",
        "own099.py",
        "own099.yaml",
        "pass_staffed_team.yaml",
    ]


@pytest.mark.parametrize("fixture", ["fail_empty_team.yaml", "pass_staffed_team.yaml"])
def test_the_worked_example_rule_passes_its_fixtures(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fixture: str
) -> None:
    files = examples()
    package = tmp_path / "contributing_example"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    for name in ("own099.yaml", "own099.md", "own099.py"):
        (package / name).write_text(files[name], encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    (rule,) = package_rules("contributing_example", "own", "built-in", "rules/own")
    assert rule.meta.id == "OWN099" and rule.meta.doc.startswith("# OWN099 responsible-teams-staffed")
    case_file = tmp_path / fixture
    case_file.write_text(files[fixture], encoding="utf-8")
    case = read_case(case_file)
    outcome = check_case(case, "OWN099", extend(builtin_catalog(), [rule]), dt.date(2026, 11, 23))
    assert outcome.ok, outcome.problems
    assert case.passing or case.expected  # the failing fixture marks its finding
