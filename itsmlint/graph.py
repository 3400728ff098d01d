"""The activity graph of a Process (domain.md §3.4), built once per run.

Nodes are the activities. A control edge ``x → y`` exists when ``y.after``
names ``x`` or ``y.waitsFor`` waits on ``activity:x``; a data edge ``x ⇒ y``
when an output of ``x`` is an input of ``y``. Start nodes have no incoming
control edge, end nodes no outgoing one. A handoff is a control edge whose
Responsible parties sit in different teams; an approval node carries an
``approval`` block or a RACI flagged ``approval: true``.

Everything here is linear in activities plus edges, except the data-path
question of RIG002, which is answered with one bitset per activity (a
Python int), computed once and only when asked.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property

from itsmlint.directory import Directory
from itsmlint.finding import Pointer
from itsmlint.model import Document, as_dict, as_list
from itsmlint.process import Activity, activities

TeamKey = tuple[str, str, str]


@dataclass(frozen=True, slots=True)
class Edge:
    """A control edge ``source → target``, with the entry in ``target`` that makes it."""

    source: int
    target: int
    pointer: Pointer
    wait: int | None = None
    """Index of the ``waitsFor`` entry when the edge is a wait, else None."""

    @property
    def is_wait(self) -> bool:
        return self.wait is not None


@dataclass  # not slotted: the derived facts are cached_property attributes
class ActivityGraph:
    """Nodes, edges and the derived facts the RIG rules and diagrams need."""

    doc: Document
    nodes: list[Activity]
    edges: list[Edge]
    directory: Directory
    succ: list[list[Edge]] = field(default_factory=list)
    pred: list[list[Edge]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.succ = [[] for _ in self.nodes]
        self.pred = [[] for _ in self.nodes]
        for edge in self.edges:
            self.succ[edge.source].append(edge)
            self.pred[edge.target].append(edge)

    # -- structure -----------------------------------------------------------

    @property
    def starts(self) -> list[int]:
        return [n for n in range(len(self.nodes)) if not self.pred[n]]

    @property
    def ends(self) -> list[int]:
        return [n for n in range(len(self.nodes)) if not self.succ[n]]

    def label(self, node: int) -> str:
        return self.nodes[node].label

    @cached_property
    def components(self) -> list[int]:
        """The strongly connected component of each node, by control edges.

        Components are numbered in reverse topological order: every edge
        between two components goes from a higher number to a lower one.
        """
        return strongly_connected([[e.target for e in edges] for edges in self.succ])

    @cached_property
    def cycles(self) -> list[list[int]]:
        """Every cyclic component (two or more nodes, or a self-loop), members in document order."""
        members: dict[int, list[int]] = defaultdict(list)
        for node, comp in enumerate(self.components):
            members[comp].append(node)
        out = []
        for group in members.values():
            if len(group) > 1 or any(e.target == group[0] for e in self.succ[group[0]]):
                out.append(sorted(group))
        return sorted(out)

    def inner(self, edge: Edge) -> bool:
        """Whether an edge lies inside a cycle (both ends in one component)."""
        return self.components[edge.source] == self.components[edge.target]

    @cached_property
    def order(self) -> list[int]:
        """Nodes in a topological order of the components, document order within one."""
        comp = self.components
        return sorted(range(len(self.nodes)), key=lambda n: (-comp[n], n))

    def reachable(self, sources: Iterable[int], forward: bool = True) -> set[int]:
        """Every node reachable from ``sources`` along (or against) control edges."""
        seen = set(sources)
        todo = list(seen)
        while todo:
            node = todo.pop()
            for edge in self.succ[node] if forward else self.pred[node]:
                nxt = edge.target if forward else edge.source
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        return seen

    def cycle_path(self, members: list[int]) -> list[int]:
        """One closed walk through a cycle, starting at its first member: a → b → a."""
        inside = set(members)
        start = members[0]
        parents: dict[int, int] = {}
        todo = [start]
        while todo:
            node = todo.pop(0)
            for edge in self.succ[node]:
                nxt = edge.target
                if nxt == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(parents[path[-1]])
                    return [*reversed(path), start]
                if nxt in inside and nxt not in parents:
                    parents[nxt] = node
                    todo.append(nxt)
        return [start, start]

    # -- data flow -----------------------------------------------------------

    @cached_property
    def outputs(self) -> list[frozenset[str]]:
        """What each activity produces."""
        return [frozenset(a.strings("outputs")) for a in self.nodes]

    @cached_property
    def producers(self) -> dict[str, list[int]]:
        """For each artefact, the activities that output it."""
        out: dict[str, list[int]] = defaultdict(list)
        for node, activity in enumerate(self.nodes):
            for name in activity.strings("outputs"):
                out[name].append(node)
        return out

    @cached_property
    def data_succ(self) -> list[list[int]]:
        """Data edges: ``data_succ[x]`` holds every y with outputs(x) ∩ inputs(y) ≠ ∅."""
        out: list[set[int]] = [set() for _ in self.nodes]
        for node, activity in enumerate(self.nodes):
            for name in activity.strings("inputs"):
                for producer in self.producers.get(name, ()):
                    out[producer].add(node)
        return [sorted(s) for s in out]

    @cached_property
    def _data_reach(self) -> list[int]:
        """Bitset of the nodes each node reaches by data edges, itself included.

        One pass over the components of the data graph, sinks first, so a
        rework loop (a data cycle) costs no more than a straight chain.
        """
        comp = strongly_connected(self.data_succ)
        bits = [0] * (max(comp, default=-1) + 1)
        members: list[list[int]] = [[] for _ in bits]
        for node, c in enumerate(comp):
            members[c].append(node)
        for c, group in enumerate(members):  # sinks have the lowest numbers
            acc = 0
            for node in group:
                acc |= 1 << node
                for nxt in self.data_succ[node]:
                    if comp[nxt] != c:
                        acc |= bits[comp[nxt]]
            bits[c] = acc
        return [bits[c] for c in comp]

    def data_path(self, source: int, target: int) -> bool:
        """Whether a chain of one or more data edges leads from ``source`` to ``target``."""
        return any(self._data_reach[nxt] >> target & 1 for nxt in self.data_succ[source])

    # -- people --------------------------------------------------------------

    @cached_property
    def teams(self) -> list[frozenset[TeamKey]]:
        """The teams of each activity's Responsible people (empty when unknown)."""
        out = []
        for activity in self.nodes:
            keys: set[TeamKey] = set()
            for _, ref in activity.parties("responsible"):
                for person in self.directory.holders(ref, self.doc):
                    keys |= self.directory.working_teams(person)
            out.append(frozenset(keys))
        return out

    def is_handoff(self, edge: Edge) -> bool:
        """A control edge between activities whose Responsible people share no team."""
        before, after = self.teams[edge.source], self.teams[edge.target]
        return bool(before) and bool(after) and not (before & after)

    def handoff_owner(self, edge: Edge) -> str | None:
        """Who keeps the case across a handoff: the activity's, else the process's case owner."""
        for node in (edge.source, edge.target):
            owner = as_dict(self.nodes[node].data.get("handoff")).get("owner")
            if isinstance(owner, str) and owner.strip():
                return owner
        owner = self.doc.spec.get("caseOwner")
        return owner if isinstance(owner, str) and owner.strip() else None

    # -- longest runs ----------------------------------------------------------

    def longest(self, weight: str) -> tuple[list[int], list[int | None]]:
        """Longest-path dynamic programme over the component order.

        ``weight`` is ``"approvals"`` (consecutive approval nodes; a
        non-approval node resets the run) or ``"handoffs"`` (handoff edges on
        the path). Returns the value at each node and the predecessor that
        gave it. Edges inside a cycle are ignored: a rework loop does not
        lengthen a chain.
        """
        n = len(self.nodes)
        value = [0] * n
        via: list[int | None] = [None] * n
        for node in self.order:
            best, best_pred = 0, None
            for edge in self.pred[node]:
                if self.inner(edge):
                    continue
                if weight == "approvals":
                    candidate = value[edge.source]
                else:
                    candidate = value[edge.source] + (1 if self.is_handoff(edge) else 0)
                if candidate > best or (candidate == best and best_pred is None and candidate > 0):
                    best, best_pred = candidate, edge.source
            if weight == "approvals":
                value[node] = best + 1 if self.nodes[node].is_approval else 0
                via[node] = best_pred if self.nodes[node].is_approval and best > 0 else None
            else:
                value[node], via[node] = best, best_pred
        return value, via

    def trace(self, via: list[int | None], node: int, length: int | None = None) -> list[int]:
        """Follow ``via`` back from ``node``; the path in forward order."""
        path = [node]
        while (length is None or len(path) < length) and via[path[-1]] is not None:
            prev = via[path[-1]]
            assert prev is not None
            path.append(prev)
        return list(reversed(path))


