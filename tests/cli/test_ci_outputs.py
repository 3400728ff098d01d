"""CI outputs: SARIF against the official schema, JUnit, GitHub and GitLab."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from itsmlint.cli import main
from itsmlint.registry import builtin_catalog

ROOT = Path(__file__).parents[2]
SARIF_SCHEMA = ROOT / "tests" / "data" / "sarif-schema-2.1.0.json"
SARIF_SHA256 = "c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e"
ARGS = ["check", "samples/anti-patterns", "--today", "2026-11-23"]
# The schema Jenkins' xUnit plugin validates JUnit against, read where CI lays shared/ beside the checkout.
JUNIT_XSD = Path(__file__).parents[2].parent / "shared" / "external" / "junit" / "junit-10.xsd"
# .ci/run installs xmllint and sets this, so that CI validates instead of skipping.
REQUIRE_XMLLINT = os.environ.get("ITSMLINT_REQUIRE_XMLLINT") == "1"
XS = "{http://www.w3.org/2001/XMLSchema}"


def report(fmt: str, monkeypatch: pytest.MonkeyPatch, *extra: str) -> tuple[int, str]:
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    result = CliRunner().invoke(main, [*ARGS, "--format", fmt, *extra])
    return result.exit_code, result.stdout


@pytest.fixture(scope="module")
def sarif_validator() -> jsonschema.protocols.Validator:
    data = SARIF_SCHEMA.read_bytes()
    assert hashlib.sha256(data).hexdigest() == SARIF_SHA256, "the vendored SARIF schema was changed"
    return jsonschema.Draft4Validator(json.loads(data))


def test_sarif_of_the_gallery_validates_against_the_official_schema(
    sarif_validator: jsonschema.protocols.Validator, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out = report("sarif", monkeypatch)
    assert code == 1
    log = json.loads(out)
    errors = sorted(sarif_validator.iter_errors(log), key=lambda e: list(e.absolute_path))
    assert [e.message for e in errors] == []
    (run,) = log["runs"]
    # What Azure DevOps' Advanced Security asks for besides GitHub's rules.
    assert run["automationDetails"] == {"id": "itsmlint/"}
    assert run["tool"]["driver"]["fullName"].startswith("itsmlint ")
    rules = run["tool"]["driver"]["rules"]
    results = run["results"]
    used = {res["ruleId"] for res in results}
    # Changed with issue 17: the rules the run used, not the whole catalog with every page.
    listed = [r["id"] for r in rules]
    assert listed == sorted(listed) and used <= set(listed)
    assert set(listed) <= {r.meta.id for r in builtin_catalog()}
    assert all(r["helpUri"].startswith("https://") for r in rules)
    for rule in rules:
        if rule["id"] in used:  # a short help: summary, fix, references, the page's URI
            assert rule["help"]["text"].startswith(rule["shortDescription"]["text"]), rule["id"]
            assert len(rule["help"]["markdown"]) < 1000 and rule["helpUri"] in rule["help"]["markdown"]
            assert len(rule["fullDescription"]["text"]) <= 1024
        else:
            assert "help" not in rule and "fullDescription" not in rule, rule["id"]
    assert results and all(res["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1 for res in results)
    assert all(rules[res["ruleIndex"]]["id"] == res["ruleId"] for res in results)
    assert {res["level"] for res in results} <= {"error", "warning", "note"}
    fingerprints = [res["partialFingerprints"]["itsmlint/v1"] for res in results]
    assert len(set(fingerprints)) == len(fingerprints)


def test_sarif_full_help_embeds_the_rule_pages_and_stays_valid(
    sarif_validator: jsonschema.protocols.Validator, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, short = report("sarif", monkeypatch)
    _, out = report("sarif", monkeypatch, "--sarif-full-help")
    log = json.loads(out)
    assert [e.message for e in sarif_validator.iter_errors(log)] == []
    pages = {r.meta.id: r.meta.doc for r in builtin_catalog()}
    rules = {r["id"]: r for r in log["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["RACI001"]["help"] == {"text": pages["RACI001"], "markdown": pages["RACI001"]}
    assert [r["id"] for r in json.loads(short)["runs"][0]["tool"]["driver"]["rules"]] == list(rules)
    assert len(short) < len(out) / 2, "the pages were most of the report"


@pytest.mark.parametrize(
    ("given", "expected"),
    [("itsmlint", "itsmlint/"), ("governance/prod/", "governance/prod/"), ("itsmlint/prod", "itsmlint/prod/")],
)
def test_sarif_category_is_the_automation_id_as_github_writes_it(
    monkeypatch: pytest.MonkeyPatch, given: str, expected: str
) -> None:
    _, out = report("sarif", monkeypatch, "--sarif-category", given)
    assert json.loads(out)["runs"][0]["automationDetails"] == {"id": expected}


def test_an_empty_sarif_category_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, [*ARGS, "--format", "sarif", "--sarif-category", ""])
    assert result.exit_code == 2 and "--sarif-category" in result.stderr and result.stdout == ""


def test_sarif_fingerprints_survive_line_shifts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = (
        "apiVersion: itsmlint/v1\nkind: Process\nmetadata: {name: p}\nspec:\n"
        "  activities:\n    - {id: a, raci: {responsible: [person:x]}}\n"
    )
    (tmp_path / "p.yaml").write_text(doc, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    args = ["check", ".", "--isolated", "--select", "RACI001", "--format", "sarif"]
    before = json.loads(CliRunner().invoke(main, args).stdout)["runs"][0]["results"]
    (tmp_path / "p.yaml").write_text("# a new comment\n\n" + doc, encoding="utf-8")
    after = json.loads(CliRunner().invoke(main, args).stdout)["runs"][0]["results"]
    assert [r["partialFingerprints"] for r in before] == [r["partialFingerprints"] for r in after]
    assert [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in after] == [8]


def _junit_xsd() -> Path:
    if not JUNIT_XSD.is_file():
        assert not REQUIRE_XMLLINT, f"{JUNIT_XSD} is missing"
        pytest.skip(f"{JUNIT_XSD} is not here (CI has shared/ beside the checkout)")
    return JUNIT_XSD


def xmllint_schema_errors(text: str) -> str:
    """What ``xmllint --noout --schema junit-10.xsd`` says about ``text``: empty when it validates."""
    xsd = _junit_xsd()
    if shutil.which("xmllint") is None:
        assert not REQUIRE_XMLLINT, "ITSMLINT_REQUIRE_XMLLINT=1 but xmllint is not on PATH"
        pytest.skip("xmllint is not installed (Debian's libxml2-utils; .ci/run installs it)")
    done = subprocess.run(
        ["xmllint", "--noout", "--schema", str(xsd), "-"], input=text.encode("utf-8"), capture_output=True, check=False
    )
    return "" if done.returncode == 0 else done.stderr.decode("utf-8", "replace")


def schema_rules(xsd: Path) -> dict[str, tuple[set[str], set[str], set[str]]]:
    """Per element of the schema: (attributes allowed, attributes required, child elements allowed).

    Read from the XSD itself, so this pure-Python check cannot drift from the
    file xmllint validates against; it covers what the reporter relies on.
    """
    rules = {}
    for element in ET.parse(xsd).getroot().findall(f"{XS}element"):
        attributes = element.findall(f".//{XS}attribute")
        rules[element.get("name", "")] = (
            {a.get("name", "") for a in attributes},
            {a.get("name", "") for a in attributes if a.get("use") == "required"},
            {e.get("ref", "") for e in element.findall(f".//{XS}element")},
        )
    return rules


def schema_problems(root: ET.Element, xsd: Path) -> list[str]:
    rules = schema_rules(xsd)
    time = ET.parse(xsd).getroot().find(f"{XS}simpleType[@name='SUREFIRE_TIME']//{XS}pattern")
    assert time is not None
    time_pattern = re.compile(time.get("value", ""))
    problems = []
    for node in root.iter():
        allowed, required, children = rules[node.tag]
        problems += [f"{node.tag}: attribute {a!r} not allowed" for a in set(node.attrib) - allowed]
        problems += [f"{node.tag}: attribute {a!r} missing" for a in required - set(node.attrib)]
        problems += [f"{node.tag}: child {c.tag!r} not allowed" for c in node if c.tag not in children]
        if node.tag in ("testsuite", "testsuites") and not time_pattern.fullmatch(node.get("time", "")):
            problems.append(f"{node.tag}: time {node.get('time')!r}")
    return problems


def test_junit_of_the_gallery_validates_against_the_jenkins_xunit_schema(monkeypatch: pytest.MonkeyPatch) -> None:
    _code, out = report("junit", monkeypatch)
    root = ET.fromstring(out)
    assert schema_problems(root, _junit_xsd()) == []
    assert any(c.find("failure") is not None for c in root.iter("testcase"))
    assert any(c.find("system-out") is not None for c in root.iter("testcase"))
    assert xmllint_schema_errors(out) == ""


def test_the_pure_python_schema_check_catches_what_the_old_shape_had() -> None:
    old = ET.fromstring(
        '<testsuites name="x" tests="1" skipped="0"><testsuite name="a" tests="1" failures="0" '
        'errors="0" time="0"><testcase name="c" file="a.yaml"/></testsuite></testsuites>'
    )
    assert schema_problems(old, _junit_xsd()) == [
        "testsuites: attribute 'skipped' not allowed",
        "testcase: attribute 'file' not allowed",
    ]


def test_junit_has_a_suite_per_file_and_a_case_per_document_and_family(monkeypatch: pytest.MonkeyPatch) -> None:
    # Changed with issue 17: a case per document and rule family, not per rule (2,726 cases for the gallery).
    _code, out = report("junit", monkeypatch)
    root = ET.fromstring(out)
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    cases = [c for s in suites for c in s.findall("testcase")]
    failures = [c for c in cases if c.find("failure") is not None]
    assert int(root.get("tests", -1)) == len(cases)
    assert int(root.get("failures", -1)) == len(failures)
    for suite in suites:
        own = suite.findall("testcase")
        assert suite.get("file") == suite.get("name")
        assert int(suite.get("tests", -1)) == len(own)
        assert int(suite.get("failures", -1)) == sum(c.find("failure") is not None for c in own)
        assert int(suite.get("skipped", -1)) == sum(c.find("skipped") is not None for c in own)
        assert len({c.get("name") for c in own}) == len(own), "GitLab keeps only the first of equal names"
        assert {c.get("classname") for c in own} == {suite.get("name", "").replace(".", "_")}
    assert len(cases) > 5 * len(failures), "passing checks are reported too"
    names = {c.get("name") for c in failures}
    assert "RACI process:expense-approval" in names
    _, out = report("json", monkeypatch)
    findings = json.loads(out)["findings"]
    errors = [f for f in findings if f["suppressed"] is None and f["severity"] == "error"]
    assert len(failures) == len(
        {(f["path"], f["document"] or "(file)", f["rule"].rstrip("0123456789")) for f in errors}
    )
    # The gallery's catalog, SLO and CODEOWNERS files (issue 18) brought 70 documents and the families that
    # judge them: about 1,330 cases.
    assert len(cases) < 1400


def junit_of(tmp_path: Path, *extra: str) -> ET.Element:
    """The JUnit report of a small repository: an error, a warning, an info and a suppressed error."""
    (tmp_path / "p.yaml").write_text(
        "apiVersion: itsmlint/v1\nkind: Process\nmetadata: {name: p}\nspec:\n  activities:\n"
        "    - {id: a, raci: {responsible: [person:x], consulted: [team:a, team:b, team:c, team:d, team:e, team:f]}}\n"
        "    - {id: b, raci: {responsible: [person:x]}}  # itsmlint: ignore[RACI001] the vendor decides\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        main, ["check", str(tmp_path), "--isolated", "--today", "2026-11-23", "--format", "junit", *extra]
    )
    assert result.exit_code in (0, 1), result.output
    return ET.fromstring(result.stdout)


def outcomes(root: ET.Element) -> dict[str, str]:
    """Each case's name and outcome: failure, error, skipped or passed."""
    out = {}
    for case in root.iter("testcase"):
        kinds = [child.tag for child in case if child.tag != "system-out"]
        out[case.get("name", "")] = kinds[0] if kinds else "passed"
    return out


