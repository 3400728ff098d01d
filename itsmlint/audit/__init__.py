"""The audit: what a process owner, the CIO or an auditor reads.

:func:`build` gathers, from one lint run, everything the reports show: the
maturity of every bundle and of the organisation, each process's RACI matrix
and flow diagram, each agreement's priority matrix and targets, the risks on
a heat map, the waiver and risk-acceptance register, the evidence and gaps
per ISO/IEC 20000-1 clause and ITIL 4 practice, and every finding. The
renderers (:mod:`itsmlint.audit.html`, :mod:`itsmlint.audit.markdown` and
:mod:`itsmlint.audit.data`) only lay it out.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from itsmlint.agreements import TARGET_FIELDS, agreement_type, rank, targets
from itsmlint.diagram import build as build_diagram
from itsmlint.diagram import mermaid, svg
from itsmlint.directory import Directory
from itsmlint.engine import Result
from itsmlint.finding import Finding, Severity
from itsmlint.ids import WAIVER
from itsmlint.maturity import Organisation, Rating, assess
from itsmlint.model import Document, as_date, as_dict, as_list
from itsmlint.process import LETTERS, activities
from itsmlint.risks import control_states, score, treatment
from itsmlint.waivers import assess as assess_waiver

FRAMEWORKS = (("iso20000", "ISO/IEC 20000-1:2018"), ("itil4", "ITIL 4"))
_LETTER = {"responsible": "R", "accountable": "A", "consulted": "C", "informed": "I"}


@dataclass(frozen=True, slots=True)
class RaciView:
    """Activities × parties, one letter (or A/R) per cell, rows marked where a rule found something."""

    rows: tuple[tuple[str, str], ...]
    """(activity id, activity name)."""
    parties: tuple[str, ...]
    cells: Mapping[tuple[int, str], str]
    problems: Mapping[int, tuple[str, ...]]
    """Row → the rule ids reported on that activity."""


@dataclass(frozen=True, slots=True)
class ProcessView:
    doc: Document
    rating: Rating | None
    raci: RaciView
    svg: str
    mermaid: str
    findings: tuple[Finding, ...]


@dataclass(frozen=True, slots=True)
class AgreementView:
    doc: Document
    kind: str
    impacts: tuple[str, ...]
    urgencies: tuple[str, ...]
    matrix: Mapping[tuple[str, str], str]
    targets: tuple[tuple[str, Mapping[str, str]], ...]
    """(priority, {response, resolution, update, clock}) from highest to lowest priority."""
    availability: str
    findings: tuple[Finding, ...]


@dataclass(frozen=True, slots=True)
class RiskView:
    doc: Document
    owner: str
    inherent: tuple[int, int] | None
    residual: tuple[int, int] | None
    treatment: str
    covered: bool
    controls: tuple[str, ...]
    findings: tuple[Finding, ...]


@dataclass(frozen=True, slots=True)
class RegisterEntry:
    """A waiver or a risk acceptance, with its standing today."""

    kind: str
    """``waiver`` or ``acceptance``."""
    doc: Document
    subject: str
    """What is waived or accepted: ``RIG004 on process:x``, or the risk."""
    approved_by: str
    approved_on: dt.date | None
    expires: dt.date | None
    status: str
    days_left: int | None
    suppresses: int = 0


@dataclass(frozen=True, slots=True)
class CoverageRow:
    """One clause or practice: the rules mapped to it, with passing checks as evidence and failing ones as gaps."""

    framework: str
    item: str
    rules: tuple[str, ...]
    passing: int
    gaps: tuple[tuple[str, str], ...]
    """(rule id, document ref) of each failing check."""


@dataclass(slots=True)
class Audit:
    """Everything the audit reports show, from one run."""

    version: str
    result: Result
    organisation: Organisation
    processes: list[ProcessView]
    agreements: list[AgreementView]
    risks: list[RiskView]
    register: list[RegisterEntry]
    coverage: list[CoverageRow]
    scale: tuple[int, int]
    appetite: float
    comparison: Comparison | None = None

    @property
    def today(self) -> dt.date:
        return self.result.today


@dataclass(frozen=True, slots=True)
class Comparison:
    """What changed since a previous audit."""

    previous_today: str
    previous_level: int | None
    level_changes: tuple[tuple[str, int | None, int | None], ...]
    """(bundle, before, after) for every bundle whose level moved, appeared or went."""
    new: tuple[Finding, ...]
    fixed: tuple[Mapping[str, Any], ...]
    previous_bundles: frozenset[str] = frozenset()
    current_bundles: frozenset[str] = frozenset()


def _findings_by_document(findings: Sequence[Finding]) -> dict[str, list[Finding]]:
    out: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        if f.document is not None:
            out[f.document].append(f)
    return out


def _raci(process: Document, findings: Sequence[Finding]) -> RaciView:
    rows, parties = [], []
    cells: dict[tuple[int, str], str] = {}
    problems: dict[int, list[str]] = defaultdict(list)
    for row, activity in enumerate(activities(process)):
        rows.append((activity.label, str(activity.data.get("name") or "")))
        for letter in LETTERS:
            for _, party in activity.parties(letter):
                if party not in parties:
                    parties.append(party)
                mark = _LETTER[letter]
                before = cells.get((row, party), "")
                cells[(row, party)] = "/".join(sorted({*before.split("/"), mark} - {""}, key="ARCI".index))
        for f in findings:
            if f.active and f.pointer[:3] == activity.pointer and f.rule_id not in problems[row]:
                problems[row].append(f.rule_id)
    return RaciView(tuple(rows), tuple(parties), cells, {k: tuple(v) for k, v in problems.items() if v})


def _agreement(doc: Document, findings: Sequence[Finding]) -> AgreementView:
    matrix_spec = as_dict(doc.spec.get("priorityMatrix"))
    impacts = tuple(str(i) for i in as_list(matrix_spec.get("impact")))
    urgencies = tuple(str(u) for u in as_list(matrix_spec.get("urgency")))
    table = as_dict(matrix_spec.get("map"))
    matrix = {(i, u): str(as_dict(table.get(i)).get(u, "")) for i in impacts for u in urgencies}
    given = dict(targets(doc))
    default = doc.spec.get("defaultClock")
    rows = []
    for priority in rank(given):
        target = given[priority]
        values = {k: str(target.get(k, "")) for k in TARGET_FIELDS}
        values["clock"] = str(target.get("clock", default or ""))
        rows.append((priority, values))
    availability = as_dict(doc.spec.get("availability"))
    shown = ""
    if availability.get("target") is not None:
        shown = f"{availability.get('target')}% per {availability.get('period', '?')}"
    return AgreementView(doc, agreement_type(doc), impacts, urgencies, matrix, tuple(rows), shown, tuple(findings))


def _pair(value: object) -> tuple[int, int] | None:
    found = score(value)
    return (int(found[0]), int(found[1])) if found else None


def _register(result: Result, rules: Mapping[str, str], directory: Directory, max_days: int) -> list[RegisterEntry]:
    by_doc = _findings_by_document(result.findings)
    waived: dict[str, int] = defaultdict(int)
    for f in result.findings:
        if f.suppression is not None and f.suppression.kind == "waiver":
            waived[f.suppression.by] += 1
    entries = []
    today = result.today
    for waiver in result.corpus.of_kind("Waiver"):
        a = assess_waiver(waiver, result.corpus, rules, directory, max_days)
        mine = by_doc.get(waiver.ref, [])
        if a.expired(today):
            status = "expired"
        elif not a.well_formed:
            status = "not valid: " + ", ".join(sorted({sub for _, _, sub in a.problems}))
        elif any(f.rule_id == WAIVER and f.sub == "unused" for f in mine):
            status = "unused"
        else:
            status = "in force"
        approver = waiver.spec.get("approvedBy")
        entries.append(RegisterEntry(
            "waiver", waiver, f"{a.rule_id or waiver.spec.get('rule')} on {waiver.spec.get('target')}",
            approver if isinstance(approver, str) else "", as_date(waiver.spec.get("approvedOn")), a.expires,
            status, (a.expires - today).days if a.expires else None, waived.get(f"waiver:{waiver.name}", 0)))
    for risk in result.corpus.of_kind("Risk"):
        acceptance = as_dict(risk.spec.get("acceptance"))
        if not acceptance:
            continue
        expires = as_date(acceptance.get("expires"))
        problems = [f for f in by_doc.get(risk.ref, []) if f.rule_id == "RISK006" and f.active]
        status = "expired" if expires and expires < today else (
            "not valid: " + ", ".join(sorted({f.sub or "" for f in problems})) if problems else "in force")
        approver = acceptance.get("approvedBy")
        entries.append(RegisterEntry(
            "acceptance", risk, f"{risk.ref} ({treatment(risk)})", approver if isinstance(approver, str) else "",
            as_date(acceptance.get("approvedOn")), expires, status, (expires - today).days if expires else None))
    return sorted(entries, key=lambda e: (e.expires or dt.date.max, e.doc.ref))


def _coverage(result: Result) -> list[CoverageRow]:
    run = set(result.rules_run)
    metas = [m for m in result.catalog if m.id in run and not m.reported]
    failing: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for f in result.findings:
        if f.active and f.document is not None and f.severity is not Severity.INFO:
            failing[f.rule_id].add((f.rule_id, f.document))
    rows = []
    for key, framework in FRAMEWORKS:
        items_: dict[str, list[str]] = defaultdict(list)
        for m in metas:
            for item in m.refs.get(key, ()):
                items_[item].append(m.id)
        for item in sorted(items_, key=_clause_key):
            ids = tuple(sorted(items_[item]))
            chosen = [m for m in metas if m.id in ids]
            checks = {(m.id, d.ref) for m in chosen for d in result.corpus if not m.kinds or d.kind in m.kinds}
            gaps = set().union(*(failing[i] for i in ids)) if ids else set()
            checks |= gaps
            rows.append(CoverageRow(framework, item, ids, len(checks - gaps), tuple(sorted(gaps))))
    return rows


def _clause_key(item: str) -> tuple[Any, ...]:
    parts = item.split(".")
    if all(p.isdigit() for p in parts):
        return (0, *(int(p) for p in parts))
    return (1, item.lower())


def build(result: Result, params: Mapping[str, Any], version: str) -> Audit:
    """Assemble the audit of one lint run."""
    directory, graphs = result.directory, result.graphs
    organisation = assess(result.corpus, directory, result.findings, result.catalog, result.rules_run)
    ratings = {r.bundle.ref: r for r in organisation.ratings}
    by_doc = _findings_by_document(result.findings)
    processes = []
    for process in result.corpus.of_kind("Process"):
        mine = by_doc.get(process.ref, [])
        diagram = build_diagram(graphs.of(process), result.findings)
        processes.append(ProcessView(process, ratings.get(process.ref), _raci(process, mine), svg.render(diagram),
                                     mermaid.render(diagram), tuple(mine)))
    agreements = [_agreement(d, by_doc.get(d.ref, [])) for d in result.corpus.of_kind("SLA")]
    risks = []
    for risk in result.corpus.of_kind("Risk"):
        mine = by_doc.get(risk.ref, [])
        owner = risk.spec.get("owner")
        risks.append(RiskView(
            risk, owner if isinstance(owner, str) else "", _pair(risk.spec.get("inherent")),
            _pair(risk.spec.get("residual")), treatment(risk),
            not any(f.rule_id == "RISK003" and f.active for f in mine),
            tuple(s.ref for s in control_states(risk, result.corpus)), tuple(mine)))
    names = {m.id: m.id for m in result.catalog} | {m.name: m.id for m in result.catalog}
    low, high = params.get("riskScale", [1, 5])
    return Audit(version, result, organisation, processes, agreements, risks,
                 _register(result, names, directory, int(params.get("maxWaiverDays", 180))), _coverage(result),
                 (int(low), int(high)), float(params.get("riskAppetite", 9)))


def compare(audit: Audit, previous: Mapping[str, Any]) -> Comparison:
    """What moved since the audit written to ``previous`` (its audit.json)."""
    before: dict[str, int | None] = {str(b.get("ref")): b.get("level") for b in previous.get("bundles", [])
                                     if isinstance(b, dict)}
    after = {r.bundle.ref: r.level for r in audit.organisation.ratings}
    changes = tuple((ref, before.get(ref), after.get(ref)) for ref in sorted(set(before) | set(after))
                    if before.get(ref) != after.get(ref) or (ref in before) != (ref in after))
    old = {f.get("fingerprint"): f for f in previous.get("findings", [])
           if isinstance(f, dict) and f.get("suppressed") is None}
    now = {f.fingerprint for f in audit.result.findings if f.active}
    new = tuple(f for f in audit.result.findings if f.active and f.fingerprint not in old)
    fixed = tuple(f for fp, f in sorted(old.items(), key=lambda kv: str(kv[0])) if fp not in now)
    organisation = as_dict(previous.get("organisation"))
    level = organisation.get("level")
    return Comparison(str(previous.get("today", "?")), level if isinstance(level, int) else None, changes, new, fixed,
                      frozenset(before), frozenset(after))

