"""SLA008: an outcome-based measure, so the SLA cannot be green outside and red inside."""

from __future__ import annotations

from collections.abc import Iterator

from itsmlint.agreements import agreement_type
from itsmlint.finding import Hit
from itsmlint.model import Document, is_blank, items
from itsmlint.rule import Context, DocumentRule


class OutcomeMeasure(DocumentRule):
    """An SLA measures an outcome the customer cares about: a metric, a target and a source."""

    def applies_to(self, doc: Document) -> bool:
        # OLAs and UCs are operational by nature; the customer's outcome is the SLA's to state.
        return super().applies_to(doc) and agreement_type(doc) == "sla"

    def check(self, doc: Document, ctx: Context) -> Iterator[Hit]:
        outcomes = list(items(doc.spec.get("outcomes")))
        if not outcomes:
            yield Hit(
                ("spec", "outcomes"),
                f"sla {doc.name} measures no business outcome: its targets can all be "
                "green while the customer is unhappy",
            )
            return
        if not any(all(not is_blank(o.get(k)) for k in ("metric", "target", "source")) for _, o in outcomes):
            yield Hit(("spec", "outcomes"), f"no outcome of sla {doc.name} has a metric, a target and a source")
