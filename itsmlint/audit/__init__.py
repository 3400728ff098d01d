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
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

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
from itsmlint.waivers import read_terms

if TYPE_CHECKING:
    from itsmlint.audit.provenance import Provenance

FRAMEWORKS = (("iso20000", "ISO/IEC 20000-1:2018"), ("itil4", "ITIL 4"))
_LETTER = {"responsible": "R", "accountable": "A", "consulted": "C", "informed": "I"}


@dataclass(frozen=True, slots=True)
class RaciView:
    """Activities × parties, one letter (or A/R) per cell, rows marked where a rule found something."""

    rows: tuple[tuple[str, str], ...]
    """(activity id, activity name)."""
    parties: tuple[str, ...]
    cells: Mapping[tuple[int, str], str]
    problems: Mapping[int, tuple[Finding, ...]]
    """Row → the active findings on that activity, one per rule and message."""


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


@dataclass(frozen=True, slots=True)
class OwnerActions:
    """One owner's bundles below level 5, weakest first, each with the findings that hold it back."""

    owner: str
    """The owner as the bundles name it (a reference), or "" for bundles that name none."""
    label: str
    """Who that is, for a reader: a person's name, a role and the one person holding it."""
    bundles: tuple[Rating, ...]


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
    names: Mapping[str, str] = field(default_factory=dict)
    """Reference → the name a reader knows it by (a person's display name, a document's title)."""
    owners: Mapping[str, str] = field(default_factory=dict)
    """Bundle reference → its owner as written (a reference), or "" when it names none."""
    actions: list[OwnerActions] = field(default_factory=list)
    """The bundles below level 5, grouped by owner: who has what to fix."""
    provenance: Provenance | None = None

    def name(self, ref: str, scope: Document | None = None) -> str:
        """What a reader knows ``ref`` by, or "" when no document gives it a name (or it resolves to none)."""
        if ref in self.names:
            return self.names[ref]
        doc = self.result.corpus.resolve(ref, scope) if isinstance(ref, str) else None
        return self.names.get(doc.ref, "") if doc is not None else ""

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
    problems: dict[int, list[Finding]] = defaultdict(list)
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
            if (
                f.active
                and f.pointer[:3] == activity.pointer
                and all((f.qualified_id, f.message) != (p.qualified_id, p.message) for p in problems[row])
            ):
                problems[row].append(f)
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
        a = read_terms(waiver, result.corpus, rules, directory, max_days)
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
        entries.append(
            RegisterEntry(
                "waiver",
                waiver,
                f"{a.rule_id or waiver.spec.get('rule')} on {waiver.spec.get('target')}",
                approver if isinstance(approver, str) else "",
                as_date(waiver.spec.get("approvedOn")),
                a.expires,
                status,
                (a.expires - today).days if a.expires else None,
                waived.get(f"waiver:{waiver.name}", 0),
            )
        )
    for risk in result.corpus.of_kind("Risk"):
        acceptance = as_dict(risk.spec.get("acceptance"))
        if not acceptance:
            continue
        expires = as_date(acceptance.get("expires"))
        problems = [f for f in by_doc.get(risk.ref, []) if f.rule_id == "RISK006" and f.active]
        status = (
            "expired"
            if expires and expires < today
            else ("not valid: " + ", ".join(sorted({f.sub or "" for f in problems})) if problems else "in force")
        )
        approver = acceptance.get("approvedBy")
        entries.append(
            RegisterEntry(
                "acceptance",
                risk,
                f"{risk.ref} ({treatment(risk)})",
                approver if isinstance(approver, str) else "",
                as_date(acceptance.get("approvedOn")),
                expires,
                status,
                (expires - today).days if expires else None,
            )
        )
    return sorted(entries, key=lambda e: (e.expires or dt.date.max, e.doc.ref))


