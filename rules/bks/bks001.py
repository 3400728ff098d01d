"""BKS001: every catalog entity that must have an owner names one that exists and can own."""

from __future__ import annotations

from collections.abc import Iterator

from itsmlint.finding import Hit
from itsmlint.interop.backstage import CatalogIndex, EntityRef, Link, catalog_of, entity_name, short
from itsmlint.model import Corpus
from itsmlint.rule import Context, CorpusRule

from ._owner import owned, owner_link


class CatalogOwner(CorpusRule):
    """A Component, API, Resource, System, Domain, AiResource or Template has an owner: a Group or User that exists."""

    def check(self, corpus: Corpus, ctx: Context) -> Iterator[Hit]:
        catalog = catalog_of(corpus)
        for entity in owned(catalog):
            link = owner_link(catalog, entity)
            if link is None:
                at = ("spec", "owner") if "owner" in entity.spec else ("spec",)
                yield Hit(
                    at,
                    f"{entity_name(entity)} names no owner (spec.owner): nobody answers for it",
                    sub="no-owner",
                    document=entity,
                )
                continue
            yield from _judge(link, catalog)


def _judge(link: Link, catalog: CatalogIndex) -> Iterator[Hit]:
    entity, value = link.entity, link.text
    name = entity_name(entity)
    if link.ref is None:
        yield Hit(
            link.pointer,
            f"{name}: owner {value!r} is not an entity reference: {link.problem}",
            sub="unresolved",
            document=entity,
        )
        return
    ref = link.ref
    target = link.target
    if target is not None:
        if target.kind not in link.field.allowed:
            yield Hit(
                link.pointer,
                f"{name}: owner {value} is a {target.kind}; an owner is a Group or a User",
                sub="wrong-kind",
                document=entity,
                related=((target, ("metadata", "name"), "the entity"),),
            )
        return
    meant = short(ref.kind, ref.namespace, ref.name)
    written_kind = isinstance(link.value, str) and ":" in link.value
    others = [d for d in catalog.named(ref.namespace, ref.name) if d.kind in link.field.allowed]
    if others and not written_kind:
        # The classic slip: "owner: guest" means group:guest, and guest is a User.
        other = others[0]
        yield Hit(
            link.pointer,
            f"{name}: owner {value!r} means {meant} (a Group is the default kind for an "
            f"owner), which is not in the catalog; the {other.kind} {entity_name(other)} is: write "
            f"{entity_name(other)}",
            sub="wrong-kind",
            document=entity,
            related=((other, ("metadata", "name"), f"the {other.kind}"),),
        )
        return
    yield Hit(
        link.pointer,
        f"{name}: owner {link.meaning()} is not in the catalog{_suggestion(ref, catalog, link)}",
        sub="unresolved",
        document=entity,
    )


def _suggestion(ref: EntityRef, catalog: CatalogIndex, link: Link) -> str:
    """A did-you-mean: the same name in another namespace, else the closest name of an allowed kind."""
    for doc in catalog.named_anywhere(ref.name):
        if doc.kind in link.field.allowed:
            return f"; did you mean {entity_name(doc)}?"
    for kind in (ref.kind, *(k for k in link.field.allowed if k.lower() != ref.kind.lower())):
        guess = catalog.closest(EntityRef(kind, ref.namespace, ref.name))
        if guess is not None:
            return f"; did you mean {guess}?"
    return ""
