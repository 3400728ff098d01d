"""``check --fix``, ``--unsafe-fixes`` and ``--diff`` end to end: exit codes, summaries, the files written.

The anti-pattern gallery is fixed as a repository (with its configuration
and the README's date) and every file compared with its expected form in
tests/fixes/anti-patterns/ (a file not there must come out unchanged).
"""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from itsmlint import fixing
from itsmlint.cli import main

ROOT = Path(__file__).parents[2]
ANTI = ROOT / "samples" / "anti-patterns"
EXPECTED = ROOT / "tests" / "fixes" / "anti-patterns"
SARIF_SCHEMA = ROOT / "tests" / "data" / "sarif-schema-2.1.0.json"

PEOPLE = """\
apiVersion: itsmlint/v1
kind: Person
metadata: {name: jdoe}
spec: {displayName: Jane Doe, email: jdoe@example.org, active: true}
"""
# kind: person (safe) and person:jdo (unsafe: the only close match of person:jdoe).
TEAM = """\
# The service desk.
apiVersion: itsmlint/v1
kind: Team
metadata: {name: desk}
spec:
  type: internal
  owner: person:jdoe
  members: [person:jdo]   # keep this comment
---
apiVersion: itsmlint/v1
kind: person
metadata: {name: asmith}
spec: {displayName: A Smith}
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "org").mkdir()
    (tmp_path / "org" / "people.yaml").write_text(PEOPLE, encoding="utf-8")
    (tmp_path / "org" / "teams.yaml").write_text(TEAM, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return tmp_path


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["check", "--today", "2026-11-22", "--select", "REF001,SCHEMA001", *args])
    return result.exit_code, result.stdout, result.stderr


def test_without_fix_the_text_says_what_is_fixable(repo: Path) -> None:
    code, out, _ = invoke()
    assert code == 1
    assert out.splitlines()[-2:] == [
        "1 fixable with --fix (1 more with --unsafe-fixes).",
        "2 files, 2 documents checked: 2 errors, 0 warnings, 0 info.",
    ]
    assert (repo / "org" / "teams.yaml").read_text(encoding="utf-8") == TEAM


def test_fix_applies_the_safe_fixes_and_reports_what_is_left(repo: Path) -> None:
    people = (repo / "org" / "people.yaml").stat().st_mtime_ns
    code, out, err = invoke("--fix")
    assert code == 1 and err == ""
    assert out.splitlines()[-3:] == [
        "Fixed 1 finding.",
        "1 more fixable with --unsafe-fixes.",
        "2 files, 3 documents checked: 1 error, 0 warnings, 0 info.",
    ]
    assert (repo / "org" / "teams.yaml").read_text(encoding="utf-8") == TEAM.replace("kind: person", "kind: Person")
    # A file with nothing to fix is not touched.
    assert (repo / "org" / "people.yaml").stat().st_mtime_ns == people


def test_unsafe_fixes_apply_the_rest(repo: Path) -> None:
    code, out, _ = invoke("--fix", "--unsafe-fixes")
    assert code == 0
    assert out.splitlines()[-2:] == ["Fixed 2 findings.", "2 files, 3 documents checked: 0 errors, 0 warnings, 0 info."]
    assert (repo / "org" / "teams.yaml").read_text(encoding="utf-8") == TEAM.replace(
        "kind: person", "kind: Person"
    ).replace("[person:jdo]", "[person:jdoe]")
    assert invoke("--fix", "--unsafe-fixes")[0] == 0  # nothing left: a second run changes nothing


def test_diff_prints_the_change_and_changes_nothing(repo: Path) -> None:
    code, out, err = invoke("--diff", "--unsafe-fixes")
    assert code == 1
    assert out.splitlines() == [
        "--- a/org/teams.yaml",
        "+++ b/org/teams.yaml",
        "@@ -5,9 +5,9 @@",
        " spec:",
        "   type: internal",
        "   owner: person:jdoe",
        "-  members: [person:jdo]   # keep this comment",
        "+  members: [person:jdoe]   # keep this comment",
        " ---",
        " apiVersion: itsmlint/v1",
        "-kind: person",
        "+kind: Person",
        " metadata: {name: asmith}",
        " spec: {displayName: A Smith}",
    ]
    assert err == "Would fix 2 findings in 1 file.\n"
    assert (repo / "org" / "teams.yaml").read_text(encoding="utf-8") == TEAM
    invoke("--fix", "--unsafe-fixes")
    assert invoke("--diff", "--unsafe-fixes") == (0, "", "Nothing to fix.\n")


def test_unsafe_fixes_alone_is_a_usage_error(repo: Path) -> None:
    code, _, err = invoke("--unsafe-fixes")
    assert code == 2 and "--unsafe-fixes goes with --fix or --diff" in err


def test_json_and_sarif_carry_the_fix(repo: Path, tmp_path: Path) -> None:
    sarif = tmp_path / "r.sarif"
    code, out, _ = invoke("--format", "json", "--format", f"sarif:{sarif}")
    assert code == 1
    data = json.loads(out)
    assert data["summary"]["fixable"] == {"safe": 1, "unsafe": 1}
    fixes = {f["message"][:20]: f["fix"] for f in data["findings"]}
    unsafe = fixes["person:jdo does not "]
    assert unsafe == {
        "safety": "unsafe",
        "summary": "respell person:jdo as person:jdoe: person:jdoe",
        "edits": [
            {"op": "set", "path": "org/teams.yaml", "document": 0, "pointer": "/spec/members/0", "value": "person:jdoe"}
        ],
        "replacements": [
            {"path": "org/teams.yaml", "line": 8, "column": 13, "endLine": 8, "endColumn": 23, "text": "person:jdoe"}
        ],
    }
    log = json.loads(sarif.read_text(encoding="utf-8"))
    validator = jsonschema.Draft4Validator(json.loads(SARIF_SCHEMA.read_bytes()))
    assert [e.message for e in validator.iter_errors(log)] == []
    results = {r["message"]["text"][:20]: r for r in log["runs"][0]["results"]}
    assert results["person:jdo does not "]["fixes"] == [
        {
            "description": {"text": "respell person:jdo as person:jdoe: person:jdoe (unsafe fix)"},
            "artifactChanges": [
                {
                    "artifactLocation": {"uri": "org/teams.yaml", "uriBaseId": "%SRCROOT%"},
                    "replacements": [
                        {
                            "deletedRegion": {"startLine": 8, "startColumn": 13, "endLine": 8, "endColumn": 23},
                            "insertedContent": {"text": "person:jdoe"},
                        }
                    ],
                }
            ],
        }
    ]


def test_a_file_changed_during_the_run_is_not_written(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    teams = repo / "org" / "teams.yaml"
    real = fixing.run_fixes

    def meddle(*args: object, **kw: object) -> fixing.Outcome:
        outcome = real(*args, **kw)  # type: ignore[arg-type]
        teams.write_text(TEAM + "# someone else's edit\n", encoding="utf-8")
        return outcome

    monkeypatch.setattr(fixing, "run_fixes", meddle)
    code, out, err = invoke("--fix")
    assert code == 1
    assert (
        err == "itsmlint: error: org/teams.yaml: changed on disk since it was read; not written, so no change is lost\n"
    )
    assert teams.read_text(encoding="utf-8") == TEAM + "# someone else's edit\n"
    assert "Fixed" not in out


def test_a_file_that_no_longer_reads_as_linted_is_not_fixed(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    teams = repo / "org" / "teams.yaml"
    real = fixing.run_fixes

    def meddle(first: object, *args: object, **kw: object) -> fixing.Outcome:
        teams.write_text(TEAM.replace("type: internal", "type: supplier"), encoding="utf-8")
        return real(first, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(fixing, "run_fixes", meddle)
    code, _, err = invoke("--fix")
    assert code == 1
    assert err == "itsmlint: error: org/teams.yaml: changed on disk since it was read; not fixed\n"
    assert "kind: person" in teams.read_text(encoding="utf-8")


@pytest.mark.skipif(os.name == "nt", reason="POSIX modes")
def test_a_read_only_file_is_not_written(repo: Path) -> None:
    teams = repo / "org" / "teams.yaml"
    teams.chmod(0o444)
    try:
        code, out, err = invoke("--fix")
        assert code == 1
        assert err == "itsmlint: error: org/teams.yaml: read-only; not written\n"
        assert teams.read_text(encoding="utf-8") == TEAM
        assert stat.S_IMODE(teams.stat().st_mode) == 0o444
        assert "Fixed" not in out and out.splitlines()[-1].endswith("2 errors, 0 warnings, 0 info.")
    finally:
        teams.chmod(0o644)


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_crlf_and_bom_files_keep_their_form(repo: Path, bom: bytes) -> None:
    teams = repo / "org" / "teams.yaml"
    teams.write_bytes(bom + TEAM.replace("\n", "\r\n").encode())
    mode = 0o640
    teams.chmod(mode)
    assert invoke("--fix", "--unsafe-fixes")[0] == 0
    assert (
        teams.read_bytes()
        == bom
        + TEAM.replace("kind: person", "kind: Person")
        .replace("[person:jdo]", "[person:jdoe]")
        .replace("\n", "\r\n")
        .encode()
    )
    assert stat.S_IMODE(teams.stat().st_mode) == mode


def test_fix_edits_only_the_named_paths(repo: Path) -> None:
    (repo / "org" / "more.yaml").write_text(TEAM.replace("desk", "desk2").replace("asmith", "bsmith"), encoding="utf-8")
    code, _, _ = invoke("--fix", "org/more.yaml")
    assert code == 1
    assert "kind: Person" in (repo / "org" / "more.yaml").read_text(encoding="utf-8")
    assert (repo / "org" / "teams.yaml").read_text(encoding="utf-8") == TEAM


def test_the_anti_pattern_gallery_fixes_to_the_expected_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    gallery = tmp_path / "anti-patterns"
    shutil.copytree(ANTI, gallery)
    monkeypatch.chdir(gallery)
    result = CliRunner().invoke(main, ["check", ".", "--today", "2026-11-23", "--fix", "--unsafe-fixes"])
    assert result.exit_code == 1, result.stderr
    assert result.stderr == ""
    expected = {p.name for p in EXPECTED.glob("*.yaml")}
    assert expected, "tests/fixes/anti-patterns holds the expected files"
    for path in sorted(ANTI.glob("*.yaml")):
        got = (gallery / path.name).read_text(encoding="utf-8").splitlines()
        want = (EXPECTED / path.name if path.name in expected else path).read_text(encoding="utf-8").splitlines()
        assert got == want, path.name
    # Fixed once, nothing is left to fix: the diff is empty.
    again = CliRunner().invoke(main, ["check", ".", "--today", "2026-11-23", "--diff", "--unsafe-fixes"])
    assert (again.exit_code, again.stdout) == (0, "")


def test_northwind_has_nothing_to_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(
        main, ["check", "samples/northwind", "--today", "2026-11-23", "--diff", "--unsafe-fixes"]
    )
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "Nothing to fix.\n")


def test_the_fixing_page_lists_every_fixable_rule() -> None:
    from itsmlint.registry import builtin_catalog

    text = (ROOT / "docs" / "fixing.md").read_text(encoding="utf-8")
    rows = {
        rule.strip()
        for line in text.splitlines()
        if line.startswith("| ") and "|" in line[2:]
        for rule in line.split("|")[1].split(",")
    }
    assert {r.meta.id for r in builtin_catalog() if r.meta.fix} == rows - {"Rule"}
