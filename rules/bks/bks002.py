"""BKS002: what policy says a Group must own is not owned by one person."""

from __future__ import annotations

from collections.abc import Iterator

from itsmlint.finding import Hit
from itsmlint.interop.backstage import catalog_of, entity_name
from itsmlint.model import Corpus
from itsmlint.rule import Context, CorpusRule

from ._owner import owned, owner_link


class GroupOwned(CorpusRule):
    """Entities of the kinds in groupOwnedKinds are owned by a Group, not by a User."""

    def check(self, corpus: Corpus, ctx: Context) -> Iterator[Hit]:
        kinds = {str(k).lower() for k in ctx.params["groupOwnedKinds"]}
        catalog = catalog_of(corpus)
        for entity in owned(catalog):
            if entity.kind.lower() not in kinds:
                continue
            link = owner_link(catalog, entity)
            if link is None or link.target is None or link.target.kind != "User":
                continue  # no owner, or one that does not resolve: BKS001's
            user = link.target
            teams = [g for g in catalog.groups_of(user) if user in catalog.members(g)]
            hint = f", such as {entity_name(teams[0])} that {entity_name(user)} belongs to" if teams else ""
            yield Hit(
                link.pointer,
                f"{entity_name(entity)} is owned by the User {entity_name(user)}; a "
                f"{entity.kind} is owned by a Group (groupOwnedKinds): a team outlives any one person's "
                f"move, holiday or departure. Give it to a Group{hint}",
                document=entity,
                related=((user, ("metadata", "name"), "the User"),),
            )
