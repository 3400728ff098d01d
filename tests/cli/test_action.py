"""The GitHub Action: its inputs, and the script it runs, executed here as the runner does."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

# Spawns processes (or a browser): left out of the fast suite, pytest -m 'not e2e'.
pytestmark = pytest.mark.e2e

ROOT = Path(__file__).parents[2]
ACTION: dict[str, Any] = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
STEPS: list[dict[str, Any]] = ACTION["runs"]["steps"]
EXPRESSION = re.compile(r"^\$\{\{ ([a-z_.-]+) \}\}$")
PERSON = "apiVersion: itsmlint/v1\nkind: Person\nmetadata: {name: a}\nspec: {}\n"
# The context of a push to the repository itself: code scanning may be written.
PUSH = {
    "github.event_name": "push",
    "github.event.pull_request.head.repo.full_name": "",
    "github.repository": "acme/governance",
    "github.actor": "alice",
    "github.action_path": str(ROOT),
}


def step(key: str, value: str) -> dict[str, Any]:
    (found,) = [s for s in STEPS if s.get(key) == value]
    return found


def run_step(
    name: str, cwd: Path, inputs: dict[str, str] | None = None, github: dict[str, str] | None = None
) -> tuple[subprocess.CompletedProcess[str], dict[str, str]]:
    """Run a step's script as a composite action's bash step runs, with its env: resolved; (process, outputs)."""
    chosen = {name: str(spec.get("default", "")) for name, spec in ACTION["inputs"].items()} | (inputs or {})
    context = PUSH | (github or {})
    target = step("name", name)
    env = dict(os.environ)
    env.pop("GITHUB_ACTIONS", None)
    # The itsmlint of this checkout, as the Action's install step provides it.
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    output = cwd / "github-output.txt"
    output.write_text("", encoding="utf-8")
    env["GITHUB_OUTPUT"] = str(output)
    for variable, expression in target.get("env", {}).items():
        match = EXPRESSION.match(expression)
        assert match, f"{variable}: one expression per variable, nothing around it"
        key = match.group(1)
        env[variable] = chosen[key.removeprefix("inputs.")] if key.startswith("inputs.") else context[key]
    script = cwd / "step.sh"
    script.write_text(target["run"], encoding="utf-8")
    # The runner's own command line for shell: bash.
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    outputs = dict(line.split("=", 1) for line in output.read_text(encoding="utf-8").splitlines())
    return done, outputs


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "p.yaml").write_text(PERSON, encoding="utf-8")
    return tmp_path


def test_action_is_a_composite_with_the_documented_inputs() -> None:
    assert ACTION["runs"]["using"] == "composite"
    assert {"paths", "fail-on", "args", "sarif-file", "upload-sarif", "category"} <= set(ACTION["inputs"])
    upload = [s for s in STEPS if s.get("uses", "").startswith("github/codeql-action/upload-sarif@")]
    assert len(upload) == 1
    # Uploaded only when the check step says itsmlint wrote the report and may send it.
    assert upload[0]["if"] == "${{ always() && steps.check.outputs.upload == 'true' }}"
    assert upload[0]["with"]["category"] == "${{ inputs.category }}"


def test_no_expression_is_pasted_into_a_script() -> None:
    """GitHub's hardening guide: inputs and contexts reach a script through env:, never inside its text."""
    scripts = [s["run"] for s in STEPS if "run" in s]
    assert scripts and all("${{" not in script for script in scripts)


def test_the_action_runs_with_its_default_inputs(repo: Path) -> None:
    done, outputs = run_step("Run itsmlint", repo)
    assert done.returncode == 0, done.stderr
    assert outputs == {"exit-code": "0", "upload": "true"}
    assert done.stdout.startswith("itsmlint: 1 file, 1 document checked")
    sarif = json.loads((repo / "itsmlint.sarif").read_text(encoding="utf-8"))
    # The same category in the report as in the upload step, as GitHub writes it.
    assert sarif["runs"][0]["automationDetails"] == {"id": "itsmlint/"}


