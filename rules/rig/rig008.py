"""RIG008: the process serves a customer outcome, and a KPI measures it."""

from __future__ import annotations

from collections.abc import Iterator

from itsmlint.finding import Hit
from itsmlint.model import Document, is_blank, items
from itsmlint.rule import Context, DocumentRule


class CustomerOutcome(DocumentRule):
    """A process names who benefits and how, and ties at least one KPI to that outcome."""

    def check(self, doc: Document, ctx: Context) -> Iterator[Hit]:
        outcomes = doc.spec.get("outcomes")
        if is_blank(outcomes):
            yield Hit(
                ("spec", "outcomes"),
                f"process {doc.name} states no customer outcome; it can be followed to "
                "the letter while the customer waits",
            )
            return
        described = [o for _, o in items(outcomes)]
        if not any(not is_blank(o.get("consumer")) for o in described):
            yield Hit(("spec", "outcomes"), f"no outcome of process {doc.name} names its consumer; say who benefits")
        ids = {o["id"] for o in described if isinstance(o.get("id"), str)}
        linked = (k.get("outcome") for _, k in items(doc.spec.get("kpis")))
        if not any(isinstance(o, str) and o in ids for o in linked):
            yield Hit(
                ("spec", "kpis"),
                f"no KPI of process {doc.name} measures one of its outcomes "
                f"({', '.join(sorted(ids)) or 'give the outcomes ids'}); link one with kpis[].outcome",
            )
