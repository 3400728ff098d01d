"""--new-since REV: only the findings the files at a git revision did not have, and clear errors without git."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import git

from itsmlint.cli import main

TEAM = """\
apiVersion: itsmlint/v1
kind: Team
metadata: {name: NAME}
spec: {type: internal, owner: person:nobody, members: [person:nobody]}
"""


def check(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["check", "--today", "2026-11-23", "--select", "REF001", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "old.yaml").write_text(TEAM.replace("NAME", "old"), encoding="utf-8")
    git(tmp_path, "init", "-q")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_before_the_first_commit_every_finding_is_new(repo: Path) -> None:
    code, out, _ = check("--new-since", "HEAD")
    assert code == 1 and out.count("REF001") == 2


def test_findings_the_revision_had_are_not_reported_and_moving_a_document_keeps_them_old(repo: Path) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "old")
    assert check("--new-since", "HEAD")[0] == 0
    (repo / "old.yaml").rename(repo / "moved.yaml")  # same documents in another file: nothing new
    (repo / "new.yaml").write_text(TEAM.replace("NAME", "new"), encoding="utf-8")
    code, out, _ = check("--new-since", "HEAD")
    assert code == 1 and {line.split(":")[0] for line in out.splitlines()[:-1]} == {"new.yaml"}


@pytest.mark.parametrize(("revision", "message"), [("no-such-branch", "no revision 'no-such-branch'")])
def test_an_unknown_revision_is_a_usage_error(repo: Path, revision: str, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "old")
    code, out, err = check("--new-since", revision)
    assert (code, out) == (2, "") and f"--new-since {revision}: {message}" in err


def test_outside_a_git_work_tree_it_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "old.yaml").write_text(TEAM.replace("NAME", "old"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    code, _, err = check("--new-since", "HEAD")
    assert code == 2 and err.startswith("itsmlint: error: --new-since HEAD: ") and err.count("\n") == 1
