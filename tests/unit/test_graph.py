"""The activity graph: edges, components, data paths, handoffs and longest runs."""

from __future__ import annotations

import datetime as dt

import pytest

from itsmlint.directory import Directory
from itsmlint.graph import ActivityGraph, build, strongly_connected
from itsmlint.loader import parse_text
from itsmlint.model import Corpus, Document

TODAY = dt.date(2026, 11, 22)


def corpus(text: str) -> Corpus:
    docs = []
    for index, value, locator in parse_text(text, "t.yaml")[0]:
        docs.append(Document("t.yaml", index, value["kind"], value["metadata"]["name"], "default", value, locator))
    return Corpus(docs)


def graph(activities: str, extra: str = "") -> ActivityGraph:
    text = f"apiVersion: itsmlint/v1\nkind: Process\nmetadata: {{name: p}}\nspec:\n  activities:\n{activities}"
    c = corpus(text + extra)
    return build(c.of_kind("Process")[0], Directory(c, TODAY))


def test_after_and_wait_on_the_same_activity_make_one_wait_edge() -> None:
    g = graph("    - {id: a}\n    - {id: b, after: [a], waitsFor: [{on: activity:a}, {on: event:x}]}\n")
    (edge,) = g.edges
    assert (edge.source, edge.target, edge.is_wait) == (0, 1, True)
    assert edge.pointer == ("spec", "activities", 1, "waitsFor", 0)
    assert g.starts == [0] and g.ends == [1]


def test_unknown_predecessors_make_no_edge() -> None:
    g = graph("    - {id: a, after: [nope]}\n")
    assert g.edges == [] and g.starts == [0]


@pytest.mark.parametrize(
    ("succ", "groups"),
    [
        ([[1], [2], []], [{0}, {1}, {2}]),
        ([[1], [0], []], [{0, 1}, {2}]),
        ([[1], [2], [0, 3], []], [{0, 1, 2}, {3}]),
        ([[0]], [{0}]),
    ],
)
def test_strongly_connected_components(succ: list[list[int]], groups: list[set[int]]) -> None:
    comp = strongly_connected(succ)
    found: dict[int, set[int]] = {}
    for node, c in enumerate(comp):
        found.setdefault(c, set()).add(node)
    assert sorted(found.values(), key=min) == groups
    for node, targets in enumerate(succ):  # numbering is a reverse topological order
        assert all(comp[node] >= comp[t] for t in targets)


def test_long_chain_does_not_hit_the_recursion_limit() -> None:
    n = 20_000
    comp = strongly_connected([[i + 1] for i in range(n - 1)] + [[]])
    assert len(set(comp)) == n


def test_cycles_and_their_walk() -> None:
    g = graph("    - {id: a}\n    - {id: b, after: [a, c]}\n    - {id: c, after: [b]}\n    - {id: d, after: [d]}\n")
    assert g.cycles == [[1, 2], [3]]
    assert [g.label(n) for n in g.cycle_path([1, 2])] == ["b", "c", "b"]
    assert [g.label(n) for n in g.cycle_path([3])] == ["d", "d"]


def test_data_paths_follow_chains_of_outputs_and_inputs() -> None:
    g = graph(
        "    - {id: a, outputs: [x]}\n"
        "    - {id: b, inputs: [x], outputs: [y]}\n"
        "    - {id: c, inputs: [y]}\n"
        "    - {id: d, inputs: [z]}\n"
        "    - {id: e, inputs: [y], outputs: [x]}\n"
    )
    assert g.data_path(0, 1) and g.data_path(0, 2) and g.data_path(0, 4)
    assert not g.data_path(0, 3) and not g.data_path(2, 0)
    assert g.data_path(4, 2)  # round the loop e ⇒ b ⇒ c
    assert not g.data_path(3, 3)


def test_longest_approval_run_and_its_trace() -> None:
    g = graph(
        "    - {id: s}\n"
        "    - {id: a1, after: [s], approval: {approvers: [role:x]}}\n"
        "    - {id: a2, after: [a1], raci: {accountable: role:y, approval: true}}\n"
        "    - {id: w, after: [a2]}\n"
        "    - {id: a3, after: [w, a2], approval: {approvers: [role:z]}}\n"
    )
    run, via = g.longest("approvals")
    assert run == [0, 1, 2, 0, 3]
    assert [g.label(n) for n in g.trace(via, 4)] == ["a1", "a2", "a3"]


CAST = """
---
apiVersion: itsmlint/v1
kind: Team
metadata: {name: everyone}
spec: {members: [person:a, person:b]}
---
apiVersion: itsmlint/v1
kind: Person
metadata: {name: a}
spec: {memberOf: [team:desk]}
---
apiVersion: itsmlint/v1
kind: Person
metadata: {name: b}
spec: {memberOf: [team:network]}
---
apiVersion: itsmlint/v1
kind: Team
metadata: {name: desk}
spec: {}
---
apiVersion: itsmlint/v1
kind: Team
metadata: {name: network}
spec: {}
"""


def test_handoffs_ignore_umbrella_teams() -> None:
    g = graph(
        "    - {id: x, raci: {responsible: [person:a]}}\n"
        "    - {id: y, after: [x], raci: {responsible: [person:b]}}\n"
        "    - {id: z, after: [y], raci: {responsible: [person:b]}}\n"
        "    - {id: q, after: [z], raci: {responsible: [role:nobody]}}\n",
        CAST,
    )
    assert [g.is_handoff(e) for e in g.edges] == [True, False, False]
    assert g.handoff_owner(g.edges[0]) is None
    count, _ = g.longest("handoffs")
    assert count == [0, 1, 1, 1]


def test_a_two_thousand_activity_process_is_analysed() -> None:
    n = 2000
    rows = ["    - {id: a0, outputs: [o0]}\n"]
    for i in range(1, n):
        kind = "approval: {approvers: [role:x]}, " if i % 7 else ""
        rows.append(f"    - {{id: a{i}, after: [a{i - 1}], {kind}inputs: [o{i - 1}], outputs: [o{i}]}}\n")
    g = graph("".join(rows))
    assert len(g.edges) == n - 1 and g.cycles == []
    assert all(g.data_path(e.source, e.target) for e in g.edges)
    run, _ = g.longest("approvals")
    assert max(run) == 6
