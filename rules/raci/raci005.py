"""RACI005: an Accountable role resolves to one person."""

from __future__ import annotations

from collections.abc import Iterator

from itsmlint.finding import Hit
from itsmlint.model import Document
from itsmlint.process import activities
from itsmlint.rule import Context, DocumentRule


class AccountableIsOnePerson(DocumentRule):
    """A role named Accountable is held by exactly one person in scope."""

    def check(self, doc: Document, ctx: Context) -> Iterator[Hit]:
        for activity in activities(doc):
            parties = activity.parties("accountable")
            if len(parties) != 1:
                continue  # RACI001 reports a missing or multiple Accountable
            pointer, ref = parties[0]
            role = ctx.corpus.resolve(ref, doc)
            if role is None or role.kind != "Role":
                continue
            holders = ctx.directory.holders(ref, doc)
            # Nobody at all is REF003's error (the role is unstaffed); this
            # rule is about accountability diluted over several holders.
            if len(holders) > 1:
                names = ", ".join(p.ref for p in holders)
                yield Hit(
                    pointer,
                    f"activity {activity.label}: Accountable {ref} is held by {len(holders)} people "
                    f"({names}); accountability needs one person",
                    related=((role, (), "the role"),),
                )
