"""SLA007: escalation steps before a breach, and remedies for external customers."""

from __future__ import annotations

from collections.abc import Iterator

from itsmlint.agreements import agreement_type
from itsmlint.finding import Hit
from itsmlint.model import Document, as_dict, is_blank, items
from itsmlint.rule import Context, DocumentRule


class EscalationAndRemedies(DocumentRule):
    """A target at risk is escalated to someone in time; an external customer is told what a breach earns."""

    def check(self, doc: Document, ctx: Context) -> Iterator[Hit]:
        kind = agreement_type(doc)
        steps = list(items(doc.spec.get("escalation")))
        if not steps:
            yield Hit(
                ("spec", "escalation"),
                f"{kind} {doc.name} has no escalation steps; a target at risk reaches nobody until it is breached",
            )
        for i, step in steps:
            lacks = [k for k in ("at", "to") if is_blank(step.get(k))]
            if lacks:
                yield Hit(
                    ("spec", "escalation", i), f"escalation step {i + 1} of {doc.name} has no {' and no '.join(lacks)}"
                )
        if doc.spec.get("external") is True:
            remedies = doc.spec.get("remedies")
            if remedies == "none":
                if is_blank(doc.spec.get("remediesRationale")):
                    yield Hit(
                        ("spec", "remedies"),
                        f"external {kind} {doc.name} offers no remedies and gives no remediesRationale",
                    )
            elif is_blank(as_dict(remedies).get("serviceCredits")):
                yield Hit(
                    ("spec", "remedies"),
                    f"external {kind} {doc.name} states no service credits "
                    "(remedies.serviceCredits), nor remedies: none with a rationale",
                )
