"""BKS003: whoever owns catalog entities is still there: a Group with current members, a User who has not left."""

from __future__ import annotations

from collections.abc import Iterator

from itsmlint.finding import Hit
from itsmlint.interop.backstage import catalog_of, entity_name, left_on
from itsmlint.model import Corpus, Document
from itsmlint.rule import Context, CorpusRule

from ._owner import listing, owned, owner_link


class OwnerStaffed(CorpusRule):
    """An owning Group has members (in it or in the groups below it) who are still here; an owning User has not left."""

    def check(self, corpus: Corpus, ctx: Context) -> Iterator[Hit]:
        catalog = catalog_of(corpus)
        owners: dict[int, tuple[Document, list[Document]]] = {}
        for entity in owned(catalog):
            link = owner_link(catalog, entity)
            if link is not None and link.target is not None and link.target.kind in ("Group", "User"):
                owners.setdefault(id(link.target), (link.target, []))[1].append(entity)
        for owner, entities in sorted(owners.values(), key=lambda o: (o[0].path, o[0].index, o[0].name)):
            what = listing(entities)
            related = tuple((e, ("spec", "owner"), "owned here") for e in entities[:3])
            if owner.kind == "User":
                if not ctx.directory.is_active(owner):
                    day = left_on(owner)
                    gone = f"left on {day.isoformat()}" if day is not None and day <= ctx.today else "is not active"
                    yield Hit(
                        ("metadata", "name"),
                        f"{entity_name(owner)} owns {what} but {gone}: nobody answers for them now",
                        sub="owner-left",
                        document=owner,
                        related=related,
                    )
                continue
            people = catalog.everyone(owner)
            if not people:
                yield Hit(
                    ("metadata", "name"),
                    f"{entity_name(owner)} owns {what} but has no members, in it or in "
                    "the groups below it: nobody answers for what it owns",
                    sub="no-members",
                    document=owner,
                    related=related,
                )
            elif not any(ctx.directory.is_active(p) for p in people):
                yield Hit(
                    ("metadata", "name"),
                    f"{entity_name(owner)} owns {what} but all its {len(people)} "
                    "members have left: nobody answers for what it owns",
                    sub="all-left",
                    document=owner,
                    related=related,
                )
