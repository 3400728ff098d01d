"""RISK003: a risk that needs a control has one that works."""

from __future__ import annotations

from collections.abc import Iterator

from itsmlint.finding import Hit
from itsmlint.model import Document
from itsmlint.risks import CONTROLLED, control_states, treatment
from itsmlint.rule import Context, DocumentRule


class RiskCovered(DocumentRule):
    """A mitigated or transferred risk has an implemented control that did not fail its last test."""

    def applies_to(self, doc: Document) -> bool:
        return doc.kind == "Risk"  # controls are read through the risks that list them

    def check(self, doc: Document, ctx: Context) -> Iterator[Hit]:
        how = treatment(doc)
        if how not in CONTROLLED:
            return
        states = list(control_states(doc, ctx.corpus))
        if any(s.effective for s in states):
            return
        if not states:
            done = {"mitigate": "mitigated", "transfer": "transferred"}.get(how, how)
            yield Hit(("spec", "controls"), f"risk {doc.name} is to be {done} but lists no control: it is uncovered")
            return
        reasons = "; ".join(f"{s.ref} {s.why}" for s in states)
        related = tuple((s.control, ("spec", "status"), f"{s.ref} {s.why}") for s in states if s.control is not None)
        yield Hit(("spec", "controls"), f"risk {doc.name} is uncovered: no control works ({reasons})", related=related)
