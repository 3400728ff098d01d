"""The per-file cache: outside the repository, a speed-up only, and never a way to change a result."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from itsmlint import cache, loader
from itsmlint.cache import FileCache

# Spawns processes (or a browser): left out of the fast suite, pytest -m 'not e2e'.
pytestmark = pytest.mark.e2e

ROOT = Path(__file__).parents[2]
CHECK = ["check", ".", "--today", "2026-11-23", "--format", "json"]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository with findings of many rules, its own rules and a configuration."""
    root = tmp_path / "repo"
    shutil.copytree(ROOT / "samples" / "custom-rules", root)
    shutil.copytree(ROOT / "samples" / "anti-patterns", root / "gallery")
    (root / ".git").mkdir()
    return root


def itsmlint(repo: Path, *args: str, cache_dir: Path | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("ITSMLINT_NO_CACHE", "ITSMLINT_CACHE_DIR")}
    if cache_dir is not None:
        env["ITSMLINT_CACHE_DIR"] = str(cache_dir)
    else:
        env["ITSMLINT_NO_CACHE"] = "1"
    return subprocess.run(
        [sys.executable, "-m", "itsmlint", *args],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def entries(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.json"))}


@pytest.mark.parametrize("fmt", ["json", "text", "sarif", "junit"])
def test_cold_warm_parallel_and_uncached_runs_print_the_same_bytes(repo: Path, tmp_path: Path, fmt: str) -> None:
    store = tmp_path / "cache"
    args = ["check", ".", "--today", "2026-11-23", "--format", fmt]
    cold = itsmlint(repo, *args, cache_dir=store)
    written = entries(store)
    warm = itsmlint(repo, *args, cache_dir=store)
    parallel = itsmlint(repo, *args, "--jobs", "2", cache_dir=store)
    plain = itsmlint(repo, *args, "--no-cache", cache_dir=store)
    unset = itsmlint(repo, *args, cache_dir=None)
    assert cold.returncode == 1 and len(cold.stdout) > 1000
    assert len(written) > 40  # one entry per file of documents
    for other in (warm, parallel, plain, unset):
        assert (other.returncode, other.stdout, other.stderr) == (cold.returncode, cold.stdout, cold.stderr)
    assert entries(store) == written  # a warm run rewrites nothing
    assert not (repo / ".itsmlint_cache").exists()


def test_a_warm_run_parses_only_the_file_that_changed(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from itsmlint.cli import main

    monkeypatch.chdir(repo)
    monkeypatch.setenv("ITSMLINT_CACHE_DIR", str(tmp_path / "cache"))
    parsed: list[str] = []
    real = loader.parse_file

    def counting(data: bytes, display: str, explicit: bool = True) -> loader.LoadResult:
        parsed.append(display)
        return real(data, display, explicit)

    monkeypatch.setattr(loader, "parse_file", counting)

    def run() -> str:
        with pytest.raises(SystemExit):
            main(args=CHECK, prog_name="itsmlint")
        return ""

    run()
    assert len(parsed) > 40
    parsed.clear()
    run()
    assert parsed == []
    target = repo / "gallery" / "own001-joint-owners.yaml"
    target.write_text(target.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    run()
    assert parsed == ["gallery/own001-joint-owners.yaml"]


def test_findings_caused_elsewhere_are_found_on_a_warm_run(repo: Path, tmp_path: Path) -> None:
    """Cross-document rules always run on the whole corpus: a change shows wherever its finding sits."""
    store = tmp_path / "cache"
    before = json.loads(itsmlint(repo, *CHECK, cache_dir=store).stdout)
    person = next(p for p in sorted((repo / "org").rglob("*.yaml")) if "kind: Person" in p.read_text("utf-8"))
    person.unlink()
    after = itsmlint(repo, *CHECK, cache_dir=store)
    uncached = itsmlint(repo, *CHECK, cache_dir=None)
    assert after.stdout == uncached.stdout
    new = {f["fingerprint"] for f in json.loads(after.stdout)["findings"]} - {
        f["fingerprint"] for f in before["findings"]
    }
    assert new  # dangling references to the deleted person, in files that did not change


def test_a_cache_folder_committed_to_the_repository_is_neither_read_nor_touched(repo: Path, tmp_path: Path) -> None:
    """The old replay cache lived in .itsmlint_cache/: a crafted one, or a link from it, changes nothing."""
    expected = itsmlint(repo, *CHECK, cache_dir=None)
    crafted = repo / ".itsmlint_cache"
    crafted.mkdir()
    fake = json.dumps(
        {
            "format": 1,
            "stdout": '{"findings": []}',
            "stderr": "",
            "code": 0,
            "writes": [],
            "inputs": {},
            "config": None,
            "start": ".",
            "walk": {},
        }
    )
    for name in ("0" * 32, "f" * 32):
        (crafted / f"{name}.json").write_text(fake, encoding="utf-8")
    (crafted / "aa").mkdir()
    (crafted / "aa" / ("b" * 38 + ".json")).write_text("[1, [], [], []]", encoding="utf-8")
    snapshot = {p: p.read_bytes() for p in crafted.rglob("*") if p.is_file()}
    store = tmp_path / "cache"
    assert itsmlint(repo, *CHECK, cache_dir=store).stdout == expected.stdout
    assert itsmlint(repo, *CHECK, cache_dir=store).stdout == expected.stdout
    assert {p: p.read_bytes() for p in crafted.rglob("*") if p.is_file()} == snapshot
    # The same folder as a link to another one: nothing there is deleted or written.
    shutil.rmtree(crafted)
    victim = tmp_path / "precious"
    victim.mkdir()
    (victim / "data.json").write_text('{"keep": true}', encoding="utf-8")
    crafted.symlink_to(victim, target_is_directory=True)
    assert itsmlint(repo, *CHECK, cache_dir=store).stdout == expected.stdout
    assert sorted(p.name for p in victim.iterdir()) == ["data.json"]


@pytest.mark.parametrize("damage", ["truncated", "garbage", "wrong shape", "empty", "a folder", "a link", "a pipe"])
def test_damaged_entries_are_ignored(repo: Path, tmp_path: Path, damage: str) -> None:
    store = tmp_path / "cache"
    expected = itsmlint(repo, *CHECK, cache_dir=store)
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_bytes(next(iter(entries(store).values())))
    for entry in sorted(store.rglob("*.json")):
        data = entry.read_bytes()
        entry.unlink()
        if damage == "truncated":
            entry.write_bytes(data[: len(data) // 2])
        elif damage == "garbage":
            entry.write_bytes(os.urandom(64))
        elif damage == "wrong shape":
            entry.write_text('[1, [[0, "Person", "x", "default", {}, "!!", [1], [], []]], [], []]', encoding="utf-8")
        elif damage == "empty":
            entry.write_bytes(b"")
        elif damage == "a folder":
            entry.mkdir()
        elif damage == "a link":
            entry.symlink_to(elsewhere)  # a real entry, but another file's: never followed
        else:
            os.mkfifo(entry)
    again = itsmlint(repo, *CHECK, cache_dir=store)
    assert (again.returncode, again.stdout, again.stderr) == (expected.returncode, expected.stdout, expected.stderr)


@pytest.mark.parametrize("problem", ["a file in its place", "read-only", "a link to elsewhere"])
def test_a_cache_that_cannot_be_used_only_makes_the_run_slower(repo: Path, tmp_path: Path, problem: str) -> None:
    expected = itsmlint(repo, *CHECK, cache_dir=None)
    store = tmp_path / "cache"
    if problem == "a file in its place":
        store.write_text("not a folder", encoding="utf-8")
    elif problem == "read-only":
        store.mkdir()
        store.chmod(0o500)
    else:
        target = tmp_path / "target"
        target.mkdir()
        store.symlink_to(target, target_is_directory=True)
    try:
        done = itsmlint(repo, *CHECK, cache_dir=store)
    finally:
        if store.is_dir() and not store.is_symlink():
            store.chmod(0o700)
    assert (done.returncode, done.stdout, done.stderr) == (expected.returncode, expected.stdout, expected.stderr)


def test_keys_cover_the_bytes_how_the_file_was_named_and_the_settings(tmp_path: Path) -> None:
    a = FileCache(tmp_path, "max_file_size=10")
    b = FileCache(tmp_path, "max_file_size=11")
    assert a.key(b"x: 1\n", True) == FileCache(tmp_path, "max_file_size=10").key(b"x: 1\n", True)
    assert len({a.key(b"x: 1\n", True), a.key(b"x: 1\n", False), a.key(b"x: 2\n", True), b.key(b"x: 1\n", True)}) == 4


def test_the_folder_is_kept_under_its_limit_least_recently_used_first(tmp_path: Path) -> None:
    store = FileCache(tmp_path / "c", "s", limit=10_000)
    keys = [store.key(str(i).encode(), True) for i in range(30)]
    for n, key in enumerate(keys):
        store.put(key, b"x" * 1000)
        path = store._path(key)
        os.utime(path, (1_000_000 + n, 1_000_000 + n))  # older first
    store.prune(now=2_000_000)
    left = [key for key in keys if store._path(key).exists()]
    assert sum(store._path(k).stat().st_size for k in left) <= 9_000
    assert left == keys[-len(left) :]  # the newest survive
    assert store.get(keys[-1]) == b"x" * 1000 and store.get(keys[0]) is None


def test_the_default_folder_is_the_users_and_can_be_moved(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ITSMLINT_CACHE_DIR", str(tmp_path / "x"))
    assert cache.default_folder() == tmp_path / "x"
    monkeypatch.delenv("ITSMLINT_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    if sys.platform.startswith("linux"):
        assert cache.default_folder() == tmp_path / "xdg" / "itsmlint"
    monkeypatch.setenv("ITSMLINT_NO_CACHE", "1")
    assert cache.open_cache(True, "") is None


@pytest.mark.parametrize(
    ("text", "limit"),
    [
        (None, cache.DEFAULT_LIMIT),
        ("", cache.DEFAULT_LIMIT),
        ("4G", 4 << 30),
        ("512m", 512 << 20),
        ("100000", 100000),
        ("64KB", 64 << 10),
        ("lots", cache.DEFAULT_LIMIT),
    ],
)
def test_the_size_bound_can_be_set(text: str | None, limit: int) -> None:
    assert cache.size_limit(text) == limit
