"""SLA006: exclusions, workload limits and the customer's own duties are written down."""

from __future__ import annotations

from collections.abc import Iterator

from itsmlint.agreements import agreement_type, targets
from itsmlint.finding import Hit
from itsmlint.fixes import Fix, append_item, set_value
from itsmlint.model import Document, as_dict, as_list, is_blank
from itsmlint.rule import Context, DocumentRule


class ExclusionsAndLimits(DocumentRule):
    """What the targets do not cover, the volume they assume, and what the customer must do."""

    def check(self, doc: Document, ctx: Context) -> Iterator[Hit]:
        kind = agreement_type(doc)
        if "exclusions" not in doc.spec or doc.spec.get("exclusions") is None:
            pauses = [c for c in as_list(as_dict(doc.spec.get("measurement")).get("pauseWhen")) if isinstance(c, str)]
            # With pauses to list, their fixes write the key; an empty list would say nothing is excluded.
            fix = (
                None
                if pauses or "exclusions" in doc.spec
                else Fix("write exclusions: [] (nothing is excluded)", (set_value(("spec", "exclusions"), ()),))
            )
            yield Hit(
                ("spec", "exclusions"),
                f"{kind} {doc.name} lists no exclusions; write exclusions: [] if nothing is excluded",
                fix=fix,
            )
        if any(True for _ in targets(doc)) and is_blank(doc.spec.get("workloadLimits")):
            yield Hit(
                ("spec", "workloadLimits"),
                f"{kind} {doc.name} sets targets but no workloadLimits: at what volume do the targets still hold?",
            )
        if is_blank(doc.spec.get("customerResponsibilities")):
            yield Hit(("spec", "customerResponsibilities"), f"{kind} {doc.name} lists no customerResponsibilities")
        excluded = {e for e in as_list(doc.spec.get("exclusions")) if isinstance(e, str)}
        for i, condition in enumerate(as_list(as_dict(doc.spec.get("measurement")).get("pauseWhen"))):
            if isinstance(condition, str) and condition not in excluded:
                fix = (
                    Fix(f"add {condition!r} to exclusions", (append_item(("spec", "exclusions"), condition),))
                    if isinstance(doc.spec.get("exclusions", []), list)
                    else None
                )
                yield Hit(
                    ("spec", "measurement", "pauseWhen", i),
                    f"{kind} {doc.name} stops the clock when {condition!r}, which is not listed in exclusions",
                    fix=fix,
                )
