"""RISK001: every risk has one owner."""

from __future__ import annotations

from collections.abc import Iterator

from itsmlint.finding import Hit
from itsmlint.model import Document
from itsmlint.rule import Context, DocumentRule

from ..own._owners import owner_fix, owner_problem


class RiskOwner(DocumentRule):
    """A risk names one Person who owns it."""

    def check(self, doc: Document, ctx: Context) -> Iterator[Hit]:
        problem = owner_problem(doc.spec.get("owner"), "spec.owner", doc, ctx.corpus)
        if problem:
            yield Hit(
                ("spec", "owner"),
                f"risk {doc.name}: {problem}",
                fix=owner_fix(doc.spec.get("owner"), ("spec", "owner")),
            )
