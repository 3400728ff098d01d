"""Findings on Backstage, OpenSLO and CODEOWNERS files go where every finding goes.

The file cache, inline suppressions, waivers, baselines, every output format,
the audit's bundles, the ``formats:`` setting, Location targets followed, and
a repository that holds only a catalog: the same paths as itsmlint's own
documents, checked here on small repositories written for each test.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from helpers import TODAY, lint_paths

from itsmlint.cli import main
from itsmlint.loader import parse_file, stored

CATALOG = """\
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: {name: team-a}
spec: {type: team, children: [], members: [guest]}
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: {name: guest}
spec: {memberOf: [team-a]}
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: {name: searcher}
spec:
  type: service
  lifecycle: production
  owner: user:guest
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: {name: backstage}
spec:
  type: library
  lifecycle: experimental
  owner: CNCF
"""

SLOS = """\
- apiVersion: openslo/v1
  kind: Service
  metadata: {name: web}
  spec: {description: The web shop}
- apiVersion: openslo/v1
  kind: SLO
  metadata: {name: web-availability}
  spec:
    service: wbe
    indicatorRef: web-requests
    budgetingMethod: Occurrences
    objectives: [{target: 0.99}]
"""

CODEOWNERS = """\
# review rules
*                 @acme/team-a
/.changeset/*.md
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "catalog").mkdir()
    (tmp_path / "catalog" / "catalog-info.yaml").write_text(CATALOG, encoding="utf-8")
    (tmp_path / "slos").mkdir()
    (tmp_path / "slos" / "web.yaml").write_text(SLOS, encoding="utf-8")
    (tmp_path / ".github").mkdir()
    (tmp_path / ".github" / "CODEOWNERS").write_text(CODEOWNERS, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for name in ("NO_COLOR", "GITHUB_ACTIONS", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def check(*args: str) -> tuple[int, str, str]:
    return invoke("check", "--today", TODAY.isoformat(), "--no-cache", *args)


EXPECTED_TEXT = [
    ".github/CODEOWNERS:3:1: warning CO001[no-owner] /.changeset/*.md names no owner: changes to those files need "
    "no code owner's review",
    "catalog/catalog-info.yaml:17:10: warning BKS002 component:searcher is owned by the User user:guest; a Component "
    "is owned by a Group (groupOwnedKinds): a team outlives any one person's move, holiday or departure. Give it to "
    "a Group, such as group:team-a that user:guest belongs to",
    "catalog/catalog-info.yaml:25:10: error BKS001[unresolved] component:backstage: owner 'CNCF' (group:cncf) is not "
    "in the catalog",
    "slos/web.yaml:9:14: error SLO001[unresolved] SLO web-availability: service 'wbe' names no Service (the Services "
    "kept here: web); did you mean web?",
]


def test_a_repository_of_other_formats_only_is_linted_not_refused(repo: Path) -> None:
    # No itsmlint document anywhere: the catalog, the SLOs and the CODEOWNERS are what is checked.
    code, out, err = check(".")
    assert (code, err) == (1, "")
    lines = [line for line in out.splitlines() if not line.startswith("    ")]
    assert lines == [*EXPECTED_TEXT, "3 files, 7 documents checked: 2 errors, 2 warnings, 0 info."]


def test_ownership_alone_with_select(repo: Path) -> None:
    code, out, _ = check("catalog", "--select", "BKS")
    assert code == 1
    assert out.splitlines()[-1] == "1 file, 4 documents checked: 1 error, 1 warning, 0 info."


def test_a_folder_of_other_yaml_still_names_nothing_to_check(repo: Path) -> None:
    (repo / "ci").mkdir()
    (repo / "ci" / "workflow.yaml").write_text("on: push\njobs: {}\n", encoding="utf-8")
    code, _, err = check("ci")
    assert code == 2 and "no itsmlint documents here" in err


def test_inline_suppressions_work_in_catalog_files_and_codeowners(repo: Path) -> None:
    catalog = repo / "catalog" / "catalog-info.yaml"
    catalog.write_text(
        CATALOG.replace(
            "  owner: CNCF\n", "  owner: CNCF  # itsmlint: ignore[BKS001] the CNCF owns Backstage itself\n"
        ),
        encoding="utf-8",
    )
    owners = repo / ".github" / "CODEOWNERS"
    owners.write_text(
        CODEOWNERS.replace(
            "/.changeset/*.md\n", "/.changeset/*.md  # itsmlint: ignore[CO001] changesets need no review\n"
        ),
        encoding="utf-8",
    )
    _, out, _ = check(".", "--format", "json")
    data = json.loads(out)
    suppressed = {
        (f["path"], f["line"], f["rule"]): f["suppressed"]["kind"] for f in data["findings"] if f.get("suppressed")
    }
    assert suppressed == {
        ("catalog/catalog-info.yaml", 25, "BKS001"): "inline",
        (".github/CODEOWNERS", 3, "CO001"): "inline",
    }
    assert data["summary"]["suppressed"] == 2


def test_a_waiver_names_a_catalog_entity_as_findings_name_it(repo: Path) -> None:
    (repo / "governance").mkdir()
    (repo / "governance" / "waivers.yaml").write_text(
        """\
apiVersion: itsmlint/v1
kind: Person
metadata: {name: cio}
spec: {displayName: The CIO}
---
apiVersion: itsmlint/v1
kind: Waiver
metadata: {name: searcher-owner}
spec:
  rule: BKS002
  target: backstage:component:default/searcher
  reason: The search team is being formed; guest owns it until then
  owner: user:guest
  approvedBy: person:cio
  approvedOn: 2026-11-01
  expires: 2027-01-31
""",
        encoding="utf-8",
    )
    _, out, _ = check(".", "--format", "json")
    data = json.loads(out)
    waived = [f for f in data["findings"] if f["rule"] == "BKS002"]
    assert [f["suppressed"]["by"] for f in waived] == ["waiver:searcher-owner"]
    # The waiver itself is sound: its target resolves, and REF001, GOV003 and GOV004 say nothing.
    assert not [f for f in data["findings"] if f["path"] == "governance/waivers.yaml"]


def test_a_baseline_keeps_findings_on_other_formats(repo: Path) -> None:
    code, _, _ = invoke("baseline", "write", ".", "--today", TODAY.isoformat(), "-o", "baseline.json")
    assert code == 0
    entries = json.loads((repo / "baseline.json").read_text(encoding="utf-8"))["findings"]
    assert {e["document"] for e in entries} == {
        "codeowners:.github/CODEOWNERS",
        "backstage:component:default/searcher",
        "backstage:component:default/backstage",
        "openslo:slo:web-availability",
    }
    # Lines move; fingerprints hold document and pointer, so the baseline still matches.
    catalog = repo / "catalog" / "catalog-info.yaml"
    catalog.write_text("# the organisation's catalog\n\n" + CATALOG, encoding="utf-8")
    code, out, _ = check(".", "--baseline", "baseline.json")
    assert code == 0 and out.splitlines()[-1].endswith("0 errors, 0 warnings, 0 info, 4 suppressed.")


def test_every_output_format_places_findings_on_other_formats(repo: Path) -> None:
    code, out, _ = check(".", "--format", "sarif")
    assert code == 1
    results = json.loads(out)["runs"][0]["results"]
    places = {
        (
            r["ruleId"],
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
        )
        for r in results
    }
    assert ("BKS001", "catalog/catalog-info.yaml", 25) in places
    assert ("CO001", ".github/CODEOWNERS", 3) in places
    assert ("SLO001", "slos/web.yaml", 9) in places

    _, out, _ = check(".", "--format", "gitlab")
    issues = {(i["check_name"], i["location"]["path"], i["location"]["lines"]["begin"]) for i in json.loads(out)}
    assert ("SLO001", "slos/web.yaml", 9) in issues and ("CO001", ".github/CODEOWNERS", 3) in issues

    _, out, _ = check(".", "--format", "github")
    assert "::error file=catalog/catalog-info.yaml,line=25,col=10" in out

    _, out, _ = check(".", "--format", "junit")
    cases = ET.fromstring(out).iter("testcase")
    names = {case.get("name") for case in cases}
    # Findings fail their case, and each entity the catalog rules judge has a passing case too.
    assert "BKS backstage:component:default/backstage" in names
    assert "BKS backstage:group:default/team-a" in names
    assert "SLO openslo:slo:web-availability" in names


def test_formats_switched_off_are_read_like_anybody_else_s_yaml(repo: Path) -> None:
    (repo / ".itsmlint.yaml").write_text("formats: {backstage: false, codeowners: false}\n", encoding="utf-8")
    code, out, _ = check(".")
    assert out.splitlines() == [EXPECTED_TEXT[3], "1 file, 2 documents checked: 1 error, 0 warnings, 0 info."]
    (repo / ".itsmlint.yaml").write_text("formats: {backstage: no}\n", encoding="utf-8")
    code, _, err = check(".")
    assert code == 2 and "formats" in err


def test_the_audit_rates_a_component_that_stands_for_no_service(repo: Path) -> None:
    code, _, _ = invoke("audit", ".", "--today", TODAY.isoformat(), "--no-git", "-o", "audit")
    assert code == 0
    bundles = {
        b["ref"]: (b["kind"], b["level"])
        for b in json.loads((repo / "audit" / "audit.json").read_text(encoding="utf-8"))["bundles"]
    }
    # BKS001 (an error of level 2) keeps component:backstage at level 1; searcher's BKS002 (a warning of
    # level 3) stops it at level 3.
    assert bundles == {
        "backstage:component:default/backstage": ("component", 1),
        "backstage:component:default/searcher": ("component", 3),
    }


def test_location_targets_are_followed_within_the_folders_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "catalog" / "teams").mkdir(parents=True)
    (tmp_path / "catalog" / "all.yaml").write_text(
        """\
apiVersion: backstage.io/v1alpha1
kind: Location
metadata: {name: all}
spec:
  targets: [./teams/team-a.json, ../../outside.yaml, ./teams/missing.yaml]
""",
        encoding="utf-8",
    )
    (tmp_path / "catalog" / "teams" / "team-a.json").write_text(
        '{"apiVersion": "backstage.io/v1alpha1", "kind": "Group", "metadata": {"name": "team-a"},'
        ' "spec": {"type": "team", "children": []}}',
        encoding="utf-8",
    )
    (tmp_path / "outside.yaml").write_text(CATALOG, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    # A JSON file is not a file the walk takes: only the Location leads to it.
    result = lint_paths([Path("catalog")], Path("."), ["BKS"])
    assert sorted(d.path for d in result.corpus.foreign) == ["catalog/all.yaml", "catalog/teams/team-a.json"]
    assert [(f.line, f.qualified_id) for f in result.findings] == [
        (5, "BKS009[missing-target]"),
        (5, "BKS009[missing-target]"),
    ]


@pytest.mark.parametrize(
    ("name", "text"), [("catalog-info.yaml", CATALOG), ("slos.yaml", SLOS), ("CODEOWNERS", CODEOWNERS)]
)
def test_what_a_file_gave_round_trips_through_the_file_cache(name: str, text: str) -> None:
    first = parse_file(text.encode("utf-8"), f"repo/{name}")
    again = stored.decode(stored.encode(first), f"elsewhere/{name}")
    assert again is not None
    assert [(d.family, d.kind, d.name, d.namespace, d.data, d.locator.lines) for d in again.foreign] == [
        (d.family, d.kind, d.name, d.namespace, d.data, d.locator.lines) for d in first.foreign
    ]
    for before, after in zip(first.foreign, again.foreign, strict=True):
        assert after.path == f"elsewhere/{name}"
        for pointer in [
            (),
            ("metadata", "name"),
            ("spec", "owner"),
            ("spec", "service"),
            ("rules", 1, "owners", 0),
            ("spec", "nowhere"),
        ]:
            assert after.locate(pointer) == before.locate(pointer)
