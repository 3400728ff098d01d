"""``itsmlint audit``: the three reports, their content, --compare and --min-level."""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import git, low_process_repo

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
    assert "organisation at level 5 (weakest of 10 bundles: " in stdout
    assert "; critical bundles at level 5 (3 marked criticality: high); 0 errors, 0 warnings." in stdout
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
    # a bundle whose document breaks its schema is unrated, and the headline says so rather than hide it
    assert org["level"] is None and org["name"] == "Unrated" and org["weakest"] == "process:laptop-repair"
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
    for heading in (
        "## Overview",
        "## Bundles",
        "## Actions by owner",
        "## Processes",
        "## Service levels",
        "## Risks",
        "## Waivers and risk acceptances",
        "## Framework coverage",
        "## How this audit was produced",
        "## Findings",
    ):
        assert heading in md, heading
    assert "| Activity | role:change-implementer (Change Implementer) |" in md
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
    _edit(
        email,
        "  owner: person:hmuller\n",
        "",
    )
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
    # docs/northwind-audit is what docs/audits.md shows; regenerate it with the command given there.
    monkeypatch.chdir(ROOT)
    # A committed report cannot name the commit that holds it: it is written with --no-git.
    code, _, _ = audit("samples/northwind", "--no-git", "--output", str(tmp_path))
    assert code == 0
    for name in ("report.html", "report.md", "audit.json"):
        # Files are named from the current folder, so the report is the same in any checkout.
        assert str(ROOT) not in (tmp_path / name).read_text(encoding="utf-8")
        assert (tmp_path / name).read_bytes() == (ROOT / "docs" / "northwind-audit" / name).read_bytes(), (
            f"docs/northwind-audit/{name} is stale: itsmlint audit samples/northwind --today {TODAY} --no-git "
            "-o docs/northwind-audit"
        )


