"""The Backstage software catalog: entity references as Backstage resolves them, and the organisation it records.

References follow Backstage's ``parseEntityRef``: ``[<kind>:][<namespace>/]<name>``
(or the compound form ``{kind, namespace, name}``), each part free of ``:``
and ``/``, compared without regard to case. A part left out comes from the
field: each relation field has its default kind (``spec.owner`` is a Group,
``spec.providesApis`` an API, ``spec.memberOf`` a Group...) and the default
namespace is always the referring entity's own. ``dependsOn`` and
``dependencyOf`` have no default kind: Backstage rejects a reference there
that does not say its kind. The table below is Backstage's (the
``relationFields`` of each kind of its catalog model), read, not copied.

The catalog's people and teams are a directory like itsmlint's own: a User
is a member of the Groups its ``spec.memberOf`` names and of those whose
``spec.members`` name it (Backstage merges both), and a Group's place in the
hierarchy comes from its ``spec.parent`` and its parent's ``spec.children``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from itsmlint.finding import Pointer
from itsmlint.model import BACKSTAGE, DEFAULT_NAMESPACE, Corpus, Document, as_date, as_dict

_REF = re.compile(r"^([^:/]+:)?([^:/]+/)?([^:/]+)$")

#: Annotations itsmlint reads on catalog entities (Backstage reserves only the ``backstage.io/`` prefix).
SERVICE_ANNOTATION = "itsmlint/service"
"""On a Component, System or OpenSLO object: the itsmlint Service it is (``service:payroll``)."""
LEFT_ON_ANNOTATION = "itsmlint/left-on"
"""On a User: the day the person left (``"2025-03-31"``); a catalog usually drops leavers, some keep them."""
ACTIVE_ANNOTATION = "itsmlint/active"
"""On a User: ``"false"`` for someone no longer active."""
LOGIN_ANNOTATION = "github.com/user-login"
"""Backstage's annotation for a User's GitHub login: how a CODEOWNERS ``@login`` finds its User."""
TEAM_ANNOTATION = "github.com/team-slug"
"""Backstage's annotation for a Group's GitHub team (``org/team``): how a CODEOWNERS ``@org/team`` finds it."""


@dataclass(frozen=True, slots=True)
class RelationField:
    """A spec field that holds entity references, and how Backstage reads them."""

    key: str
    relation: str
    default_kind: str | None
    allowed: tuple[str, ...] = ()
    """The kinds Backstage accepts there; empty when it accepts any."""
    many: bool = False


_OWNER = RelationField("owner", "ownedBy", "Group", ("Group", "User"))
_SYSTEM = RelationField("system", "partOf", "System")
_DEPENDS = RelationField("dependsOn", "dependsOn", None, many=True)
_DEPENDENCY_OF = RelationField("dependencyOf", "dependencyOf", None, many=True)

#: The relation fields of each built-in kind (Backstage's catalog model).
RELATION_FIELDS: dict[str, tuple[RelationField, ...]] = {
    "Component": (
        _OWNER,
        RelationField("subcomponentOf", "partOf", "Component"),
        RelationField("providesApis", "providesApi", "API", many=True),
        RelationField("consumesApis", "consumesApi", "API", many=True),
        _DEPENDS,
        _DEPENDENCY_OF,
        _SYSTEM,
    ),
    "API": (_OWNER, _SYSTEM),
    "Resource": (_OWNER, _DEPENDS, _DEPENDENCY_OF, _SYSTEM),
    "System": (_OWNER, RelationField("domain", "partOf", "Domain")),
    "Domain": (_OWNER, RelationField("subdomainOf", "partOf", "Domain")),
    "Group": (
        RelationField("parent", "childOf", "Group", ("Group",)),
        RelationField("children", "parentOf", "Group", ("Group",), many=True),
        RelationField("members", "hasMember", "User", ("User",), many=True),
    ),
    "User": (RelationField("memberOf", "memberOf", "Group", ("Group",), many=True),),
    "AiResource": (_OWNER, RelationField("system", "partOf", "System", ("System",))),
    "Template": (_OWNER,),
}
#: AiResource's further fields depend on its ``spec.type``.
_AI_BY_TYPE: dict[str, RelationField] = {
    "skill": RelationField("dependsOn", "dependsOn", "AiResource", ("AiResource",), many=True),
    "plugin": RelationField("skills", "hasSkill", "AiResource", ("AiResource",), many=True),
    "marketplace": RelationField("plugins", "hasPlugin", "AiResource", ("AiResource",), many=True),
}
#: Kinds whose entities must name an owner (the catalog model's schemas require ``spec.owner``).
OWNED_KINDS = ("Component", "API", "Resource", "System", "Domain", "AiResource", "Template")

#: Relation names (Backstage's well-known relations) that no built-in kind has as a spec field:
#: written as a key, the catalog ignores them. For each, the field that makes the relation, on the
#: entity at the other end.
RELATION_ONLY: dict[str, str] = {
    "ownedBy": "spec.owner",
    "ownerOf": "spec.owner of the owned entity",
    "providesApi": "spec.providesApis",
    "apiProvidedBy": "spec.providesApis of the providing component",
    "consumesApi": "spec.consumesApis",
    "apiConsumedBy": "spec.consumesApis of the consuming component",
    "dependencyOf": "",
    "partOf": "spec.system, spec.subcomponentOf or spec.domain",
    "hasPart": "spec.system, spec.subcomponentOf or spec.domain of the part",
    "childOf": "spec.parent",
    "parentOf": "spec.children",
    "hasMember": "spec.members",
    "memberOf": "spec.memberOf (on a User)",
}


def relation_fields(entity: Document) -> tuple[RelationField, ...]:
    """The relation fields Backstage reads on this entity."""
    fields = RELATION_FIELDS.get(entity.kind, ())
    if entity.kind == "AiResource":
        extra = _AI_BY_TYPE.get(str(entity.spec.get("type")))
        if extra is not None:
            fields = (*fields, extra)
    return fields


@dataclass(frozen=True, slots=True)
class EntityRef:
    """A parsed entity reference with the field's defaults applied."""

    kind: str
    namespace: str
    name: str

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.kind.lower(), self.namespace.lower(), self.name.lower())

    def __str__(self) -> str:
        """Backstage's canonical form: ``group:default/team-a``."""
        return f"{self.kind.lower()}:{self.namespace.lower()}/{self.name.lower()}"


