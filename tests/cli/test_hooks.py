"""The shipped pre-commit hooks, run as pre-commit would run them.

The manifest is read from ``.pre-commit-hooks.yaml`` and each hook's entry is
run through click's runner from the sample repository's root, with the files
pre-commit would pass. The clean sample must pass, the anti-patterns fail.
"""

from __future__ import annotations

import shlex
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from helpers import git

from itsmlint.cli import main

ROOT = Path(__file__).parents[2]
HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
TODAY = ["--today", "2026-11-23"]


def run_hook(hook: dict[str, object], repo: Path, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.chdir(repo)
    argv = shlex.split(str(hook["entry"]))
    assert argv[0] == "itsmlint"
    args = [*argv[1:], *TODAY, *[str(a) for a in hook.get("args", [])]]  # type: ignore[attr-defined]
    if hook.get("pass_filenames", True):
        args += sorted(p.relative_to(repo).as_posix() for p in repo.rglob("*.y*ml"))
    result = CliRunner().invoke(main, args)
    assert "Traceback" not in result.output
    return result.exit_code


def test_manifest_declares_the_whole_repository_hook() -> None:
    main_hook = next(h for h in HOOKS if h["id"] == "itsmlint")
    # Cross-document rules need every document, not only the staged ones.
    assert main_hook["pass_filenames"] is False and main_hook["always_run"] is True
    assert {"id", "name", "entry", "language"} <= set(main_hook)


@pytest.mark.parametrize("hook", HOOKS, ids=[h["id"] for h in HOOKS])
def test_hook_passes_on_the_clean_sample(hook: dict[str, object], monkeypatch: pytest.MonkeyPatch) -> None:
    assert run_hook(hook, ROOT / "samples" / "northwind", monkeypatch) == 0


@pytest.mark.parametrize("hook", HOOKS, ids=[h["id"] for h in HOOKS])
def test_hook_fails_on_the_anti_patterns(
    hook: dict[str, object], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """In a repository whose last commit had none of them, every anti-pattern is new."""
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "samples" / "anti-patterns", repo)
    git(repo, "init", "-q")
    git(repo, "commit", "-q", "--allow-empty", "-m", "empty")
    assert run_hook(hook, repo, monkeypatch) == 1


def test_the_changed_hook_reports_what_a_change_breaks_elsewhere(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Deleting a RoleAssignment leaves the process it staffed unstaffed, in a file the commit did not touch."""
    hook = next(h for h in HOOKS if h["id"] == "itsmlint-changed")
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "samples" / "northwind", repo)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "northwind")
    assert run_hook(hook, repo, monkeypatch) == 0
    assignments = repo / "org" / "role-assignments.yaml"
    documents = assignments.read_text(encoding="utf-8").split("\n---\n")
    kept = [d for d in documents if "name: major-incident-manager\n" not in d]
    assert len(kept) == len(documents) - 1
    assignments.write_text("\n---\n".join(kept), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--new-since", "HEAD", *TODAY])
    assert result.exit_code == 1
    assert result.stdout.startswith("processes/incident-management.yaml:") and "REF003" in result.stdout
    assert result.stdout.count(" error ") == 1  # one finding: the old ones do not count
