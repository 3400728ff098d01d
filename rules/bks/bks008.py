"""BKS008: a sub-component is owned by the owner of the component it is part of, or by a team inside it."""

from __future__ import annotations

from collections.abc import Iterator

from itsmlint.finding import Hit
from itsmlint.interop.backstage import CatalogIndex, catalog_of, entity_name
from itsmlint.model import Corpus, Document
from itsmlint.rule import Context, CorpusRule

from ._owner import owner_link


class PartOwnership(CorpusRule):
    """Heuristic: the owner of a sub-component is the whole's owner, a group below it, or one of its members."""

    def check(self, corpus: Corpus, ctx: Context) -> Iterator[Hit]:
        catalog = catalog_of(corpus)
        for part in catalog.of_kind("component"):
            whole_link = catalog.link(part, "subcomponentOf")
            whole = whole_link.target if whole_link is not None else None
            if whole is None or whole.kind != "Component":
                continue
            mine, theirs = owner_link(catalog, part), owner_link(catalog, whole)
            if mine is None or theirs is None or mine.target is None or theirs.target is None:
                continue  # an owner that is missing or unresolved is BKS001's
            if not _inside(mine.target, theirs.target, catalog):
                yield Hit(
                    mine.pointer,
                    f"{entity_name(part)} is part of {entity_name(whole)}, owned by "
                    f"{entity_name(theirs.target)}, but is owned by {entity_name(mine.target)}, outside it "
                    "(heuristic): whoever answers for the whole does not answer for this part",
                    document=part,
                    related=((whole, ("spec", "owner"), "the whole's owner"),),
                )


def _inside(owner: Document, whole_owner: Document, catalog: CatalogIndex) -> bool:
    """Whether ``owner`` is ``whole_owner``, a group below it, or a member of it (or of a group below it)."""
    if owner is whole_owner:
        return True
    if whole_owner.kind != "Group":
        return False
    if owner.kind == "Group":
        return owner in catalog.subgroups(whole_owner)
    return owner in catalog.everyone(whole_owner)
