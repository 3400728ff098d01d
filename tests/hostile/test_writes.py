"""No data loss: itsmlint never touches the YAML it reads, and every file it writes is replaced whole or not at all."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from itsmlint import cli
from itsmlint.audit import markdown as audit_markdown
from itsmlint.cli import main

ROOT = Path(__file__).parents[2]
TODAY = "2026-11-23"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(ROOT / "samples" / "anti-patterns", root / "docs")
    (root / ".git").mkdir()
    monkeypatch.chdir(root)
    return root


def snapshot(root: Path) -> dict[str, tuple[bytes, int, int]]:
    return {
        p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns, p.stat().st_mode)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stderr


# Every command that writes, with the file(s) it writes.
WRITERS: list[tuple[tuple[str, ...], tuple[str, ...]]] = [
    (("check", "docs", "--today", TODAY, "--format", "json", "-o", "out/findings.json"), ("out/findings.json",)),
    (
        ("check", "docs", "--today", TODAY, "--format", "sarif:out/x.sarif", "--format", "junit:out/x.xml"),
        ("out/x.sarif", "out/x.xml"),
    ),
    (("baseline", "write", "docs", "--today", TODAY, "-o", "out/baseline.json"), ("out/baseline.json",)),
    (
        ("audit", "docs", "--today", TODAY, "-o", "out/audit"),
        ("out/audit/report.html", "out/audit/report.md", "out/audit/audit.json"),
    ),
    (("rules", "--format", "markdown", "-o", "out/rules.md"), ("out/rules.md",)),
    (("graph", "table-service", "docs", "--format", "svg", "-o", "out/graph.svg"), ("out/graph.svg",)),
]


@pytest.mark.parametrize(("args", "outputs"), WRITERS, ids=[" ".join(a[:2]) for a, _ in WRITERS])
def test_commands_never_change_the_files_they_read(repo: Path, args: tuple[str, ...], outputs: tuple[str, ...]) -> None:
    before = snapshot(repo / "docs")
    code, err = invoke(*args)
    assert code in (0, 1), err
    assert snapshot(repo / "docs") == before
    for name in outputs:
        assert (repo / name).stat().st_size > 0
    # Nothing but the outputs appeared: no temporary file left behind.
    written = {p.relative_to(repo).as_posix() for p in (repo / "out").rglob("*") if p.is_file()}
    assert written == set(outputs)


@pytest.mark.parametrize(("args", "outputs"), WRITERS, ids=[" ".join(a[:2]) for a, _ in WRITERS])
def test_a_failed_write_leaves_the_previous_file_whole(
    repo: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], outputs: tuple[str, ...]
) -> None:
    for name in outputs:
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(f"previous {name}\n", encoding="utf-8")
    real_fsync = os.fsync

    def disk_full(fd: int) -> None:
        real_fsync(fd)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    code, err = invoke(*args)
    assert code == 2
    (line,) = err.splitlines()
    assert line == f"itsmlint: error: {outputs[0]}: cannot write: No space left on device"
    for name in outputs:
        assert (repo / name).read_text(encoding="utf-8") == f"previous {name}\n"
    assert sorted(p.name for p in (repo / "out").rglob("*") if p.is_file()) == sorted(Path(o).name for o in outputs)


def test_a_crash_while_rendering_the_audit_leaves_the_previous_report_whole(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The report is three files; all are rendered before any is replaced."""
    code, _ = invoke("audit", "docs", "--today", TODAY, "-o", "out/audit")
    assert code == 0
    before = snapshot(repo / "out")

    def broken(*args: object, **kw: object) -> str:
        raise RuntimeError("renderer bug")

    monkeypatch.setattr(audit_markdown, "render", broken)
    result = CliRunner().invoke(main, ["audit", "docs", "--today", "2026-12-01", "-o", "out/audit"])
    assert isinstance(result.exception, RuntimeError)
    assert snapshot(repo / "out") == before


def test_the_new_file_keeps_the_old_files_mode(repo: Path) -> None:
    target = repo / "findings.json"
    target.write_text("{}\n", encoding="utf-8")
    target.chmod(0o640)
    cli.write_atomically(target, "[]\n")
    assert target.read_text(encoding="utf-8") == "[]\n"
    assert target.stat().st_mode & 0o777 == 0o640


def test_a_pipe_given_as_the_output_is_written_to_not_replaced(repo: Path) -> None:
    """-o /dev/null or a named pipe a CI step reads: a rename would put a plain file in place of the pipe or device."""
    import threading

    pipe = repo / "report.pipe"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()), daemon=True)
    reader.start()
    result = CliRunner().invoke(main, ["check", "--today", "2026-11-23", "--format", "json", "-o", str(pipe)])
    assert pipe.is_fifo()  # before waiting: had it been replaced, the reader would wait on the old pipe forever
    reader.join(timeout=60)
    assert result.exit_code in (0, 1) and received and received[0].startswith(b"{")


def test_a_link_given_as_the_output_keeps_the_link(repo: Path) -> None:
    target = repo / "reports" / "real.json"
    target.parent.mkdir()
    target.write_text("old", encoding="utf-8")
    (repo / "report.json").symlink_to(target)
    result = CliRunner().invoke(main, ["check", "--today", "2026-11-23", "--format", "json", "-o", "report.json"])
    assert result.exit_code in (0, 1)
    assert (repo / "report.json").is_symlink() and target.read_text(encoding="utf-8").startswith("{")
