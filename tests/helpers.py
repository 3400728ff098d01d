"""Shared test helpers: lint text or files with chosen rules, read expectations."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from itsmlint import fixtures
from itsmlint.engine import Result, run
from itsmlint.finding import Finding
from itsmlint.loader import load
from itsmlint.options import Options
from itsmlint.params import defaults
from itsmlint.registry import builtin_catalog
from itsmlint.settings import Settings

TODAY = dt.date(2026, 11, 22)


def settings_with(params: dict[str, Any] | None = None) -> Settings:
    merged = defaults()
    merged.update(params or {})
    return Settings(params=merged)


def lint_paths(
    paths: list[Path], root: Path, select: list[str], today: dt.date = TODAY, params: dict[str, Any] | None = None
) -> Result:
    loaded = load(paths, root)
    return run(loaded, builtin_catalog(), settings_with(params), Options(today, select=tuple(select)))


def lint_text(tmp_path: Path, text: str, select: list[str], name: str = "doc.yaml", **kw: Any) -> list[Finding]:
    file = tmp_path / name
    file.write_text(text, encoding="utf-8")
    return lint_paths([file], tmp_path, select, **kw).findings


@dataclass(frozen=True)
class Case:
    path: Path
    today: dt.date
    params: dict[str, Any]
    expected: list[tuple[int, str, str | None]]  # sorted (line, rule id or id[sub], document ref)
    also: list[str]  # rules that also run, whose own findings are not compared (GOV004 needs findings to waive)
    paths: list[Path]  # the fixture and its companion files (a <stem>.CODEOWNERS)


def read_case(path: Path) -> Case:
    case = fixtures.read_case(path)
    return Case(path, case.today or TODAY, case.params, case.expected, case.also, case.paths)


document_at = fixtures.document_starts
expected_markers = fixtures.expected_markers
compare = fixtures.compare


def git(repo: Path, *args: str) -> str:
    """Run git in ``repo`` with a fixed identity and no system or user configuration; its output."""
    import os
    import subprocess

    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
    }
    done = subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True)
    return done.stdout


def low_process_repo(root: Path) -> Path:
    """The northwind sample in a fresh git repository, with one process held at level 1 and a rule switched off.

    The incident process names two Accountables on one activity (RACI001, a
    level-2 error), while the three services marked ``criticality: high``
    stay at level 5: the audit's headline must show the process. The
    configuration switches RACI003 off and raises GOV001 to an error.
    """
    import shutil

    repo = root / "repo"
    shutil.copytree(Path(__file__).parents[1] / "samples" / "northwind", repo / "governance")
    incident = repo / "governance" / "processes" / "incident-management.yaml"
    text = incident.read_text(encoding="utf-8")
    assert text.count("        accountable: role:incident-manager\n") >= 1
    incident.write_text(
        text.replace(
            "        accountable: role:incident-manager\n",
            "        accountable: [role:incident-manager, person:mhartley]\n",
            1,
        ),
        encoding="utf-8",
    )
    config = repo / "governance" / ".itsmlint.yaml"
    config.write_text(
        config.read_text(encoding="utf-8") + "rules:\n  RACI003: off\n  GOV001: error\n", encoding="utf-8"
    )
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "governance")
    return repo