def test_findings_keep_the_exit_code_for_the_last_step(repo: Path) -> None:
    (repo / "t.yaml").write_text(
        "apiVersion: itsmlint/v1\nkind: Team\nmetadata: {name: t}\nspec: {owner: person:b}\n", encoding="utf-8"
    )
    done, outputs = run_step("Run itsmlint", repo)
    assert done.returncode == 0, done.stderr
    assert outputs == {"exit-code": "1", "upload": "true"}
    assert "::error file=t.yaml" in done.stdout
    fail = step("name", "Fail on findings")
    assert fail["env"] == {"EXIT_CODE": "${{ steps.check.outputs.exit-code }}"}
    for code in ("0", "1", "2"):
        ran = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", fail["run"]],
            env={**os.environ, "EXIT_CODE": code},
            check=False,
        )
        assert ran.returncode == int(code)


def test_a_usage_error_is_an_annotation_and_nothing_is_uploaded(repo: Path) -> None:
    done, outputs = run_step("Run itsmlint", repo, {"paths": "governance/"})
    assert done.returncode == 0, done.stderr
    assert outputs == {"exit-code": "2", "upload": "false"}
    assert done.stdout.splitlines() == [
        "::error title=itsmlint could not run (exit 2)::governance: no such file or folder"
    ]
    assert "itsmlint: error: governance: no such file or folder" in done.stderr  # the log keeps it too
    assert not (repo / "itsmlint.sarif").exists()


def test_an_unknown_option_in_args_is_an_annotation(repo: Path) -> None:
    done, outputs = run_step("Run itsmlint", repo, {"args": "--no-such-option"})
    assert outputs == {"exit-code": "2", "upload": "false"}
    (line,) = done.stdout.splitlines()
    assert line.startswith("::error title=itsmlint could not run (exit 2)::Error: No such option")


def test_a_stale_report_from_an_earlier_step_is_not_uploaded(repo: Path) -> None:
    (repo / "itsmlint.sarif").write_text("{}", encoding="utf-8")
    _, outputs = run_step("Run itsmlint", repo, {"paths": "missing"})
    assert outputs == {"exit-code": "2", "upload": "false"}


def test_inputs_are_data_not_commands(repo: Path) -> None:
    hostile = {
        "paths": ". $(touch pwned1) `touch pwned2`; touch pwned3",
        "args": "--today 2026-11-23 ;touch pwned4",
        "fail-on": 'error" ; touch pwned5; echo "',
        "sarif-file": "out $(touch pwned6).sarif",
    }
    done, outputs = run_step("Run itsmlint", repo, hostile)
    assert done.returncode == 0, done.stderr
    assert outputs["exit-code"] == "2"
    assert sorted(p.name for p in repo.iterdir() if p.name.startswith("pwned")) == []
    # itsmlint was handed the words as they are.
    assert done.stdout.startswith("::error title=itsmlint could not run (exit 2)::")


@pytest.mark.parametrize(
    "github",
    [
        {"github.event_name": "pull_request", "github.event.pull_request.head.repo.full_name": "mallory/governance"},
        {
            "github.event_name": "pull_request",
            "github.actor": "dependabot[bot]",
            "github.event.pull_request.head.repo.full_name": "acme/governance",
        },
    ],
)
def test_a_pull_request_without_write_permission_keeps_to_annotations(repo: Path, github: dict[str, str]) -> None:
    done, outputs = run_step("Run itsmlint", repo, github=github)
    assert done.returncode == 0, done.stderr
    assert outputs == {"exit-code": "0", "upload": "false"}
    notices = [line for line in done.stdout.splitlines() if line.startswith("::notice title=itsmlint::")]
    assert len(notices) == 1 and "not uploaded to code scanning" in notices[0]


def test_a_pull_request_from_the_repository_itself_uploads(repo: Path) -> None:
    _, outputs = run_step(
        "Run itsmlint",
        repo,
        github={
            "github.event_name": "pull_request",
            "github.event.pull_request.head.repo.full_name": "acme/governance",
        },
    )
    assert outputs == {"exit-code": "0", "upload": "true"}


def test_a_configuration_error_is_annotated_on_its_file_and_line(repo: Path) -> None:
    (repo / ".itsmlint.yaml").write_text("rules:\n  RACI001: of\n", encoding="utf-8")
    done, outputs = run_step("Run itsmlint", repo)
    assert outputs == {"exit-code": "2", "upload": "false"}
    assert done.stdout.splitlines() == [
        "::error file=.itsmlint.yaml,line=2,col=12,title=itsmlint could not run (exit 2)::"
        "'of' is not a severity; use off, info, warning or error"
    ]
