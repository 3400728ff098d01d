"""Text output as the linters people know it: statistics, code frames, fix hints, colour, plurals, usage errors."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from itsmlint.cli import main
from itsmlint.options import Options
from itsmlint.render import one_line

ROOT = Path(__file__).parents[2]
TODAY = "2026-11-23"
ESC = "\x1b"
PROCESS = (
    "apiVersion: itsmlint/v1\nkind: Process\nmetadata: {name: p}\nspec:\n  activities:\n"
    '    - {id: a, name: "漢字\t漢字", raci: {responsible: [person:x], accountable: [person:y, person:z]}}\n'
)


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "p.yaml").write_text(PROCESS, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for name in ("NO_COLOR", "FORCE_COLOR", "GITHUB_ACTIONS"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def findings(*args: str) -> list[dict[str, object]]:
    _, out, _ = invoke("check", *args, "--format", "json")
    found: list[dict[str, object]] = json.loads(out)["findings"]
    return found


def test_statistics_count_each_rule_most_frequent_first(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    args = ("samples/anti-patterns", "--today", TODAY)
    code, out, _ = invoke("check", *args, "--statistics")
    assert code == 1
    *rows, summary = out.splitlines()
    assert summary.startswith("91 files, 261 documents checked: ")
    parsed = [re.fullmatch(r" *(\d+)  (\S+) *  (\S+)( \((\d+) suppressed\))?", row) for row in rows]
    assert all(parsed), [row for row, m in zip(rows, parsed, strict=True) if not m]
    counted = {m.group(2): (int(m.group(1)), int(m.group(5) or 0), m.group(3)) for m in parsed if m}
    expected: dict[str, tuple[int, int, str]] = {}
    for f in findings(*args):
        active, suppressed, _ = expected.get(str(f["rule"]), (0, 0, ""))
        waived = f["suppressed"] is not None
        expected[str(f["rule"])] = (active + (not waived), suppressed + waived, str(f["name"]))
    assert counted == expected
    order = [(-counted[rule][0], rule) for rule in counted]
    assert order == sorted(order), "most frequent first, then by id"
    assert len({len(row.split("  ")[0]) for row in rows}) == 1, "the counts are right-aligned"


def test_the_default_output_is_one_line_per_finding_without_fixes(repo: Path) -> None:
    _, out, _ = invoke("check", ".", "--today", TODAY, "--select", "RACI001")
    assert out.splitlines() == [
        "p.yaml:6:75: error RACI001 activity a: raci.accountable has 2 entries; exactly 1 required",
        "1 file, 1 document checked: 1 error, 0 warnings, 0 info.",
    ]


def test_show_source_frames_the_line_with_a_caret_and_the_fix(repo: Path) -> None:
    code, out, _ = invoke("check", ".", "--today", TODAY, "--select", "RACI001", "--show-source")
    assert code == 1
    line = PROCESS.splitlines()[5]
    # The caret sits under column 75 as a terminal shows the line: the tab is
    # written as the two characters \t, and each of the four CJK characters takes two columns.
    shown_before = one_line(line[:74])
    assert shown_before.count("\\t") == 1
    caret = len(shown_before) + 4
    assert out.splitlines() == [
        "p.yaml:6:75: error RACI001 activity a: raci.accountable has 2 entries; exactly 1 required",
        "  |",
        f"6 | {one_line(line)}",
        "  | " + " " * caret + "^",
        "  = fix: Choose one Accountable; the others become Consulted or Informed.",
        "",
        "1 file, 1 document checked: 1 error, 0 warnings, 0 info.",
    ]
    assert line[74:].startswith("[person:y")


def test_show_source_escapes_control_characters_of_the_source(repo: Path) -> None:
    (repo / "p.yaml").unlink()
    (repo / "esc.yaml").write_text(
        f'apiVersion: itsmlint/v1\nkind: Person\nmetadata: {{name: "a{ESC}]52;c;eA==b"}}\nspec: {{}}\n',
        encoding="utf-8",
    )
    code, out, _ = invoke("check", ".", "--today", TODAY, "--show-source")
    assert code == 1
    assert ESC not in out
    assert '3 | metadata: {name: "a\\x1b]52;c;eA==b"}' in out.splitlines()


def test_show_source_cuts_a_long_line_around_the_column(repo: Path) -> None:
    (repo / "t.yaml").write_text(
        "apiVersion: itsmlint/v1\nkind: Team\nmetadata: {name: t}\n"
        f'spec: {{description: "{"x" * 5000}", owner: person:nobody}}\n',
        encoding="utf-8",
    )
    _, out, _ = invoke("check", "t.yaml", "--today", TODAY, "--select", "REF001", "--show-source")
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("4 | "))
    shown, caret = lines[at][4:], lines[at + 1][4:]
    assert len(shown) <= 161 and shown.startswith("…")
    assert caret.strip() == "^" and shown[len(caret) - 1 :].startswith("person:nobody")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_show_source_never_opens_a_pipe(repo: Path) -> None:
    (repo / ".git").rmdir()  # no repository around: the named paths are read as named, the pipe too
    os.mkfifo(repo / "pipe.yaml")
    code, out, _ = invoke("check", "pipe.yaml", "p.yaml", "--today", TODAY, "--show-source", "--select", "YAML001")
    assert code == 1
    header, fix, blank = out.splitlines()[:3]
    assert header == "pipe.yaml:1:1: error YAML001 not a regular file (a named pipe); skipped"
    assert fix.startswith("  = fix: ") and blank == "", "no frame: the pipe was not read"


def test_show_source_without_the_file_shows_the_finding_alone(repo: Path) -> None:
    from itsmlint.engine import Result
    from itsmlint.finding import Finding, Severity
    from itsmlint.reporters import RenderContext
    from itsmlint.reporters.text import render

    finding = Finding("RACI001", "r", Severity.ERROR, "m", "gone.yaml", 12, 3, (), "process:p", hint="do this")
    result = Result.__new__(Result)
    result.findings, result.files, result.documents, result.fixed = [finding], 1, 1, None
    result.options = Options(dt.date(2026, 11, 23), show_source=True)
    out = render(result, RenderContext("0"))
    assert out.splitlines()[:3] == ["gone.yaml:12:3: error RACI001 m", "   = fix: do this", ""]


@pytest.mark.parametrize(
    ("choice", "env", "coloured"),
    [
        ("auto", {}, False),  # CliRunner's standard output is no terminal
        ("auto", {"FORCE_COLOR": "1"}, True),
        ("auto", {"FORCE_COLOR": ""}, False),  # set but empty counts as unset (force-color.org)
        ("auto", {"FORCE_COLOR": "1", "NO_COLOR": "1"}, False),
        ("always", {"NO_COLOR": "1"}, True),
        ("never", {"FORCE_COLOR": "1"}, False),
    ],
)
def test_color_choice(
    repo: Path, monkeypatch: pytest.MonkeyPatch, choice: str, env: dict[str, str], coloured: bool
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    _, out, _ = invoke(
        "check", ".", "--today", TODAY, "--color", choice, "--format", "text", "--format", "text:report.txt"
    )
    assert (ESC in out) is coloured
    assert ESC not in (repo / "report.txt").read_text(encoding="utf-8"), "a file is never coloured"


def test_the_summary_counts_in_the_right_number(repo: Path) -> None:
    (repo / "p.yaml").write_text(
        "apiVersion: itsmlint/v1\nkind: Person\nmetadata: {name: a}\nspec: {}\n", encoding="utf-8"
    )
    _, out, _ = invoke("check", ".", "--today", TODAY)
    assert out == "1 file, 1 document checked: 0 errors, 0 warnings, 0 info.\n"
    from itsmlint.reporters.text import plural

    assert [plural(n, "warning") for n in (0, 1, 2)] == ["0 warnings", "1 warning", "2 warnings"]


@pytest.mark.parametrize("spec", ["sarif:", "junit:", "text:"])
def test_a_format_with_an_empty_file_name_is_a_usage_error(repo: Path, spec: str) -> None:
    code, out, err = invoke("check", ".", "--today", TODAY, "--format", spec)
    name = spec[:-1]
    assert (code, out) == (2, "")
    assert err == (
        f"itsmlint: error: --format '{spec}' names no file; write --format {name}:FILE, or --format "
        f"{name} for standard output\n"
    )


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("rules: {RACI001: of}", "1:18: 'of' is not a severity; use off, info, warning or error"),
        ("rules:\n  RACI001: {severity: eror}", "2:23: 'eror' is not a severity; use off, info, warning or error"),
        ("rules:\n  RACI001: false", "2:12: false is not a severity; use off, info, warning or error"),
        (
            "rules:\n  RACI001: {sevrity: error}",
            "2:13: unknown key 'sevrity' in a rule's setting; use severity and options",
        ),
    ],
)
def test_a_wrong_severity_in_the_configuration_gets_a_sentence(repo: Path, setting: str, message: str) -> None:
    (repo / ".itsmlint.yaml").write_text(setting + "\n", encoding="utf-8")
    code, out, err = invoke("check", ".", "--today", TODAY)
    assert (code, out, err) == (2, "", f"itsmlint: error: .itsmlint.yaml:{message}\n")
