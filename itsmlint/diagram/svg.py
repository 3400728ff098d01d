"""A diagram as a standalone SVG, laid out by itsmlint itself.

No Graphviz, browser or network: the layout is a layered drawing. Each
activity sits in the row of its layer (the longest chain of predecessors
before it) and in the column of its team's swimlane; activities that share a
lane and a layer sit side by side. Forward edges run down between rows, back
edges and edges within a row curve round the right-hand side. The flow reads
top to bottom, so a long process grows downwards, where pages and screens
scroll, and prints without shrinking the text.
"""

from __future__ import annotations

from collections import defaultdict
from xml.sax.saxutils import escape as _xml_escape

from itsmlint.diagram import Diagram, Edge, Node, rule_ids
from itsmlint.render import one_line

NODE_W, NODE_H = 188, 64
H_GAP, V_GAP = 28, 54
MARGIN, TITLE_H, LANE_HEADER_H = 16, 34, 30
FONT = "Helvetica, Arial, sans-serif"
CHAR_W = 6.4  # average advance of an 11px sans-serif character

INK, MUTED, RED, ORANGE, GREY, PURPLE = "#263238", "#607d8b", "#c62828", "#d97706", "#9e9e9e", "#6a1b9a"
LANE_FILLS = ("#f7f9fb", "#eef2f6")


def escape(text: str, entities: dict[str, str] | None = None) -> str:
    """The repository's text for an SVG element or attribute.

    Made one line first: XML 1.0 cannot hold most control characters even as
    references, so one in a title would make the drawing, and the audit page
    it sits in, unreadable; the escape shows it instead.
    """
    return _xml_escape(one_line(text), entities or {})


def _fit(text: str, width: float) -> str:
    """Text cut to what fits in ``width`` pixels, with an ellipsis when cut; controls count as their escapes."""
    text = one_line(text)
    most = max(3, int(width / CHAR_W))
    return text if len(text) <= most else text[: most - 1] + "…"


def _wrap(text: str, width: float, lines: int) -> list[str]:
    """Up to ``lines`` lines of at most ``width`` pixels, the last one cut."""
    most = max(3, int(width / CHAR_W))
    out: list[str] = []
    words = text.split()
    current = ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if len(candidate) <= most or not current:
            current = candidate
            continue
        out.append(current)
        current = word
        if len(out) == lines:
            break
    if current and len(out) < lines:
        out.append(current)
    if len(out) == lines and " ".join(out) != " ".join(words):
        out[-1] = _fit(out[-1] + " …", width) if len(out[-1]) + 2 > most else out[-1] + " …"
    return [_fit(line, width) for line in out]


class _Layout:
    """Positions of lanes and nodes."""

    def __init__(self, diagram: Diagram) -> None:
        slots: dict[tuple[int, int], list[Node]] = defaultdict(list)
        for node in diagram.nodes:
            slots[(node.lane, node.layer)].append(node)
        width_in_slots = [1] * max(1, len(diagram.lanes))
        for (lane, _), group in slots.items():
            width_in_slots[lane] = max(width_in_slots[lane], len(group))
        self.lane_x: list[float] = []
        x = float(MARGIN)
        for slots_wide in width_in_slots:
            self.lane_x.append(x)
            x += slots_wide * (NODE_W + H_GAP) + H_GAP
        self.lane_w = [s * (NODE_W + H_GAP) + H_GAP for s in width_in_slots]
        self.top = MARGIN + TITLE_H + LANE_HEADER_H
        self.pos: dict[str, tuple[float, float]] = {}
        for (lane, layer), group in sorted(slots.items()):
            for slot, node in enumerate(group):
                self.pos[node.key] = (
                    self.lane_x[lane] + H_GAP + slot * (NODE_W + H_GAP),
                    self.top + V_GAP / 2 + layer * (NODE_H + V_GAP),
                )
        rows = max(diagram.layers, max((n.layer + 1 for n in diagram.nodes), default=1))
        self.bottom = self.top + rows * (NODE_H + V_GAP)
        self.width = x + MARGIN + 40  # room for back edges round the last lane


def _defs(ids: str) -> str:
    markers = []
    for name, color in (("arrow", INK), ("arrow-red", RED), ("arrow-orange", ORANGE), ("arrow-grey", GREY)):
        markers.append(
            f'<marker id="{ids}{name}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
            f'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
            f'fill="{color}"/></marker>'
        )
    return "<defs>" + "".join(markers) + "</defs>"


