"""Regular expressions that a repository supplies run in bounded time, whatever they and the text are.

A rule file's ``pattern`` options and the configuration's ``exclude`` globs
come from the linted repository. With a backtracking engine a pattern such
as ``^([a-zA-Z]+ ?)+$`` takes minutes on a 37-character value, and a glob
with many stars takes as long on a long file name. The runs below happen in
a child process whose timeout only detects a hang: no test measures time.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from itsmlint.cli import main

#: Seconds after which a child run counts as hung. Generous: it is a hang detector, not a timing assertion.
HANG = 120
TODAY = "2026-11-23"

RULE = """\
id: X-SLOW00{n}
name: slow-pattern-{n}
summary: A display name made of words.
kinds: [Person]
severity: error
level: 2
remediation: Use words.
given: $.spec
then: {{field: displayName, function: pattern, options: {{{key}: {pattern}}}}}
message: "person {{name}}: displayName {{error}}"
"""

PEOPLE = """\
apiVersion: itsmlint/v1
kind: Person
metadata: {{name: ann}}
spec: {{displayName: "{value}"}}
"""
BROKEN = "apiVersion: itsmlint/v1\nkind: Person\nmetadata: {name: [\n"
#: Where the pattern's value starts in line 9 of a rule file written from RULE.
COLUMN = len("then: {field: displayName, function: pattern, options: {match: ") + 1


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            [sys.executable, "-m", "itsmlint", *args],
            cwd=cwd,
            capture_output=True,
            text=True,
            timeout=HANG,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"itsmlint {' '.join(args)} did not finish within {HANG} s: it hangs")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "rules").mkdir()
    (root / "org").mkdir()
    (root / ".itsmlint.yaml").write_text("rules_dirs: [rules]\n", encoding="utf-8")
    return root


def test_a_catastrophic_pattern_in_a_rule_file_does_not_hang_the_run(repo: Path) -> None:
    # 36 letters and a character the pattern cannot match: 2**36 ways to split the letters for a backtracker.
    value = "a" * 36 + "!"
    (repo / "rules" / "x-slow001.yaml").write_text(
        RULE.format(n=1, key="match", pattern="'^([a-zA-Z]+ ?)+$'"), encoding="utf-8"
    )
    (repo / "rules" / "x-slow002.yaml").write_text(
        RULE.format(n=2, key="notMatch", pattern="'^(a|aa)+$'"), encoding="utf-8"
    )
    (repo / "org" / "ann.yaml").write_text(PEOPLE.format(value=value), encoding="utf-8")
    (repo / "org" / "bob.yaml").write_text(PEOPLE.format(value="a" * 60).replace("ann", "bob"), encoding="utf-8")
    done = run(repo, "check", ".", "--today", TODAY, "--select", "X-SLOW", "--format", "json")
    assert done.returncode == 1, done.stderr
    found = {(f["rule"], f["document"]) for f in json.loads(done.stdout)["findings"]}
    # The first pattern does not match ann's value; the second matches bob's.
    assert found == {("X-SLOW001", "person:ann"), ("X-SLOW002", "person:bob")}


def test_an_exclude_glob_with_many_stars_does_not_hang_the_walk(repo: Path) -> None:
    glob = "*a" * 20 + "*b.yaml"
    (repo / ".itsmlint.yaml").write_text(f"exclude: ['{glob}', '*-draft.yaml']\n", encoding="utf-8")
    (repo / "org" / ("a" * 120 + ".yaml")).write_text(PEOPLE.format(value="Ann"), encoding="utf-8")
    # Plainly ours and broken: a YAML001 finding if the globs do not exclude them.
    (repo / "org" / ("a" * 40 + "b.yaml")).write_text(BROKEN, encoding="utf-8")
    (repo / "org" / "x-draft.yaml").write_text(BROKEN, encoding="utf-8")
    done = run(repo, "check", ".", "--today", TODAY, "--format", "json")
    assert done.returncode == 0, done.stdout + done.stderr
    assert json.loads(done.stdout)["summary"]["documents"] == 1


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("pattern", "why"),
    [
        ("'^(?=.*[0-9]).+$'", "look-ahead"),
        ("'(?<!x)y'", "look-behind"),
        ("'^(a)\\1$'", "backreference"),
        ("'end\\Z'", "\\z"),
        ("'a{2000}'", "repetition"),
    ],
)
def test_a_pattern_the_linear_engine_cannot_run_is_a_config_error_naming_file_and_line(
    repo: Path, monkeypatch: pytest.MonkeyPatch, pattern: str, why: str
) -> None:
    monkeypatch.chdir(repo)
    (repo / "rules" / "x-slow001.yaml").write_text(RULE.format(n=1, key="match", pattern=pattern), encoding="utf-8")
    for args in (("check", "."), ("test-rules", "rules")):
        code, out, err = invoke(*args)
        assert (code, out) == (2, ""), (args, err)
        (line,) = err.splitlines()
        assert line.startswith(f"itsmlint: error: rules/x-slow001.yaml:9:{COLUMN}: pattern: "), line
        assert why in line, line


def test_the_linear_engine_is_imported_only_when_a_rule_uses_a_pattern(repo: Path) -> None:
    probe = (
        "import sys\nfrom itsmlint.entry import main\ntry:\n    main(sys.argv[1:])\nexcept SystemExit:\n"
        "    pass\nprint('re2' in sys.modules)\n"
    )
    (repo / "org" / "ann.yaml").write_text(PEOPLE.format(value="Ann Smith"), encoding="utf-8")
    args = [sys.executable, "-c", probe, "check", ".", "--today", TODAY, "--format", "json"]
    done = subprocess.run(args, cwd=repo, capture_output=True, text=True, timeout=HANG, check=False)
    assert done.stdout.rstrip().endswith("False"), done.stdout + done.stderr
    (repo / "rules" / "x-slow001.yaml").write_text(
        RULE.format(n=1, key="match", pattern="'^[A-Z][a-z]+( [A-Z][a-z]+)*$'"), encoding="utf-8"
    )
    done = subprocess.run(args, cwd=repo, capture_output=True, text=True, timeout=HANG, check=False)
    assert done.stdout.rstrip().endswith("True"), done.stdout + done.stderr
    assert json.loads(done.stdout.rstrip()[: -len("True")])["findings"] == []
