"""CI outputs: SARIF against the official schema, JUnit, GitHub and GitLab."""

from __future__ import annotations

import hashlib
import json
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
        sarif_validator: jsonschema.protocols.Validator, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out = report("sarif", monkeypatch)
    assert code == 1
    log = json.loads(out)
    errors = sorted(sarif_validator.iter_errors(log), key=lambda e: list(e.absolute_path))
    assert [e.message for e in errors] == []
    (run,) = log["runs"]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted(r.meta.id for r in builtin_catalog())
    assert all(r["help"]["text"] and r["helpUri"].startswith("https://") for r in rules)
    assert all(len(r["fullDescription"]["text"]) <= 1024 for r in rules)
    results = run["results"]
    assert results and all(res["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1 for res in results)
    assert all(rules[res["ruleIndex"]]["id"] == res["ruleId"] for res in results)
    assert {res["level"] for res in results} <= {"error", "warning", "note"}
    fingerprints = [res["partialFingerprints"]["itsmlint/v1"] for res in results]
    assert len(set(fingerprints)) == len(fingerprints)


def test_sarif_fingerprints_survive_line_shifts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    doc = ("apiVersion: itsmlint/v1\nkind: Process\nmetadata: {name: p}\nspec:\n"
           "  activities:\n    - {id: a, raci: {responsible: [person:x]}}\n")
    (tmp_path / "p.yaml").write_text(doc, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    args = ["check", ".", "--isolated", "--select", "RACI001", "--format", "sarif"]
    before = json.loads(CliRunner().invoke(main, args).stdout)["runs"][0]["results"]
    (tmp_path / "p.yaml").write_text("# a new comment\n\n" + doc, encoding="utf-8")
    after = json.loads(CliRunner().invoke(main, args).stdout)["runs"][0]["results"]
    assert [r["partialFingerprints"] for r in before] == [r["partialFingerprints"] for r in after]
    assert [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in after] == [8]


def test_junit_has_a_suite_per_file_and_a_case_per_document_and_rule(monkeypatch: pytest.MonkeyPatch) -> None:
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
        assert int(suite.get("tests", -1)) == len(own)
        assert int(suite.get("failures", -1)) == sum(c.find("failure") is not None for c in own)
        assert len({c.get("name") for c in own}) == len(own), "GitLab keeps only the first of equal names"
    assert len(cases) > 5 * len(failures), "passing checks are reported too"
    names = {c.get("name") for c in failures}
    assert "RACI001 process:expense-approval" in names
    _, out = report("json", monkeypatch)
    active = [f for f in json.loads(out)["findings"] if f["suppressed"] is None]
    assert len(failures) == len({(f["path"], f["document"] or "(file)", f["rule"]) for f in active})


def test_gitlab_report_has_unique_fingerprints_and_no_bom(monkeypatch: pytest.MonkeyPatch) -> None:
    _, out = report("gitlab", monkeypatch)
    assert not out.startswith("\ufeff")
    issues = json.loads(out)
    assert issues and all({"description", "check_name", "fingerprint", "severity", "location"} <= set(i)
                          for i in issues)
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


@pytest.mark.parametrize("text", ["", "plain", "a & b < c > d", 'say "hi"', "it's", "both \" and '",
                                  "two\nlines\r\tend",
                                  "é & \"'\n"])
def test_junit_escapes_as_the_standard_library_does(text: str) -> None:
    """The reporter escapes by itself (the standard module drags in urllib and ssl); the result must not differ."""
    from xml.sax.saxutils import escape, quoteattr

    from itsmlint.reporters import junit

    assert junit.escape(text) == escape(text)
    assert junit.quoteattr(text) == quoteattr(text)
    parsed = ET.fromstring(f"<x a={junit.quoteattr(text)}>{junit.escape(text)}</x>")
    assert parsed.text == (text.replace("\r", "\n") or None)  # XML reads a lone carriage return as a line break
