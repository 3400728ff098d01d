"""The real pre-commit, installing itsmlint's hooks from this checkout.

A copy of the checkout (with any uncommitted work) becomes a git repository
that pre-commit installs the hooks from, exactly as it would from GitHub. A
second repository holds process documents and has the hooks installed: a
good commit goes through, a bad one is refused with the finding shown.

This test needs the ``pre-commit`` command (a test extra) and the network to
install itsmlint's dependencies into pre-commit's own environment, the first
time; it is skipped only when pre-commit is not installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

# Spawns processes (or a browser): left out of the fast suite, pytest -m 'not e2e'.
pytestmark = pytest.mark.e2e

ROOT = Path(__file__).parents[2]
PRE_COMMIT = shutil.which("pre-commit")

GOOD = """\
apiVersion: itsmlint/v1
kind: Person
metadata: {name: jdoe}
spec: {displayName: Jane Doe}
---
apiVersion: itsmlint/v1
kind: Team
metadata: {name: desk}
spec: {type: internal, owner: person:jdoe, members: [person:jdoe]}
"""
BAD = """\
apiVersion: itsmlint/v1
kind: Team
metadata: {name: network}
spec: {type: internal, owner: person:jdo, members: [person:jdoe]}
"""


def git(cwd: Path, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False)


@pytest.mark.skipif(PRE_COMMIT is None, reason="pre-commit is not installed (pip install -e '.[test]')")
def test_pre_commit_refuses_a_bad_commit_and_shows_the_finding(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "GIT_CONFIG_GLOBAL": str(tmp_path / "gitconfig"),
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    env.pop("PYTHONDONTWRITEBYTECODE", None)

    # The hooks' source: this checkout as it is now, committed in a copy.
    source = tmp_path / "itsmlint"
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    for name in listed:
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "itsmlint"]):
        assert git(source, *args, env=env).returncode == 0
    rev = git(source, "rev-parse", "HEAD", env=env).stdout.strip()

    repo = tmp_path / "processes"
    repo.mkdir()
    assert git(repo, "init", "-q", env=env).returncode == 0
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {source}\n    rev: {rev}\n    hooks:\n"
        "      - id: itsmlint\n        args: [--today, '2026-11-23', --select, 'REF,OWN003']\n"
        "      - id: itsmlint-changed\n        args: [--today, '2026-11-23', --select, 'REF,OWN003']\n",
        encoding="utf-8",
    )
    installed = subprocess.run(
        [PRE_COMMIT or "pre-commit", "install"], cwd=repo, env=env, capture_output=True, text=True, check=False
    )
    assert installed.returncode == 0, installed.stderr

    (repo / "org.yaml").write_text(GOOD, encoding="utf-8")
    git(repo, "add", "-A", env=env)
    good = git(repo, "commit", "-m", "good", env=env)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "itsmlint" in good.stdout + good.stderr and "Passed" in good.stdout + good.stderr

    (repo / "network.yaml").write_text(BAD, encoding="utf-8")
    git(repo, "add", "network.yaml", env=env)
    bad = git(repo, "commit", "-m", "bad", env=env)
    output = bad.stdout + bad.stderr
    assert bad.returncode != 0, output
    assert "network.yaml:4:" in output and "REF001" in output and "person:jdo does not resolve" in output
    assert "did you mean person:jdoe?" in output
    assert git(repo, "log", "--oneline", env=env).stdout.count("\n") == 1, "the bad commit was refused"


@pytest.mark.skipif(PRE_COMMIT is None, reason="pre-commit is not installed (pip install -e '.[test]')")
def test_the_projects_own_hooks_are_a_valid_pre_commit_config() -> None:
    """The project's own .pre-commit-config.yaml is well formed and calls only tools of the test extras."""
    assert PRE_COMMIT is not None
    done = subprocess.run(
        [PRE_COMMIT, "validate-config", str(ROOT / ".pre-commit-config.yaml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    tools = {hook["entry"].split()[0] for repo in config["repos"] for hook in repo["hooks"]}
    assert tools == {"ruff", "mypy", "python", "itsmlint"}
