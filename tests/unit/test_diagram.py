"""Flow diagrams: the model, and Mermaid, DOT and SVG drawn from it."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from helpers import lint_paths

from itsmlint.diagram import Diagram, build, renderers
from itsmlint.directory import Directory
from itsmlint.graph import build as build_graph

ROOT = Path(__file__).parents[2]
RESTAURANT = ROOT / "samples" / "anti-patterns" / "restaurant-table-service.yaml"
TODAY = dt.date(2026, 11, 23)
SVG = "{http://www.w3.org/2000/svg}"


def diagram_of(path: Path, ref: str) -> Diagram:
    result = lint_paths([path], ROOT, [], TODAY)
    doc = result.corpus.resolve(ref)
    assert doc is not None
    return build(build_graph(doc, Directory(result.corpus, TODAY)), result.findings)


@pytest.fixture(scope="module")
def restaurant() -> Diagram:
    return diagram_of(RESTAURANT, "process:table-service")


def test_lanes_follow_the_flow_and_findings_sit_where_they_point(restaurant: Diagram) -> None:
    assert restaurant.lanes == ("team:front-of-house", "team:bar", "team:kitchen")
    nodes = {n.title: n for n in restaurant.nodes}
    assert nodes["take-drinks-order"].findings == ()
    assert nodes["serve-drinks"].findings == ("RIG006[unowned-handoff]",)
    (wait,) = [e for e in restaurant.edges if e.wait]
    assert (wait.source, wait.target) == (nodes["serve-drinks"].key, nodes["take-food-order"].key)
    assert wait.findings == ("RIG001[no-timeout]", "RIG002[blocking]") and not wait.bounded
    assert all(e.handoff for e in restaurant.edges if e.kind == "control")
    assert any(note.startswith("RIG003[no-exception-path]") for note in restaurant.notes)


def test_mermaid_has_a_subgraph_per_lane_and_marks_findings(restaurant: Diagram) -> None:
    text = renderers()["mermaid"](restaurant)
    assert text.startswith("%% itsmlint flow diagram of process:table-service\nflowchart TB\n")
    assert text.count("subgraph ") == 3
    assert 'a1 ==>|"handoff · waits, no timeout ⚠ RIG001 RIG002"| a2' in text
    assert re.search(r"^  class a1,a2,a3,a4 finding$", text, re.MULTILINE)
    assert re.search(r"^  linkStyle 1 stroke:#c62828", text, re.MULTILINE)


def test_dot_is_a_digraph_with_clusters(restaurant: Diagram) -> None:
    text = renderers()["dot"](restaurant)
    assert text.startswith('digraph "process:table-service" {')
    assert text.count("subgraph cluster_") == 3
    assert 'a1 -> a2 [label="handoff · waits, no timeout ⚠ RIG001 RIG002", color="#c62828"' in text
    assert text.rstrip().endswith("}")


def _boxes(svg: str) -> list[tuple[float, float, float, float]]:
    root = ET.fromstring(svg)
    out = []
    for group in root.iter(f"{SVG}g"):
        if "node" in group.get("class", "").split():
            rect = group.find(f"{SVG}rect")
            assert rect is not None
            out.append(tuple(float(rect.get(k, 0)) for k in ("x", "y", "width", "height")))
    return out  # type: ignore[return-value]


def test_svg_is_well_formed_and_highlights_the_findings(restaurant: Diagram) -> None:
    svg = renderers()["svg"](restaurant)
    root = ET.fromstring(svg)
    flagged = [g for g in root.iter(f"{SVG}g") if "finding" in g.get("class", "").split()]
    assert len([g for g in flagged if "node" in g.get("class", "")]) == 4
    assert len([g for g in flagged if "edge" in g.get("class", "")]) == 1
    assert "RIG001 RIG002" in svg and "http" not in svg.replace("http://www.w3.org/2000/svg", "")


def test_a_thirty_activity_process_fits_its_canvas_without_overlaps(tmp_path: Path) -> None:
    rows = [
        f"    - {{id: step-{i}, name: Step number {i} of the long process, after: [step-{i - 1}]}}\n"
        for i in range(1, 30)
    ]
    branches = "    - {id: side, after: [step-3]}\n    - {id: join, after: [side, step-20]}\n"
    (tmp_path / "p.yaml").write_text(
        "apiVersion: itsmlint/v1\nkind: Process\nmetadata: {name: long}\nspec:\n  activities:\n"
        "    - {id: step-0}\n" + "".join(rows) + branches,
        encoding="utf-8",
    )
    svg = renderers()["svg"](diagram_of(tmp_path / "p.yaml", "process:long"))
    root = ET.fromstring(svg)
    width, height = float(root.get("width", 0)), float(root.get("height", 0))
    boxes = _boxes(svg)
    assert len(boxes) == 32
    for x, y, w, h in boxes:
        assert x >= 0 and y >= 0 and x + w <= width and y + h <= height
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            apart = a[0] + a[2] <= b[0] or b[0] + b[2] <= a[0] or a[1] + a[3] <= b[1] or b[1] + b[3] <= a[1]
            assert apart, (a, b)


def test_output_is_deterministic(restaurant: Diagram) -> None:
    again = diagram_of(RESTAURANT, "process:table-service")
    for render in renderers().values():
        assert render(restaurant) == render(again)


def test_the_committed_restaurant_drawings_are_current(restaurant: Diagram) -> None:
    for fmt, name in (("svg", "restaurant-table-service.svg"), ("mermaid", "restaurant-table-service.mmd")):
        committed = (ROOT / "docs" / name).read_text(encoding="utf-8")
        assert committed == renderers()[fmt](restaurant), f"docs/{name} is stale: regenerate it (see CONTRIBUTING.md)"
