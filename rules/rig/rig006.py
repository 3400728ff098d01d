"""RIG006: handoffs keep a case owner, and there are not too many of them. Heuristic."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

from itsmlint.finding import Hit
from itsmlint.graph import ActivityGraph, TeamKey
from itsmlint.model import Document
from itsmlint.rule import Context, DocumentRule


def _teams(keys: frozenset[TeamKey]) -> str:
    return ", ".join(f"team:{name}" for _, _, name in sorted(keys))


class OwnedHandoffs(DocumentRule):
    """Work moving between teams keeps one owner of the case; few handoffs per path."""

    def check(self, doc: Document, ctx: Context) -> Iterator[Hit]:
        graph = ctx.graphs.of(doc)
        for edge in graph.edges:
            if graph.is_handoff(edge) and graph.handoff_owner(edge) is None:
                yield Hit(
                    graph.nodes[edge.target].pointer,
                    f"heuristic: handoff from {graph.label(edge.source)} ({_teams(graph.teams[edge.source])}) "
                    f"to {graph.label(edge.target)} ({_teams(graph.teams[edge.target])}) has no case owner; "
                    "set spec.caseOwner or handoff.owner so the customer keeps one point of contact",
                    sub="unowned-handoff",
                )
        yield from self._too_many(graph, int(ctx.params["maxHandoffs"]))

    def _too_many(self, graph: ActivityGraph, limit: int) -> Iterator[Hit]:
        count, via = graph.longest("handoffs")
        if not count or max(count) <= limit:
            return
        end = count.index(max(count))
        path = graph.trace(via, end)
        # Point at the activity where the path passes the limit.
        first = next(n for n in path if count[n] > limit)
        hops = [
            f"{graph.label(a)} → {graph.label(b)}"
            for a, b in pairwise(path)
            if any(e.target == b and graph.is_handoff(e) for e in graph.succ[a])
        ]
        yield Hit(
            graph.nodes[first].pointer,
            f"heuristic: the path to {graph.label(end)} changes team {count[end]} times "
            f"({'; '.join(hops)}), more than maxHandoffs={limit}",
            sub="too-many-handoffs",
        )
