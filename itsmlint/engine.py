"""Run the rules over a corpus and turn their hits into findings.

The engine never prints and never reads files or the clock: it gets loaded
documents, the catalog, the settings and today's date, and returns a
:class:`Result`. Rules report *what* and *where* (a pointer); the engine adds
the position, the rule's id and name, the configured severity and a stable
fingerprint, so no rule can get those wrong.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import traceback
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from itsmlint.decide import Baseline, apply_baseline, apply_suppressions
from itsmlint.directory import Directory
from itsmlint.finding import Finding, Hit, Problem, Related, Severity, fingerprint, render_pointer, stable_pointer
from itsmlint.fixes import Fix, declared
from itsmlint.graph import Graphs
from itsmlint.ids import INTERNAL_ERROR
from itsmlint.loader import LoadResult
from itsmlint.model import Corpus, Document
from itsmlint.options import Options
from itsmlint.params import typed
from itsmlint.registry import Catalog
from itsmlint.rule import Context, CorpusRule, DocumentRule, Rule, RuleMeta
from itsmlint.settings import Settings

INTERNAL_ERROR = INTERNAL_ERROR


@dataclass(frozen=True, slots=True)
class Summary:
    files: int
    documents: int
    error: int
    warning: int
    info: int
    suppressed: int


@dataclass(slots=True)
class Result:
    """Everything a reporter needs about one run."""

    options: Options
    """What the run was asked for."""
    findings: list[Finding]
    files: int
    documents: int
    corpus: Corpus
    directory: Directory
    """Who holds which role, as of ``today``: built once for the rules and reused by the reports."""
    graphs: Graphs
    """The activity graph of each process, built at most once per run."""
    rules_run: tuple[str, ...] = ()
    crashed: list[str] = field(default_factory=list)
    catalog: tuple[RuleMeta, ...] = ()
    """Every rule of the catalog, run or not (SARIF lists them all)."""
    baseline_gone: list[Mapping[str, Any]] = field(default_factory=list)
    """Baselined findings that no longer occur: the baseline can shrink."""
    params: Mapping[str, Any] = field(default_factory=dict)
    """The parameters the run used (risk scale, appetite...), for the reports."""
    settings: Settings | None = None
    """The configuration the run used: the audit says which files, presets and rule choices made it."""
    fixed: int | None = None
    """Findings fixed before this result was made (``check --fix``); None when the run did not fix."""

    @property
    def today(self) -> dt.date:
        return self.options.today

    @property
    def baseline(self) -> Baseline | None:
        return self.options.baseline

    def fixable(self) -> tuple[int, int]:
        """Active findings with a safe fix, and with an unsafe one."""
        fixes = [f.fix for f in self.findings if f.active and f.fix is not None]
        return sum(f.safety == "safe" for f in fixes), sum(f.safety == "unsafe" for f in fixes)

    @property
    def summary(self) -> Summary:
        active = [f for f in self.findings if f.active]
        return Summary(
            files=self.files,
            documents=self.documents,
            error=sum(f.severity is Severity.ERROR for f in active),
            warning=sum(f.severity is Severity.WARNING for f in active),
            info=sum(f.severity is Severity.INFO for f in active),
            suppressed=len(self.findings) - len(active),
        )

    def worst(self) -> Severity | None:
        levels = [f.severity for f in self.findings if f.active]
        return max(levels) if levels else None


def active_rules(
    catalog: Catalog, settings: Settings, select: Sequence[str] = (), ignore: Sequence[str] = ()
) -> list[Rule]:
    """The rules this run executes, in id order.

    ``select`` and ``ignore`` are rule selectors (:meth:`Catalog.select`: ids,
    slugs, families); the command line has checked that each names a rule.
    """
    chosen = {r.meta.id for pattern in select for r in catalog.select(pattern)}
    dropped = {r.meta.id for pattern in ignore for r in catalog.select(pattern)}
    return [
        rule
        for rule in catalog
        if settings.enabled(rule.meta.id) and (not select or rule.meta.id in chosen) and rule.meta.id not in dropped
    ]


class _Collector:
    """Turns hits and load problems into findings, each built once with its fingerprint."""

    def __init__(self, catalog: Catalog, settings: Settings, rules: Sequence[Rule]) -> None:
        self.catalog = catalog
        self.settings = settings
        self.enabled = {r.meta.id for r in rules}
        # (sort key, identity, the finding's fields, the finding once built with its occurrence)
        self.raw: list[tuple[tuple[str, int, int, str, str], tuple[object, ...], tuple[Any, ...], list[Any]]] = []

    def add(
        self,
        rule_id: str,
        sub: str | None,
        message: str,
        path: str,
        line: int,
        column: int,
        pointer: tuple[str | int, ...],
        document: str | None,
        hint: str | None = None,
        related: tuple[Related, ...] = (),
        data: object = None,
        fix: Fix | None = None,
    ) -> None:
        """One finding; ``data`` is its document's, to name list items by their ids in its fingerprint.

        ``fix`` has its edits placed on files already (:meth:`Edit.placed`).
        """
        rule = self.catalog.rules[rule_id]
        if rule_id == INTERNAL_ERROR:
            # A crash is always shown: it fails the run, and an exit code of 1
            # with nothing printed would leave the user guessing.
            severity: Severity | None = Severity.ERROR
        else:
            if rule_id not in self.enabled:
                return
            severity = self.settings.severity(rule_id, sub, rule.meta.severity_of(sub))
        if severity is None:
            return
        fields = (
            rule_id,
            rule.meta.name,
            severity,
            message,
            path,
            line,
            column,
            pointer,
            document,
            hint or rule.meta.remediation or None,
            sub,
            related,
            fix,
        )
        where = document if document is not None else f"file:{path}\x1f{message}"
        place = stable_pointer(data, pointer) if data is not None else render_pointer(pointer)
        self.raw.append(
            ((path, line, column, rule_id, message), (rule_id, sub or "", where, place), fields, [None, -1])
        )

    def share(self, other: _Collector) -> _Collector:
        """Collect for the same rules as ``other`` (a unit's own collector, merged into ``other`` later)."""
        self.enabled = other.enabled
        return self

    def hit(self, rule: Rule, hit: Hit, default_doc: Document | None) -> None:
        """Place a rule's hit. One that cannot be placed is the rule's bug: it raises, and becomes INT001."""
        doc = hit.document if hit.document is not None else default_doc
        if not isinstance(doc, Document):
            raise TypeError(
                f"a hit must name the Document it is on, not {type(doc).__name__}"
                if doc is not None
                else "a corpus rule's hit must name its document"
            )
        line, column = doc.locate(hit.pointer)
        related = []
        for other, pointer, message in hit.related:
            if not isinstance(other, Document):
                raise TypeError(f"a related place must be on a Document, not {type(other).__name__}")
            rline, rcol = other.locate(pointer)
            related.append(Related(other.path, rline, rcol, message))
        fix = None
        if hit.fix is not None:
            try:
                fix = declared(rule.meta.fix, hit.fix)
            except ValueError as exc:
                raise TypeError(f"a hit's fix: {exc}") from None
            placed = []
            for edit in fix.edits:
                target = edit.document if edit.document is not None else doc
                if not isinstance(target, Document):
                    raise TypeError(f"an edit must be on a Document, not {type(target).__name__}")
                placed.append(edit.placed(target.path, target.index))
            fix = dataclasses.replace(fix, edits=tuple(placed))
        self.add(
            rule.meta.id,
            hit.sub,
            hit.message,
            doc.path,
            line,
            column,
            hit.pointer,
            doc.ref,
            hit.hint,
            tuple(related),
            doc.data,
            fix,
        )

    def problem(self, problem: Problem, doc: Document | None = None) -> None:
        """A problem found by the loader or the suppression step; ``doc`` is the document it is about, if any."""
        fix = problem.fix
        if fix is not None and problem.index is not None:
            fix = dataclasses.replace(fix, edits=tuple(e.placed(problem.path, problem.index) for e in fix.edits))
        self.add(
            problem.rule_id,
            problem.sub,
            problem.message,
            problem.path,
            problem.line,
            problem.column,
            problem.pointer,
            problem.document,
            data=doc.data if doc is not None else None,
            fix=fix if problem.index is not None else None,
        )

    def findings(self) -> list[Finding]:
        """Every finding so far, in report order; asked again after more were added, only new ones are built."""
        self.raw.sort(key=lambda item: item[0])
        seen: dict[tuple[object, ...], int] = {}
        out = []
        for _, key, fields, built in self.raw:
            occurrence = seen.get(key, 0)
            seen[key] = occurrence + 1
            if built[1] != occurrence:
                rule_id, name, severity, message, path, line, column, pointer, document, hint, sub, related, fix = (
                    fields
                )
                fp = fingerprint(rule_id, sub, path, document, key[3], occurrence, message)  # type: ignore[arg-type]
                built[0] = Finding(
                    rule_id,
                    name,
                    severity,
                    message,
                    path,
                    line,
                    column,
                    pointer,
                    document,
                    hint,
                    sub,
                    related,
                    fingerprint=fp,
                    fix=fix,
                )
                built[1] = occurrence
            out.append(built[0])
        return out


def rule_names(catalog: Catalog) -> dict[str, str]:
    """Every rule id and slug, mapped to the id: how waivers and comments may name a rule."""
    names = {r.meta.id: r.meta.id for r in catalog}
    names.update({r.meta.name: r.meta.id for r in catalog})
    return names


def run(
    loaded: LoadResult,
    catalog: Catalog,
    settings: Settings,
    options: Options,
    progress: Callable[[str, int, int], None] | None = None,
) -> Result:
    """Lint loaded documents with every active rule, then apply the suppressions.

    With ``options.jobs`` > 1 the rules' work is shared with forked helper
    processes (see :class:`_Work`); the findings are the same, byte for byte.
    """
    today = options.today
    loaded = loaded.without([family for family, on in settings.formats.items() if not on])
    corpus = Corpus(
        sorted(loaded.documents, key=lambda d: (d.path, d.index)),
        sorted(loaded.foreign, key=lambda d: (d.path, d.index)),
    )
    rules = active_rules(catalog, settings, options.select, options.ignore)
    collector = _Collector(catalog, settings, rules)
    located = {(d.path, d.index): d for d in corpus}  # a problem inside a document (a duplicate key) names it
    for problem in loaded.problems:
        collector.problem(problem, located.get((problem.path, problem.index)) if problem.index is not None else None)
    directory = Directory(corpus, today)
    graphs = Graphs(directory)
    names = rule_names(catalog)
    contexts = {
        r.meta.id: Context(today, typed(settings.params_for(r.meta.id)), corpus, directory, graphs, names)
        for r in rules
    }
    work = _Work(corpus, rules, contexts, collector, progress)
    crashed: list[str] = []
    done = None
    if options.jobs > 1 and len(corpus) >= _PARALLEL_FROM:
        from itsmlint.parallel import map_forked

        done = map_forked(len(work.units), work.run_apart, options.jobs)
    for outcome in done if done is not None else map(work.run_here, range(len(work.units))):
        collector.raw.extend(outcome.raw)
        crashed.extend(outcome.crashed)
    # Suppressions are decided on the rules' findings, then their own findings
    # (GOV004-006) join the rest; fingerprints do not change on the way.
    decision = apply_suppressions(
        collector.findings(),
        corpus,
        loaded.comments,
        names,
        frozenset(r.meta.id for r in rules),
        directory,
        options,
        int(settings.params["maxWaiverDays"]),
    )
    for problem in decision.extra:
        collector.problem(problem, located.get((problem.path, problem.index)) if problem.index is not None else None)
    findings = [
        dataclasses.replace(f, suppression=decision.suppressions[f.fingerprint])
        if f.fingerprint in decision.suppressions
        else f
        for f in collector.findings()
    ]
    gone: list[Mapping[str, Any]] = []
    if options.baseline is not None:
        known, gone = apply_baseline(findings, options.baseline)
        findings = [
            dataclasses.replace(f, suppression=known[f.fingerprint]) if f.fingerprint in known else f for f in findings
        ]
    return Result(
        options,
        findings,
        loaded.files,
        len(corpus) + len(corpus.foreign),
        corpus,
        directory,
        graphs,
        tuple(r.meta.id for r in rules),
        crashed,
        tuple(r.meta for r in catalog),
        gone,
        dict(settings.params),
        settings,
    )


#: Below this many documents, forking helpers costs more than it saves.
_PARALLEL_FROM = 500
#: Shards of the documents for the document rules: enough to share among a few processes evenly.
_SHARDS = 16


@dataclass(slots=True)
class _Outcome:
    """What one unit of work found: the collector's raw findings and the rules that crashed."""

    raw: list[Any]
    crashed: list[str]


class _Work:
    """The rules' work in units: the document rules over a shard of the documents, or one corpus rule.

    The per-document part of a corpus rule (:attr:`CorpusRule.each`) goes with
    the document rules.

    The units are done in order by one process, or shared with forked
    helpers (each has the whole corpus); either way their findings meet in
    the main collector, which orders and fingerprints them, so the result
    does not depend on who did what.
    """

    def __init__(
        self,
        corpus: Corpus,
        rules: Sequence[Rule],
        contexts: Mapping[str, Context],
        collector: _Collector,
        progress: Callable[[str, int, int], None] | None,
    ) -> None:
        self.corpus, self.contexts, self.collector, self.progress = corpus, contexts, collector, progress
        self.doc_rules = [r for r in rules if isinstance(r, DocumentRule)]
        self.corpus_rules = [r for r in rules if isinstance(r, CorpusRule)]
        self.each_rules = [r for r in self.corpus_rules if r.each]
        # Most rules apply by kind alone: sort them out once per kind, not once per document.
        self.by_kind: dict[str, list[tuple[DocumentRule, bool]]] = {}
        size = -(-len(corpus) // _SHARDS) or 1
        self.units: list[tuple[int, int] | CorpusRule] = [
            (start, min(start + size, len(corpus))) for start in range(0, len(corpus), size)
        ]
        self.units.extend(self.corpus_rules)

    def run_here(self, unit: int) -> _Outcome:
        return self._run(unit, _Collector(self.collector.catalog, self.collector.settings, ()).share(self.collector))

    def run_apart(self, unit: int) -> _Outcome:
        """A unit in a helper process: no progress bar there, only what it found."""
        self.progress = None
        return self.run_here(unit)

    def _run(self, unit: int, collector: _Collector) -> _Outcome:
        crashed: list[str] = []
        work = self.units[unit]
        if isinstance(work, tuple):
            documents = self.corpus.documents
            for index in range(*work):
                doc = documents[index]
                if self.progress is not None:
                    self.progress("checking", index + 1, len(documents))
                candidates = self.by_kind.get(doc.kind)
                if candidates is None:
                    candidates = self.by_kind[doc.kind] = [
                        (r, type(r).applies_to is not Rule.applies_to)
                        for r in self.doc_rules
                        if type(r).applies_to is not Rule.applies_to or not r.meta.kinds or doc.kind in r.meta.kinds
                    ]
                for rule, ask in candidates:
                    if not ask or rule.applies_to(doc):
                        _guard(collector, rule, doc, rule.check(doc, self.contexts[rule.meta.id]), crashed)
                for each in self.each_rules:
                    _guard(collector, each, doc, each.check_each(doc, self.contexts[each.meta.id]), crashed)
        else:
            _guard(collector, work, None, work.check(self.corpus, self.contexts[work.meta.id]), crashed)
        return _Outcome(collector.raw, crashed)


def _guard(collector: _Collector, rule: Rule, doc: Document | None, hits: Iterable[Hit], crashed: list[str]) -> None:
    """Collect a rule's hits; a rule that raises becomes an INT001 finding.

    One broken rule must not hide what the others found, nor pass silently:
    the crash is reported on the document being checked and the run goes on.
    """
    current = doc
    try:
        for hit in hits:
            if isinstance(hit.document, Document):
                current = hit.document
            collector.hit(rule, hit, doc)
    except Exception as exc:
        frame = traceback.extract_tb(exc.__traceback__)[-1]
        where = f"{frame.filename.rsplit('/', 1)[-1]}:{frame.lineno}"
        crashed.append(rule.meta.id)
        target = current
        message = f"rule {rule.meta.id} crashed: {type(exc).__name__}: {exc} ({where}); please report this bug"
        if target is not None:
            line, column = target.locate(())
            collector.add(INTERNAL_ERROR, None, message, target.path, line, column, (), target.ref)
        else:
            collector.add(INTERNAL_ERROR, None, message, "<corpus>", 1, 1, (), None)
