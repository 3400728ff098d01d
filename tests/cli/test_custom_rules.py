"""An organisation's own rules: rules_dirs, test-rules, broken rule files, generated rule docs."""

from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from itsmlint.cli import main
from itsmlint.fixtures import expected_markers

ROOT = Path(__file__).parents[2]
SAMPLE = ROOT / "samples" / "custom-rules"
RULES = SAMPLE / "governance" / "rules"
TODAY = "2026-11-23"


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_the_sample_reports_exactly_its_markers(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    code, out, _ = invoke("check", "samples/custom-rules", "--today", TODAY, "--format", "json")
    assert code == 1
    data = json.loads(out)
    got = sorted(
        ((f["path"], f["line"], f["rule"] + (f"[{f['check']}]" if f["check"] else "")) for f in data["findings"]),
        key=str,
    )
    expected = sorted(
        (
            (p.relative_to(ROOT).as_posix(), line, rule)
            for p in SAMPLE.rglob("*.yaml")
            if "governance" not in p.parts
            for line, rule, _ in expected_markers(p.read_text(encoding="utf-8"))
        ),
        key=str,
    )
    assert len(expected) == 4
    # every marker names the rule, and the sub-check where the rule has them
    assert got == expected
    # the fixtures beside the rules are not part of the organisation's documents
    assert data["summary"]["files"] == 4 and data["summary"]["documents"] == 20
    by_rule = {f["rule"]: f for f in data["findings"]}
    assert by_rule["X-ACME001"]["message"] == (
        "service dispatch is business-critical but has no SLA whose "
        "spec.service refers to it with spec.serviceHours.schedule = 24x7"
    )
    # .itsmlint.yaml raises one sub-check of X-ACME003 to error
    severities = {(f["rule"], f["check"]): f["severity"] for f in data["findings"]}
    assert severities[("X-ACME003", "reporting-rarer-than-review")] == "error"  # a warning by default
    assert severities[("X-ACME002", None)] == "warning"


def test_select_by_prefix_and_sarif_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    code, out, _ = invoke(
        "check", "samples/custom-rules", "--today", TODAY, "--select", "X-ACME00", "--format", "sarif"
    )
    assert code == 1
    run = json.loads(out)["runs"][0]
    custom = {r["id"]: r for r in run["tool"]["driver"]["rules"] if r["id"].startswith("X-")}
    assert set(custom) == {"X-ACME001", "X-ACME002", "X-ACME003"}
    assert "helpUri" not in custom["X-ACME001"] and "Trucks" not in custom["X-ACME001"]["help"]["text"]
    assert "ACME-SM-04" in custom["X-ACME001"]["help"]["text"]
    assert {r["ruleId"] for r in run["results"]} == {"X-ACME001", "X-ACME002", "X-ACME003"}


def test_test_rules_passes_the_sample() -> None:
    code, out, _ = invoke("test-rules", str(RULES), "--verbose")
    assert code == 0, out
    assert out.splitlines()[-1] == "3 rules, 6 fixtures: all pass."
    assert out.count("     ok   ") == 6


def test_test_rules_reports_each_way_a_fixture_can_fail(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    stale = rules / "x-acme003-supplier-contract-governance" / "pass_reviewed-and-reported.yaml"
    stale.write_text(stale.read_text(encoding="utf-8").replace("2025-11-24", "2025-11-20"), encoding="utf-8")
    (rules / "x-acme002-major-incident-path" / "pass_emergency-path.yaml").unlink()
    fail = rules / "x-acme001-critical-service-24x7" / "fail_office-hours-only.yaml"
    fail.write_text(fail.read_text(encoding="utf-8").replace("  # expect: X-ACME001", "", 1), encoding="utf-8")
    code, out, _ = invoke("test-rules", str(rules))
    assert code == 1
    assert "line 8: unexpected X-ACME001 (service:dispatch): service dispatch is business-critical" in out
    assert "no pass_*.yaml fixture in" in out
    assert (
        "line 17: unexpected X-ACME003 (sla:carrier-uc): supplier contract carrier-uc: review.lastReview "
        "2025-11-20 is not after today-P12M (2025-11-23)" in out
    )
    assert out.splitlines()[-1] == "3 rules, 5 fixtures: 3 rules failing."


def test_test_rules_flags_a_missing_expectation(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    fail = rules / "x-acme002-major-incident-path" / "fail_no-major-incident-path.yaml"
    fail.write_text(
        fail.read_text(encoding="utf-8").replace("spec:  # expect: X-ACME002", "spec:\n  # nothing"), encoding="utf-8"
    )
    code, out, _ = invoke("test-rules", str(rules))
    assert code == 1
    assert "line 29: unexpected X-ACME002 (process:office-incidents): process office-incidents: paths is missing" in out


RULE_HEAD = """\
id: X-T001
name: test-rule
summary: A rule for tests.
kinds: [Process]
severity: warning
level: 3
remediation: Fix it.
"""


@pytest.mark.parametrize(
    ("body", "line", "column", "message"),
    [
        (
            'given: "$.spec"\nthen: {function: presnt}\nmessage: m\n',
            9,
            18,
            "unknown function 'presnt'; did you mean 'present'?",
        ),
        (
            'given: "$.spec"\nthen: {function: count, options: {most: 1}}\nmessage: m\n',
            9,
            41,
            "unknown option 'most' for count (its options: min, max)",
        ),
        (
            'given: "$.spec"\nthen: {function: count, options: {min: many}}\nmessage: m\n',
            9,
            40,
            "bad options for count: 'many' is not of type 'integer'",
        ),
        ('given: "spec.activities"\nthen: {function: present}\nmessage: m\n', 8, 8, "must start with '$'"),
        ('given: "$.spec..x"\nthen: {function: present}\nmessage: m\n', 8, 8, "cannot read '..x'"),
        (
            'given: "$.spec"\nthen: {function: present}\nmessage: "{labl} is wrong"\n',
            10,
            10,
            "unknown placeholder {labl} in the message",
        ),
        (
            'given: "$.spec"\nthen: {function: pattern, options: {match: "(unclosed"}}\nmessage: m\n',
            9,
            44,
            "pattern: '(unclosed' is not a regular expression",
        ),
        (
            'given: "$.spec"\nthen: {function: date, options: {after: yesterday}}\nmessage: m\n',
            9,
            41,
            "date: 'yesterday' is neither a date",
        ),
        (
            'given: "$.spec"\nwhen: {field: practice, function: equals, options: {valu: x}}\n'
            "then: {function: present}\nmessage: m\n",
            9,
            59,
            "unknown option 'valu' for equals",
        ),
        (
            'given: "$.spec"\nthen:\n  function: referenced_by\n  options:\n    kind: SLA\n    field: spec.service\n'
            "    where: [{field: spec.x, function: nope}]\nmessage: m\n",
            14,
            39,
            "unknown function 'nope'",
        ),
        (
            'given: "$.spec"\nthen: {function: referenced_by, options: {kind: Contract, field: spec.x}}\nmessage: m\n',
            9,
            49,
            "referenced_by: unknown kind 'Contract'",
        ),
        (
            'given: {path: "$.spec", kinds: [Proces]}\nthen: {function: present}\nmessage: m\n',
            8,
            33,
            "unknown kind 'Proces'",
        ),
        ('given: "$.spec"\nthen: {function: present}\n', 1, 1, "invalid rule"),
        ("given: [\n", 9, 1, "YAML"),
    ],
)
def test_a_broken_rule_file_is_one_error_with_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, body: str, line: int, column: int, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".git").mkdir()
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "x-t001.yaml").write_text(RULE_HEAD + body, encoding="utf-8")
    (tmp_path / ".itsmlint.yaml").write_text("rules_dirs: [rules]\n", encoding="utf-8")
    for args in (("check", "."), ("test-rules", "rules")):
        code, out, err = invoke(*args)
        assert code == 2, (args, out, err)
        assert out == ""
        first, *rest = err.strip().splitlines()
        assert rest == [] and first.startswith(f"itsmlint: error: rules/x-t001.yaml:{line}:"), first
        assert message in first, first
    if line > 1 and "YAML" not in message:
        assert f"x-t001.yaml:{line}:{column}:" in first


@pytest.mark.parametrize(
    ("rule_id", "message"),
    [
        ("OWN999", "rule id 'OWN999' is reserved for built-in rules; an organisation's own rules use the X- prefix"),
        ("X-lower", "invalid rule"),
    ],
)
def test_custom_ids_use_the_reserved_prefix(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rule_id: str, message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "rules").mkdir()
    text = RULE_HEAD.replace("X-T001", rule_id) + 'given: "$.spec"\nthen: {function: present}\nmessage: m\n'
    (tmp_path / "rules" / "r.yaml").write_text(text, encoding="utf-8")
    code, _, err = invoke("test-rules", "rules")
    assert code == 2 and f"rules/r.yaml:1:5: {message}" in err


def test_a_rule_defined_twice_names_both_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "rules").mkdir()
    text = RULE_HEAD + 'given: "$.spec"\nthen: {function: present}\nmessage: m\n'
    (tmp_path / "rules" / "a.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "rules" / "b.yaml").write_text(text.replace("name: test-rule", "name: other"), encoding="utf-8")
    (tmp_path / ".itsmlint.yaml").write_text("rules_dirs: [rules]\n", encoding="utf-8")
    code, _, err = invoke("check", ".")
    assert code == 2
    assert "rule id X-T001 is defined twice: in rules/a.yaml and in rules/b.yaml" in err


def test_a_missing_rules_folder_is_a_config_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".itsmlint.yaml").write_text("params: {}\nrules_dirs: [governance/rules]\n", encoding="utf-8")
    code, _, err = invoke("check", ".")
    assert code == 2 and err.strip() == (
        "itsmlint: error: .itsmlint.yaml:2:14: rules folder 'governance/rules' not found"
    )