def strongly_connected(succ: list[list[int]]) -> list[int]:
    """Tarjan's algorithm without recursion: the component of each node.

    Components come out sinks first, so the numbering is a reverse
    topological order of the condensed graph. Iterative because a process
    may hold thousands of activities in one chain.
    """
    n = len(succ)
    index = [-1] * n
    low = [0] * n
    comp = [-1] * n
    on_stack = [False] * n
    stack: list[int] = []
    counter = found = 0
    for root in range(n):
        if index[root] != -1:
            continue
        work: list[tuple[int, int]] = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack[node] = True
            descended = False
            edges = succ[node]
            while i < len(edges):
                nxt = edges[i]
                i += 1
                if index[nxt] == -1:
                    work.append((node, i))
                    work.append((nxt, 0))
                    descended = True
                    break
                if on_stack[nxt]:
                    low[node] = min(low[node], index[nxt])
            if descended:
                continue
            if low[node] == index[node]:
                while True:
                    member = stack.pop()
                    on_stack[member] = False
                    comp[member] = found
                    if member == node:
                        break
                found += 1
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return comp


def _edges(nodes: list[Activity]) -> Iterator[Edge]:
    ids: dict[str, int] = {}
    for node, activity in enumerate(nodes):
        if activity.id is not None:
            ids.setdefault(activity.id, node)
    for node, activity in enumerate(nodes):
        seen: dict[int, Edge] = {}
        for pred_id, pointer, is_wait in activity.predecessors():
            source = ids.get(pred_id)
            if source is None:
                continue  # an unknown id is REF001's
            wait = int(pointer[-2]) if is_wait and isinstance(pointer[-2], int) else None
            edge = Edge(source, node, pointer[:-1] if is_wait else pointer, wait)
            # after: [x] and waitsFor: [{on: activity:x}] make one edge; the
            # wait is the stronger statement, so it is the one kept.
            if source not in seen or (is_wait and not seen[source].is_wait):
                seen[source] = edge
        yield from seen.values()


def build(doc: Document, directory: Directory) -> ActivityGraph:
    """The activity graph of one Process."""
    nodes = activities(doc)
    return ActivityGraph(doc, nodes, list(_edges(nodes)), directory)


class Graphs:
    """One graph per process per run, shared by every rule that asks."""

    def __init__(self, directory: Directory) -> None:
        self.directory = directory
        self._cache: dict[int, ActivityGraph] = {}

    def of(self, doc: Document) -> ActivityGraph:
        graph = self._cache.get(id(doc))
        if graph is None:
            graph = self._cache[id(doc)] = build(doc, self.directory)
        return graph


def waits(activity: Activity) -> Iterator[tuple[int, dict[str, object]]]:
    """(index, entry) of each ``waitsFor`` mapping of an activity."""
    for i, wait in enumerate(as_list(activity.data.get("waitsFor"))):
        if isinstance(wait, dict):
            yield i, wait