def _coverage(result: Result) -> list[CoverageRow]:
    run = set(result.rules_run)
    metas = [m for m in result.catalog if m.id in run and not m.reported]
    failing: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for f in result.findings:
        if f.active and f.document is not None and f.severity is not Severity.INFO:
            failing[f.rule_id].add((f.rule_id, f.document))
    rows = []
    present = frozenset(d.family for d in result.corpus.foreign)
    for key, framework in FRAMEWORKS:
        items_: dict[str, list[str]] = defaultdict(list)
        for m in metas:
            for item in m.refs.get(key, ()):
                items_[item].append(m.id)
        for item in sorted(items_, key=_clause_key):
            ids = tuple(sorted(items_[item]))
            chosen = [m for m in metas if m.id in ids]
            checks = {
                (m.id, d.ref) for m in chosen for d in (*result.corpus, *result.corpus.foreign) if m.covers(d, present)
            }
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
    for number, process in enumerate(result.corpus.of_kind("Process"), start=1):
        mine = by_doc.get(process.ref, [])
        diagram = build_diagram(graphs.of(process), result.findings)
        processes.append(
            ProcessView(
                process,
                ratings.get(process.ref),
                _raci(process, mine),
                svg.render(diagram, f"flow{number}-"),
                mermaid.render(diagram),
                tuple(mine),
            )
        )
    agreements = [_agreement(d, by_doc.get(d.ref, [])) for d in result.corpus.of_kind("SLA")]
    risks = []
    for risk in result.corpus.of_kind("Risk"):
        mine = by_doc.get(risk.ref, [])
        owner = risk.spec.get("owner")
        risks.append(
            RiskView(
                risk,
                owner if isinstance(owner, str) else "",
                _pair(risk.spec.get("inherent")),
                _pair(risk.spec.get("residual")),
                treatment(risk),
                not any(f.rule_id == "RISK003" and f.active for f in mine),
                tuple(s.ref for s in control_states(risk, result.corpus)),
                tuple(mine),
            )
        )
    rule_names = {m.id: m.id for m in result.catalog} | {m.name: m.id for m in result.catalog}
    low, high = params.get("riskScale", [1, 5])
    names = _names(result)
    owners = {r.bundle.ref: _owner(r.bundle.anchor) for r in organisation.ratings}
    return Audit(
        version,
        result,
        organisation,
        processes,
        agreements,
        risks,
        _register(result, rule_names, directory, int(params.get("maxWaiverDays", 180))),
        _coverage(result),
        (int(low), int(high)),
        float(params.get("riskAppetite", 9)),
        None,
        names,
        owners,
        _actions(organisation, owners, names, result),
    )


def _names(result: Result) -> dict[str, str]:
    """Reference → display name: a person's ``displayName``, else any document's ``metadata.title``."""
    out: dict[str, str] = {}
    for doc in result.corpus:
        shown = doc.spec.get("displayName") if doc.kind == "Person" else None
        if not isinstance(shown, str) or not shown.strip():
            shown = doc.metadata.get("title")
        if isinstance(shown, str) and shown.strip():
            out[doc.ref] = shown.strip()
    return out


def _owner(anchor: Document) -> str:
    """The owner a bundle's anchor names, as written; a list (which OWN001 reports) is shown joined."""
    owner = anchor.spec.get("owner")
    if isinstance(owner, str):
        return owner.strip()
    if isinstance(owner, list):
        return ", ".join(str(o) for o in owner if isinstance(o, str))
    return ""


def owner_label(owner: str, names: Mapping[str, str], result: Result, scope: Document | None) -> str:
    """A reader's name for an owner: the person's name, or a role's title and the one person who holds it."""
    if not owner:
        return "no owner"
    target = result.corpus.resolve(owner, scope) if ":" in owner and "," not in owner else None
    shown = names.get(target.ref, "") if target is not None else ""
    if target is not None and target.kind == "Role":
        holders = result.directory.holders(owner, scope)
        if len(holders) == 1:
            held = names.get(holders[0].ref) or holders[0].ref
            return f"{shown or owner}, held by {held}"
    return shown