@pytest.mark.parametrize(
    ("fail_on", "failing"),
    [("error", {"error"}), ("warning", {"error", "warning"}), ("info", {"error", "warning", "info"}), ("never", set())],
)
def test_junit_fails_only_what_fail_on_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fail_on: str, failing: set[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    root = junit_of(tmp_path, "--fail-on", fail_on)
    shown: dict[str, set[str]] = {}  # severity -> where its findings are: failure or system-out
    for case in root.iter("testcase"):
        for child in case:
            for line in (child.text or "").splitlines():
                severity = line.split(": ")[1].split()[0]
                if "[suppressed by " not in line:
                    shown.setdefault(severity, set()).add(child.tag)
    assert set(shown) == {"error", "warning", "info"}, "the repository has one of each"
    for severity, where in shown.items():
        assert where == ({"failure"} if severity in failing else {"system-out"}), severity
    failures = sum(1 for c in root.iter("testcase") if c.find("failure") is not None)
    assert int(root.get("failures", -1)) == failures and (failures > 0) == bool(failing)


def test_junit_shows_an_all_suppressed_case_as_skipped_and_a_crash_as_an_error() -> None:
    from itsmlint.finding import Finding, Severity, Suppression
    from itsmlint.reporters import junit

    def finding(rule: str, severity: Severity, waived: bool = False) -> Finding:
        note = Suppression("inline", "inline", "the vendor decides") if waived else None
        return Finding(rule, "r", severity, f"{rule} message", "p.yaml", 3, 1, (), "process:p", suppression=note)

    assert junit._outcome([finding("RACI001", Severity.ERROR, waived=True)], Severity.ERROR)[0] == "skip"
    assert (
        junit._outcome(
            [finding("RACI001", Severity.ERROR, waived=True), finding("RACI003", Severity.INFO)], Severity.ERROR
        )[0]
        == "pass"
    )
    assert junit._outcome([finding("INT001", Severity.ERROR)], None)[0] == "error"
    xml, outcome = junit._case(
        "p.yaml", "RACI process:p", [finding("RACI001", Severity.ERROR, waived=True)], Severity.ERROR
    )
    case = ET.fromstring(xml)
    assert outcome == "skip" and case.find("skipped") is not None
    skipped = case.find("skipped")
    assert skipped is not None and skipped.get("message") == "suppressed by inline: the vendor decides"


def test_gitlab_report_has_unique_fingerprints_and_no_bom(monkeypatch: pytest.MonkeyPatch) -> None:
    _, out = report("gitlab", monkeypatch)
    assert not out.startswith("\ufeff")
    issues = json.loads(out)
    assert issues and all(
        {"description", "check_name", "fingerprint", "severity", "location"} <= set(i) for i in issues
    )
    fingerprints = [i["fingerprint"] for i in issues]
    assert len(set(fingerprints)) == len(fingerprints)
    assert {i["severity"] for i in issues} <= {"info", "minor", "major", "critical", "blocker"}


def test_github_annotations_and_automatic_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    _, out = report("github", monkeypatch)
    lines = out.splitlines()
    assert lines[-1].startswith("itsmlint: ")
    annotations = lines[:-1]
    assert all(line.startswith(("::error file=", "::warning file=", "::notice file=")) for line in annotations)
    assert any(",title=RACI001 one-accountable-per-activity::" in line for line in annotations)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    auto = CliRunner().invoke(main, ARGS)
    assert auto.stdout == out


def test_several_formats_in_one_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sarif, junit = tmp_path / "r.sarif", tmp_path / "r.xml"
    code, out = report("text", monkeypatch, "--format", f"sarif:{sarif}", "--format", f"junit:{junit}")
    assert code == 1 and "checked:" in out.splitlines()[-1]
    assert json.loads(sarif.read_text())["version"] == "2.1.0"
    assert ET.parse(junit).getroot().tag == "testsuites"


@pytest.mark.parametrize(
    "text", ["", "plain", "a & b < c > d", 'say "hi"', "it's", "both \" and '", "two\nlines\r\tend", "é & \"'\n"]
)
def test_junit_escapes_as_the_standard_library_does(text: str) -> None:
    """The reporter escapes by itself (the standard module drags in urllib and ssl); the result must not differ."""
    from xml.sax.saxutils import escape, quoteattr

    from itsmlint.reporters import junit

    assert junit.escape(text) == escape(text)
    assert junit.quoteattr(text) == quoteattr(text)
    parsed = ET.fromstring(f"<x a={junit.quoteattr(text)}>{junit.escape(text)}</x>")
    assert parsed.text == (text.replace("\r", "\n") or None)  # XML reads a lone carriage return as a line break
