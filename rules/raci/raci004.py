"""RACI004: segregation of duties on approvals."""

from __future__ import annotations

from collections.abc import Iterator

from itsmlint.finding import Hit
from itsmlint.model import Document
from itsmlint.rule import Context, DocumentRule


class SegregationOfDuties(DocumentRule):
    """Nobody approves work whose outputs they produced themselves."""

    def check(self, doc: Document, ctx: Context) -> Iterator[Hit]:
        graph = ctx.graphs.of(doc)
        sub = "segregation-change" if doc.spec.get("practice") == "change-enablement" else "segregation"
        for node, activity in enumerate(graph.nodes):
            if not activity.is_approval:
                continue
            approved_inputs = set(activity.strings("inputs"))
            reported: set[tuple[object, ...]] = set()
            # Any earlier activity counts, not only the one just before: a build
            # that goes through testing is still the builder's work when approved.
            for pred in sorted(graph.reachable([node], forward=False) - {node}):
                author = graph.nodes[pred]
                shared = approved_inputs & graph.outputs[pred]
                if not shared:
                    continue  # it does not approve this activity's work
                authors = {p.key for _, ref in author.parties("responsible") for p in ctx.directory.holders(ref, doc)}
                for pointer, ref in activity.approvers():
                    for person in ctx.directory.holders(ref, doc):
                        if person.key not in authors or (pointer, person.key) in reported:
                            continue
                        reported.add((pointer, person.key))
                        who = person.ref if ref == person.ref else f"{ref} resolves to {person.ref}, who"
                        yield Hit(
                            pointer,
                            f"approval {activity.label}: {who} is also Responsible for {author.label}, "
                            f"whose {', '.join(sorted(shared))} it approves",
                            sub=sub,
                        )
