"""Broken repositories: odd files, links and configs give one finding or one line, never a traceback."""

from __future__ import annotations

import errno
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from itsmlint.cli import main

GOOD = "apiVersion: itsmlint/v1\nkind: Person\nmetadata: {name: %s}\nspec: {displayName: Somebody}\n"
# Broken and plainly ours: if anything reads it, YAML001 says so.
BROKEN = "apiVersion: itsmlint/v1\nkind: Person\nmetadata: {name: [\n"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "repo"
    (root / "org").mkdir(parents=True)
    (root / "org" / "people.yaml").write_text(GOOD % "ann", encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def check(*args: str) -> tuple[int, dict[str, object] | None, str]:
    result = CliRunner().invoke(main, ["check", "--today", "2026-11-23", "--format", "json", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    data = json.loads(result.stdout) if result.stdout.strip() else None
    return result.exit_code, data, result.stderr


def findings(data: dict[str, object] | None) -> list[tuple[str, str, int, str]]:
    assert data is not None
    return [(f["rule"], f["path"], f["line"], f["message"]) for f in data["findings"]]  # type: ignore[attr-defined]


def documents(data: dict[str, object] | None) -> int:
    assert data is not None
    return int(data["summary"]["documents"])  # type: ignore[index]


def test_unreadable_file_is_one_finding_and_the_rest_is_linted(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = repo / "org" / "secret.yaml"
    secret.write_text(GOOD % "bob", encoding="utf-8")
    if os.geteuid() != 0:  # root reads anything: simulate the refusal there
        secret.chmod(0)
    else:
        real_open = os.open

        def refuse(path: object, *args: object, **kw: object) -> int:
            if str(path).endswith("secret.yaml"):
                raise PermissionError(errno.EACCES, "Permission denied", str(path))
            return real_open(path, *args, **kw)  # type: ignore[arg-type]

        monkeypatch.setattr(os, "open", refuse)
    code, data, err = check(".")
    assert code == 1 and err == ""
    assert findings(data) == [("YAML001", "org/secret.yaml", 1, "cannot read file: Permission denied")]
    assert documents(data) == 1


def test_broken_symlink_and_symlink_loop_are_named(repo: Path) -> None:
    (repo / "org" / "moved.yaml").symlink_to("gone.yaml")
    (repo / "org" / "loop.yaml").symlink_to("loop.yaml")
    code, data, _ = check(".")
    assert code == 1
    assert findings(data) == [
        ("YAML001", "org/loop.yaml", 1, "cannot read file: symbolic link loop"),
        ("YAML001", "org/moved.yaml", 1, "cannot read file: broken symbolic link to 'gone.yaml'"),
    ]
    assert documents(data) == 1


def test_symlinks_out_of_the_tree_are_not_followed(repo: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "elsewhere.yaml").write_text(BROKEN, encoding="utf-8")
    (repo / "org" / "linked.yaml").symlink_to(outside / "elsewhere.yaml")
    (repo / "linked-folder").symlink_to(outside, target_is_directory=True)
    (repo / "org" / "inside.yaml").symlink_to("people.yaml")  # inside the tree: read
    code, data, _ = check(".")
    assert findings(data) == [
        (
            "REF001",
            "org/people.yaml",
            3,
            "person:ann is defined twice (first at org/inside.yaml:3); names are unique per kind and namespace",
        ),
    ]
    assert code == 1


def test_symlinked_folder_loop_does_not_hang(repo: Path) -> None:
    (repo / "org" / "again").symlink_to("..", target_is_directory=True)
    code, data, _ = check(".")
    assert code == 0 and documents(data) == 1


def test_folder_named_like_a_yaml_file_is_walked(repo: Path) -> None:
    (repo / "odd.yaml").mkdir()
    (repo / "odd.yaml" / "inner.yaml").write_text(GOOD % "cat", encoding="utf-8")
    code, data, _ = check(".")
    assert code == 0 and documents(data) == 2
    code, data, _ = check("odd.yaml")
    assert code == 0 and documents(data) == 1


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_named_pipe_is_never_waited_on(repo: Path) -> None:
    os.mkfifo(repo / "org" / "pipe.yaml")
    code, data, _ = check(".")  # walked: not a document file, skipped
    assert code == 0 and findings(data) == [] and documents(data) == 1
    code, data, _ = check("org/pipe.yaml", "org/people.yaml")  # named: reported
    assert code == 1
    assert findings(data) == [("YAML001", "org/pipe.yaml", 1, "not a regular file (a named pipe); skipped")]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nowhere/"], "itsmlint: error: nowhere: no such file or folder"),
        (["org/people.yaml", "missing.yaml"], "itsmlint: error: missing.yaml: no such file or folder"),
    ],
)
def test_missing_path_is_exit_2_with_one_line(repo: Path, args: list[str], message: str) -> None:
    code, data, err = check(*args)
    assert code == 2 and data is None
    assert err.splitlines() == [message]


def test_named_broken_symlink_is_exit_2_with_one_line(repo: Path) -> None:
    (repo / "dangling.yaml").symlink_to("nothing-here.yaml")
    code, _, err = check("dangling.yaml")
    assert code == 2
    assert err.splitlines() == ["itsmlint: error: dangling.yaml: broken symbolic link"]


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("rules:\n  OWN001: [\n", ".itsmlint.yaml:3:1: invalid YAML: while parsing a flow node"),
        ("rules: {OWN001: off}\nmax_file_size: big\n", ".itsmlint.yaml:2:16: invalid value at max_file_size: 'big'"),
        ("extends: [level-2]\nexclude: 7\n", ".itsmlint.yaml:2:10: invalid value at exclude: 7 is not of type 'array'"),
        ("params:\n  maxConsulted: lots\n", ".itsmlint.yaml:2:"),
        ("- a list\n- not a mapping\n", ".itsmlint.yaml:1:1:"),
        (
            'extends: !!python/object/apply:os.system ["true"]\n',
            ".itsmlint.yaml:1:10: unsupported tag '!!python/object/apply:os.system' is not allowed here",
        ),
        ("a: &a [*a]\n", ".itsmlint.yaml:1:4: document 1 holds an alias to a value that contains it"),
        ("rules: {OWN001: off}\nrules: {OWN002: off}\n", ".itsmlint.yaml:2:1: duplicate key 'rules'"),
    ],
)
def test_config_mistakes_are_exit_2_with_file_and_line(repo: Path, config: str, message: str) -> None:
    (repo / ".itsmlint.yaml").write_text(config, encoding="utf-8")
    code, data, err = check(".")
    assert code == 2 and data is None
    (line,) = err.splitlines()
    assert line.startswith(f"itsmlint: error: {message}"), line


def test_config_that_cannot_be_decoded_is_exit_2_with_file_and_line(repo: Path) -> None:
    (repo / ".itsmlint.yaml").write_bytes(b"rules:\n  OWN001: \xff\n")
    code, _, err = check(".")
    assert code == 2
    assert err.splitlines() == ["itsmlint: error: .itsmlint.yaml:2:11: file is not valid UTF-8 (byte 0xff)"]


def test_named_config_that_does_not_exist_is_exit_2(repo: Path) -> None:
    code, _, err = check("--config", "absent.yaml", ".")
    assert code == 2
    assert err.splitlines() == ["itsmlint: error: absent.yaml:1:1: config file not found"]


def test_rule_file_with_a_python_tag_is_refused(repo: Path) -> None:
    (repo / ".itsmlint.yaml").write_text("rules_dirs: [governance]\n", encoding="utf-8")
    (repo / "governance").mkdir()
    (repo / "governance" / "x.yaml").write_text("id: X-ACME9\nwhen: !!python/name:os.system\n", encoding="utf-8")
    code, _, err = check(".")
    assert code == 2
    (line,) = err.splitlines()
    assert line == (
        "itsmlint: error: governance/x.yaml:2:7: unsupported tag '!!python/name:os.system' is not allowed here"
    )
