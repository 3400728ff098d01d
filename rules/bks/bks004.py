"""BKS004: the catalog's other references (system, domain, parts, APIs, dependencies, groups and members) resolve."""

from __future__ import annotations

from collections.abc import Iterator

from itsmlint.finding import Hit
from itsmlint.interop.backstage import CatalogIndex, EntityRef, Link, catalog_of, entity_name
from itsmlint.model import Corpus, Document
from itsmlint.rule import Context, CorpusRule


class RelationsResolve(CorpusRule):
    """Every reference in a relation field names an entity of the catalog, of a kind the field accepts."""

    def check(self, corpus: Corpus, ctx: Context) -> Iterator[Hit]:
        catalog = catalog_of(corpus)
        for entity in catalog.entities:
            for link in catalog.links(entity):
                if link.field.key != "owner":  # owners are BKS001's
                    yield from _judge(link, catalog)


def _judge(link: Link, catalog: CatalogIndex) -> Iterator[Hit]:
    entity, name, key = link.entity, entity_name(link.entity), link.field.key
    if link.ref is None:
        yield Hit(
            link.pointer,
            f"{name}: {key} {link.text!r} is not an entity reference: {link.problem}",
            sub="unresolved",
            document=entity,
        )
        return
    ref, target = link.ref, link.target
    if target is not None:
        if link.field.allowed and target.kind not in link.field.allowed:
            accepted = " or ".join(link.field.allowed)
            yield Hit(
                link.pointer,
                f"{name}: {key} {link.text} is a {target.kind}; {key} takes a {accepted}",
                sub="wrong-kind",
                document=entity,
                related=((target, ("metadata", "name"), "the entity"),),
            )
        return
    yield Hit(
        link.pointer,
        f"{name}: {key} {link.meaning()} is not in the catalog{_suggestion(ref, catalog, entity)}",
        sub="unresolved",
        document=entity,
    )


def _suggestion(ref: EntityRef, catalog: CatalogIndex, entity: Document) -> str:
    """The same name in another namespace, else the closest name of the kind (never the entity itself)."""
    for doc in catalog.named_anywhere(ref.name):
        if doc.kind.lower() == ref.kind.lower():
            return f"; did you mean {entity_name(doc)}?"
    guess = catalog.closest(ref)
    return f"; did you mean {guess}?" if guess and guess != entity_name(entity) else ""
