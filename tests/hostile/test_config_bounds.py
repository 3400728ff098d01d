"""Configuration, rule, rule page and baseline files are read with the bounds of documents.

A repository names these files (``extends:``, ``rules_dirs:``, a linked
``.itsmlint.yaml``) and may point anywhere on the machine: to a device, a
pipe, a huge file or a file of secrets. Each is read only when it is a
regular file within ``max_file_size``, never waited on, and an error about a
file that does not read as itsmlint's own names the file, never its content
(the message lands in CI logs). Runs that could block go to a child process
whose timeout only detects a hang.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

# Spawns processes (or a browser): left out of the fast suite, pytest -m 'not e2e'.
pytestmark = pytest.mark.e2e

HANG = 120
TODAY = "2026-11-23"
SECRET = "hunter2-S3CRET"
PERSON = "apiVersion: itsmlint/v1\nkind: Person\nmetadata: {name: ann}\nspec: {displayName: Ann}\n"
RULE = """\
id: X-T001
name: test-rule
summary: A rule for tests.
kinds: [Person]
severity: warning
level: 3
remediation: Fix it.
given: $.spec
then: {field: displayName, function: present}
message: "person {name}: displayName {error}"
"""
BIG = 20 * 1024 * 1024
posix_only = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "org").mkdir()
    (root / "org" / "people.yaml").write_text(PERSON, encoding="utf-8")
    return root


def itsmlint(repo: Path, *args: str, stdin: int | None = subprocess.DEVNULL) -> tuple[int, str, str]:
    """Run itsmlint in a child process; a run that outlives HANG fails the test instead of hanging it."""
    out, err = repo.parent / "stdout.txt", repo.parent / "stderr.txt"
    with out.open("w", encoding="utf-8") as o, err.open("w", encoding="utf-8") as e:
        # Popen and wait rather than run(): a pipe given as stdin must stay open, never reach end of file.
        proc = subprocess.Popen([sys.executable, "-m", "itsmlint", *args], cwd=repo, stdin=stdin, stdout=o, stderr=e)
        try:
            code = proc.wait(timeout=HANG)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
            pytest.fail(f"itsmlint {' '.join(args)} did not finish within {HANG} s: it waits on something")
    return code, out.read_text(encoding="utf-8"), err.read_text(encoding="utf-8")


def one_error(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    return lines[0]


# --------------------------------------------------------------------------
# extends:
# --------------------------------------------------------------------------


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_extends_dev_zero_is_one_error_at_the_extends_line(repo: Path) -> None:
    (repo / ".itsmlint.yaml").write_text("rules: {}\nextends: /dev/zero\n", encoding="utf-8")
    code, out, err = itsmlint(repo, "check", ".")
    assert (code, out) == (2, "")
    assert one_error(err) == (
        "itsmlint: error: .itsmlint.yaml:2:10: extends '/dev/zero': cannot read file: "
        "not a regular file (a character device)"
    )


@posix_only
def test_extends_dev_stdin_is_never_waited_on(repo: Path) -> None:
    (repo / ".itsmlint.yaml").write_text("extends: [level-2, /dev/stdin]\n", encoding="utf-8")
    reader, writer = os.pipe()  # held open and never written: reading it would block for ever
    try:
        code, out, err = itsmlint(repo, "check", ".", stdin=reader)
    finally:
        os.close(reader)
        os.close(writer)
    assert (code, out) == (2, "")
    assert one_error(err) == (
        "itsmlint: error: .itsmlint.yaml:1:20: extends '/dev/stdin': cannot read file: "
        "not a regular file (a named pipe)"
    )


@posix_only
def test_extends_a_named_pipe_is_never_waited_on(repo: Path) -> None:
    os.mkfifo(repo / "base.yaml")
    (repo / ".itsmlint.yaml").write_text("extends: base.yaml\n", encoding="utf-8")
    code, _, err = itsmlint(repo, "check", ".")
    assert code == 2
    assert one_error(err) == (
        "itsmlint: error: .itsmlint.yaml:1:10: extends 'base.yaml': cannot read file: not a regular file (a named pipe)"
    )


def test_extends_a_huge_file_reads_no_more_than_the_bound(repo: Path) -> None:
    with (repo / "base.yaml").open("w", encoding="utf-8") as handle:
        handle.write("rules:\n" + "  # padding\n" * (BIG // 12))
    (repo / ".itsmlint.yaml").write_text("extends: base.yaml\n", encoding="utf-8")
    code, _, err = itsmlint(repo, "check", ".")
    assert code == 2
    line = one_error(err)
    assert line.startswith("itsmlint: error: .itsmlint.yaml:1:10: extends 'base.yaml': cannot read file: file is ")
    assert line.endswith(" bytes, over the limit of 10485760"), line


@pytest.mark.parametrize(
    "content",
    [
        f"API_TOKEN={SECRET}\n",
        f"[default]\naws_secret_access_key = {SECRET}\n",
        f"secret_token: {SECRET}\n",
        f"{{{SECRET}: 1}}\n",
        f"token: [{SECRET}\n",
        f"a: *{SECRET}\n",
        f"- {SECRET}\n",
        f"user:\n  password: {SECRET}\n  description: {SECRET}\n",
    ],
    ids=["env", "ini", "mapping", "flow", "broken", "alias", "list", "nested"],
)
def test_extends_an_unrelated_file_never_shows_its_content(repo: Path, tmp_path: Path, content: str) -> None:
    (tmp_path / "credentials").write_text(content, encoding="utf-8")
    (repo / ".itsmlint.yaml").write_text("extends: ../credentials\n", encoding="utf-8")
    code, out, err = itsmlint(repo, "check", ".")
    assert (code, out) == (2, "")
    line = one_error(err)
    assert SECRET not in line and "S3CRET" not in line
    assert line.startswith(
        "itsmlint: error: .itsmlint.yaml:1:10: extends '../credentials': not an itsmlint configuration"
    ), line


def test_a_linked_config_file_never_shows_the_content_of_what_it_points_to(repo: Path, tmp_path: Path) -> None:
    (tmp_path / "credentials.yaml").write_text(f"aws_secret_access_key: {SECRET}\n", encoding="utf-8")
    (repo / ".itsmlint.yaml").symlink_to(tmp_path / "credentials.yaml")
    code, _, err = itsmlint(repo, "check", ".")
    assert code == 2
    line = one_error(err)
    assert SECRET not in line and line.startswith("itsmlint: error: .itsmlint.yaml: not an itsmlint configuration")


# --------------------------------------------------------------------------
# rules_dirs:
# --------------------------------------------------------------------------


def rules_repo(repo: Path) -> Path:
    (repo / ".itsmlint.yaml").write_text("rules_dirs: [rules]\n", encoding="utf-8")
    (repo / "rules").mkdir()
    (repo / "rules" / "x-t001.yaml").write_text(RULE, encoding="utf-8")
    return repo / "rules"


@posix_only
@pytest.mark.parametrize("name", ["x.yaml", "x-t001.md"])
def test_a_named_pipe_in_a_rules_folder_is_reported_not_waited_on(repo: Path, name: str) -> None:
    os.mkfifo(rules_repo(repo) / name)
    for args in (("check", "."), ("test-rules", "rules")):
        code, out, err = itsmlint(repo, *args)
        assert (code, out) == (2, ""), args
        assert one_error(err) == f"itsmlint: error: rules/{name}: cannot read file: not a regular file (a named pipe)"


def test_a_rule_file_linked_out_of_its_folder_is_not_read(repo: Path, tmp_path: Path) -> None:
    (tmp_path / "elsewhere.yaml").write_text(RULE.replace("A rule for tests.", SECRET), encoding="utf-8")
    (rules_repo(repo) / "x-t002.yaml").symlink_to(tmp_path / "elsewhere.yaml")
    code, _, err = itsmlint(repo, "check", ".")
    assert code == 2
    assert one_error(err) == (
        "itsmlint: error: rules/x-t002.yaml: a symbolic link out of the rules folder; "
        "name the folder it points to in rules_dirs instead"
    )


def test_a_rule_page_linked_out_of_its_folder_is_not_read(repo: Path, tmp_path: Path) -> None:
    (tmp_path / "page.md").write_text(SECRET, encoding="utf-8")
    (rules_repo(repo) / "x-t001.md").symlink_to(tmp_path / "page.md")
    code, out, err = itsmlint(repo, "explain", "X-T001")
    assert code == 2 and SECRET not in out
    assert one_error(err) == (
        "itsmlint: error: rules/x-t001.md: a symbolic link out of the rules folder; "
        "name the folder it points to in rules_dirs instead"
    )


def test_a_huge_rule_page_is_refused(repo: Path) -> None:
    with (rules_repo(repo) / "x-t001.md").open("w", encoding="utf-8") as handle:
        handle.write("# X-T001 test-rule\n" + "Padding.\n" * (BIG // 9))
    code, _, err = itsmlint(repo, "explain", "X-T001")
    assert code == 2
    line = one_error(err)
    assert line.startswith("itsmlint: error: rules/x-t001.md: cannot read file: file is ")
    assert line.endswith(" bytes, over the limit of 10485760; raise max_file_size in the configuration"), line


@pytest.mark.parametrize(
    "content",
    [
        f"github.com:\n  oauth_token: {SECRET}\n",
        f"id: {SECRET}\n",
        f"id: [{SECRET}\n",
        f"- {SECRET}\n",
    ],
    ids=["hosts", "id", "broken", "list"],
)
def test_a_rules_folder_of_unrelated_files_never_shows_their_content(repo: Path, tmp_path: Path, content: str) -> None:
    (tmp_path / "secrets").mkdir()
    (tmp_path / "secrets" / "hosts.yml").write_text(content, encoding="utf-8")
    (repo / ".itsmlint.yaml").write_text("rules_dirs: [../secrets]\n", encoding="utf-8")
    code, _, err = itsmlint(repo, "check", ".")
    assert code == 2
    line = one_error(err)
    assert SECRET not in line and "S3CRET" not in line
    assert line.startswith("itsmlint: error: ../secrets/hosts.yml: not a rule file"), line


def test_a_fixture_linked_out_of_the_rules_folder_is_not_read(repo: Path, tmp_path: Path) -> None:
    (tmp_path / "elsewhere.yaml").write_text(PERSON.replace("Ann", SECRET), encoding="utf-8")
    fixtures = rules_repo(repo) / "x-t001"
    fixtures.mkdir()
    (fixtures / "pass_ann.yaml").write_text(PERSON, encoding="utf-8")
    (fixtures / "fail_elsewhere.yaml").symlink_to(tmp_path / "elsewhere.yaml")
    code, out, err = itsmlint(repo, "test-rules", "rules")
    assert (code, err) == (1, "")
    assert SECRET not in out
    assert "fail_elsewhere.yaml: a symbolic link out of the rules folder; fixtures are read only from inside it" in out


def test_a_link_inside_the_rules_folder_is_still_read(repo: Path) -> None:
    # A guard for the rule above: links that stay in the folder are fine.
    rules = rules_repo(repo)
    (rules / "shared").mkdir()
    (rules / "x-t001.yaml").rename(rules / "shared" / "x-t001.yaml")
    (rules / "x-t001.yaml").symlink_to(Path("shared") / "x-t001.yaml")
    code, out, err = itsmlint(repo, "explain", "X-T001")
    assert (code, err) == (0, "") and "Defined in: rules/x-t001.yaml" in out


# --------------------------------------------------------------------------
# --baseline
# --------------------------------------------------------------------------


@posix_only
def test_a_baseline_that_is_a_named_pipe_is_never_waited_on(repo: Path) -> None:
    os.mkfifo(repo / "baseline.json")
    code, out, err = itsmlint(repo, "check", ".", "--baseline", "baseline.json")
    assert (code, out) == (2, "")
    assert one_error(err) == (
        "itsmlint: error: baseline.json: cannot read the baseline: not a regular file (a named pipe)"
    )


def test_a_baseline_over_max_file_size_is_refused_unless_the_config_allows_it(repo: Path) -> None:
    entry = {
        "fingerprint": "0" * 32,
        "rule": "OWN001",
        "document": "process:x",
        "pointer": "",
        "path": "x.yaml",
        "message": "m" * 200,
    }
    body = {"version": 1, "tool": "itsmlint", "findings": [entry] * (BIG // 300)}
    (repo / "baseline.json").write_text(json.dumps(body), encoding="utf-8")
    code, out, err = itsmlint(repo, "check", ".", "--baseline", "baseline.json")
    assert (code, out) == (2, "")
    line = one_error(err)
    assert line.startswith("itsmlint: error: baseline.json: cannot read the baseline: file is "), line
    assert line.endswith(" bytes, over the limit of 10485760; raise max_file_size in the configuration"), line
    (repo / ".itsmlint.yaml").write_text(f"max_file_size: {2 * BIG}\n", encoding="utf-8")
    code, out, err = itsmlint(repo, "check", ".", "--baseline", "baseline.json")
    assert (code, err) == (0, ""), err
