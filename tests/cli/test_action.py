"""The GitHub Action: its inputs and the command it runs agree with the CLI."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from itsmlint.cli import main

ROOT = Path(__file__).parents[2]
ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))


def test_action_is_a_composite_with_the_documented_inputs() -> None:
    assert ACTION["runs"]["using"] == "composite"
    assert {"paths", "fail-on", "args", "sarif-file", "upload-sarif"} <= set(ACTION["inputs"])
    uses = [step.get("uses", "") for step in ACTION["runs"]["steps"]]
    assert any(u.startswith("github/codeql-action/upload-sarif@") for u in uses)


def test_the_action_command_runs_with_its_default_inputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (step,) = [s for s in ACTION["runs"]["steps"] if s.get("id") == "check"]
    # The command: from "itsmlint check" to the end of its continued lines.
    script = step["run"].replace("\\\n", " ")
    command = next(line for line in script.splitlines() if "itsmlint check" in line)
    for name, spec in ACTION["inputs"].items():
        command = command.replace("${{ inputs." + name + " }}", str(spec.get("default", "")))
    argv = shlex.split(command)
    assert argv[:2] == ["itsmlint", "check"]
    (tmp_path / "p.yaml").write_text("apiVersion: itsmlint/v1\nkind: Person\nmetadata: {name: a}\nspec: {}\n",
                                     encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, [*argv[1:], "--today", "2026-11-23"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("itsmlint: 1 file, 1 document checked")
    assert (tmp_path / "itsmlint.sarif").is_file()