def _actions(
    organisation: Organisation, owners: Mapping[str, str], names: Mapping[str, str], result: Result
) -> list[OwnerActions]:
    """Bundles below level 5 by owner: those with no owner first, then the owner of the weakest bundle."""
    grouped: dict[str, list[Rating]] = defaultdict(list)
    for r in organisation.ratings:
        if r.level != 5:
            grouped[owners.get(r.bundle.ref, "")].append(r)
    out = []
    for owner, ratings in grouped.items():
        ratings.sort(key=lambda r: (r.level or 0, r.progress, r.bundle.ref))
        out.append(OwnerActions(owner, owner_label(owner, names, result, ratings[0].bundle.anchor), tuple(ratings)))
    return sorted(out, key=lambda a: (a.owner != "", a.bundles[0].level or 0, a.owner))


def compare(audit: Audit, previous: Mapping[str, Any]) -> Comparison:
    """What moved since the audit written to ``previous`` (its audit.json)."""
    before: dict[str, int | None] = {
        str(b.get("ref")): b.get("level") for b in previous.get("bundles", []) if isinstance(b, dict)
    }
    after = {r.bundle.ref: r.level for r in audit.organisation.ratings}
    changes = tuple(
        (ref, before.get(ref), after.get(ref))
        for ref in sorted(set(before) | set(after))
        if before.get(ref) != after.get(ref) or (ref in before) != (ref in after)
    )
    old = {
        f.get("fingerprint"): f
        for f in previous.get("findings", [])
        if isinstance(f, dict) and f.get("suppressed") is None
    }
    now = {f.fingerprint for f in audit.result.findings if f.active}
    new = tuple(f for f in audit.result.findings if f.active and f.fingerprint not in old)
    fixed = tuple(f for fp, f in sorted(old.items(), key=lambda kv: str(kv[0])) if fp not in now)
    organisation = as_dict(previous.get("organisation"))
    level = organisation.get("level")
    return Comparison(
        str(previous.get("today", "?")),
        level if isinstance(level, int) else None,
        changes,
        new,
        fixed,
        frozenset(before),
        frozenset(after),
    )


# --------------------------------------------------------------------------
# Words every report uses, so that the three say the same (plain text: each
# renderer escapes it for its format)
# --------------------------------------------------------------------------

_KIND_WORDS = {
    "process": ("process", "processes"),
    "service": ("service", "services"),
    "social-media": ("social-media policy", "social-media policies"),
    "value-stream": ("value stream", "value streams"),
    "component": ("catalog component", "catalog components"),
    "system": ("catalog system", "catalog systems"),
}


def bundle_kinds(ratings: Sequence[Rating]) -> str:
    """``4 processes, 3 services, 1 social-media policy and 1 value stream``."""
    counts: dict[str, int] = defaultdict(int)
    for r in ratings:
        counts[r.bundle.kind] += 1
    parts = [f"{counts[k]} {_KIND_WORDS[k][counts[k] != 1]}" for k in _KIND_WORDS if counts[k]]
    if len(parts) <= 1:
        return "".join(parts) or "no bundles"
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def headline_scope(organisation: Organisation) -> tuple[str, str]:
    """What the organisation level covers, and what the critical level covers (or that nothing is marked)."""
    everything = (
        f"The organisation level is the level of the weakest of all {len(organisation.ratings)} bundles "
        f"({bundle_kinds(organisation.ratings)})."
    )
    critical = organisation.critical
    if not critical:
        return everything, (
            "No bundle is marked criticality: high (only a service can be), so there is no critical-bundles level."
        )
    refs = ", ".join(r.bundle.ref for r in critical)
    return everything, (
        f"The critical-bundles level is the level of the weakest of the {len(critical)} bundle"
        f"{'s' if len(critical) != 1 else ''} whose service is marked criticality: high ({refs}); "
        "processes, policies and value streams carry no criticality and count only in the "
        "organisation level."
    )


def next_step(rating: Rating) -> str:
    """What stands between a bundle and its next level, in checks: never a near-100 % that hides a blocker."""
    if rating.level is None:
        return "unrated: a document does not load or fit its schema"
    if rating.level == 5:
        return "top level reached"
    return (
        f"toward L{rating.level + 1}: {rating.failing} of {rating.checks} check"
        f"{'s' if rating.checks != 1 else ''} fail{'s' if rating.failing == 1 else ''}"
    )
