"""RIG002: sequencing without a reason ("no food order until the drinks arrive"). Heuristic."""

from __future__ import annotations

from collections.abc import Iterator

from itsmlint.finding import Hit
from itsmlint.model import Document, is_blank
from itsmlint.rule import Context, DocumentRule


def _io(items: list[str]) -> str:
    return ", ".join(items) if items else "nothing"


class JustifiedSequencing(DocumentRule):
    """An activity that waits for another uses what it produces, or says why it waits."""

    def check(self, doc: Document, ctx: Context) -> Iterator[Hit]:
        graph = ctx.graphs.of(doc)
        for edge in graph.edges:
            before, after = graph.nodes[edge.source], graph.nodes[edge.target]
            outputs, inputs = before.strings("outputs"), after.strings("inputs")
            if graph.inner(edge) or not outputs or not inputs:
                # A rework loop's ordering is RIG007's question; missing inputs
                # or outputs are DOC002's, and leave nothing to judge here.
                continue
            if not is_blank(after.data.get("rationale")) or graph.data_path(edge.source, edge.target):
                continue
            blocking = edge.is_wait or after.data.get("customerFacing") is True
            verb = "waits for" if edge.is_wait else "runs after"
            yield Hit(
                edge.pointer,
                f"heuristic: {after.label} {verb} {before.label} but uses none of its outputs "
                f"({before.label}: {_io(before.strings('inputs'))} → {_io(outputs)}; "
                f"{after.label} needs {_io(inputs)}); run them in parallel or give {after.label} a rationale",
                sub="blocking" if blocking else "sequence",
            )
