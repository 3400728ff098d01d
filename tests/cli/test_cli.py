"""The command line, end to end through click's runner: outputs and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from itsmlint.cli import main

PERSON = """\
apiVersion: itsmlint/v1
kind: Person
metadata: {name: jdoe}
spec: {displayName: Jane Doe, email: jdoe@example.org, active: true}
"""
BAD_REF = """\
apiVersion: itsmlint/v1
kind: Team
metadata: {name: desk}
spec:
  type: internal
  owner: person:jdoe
  members: [person:jdo]
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "org").mkdir()
    (tmp_path / "org" / "people.yaml").write_text(PERSON, encoding="utf-8")
    (tmp_path / "org" / "teams.yaml").write_text(BAD_REF, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    return tmp_path


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_text_output_and_exit_code(repo: Path) -> None:
    code, out, _ = invoke("check", "--today", "2026-11-22", "--select", "REF001")
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith("org/teams.yaml:7:13: error REF001[unresolved] person:jdo does not resolve")
    assert "did you mean person:jdoe?" in lines[0]
    assert lines[-1] == "2 files, 2 documents checked: 1 error, 0 warnings, 0 info."


def test_json_output_has_the_documented_shape(repo: Path) -> None:
    code, out, _ = invoke("check", "--format", "json", "--today", "2026-11-22", "--select", "REF001")
    assert code == 1
    data = json.loads(out)
    assert list(data) == ["version", "today", "summary", "findings"]
    assert data["today"] == "2026-11-22"
    assert data["summary"] == {
        "files": 2,
        "documents": 2,
        "error": 1,
        "warning": 0,
        "info": 0,
        "suppressed": 0,
        "fixable": {"safe": 0, "unsafe": 1},
        "fixed": None,
    }
    (finding,) = data["findings"]
    assert list(finding) == [
        "rule",
        "name",
        "check",
        "severity",
        "message",
        "hint",
        "path",
        "line",
        "column",
        "document",
        "pointer",
        "fingerprint",
        "suppressed",
        "fix",
    ]
    assert finding["rule"] == "REF001" and finding["check"] == "unresolved"
    assert finding["document"] == "team:desk"
    assert finding["pointer"] == "/spec/members/0"
    assert (finding["line"], finding["column"]) == (7, 13)
    assert finding["suppressed"] is None


def test_same_run_twice_is_byte_identical(repo: Path) -> None:
    first = invoke("check", "--format", "json", "--today", "2026-11-22")[1]
    second = invoke("check", "--format", "json", "--today", "2026-11-22")[1]
    assert first == second


def test_fail_on_threshold(repo: Path) -> None:
    assert invoke("check", "--select", "REF001", "--fail-on", "never")[0] == 0
    (repo / "org" / "teams.yaml").write_text(BAD_REF.replace("person:jdo]", "person:jdoe]"), encoding="utf-8")
    assert invoke("check", "--select", "REF001")[0] == 0


def test_output_file_is_written(repo: Path) -> None:
    code, out, _ = invoke("check", "--format", "json", "--output", "out/report.json", "--select", "REF001")
    assert code == 1 and out == ""
    assert json.loads((repo / "out" / "report.json").read_text())["summary"]["error"] == 1


def test_several_formats_at_once(repo: Path) -> None:
    _, out, _ = invoke("check", "--format", "text", "--format", "json:report.json", "--select", "REF001")
    assert "REF001" in out
    assert json.loads((repo / "report.json").read_text())["findings"][0]["rule"] == "REF001"


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["check", "missing-folder"], "missing-folder: no such file or folder"),
        (["check", "--today", "22/11/2026"], "is not a date"),
        (["check", "--format", "xml"], "unknown format 'xml'"),
        (["explain", "NOPE999"], "unknown rule 'NOPE999'"),
        (["schema", "Widget"], "unknown kind 'Widget'"),
    ],
)
def test_usage_errors_exit_2_with_one_line(repo: Path, args: list[str], fragment: str) -> None:
    code, _, err = invoke(*args)
    assert code == 2
    assert fragment in err
    assert "Traceback" not in err


def test_config_error_exits_2_naming_file_and_line(repo: Path) -> None:
    (repo / ".itsmlint.yaml").write_text("params:\n  maxConsulted: lots\n", encoding="utf-8")
    code, _, err = invoke("check")
    assert code == 2
    assert ".itsmlint.yaml:2:" in err


def test_rules_lists_every_rule(repo: Path) -> None:
    code, out, _ = invoke("rules")
    assert code == 0
    ids = [line.split()[0] for line in out.splitlines()]
    assert {"OWN001", "RACI001", "REF001", "GOV002", "SCHEMA001", "YAML001"} <= set(ids)
    assert ids == sorted(ids)


