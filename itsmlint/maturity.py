"""Maturity levels of bundles and of the organisation (domain.md §6).

A *bundle* is a scored unit: a process with the roles, assignments, people
and controls it relies on; a service with its offerings, agreements
(including the OLAs and UCs behind them) and the risks affecting it; the
social-media policy with its risks and their controls; a value stream with
its processes. A Backstage Component or System joins the bundle of the
itsmlint Service it stands for (with its owner), and so do the OpenSLO SLOs
that measure the service; a Component or System that stands for no Service
is a bundle of its own, with its owner and its parts. A finding counts against every bundle that holds the
document it is about.

Levels are cumulative gates over the findings that still count (waived,
inline-suppressed and baselined findings do not; an expired waiver
suppresses nothing, so its finding counts):

====  =================  ======================================================
1     Initial            every document parses and passes its schema; else
                         the bundle is unrated
2     Owned              no error from a level-2 rule
3     Defined            no error from rules of level ≤ 3, no warning from ≤ 2
4     Managed            no error from rules of level ≤ 4, no warning from ≤ 3
5     Business-aligned   no error or warning at all, and no suppression of a
                         rule of level ≤ 3
====  =================  ======================================================

Info findings never gate. Progress toward the next level is the share of
the (rule, document) checks gating it that pass.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from itsmlint.directory import Directory
from itsmlint.finding import Finding, Severity
from itsmlint.ids import INVALID_YAML
from itsmlint.interop.backstage import catalog_of, service_entities
from itsmlint.interop.openslo import measuring
from itsmlint.model import Corpus, Document, as_list, items, references
from itsmlint.rule import RuleMeta

LEVELS = {1: "Initial", 2: "Owned", 3: "Defined", 4: "Managed", 5: "Business-aligned"}
#: The phrase each level borrows from the source posts.
MOTTOS = {
    1: "cacophony",
    2: "keeping the lights on",
    3: "a common score",
    4: "run IT like a business",
    5: "strategic to the business",
}
#: Rules whose findings mean a document did not load or validate (the level-1 gate).
BUNDLE_KINDS = {
    "Process": "process",
    "Service": "service",
    "SocialMediaPolicy": "social-media",
    "ValueStream": "value-stream",
    "Component": "component",
    "System": "system",
}


@dataclass(frozen=True, slots=True)
class Bundle:
    """One scored unit: its anchor document and every document it holds."""

    anchor: Document
    members: tuple[Document, ...]

    @property
    def ref(self) -> str:
        return self.anchor.ref

    @property
    def kind(self) -> str:
        return BUNDLE_KINDS[self.anchor.kind]

    @property
    def title(self) -> str:
        title = self.anchor.metadata.get("title")
        return title if isinstance(title, str) and title else self.anchor.name

    @property
    def critical(self) -> bool:
        return self.anchor.spec.get("criticality") == "high"


@dataclass(frozen=True, slots=True)
class Rating:
    """The level of one bundle, and what stands between it and the next."""

    bundle: Bundle
    level: int | None
    """1–5, or None when a document of the bundle does not load or validate."""
    checks: int
    passing: int
    blockers: tuple[str, ...]
    """Rule ids whose findings keep the bundle from the next level."""
    findings: tuple[Finding, ...]
    blocking: tuple[Finding, ...] = ()
    """The findings that keep the bundle from the next level: what its owner has to fix."""

    @property
    def name(self) -> str:
        return LEVELS.get(self.level or 0, "Unrated")

    @property
    def failing(self) -> int:
        """How many of the checks gating the next level fail."""
        return self.checks - self.passing

    @property
    def progress(self) -> float:
        """Share of the checks gating the next level that pass (1.0 at level 5, 0.0 unrated)."""
        if self.level is None:
            return 0.0
        if self.level == 5:
            return 1.0
        return self.passing / self.checks if self.checks else 1.0


@dataclass(frozen=True, slots=True)
class Organisation:
    """The roll-up: how many bundles stand at each level, the median and the weakest links.

    The headline is the weakest bundle of all: a figure over the critical
    bundles alone would hide a process at level 1 behind three services at
    level 5 (processes carry no criticality). The critical figure is kept
    beside it, for the bundles whose anchor says ``criticality: high``.
    """

    ratings: tuple[Rating, ...]
    distribution: Mapping[int, int]
    """Level (0 = unrated) → number of bundles."""
    median: float | None
    weakest: Rating | None
    """The weakest bundle of all: it sets :attr:`level`."""
    unparsed_files: tuple[str, ...] = field(default=())
    weakest_critical: Rating | None = None
    """The weakest bundle whose anchor has ``criticality: high``; None when no bundle is marked."""

    @property
    def level(self) -> int | None:
        """The organisation stands where its weakest bundle stands."""
        return self.weakest.level if self.weakest is not None else None

    @property
    def critical(self) -> tuple[Rating, ...]:
        """The bundles the critical figure covers."""
        return tuple(r for r in self.ratings if r.bundle.critical)

    @property
    def critical_level(self) -> int | None:
        """The level of the weakest critical bundle (None when none is marked, or it is unrated)."""
        return self.weakest_critical.level if self.weakest_critical is not None else None


# --------------------------------------------------------------------------
# Bundles
# --------------------------------------------------------------------------


def _resolved(corpus: Corpus, doc: Document, kinds: Iterable[str] | None = None) -> list[Document]:
    """Every document ``doc`` refers to (of the given kinds)."""
    wanted = set(kinds) if kinds is not None else None
    out = []
    for _, _, ref in references(doc):
        target = corpus.resolve(ref, doc)
        if target is not None and (wanted is None or target.acts_as in wanted):
            out.append(target)
    return out


def _unique(documents: Iterable[Document]) -> tuple[Document, ...]:
    seen: dict[int, Document] = {}
    for doc in documents:
        seen.setdefault(id(doc), doc)
    return tuple(sorted(seen.values(), key=lambda d: (d.path, d.index)))


def _process_bundle(process: Document, corpus: Corpus, directory: Directory) -> Bundle:
    roles = [d for d in _resolved(corpus, process, {"Role"})]
    people = _resolved(corpus, process, {"Person"})
    controls = _resolved(corpus, process, {"Control"})
    assignments: list[Document] = []
    for role in roles:
        for assignment in directory.assignments(role, process):
            assignments.append(assignment)
            people.extend(_resolved(corpus, assignment, {"Person"}))
    return Bundle(process, _unique([process, *roles, *assignments, *people, *controls]))


def _service_bundle(service: Document, corpus: Corpus) -> Bundle:
    offerings = _resolved(corpus, service, {"ServiceOffering"})
    offerings += [o for o in corpus.of_kind("ServiceOffering") if corpus.resolve(o.spec.get("service"), o) is service]
    offering_ids = {id(o) for o in offerings}
    agreements = [
        a
        for a in corpus.of_kind("SLA")
        if corpus.resolve(a.spec.get("service"), a) is service
        or id(corpus.resolve(a.spec.get("offering"), a)) in offering_ids
    ]
    agreements += [a for o in [service, *offerings] for a in _resolved(corpus, o, {"SLA"})]
    for agreement in list(agreements):
        agreements += [
            b
            for ref in as_list(agreement.spec.get("underpinnedBy"))
            if (b := corpus.resolve(ref, agreement)) is not None and b.kind == "SLA"
        ]
    inside = {id(d) for d in [service, *offerings, *agreements]}
    risks = [
        r
        for r in corpus.of_kind("Risk")
        if any(id(corpus.resolve(ref, r)) in inside for ref in as_list(r.spec.get("affects")))
    ]
    # What the other formats say about the service: the catalog entities that stand for it (and their
    # owners), and the SLOs that measure it.
    catalog = catalog_of(corpus)
    entities = service_entities(corpus).get(id(service), []) if catalog else []
    owners = [
        link.target for e in entities if (link := catalog.link(e, "owner")) is not None and link.target is not None
    ]
    slos = measuring(corpus).get(id(service), []) if corpus.foreign else []
    return Bundle(service, _unique([service, *offerings, *agreements, *risks, *entities, *owners, *slos]))


def _entity_bundle(entity: Document, corpus: Corpus) -> Bundle:
    """A catalog Component or System that stands for no itsmlint Service: its owner and its parts."""
    catalog = catalog_of(corpus)
    link = catalog.link(entity, "owner")
    owner = [link.target] if link is not None and link.target is not None else []
    key = "system" if entity.kind == "System" else "subcomponentOf"
    parts = [
        d
        for d in catalog.entities
        if d is not entity and (part := catalog.link(d, key)) is not None and part.target is entity
    ]
    return Bundle(entity, _unique([entity, *owner, *parts]))


def _policy_bundle(policy: Document, corpus: Corpus) -> Bundle:
    risks = _resolved(corpus, policy, {"Risk"})
    risks += [
        r
        for r in corpus.of_kind("Risk")
        if any(corpus.resolve(ref, r) is policy for ref in as_list(r.spec.get("affects")))
    ]
    controls = [c for r in risks for c in _resolved(corpus, r, {"Control"})]
    return Bundle(policy, _unique([policy, *risks, *controls]))


def _stream_bundle(stream: Document, corpus: Corpus) -> Bundle:
    processes = [
        p
        for _, stage in items(stream.spec.get("stages"))
        for ref in as_list(stage.get("processes"))
        if (p := corpus.resolve(ref, stream)) is not None and p.kind == "Process"
    ]
    processes += [
        p
        for p in corpus.of_kind("Process")
        if any(corpus.resolve(ref, p) is stream for ref in as_list(p.spec.get("valueStreams")))
    ]
    return Bundle(stream, _unique([stream, *processes]))


def bundles(corpus: Corpus, directory: Directory) -> list[Bundle]:
    """Every bundle of the corpus, in kind order then document order."""
    out = [_process_bundle(p, corpus, directory) for p in corpus.of_kind("Process")]
    out += [_service_bundle(s, corpus) for s in corpus.of_kind("Service")]
    out += [_policy_bundle(p, corpus) for p in corpus.of_kind("SocialMediaPolicy")]
    out += [_stream_bundle(v, corpus) for v in corpus.of_kind("ValueStream")]
    if corpus.foreign:
        matched = {id(e) for entities in service_entities(corpus).values() for e in entities}
        out += [
            _entity_bundle(e, corpus)
            for e in catalog_of(corpus).entities
            if e.kind in ("Component", "System") and id(e) not in matched
        ]
    return out


# --------------------------------------------------------------------------
# Levels
# --------------------------------------------------------------------------


def blocks(finding: Finding, meta: RuleMeta, level: int) -> bool:
    """Whether a counted finding keeps a bundle from ``level``."""
    if finding.severity is Severity.INFO:
        return False
    if level >= 5:
        return True
    if finding.severity is Severity.ERROR:
        return meta.level <= level
    return meta.level <= level - 1


def _suppressed_low(finding: Finding, meta: RuleMeta) -> bool:
    """Gate 5: a waived (or inline-suppressed) finding of a rule of level ≤ 3."""
    return finding.suppression is not None and finding.suppression.kind != "baseline" and meta.level <= 3


def rate(
    bundle: Bundle,
    findings: Sequence[Finding],
    metas: Mapping[str, RuleMeta],
    checked: Sequence[RuleMeta],
    present: frozenset[str] = frozenset(),
) -> Rating:
    """The level of one bundle from the findings about its documents (``present``: the run's foreign formats)."""
    counted = [f for f in findings if f.active]
    # A structural failure (broken YAML, a schema error: the catalog's "structural: true") leaves nothing to judge.
    structural = [
        f for f in counted if f.severity is Severity.ERROR and f.rule_id in metas and metas[f.rule_id].structural
    ]
    if structural:
        return Rating(
            bundle, None, 0, 0, tuple(sorted({f.rule_id for f in structural})), tuple(findings), tuple(structural)
        )
    level = 1
    for gate in (2, 3, 4, 5):
        stopped = any(blocks(f, metas[f.rule_id], gate) for f in counted)
        if gate == 5:
            stopped = stopped or any(_suppressed_low(f, metas[f.rule_id]) for f in findings)
        if stopped:
            break
        level = gate
    if level == 5:
        return Rating(bundle, 5, 0, 0, (), tuple(findings))
    target = level + 1
    failing: set[tuple[str, str]] = set()
    blocking = [f for f in counted if blocks(f, metas[f.rule_id], target)]
    if target == 5:
        blocking += [f for f in findings if _suppressed_low(f, metas[f.rule_id])]
    for f in blocking:
        failing.add((f.rule_id, f.document or ""))
    pairs = {(m.id, d.ref) for d in bundle.members for m in checked if m.level <= target and m.covers(d, present)}
    pairs |= failing
    return Rating(
        bundle,
        level,
        len(pairs),
        len(pairs - failing),
        tuple(sorted({f.rule_id for f in blocking})),
        tuple(findings),
        tuple(blocking),
    )


def assess(
    corpus: Corpus,
    directory: Directory,
    findings: Sequence[Finding],
    catalog: Sequence[RuleMeta],
    rules_run: Iterable[str],
) -> Organisation:
    """Rate every bundle and roll the organisation up."""
    metas = {m.id: m for m in catalog}
    run = set(rules_run)
    checked = [m for m in catalog if m.id in run and not m.reported]
    by_document: dict[str, list[Finding]] = defaultdict(list)
    unparsed = sorted({f.path for f in findings if f.document is None and f.rule_id == INVALID_YAML and f.active})
    for f in findings:
        if f.document is not None:
            by_document[f.document].append(f)
    ratings = []
    present = frozenset(d.family for d in corpus.foreign)
    for bundle in bundles(corpus, directory):
        mine = [f for d in bundle.members for f in by_document.get(d.ref, ())]
        ratings.append(rate(bundle, mine, metas, checked, present))
    distribution = {level: 0 for level in range(6)}
    for r in ratings:
        distribution[r.level or 0] += 1
    rated = [r.level for r in ratings if r.level is not None]
    weakest = min(ratings, key=_weakness, default=None)
    weakest_critical = min((r for r in ratings if r.bundle.critical), key=_weakness, default=None)
    return Organisation(
        tuple(ratings),
        distribution,
        statistics.median(rated) if rated else None,
        weakest,
        tuple(unparsed),
        weakest_critical,
    )


def _weakness(rating: Rating) -> tuple[int, float, str]:
    """Lowest level first (unrated lowest of all), then the least progress, then by reference for a stable pick."""
    return (rating.level or 0, rating.progress, rating.bundle.ref)