def test_a_rule_file_is_data_and_never_runs_code(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "rules").mkdir()
    marker = tmp_path / "pwned"
    text = RULE_HEAD.replace(
        "summary: A rule for tests.", f"summary: !!python/object/apply:os.system ['touch {marker}']"
    )
    (tmp_path / "rules" / "r.yaml").write_text(
        text + 'given: "$.spec"\nthen: {function: present}\nmessage: m\n', encoding="utf-8"
    )
    code, _, _ = invoke("test-rules", "rules")
    assert not marker.exists()
    assert code in (0, 1, 2)


def test_explain_and_rules_show_custom_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(SAMPLE)
    code, out, _ = invoke("explain", "critical-service-24x7")
    assert code == 0
    assert out.startswith("# X-ACME001 critical-service-24x7")
    assert "Internal: ACME-SM-04 service continuity standard, section 2" in out  # under References
    assert "- Defined in: governance/rules/x-acme001-critical-service-24x7.yaml" in out
    code, out, _ = invoke("rules", "--format", "markdown")
    assert code == 0
    assert "## The organisation's own rules" in out and "### X-ACME003" in out
    assert "- **Severity:** warning; `stale-review`: error; `reporting-rarer-than-review`: warning" in out
    code, out, _ = invoke("rules", "--format", "json")
    assert {r["id"]: r["source"] for r in json.loads(out)}["X-ACME002"] == (
        "governance/rules/x-acme002-major-incident-path.yaml"
    )