# --------------------------------------------------------------------------
# The headline does not hide a low bundle, and the report says how it was made
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def low(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A git repository whose incident process is at level 1 while its critical services are at level 5."""
    return low_process_repo(tmp_path_factory.mktemp("low"))


def _audit_in(repo: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str, str]:
    monkeypatch.chdir(repo)
    return audit("governance", *args)


def test_the_headline_is_the_weakest_bundle_of_all_with_the_critical_figure_beside_it(
    low: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    code, out, _ = _audit_in(low, monkeypatch, "-o", str(tmp_path))
    assert code == 0
    assert "organisation at level 1 (weakest of 10 bundles: " in out
    assert "critical bundles at level 5 (3 marked criticality: high)" in out
    data = json.loads((tmp_path / "audit.json").read_text(encoding="utf-8"))
    org = data["organisation"]
    by_ref = {b["ref"]: b for b in data["bundles"]}
    assert by_ref["process:incident-management"]["level"] == 1
    assert org["level"] == 1 and org["name"] == "Initial" and by_ref[org["weakest"]]["level"] == 1
    assert "weakest of all 10 bundles (4 processes, 3 services" in org["covers"]
    critical = org["critical"]
    assert critical["level"] == 5 and critical["bundles"] == ["service:customer-portal", "service:email", "service:erp"]
    assert "processes, policies and value streams carry no criticality" in critical["covers"]
    # A bundle held at level 1 by one error does not read as nearly done: the failing checks are counted.
    incident = by_ref["process:incident-management"]
    assert incident["failing"] == 1 and incident["next"] == f"toward L2: 1 of {incident['checks']} checks fails"
    assert incident["owner"] == "person:dokafor" and incident["ownerName"].startswith("Daniel Okafor")

    md = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "- **Organisation level: L1 Initial**" in md and ": the weakest of all 10 bundles" in md
    assert (
        "- **Critical-bundles level: L5 Business-aligned**: the weakest of the 3 bundles marked criticality: high" in md
    )
    assert "The critical-bundles level is the level of the weakest of the 3 bundles whose service is marked" in md


def test_the_report_says_how_it_was_produced(low: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    commit = git(low, "rev-parse", "HEAD").strip()
    code, _, _ = _audit_in(low, monkeypatch, "-o", str(tmp_path))
    assert code == 0
    data = json.loads((tmp_path / "audit.json").read_text(encoding="utf-8"))
    assert list(data)[:3] == ["version", "today", "provenance"]
    p = data["provenance"]
    assert p["itsmlint"] == data["version"] and p["today"] == TODAY and p["todayFrom"] == "--today"
    assert p["paths"] == ["governance"] and p["configFiles"] == ["governance/.itsmlint.yaml"]
    assert p["rulesOff"] == ["RACI003"]
    assert p["regraded"] == [{"rule": "GOV001", "default": "warning", "used": "error"}]
    assert p["params"] == {"corporateDomains": ["northwind.example"]}
    assert p["git"] == {
        "read": True,
        "commit": commit,
        "branch": "main",
        "dirty": False,
        "changed": 0,
        "changes": [],
        "notes": [],
    }
    assert p["command"] == f"itsmlint audit governance --today {TODAY}"

    md = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert md.startswith("# Service-management audit of governance\n")
    assert f"· commit {commit[:12]} (clean)" in md.splitlines()[2]
    section = md.split("## How this audit was produced")[1].split("## Findings")[0]
    assert "| Rules switched off | `RACI003` |" in section
    assert "| Rules re-graded | `GOV001`: warning → error |" in section
    assert "| Configuration files | `governance/.itsmlint.yaml` |" in section
    assert f"| Git | `{commit}` on branch `main`; clean: the files are those of the commit |" in section
    assert f"| To reproduce | `itsmlint audit governance --today {TODAY}`, from the top of the git work tree" in section
    assert "| Date the rules used | 2026-11-23 (given with --today) |" in section


def test_uncommitted_changes_and_the_system_date_are_recorded(
    low: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    note = low / "governance" / "draft.yaml"
    note.write_text("# not yet committed\n", encoding="utf-8")
    try:
        monkeypatch.chdir(low)
        result = CliRunner().invoke(main, ["audit", "governance", "-o", str(tmp_path)])  # no --today
    finally:
        note.unlink()
    assert result.exit_code == 0
    p = json.loads((tmp_path / "audit.json").read_text(encoding="utf-8"))["provenance"]
    assert p["git"]["dirty"] is True and p["git"]["changes"] == ["?? governance/draft.yaml"]
    assert p["todayFrom"] == "system date" and p["command"] == f"itsmlint audit governance --today {p['today']}"
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "1 uncommitted change (tracked or untracked files" in html and "?? governance/draft.yaml" in html
    assert f"(the system date: pass --today {p['today']} to reproduce)" in html


def test_without_git_the_commit_is_still_read_and_the_state_is_unknown(
    low: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr("shutil.which", lambda name, *a, **k: None)
    code, _, err = _audit_in(low, monkeypatch, "-o", str(tmp_path))
    assert code == 0 and err == ""
    git_state = json.loads((tmp_path / "audit.json").read_text(encoding="utf-8"))["provenance"]["git"]
    assert git_state["commit"] == git(low, "rev-parse", "HEAD").strip()  # read from .git without a process
    assert git_state["dirty"] is None
    assert git_state["notes"] == ["git is not installed, so whether files changed since the commit is unknown"]
    assert "unknown whether files changed since the commit" in (tmp_path / "report.md").read_text(encoding="utf-8")


def test_the_commit_is_read_from_packed_refs_a_detached_head_and_a_linked_work_tree(
    low: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from itsmlint import gitstate

    monkeypatch.setattr("shutil.which", lambda name, *a, **k: None)  # files only
    commit = git(low, "rev-parse", "HEAD").strip()
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", str(low), str(clone))
    git(clone, "pack-refs", "--all")
    assert not (clone / ".git" / "refs" / "heads" / "main").exists()
    state = gitstate.read(clone / "governance")
    assert (state.commit, state.branch, state.top) == (commit, "main", clone)
    git(clone, "checkout", "-q", "--detach")
    assert (gitstate.read(clone).commit, gitstate.read(clone).branch) == (commit, None)
    linked = tmp_path / "linked"
    git(clone, "worktree", "add", "-q", "-b", "side", str(linked))
    assert (linked / ".git").is_file()
    state = gitstate.read(linked / "governance" / "processes")
    assert (state.commit, state.branch, state.top) == (commit, "side", linked)


def test_git_files_that_are_links_or_not_git_are_not_followed(tmp_path: Path) -> None:
    from itsmlint import gitstate

    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "HEAD").write_text("0" * 40 + "\n", encoding="utf-8")
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / ".git").symlink_to(tmp_path / "outside")
    state = gitstate.read(repo)
    assert state.commit is None and state.notes == (".git is a symbolic link, which is not followed",)
    (repo / ".git").unlink()
    (repo / ".git").mkdir()
    (repo / ".git" / "HEAD").symlink_to(tmp_path / "outside" / "HEAD")
    assert gitstate.read(repo).commit is None
    (repo / ".git" / "HEAD").unlink()
    (repo / ".git" / "HEAD").write_text("ref: refs/heads/../../../outside/HEAD\n", encoding="utf-8")
    assert gitstate.read(repo).notes[0] == "HEAD names a ref itsmlint does not read"


def test_no_git_records_no_commit(low: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    code, _, _ = _audit_in(low, monkeypatch, "--no-git", "-o", str(tmp_path))
    assert code == 0
    p = json.loads((tmp_path / "audit.json").read_text(encoding="utf-8"))["provenance"]
    assert p["git"] == {"read": False} and p["paths"] == ["governance"]
    assert "not read: the audit ran with --no-git" in (tmp_path / "report.html").read_text(encoding="utf-8")


def test_the_default_output_folder_keeps_itself_out_of_git(low: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out, _ = _audit_in(low, monkeypatch)
    try:
        assert code == 0 and out.startswith("itsmlint-audit/report.html")
        folder = low / "itsmlint-audit"
        assert sorted(p.name for p in folder.iterdir()) == [".gitignore", "audit.json", "report.html", "report.md"]
        assert git(low, "status", "--porcelain") == ""
        # so a second audit still finds the work tree clean
        code, _, _ = _audit_in(low, monkeypatch)
        data = json.loads((folder / "audit.json").read_text(encoding="utf-8"))
        assert code == 0 and data["provenance"]["git"]["dirty"] is False
    finally:
        shutil.rmtree(low / "itsmlint-audit")


def test_an_owner_can_act_on_the_report(low: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    code, _, _ = _audit_in(low, monkeypatch, "-o", str(tmp_path))
    assert code == 0
    data = json.loads((tmp_path / "audit.json").read_text(encoding="utf-8"))
    owners = {a["owner"]: a for a in data["actions"]}
    dokafor = owners["person:dokafor"]
    assert dokafor["label"].startswith("Daniel Okafor")
    incident = next(b for b in dokafor["bundles"] if b["ref"] == "process:incident-management")
    assert [f["rule"] for f in incident["fix"]] == ["RACI001"]
    assert "raci.accountable has 2 entries" in incident["fix"][0]["message"]
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    # the RACI row says what is wrong, not only which rule
    assert re.search(
        r'<tr class="problem">.*?log-and-categorise.*?<td class="msg"><div><span class="rules">RACI001'
        r"</span> activity log-and-categorise: raci.accountable has 2 entries",
        html,
        re.S,
    )
    # owners with their names in the bundle table; the level as steps, not as a 97 % bar
    table = html.split('id="bundle-table"')[1].split("</table>")[0]
    assert '<code>person:dokafor</code> <span class="who">Daniel Okafor' in table
    assert 'aria-label="level 1 of 5"' in table and "toward L2: 1 of" in table and "%" not in table
    md = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "### `person:dokafor` Daniel Okafor (Head of Service Delivery)" in md
    assert "RACI001 activity log-and-categorise: raci.accountable has 2 entries; exactly 1 required" in md


def test_html_ids_are_unique_and_axes_are_named_alike(anti: Path) -> None:
    html = (anti / "report.html").read_text(encoding="utf-8")
    ids = re.findall(r'\sid="([^"]*)"', html)
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    references = set(re.findall(r"url\(#([^)]*)\)", html))
    assert references and references <= set(ids)
    for which in ("inherent", "residual"):
        heat = html.split(f'id="heat-{which}"')[1].split("</table>")[0]
        assert "(likelihood × impact)" in heat and ">impact 5<" in heat and ">likelihood 1<" in heat
    assert "<th>Inherent (likelihood × impact)</th><th>Residual (likelihood × impact)</th>" in html
    assert "Evidence: passing checks" in html and "A check is one of those rules applied to one document" in html