def _node(node: Node, x: float, y: float) -> str:
    flagged = bool(node.findings)
    stroke = RED if flagged else (GREY if node.event else (PURPLE if node.approval else MUTED))
    fill = "#fdecea" if flagged else ("#fafafa" if node.event else "#ffffff")
    tip = " · ".join(p for p in (node.title, node.subtitle, " ".join(node.findings)) if p)
    parts = [f'<g class="node{" finding" if flagged else ""}"><title>{escape(tip)}</title>']
    dash = ' stroke-dasharray="5 4"' if node.event else ""
    rx = NODE_H / 2 if node.event else 8
    parts.append(
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{NODE_W}" height="{NODE_H}" rx="{rx:.0f}" fill="{fill}" '
        f'stroke="{stroke}" stroke-width="{3 if flagged else 1.5}"{dash}/>'
    )
    if node.approval:
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="6" height="{NODE_H}" rx="3" fill="{PURPLE}"/>')
    text_x = x + (16 if node.approval else 10)
    parts.append(
        f'<text x="{text_x:.1f}" y="{y + 18:.1f}" font-size="12" font-weight="bold" fill="{INK}">'
        f"{escape(_fit(node.title, NODE_W - 20))}</text>"
    )
    for i, line in enumerate(_wrap(node.subtitle, NODE_W - 20, 2)):
        parts.append(
            f'<text x="{text_x:.1f}" y="{y + 33 + 13 * i:.1f}" font-size="11" fill="{MUTED}">{escape(line)}</text>'
        )
    tags = [t for t, on in (("approval", node.approval), ("customer", node.customer_facing)) if on]
    if tags:
        parts.append(
            f'<text x="{x + NODE_W - 8:.1f}" y="{y + NODE_H - 6:.1f}" font-size="9" text-anchor="end" '
            f'fill="{PURPLE if node.approval else MUTED}">{escape(" · ".join(tags))}</text>'
        )
    if flagged:
        # Right of the top edge's middle, where incoming arrows land.
        badge = _fit(rule_ids(node.findings), NODE_W / 2 - 22)
        width = len(badge) * 6.4 + 12
        parts.append(
            f'<rect x="{x + NODE_W - width:.1f}" y="{y - 10:.1f}" width="{width:.1f}" height="16" rx="8" fill="{RED}"/>'
        )
        parts.append(
            f'<text x="{x + NODE_W - width / 2:.1f}" y="{y + 2:.1f}" font-size="10" font-weight="bold" '
            f'text-anchor="middle" fill="#ffffff">{escape(badge)}</text>'
        )
    parts.append("</g>")
    return "".join(parts)


def _edge(edge: Edge, layout: _Layout, bend: int, ids: str) -> str:
    sx, sy = layout.pos[edge.source]
    tx, ty = layout.pos[edge.target]
    forward = ty > sy and not edge.back
    # An edge that skips rows would cross the activities between; it goes
    # round the right-hand side, like a back edge.
    long = ty - sy > NODE_H + V_GAP + 1
    if forward and not long:
        x0, y0, x3, y3 = sx + NODE_W / 2, sy + NODE_H, tx + NODE_W / 2, ty
        dy = (y3 - y0) / 2
        x1, y1, x2, y2 = x0, y0 + dy, x3, y3 - dy
    else:
        # Round the right-hand side, further out for each such edge so they do not overlap.
        reach = 34 + 8 * bend
        x0, y0, x3, y3 = sx + NODE_W, sy + NODE_H / 2, tx + NODE_W, ty + NODE_H / 2
        x1, y1, x2, y2 = x0 + reach, y0, x3 + reach, y3
    red = bool(edge.findings) or not edge.bounded
    color = RED if red else ORANGE if edge.handoff else GREY if edge.kind != "control" else INK
    marker = (
        "arrow-red" if red else "arrow-orange" if edge.handoff else "arrow-grey" if edge.kind != "control" else "arrow"
    )
    dash = ' stroke-dasharray="6 4"' if edge.kind != "control" else ""
    width = 2.5 if (red or edge.handoff) else 1.4
    parts = [
        f'<g class="edge {edge.kind}{" finding" if red else ""}">',
        f'<path d="M{x0:.1f},{y0:.1f} C{x1:.1f},{y1:.1f} {x2:.1f},{y2:.1f} {x3:.1f},{y3:.1f}" fill="none" '
        f'stroke="{color}" stroke-width="{width}"{dash} marker-end="url(#{ids}{marker})"/>',
    ]
    label = edge.caption
    if label:
        # The midpoint of the cubic curve.
        mx = (x0 + 3 * x1 + 3 * x2 + x3) / 8
        my = (y0 + 3 * y1 + 3 * y2 + y3) / 8
        text = _fit(label, 2 * NODE_W)
        w = len(text) * 5.6 + 8
        parts.append(
            f'<rect x="{mx - w / 2:.1f}" y="{my - 8:.1f}" width="{w:.1f}" height="15" rx="3" '
            f'fill="#ffffff" fill-opacity="0.92"/>'
        )
        weight = ' font-weight="bold"' if red else ""
        parts.append(
            f'<text x="{mx:.1f}" y="{my + 3:.1f}" font-size="10" text-anchor="middle" fill="{color}"'
            f"{weight}>{escape(text)}</text>"
        )
    parts.append("</g>")
    return "".join(parts)


