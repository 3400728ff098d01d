"""BKS005: both sides of the group hierarchy and of group membership agree."""

from __future__ import annotations

from collections.abc import Iterator

from itsmlint.finding import Hit
from itsmlint.interop.backstage import CatalogIndex, catalog_of, entity_name
from itsmlint.model import Corpus, Document
from itsmlint.rule import Context, CorpusRule


class HierarchyAgrees(CorpusRule):
    """A Group's parent lists it among its children and the reverse; a Group that lists members agrees with them."""

    def check(self, corpus: Corpus, ctx: Context) -> Iterator[Hit]:
        catalog = catalog_of(corpus)
        for group in catalog.of_kind("group"):
            yield from _parent(group, catalog)
            yield from _members(group, catalog)
        for user in catalog.of_kind("user"):
            for link in catalog.links(user):
                named = link.target
                if link.field.key != "memberOf" or named is None or named.kind != "Group":
                    continue
                if "members" in named.spec and not _lists(catalog, named, "members", user):
                    yield Hit(
                        link.pointer,
                        f"{entity_name(user)} says it is a member of {entity_name(named)}, whose "
                        "spec.members does not list it",
                        sub="members",
                        document=user,
                        related=((named, ("spec", "members"), "the group's members"),),
                    )


def _lists(catalog: CatalogIndex, holder: Document, key: str, wanted: Document) -> bool:
    return any(k.field.key == key and k.target is wanted for k in catalog.links(holder))


def _parent(group: Document, catalog: CatalogIndex) -> Iterator[Hit]:
    name = entity_name(group)
    for link in catalog.links(group):
        other = link.target
        if other is None or other.kind != "Group":
            continue
        if link.field.key == "parent" and not _lists(catalog, other, "children", group):
            yield Hit(
                link.pointer,
                f"{name} names {entity_name(other)} as its parent, whose spec.children does not list {name}",
                sub="parent-children",
                document=group,
                related=((other, ("spec", "children"), "the parent's children"),),
            )
        elif link.field.key == "children":
            parent = catalog.link(other, "parent")
            if parent is not None and parent.target is not None and parent.target is not group:
                yield Hit(
                    link.pointer,
                    f"{name} lists {entity_name(other)} as a child, whose spec.parent is {entity_name(parent.target)}",
                    sub="parent-children",
                    document=group,
                    related=((other, ("spec", "parent"), "the child's parent"),),
                )


def _members(group: Document, catalog: CatalogIndex) -> Iterator[Hit]:
    for link in catalog.links(group):
        user = link.target
        if link.field.key != "members" or user is None or user.kind != "User":
            continue
        if not _lists(catalog, user, "memberOf", group):
            yield Hit(
                link.pointer,
                f"{entity_name(group)} lists {entity_name(user)} as a member, whose "
                "spec.memberOf does not name the group",
                sub="members",
                document=group,
                related=((user, ("spec", "memberOf"), "the user's groups"),),
            )
