"""A diagram as a Mermaid flowchart, for Markdown, wikis and pull requests."""

from __future__ import annotations

from itsmlint.diagram import Diagram, Edge, Node, rule_ids
from itsmlint.render import one_line


def _text(value: str) -> str:
    """Mermaid label text: one line, then quotes and angle brackets as entities.

    A line break would end the statement, and in ``report.md`` a line of three
    backticks would end the fence around the whole diagram.
    """
    return one_line(value).replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")


def _label(node: Node) -> str:
    lines = [f"<b>{_text(node.title)}</b>"]
    if node.subtitle:
        lines.append(_text(node.subtitle))
    tags = [t for t, on in (("approval", node.approval), ("customer-facing", node.customer_facing)) if on]
    if tags:
        lines.append(f"<i>{', '.join(tags)}</i>")
    if node.findings:
        lines.append("⚠ " + _text(rule_ids(node.findings)))
    return "<br/>".join(lines)


def _shape(node: Node) -> str:
    label = f'"{_label(node)}"'
    if node.event:
        return f"{node.key}([{label}])"
    if node.approval:
        return f"{node.key}{{{{{label}}}}}"
    return f"{node.key}[{label}]"


def _arrow(edge: Edge) -> str:
    label = edge.caption
    text = f'|"{_text(label)}"|' if label else ""
    if edge.kind != "control":
        return f"-.->{text}"
    return f"==>{text}" if edge.handoff else f"-->{text}"


def render(diagram: Diagram) -> str:
    out = [f"%% itsmlint flow diagram of {one_line(diagram.ref)}", "flowchart TB"]
    for lane_index, lane in enumerate(diagram.lanes):
        out.append(f'  subgraph lane{lane_index}["{_text(lane)}"]')
        out.append("    direction TB")
        for node in diagram.nodes:
            if node.lane == lane_index:
                out.append(f"    {_shape(node)}")
        out.append("  end")
    red, handoff, data = [], [], []
    for i, edge in enumerate(diagram.edges):
        out.append(f"  {edge.source} {_arrow(edge)} {edge.target}")
        if edge.findings or not edge.bounded:
            red.append(i)
        elif edge.handoff:
            handoff.append(i)
        elif edge.kind != "control":
            data.append(i)
    out.append("  classDef finding fill:#fdecea,stroke:#c62828,stroke-width:3px")
    out.append("  classDef event fill:#f5f5f5,stroke:#9e9e9e,stroke-dasharray:4 3")
    flagged = [n.key for n in diagram.nodes if n.findings]
    if flagged:
        out.append(f"  class {','.join(flagged)} finding")
    events = [n.key for n in diagram.nodes if n.event]
    if events:
        out.append(f"  class {','.join(events)} event")
    for indexes, style in (
        (data, "stroke:#9e9e9e"),
        (handoff, "stroke:#d97706,stroke-width:2px"),
        (red, "stroke:#c62828,stroke-width:2px"),
    ):
        if indexes:
            out.append(f"  linkStyle {','.join(map(str, indexes))} {style}")
    for note in diagram.notes:
        out.append(f"  %% process: {one_line(note)}")  # a comment ends at the line's end: the note must too
    return "\n".join(out) + "\n"