def test_docs_rules_md_is_current(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    code, fresh, _ = invoke("rules", "--format", "markdown", "--builtin")
    assert code == 0
    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert fresh.replace("--builtin`", "--builtin -o docs/rules.md`") == text, (
        "docs/rules.md is stale: itsmlint rules --format markdown --builtin -o docs/rules.md"
    )


def test_rules_folder_fixtures_are_documented_in_the_module() -> None:
    # The layout test-rules reads is the one docs/custom-rules.md documents.
    page = (ROOT / "docs" / "custom-rules.md").read_text(encoding="utf-8")
    assert "itsmlint test-rules governance/rules" in page
    assert (
        textwrap.dedent("""\
        governance/rules/
          x-acme001-critical-service-24x7.yaml""")
        in page
    )


def test_an_undecodable_fixture_fails_its_rule_with_one_line(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    shutil.copytree(RULES, rules)
    (rules / "x-acme002-major-incident-path" / "fail_binary.yaml").write_bytes(b"\xff\xfe not text")
    code, out, _ = invoke("test-rules", str(rules))
    assert code == 1
    assert "fail_binary.yaml:1:1: cannot read the fixture: 'utf-8' codec can't decode byte 0xff" in out
    assert out.splitlines()[-1] == "3 rules, 4 fixtures: 1 rule failing."


def test_test_rules_on_a_folder_with_a_config_tests_the_rules_dirs_it_names(monkeypatch: pytest.MonkeyPatch) -> None:
    # samples/custom-rules holds .itsmlint.yaml (rules_dirs: [governance/rules]) and documents.
    monkeypatch.chdir(ROOT)
    code, out, err = invoke("test-rules", "samples/custom-rules")
    assert (code, err) == (0, ""), out + err
    assert out.splitlines() == [
        "ok   X-ACME001 samples/custom-rules/governance/rules/x-acme001-critical-service-24x7.yaml (2 fixtures)",
        "ok   X-ACME002 samples/custom-rules/governance/rules/x-acme002-major-incident-path.yaml (2 fixtures)",
        "ok   X-ACME003 samples/custom-rules/governance/rules/x-acme003-supplier-contract-governance.yaml (2 fixtures)",
        "3 rules, 6 fixtures: all pass.",
    ]
    monkeypatch.chdir(SAMPLE)
    code, out, _ = invoke("test-rules", ".")
    assert code == 0 and out.splitlines()[0].startswith("ok   X-ACME001 governance/rules/x-acme001-")


def test_test_rules_tests_every_rules_dir_of_the_config_and_what_it_extends(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(RULES, tmp_path / "a")
    (tmp_path / "b").mkdir()
    for rule in ("x-acme003-supplier-contract-governance.yaml", "x-acme003-supplier-contract-governance"):
        (tmp_path / "a" / rule).rename(tmp_path / "b" / rule)
    (tmp_path / "base.yaml").write_text("rules_dirs: [b]\n", encoding="utf-8")
    (tmp_path / ".itsmlint.yml").write_text("extends: base.yaml\nrules_dirs: [a]\n", encoding="utf-8")
    (tmp_path / ".pre-commit-hooks.yaml").write_text("- id: itsmlint\n  entry: itsmlint check\n", encoding="utf-8")
    code, out, err = invoke("test-rules", ".")
    assert (code, err) == (0, ""), out + err
    assert [line.split()[1:3] for line in out.splitlines()[:-1]] == [
        ["X-ACME003", "b/x-acme003-supplier-contract-governance.yaml"],
        ["X-ACME001", "a/x-acme001-critical-service-24x7.yaml"],
        ["X-ACME002", "a/x-acme002-major-incident-path.yaml"],
    ]


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (
            {".pre-commit-hooks.yaml": "- id: itsmlint\n  entry: itsmlint check\n", "action.yml": "name: itsmlint\n"},
            "itsmlint: error: repo: neither a rules folder (no rule file here) nor a folder with .itsmlint.yaml",
        ),
        (
            {"org.yaml": "apiVersion: itsmlint/v1\nkind: Person\nmetadata: {name: ann}\n"},
            "itsmlint: error: repo: neither a rules folder (no rule file here) nor a folder with .itsmlint.yaml",
        ),
        ({}, "itsmlint: error: repo: neither a rules folder (no rule file here) nor a folder with .itsmlint.yaml"),
        (
            {".itsmlint.yaml": "rules: {OWN001: off}\n", ".pre-commit-hooks.yaml": "- id: itsmlint\n"},
            "itsmlint: error: repo/.itsmlint.yaml: names no rules_dirs, so there is no rule to test",
        ),
    ],
)
def test_test_rules_on_a_folder_that_is_neither_says_so_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: dict[str, str], message: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "repo").mkdir()
    for name, text in files.items():
        (tmp_path / "repo" / name).write_text(text, encoding="utf-8")
    code, out, err = invoke("test-rules", "repo")
    assert (code, out) == (2, "")
    assert err.splitlines() == [message]


def test_test_rules_help_says_what_folder_it_takes() -> None:
    code, out, _ = invoke("test-rules", "--help")
    assert code == 0
    assert "a folder holding .itsmlint.yaml" in " ".join(out.split())
