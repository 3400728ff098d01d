"""Waivers, inline suppressions and the baseline, end to end.

Each mechanism is tested for: it applies, it expires or goes stale, it is
unused, it lacks a reason, and --no-suppressions ignores it; suppressed
findings stay in the output with who suppressed them and why.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from itsmlint.cli import main

PEOPLE = """\
apiVersion: itsmlint/v1
kind: Person
metadata: {name: cio}
spec: {displayName: The CIO}
---
apiVersion: itsmlint/v1
kind: Person
metadata: {name: jdoe}
spec: {displayName: Jane Doe}
"""
# A process with no manager (OWN002) and an activity with no Accountable (RACI001).
PROCESS = """\
apiVersion: itsmlint/v1
kind: Process
metadata: {name: legacy-erp}
spec:
  owner: person:jdoe
  activities:
    - id: patch
      raci: {responsible: [person:jdoe]}
    - id: report
      raci: {responsible: [person:jdoe]}
"""
SELECT = ["--select", "OWN002,RACI001,GOV"]


def waiver(name: str, **fields: str) -> str:
    spec = {
        "rule": "OWN002",
        "target": "process:legacy-erp",
        "reason": "Retired in Q1; no manager is needed",
        "owner": "person:jdoe",
        "approvedBy": "person:cio",
        "approvedOn": "2026-10-01",
        "expires": "2026-12-31",
    }
    spec.update(fields)
    body = ", ".join(f"{k}: {v}" for k, v in spec.items() if v != "-")
    return f"---\napiVersion: itsmlint/v1\nkind: Waiver\nmetadata: {{name: {name}}}\nspec: {{{body}}}\n"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "people.yaml").write_text(PEOPLE, encoding="utf-8")
    (tmp_path / "process.yaml").write_text(PROCESS, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    return tmp_path


def lint(*args: str) -> tuple[int, list[dict[str, object]], dict[str, object]]:
    result = CliRunner().invoke(main, ["check", "--today", "2026-11-23", "--format", "json", *SELECT, *args])
    data = json.loads(result.stdout)
    return result.exit_code, data["findings"], data


def rules(findings: list[dict[str, object]], active: bool = True) -> list[str]:
    return sorted(f"{f['rule']}@{f['line']}" for f in findings if (f["suppressed"] is None) == active)


# -- waivers ------------------------------------------------------------------


def test_a_valid_waiver_suppresses_and_says_who_and_why(repo: Path) -> None:
    (repo / "waivers.yaml").write_text(waiver("erp-no-manager"), encoding="utf-8")
    _code, findings, data = lint()
    (own002,) = [f for f in findings if f["rule"] == "OWN002"]
    assert own002["suppressed"] == {
        "kind": "waiver",
        "by": "waiver:erp-no-manager",
        "reason": "Retired in Q1; no manager is needed",
        "where": "waivers.yaml:2",
        "expires": "2026-12-31",
        "approvedBy": "person:cio",
    }
    assert rules(findings) == ["RACI001@10", "RACI001@8"]
    assert data["summary"]["suppressed"] == 1  # type: ignore[index]


def test_an_expired_waiver_suppresses_nothing_and_is_an_error(repo: Path) -> None:
    (repo / "waivers.yaml").write_text(
        waiver("erp-no-manager", approvedOn="2026-01-01", expires="2026-06-30"), encoding="utf-8"
    )
    code, findings, _ = lint()
    assert code == 1
    assert rules(findings) == ["GOV004@5", "OWN002@4", "RACI001@10", "RACI001@8"]
    (gov004,) = [f for f in findings if f["rule"] == "GOV004"]
    assert gov004["severity"] == "error" and "expired on 2026-06-30" in str(gov004["message"])


def test_a_waiver_expiring_today_still_applies(repo: Path) -> None:
    (repo / "waivers.yaml").write_text(waiver("erp-no-manager", expires="2026-11-23"), encoding="utf-8")
    _, findings, _ = lint()
    assert rules(findings, active=False) == ["OWN002@4"]


def test_an_unused_waiver_is_a_warning(repo: Path) -> None:
    (repo / "waivers.yaml").write_text(waiver("erp-no-owner", rule="OWN001"), encoding="utf-8")
    _, findings, _ = lint("--select", "OWN001")
    (gov004,) = [f for f in findings if f["rule"] == "GOV004"]
    assert gov004["severity"] == "warning" and "matches no OWN001 finding" in str(gov004["message"])
    # The same waiver is not "unused" when its rule did not run.
    _, findings, _ = lint()
    assert not [f for f in findings if f["rule"] == "GOV004"]


@pytest.mark.parametrize(
    ("fields", "sub"),
    [
        ({"reason": "because"}, "no-reason"),
        ({"approvedBy": "person:jdoe"}, "self-approved"),
        ({"owner": "person:cio"}, "self-approved"),
        ({"expires": "2026-09-01"}, "undated"),
        ({"expires": "2027-12-31"}, "too-long"),
        ({"expires": "-"}, "undated"),
        ({"rule": "OWN999"}, "unknown-rule"),
    ],
)
def test_a_malformed_waiver_suppresses_nothing(repo: Path, fields: dict[str, str], sub: str) -> None:
    (repo / "waivers.yaml").write_text(waiver("erp-no-manager", **fields), encoding="utf-8")
    code, findings, _ = lint()
    assert code == 1
    assert f"GOV003[{sub}]" in {f"{f['rule']}[{sub}]" for f in findings if f["rule"] == "GOV003"}
    assert any(f["rule"] == "OWN002" and f["suppressed"] is None for f in findings)


def test_a_waiver_with_a_fragment_covers_only_that_activity(repo: Path) -> None:
    (repo / "waivers.yaml").write_text(
        waiver("patch-no-accountable", rule="RACI001", target="process:legacy-erp#patch"), encoding="utf-8"
    )
    _, findings, _ = lint()
    assert rules(findings, active=False) == ["RACI001@8"]
    assert "RACI001@10" in rules(findings)


def test_no_suppressions_ignores_waivers_but_still_reports_expired_ones(repo: Path) -> None:
    (repo / "waivers.yaml").write_text(
        waiver("erp-no-manager") + waiver("old", rule="RACI001", expires="2026-03-01", approvedOn="2026-01-01"),
        encoding="utf-8",
    )
    _, findings, _ = lint("--no-suppressions")
    assert rules(findings, active=False) == []
    assert [f["rule"] for f in findings if f["rule"] == "GOV004"] == ["GOV004"]  # the expired one only


# -- inline comments ----------------------------------------------------------


def write_process(repo: Path, text: str) -> None:
    (repo / "process.yaml").write_text(text, encoding="utf-8")


def test_inline_on_the_line_and_on_the_line_above(repo: Path) -> None:
    write_process(
        repo,
        PROCESS.replace(
            "    - id: patch\n      raci: {responsible: [person:jdoe]}\n",
            "    - id: patch\n      raci: {responsible: [person:jdoe]}"
            "  # itsmlint: ignore[RACI001] the vendor decides\n",
        ).replace(
            "    - id: report\n",
            "    - id: report\n      # itsmlint: ignore[one-accountable-per-activity] reports go to everyone\n",
        ),
    )
    _, findings, _ = lint()
    suppressed = [f for f in findings if f["suppressed"] is not None]
    assert sorted((f["rule"], f["line"], f["suppressed"]["reason"]) for f in suppressed) == [  # type: ignore[index]
        ("RACI001", 8, "the vendor decides"),
        ("RACI001", 11, "reports go to everyone"),
    ]
    assert all(f["suppressed"]["kind"] == "inline" for f in suppressed)  # type: ignore[index]


def test_a_trailing_comment_does_not_reach_the_next_line(repo: Path) -> None:
    write_process(
        repo,
        PROCESS.replace("    - id: report\n", "    - id: report  # itsmlint: ignore[RACI001] reports go to everyone\n"),
    )
    _, findings, _ = lint()
    assert "RACI001@10" in rules(findings) and "GOV006@9" in rules(findings)


def test_ignore_file(repo: Path) -> None:
    write_process(repo, "# itsmlint: ignore-file[RACI001, OWN002] legacy system, replaced in Q1\n" + PROCESS)
    code, findings, _ = lint()
    assert code == 0 and rules(findings) == []
    assert rules(findings, active=False) == ["OWN002@5", "RACI001@11", "RACI001@9"]


@pytest.mark.parametrize(
    ("comment", "expected"),
    [
        ("# itsmlint: ignore[RACI001]", "GOV005@8"),
        ("# itsmlint: ignore[RACI001] ok", "GOV005@8"),
        ("# itsmlint: ignore[OWN001] owner is fine", "GOV006@8"),
        ("# itsmlint: ignore[RACI901] typo in the id", "GOV006@8"),
        ("# itsmlint: ignroe[RACI001] typo in the directive", "GOV006@8"),
    ],
)
def test_suppressions_that_do_nothing_are_findings(repo: Path, comment: str, expected: str) -> None:
    write_process(
        repo,
        PROCESS.replace(
            "      raci: {responsible: [person:jdoe]}\n    - id: report",
            f"      raci: {{responsible: [person:jdoe]}}  {comment}\n    - id: report",
            1,
        ),
    )
    _, findings, _ = lint("--select", "OWN001")
    assert expected in rules(findings)
    assert "RACI001@8" in rules(findings), "it suppressed nothing"


def test_a_comment_without_the_colon_still_counts(repo: Path) -> None:
    write_process(
        repo,
        PROCESS.replace(
            "      raci: {responsible: [person:jdoe]}\n    - id: report",
            "      raci: {responsible: [person:jdoe]}  # itsmlint ignore[RACI001] the vendor decides\n    - id: report",
            1,
        ),
    )
    _, findings, _ = lint()
    assert rules(findings, active=False) == ["RACI001@8"]


def test_a_hash_inside_a_value_is_not_a_directive(repo: Path) -> None:
    write_process(
        repo,
        PROCESS.replace(
            "metadata: {name: legacy-erp}",
            'metadata: {name: legacy-erp, description: "# itsmlint: ignore[OWN002] x y"}',
        ),
    )
    _, findings, _ = lint()
    assert "OWN002@4" in rules(findings) and not [f for f in findings if f["rule"].startswith("GOV")]  # type: ignore


def test_no_suppressions_ignores_inline_comments(repo: Path) -> None:
    write_process(repo, "# itsmlint: ignore-file[RACI001] legacy system, replaced in Q1\n" + PROCESS)
    _, findings, _ = lint("--no-suppressions")
    assert rules(findings, active=False) == [] and "RACI001@9" in rules(findings)
    assert not [f for f in findings if f["rule"] == "GOV006"]


# -- the baseline -------------------------------------------------------------


def baseline(repo: Path) -> None:
    result = CliRunner().invoke(main, ["baseline", "write", "--today", "2026-11-23", *SELECT])
    assert result.exit_code == 0, result.output


def test_baseline_hides_known_findings_and_reports_new_ones(repo: Path) -> None:
    baseline(repo)
    code, findings, _ = lint("--baseline", ".itsmlint-baseline.json")
    assert code == 0 and rules(findings) == []
    assert {f["suppressed"]["kind"] for f in findings} == {"baseline"}  # type: ignore[index]
    write_process(repo, PROCESS + "    - id: close\n      raci: {responsible: [person:jdoe]}\n")
    code, findings, _ = lint("--baseline", ".itsmlint-baseline.json")
    assert code == 1 and rules(findings) == ["RACI001@12"]


def test_baseline_survives_reformatting_and_reordering(repo: Path) -> None:
    baseline(repo)
    reformatted = """\
