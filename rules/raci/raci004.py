"""RACI004: segregation of duties on approvals."""

from __future__ import annotations

from collections.abc import Iterator

from itsmlint.finding import Hit
from itsmlint.model import Document
from itsmlint.process import activities, by_id
from itsmlint.rule import Context, DocumentRule


class SegregationOfDuties(DocumentRule):
    """Nobody approves work whose outputs they produced themselves."""

    id = "RACI004"

    def check(self, doc: Document, ctx: Context) -> Iterator[Hit]:
        index = by_id(doc)
        sub = "segregation-change" if doc.spec.get("practice") == "change-enablement" else "segregation"
        for activity in activities(doc):
            if not activity.is_approval:
                continue
            approved_inputs = set(activity.strings("inputs"))
            for pred_id, _, _ in activity.predecessors():
                pred = index.get(pred_id)
                if pred is None:
                    continue
                shared = approved_inputs & set(pred.strings("outputs"))
                if not shared:
                    continue  # it does not approve this predecessor's work
                authors = {p.key: p for _, ref in pred.parties("responsible")
                           for p in ctx.directory.holders(ref, doc)}
                for pointer, ref in activity.approvers():
                    for person in ctx.directory.holders(ref, doc):
                        if person.key in authors:
                            who = person.ref if ref == person.ref else f"{ref} resolves to {person.ref}, who"
                            yield Hit(pointer,
                                      f"approval {activity.label}: {who} is also "
                                      f"Responsible for {pred.label}, whose {', '.join(sorted(shared))} it approves",
                                      sub=sub)
