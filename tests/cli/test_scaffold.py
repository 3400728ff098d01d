"""``itsmlint init`` starts a repository that lints clean; ``itsmlint new``, a document reported only at its TBDs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from itsmlint.cli import main
from itsmlint.model import KINDS
from itsmlint.scaffold import LEVELS

TODAY = "2026-11-22"


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def empty(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()  # a repository of its own: nothing around it is read
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return tmp_path


@pytest.mark.parametrize("level", LEVELS)
def test_init_then_check_is_clean(empty: Path, level: str) -> None:
    code, out, _ = invoke("init", "--level", level, "--today", TODAY)
    assert code == 0
    assert out.splitlines()[:5] == [
        "wrote .itsmlint.yaml",
        "wrote .pre-commit-config.yaml",
        "wrote .github/workflows/itsmlint.yml",
        "wrote governance/organisation.yaml",
        "wrote governance/processes/service-requests.yaml",
    ]
    assert f"extends: {level}\n" in (empty / ".itsmlint.yaml").read_text(encoding="utf-8")
    code, out, _ = invoke("check", "--today", TODAY, "--fail-on", "info", "--min-level", "5")
    assert (code, out) == (0, "2 files, 8 documents checked: 0 errors, 0 warnings, 0 info.\n")


def test_init_dates_come_from_today_and_the_same_day_gives_the_same_files(empty: Path) -> None:
    invoke("init", "a", "--today", TODAY)
    invoke("init", "b", "--today", TODAY)
    for path in (empty / "a").rglob("*"):
        if path.is_file():
            assert path.read_bytes() == (empty / "b" / path.relative_to(empty / "a")).read_bytes()
    assert f"approvedOn: {TODAY}" in (empty / "a" / "governance" / "processes" / "service-requests.yaml").read_text(
        encoding="utf-8"
    )


def test_init_overwrites_nothing(empty: Path) -> None:
    (empty / ".itsmlint.yaml").write_text("rules: {}\n", encoding="utf-8")
    code, _, err = invoke("init", "--today", TODAY)
    assert code == 2 and ".itsmlint.yaml already there; nothing was written" in err
    assert (empty / ".itsmlint.yaml").read_text(encoding="utf-8") == "rules: {}\n"
    assert not (empty / "governance").exists()


@pytest.mark.parametrize("kind", list(KINDS.values()))
def test_new_documents_report_only_their_placeholders(empty: Path, kind: str) -> None:
    # SM002 needs the organisation's mail domains, which a configuration gives.
    (empty / ".itsmlint.yaml").write_text("params: {corporateDomains: [example.org]}\n", encoding="utf-8")
    code, text, _ = invoke("new", kind.lower(), "example")
    assert code == 0 and text.startswith(f"# A new {kind}:")
    (empty / "doc.yaml").write_text(text, encoding="utf-8")
    code, out, _ = invoke("check", "--today", TODAY, "--format", "json")
    findings = json.loads(out)["findings"]
    assert findings, "a new document is reported until its placeholders are filled"
    lines = text.splitlines()
    assert [(f["line"], f["rule"], f["message"]) for f in findings if "TBD" not in lines[f["line"] - 1]] == []
    # Every field is commented; nothing but the placeholders and the choices is filled in.
    fields = [line for line in lines if ": " in line and not line.lstrip().startswith("#")]
    assert all("  # " in line for line in fields if "TBD" in line)


def test_new_appends_to_a_file(empty: Path) -> None:
    target = empty / "people.yaml"
    target.write_text("apiVersion: itsmlint/v1\nkind: Person\nmetadata: {name: a}\nspec: {}", encoding="utf-8")
    code, out, err = invoke("new", "Person", "b", "--to", "people.yaml")
    assert code == 0 and out == "" and "a new Person named b" in err
    text = target.read_text(encoding="utf-8")
    assert text.startswith("apiVersion: itsmlint/v1\nkind: Person\nmetadata: {name: a}\nspec: {}\n---\n# A new Person")
    invoke("new", "Team", "c", "--to", "org/teams.yaml")
    assert (empty / "org" / "teams.yaml").read_text(encoding="utf-8").startswith("# A new Team")


def test_new_refuses_an_unknown_kind_or_a_bad_name(empty: Path) -> None:
    code, _, err = invoke("new", "Proces", "x")
    assert code == 2 and "unknown kind 'Proces'" in err
    code, _, err = invoke("new", "Process", "Incident Management")
    assert code == 2 and "is not a name" in err
