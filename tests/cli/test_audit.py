"""``itsmlint audit``: the three reports, their content, --compare and --min-level."""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from itsmlint.cli import _Progress, main

ROOT = Path(__file__).parents[2]
NORTHWIND = ROOT / "samples" / "northwind"
ANTI = ROOT / "samples" / "anti-patterns"
TODAY = "2026-11-23"


def audit(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["audit", "--today", TODAY, *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def northwind(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("northwind-audit")
    code, stdout, stderr = audit(str(NORTHWIND), "--output", str(out))
    assert code == 0, stderr
    assert "organisation at level 5; 10 bundles; 0 errors, 0 warnings" in stdout
    return out


@pytest.fixture(scope="module")
def anti(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("anti-audit")
    code, _, stderr = audit(str(ANTI), "--output", str(out))
    assert code == 0, stderr
    return out


def test_writes_three_reports(northwind: Path) -> None:
    assert sorted(p.name for p in northwind.iterdir()) == ["audit.json", "report.html", "report.md"]


def test_audit_json_holds_levels_bundles_register_and_coverage(northwind: Path) -> None:
    data = json.loads((northwind / "audit.json").read_text(encoding="utf-8"))
    assert data["today"] == TODAY
    assert data["organisation"]["level"] == 5 and data["organisation"]["distribution"]["5"] == 10
    refs = {b["ref"] for b in data["bundles"]}
    assert {"process:change-enablement", "service:email", "socialmediapolicy:corporate-social"} <= refs
    change = next(b for b in data["bundles"] if b["ref"] == "process:change-enablement")
    assert change["level"] == 5 and change["progress"] == 1.0 and "role:change-manager" in change["documents"]
    assert data["findings"] == []
    iso = {c["item"]: c for c in data["coverage"] if c["framework"] == "ISO/IEC 20000-1:2018"}
    assert "DOC001" in iso["7.5"]["rules"] and iso["7.5"]["passing"] > 0 and iso["7.5"]["gaps"] == []


def test_an_unhealthy_repository_is_rated_with_blockers_and_gaps(anti: Path) -> None:
    data = json.loads((anti / "audit.json").read_text(encoding="utf-8"))
    org = data["organisation"]
    assert org["level"] == 1 and org["weakest"] is not None
    assert [Path(p).name for p in org["unparsedFiles"]] == ["yaml001-unclosed-list.yaml"]
    by_ref = {b["ref"]: b for b in data["bundles"]}
    # the laptop-repair process breaks its schema: unrated, and SCHEMA001 is what blocks it
    assert by_ref["process:laptop-repair"]["level"] is None
    assert by_ref["process:laptop-repair"]["blockers"] == ["SCHEMA001"]
    assert by_ref["process:laptop-repair"]["progress"] == 0.0
    # the ERP change needs five sign-offs: a warning of a level-4 rule holds it at level 4
    assert by_ref["process:erp-change"]["level"] == 4 and by_ref["process:erp-change"]["blockers"] == ["RIG005"]
    gaps = [g for c in data["coverage"] for g in c["gaps"]]
    assert {"rule": "RIG005", "document": "process:erp-change"} in gaps
    register = {e["document"]: e for e in data["register"]}
    assert any(e["status"] == "expired" for e in register.values())


def test_html_is_one_self_contained_page(northwind: Path) -> None:
    html = (northwind / "report.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "<title>Service-management audit of" in html
    # nothing to fetch: every link is an anchor in the page, no script, no stylesheet link
    assert [u for u in re.findall(r'(?:src|href)="([^"]*)"', html) if not u.startswith("#")] == []
    assert "<script" not in html and "<link" not in html and "@import" not in html
    for anchor in ("level-chart", "bundle-table", "heat-inherent", "heat-residual", "register", "coverage"):
        assert f'id="{anchor}"' in html
    assert html.count('<table class="raci"') == 4  # one per northwind process
    assert "@media print" in html


def test_html_marks_problems_in_raci_and_heat_map(anti: Path) -> None:
    html = (anti / "report.html").read_text(encoding="utf-8")
    # the activity with two accountable parties is a highlighted RACI row naming the rule
    assert re.search(r'<tr class="problem">.*?approve-claim.*?RACI001', html, re.S)
    assert 'class="risk uncovered"' in html


def test_markdown_has_the_same_sections(northwind: Path) -> None:
    md = (northwind / "report.md").read_text(encoding="utf-8")
    for heading in ("## Overview", "## Bundles", "## Processes", "## Service levels", "## Risks",
                    "## Waivers and risk acceptances", "## Framework coverage", "## Findings"):
        assert heading in md, heading
    assert "| Activity | role:change-implementer |" in md
    assert "```mermaid" in md


def test_output_is_deterministic(northwind: Path, tmp_path: Path) -> None:
    code, _, _ = audit(str(NORTHWIND), "--output", str(tmp_path))
    assert code == 0
    for name in ("report.html", "report.md", "audit.json"):
        assert (tmp_path / name).read_bytes() == (northwind / name).read_bytes(), name


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_compare_shows_what_improved_and_what_regressed(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(NORTHWIND, repo)
    incident = repo / "processes" / "incident-management.yaml"
    email = repo / "services" / "email.yaml"
    # version 1: the incident process has no owner
    _edit(incident, "  owner: person:dokafor\n", "")
    code, _, _ = audit(str(repo), "--output", str(tmp_path / "v1"))
    assert code == 0
    # version 2: that is fixed, but the e-mail service lost its owner
    shutil.copy(NORTHWIND / "processes" / "incident-management.yaml", incident)
    _edit(email, "  owner: person:hmuller\n", "", )
    code, out, _ = audit(str(repo), "--output", str(tmp_path / "v2"), "--compare", str(tmp_path / "v1" / "audit.json"))
    assert code == 0
    assert f"since {TODAY}: 1 new findings, 1 fixed" in out
    assert "  process:incident-management: L1 → L5" in out
    assert "  service:email: L5 → L1" in out

    data = json.loads((tmp_path / "v2" / "audit.json").read_text(encoding="utf-8"))
    levels = {c["ref"]: (c["before"], c["after"]) for c in data["comparison"]["levels"]}
    assert levels["process:incident-management"] == (1, 5) and levels["service:email"] == (5, 1)
    new = [f for f in data["findings"] if f["fingerprint"] in data["comparison"]["new"]]
    assert [(f["rule"], f["document"]) for f in new] == [("OWN003", "service:email")]
    before = json.loads((tmp_path / "v1" / "audit.json").read_text(encoding="utf-8"))
    fixed = [f for f in before["findings"] if f["fingerprint"] in data["comparison"]["fixed"]]
    assert [(f["rule"], f["document"]) for f in fixed] == [("OWN001", "process:incident-management")]

    md = (tmp_path / "v2" / "report.md").read_text(encoding="utf-8")
    assert f"### Since the audit of {TODAY}" in md
    assert "| service:email | L5 Business-aligned | L1 Initial |" in md
    assert "- `OWN001` " in md.split("Fixed findings:")[1]
    html = (tmp_path / "v2" / "report.html").read_text(encoding="utf-8")
    assert 'id="since"' in html and "Fixed findings (1)" in html


def test_compare_with_a_file_that_is_not_an_audit(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.json"
    bogus.write_text('{"findings": []}', encoding="utf-8")
    code, _, err = audit(str(NORTHWIND), "--output", str(tmp_path / "out"), "--compare", str(bogus))
    assert code == 2 and err.strip() == f"itsmlint: error: {bogus}: not an itsmlint audit.json"
    assert not (tmp_path / "out").exists()
    bogus.write_text("{not json", encoding="utf-8")
    code, _, err = audit(str(NORTHWIND), "--output", str(tmp_path / "out"), "--compare", str(bogus))
    assert code == 2 and "cannot read the previous audit" in err and "\n" not in err.strip()


def test_min_level_fails_the_audit_when_a_bundle_is_below(tmp_path: Path) -> None:
    code, _, err = audit(str(ANTI), "--output", str(tmp_path / "a"), "--min-level", "2")
    assert code == 1
    assert "maturity: process:laptop-repair is unrated" in err
    assert (tmp_path / "a" / "report.html").exists()  # the reports are written either way
    code, _, _ = audit(str(NORTHWIND), "--output", str(tmp_path / "n"), "--min-level", "5")
    assert code == 0


def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    code, _, err = audit(str(ANTI), "--output", str(tmp_path))
    assert code == 0 and err == ""


def test_progress_bar_draws_and_clears(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = io.StringIO()
    monkeypatch.setattr("sys.stderr", stream)
    bar = _Progress()
    bar("loading", 10, 20)  # small repositories: no bar at all
    assert stream.getvalue() == ""
    for done in range(1, 201):
        bar("checking", done, 200)
    bar.close()
    text = stream.getvalue()
    assert "\rchecking  [###############...............] 100/200" in text
    assert "200/200" in text and text.endswith("\r")


def test_committed_example_report_is_current(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # docs/northwind-audit is what the README shows; regenerate it with the command in the README.
    monkeypatch.chdir(ROOT)
    code, _, _ = audit("samples/northwind", "--output", str(tmp_path))
    assert code == 0
    for name in ("report.html", "report.md", "audit.json"):
        assert (tmp_path / name).read_bytes() == (ROOT / "docs" / "northwind-audit" / name).read_bytes(), (
            f"docs/northwind-audit/{name} is stale: itsmlint audit samples/northwind --today {TODAY} "
            "-o docs/northwind-audit")