def test_explain_by_id_and_by_name(repo: Path) -> None:
    code, out, _ = invoke("explain", "RACI001")
    assert code == 0
    assert out.startswith("# RACI001 ")
    assert "## Why it matters" in out and "## Example" in out
    assert invoke("explain", "one-accountable-per-activity")[1] == out


def test_schema_prints_json_schema(repo: Path) -> None:
    code, out, _ = invoke("schema", "process")
    assert code == 0
    schema = json.loads(out)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["properties"]["kind"]["const"] == "Process"


def test_no_color_unless_terminal(repo: Path) -> None:
    out = invoke("check", "--select", "REF001")[1]
    assert "\033[" not in out


GOOD_PROCESS = """\
apiVersion: itsmlint/v1
kind: Process
metadata: {name: incident-management}
spec:
  owner: person:jdoe
  purpose: Restore normal service operation as quickly as possible for every user
"""


def test_bad_files_beside_good_ones_each_give_one_finding(repo: Path) -> None:
    bad = {
        "bad/unknown-kind.yaml": "apiVersion: itsmlint/v1\nkind: Proces\nmetadata: {name: x}\nspec: {}\n",
        "bad/syntax.yaml": "apiVersion: itsmlint/v1\nkind: Person\nmetadata: {name: y}\nspec: {memberOf: [a\n",
        "bad/dupes.yaml": "apiVersion: itsmlint/v1\nkind: Person\nmetadata: {name: asmith}\n"
        "spec:\n  active: true\n  displayName: Al Smith\n  active: false\n",
        "bad/not-a-mapping.yaml": "apiVersion: itsmlint/v1\nkind: Person\nmetadata: {name: z}\nspec: [1, 2]\n",
    }
    for name, text in bad.items():
        (repo / name).parent.mkdir(exist_ok=True)
        (repo / name).write_text(text, encoding="utf-8")
    (repo / ".github" / "workflows").mkdir(parents=True)
    (repo / ".github" / "workflows" / "ci.yml").write_text("on: push\njobs: {t: {runs-on: x}}\n", encoding="utf-8")
    (repo / "compose.yaml").write_text("services:\n  web: {image: nginx}\n  web: {image: httpd}\n", encoding="utf-8")
    (repo / "processes.yaml").write_text(GOOD_PROCESS, encoding="utf-8")
    code, out, err = invoke("check", "--format", "json", "--today", "2026-11-22")
    assert err == "" and code == 1
    data = json.loads(out)
    per_file: dict[str, list[str]] = {}
    for finding in data["findings"]:
        per_file.setdefault(finding["path"], []).append(finding["rule"])
    assert per_file["bad/unknown-kind.yaml"] == ["SCHEMA001"]
    assert per_file["bad/syntax.yaml"] == ["YAML001"]
    assert per_file["bad/dupes.yaml"] == ["YAML002"]
    assert per_file["bad/not-a-mapping.yaml"] == ["SCHEMA001"]
    # Other people's YAML is skipped silently, even with its own mistakes.
    assert ".github/workflows/ci.yml" not in per_file and "compose.yaml" not in per_file
    # The good documents were linted: the process and the people behind it.
    assert {"processes.yaml", "org/teams.yaml"} <= set(per_file)
    assert data["summary"]["documents"] == 4  # person, team, process, and the duplicate-key person
    assert "INT001" not in {r for rules in per_file.values() for r in rules}


def test_exclude_globs_are_relative_to_the_config_file(repo: Path) -> None:
    (repo / "org" / ".itsmlint.yaml").write_text("exclude: [/teams.yaml]\n", encoding="utf-8")
    code, out, _ = invoke("check", "org", "--select", "REF001")
    assert code == 0
    assert out.splitlines()[-1].startswith("1 file, 1 document checked")


def test_graph_draws_a_process_and_names_unknown_ones(repo: Path) -> None:
    (repo / "processes.yaml").write_text(
        GOOD_PROCESS + "  activities:\n    - {id: record}\n    - {id: close, waitsFor: [{on: activity:record}]}\n",
        encoding="utf-8",
    )
    code, out, _ = invoke("graph", "incident-management", "--today", "2026-11-22")
    assert code == 0 and out.startswith("%% itsmlint flow diagram of process:incident-management\n")
    assert "waits, no timeout ⚠ RIG001" in out
    code, out, _ = invoke("graph", "process:incident-management", "--format", "svg", "-o", "flow.svg")
    assert code == 0 and out == "" and (repo / "flow.svg").read_text().startswith("<svg ")
    code, _, err = invoke("graph", "incident-managment")
    assert code == 2 and "did you mean process:incident-management?" in err


