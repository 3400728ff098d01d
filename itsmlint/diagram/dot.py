"""A diagram in Graphviz DOT, for those who have Graphviz."""

from __future__ import annotations

from itsmlint.diagram import Diagram, Edge, Node, rule_ids


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _node(node: Node) -> str:
    lines = [node.title] + ([node.subtitle] if node.subtitle else [])
    if node.approval:
        lines.append("(approval)")
    if node.findings:
        lines.append("⚠ " + rule_ids(node.findings))
    attrs = {"label": "\n".join(lines)}
    if node.event:
        attrs.update(shape="oval", style="dashed", color="#9e9e9e")
    elif node.approval:
        attrs.update(shape="hexagon")
    if node.findings:
        attrs.update(color="#c62828", penwidth="3", fillcolor="#fdecea", style="filled")
    return f"{node.key} [{', '.join(f'{k}={_quote(v)}' for k, v in attrs.items())}];"


def _edge(edge: Edge) -> str:
    label = edge.caption
    attrs = {"label": label} if label else {}
    if edge.kind != "control":
        attrs.update(style="dashed", color="#9e9e9e")
    if edge.handoff:
        attrs.update(color="#d97706", penwidth="2")
    if edge.findings or not edge.bounded:
        attrs.update(color="#c62828", penwidth="2")
    if edge.back:
        attrs["constraint"] = "false"
    rendered = ", ".join(f"{k}={_quote(v)}" for k, v in attrs.items())
    return f"{edge.source} -> {edge.target}" + (f" [{rendered}]" if rendered else "") + ";"


def render(diagram: Diagram) -> str:
    out = [
        f"digraph {_quote(diagram.ref)} {{",
        f"  graph [rankdir=TB, labelloc=t, fontname=Helvetica, label={_quote(diagram.title)}];",
        '  node [shape=box, style="rounded,filled", fillcolor="#ffffff", fontname=Helvetica, fontsize=11];',
        "  edge [fontname=Helvetica, fontsize=9];",
    ]
    for lane_index, lane in enumerate(diagram.lanes):
        out.append(f"  subgraph cluster_{lane_index} {{")
        out.append(f'    label={_quote(lane)}; style=filled; color="#eef2f7";')
        out.extend(f"    {_node(n)}" for n in diagram.nodes if n.lane == lane_index)
        out.append("  }")
    out.extend(f"  {_edge(e)}" for e in diagram.edges)
    for note in diagram.notes:
        out.append(f"  // process: {note}")
    out.append("}")
    return "\n".join(out) + "\n"
