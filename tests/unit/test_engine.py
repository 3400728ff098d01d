"""The engine: hits to findings, severities, fingerprints, crash containment."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from itsmlint.engine import run
from itsmlint.finding import Hit, Severity
from itsmlint.loader import load
from itsmlint.model import Corpus, Document
from itsmlint.options import Options
from itsmlint.registry import Catalog
from itsmlint.rule import Context, CorpusRule, DocumentRule, ReportedRule, RuleMeta
from itsmlint.settings import Settings

TODAY = dt.date(2026, 11, 22)


def meta(rule_id: str, severity: Severity = Severity.WARNING, **kw: Any) -> RuleMeta:
    return RuleMeta(
        id=rule_id, name=rule_id.lower(), summary="s", family="t", kinds=("Process",), severity=severity, level=2, **kw
    )


class NoOwner(DocumentRule):
    def check(self, doc: Document, ctx: Context) -> Iterator[Hit]:
        if "owner" not in doc.spec:
            yield Hit(("spec", "owner"), f"{doc.name} has no owner", sub="missing")


class Crashes(DocumentRule):
    def check(self, doc: Document, ctx: Context) -> Iterator[Hit]:
        yield Hit(("spec",), "before the crash")
        raise KeyError("boom")


def catalog() -> Catalog:
    rules = {}
    for rule_id, cls, severity, subs in [
        ("T001", NoOwner, Severity.WARNING, {"missing": Severity.ERROR}),
        ("T002", Crashes, Severity.INFO, {}),
        ("INT001", ReportedRule, Severity.ERROR, {}),
    ]:
        rules[rule_id] = cls(meta(rule_id, severity, subchecks=subs))
    return Catalog(rules)


PROCESS = "apiVersion: itsmlint/v1\nkind: Process\nmetadata: {name: NAME}\nspec:\n  purpose: x\n"


def lint(tmp_path: Path, settings: Settings | None = None, prefix: str = "") -> list:  # type: ignore[type-arg]
    (tmp_path / "a.yaml").write_text(prefix + PROCESS.replace("NAME", "alpha"), encoding="utf-8")
    (tmp_path / "b.yaml").write_text(PROCESS.replace("NAME", "beta"), encoding="utf-8")
    return run(load([tmp_path], tmp_path), catalog(), settings or Settings(), Options(TODAY)).findings


def test_sub_check_severity_and_position(tmp_path: Path) -> None:
    findings = [f for f in lint(tmp_path) if f.rule_id == "T001"]
    assert [(f.path, f.line, f.column, f.severity, f.document) for f in findings] == [
        ("a.yaml", 4, 1, Severity.ERROR, "process:alpha"),
        ("b.yaml", 4, 1, Severity.ERROR, "process:beta"),
    ]


def test_config_severity_overrides(tmp_path: Path) -> None:
    findings = lint(tmp_path, Settings(severities={"T001[missing]": Severity.INFO, "T002": None}))
    assert {f.severity for f in findings if f.rule_id == "T001"} == {Severity.INFO}
    assert not [f for f in findings if f.rule_id == "T002"]


def test_a_crashing_rule_is_contained_and_reported(tmp_path: Path) -> None:
    findings = lint(tmp_path)
    crashes = [f for f in findings if f.rule_id == "INT001"]
    assert [(f.path, f.document) for f in crashes] == [("a.yaml", "process:alpha"), ("b.yaml", "process:beta")]
    assert "rule T002 crashed: KeyError" in crashes[0].message
    # The other rule, and the crashing rule's hits before the crash, survive.
    assert len([f for f in findings if f.rule_id == "T001"]) == 2
    assert len([f for f in findings if f.rule_id == "T002"]) == 2


def test_fingerprints_survive_line_shifts(tmp_path: Path) -> None:
    before = {f.fingerprint: f.line for f in lint(tmp_path) if f.rule_id == "T001"}
    after = {f.fingerprint: f.line for f in lint(tmp_path, prefix="# a comment\n# another\n") if f.rule_id == "T001"}
    assert before.keys() == after.keys()
    assert sorted(after.values()) == [4, 6]
    assert len(set(before)) == 2


def test_a_crash_is_shown_even_when_int001_is_not_selected(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(PROCESS.replace("NAME", "alpha"), encoding="utf-8")
    result = run(
        load([tmp_path], tmp_path), catalog(), Settings(severities={"INT001": None}), Options(TODAY, select=("T002",))
    )
    assert [f.rule_id for f in result.findings] == ["INT001", "T002"]
    assert result.crashed == ["T002"]


class HitsTheReference(CorpusRule):
    """A corpus rule written wrongly: it names a document by its reference text instead of the Document."""

    def check(self, corpus: Corpus, ctx: Context) -> Iterator[Hit]:
        for doc in corpus:
            yield Hit(("spec",), "found", document=doc.ref)  # type: ignore[arg-type]


def test_a_hit_that_cannot_be_placed_is_an_internal_error_not_lost(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(PROCESS.replace("NAME", "alpha"), encoding="utf-8")
    rules = dict(catalog().rules)
    rules["T003"] = HitsTheReference(meta("T003", Severity.ERROR))
    result = run(load([tmp_path], tmp_path), Catalog(rules), Settings(), Options(TODAY, select=("T003",)))
    assert [(f.rule_id, f.path) for f in result.findings] == [("INT001", "<corpus>")]
    assert "must name the Document it is on, not str" in result.findings[0].message
    assert result.crashed == ["T003"]


class OffersAFix(DocumentRule):
    def check(self, doc: Document, ctx: Context) -> Iterator[Hit]:
        from itsmlint.fixes import Fix, set_value

        yield Hit(("spec", "purpose"), "too short", fix=Fix("say more", (set_value(("spec", "purpose"), "y", "x"),)))


def test_a_fix_is_placed_on_its_file_with_the_safety_the_rule_declares(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(PROCESS.replace("NAME", "alpha"), encoding="utf-8")
    rules = {"T003": OffersAFix(meta("T003", fix={"safe": "says more"})), "INT001": ReportedRule(meta("INT001"))}
    (finding,) = run(load([tmp_path], tmp_path), Catalog(rules), Settings(), Options(TODAY)).findings
    assert finding.fix is not None and finding.fix.safety == "safe"
    (edit,) = finding.fix.edits
    assert (edit.path, edit.index, edit.pointer, edit.value, edit.document) == (
        "a.yaml",
        0,
        ("spec", "purpose"),
        "y",
        None,
    )


def test_a_fix_the_rule_does_not_declare_is_the_rules_bug(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(PROCESS.replace("NAME", "alpha"), encoding="utf-8")
    rules = {"T003": OffersAFix(meta("T003")), "INT001": ReportedRule(meta("INT001"))}
    (finding,) = run(load([tmp_path], tmp_path), Catalog(rules), Settings(), Options(TODAY)).findings
    assert finding.rule_id == "INT001" and "the rule declares no fix in its metadata" in finding.message


def test_a_loader_problems_fix_survives_the_file_cache() -> None:
    from itsmlint.loader import parse_file, stored

    result = parse_file(b"apiVersion: itsmlint/v1\nkind: process\nmetadata: {name: a}\nspec: {}\n", "a.yaml")
    back = stored.decode(stored.encode(result), "a.yaml")
    assert back is not None
    (problem,) = back.problems
    assert problem.fix is not None and problem.fix == result.problems[0].fix
    assert problem.fix.edits[0].value == "Process" and problem.index == 0
