"""Security: input is data. No code runs from it, nothing goes on the network, nothing outside the given paths is read.

Each command runs in a child process under a Python audit hook
(``support/audited_run.py``) that records every file opened, every folder
listed, and any socket, subprocess or foreign-library event.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path
from typing import Any

import pytest

import itsmlint

ROOT = Path(__file__).parents[2]
RUNNER = Path(__file__).parent / "support" / "audited_run.py"
TODAY = "2026-11-23"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(ROOT / "samples" / "custom-rules", root)
    (root / ".git").mkdir()
    # A decoy beside the linted folder and one reachable only through a link out of it.
    (root / "elsewhere").mkdir()
    (root / "elsewhere" / "decoy.yaml").write_text("apiVersion: itsmlint/v1\nkind: Person\n", encoding="utf-8")
    outside = tmp_path / "outside.yaml"
    outside.write_text("apiVersion: itsmlint/v1\nkind: Person\n", encoding="utf-8")
    docs = next(p for p in sorted(root.iterdir()) if p.is_dir() and p.name not in (".git", "elsewhere", "governance"))
    (docs / "link-out.yaml").symlink_to(outside)
    # Rule folders hold data: a Python file there is never imported.
    marker = tmp_path / "executed"
    (root / "governance" / "rules" / "evil.py").write_text(f"open({str(marker)!r}, 'w').close()\n", encoding="utf-8")
    (root / "governance" / "rules" / "tagged.yaml.txt").write_text("not a rule file\n", encoding="utf-8")
    return root


def audited(repo: Path, *args: str) -> tuple[int, list[list[str]]]:
    events = repo.parent / "events.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HTTP", "HTTPS", "NO_PROXY"))}
    subprocess.run(
        [sys.executable, str(RUNNER), str(events), *args],
        cwd=repo,
        env=env,
        check=False,
        capture_output=True,
        timeout=120,
    )
    data: dict[str, Any] = json.loads(events.read_text(encoding="utf-8"))
    return int(data["code"]), data["events"]


def _allowed_roots(repo: Path, scope: str) -> list[str]:
    package = Path(itsmlint.__file__).resolve().parent
    roots = {
        repo / scope,
        repo / ".itsmlint.yaml",
        repo / "governance",
        repo / "out",
        package,
        package.parent / "rules",
        package.parent / "policies",  # editable install: the catalog
        Path(sys.prefix),
        Path(sys.base_prefix),
        Path(sysconfig.get_paths()["stdlib"]),
        RUNNER.parent,
        Path(os.environ["ITSMLINT_CACHE_DIR"]),
    }  # the per-file cache: outside the repository, the user's
    return [os.path.realpath(r) for r in roots]


def _outside(paths: list[str], roots: list[str], cwd: Path) -> list[str]:
    out = []
    for path in paths:
        real = os.path.realpath(cwd / path)
        if real.startswith("/dev/") or real in ("/etc/localtime",):
            continue
        if not any(real == r or real.startswith(r.rstrip("/") + "/") for r in roots):
            out.append(path)
    return out


COMMANDS = [
    ("check", "{docs}", "--today", TODAY, "--format", "json", "--format", "sarif:out/x.sarif"),
    ("audit", "{docs}", "--today", TODAY, "-o", "out/audit"),
    ("baseline", "write", "{docs}", "--today", TODAY, "-o", "out/baseline.json"),
    ("test-rules", "governance/rules"),
    ("rules",),
]


@pytest.mark.parametrize("command", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_reads_only_the_given_paths_and_never_connects_or_spawns(repo: Path, command: tuple[str, ...]) -> None:
    docs = next(
        p.name for p in sorted(repo.iterdir()) if p.is_dir() and p.name not in (".git", "elsewhere", "governance")
    )
    code, events = audited(repo, *(part.format(docs=docs) for part in command))
    assert code in (0, 1)
    foreign = [e for e in events if e[0] not in ("open", "os.scandir", "os.listdir")]
    assert foreign == []  # no socket, subprocess, exec or ctypes event at all
    touched = [e[1] for e in events if e[0] in ("open", "os.scandir", "os.listdir")]
    # check and baseline read the repository the paths belong to, for context (the decoy beside the linted
    # folder is in it); never what a link leads to outside it, nor a Python file in a rules folder.
    context = command[0] in ("check", "baseline")
    allowed = _allowed_roots(repo, docs) + ([os.path.realpath(repo)] if context else [])
    if command[0] == "audit":
        # The audit records the commit it was made from: it reads git's own files (here an empty .git, so
        # there is no commit, and no git process is started to ask about changes).
        allowed.append(os.path.realpath(repo / ".git"))
    assert _outside(touched, allowed, repo) == []
    assert not any(("decoy.yaml" in p and not context) or "outside.yaml" in p or p.endswith("evil.py") for p in touched)
    assert not (repo.parent / "executed").exists()
    # It did read the documents it was given.
    if command[0] not in ("rules", "test-rules"):
        assert any(p.startswith(str(repo / docs)) or p.startswith(docs) for p in touched)


def test_plugins_load_only_from_installed_entry_points() -> None:
    """Nothing in a repository (config, rules_dirs) can name Python code to import."""
    schema = json.loads((ROOT / "itsmlint" / "schemas" / "config.schema.json").read_text(encoding="utf-8"))
    assert not {"plugins", "plugin", "module", "modules", "python"} & set(schema["properties"])
    rule_schema = json.loads((ROOT / "itsmlint" / "schemas" / "rule.schema.json").read_text(encoding="utf-8"))
    assert rule_schema.get("additionalProperties") is False
