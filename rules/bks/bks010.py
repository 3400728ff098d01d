"""BKS010: an itsmlint Service and the catalog entity that stands for it name the same owner."""

from __future__ import annotations

from collections.abc import Iterator

from itsmlint.finding import Hit
from itsmlint.interop.backstage import catalog_of, entity_name, same_person, service_entities
from itsmlint.model import Corpus, Document
from itsmlint.rule import Context, CorpusRule

from ._owner import owner_link


class OwnersAgree(CorpusRule):
    """The Service's owner is the entity's owner, or a member of the Group that owns the entity."""

    def check(self, corpus: Corpus, ctx: Context) -> Iterator[Hit]:
        catalog = catalog_of(corpus)
        matched = service_entities(corpus)
        for service in corpus.of_kind("Service"):
            entities = matched.get(id(service), [])
            if not entities:
                continue
            owner = corpus.resolve(service.spec.get("owner"), service)
            if owner is None or owner.acts_as != "Person":
                continue  # no single owner: OWN003's and REF001's to say
            for entity in entities:
                link = owner_link(catalog, entity)
                theirs = link.target if link is not None else None
                if theirs is None or _agree(owner, theirs, catalog.everyone(theirs) if theirs.kind == "Group" else []):
                    continue
                relation = "is not a member of it" if theirs.kind == "Group" else "is someone else"
                yield Hit(
                    ("spec", "owner"),
                    f"{service.ref} is owned by {service.spec.get('owner')}, but "
                    f"{entity_name(entity)}, which stands for it in the catalog, is owned by "
                    f"{entity_name(theirs)}, and {service.spec.get('owner')} {relation}: two owners who may "
                    "not know of each other",
                    document=service,
                    related=((entity, ("spec", "owner"), "the catalog's owner"),),
                )


def _agree(owner: Document, theirs: Document, members: list[Document]) -> bool:
    if theirs.kind == "User":
        return same_person(owner, theirs)
    return any(same_person(owner, m) for m in members)
