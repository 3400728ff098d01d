"""The rule interface: metadata, the two scopes, and what a rule may see."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from itsmlint.durations import Duration
from itsmlint.finding import Hit, Severity
from itsmlint.model import FAMILY_LABELS, FOREIGN_FAMILIES, Corpus, Document

if TYPE_CHECKING:
    from itsmlint.directory import Directory
    from itsmlint.graph import Graphs

DOCS_BASE = "https://itsmlint.dev/rules/"
#: "Backstage" → backstage: how a kind in rule metadata (``Backstage Component``) names its format.
FAMILY_OF_LABEL = {FAMILY_LABELS[f]: f for f in FOREIGN_FAMILIES}


@dataclass(frozen=True, slots=True)
class RuleMeta:
    """Everything known about a rule apart from its logic."""

    id: str
    name: str
    summary: str
    family: str
    kinds: tuple[str, ...]
    severity: Severity
    level: int
    params: tuple[str, ...] = ()
    subchecks: Mapping[str, Severity] = field(default_factory=dict)
    refs: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    remediation: str = ""
    heuristic: bool = False
    doc: str = ""
    source: str = "built-in"
    reported: bool = False
    """Found by the loader or the engine (YAML001, SCHEMA001's envelope, GOV004…), not by checking documents."""
    structural: bool = False
    """A document that breaks it cannot be judged by the other rules (YAML syntax, the schema): its bundle is
    unrated, and a rule's fixtures are always run with it."""
    url: str = ""
    """Where a custom rule's documentation lives, if its file says."""
    fix: Mapping[str, str] = field(default_factory=dict)
    """The fixes the rule offers, by safety (``safe``, ``unsafe``): what each does, in one sentence."""

    @property
    def fixable(self) -> bool:
        return bool(self.fix)

    @property
    def builtin(self) -> bool:
        return self.source == "built-in"

    @property
    def docs_url(self) -> str:
        """The rule's documentation page: the project's site for built-in rules, the rule file's ``url`` otherwise."""
        return f"{DOCS_BASE}{self.id.lower()}" if self.builtin else self.url

    @property
    def formats(self) -> frozenset[str]:
        """The other formats the rule reads (from its kinds): a cross-check judges nothing where they are absent."""
        return frozenset(
            FAMILY_OF_LABEL[k.split(" ", 1)[0]] for k in self.kinds if k.split(" ", 1)[0] in FAMILY_OF_LABEL
        )

    def covers(self, doc: Document, present: frozenset[str] = frozenset()) -> bool:
        """Whether the rule judges documents like ``doc``, in a run holding the foreign formats ``present``.

        By kind; a rule for any kind means any itsmlint kind. A rule that
        reads another format (BKS010 compares a Service with the catalog)
        judges nothing in a run without that format.
        """
        needs = self.formats
        if needs and not needs & present:
            return False
        if doc.foreign:
            return doc.qualified_kind in self.kinds
        return not self.kinds or doc.kind in self.kinds

    def severity_of(self, sub: str | None) -> Severity:
        """The default severity of a sub-check, or of the rule."""
        if sub is not None and sub in self.subchecks:
            return self.subchecks[sub]
        return self.severity


@dataclass(frozen=True, slots=True)
class Context:
    """What a rule may read: never the filesystem, never the clock.

    ``params`` are the rule's parameters (domain.md §5) with the run's
    settings applied, typed: a duration parameter arrives as a
    :class:`~itsmlint.durations.Duration`, a count as an ``int``.
    """

    today: dt.date
    params: Mapping[str, Any]
    corpus: Corpus
    directory: Directory
    graphs: Graphs
    """The activity graph of each process, built once and shared."""
    rules: Mapping[str, str] = field(default_factory=dict)
    """Every rule id and slug of the catalog, mapped to the id (GOV003 checks waivers against it)."""

    def duration(self, name: str) -> Duration:
        """A duration parameter (its value was checked against the duration pattern when it was set)."""
        value = self.params[name]
        assert isinstance(value, Duration), f"{name} is not a duration parameter"
        return value


class Rule:
    """Base of all rules.

    A rule is built from its catalog entry: ``<id>.yaml`` (the metadata,
    handed to the rule when it is made and frozen), ``<id>.md`` (its page)
    and, for a rule that needs code, ``<id>.py`` holding exactly one subclass
    of :class:`DocumentRule` or :class:`CorpusRule`. The file's name binds
    the class to its metadata: the class carries no id of its own.
    """

    scope: ClassVar[Literal["document", "corpus"]]

    def __init__(self, meta: RuleMeta) -> None:
        self.meta = meta

    def applies_to(self, doc: Document) -> bool:
        return not self.meta.kinds or doc.kind in self.meta.kinds


class DocumentRule(Rule):
    """A rule that looks at one document at a time."""

    scope = "document"

    def check(self, doc: Document, ctx: Context) -> Iterable[Hit]:
        raise NotImplementedError


class CorpusRule(Rule):
    """A rule that looks at the whole corpus at once (references, graphs).

    A corpus rule whose work is mostly one document at a time (each one's
    references, resolved against the corpus) may say so with ``each = True``:
    the engine then calls :meth:`check_each` for every document, sharing
    them among processes with ``--jobs``, and :meth:`check` once for the rest.
    """

    scope = "corpus"
    each: ClassVar[bool] = False

    def check(self, corpus: Corpus, ctx: Context) -> Iterable[Hit]:
        raise NotImplementedError

    def check_each(self, doc: Document, ctx: Context) -> Iterable[Hit]:
        """The per-document part, for rules with ``each = True``; ``ctx.corpus`` is the whole corpus."""
        raise NotImplementedError


class ReportedRule(Rule):
    """A rule whose findings come from the loader or the engine itself.

    YAML syntax errors, duplicate keys and rule crashes are found before or
    around the rules; they still have a catalog entry so that they can be
    configured, documented and listed like any other rule.
    """

    scope = "document"

    def applies_to(self, doc: Document) -> bool:
        return False
