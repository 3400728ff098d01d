"""Flow diagrams of a process: one model, drawn as Mermaid, DOT or SVG.

:func:`build` turns a process's activity graph and the run's findings into a
:class:`Diagram`: activities grouped into swimlanes by the working team of
their Responsible people, control edges (waits and handoffs marked), data
edges where no control edge already joins the two activities, the external
events activities wait for, and every finding attached to the node or edge
it points at. The renderers are pure functions from a Diagram to text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from itsmlint.finding import Finding
from itsmlint.graph import ActivityGraph, waits
from itsmlint.model import as_dict

UNASSIGNED = ("", "", "")
EXTERNAL = ("", "", "external")


@dataclass(frozen=True, slots=True)
class Node:
    """One activity, or (``event``) an external event some activity waits for."""

    key: str
    title: str
    subtitle: str
    lane: int
    layer: int
    approval: bool = False
    customer_facing: bool = False
    event: bool = False
    findings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Edge:
    """``control`` (``after``/``waitsFor``), ``data`` (outputs feeding inputs) or ``event`` (an external wait)."""

    source: str
    target: str
    kind: str
    label: str = ""
    wait: bool = False
    bounded: bool = True
    handoff: bool = False
    back: bool = False
    findings: tuple[str, ...] = ()

    @property
    def caption(self) -> str:
        """What every renderer writes on the edge: handoff, wait, artefacts, rule ids."""
        parts = (["handoff"] if self.handoff else []) + ([self.label] if self.label else [])
        label = " · ".join(parts)
        if self.findings:
            label = f"{label} ⚠ {rule_ids(self.findings)}".strip()
        return label


@dataclass(frozen=True, slots=True)
class Diagram:
    """Everything a renderer draws, in a stable order."""

    ref: str
    title: str
    lanes: tuple[str, ...]
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    notes: tuple[str, ...] = ()
    """Findings on the process as a whole (no paths, no outcomes…), one line each."""
    layers: int = field(default=0)


def _layers(graph: ActivityGraph) -> list[int]:
    """Longest-path layering over an acyclic subset of the control edges.

    Edges between components always go forward in the component order, and
    inside a cycle only edges to a later activity (in document order) are
    kept, so the kept edges cannot form a cycle; the rest are drawn as back
    edges.
    """
    layer = [0] * len(graph.nodes)
    for node in graph.order:
        for edge in graph.pred[node]:
            if _is_back(graph, edge.source, edge.target):
                continue
            layer[node] = max(layer[node], layer[edge.source] + 1)
    return layer


def _is_back(graph: ActivityGraph, source: int, target: int) -> bool:
    same = graph.components[source] == graph.components[target]
    return same and target <= source


def _lane_name(key: tuple[str, str, str]) -> str:
    if key == UNASSIGNED:
        return "no team"
    if key == EXTERNAL:
        return "external"
    return f"team:{key[2]}" if key[1] == "default" else f"team:{key[1]}/{key[2]}"


def build(graph: ActivityGraph, findings: Sequence[Finding]) -> Diagram:
    """The diagram of one process, with the findings of a run drawn on it."""
    doc = graph.doc
    mine = [f for f in findings if f.document == doc.ref and f.suppressed_by is None]
    node_findings: dict[int, list[str]] = {}
    edge_findings: dict[tuple[str | int, ...], list[str]] = {}
    notes = []
    edge_pointers = [e.pointer for e in graph.edges]
    wait_pointers = {
        (*graph.nodes[n].pointer, "waitsFor", i): n for n in range(len(graph.nodes)) for i, _ in waits(graph.nodes[n])
    }
    for f in mine:
        p = f.pointer
        if len(p) >= 3 and p[:2] == ("spec", "activities") and isinstance(p[2], int) and p[2] < len(graph.nodes):
            owner = next((e for e in edge_pointers if p[: len(e)] == e), None)
            if owner is None:
                owner = next((w for w in wait_pointers if p[: len(w)] == w), None)
            if owner is not None:
                edge_findings.setdefault(owner, []).append(f.qualified_id)
            else:
                node_findings.setdefault(p[2], []).append(f.qualified_id)
        else:
            notes.append(f"{f.qualified_id} {f.message}")

    layer = _layers(graph)
    lane_keys: list[tuple[str, str, str]] = []
    # An activity whose people span several teams goes in the lane most of the
    # process already uses: a team that is some activity's only team counts
    # double, so a board of many members does not open a lane of its own.
    weight: dict[tuple[str, str, str], int] = {}
    for teams in graph.teams:
        for team in teams:
            weight[team] = weight.get(team, 0) + (2 if len(teams) == 1 else 1)
    node_lane = [min(teams, key=lambda t: (-weight[t], t)) if teams else UNASSIGNED for teams in graph.teams]
    has_events = any(
        isinstance(w.get("on"), str) and str(w.get("on")).startswith("event:") for a in graph.nodes for _, w in waits(a)
    )
    # Lanes in the order the flow first reaches them; "no team" last.
    first: dict[tuple[str, str, str], tuple[int, int]] = {}
    for i, key in enumerate(node_lane):
        first[key] = min(first.get(key, (layer[i], i)), (layer[i], i))
    order = sorted(first, key=lambda k: (k == UNASSIGNED, first[k]))
    lane_keys = ([EXTERNAL] if has_events else []) + order
    lane_index = {k: i for i, k in enumerate(lane_keys)}

    nodes: list[Node] = []
    keys = [f"a{i}" for i in range(len(graph.nodes))]
    for i, activity in enumerate(graph.nodes):
        nodes.append(
            Node(
                key=keys[i],
                title=activity.label,
                subtitle=str(activity.data.get("name") or ""),
                lane=lane_index[node_lane[i]],
                layer=layer[i],
                approval=activity.is_approval,
                customer_facing=activity.data.get("customerFacing") is True,
                findings=tuple(sorted(set(node_findings.get(i, ())))),
            )
        )
    edges: list[Edge] = []
    joined = set()
    for edge in graph.edges:
        joined.add((edge.source, edge.target))
        # Control edges are labelled only with what is unusual about them (a
        # wait, its timeout); artefacts are named on the data edges.
        wait = as_dict(edge.wait is not None and waits_of(graph, edge.target, edge.wait))
        label = ""
        bounded = True
        if edge.is_wait:
            timeout = wait.get("timeout")
            bounded = isinstance(timeout, str) and bool(timeout.strip())
            label = f"waits ≤ {timeout}" if bounded else "waits, no timeout"
        handoff = graph.is_handoff(edge)
        edges.append(
            Edge(
                keys[edge.source],
                keys[edge.target],
                "control",
                label,
                edge.is_wait,
                bounded,
                handoff,
                _is_back(graph, edge.source, edge.target),
                tuple(sorted(set(edge_findings.get(edge.pointer, ())))),
            )
        )
    for source, targets in enumerate(graph.data_succ):
        for target in targets:
            if source == target or (source, target) in joined:
                continue
            shared = sorted(graph.outputs[source] & set(graph.nodes[target].strings("inputs")))
            edges.append(
                Edge(keys[source], keys[target], "data", ", ".join(shared), back=layer[target] <= layer[source])
            )
    events: dict[str, str] = {}
    for i, activity in enumerate(graph.nodes):
        for w_index, w in waits(activity):
            on = w.get("on")
            if not (isinstance(on, str) and on.startswith("event:")):
                continue
            if on not in events:
                events[on] = f"e{len(events)}"
                nodes.append(
                    Node(
                        events[on],
                        on.removeprefix("event:"),
                        "external event",
                        lane_index[EXTERNAL],
                        max(0, layer[i] - 1),
                        event=True,
                    )
                )
            timeout = w.get("timeout")
            bounded = isinstance(timeout, str) and bool(timeout.strip())
            pointer = (*activity.pointer, "waitsFor", w_index)
            edges.append(
                Edge(
                    events[on],
                    keys[i],
                    "event",
                    f"waits ≤ {timeout}" if bounded else "waits, no timeout",
                    True,
                    bounded,
                    findings=tuple(sorted(set(edge_findings.get(pointer, ())))),
                )
            )
    title = str(doc.metadata.get("title") or doc.name)
    return Diagram(
        doc.ref,
        title,
        tuple(_lane_name(k) for k in lane_keys),
        tuple(nodes),
        tuple(edges),
        tuple(notes),
        max(layer, default=-1) + 1,
    )


def rule_ids(findings: Sequence[str]) -> str:
    """``RIG001[no-timeout] RIG002[blocking] RIG002[x]`` as ``RIG001 RIG002``, for badges and labels."""
    return " ".join(dict.fromkeys(f.split("[", 1)[0] for f in findings))


def waits_of(graph: ActivityGraph, node: int, index: int) -> dict[str, object]:
    """The ``waitsFor`` entry ``index`` of activity ``node``."""
    for i, wait in waits(graph.nodes[node]):
        if i == index:
            return wait
    return {}


Renderer = Callable[[Diagram], str]


def renderers() -> dict[str, Renderer]:
    """The diagram formats by name."""
    from itsmlint.diagram import dot, mermaid, svg

    return {"mermaid": mermaid.render, "dot": dot.render, "svg": svg.render}
