"""A file or folder is linted in its repository's context, and a path with nothing to lint fails."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from itsmlint.cli import main

PEOPLE = """\
apiVersion: itsmlint/v1
kind: Person
metadata: {name: jdoe}
spec: {displayName: Jane Doe, email: jdoe@example.org}
---
apiVersion: itsmlint/v1
kind: Role
metadata: {name: desk-lead}
spec: {category: practitioner}
"""
# Both name people and roles defined in org/; the second also misspells one.
GOOD = """\
apiVersion: itsmlint/v1
kind: Team
metadata: {name: desk}
spec: {type: internal, owner: person:jdoe, members: [person:jdoe]}
"""
BAD = """\
apiVersion: itsmlint/v1
kind: Team
metadata: {name: field}
spec: {type: internal, owner: person:jdoe, members: [person:jdo]}
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    for folder, name, text in (
        ("org", "people.yaml", PEOPLE),
        ("teams", "desk.yaml", GOOD),
        ("teams", "field.yaml", BAD),
    ):
        (tmp_path / folder).mkdir(exist_ok=True)
        (tmp_path / folder / name).write_text(text, encoding="utf-8")
    (tmp_path / "ci").mkdir()
    (tmp_path / "ci" / "workflow.yml").write_text("on: push\njobs: {t: {runs-on: x}}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def check(*args: str) -> tuple[int, list[dict[str, object]], str, str]:
    result = CliRunner().invoke(
        main, ["check", "--today", "2026-11-23", "--select", "REF001", "--format", "json", *args]
    )
    data = json.loads(result.stdout) if result.stdout.startswith("{") else {"findings": []}
    return result.exit_code, data["findings"], result.stdout, result.stderr


def test_one_file_is_linted_with_the_repository_as_context(repo: Path) -> None:
    """person:jdoe is defined in org/: no false 'does not resolve' for a file named alone."""
    code, findings, _, _ = check("teams/desk.yaml")
    assert (code, findings) == (0, [])
    code, findings, _, _ = check("teams")
    assert code == 1 and [(f["path"], f["line"]) for f in findings] == [("teams/field.yaml", 4)]


def test_findings_are_reported_for_the_named_paths_only(repo: Path) -> None:
    (repo / "org" / "people.yaml").write_text(PEOPLE + BAD.replace("field", "other"), encoding="utf-8")
    code, findings, _, _ = check("teams/field.yaml")
    assert code == 1 and {f["path"] for f in findings} == {"teams/field.yaml"}
    result = CliRunner().invoke(main, ["check", "--today", "2026-11-23", "--select", "REF001", "teams/field.yaml"])
    assert result.stdout.splitlines()[-1].startswith("1 file, 1 document checked: 1 error")


def test_context_can_be_narrowed(repo: Path) -> None:
    """--context teams reads only teams/: person:jdoe is then unknown there."""
    code, findings, _, _ = check("--context", "teams", "teams/desk.yaml")
    assert code == 1 and {f["message"] for f in findings} == {"person:jdoe does not resolve to any document"}


def test_a_configuration_file_marks_the_context(repo: Path) -> None:
    """A folder with its own .itsmlint.yaml is a repository of its own: context stops there."""
    (repo / "teams" / ".itsmlint.yaml").write_text("params: {}\n", encoding="utf-8")
    code, findings, _, _ = check("teams/desk.yaml")
    assert code == 1 and "person:jdoe does not resolve" in str(findings)


@pytest.mark.parametrize("path", ["ci", "ci/workflow.yml", "empty"])
def test_a_named_path_with_nothing_to_lint_is_a_usage_error(repo: Path, path: str) -> None:
    (repo / "empty").mkdir()
    code, _, out, err = check(path)
    assert (code, out) == (2, "")
    assert (
        err == f"itsmlint: error: {path}: no itsmlint documents here (YAML files with apiVersion: itsmlint/v1); "
        "nothing was checked\n"
    )


def test_an_empty_repository_fails_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The bare default "." is a path like any other: a CI job run in the wrong folder must not pass."""
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    code, _, _, err = check()
    assert code == 2 and err.startswith("itsmlint: error: .: no itsmlint documents here")


def test_changed_only_accepts_changed_files_that_are_not_documents(repo: Path) -> None:
    """The itsmlint-changed hook passes every staged YAML file, a CI workflow among them."""
    code, findings, _, _ = check("--changed-only", "ci/workflow.yml", "teams/desk.yaml")
    assert (code, findings) == (0, [])
