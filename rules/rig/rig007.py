"""RIG007: the activity graph has a start, an end, no stranded activities and bounded loops."""

from __future__ import annotations

from collections.abc import Iterator

from itsmlint.finding import Hit
from itsmlint.graph import ActivityGraph
from itsmlint.model import Document, as_dict
from itsmlint.rule import Context, DocumentRule


def _bounded(graph: ActivityGraph, members: list[int]) -> bool:
    """§8.3: a cycle is bounded when one of its activities carries loop.maxIterations."""
    bounds = (as_dict(graph.nodes[n].data.get("loop")).get("maxIterations") for n in members)
    return any(isinstance(b, int) and not isinstance(b, bool) and b >= 1 for b in bounds)


def _names(graph: ActivityGraph, members: list[int]) -> str:
    return ", ".join(graph.label(n) for n in members)


class GraphIntegrity(DocumentRule):
    """Every activity lies on a path from a start to an end; every rework loop is bounded."""

    def check(self, doc: Document, ctx: Context) -> Iterator[Hit]:
        graph = ctx.graphs.of(doc)
        if not graph.nodes:
            return
        comp = graph.components
        starts, ends = graph.starts, graph.ends
        if not starts:
            yield Hit(
                ("spec", "activities"),
                f"process {doc.name} has no start activity: every activity waits for another, so nothing can begin",
                sub="no-start",
            )
        if not ends:
            yield Hit(
                ("spec", "activities"),
                f"process {doc.name} has no end activity: every activity leads to another, so nothing can finish",
                sub="no-end",
            )
        for members in graph.cycles:
            if _bounded(graph, members):
                continue
            walk = graph.cycle_path(members)
            # The entry that closes the loop sits in the activity the walk returns to.
            closing = next(e for e in graph.pred[walk[-1]] if e.source == walk[-2])
            yield Hit(
                closing.pointer,
                f"cycle {' → '.join(graph.label(n) for n in walk)} has no loop.maxIterations on any of its "
                "activities; an unbounded loop can go round for ever",
                sub="unbounded-cycle",
            )
        everything = set(range(len(graph.nodes)))
        reached = graph.reachable(starts) if starts else everything
        if starts:
            for members in self._roots(graph, everything - reached, comp, forward=True):
                yield Hit(
                    graph.nodes[members[0]].pointer,
                    f"{_names(graph, members)} cannot be reached from any start activity ({_names(graph, starts)})",
                    sub="unreachable",
                )
        if ends:
            # An unreachable region is reported above; asking also for its way
            # out would report one island twice.
            finishing = graph.reachable(ends, forward=False)
            for members in self._roots(graph, reached - finishing, comp, forward=False):
                yield Hit(
                    graph.nodes[members[0]].pointer,
                    f"{_names(graph, members)} never lead to an end activity ({_names(graph, ends)}): "
                    "once entered, the case cannot finish",
                    sub="no-way-out",
                )

    @staticmethod
    def _roots(graph: ActivityGraph, stranded: set[int], comp: list[int], forward: bool) -> Iterator[list[int]]:
        """The components where a stranded region begins, one report each.

        Activities downstream of an unreachable cycle are unreachable too;
        they are fixed with it, so only the cycle is reported (upstream, for
        activities that cannot finish).
        """
        groups: dict[int, list[int]] = {}
        for node in sorted(stranded):
            groups.setdefault(comp[node], []).append(node)
        for members in sorted(groups.values()):
            inside = set(members)
            edges = (e for n in members for e in (graph.pred[n] if forward else graph.succ[n]))
            neighbours = {e.source if forward else e.target for e in edges} - inside
            if not neighbours & stranded:
                yield members
