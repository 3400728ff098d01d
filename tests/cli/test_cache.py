"""The run cache: a replay is byte-identical to a full run, and anything that could change the output invalidates it."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from itsmlint import cache

ROOT = Path(__file__).parents[2]
CHECK = ["check", ".", "--today", "2026-11-23", "--format", "json"]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(ROOT / "samples" / "custom-rules", root)
    (root / ".git").mkdir()
    return root


def itsmlint(repo: Path, *args: str, importtime: bool = False) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("ITSMLINT_NO_CACHE", "ITSMLINT_CACHE_DIR")}
    flags = ["-X", "importtime"] if importtime else []
    return subprocess.run([sys.executable, *flags, "-m", "itsmlint", *args], cwd=repo, env=env, capture_output=True,
                          text=True, timeout=120, check=False)


def replayed(done: subprocess.CompletedProcess[str]) -> bool:
    """A replay never imports the CLI (click, the YAML parser, the rules): -X importtime shows it."""
    return "| itsmlint.cli" not in done.stderr and "| itsmlint.cache" in done.stderr


def test_a_second_identical_run_is_replayed_byte_for_byte(repo: Path) -> None:
    first = itsmlint(repo, *CHECK, importtime=True)
    second = itsmlint(repo, *CHECK, importtime=True)
    plain = itsmlint(repo, *CHECK, "--no-cache")
    assert not replayed(first) and replayed(second)
    assert first.returncode == second.returncode == plain.returncode == 1
    assert first.stdout == second.stdout
    assert json.loads(plain.stdout) == json.loads(first.stdout)  # --no-cache is another command line: same findings
    assert plain.stdout == first.stdout
    assert (repo / ".itsmlint_cache" / ".gitignore").read_text(encoding="utf-8").endswith("*\n")


def test_report_files_are_written_again_on_a_replay(repo: Path) -> None:
    args = [*CHECK, "--format", "sarif:out/x.sarif"]
    itsmlint(repo, *args)
    written = (repo / "out" / "x.sarif").read_text(encoding="utf-8")
    (repo / "out" / "x.sarif").unlink()
    again = itsmlint(repo, *args, importtime=True)
    assert replayed(again)
    assert (repo / "out" / "x.sarif").read_text(encoding="utf-8") == written


def _break_an_owner(repo: Path) -> None:
    path = next(p for p in sorted(repo.rglob("*.yaml")) if "kind: Process" in p.read_text(encoding="utf-8")
                and "governance" not in p.parts)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  owner: ", "  ownr: ", 1), encoding="utf-8")


@pytest.mark.parametrize("change", ["edit a document", "add a document", "remove a document", "edit the config",
                                    "edit a custom rule", "new config nearer the files"])
def test_a_change_to_any_input_invalidates_the_cache(repo: Path, change: str) -> None:
    args = ["check", "org", *CHECK[2:]] if change == "new config nearer the files" else CHECK
    before = itsmlint(repo, *args)
    if change == "edit a document":
        _break_an_owner(repo)
    elif change == "add a document":
        (repo / "org" / "new.yaml").write_text("apiVersion: itsmlint/v1\nkind: Person\nmetadata: {name: zed}\n"
                                               "spec: {displayName: Zed, email: zed@elsewhere.example}\n",
                                               encoding="utf-8")
    elif change == "remove a document":
        next(p for p in sorted((repo / "org").glob("*.yaml"))).unlink()
    elif change == "edit the config":
        config = repo / ".itsmlint.yaml"
        config.write_text(config.read_text(encoding="utf-8") + "rules:\n  X-ACME001: off\n", encoding="utf-8")
    elif change == "edit a custom rule":
        rule = next(p for p in sorted((repo / "governance" / "rules").glob("x-acme001*.yaml")))
        rule.write_text(rule.read_text(encoding="utf-8").replace("severity: error", "severity: info"),
                        encoding="utf-8")
    else:  # a config in the folder checked takes over from the repository's: the entry must notice
        (repo / "org" / ".itsmlint.yaml").write_text("params:\n  corporateDomains: [other.example]\n",
                                                     encoding="utf-8")
    after = itsmlint(repo, *args, importtime=True)
    assert not replayed(after)
    fresh = itsmlint(repo, *args, "--no-cache")
    assert after.stdout == fresh.stdout
    if change != "new config nearer the files":  # that config changes nothing the folder holds
        assert after.stdout != before.stdout


def test_a_new_itsmlint_version_changes_the_key(monkeypatch: pytest.MonkeyPatch) -> None:
    now = cache.key(CHECK)
    assert cache.key(CHECK) == now
    monkeypatch.setattr(cache, "__version__", "99.0.0")
    assert cache.key(CHECK) != now


def test_an_edited_itsmlint_file_changes_the_key(monkeypatch: pytest.MonkeyPatch) -> None:
    now = cache.key(CHECK)
    real_stat = os.stat

    def newer(path: str | os.PathLike[str], *args: object, **kw: object) -> os.stat_result:
        info = real_stat(path, *args, **kw)  # type: ignore[arg-type]
        if str(path).endswith(os.path.join("rules", "own", "own001.py")):
            return os.stat_result((*info[:8], info.st_mtime + 1, info[9]))
        return info

    monkeypatch.setattr(os, "stat", newer)
    assert cache.key(CHECK) != now


def test_other_options_dates_and_folders_are_other_entries(repo: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo)
    base = cache.key(CHECK)
    assert cache.key([*CHECK, "--select", "OWN"]) != base
    assert cache.key([*CHECK[:-1], "sarif"]) != base
    assert cache.key(CHECK, dt.date(2030, 1, 1)) != base
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert cache.key(CHECK) != base
    monkeypatch.delenv("GITHUB_ACTIONS")
    monkeypatch.chdir(tmp_path)
    assert cache.key(CHECK) != base


def test_concurrent_runs_agree_and_leave_a_sound_cache(repo: Path) -> None:
    with ThreadPoolExecutor(4) as pool:
        runs = list(pool.map(lambda _: itsmlint(repo, *CHECK), range(4)))
    assert {r.returncode for r in runs} == {1}
    assert len({r.stdout for r in runs}) == 1
    assert all(r.stderr == "" for r in runs)
    entries = list((repo / ".itsmlint_cache").glob("*.json"))
    assert len(entries) == 1
    json.loads(entries[0].read_text(encoding="utf-8"))
    assert not list((repo / ".itsmlint_cache").glob("*.tmp"))
    assert itsmlint(repo, *CHECK).stdout == runs[0].stdout


def test_a_damaged_entry_is_ignored_and_replaced(repo: Path) -> None:
    first = itsmlint(repo, *CHECK)
    (entry,) = (repo / ".itsmlint_cache").glob("*.json")
    entry.write_text('{"format": 1, "stdout": "forged"', encoding="utf-8")
    again = itsmlint(repo, *CHECK, importtime=True)
    assert not replayed(again) and again.stdout == first.stdout
    assert replayed(itsmlint(repo, *CHECK, importtime=True))


def test_no_cache_neither_reads_nor_writes_it(repo: Path) -> None:
    itsmlint(repo, *CHECK, "--no-cache")
    assert not (repo / ".itsmlint_cache").exists()
    env_off = subprocess.run([sys.executable, "-m", "itsmlint", *CHECK], cwd=repo, capture_output=True, text=True,
                             env={**os.environ, "ITSMLINT_NO_CACHE": "1"}, timeout=120, check=False)
    assert env_off.returncode == 1 and not (repo / ".itsmlint_cache").exists()


def test_usage_errors_are_never_cached(repo: Path) -> None:
    bad = itsmlint(repo, "check", "nowhere")
    assert bad.returncode == 2
    assert not list((repo / ".itsmlint_cache").glob("*.json")) if (repo / ".itsmlint_cache").exists() else True


@pytest.mark.parametrize("sample", ["anti-patterns", "generated"])
def test_plain_parallel_and_cached_runs_are_byte_identical(tmp_path: Path, sample: str) -> None:
    """Both repositories have more files than the parallel threshold, so --jobs really uses processes."""
    from itsmlint import loader

    repo = tmp_path / "repo"
    if sample == "generated":
        sys.path.insert(0, str(ROOT / "benchmarks"))
        import generate

        generate.write(repo, 300)
        _break_an_owner(repo)
    else:
        shutil.copytree(ROOT / "samples" / sample, repo)
    (repo / ".git").mkdir()
    assert sum(1 for _ in repo.rglob("*.yaml")) > loader._PARALLEL_FROM
    args = [*CHECK[:-2], "--format", "json", "--format", "sarif:out.sarif", "--format", "text:out.txt"]
    runs = {}
    for label, extra in [("plain", ["--no-cache"]), ("jobs 2", ["--no-cache", "--jobs", "2"]),
                         ("jobs 3", ["--no-cache", "-j", "3"]), ("recorded", []), ("replayed", [])]:
        done = itsmlint(repo, *args, *extra, importtime=label == "replayed")
        assert label != "replayed" or replayed(done)
        runs[label] = (done.returncode, done.stdout, (repo / "out.sarif").read_bytes(), (repo / "out.txt").read_bytes())
    assert len(set(runs.values())) == 1, {k: v[0] for k, v in runs.items()}
    assert runs["plain"][0] == 1
    assert json.loads(runs["plain"][1])["findings"]  # something to locate, from lazily located documents too
