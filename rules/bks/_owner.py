"""What the catalog rules share: an entity's owner, read and described once."""

from __future__ import annotations

from itsmlint.interop.backstage import OWNED_KINDS, CatalogIndex, Link, entity_name
from itsmlint.model import Document, is_blank


def owned(catalog: CatalogIndex) -> list[Document]:
    """The entities that must name an owner, in corpus order."""
    return [d for d in catalog.entities if d.kind in OWNED_KINDS]


def owner_link(catalog: CatalogIndex, entity: Document) -> Link | None:
    """The entity's ``spec.owner``, read as Backstage reads it, or None when it names none."""
    if is_blank(entity.spec.get("owner")):
        return None
    return catalog.link(entity, "owner")


def listing(entities: list[Document], most: int = 3) -> str:
    """``component:a, api:b and 2 more``."""
    names = [entity_name(e) for e in entities[:most]]
    more = len(entities) - len(names)
    if more > 0:
        return ", ".join(names) + f" and {more} more"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
