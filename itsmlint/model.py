"""Documents, references and the corpus index: pure data, no YAML."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, cast

from itsmlint.finding import Pointer

if TYPE_CHECKING:
    from itsmlint.suggest import Names

T = TypeVar("T")

API_VERSION = "itsmlint/v1"

#: The 13 kinds of the v1 format, by their lower-case reference prefix.
KINDS: dict[str, str] = {
    k.lower(): k
    for k in (
        "Person",
        "Team",
        "Role",
        "RoleAssignment",
        "ValueStream",
        "Process",
        "Service",
        "ServiceOffering",
        "SLA",
        "SocialMediaPolicy",
        "Risk",
        "Control",
        "Waiver",
    )
}

DEFAULT_NAMESPACE = "default"

_NAME = r"[a-z0-9]([-a-z0-9]*[a-z0-9])?"
#: A document's name and namespace: lower-case words joined by hyphens.
NAME_PATTERN = f"^{_NAME}$"

#: Where a document comes from: itsmlint's own format, or one of the formats
#: organisations already keep (see :mod:`itsmlint.interop`). A document of
#: another format is never one of the 13 kinds, whatever its ``kind`` says
#: (OpenSLO has a ``Service`` too): the existing rules see only ``itsmlint``.
ITSMLINT = "itsmlint"
BACKSTAGE = "backstage"
OPENSLO = "openslo"
CODEOWNERS = "codeowners"
FOREIGN_FAMILIES = (BACKSTAGE, OPENSLO, CODEOWNERS)
#: How each format is named in messages and in rule metadata (``Backstage Component``).
FAMILY_LABELS = {ITSMLINT: "itsmlint", BACKSTAGE: "Backstage", OPENSLO: "OpenSLO", CODEOWNERS: "CODEOWNERS"}

#: Reference prefixes that name a person or a team kept in a Backstage
#: catalog, and the itsmlint kind each stands for (a ``user:`` wherever a
#: ``person:`` is accepted, a ``group:`` wherever a ``team:`` is). Their names
#: follow Backstage's grammar and are compared without regard to case, as
#: Backstage does: ``user:janelle.dawe``, ``group:Platform_Team``.
CATALOG_KINDS: dict[str, str] = {"user": "Person", "group": "Team"}

_REF = re.compile(
    rf"^(?P<kind>[a-z]+):(?:(?P<namespace>{_NAME})/)?"
    r"(?P<name>[a-z0-9]([-a-z0-9.]*[a-z0-9])?)(?:#(?P<fragment>[A-Za-z0-9][-_A-Za-z0-9]*))?$"
)
# Backstage's own reference grammar, for the catalog kinds: parts are runs of
# letters and digits joined by single '-', '_' or '.', in any case.
_CATALOG_REF = re.compile(
    r"^(?P<kind>user|group):(?:(?P<namespace>[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)*)/)?"
    r"(?P<name>[A-Za-z0-9]+(?:[-_.][A-Za-z0-9]+)*)$"
)
_PREFIX = re.compile(r"^([a-z]+):")
_SPACE = re.compile(r"\s")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


@dataclass(frozen=True, slots=True)
class Ref:
    """A parsed ``kind:[namespace/]name[#fragment]`` reference."""

    kind: str  # lower case, one of KINDS or of CATALOG_KINDS
    name: str
    namespace: str | None = None
    fragment: str | None = None

    def __str__(self) -> str:
        ns = f"{self.namespace}/" if self.namespace else ""
        frag = f"#{self.fragment}" if self.fragment else ""
        return f"{self.kind}:{ns}{self.name}{frag}"


def ref_prefix(value: object) -> str | None:
    """Return the kind prefix when ``value`` claims to be a document reference.

    Per domain.md §8.13 only the 13 kind names make a string a reference;
    ``vault:``, ``https:``, ``event:`` and ``activity:`` are something else.
    ``user:`` and ``group:`` name people and teams of a Backstage catalog
    (:data:`CATALOG_KINDS`).
    """
    if not isinstance(value, str) or ":" not in value or _SPACE.search(value.strip()):
        # A reference has no spaces: "service: restored within a day" is prose.
        # Reference fields still report it, as "not a reference" (REF001).
        return None
    m = _PREFIX.match(value)
    if m and (m.group(1) in KINDS or m.group(1) in CATALOG_KINDS):
        return m.group(1)
    return None


def parse_ref(value: object) -> Ref | None:
    """Parse a document reference, or return None if ``value`` is not one."""
    if not isinstance(value, str):
        return None
    try:
        return _PARSED[value]
    except KeyError:
        pass
    m = _REF.match(value)
    ref = (
        Ref(m.group("kind"), m.group("name"), m.group("namespace"), m.group("fragment"))
        if m and m.group("kind") in KINDS
        else None
    )
    if ref is None and value.startswith(("user:", "group:")):
        c = _CATALOG_REF.match(value)
        ref = Ref(c.group("kind"), c.group("name"), c.group("namespace")) if c else None
    if len(_PARSED) < 1_000_000:  # the same few references recur in every document
        _PARSED[value] = ref
    return ref


_PARSED: dict[str, Ref | None] = {}


class Locator(Protocol):
    """Maps pointers inside one document to 1-based (line, column)."""

    def locate(self, pointer: Pointer) -> tuple[int, int]: ...

    @property
    def lines(self) -> tuple[int, int]:
        """First and last line of the document."""
        ...


@dataclass(eq=False, slots=True)
class Document:
    """One itsmlint document, with the means to locate any pointer in it."""

    path: str
    index: int
    kind: str
    name: str
    namespace: str
    data: dict[str, Any]
    locator: Locator
    _references: list[tuple[Pointer, str, Ref | None]] | None = field(default=None, repr=False)
    _schema: list[Any] | None = field(default=None, repr=False)
    """Its schema problems (:func:`itsmlint.schema.schema_errors`), worked out once when it is read."""
    family: str = ITSMLINT
    """The format it was read from: :data:`ITSMLINT`, or one of :data:`FOREIGN_FAMILIES`."""

    @property
    def ref(self) -> str:
        """How findings name the document (and a waiver its target).

        Another format's document is named by its format too, so that an
        OpenSLO Service never shares a name with an itsmlint Service:
        ``backstage:component:default/payroll`` (Backstage's own canonical
        entity reference, lower case), ``openslo:slo:payroll-availability``,
        ``codeowners:.github/CODEOWNERS`` (a file has no name but its place).
        """
        if self.family == ITSMLINT:
            ns = "" if self.namespace == DEFAULT_NAMESPACE else f"{self.namespace}/"
            return f"{self.kind.lower()}:{ns}{self.name}"
        if self.family == BACKSTAGE:
            return f"backstage:{self.kind.lower()}:{self.namespace.lower()}/{self.name.lower()}"
        if self.family == CODEOWNERS:
            return f"codeowners:{self.path}"
        return f"{self.family}:{self.kind.lower()}:{self.name}"

    @property
    def key(self) -> tuple[str, str, str]:
        if self.family == ITSMLINT:
            return (self.kind.lower(), self.namespace, self.name)
        # Backstage compares kind, namespace and name without regard to case.
        return (f"{self.family}:{self.kind.lower()}", self.namespace.lower(), self.name.lower())

    @property
    def foreign(self) -> bool:
        """Read from another format than itsmlint's own."""
        return self.family != ITSMLINT

    @property
    def qualified_kind(self) -> str:
        """The kind as rule metadata names it: ``Process``, ``Backstage Component``, ``OpenSLO Service``."""
        if self.family == ITSMLINT:
            return self.kind
        if self.family == CODEOWNERS:
            return "CODEOWNERS"
        return f"{FAMILY_LABELS[self.family]} {self.kind}"

    @property
    def acts_as(self) -> str:
        """The itsmlint kind this document stands for where references are resolved.

        A Backstage User stands where a Person is expected and a Group where
        a Team is (:data:`CATALOG_KINDS`); every other document stands for
        its own (qualified) kind.
        """
        if self.family == BACKSTAGE and self.kind in ("User", "Group"):
            return "Person" if self.kind == "User" else "Team"
        return self.qualified_kind

    @property
    def metadata(self) -> dict[str, Any]:
        md = self.data.get("metadata")
        return md if isinstance(md, dict) else {}

    @property
    def spec(self) -> dict[str, Any]:
        spec = self.data.get("spec")
        return spec if isinstance(spec, dict) else {}

    @property
    def status(self) -> str | None:
        status = self.metadata.get("status")
        return status if isinstance(status, str) else None

    def locate(self, pointer: Pointer) -> tuple[int, int]:
        return self.locator.locate(pointer)

    def __repr__(self) -> str:
        return f"<Document {self.ref} {self.path}#{self.index}>"


@dataclass(slots=True)
class Corpus:
    """Every document of a run, indexed by identity for cross-file rules."""

    documents: list[Document]
    """The itsmlint documents (any of another format given here is moved to :attr:`foreign`)."""
    foreign: list[Document] = field(default_factory=list)
    """Documents of the other formats (Backstage entities, OpenSLO objects, CODEOWNERS files), in (path, index)
    order; only the rules written for them look at them (see :mod:`itsmlint.interop`)."""
    _by_key: dict[tuple[str, str, str], Document] = field(default_factory=dict)
    _by_kind: dict[str, list[Document]] = field(default_factory=dict)
    duplicates: list[tuple[Document, Document]] = field(default_factory=list)
    _memo: dict[Hashable, Any] = field(default_factory=dict)
    _names: dict[str, Any] = field(default_factory=dict)
    """The names of each kind, indexed for "did you mean" (:class:`itsmlint.suggest.Names`) when first asked."""

    def memo(self, key: Hashable, build: Callable[[], T]) -> T:
        """A value derived from the whole corpus (an index of back-references), built once per run."""
        if key not in self._memo:
            self._memo[key] = build()
        return cast(T, self._memo[key])

    def __post_init__(self) -> None:
        if any(doc.family != ITSMLINT for doc in self.documents):
            self.foreign = [*self.foreign, *(d for d in self.documents if d.family != ITSMLINT)]
            self.documents = [d for d in self.documents if d.family == ITSMLINT]
        for doc in self.documents:
            first = self._by_key.setdefault(doc.key, doc)
            if first is not doc:
                self.duplicates.append((first, doc))
            self._by_kind.setdefault(doc.kind, []).append(doc)

    def __iter__(self) -> Iterator[Document]:
        return iter(self.documents)

    def __len__(self) -> int:
        return len(self.documents)

    def of_kind(self, *kinds: str) -> list[Document]:
        """Documents of the given kinds, in corpus (path, index) order."""
        if len(kinds) == 1:
            return self._by_kind.get(kinds[0], [])
        return [d for d in self.documents if d.kind in kinds]

    def get(self, kind: str, name: str, namespace: str = DEFAULT_NAMESPACE) -> Document | None:
        return self._by_key.get((kind.lower(), namespace, name))

    def resolve(self, value: object, origin: Document | None = None) -> Document | None:
        """Resolve a reference string (or :class:`Ref`) to its document.

        A reference without a namespace looks in the referring document's
        namespace first and then in ``default``, as Backstage does.
        """
        ref = value if isinstance(value, Ref) else parse_ref(value)
        if ref is None:
            return None
        if ref.kind in CATALOG_KINDS:
            return _catalog_person(self, ref, origin)
        if ref.namespace:
            return self._by_key.get((ref.kind, ref.namespace, ref.name))
        if origin is not None and origin.namespace != DEFAULT_NAMESPACE:
            found = self._by_key.get((ref.kind, origin.namespace, ref.name))
            if found is not None:
                return found
        return self._by_key.get((ref.kind, DEFAULT_NAMESPACE, ref.name))

    def closest(self, kind: str, value: str) -> str | None:
        """The reference of one kind most like ``value`` (a "did you mean"); see :mod:`itsmlint.suggest`."""
        return self._index(kind).closest(value)

    def unique_match(self, kind: str, value: str) -> str | None:
        """The one reference of a kind much like ``value``, when no other comes near (for a fix)."""
        return self._index(kind).unique(value)

    def _index(self, kind: str) -> Names:
        names: Names | None = self._names.get(kind)
        if names is None:
            from itsmlint.suggest import Names

            if kind in CATALOG_KINDS:
                wanted = "User" if kind == "user" else "Group"
                # As Backstage writes names it compares without case: in lower case.
                refs = [
                    f"{kind}:{'' if d.namespace == DEFAULT_NAMESPACE else d.namespace.lower() + '/'}{d.name.lower()}"
                    for d in self.foreign
                    if d.family == BACKSTAGE and d.kind == wanted
                ]
            else:
                refs = [d.ref for d in self._by_kind.get(KINDS.get(kind, kind), [])]
            names = self._names[kind] = Names(refs)
        return names

    def foreign_named(self, value: object) -> Document | None:
        """The document of another format whose :attr:`Document.ref` is ``value`` (how a waiver names one)."""
        if not isinstance(value, str) or not self.foreign:
            return None
        index = self.memo("foreign-refs", lambda: {d.ref: d for d in reversed(self.foreign)})
        text = value.strip()
        return index.get(text) or index.get(text.lower())

    def refs_named(self, name: str) -> list[str]:
        """References of every kind whose name is ``name``, in corpus order."""
        by_name = self.memo("by-name", self._index_names)
        return by_name.get(name, [])

    def _index_names(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for doc in self.documents:
            found.setdefault(doc.name, []).append(doc.ref)
        return found


def _catalog_person(corpus: Corpus, ref: Ref, origin: Document | None) -> Document | None:
    """The Backstage User or Group a ``user:``/``group:`` reference names, looked up as Backstage does.

    Without a namespace, the referring document's own namespace is tried
    first, then ``default`` (the same order as for itsmlint references).
    """
    from itsmlint.interop.backstage import catalog_of

    catalog = catalog_of(corpus)
    kind = "user" if ref.kind == "user" else "group"
    if ref.namespace:
        return catalog.get(kind, ref.namespace, ref.name)
    if origin is not None and origin.namespace.lower() != DEFAULT_NAMESPACE:
        found = catalog.get(kind, origin.namespace, ref.name)
        if found is not None:
            return found
    return catalog.get(kind, DEFAULT_NAMESPACE, ref.name)


# Defensive accessors: rules run on documents that may break their schema
# (the schema finding is reported separately), so they never trust types.


def dig(data: object, *path: str | int) -> Any:
    """Follow ``path`` through mappings and lists; None when it breaks off."""
    cur: Any = data
    for part in path:
        if isinstance(part, int):
            if not isinstance(cur, list) or not -len(cur) <= part < len(cur):
                return None
            cur = cur[part]
        else:
            if not isinstance(cur, dict):
                return None
            cur = cur.get(part)
    return cur


def as_date(value: object) -> dt.date | None:
    """A date field's value as a date: unquoted YAML dates, and quoted ``"YYYY-MM-DD"`` text too.

    Quoting a date is a common habit; the schema accepts both forms, so the
    rules do as well rather than silently skip a quoted one.
    """
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _DATE.match(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None  # not a real day: the schema reports it
    return None


def as_list(value: object) -> list[Any]:
    """The value if it is a list, else an empty list."""
    return value if isinstance(value, list) else []


def as_number(value: object) -> float | None:
    """A finite number as a float; None for anything else.

    Booleans are not numbers here, and neither are a NaN, an infinity or an
    integer too large for a float (a fuzzer's 400-digit "likelihood").
    """
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


def as_dict(value: object) -> dict[str, Any]:
    """The value if it is a mapping, else an empty mapping."""
    return value if isinstance(value, dict) else {}


def items(value: object) -> Iterator[tuple[int, dict[str, Any]]]:
    """(index, mapping) for each mapping item of a list value."""
    if isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, dict):
                yield i, item


def is_blank(value: object) -> bool:
    """True for None, empty strings, empty collections."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (Sequence, Mapping)):
        return len(value) == 0
    return False


def walk_strings(data: object) -> Iterator[tuple[Pointer, str]]:
    """Every string value (not key) inside ``data``, with its pointer, in order."""
    stack: list[tuple[Pointer, object]] = [((), data)]
    seen: set[int] = set()
    while stack:
        pointer, value = stack.pop()
        if isinstance(value, str):
            yield pointer, value
        elif isinstance(value, (dict, list)):
            # Aliases may share one container; visit it once.
            if id(value) in seen:
                continue
            seen.add(id(value))
            pairs = value.items() if isinstance(value, dict) else enumerate(value)
            stack.extend(reversed([((*pointer, k), v) for k, v in pairs]))


def reference_candidates(doc: Document) -> list[tuple[Pointer, str, Ref | None]]:
    """Every string that claims to be a reference (``kind:...``), parsed or None, in document order.

    Several rules ask for them; the document is walked once.
    """
    if doc._references is None:
        doc._references = _candidates(doc.data)
    return doc._references


def _candidates(data: object) -> list[tuple[Pointer, str, Ref | None]]:
    # walk_strings, specialised: a child's pointer is built only when the child
    # is a collection or a string with a colon, not for every value.
    found: list[tuple[Pointer, str, Ref | None]] = []
    seen: set[int] = set()
    stack: list[tuple[Pointer, Any]] = [((), data)]
    while stack:
        pointer, value = stack.pop()
        if value.__class__ is str:
            found.append((pointer, value, parse_ref(value)))
            continue
        if id(value) in seen:
            continue  # aliases may share one container; visit it once
        seen.add(id(value))
        pairs = value.items() if isinstance(value, dict) else enumerate(value)
        later: list[tuple[Pointer, Any]] = []
        for key, item in pairs:
            if item.__class__ is str:
                if ":" in item and ref_prefix(item) is not None:
                    later.append(((*pointer, key), item))
            elif isinstance(item, (dict, list)):
                later.append(((*pointer, key), item))
        # In document order: the stack gives back the last pushed first.
        stack.extend(reversed(later))
    return found


def references(doc: Document) -> list[tuple[Pointer, str, Ref]]:
    """Every cross-document reference a document makes, in document order."""
    return [(pointer, value, ref) for pointer, value, ref in reference_candidates(doc) if ref is not None]
