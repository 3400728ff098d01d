"""OWN001: a Process has exactly one owner."""

from __future__ import annotations

from collections.abc import Iterator

from itsmlint.finding import Hit
from itsmlint.model import Document
from itsmlint.rule import Context, DocumentRule

from ._owners import owner_fix, owner_problem


class ProcessOwner(DocumentRule):
    """A Process has exactly one owner: one Person, or a Role held by one Person."""

    def check(self, doc: Document, ctx: Context) -> Iterator[Hit]:
        value = doc.spec.get("owner")
        problem = owner_problem(value, "spec.owner", doc, ctx.corpus, allow_role=True)
        if problem:
            yield Hit(("spec", "owner"), f"process {doc.name}: {problem}", fix=owner_fix(value, ("spec", "owner")))
            return
        owner = ctx.corpus.resolve(value, doc)
        if owner is None or owner.kind != "Role":
            return  # a Person is fine; unresolved or wrong-kind references are REF001's
        holders = ctx.directory.holders(value, doc)
        if len(holders) != 1:
            names = ", ".join(p.ref for p in holders) or "nobody"
            yield Hit(
                ("spec", "owner"),
                f"process {doc.name}: owner {value} is held by {len(holders)} people ({names}) today; "
                "a role counts as owner only when exactly one person holds it",
                related=((owner, (), "the role"),),
            )
