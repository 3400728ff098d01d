"""DOC003: a Process is governed by policies that something enforces."""

from __future__ import annotations

from collections.abc import Iterator

from itsmlint.finding import Hit
from itsmlint.model import Document, is_blank, items
from itsmlint.rule import Context, DocumentRule


class EnforcedPolicies(DocumentRule):
    """A Process has policies, each with a statement and something that enforces it."""

    def check(self, doc: Document, ctx: Context) -> Iterator[Hit]:
        policies = doc.spec.get("policies")
        if is_blank(policies):
            yield Hit(("spec", "policies"), f"process {doc.name} states no policies")
            return
        for i, policy in items(policies):
            label = policy.get("id") if isinstance(policy.get("id"), str) else f"#{i + 1}"
            if is_blank(policy.get("statement")):
                yield Hit(("spec", "policies", i, "statement"), f"policy {label} has no statement")
            # Entries that name nothing (an unknown activity id or control) are
            # REF001's; here the question is whether anything is named at all.
            if is_blank(policy.get("enforcedBy")):
                yield Hit(
                    ("spec", "policies", i, "enforcedBy"),
                    f"policy {label} is enforced by nothing: name an activity or a control in enforcedBy",
                )