def test_policy_and_min_level(repo: Path) -> None:
    (repo / "processes.yaml").write_text(GOOD_PROCESS, encoding="utf-8")
    code, out, _ = invoke("check", "--today", "2026-11-22", "--policy", "level-2", "--format", "json")
    rules = {f["rule"] for f in json.loads(out)["findings"]}
    assert rules and all(
        r.startswith(("OWN00", "DOC001", "RACI00", "REF00", "RISK00", "SM001", "GOV003", "SCHEMA", "YAML", "INT"))
        for r in rules
    )
    assert "DOC002" not in rules and "RIG003" not in rules  # level-3 rules are off
    code, _, err = invoke("check", "--today", "2026-11-22", "--min-level", "3", "--fail-on", "never")
    assert code == 1
    assert "maturity: process:incident-management is at level 1 (Initial), below 3; blocking:" in err
    code, _, err = invoke("check", "--policy", "level-9")
    assert code == 2 and "unknown policy 'level-9'" in err


@pytest.mark.parametrize(
    "args",
    [
        ("check", "--today", "2026-11-22", "--format", "json:{out}"),
        ("rules", "--format", "markdown", "-o", "{out}"),
        ("audit", "--today", "2026-11-22", "-o", "{folder}"),
    ],
)
def test_an_output_that_cannot_be_written_is_one_line(repo: Path, args: tuple[str, ...]) -> None:
    blocker = repo / "not-a-folder"
    blocker.write_text("a file where a folder is expected\n", encoding="utf-8")
    filled = [a.format(out=blocker / "report.out", folder=blocker / "audit") for a in args]
    code, _, err = invoke(*filled)
    assert code == 2
    (line,) = err.strip().splitlines()
    assert line.startswith(f"itsmlint: error: {blocker}/") and ": cannot write: " in line
    assert blocker.read_text(encoding="utf-8") == "a file where a folder is expected\n"


# -- rule selectors: one meaning on the command line and in the configuration ------------------------------


@pytest.mark.parametrize(
    ("flag", "value", "hint"),
    [
        ("--select", "RACI999", "did you mean"),
        ("--select", "not-a-rule-name", ""),
        ("--ignore", "REF01x", "REF01"),
        ("--select", "REF001,OWM", "'OWN'"),
    ],
)
def test_a_selector_that_names_no_rule_is_a_usage_error(repo: Path, flag: str, value: str, hint: str) -> None:
    """A typo must not check nothing (or everything) and pass: exit 2, one line, a suggestion when there is one."""
    code, out, err = invoke("check", "--today", "2026-11-22", flag, value)
    assert code == 2 and out == ""
    assert err.startswith(f"itsmlint: error: {flag}: unknown rule") and hint in err and err.count("\n") == 1


@pytest.mark.parametrize("selector", ["REF001", "ref001", "references-resolve", "REF", "ref0"])
def test_ids_slugs_and_families_select_alike(repo: Path, selector: str) -> None:
    code, out, _ = invoke("check", "--today", "2026-11-22", "--select", selector)
    assert code == 1 and "REF001[unresolved]" in out


def test_a_family_can_be_configured_like_a_rule(repo: Path) -> None:
    """ "REF: off" switches the family off; a rule named beside it keeps its own setting, whatever the order."""
    (repo / ".itsmlint.yaml").write_text("rules:\n  REF001: warning\n  REF: off\n", encoding="utf-8")
    code, out, _ = invoke("check", "--today", "2026-11-22", "--select", "REF")
    assert code == 0 and "warning REF001[unresolved]" in out
    (repo / ".itsmlint.yaml").write_text("rules:\n  REF: off\n", encoding="utf-8")
    code, out, _ = invoke("check", "--today", "2026-11-22", "--select", "REF")
    assert code == 0 and "REF001" not in out


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("rules:\n  REFF: off\n", "2:3: unknown rule 'REFF' (did you mean 'REF'?)"),
        ("rules:\n  REF: {options: {maxConsulted: 3}}\n", "options apply to one whole rule, not to a family of rules"),
    ],
)
def test_a_wrong_family_in_the_configuration_is_an_error(repo: Path, config: str, message: str) -> None:
    (repo / ".itsmlint.yaml").write_text(config, encoding="utf-8")
    code, _, err = invoke("check", "--today", "2026-11-22")
    assert code == 2 and message in err