_LEGEND = (
    ("control flow (after, waitsFor)", INK, "", 1.4),
    ("data flow (outputs feeding inputs)", GREY, "6 4", 1.4),
    ("handoff between teams", ORANGE, "", 2.5),
    ("has a finding / unbounded wait", RED, "", 2.5),
)


def render(diagram: Diagram, ids: str = "") -> str:
    """The diagram as one SVG element; ``ids`` prefixes its element ids.

    A page that inlines several diagrams (the audit report) needs each one's
    arrow markers under ids of its own: ids are page-wide in HTML, and a
    repeated one is invalid and points every diagram at the first's markers.
    """
    layout = _Layout(diagram)
    legend_y = layout.bottom + 14
    note_lines = [f"• {note}" for note in diagram.notes]
    height = legend_y + 22 * ((len(_LEGEND) + 1) // 2) + 16 * len(note_lines) + MARGIN + 8
    width = max(layout.width, 620.0)
    aria = escape(f"{diagram.title} flow diagram", {'"': "&quot;"})
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" font-family="{FONT}" role="img" '
        f'aria-label="{aria}">',
        f"<title>{escape(diagram.title)} ({escape(diagram.ref)})</title>",
        _defs(ids),
        '<rect width="100%" height="100%" fill="#ffffff"/>',
        f'<text x="{MARGIN}" y="{MARGIN + 18}" font-size="16" font-weight="bold" fill="{INK}">'
        f"{escape(diagram.title)}</text>",
        f'<text x="{MARGIN + len(diagram.title) * 10.5 + 14:.1f}" y="{MARGIN + 18}" font-size="12" '
        f'fill="{MUTED}">{escape(diagram.ref)}</text>',
    ]
    for i, lane in enumerate(diagram.lanes):
        x, w = layout.lane_x[i], layout.lane_w[i]
        top = MARGIN + TITLE_H
        out.append(
            f'<rect x="{x:.1f}" y="{top}" width="{w:.1f}" height="{layout.bottom - top:.1f}" '
            f'fill="{LANE_FILLS[i % 2]}" stroke="#d5dde5"/>'
        )
        out.append(
            f'<text x="{x + w / 2:.1f}" y="{top + 20}" font-size="12" font-weight="bold" text-anchor="middle" '
            f'fill="{MUTED}">{escape(_fit(lane, w - 10))}</text>'
        )
    bends = 0
    for edge in diagram.edges:
        (_, sy), (_, ty) = layout.pos[edge.source], layout.pos[edge.target]
        around = edge.back or ty <= sy or ty - sy > NODE_H + V_GAP + 1
        out.append(_edge(edge, layout, bends if around else 0, ids))
        bends += around
    for node in diagram.nodes:
        x, y = layout.pos[node.key]
        out.append(_node(node, x, y))
    for i, (text, color, dash, stroke) in enumerate(_LEGEND):
        lx = MARGIN + (i % 2) * 300
        ly = legend_y + 22 * (i // 2)
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(
            f'<line x1="{lx}" y1="{ly + 6}" x2="{lx + 36}" y2="{ly + 6}" stroke="{color}" '
            f'stroke-width="{stroke}"{dashed}/>'
        )
        out.append(f'<text x="{lx + 44}" y="{ly + 10}" font-size="11" fill="{INK}">{escape(text)}</text>')
    y = legend_y + 22 * ((len(_LEGEND) + 1) // 2) + 6
    for line in note_lines:
        shown = escape(_fit(line, width - 40))
        out.append(f'<text x="{MARGIN}" y="{y:.1f}" font-size="11" fill="{RED}">{shown}</text>')
        y += 16
    out.append("</svg>")
    return "\n".join(out) + "\n"