def short(kind: str, namespace: str, name: str) -> str:
    """How a message names an entity: ``user:guest``, or ``user:development/guest`` outside ``default``."""
    ns = "" if namespace.lower() == DEFAULT_NAMESPACE else f"{namespace.lower()}/"
    return f"{kind.lower()}:{ns}{name.lower()}"


def entity_name(doc: Document) -> str:
    """An entity as messages name it (:func:`short`)."""
    return short(doc.kind, doc.namespace, doc.name)


def parse_entity_ref(value: object, default_kind: str | None, default_namespace: str) -> EntityRef | str:
    """The reference with the field's defaults applied, or why it is not one.

    A string ``[<kind>:][<namespace>/]<name>`` or a mapping ``{kind, namespace,
    name}``; surrounding spaces are ignored, as Backstage trims them.
    """
    if isinstance(value, dict):
        kind, namespace, name = value.get("kind"), value.get("namespace"), value.get("name")
        if not isinstance(name, str) or not name:
            return "a reference mapping needs a name"
        if kind is not None and (not isinstance(kind, str) or not kind):
            return "a reference mapping's kind must be non-empty text"
        if namespace is not None and (not isinstance(namespace, str) or not namespace):
            return "a reference mapping's namespace must be non-empty text"
    elif isinstance(value, str):
        m = _REF.match(value.strip())
        if not m:
            return "it is not of the form [kind:][namespace/]name" if value.strip() else "it is empty"
        kind = m.group(1)[:-1] if m.group(1) else None
        namespace = m.group(2)[:-1] if m.group(2) else None
        name = m.group(3)
    else:
        return "it is not text"
    if kind is None:
        if default_kind is None:
            return "it names no kind, and this field has no default kind; write kind:name"
        kind = default_kind
    return EntityRef(kind, namespace or default_namespace, name)


@dataclass(frozen=True, slots=True)
class Link:
    """One reference written in an entity, read and resolved."""

    entity: Document
    field: RelationField
    pointer: Pointer
    value: object
    ref: EntityRef | None
    problem: str | None
    """Why the value is not a reference (then ``ref`` is None)."""
    target: Document | None

    @property
    def text(self) -> str:
        return self.value if isinstance(self.value, str) else str(self.ref or self.value)

    def meaning(self) -> str:
        """The value as written, and its meaning when the field's defaults filled parts in: 'guest' (group:guest)."""
        if self.ref is None:
            return repr(self.text)
        meant = short(self.ref.kind, self.ref.namespace, self.ref.name)
        written = self.text.strip()
        complete = isinstance(self.value, dict) or (":" in written and "/" in written)
        return written if complete or written.lower() == meant else f"{written!r} ({meant})"