# The same process, reformatted: block style, keys reordered, comments added.
apiVersion: itsmlint/v1
kind: Process
metadata:
  name: legacy-erp
spec:
  activities:
    - id: patch
      raci:
        responsible:
          - person:jdoe
    - id: report
      raci:
        responsible: [person:jdoe]
  owner: person:jdoe
"""
    (repo / "process.yaml").unlink()
    (repo / "processes").mkdir()
    (repo / "processes" / "erp.yaml").write_text(reformatted, encoding="utf-8")
    code, findings, _ = lint("--baseline", ".itsmlint-baseline.json")
    assert code == 0 and rules(findings) == [], "moving and reformatting the file keeps the baseline valid"


def test_baseline_survives_an_item_inserted_at_the_top_of_a_list(repo: Path) -> None:
    """Activities (and KPIs, outcomes, policies, accounts) are named by their id in fingerprints, not their index."""
    baseline(repo)
    before = {f["pointer"]: f["fingerprint"] for f in lint()[1]}
    write_process(
        repo,
        PROCESS.replace(
            "  activities:\n",
            "  activities:\n    - id: triage\n      raci: {responsible: [person:jdoe], accountable: person:jdoe}\n",
        ),
    )
    code, findings, _ = lint("--baseline", ".itsmlint-baseline.json")
    assert code == 0 and rules(findings) == []
    after = {f["pointer"]: f["fingerprint"] for f in lint()[1]}
    # The JSON pointer shows where the item is now; the fingerprint follows the item.
    assert before["/spec/activities/0/raci/accountable"] == after["/spec/activities/1/raci/accountable"]
    assert before["/spec/activities/1/raci/accountable"] == after["/spec/activities/2/raci/accountable"]


def test_a_baseline_written_by_itsmlint_0_1_still_matches(repo: Path) -> None:
    """Fingerprints with list indexes, as 0.1 wrote them, match until the baseline is written again."""
    from itsmlint.finding import fingerprint

    _, findings, _ = lint()
    raci = [f for f in findings if f["rule"] == "RACI001"]
    old = [
        fingerprint(
            "RACI001", None, "process.yaml", "process:legacy-erp", ("spec", "activities", i, "raci", "accountable"), 0
        )
        for i in (0, 1)
    ]
    assert {f["fingerprint"] for f in raci}.isdisjoint(old)  # the fingerprints did change
    entries = [{"fingerprint": fp, "rule": "RACI001"} for fp in old]
    (repo / "old.json").write_text(
        json.dumps({"version": 1, "tool": "itsmlint 0.1.0", "findings": entries}), encoding="utf-8"
    )
    _, findings, data = lint("--baseline", "old.json")
    kinds = [f["suppressed"]["kind"] for f in findings if f["rule"] == "RACI001"]  # type: ignore[index]
    assert kinds == ["baseline", "baseline"]
    assert data["baseline"]["gone"] == []  # type: ignore[index]


def test_baseline_lists_findings_that_are_gone(repo: Path) -> None:
    baseline(repo)
    write_process(repo, PROCESS.replace("  owner: person:jdoe\n", "  owner: person:jdoe\n  managers: [person:cio]\n"))
    _code, _findings, data = lint("--baseline", ".itsmlint-baseline.json")
    gone = data["baseline"]["gone"]  # type: ignore[index]
    assert [g["rule"] for g in gone] == ["OWN002"]
    text = (
        CliRunner()
        .invoke(main, ["check", "--today", "2026-11-23", *SELECT, "--baseline", ".itsmlint-baseline.json"])
        .stdout
    )
    assert "1 baselined finding no longer occurs; shrink" in text


def test_a_broken_baseline_file_is_a_usage_error(repo: Path) -> None:
    (repo / "b.json").write_text("{not json", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--baseline", "b.json"])
    assert result.exit_code == 2 and "b.json: not a baseline file" in result.stderr
