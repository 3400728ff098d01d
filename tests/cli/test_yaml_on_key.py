"""The ``on:`` key of waitsFor and escalations: quoted or not, the same findings; yamllint passes on the sample.

itsmlint reads YAML 1.2, where ``on`` is text. yamllint's ``truthy`` rule and
YAML 1.1 readers take it for ``true``, so a repository may quote it
(``"on":``); that must change nothing. ``samples/northwind/.yamllint.yaml``
is the configuration docs/documents.md recommends for a process repository.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from yamllint import linter
from yamllint.config import YamlLintConfig

from itsmlint.cli import main

ROOT = Path(__file__).parents[2]
NORTHWIND = ROOT / "samples" / "northwind"
# Files whose waits and escalations use the key, with findings on them (RIG001, RIG002).
WAITING = [
    "restaurant-table-service.yaml",
    "rig001-waiting-for-the-vendor.yaml",
    "rig002-approval-nobody-reads.yaml",
    "_cast.yaml",
]
# The key in block style (- on: / on:) and in flow style ({on: ...}), at any indentation.
ON_KEY = re.compile(r"(?m)(^\s*(?:- )?|[{,]\s*)on:")


def _findings(folder: Path, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    monkeypatch.chdir(folder)
    result = CliRunner().invoke(
        main, ["check", ".", "--today", "2026-11-23", "--format", "json", "--no-cache", "--fail-on", "never"]
    )
    assert result.exit_code == 0, result.stderr
    findings: list[dict[str, Any]] = json.loads(result.stdout)["findings"]
    return findings


def _quote(folder: Path, quote: str) -> int:
    count = 0
    for path in folder.rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        new, n = ON_KEY.subn(lambda m: f"{m.group(1)}{quote}on{quote}:", text)
        path.write_text(new, encoding="utf-8")
        count += n
    return count


@pytest.mark.parametrize("quote", ['"', "'"])
def test_a_quoted_on_key_gives_the_same_findings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, quote: str) -> None:
    plain, quoted = tmp_path / "plain", tmp_path / "quoted"
    for folder in (plain, quoted):
        shutil.copytree(NORTHWIND, folder / "northwind")
        for name in WAITING:
            shutil.copy(ROOT / "samples" / "anti-patterns" / name, folder / name)
    assert _quote(quoted, quote) >= 12  # every waitsFor entry and escalation of the copies
    assert f"- {quote}on{quote}: event:supplier-fix" in (
        quoted / "northwind" / "processes" / "incident-management.yaml"
    ).read_text(encoding="utf-8")
    before, after = _findings(plain, monkeypatch), _findings(quoted, monkeypatch)
    assert {f["rule"] for f in before} >= {"RIG001", "RIG002"}
    # Quoting widens the key by two characters, so a finding on a value after it on the same line moves right;
    # everything else, the fingerprint included, is the same.
    assert [{k: v for k, v in f.items() if k != "column"} for f in after] == [
        {k: v for k, v in f.items() if k != "column"} for f in before
    ]


def _yamllint(config: YamlLintConfig, folder: Path) -> list[tuple[str, int, str]]:
    """(file, line, rule) of every problem yamllint finds under ``folder``."""
    problems = []
    for path in sorted(folder.rglob("*.yaml")):
        if config.is_file_ignored(str(path)):
            continue
        with path.open(encoding="utf-8") as handle:
            problems += [(path.name, p.line, str(p.rule)) for p in linter.run(handle, config, str(path))]
    return problems


def test_yamllint_with_the_shipped_config_passes_on_northwind() -> None:
    shipped = YamlLintConfig(file=str(NORTHWIND / ".yamllint.yaml"))
    assert _yamllint(shipped, NORTHWIND) == []
    # The default configuration flags the on: keys (and the prose): the shipped one is what makes it pass.
    default = _yamllint(YamlLintConfig("extends: default"), NORTHWIND)
    assert ("incident-management.yaml", 119, "truthy") in default


def test_the_shipped_config_still_flags_yes_and_on_as_values(tmp_path: Path) -> None:
    shipped = YamlLintConfig(file=str(NORTHWIND / ".yamllint.yaml"))
    (tmp_path / "x.yaml").write_text("spec:\n  active: yes\n  waitsFor:\n    - on: event:x\n", encoding="utf-8")
    assert _yamllint(shipped, tmp_path) == [("x.yaml", 2, "truthy")]