class CatalogIndex:
    """The Backstage entities of a run, indexed by (kind, namespace, name) without regard to case."""

    def __init__(self, documents: Iterable[Document]) -> None:
        self.entities: list[Document] = [d for d in documents if d.family == BACKSTAGE]
        self._by_key: dict[tuple[str, str, str], Document] = {}
        self._by_kind: dict[str, list[Document]] = defaultdict(list)
        self._by_name: dict[tuple[str, str], list[Document]] = defaultdict(list)
        self._anywhere: dict[str, list[Document]] = defaultdict(list)
        self.duplicates: list[tuple[Document, Document]] = []
        for doc in self.entities:
            key = (doc.kind.lower(), doc.namespace.lower(), doc.name.lower())
            first = self._by_key.setdefault(key, doc)
            if first is not doc:
                self.duplicates.append((first, doc))
            self._by_kind[doc.kind.lower()].append(doc)
            self._by_name[(doc.namespace.lower(), doc.name.lower())].append(doc)
            self._anywhere[doc.name.lower()].append(doc)
        self._names: dict[str, Any] = {}
        self._links: dict[int, list[Link]] = {}
        self._org: _Organisation | None = None

    def __bool__(self) -> bool:
        return bool(self.entities)

    def get(self, kind: str, namespace: str, name: str) -> Document | None:
        return self._by_key.get((kind.lower(), namespace.lower(), name.lower()))

    def of_kind(self, kind: str) -> list[Document]:
        return self._by_kind.get(kind.lower(), [])

    def named(self, namespace: str, name: str) -> list[Document]:
        """Every entity, of any kind, with this namespace and name."""
        return self._by_name.get((namespace.lower(), name.lower()), [])

    def named_anywhere(self, name: str) -> list[Document]:
        """Every entity with this name, in any namespace and of any kind."""
        return self._anywhere.get(name.lower(), [])

    def closest(self, ref: EntityRef) -> str | None:
        """The entity of the reference's kind whose name is most like it, as a message names it."""
        from itsmlint.suggest import Names

        kind, namespace = ref.kind.lower(), ref.namespace.lower()
        names = self._names.get(f"{kind}/{namespace}")
        if names is None:
            # Within the reference's namespace: names share no prefix that would make any two look alike.
            names = self._names[f"{kind}/{namespace}"] = Names(
                f"{kind}:{d.name.lower()}" for d in self.of_kind(kind) if d.namespace.lower() == namespace
            )
        found = names.closest(f"{kind}:{ref.name.lower()}")
        return short(kind, namespace, found.split(":", 1)[1]) if found is not None else None

    # ---------------------------------------------------------------- links

    def links(self, entity: Document) -> list[Link]:
        """Every reference the entity's relation fields hold, in field order, resolved (worked out once)."""
        known = self._links.get(id(entity))
        if known is None:
            known = self._links[id(entity)] = list(self._read_links(entity))
        return known

    def _read_links(self, entity: Document) -> Iterator[Link]:
        spec = entity.spec
        for field in relation_fields(entity):
            if field.key not in spec:
                continue
            value = spec[field.key]
            values: list[tuple[Pointer, object]]
            if field.many and isinstance(value, list):
                values = [(("spec", field.key, i), item) for i, item in enumerate(value)]
            elif value is None or (field.many and not isinstance(value, list)):
                continue  # an empty key, or a single value where a list belongs: the schema's to say
            else:
                values = [(("spec", field.key), value)]
            for pointer, item in values:
                parsed = parse_entity_ref(item, field.default_kind, entity.namespace)
                if isinstance(parsed, str):
                    yield Link(entity, field, pointer, item, None, parsed, None)
                else:
                    yield Link(entity, field, pointer, item, parsed, None, self.get(*parsed.key))

    def link(self, entity: Document, key: str) -> Link | None:
        """The first reference of one field (``owner``, ``parent``...)."""
        return next((k for k in self.links(entity) if k.field.key == key), None)

    # -------------------------------------------------------- organisation

    @property
    def _organisation(self) -> _Organisation:
        if self._org is None:
            self._org = _Organisation(self)
        return self._org

    def members(self, group: Document) -> list[Document]:
        """The group's own members: Users that name it in memberOf, and those it names in members."""
        org = self._organisation
        return org.ordered(org.members.get(id(group), ()))

    def subgroups(self, group: Document) -> list[Document]:
        """Every group below this one (children, their children...), each once."""
        org = self._organisation
        return org.ordered(org.closure(id(group), org.children))

    def everyone(self, group: Document) -> list[Document]:
        """The members of the group and of every group below it."""
        org = self._organisation
        ids = set(org.members.get(id(group), ()))
        for sub in org.closure(id(group), org.children):
            ids |= org.members.get(sub, set())
        return org.ordered(ids)

    def groups_of(self, user: Document) -> list[Document]:
        """The groups the user is a member of, and every group above those."""
        org = self._organisation
        found: set[int] = set()
        for group in org.member_of.get(id(user), ()):
            found.add(group)
            found |= org.closure(group, org.parents)
        return org.ordered(found)


class _Organisation:
    """Who is in which group and which group is in which, from both sides of each link, by identity."""

    def __init__(self, catalog: CatalogIndex) -> None:
        self.children: dict[int, set[int]] = defaultdict(set)
        self.parents: dict[int, set[int]] = defaultdict(set)
        self.members: dict[int, set[int]] = defaultdict(set)
        self.member_of: dict[int, set[int]] = defaultdict(set)
        self.docs: dict[int, Document] = {}
        for group in catalog.of_kind("group"):
            self.docs[id(group)] = group
            for link in catalog.links(group):
                target = link.target
                if target is None:
                    continue
                if link.field.key == "parent" and target.kind == "Group":
                    self._child(target, group)
                elif link.field.key == "children" and target.kind == "Group":
                    self._child(group, target)
                elif link.field.key == "members" and target.kind == "User":
                    self._member(group, target)
        for user in catalog.of_kind("user"):
            for link in catalog.links(user):
                if link.field.key == "memberOf" and link.target is not None and link.target.kind == "Group":
                    self._member(link.target, user)

    def _child(self, parent: Document, child: Document) -> None:
        self.docs[id(parent)], self.docs[id(child)] = parent, child
        self.children[id(parent)].add(id(child))
        self.parents[id(child)].add(id(parent))

    def _member(self, group: Document, user: Document) -> None:
        self.docs[id(group)], self.docs[id(user)] = group, user
        self.members[id(group)].add(id(user))
        self.member_of[id(user)].add(id(group))

    @staticmethod
    def closure(start: int, edges: dict[int, set[int]]) -> set[int]:
        """Everything reachable from ``start`` along ``edges``, without ``start`` (a loop in the data ends)."""
        seen: set[int] = set()
        stack = list(edges.get(start, ()))
        while stack:
            current = stack.pop()
            if current in seen or current == start:
                continue
            seen.add(current)
            stack.extend(edges.get(current, ()))
        return seen

    def ordered(self, ids: Iterable[int]) -> list[Document]:
        return sorted((self.docs[i] for i in ids), key=lambda d: (d.path, d.index, d.name))


def catalog_of(corpus: Corpus) -> CatalogIndex:
    """The run's Backstage catalog, built once per corpus."""
    return corpus.memo("backstage-catalog", lambda: CatalogIndex(corpus.foreign))


def annotation(doc: Document, key: str) -> str | None:
    """A metadata annotation as text (Backstage annotation values are strings)."""
    value = as_dict(doc.metadata.get("annotations")).get(key)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value if isinstance(value, str) else None


def user_is_active(user: Document, today: dt.date) -> bool:
    """A User counts until ``itsmlint/active: "false"`` or an ``itsmlint/left-on`` day on or before today."""
    if (annotation(user, ACTIVE_ANNOTATION) or "").strip().lower() == "false":
        return False
    left = as_date(annotation(user, LEFT_ON_ANNOTATION))
    return not (left is not None and left <= today)


def left_on(user: Document) -> dt.date | None:
    return as_date(annotation(user, LEFT_ON_ANNOTATION))


def service_entities(corpus: Corpus) -> dict[int, list[Document]]:
    """The Components and Systems that stand for each itsmlint Service, by the Service's identity.

    An entity stands for the Service its ``itsmlint/service`` annotation names
    (``service:payroll``), else for the Service with its own name and
    namespace (compared in lower case, as itsmlint names are). Built once per run.
    """

    def build() -> dict[int, list[Document]]:
        found: dict[int, list[Document]] = defaultdict(list)
        for entity in catalog_of(corpus).entities:
            if entity.kind not in ("Component", "System"):
                continue
            named = annotation(entity, SERVICE_ANNOTATION)
            if named:
                service = corpus.resolve(named.strip())
            else:
                service = corpus.get("service", entity.name.lower(), entity.namespace.lower())
            if service is not None and service.kind == "Service":
                found[id(service)].append(entity)
        return found

    return corpus.memo("backstage-services", build)


def same_person(a: Document, b: Document) -> bool:
    """Whether two records (an itsmlint Person, a Backstage User) are one person: the same record, name or e-mail."""
    if a is b:
        return True
    if a.name.lower() == b.name.lower():
        return True
    mail_a, mail_b = _email(a), _email(b)
    return mail_a is not None and mail_a == mail_b


def _email(doc: Document) -> str | None:
    value = doc.spec.get("email") if doc.family != BACKSTAGE else as_dict(doc.spec.get("profile")).get("email")
    return value.strip().lower() if isinstance(value, str) and value.strip() else None
