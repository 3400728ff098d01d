"""Corpus look-ups that rules share: a "did you mean" costs little and keeps the best guess."""

from __future__ import annotations

from difflib import SequenceMatcher, get_close_matches
from pathlib import Path

import pytest
from helpers import lint_text

from itsmlint import suggest
from itsmlint.model import Corpus, Document
from itsmlint.suggest import POOL, Names


def person(name: str) -> Document:
    data = {"apiVersion": "itsmlint/v1", "kind": "Person", "metadata": {"name": name}, "spec": {}}
    return Document("people.yaml", 0, "Person", name, "default", data, None)  # type: ignore[arg-type]


# Names that look alike, as in a large organisation: only their numbers differ.
PEOPLE = [f"agent-{i:04d}" for i in range(600)] + ["margaret-hamilton", "grace-hopper", "alan-turing"]
CORPUS = Corpus([person(n) for n in PEOPLE])


@pytest.mark.parametrize(
    "typo",
    [
        "person:margret-hamilton",
        "person:grace-hoper",
        "person:alan-turning",
        "person:agent-0l42",
        "person:agnet-0420",
        "person:hamilton",
        "person:grace",
    ],
)
def test_the_indexed_guess_is_the_guess_of_difflib_over_the_whole_kind(typo: str) -> None:
    """Names are compared without the kind prefix they share, as difflib would compare them."""
    expected = get_close_matches(typo.split(":", 1)[1], PEOPLE, n=1, cutoff=0.6)
    assert CORPUS.closest("person", typo) == (f"person:{expected[0]}" if expected else None)


def test_a_guess_costs_a_bounded_number_of_comparisons(monkeypatch: pytest.MonkeyPatch) -> None:
    """However many names a kind has, a misspelling is compared with a handful of them, and once per run."""
    names = Names(f"person:agent-{i:05d}" for i in range(20_000))
    compared: list[str] = []
    real_seq1, real_edit = SequenceMatcher.set_seq1, suggest._outside_edit

    def seq1(self: SequenceMatcher[str], a: str) -> None:
        compared.append(a)
        real_seq1(self, a)

    def edit(a: str, b: str) -> float:
        compared.append(b)
        return real_edit(a, b)

    monkeypatch.setattr(SequenceMatcher, "set_seq1", seq1)
    monkeypatch.setattr(suggest, "_outside_edit", edit)
    # Many names are one edit away (agent-12340 … agent-12349, agent-01234 … agent-19234); those that keep
    # the most characters around the edit win, and of those the last.
    assert names.closest("person:agent-1234x") == "person:agent-12349"
    assert len(compared) <= 64  # the names one edit away (bounded by the length of the name), not all 20,000
    compared.clear()
    assert names.closest("person:retired-crm") is None  # nothing alike: a small pool, no guess
    assert len(compared) <= POOL
    compared.clear()
    names.closest("person:retired-crm")
    assert compared == []


def test_a_kind_without_names_gives_no_guess() -> None:
    assert Corpus([person(n) for n in ("bob", "alice")]).closest("team", "team:x") is None
    assert Corpus([person(n) for n in ("bob", "alice")]).closest("person", "person:alise") == "person:alice"


def test_names_are_found_across_kinds() -> None:
    assert CORPUS.refs_named("grace-hopper") == ["person:grace-hopper"]
    assert CORPUS.refs_named("nobody") == []


def test_ref001_suggests_from_a_large_repository(tmp_path: Path) -> None:
    people = "".join(
        f"---\napiVersion: itsmlint/v1\nkind: Person\nmetadata: {{name: {n}}}\n"
        f"spec: {{displayName: {n}, email: {n}@example.com}}\n"
        for n in PEOPLE
    )
    team = (
        "apiVersion: itsmlint/v1\nkind: Team\nmetadata: {name: ops}\n"
        "spec: {displayName: Ops, members: [person:margret-hamilton]}\n"
    )
    findings = lint_text(tmp_path, team + people, ["REF001"])
    assert [(f.rule_id, f.document, f.line) for f in findings] == [("REF001", "team:ops", 4)]
    assert findings[0].message.endswith("did you mean person:margaret-hamilton?")


def test_references_after_a_shared_list_are_all_found() -> None:
    """A list reached twice through a YAML alias is walked once; the strings after it still count."""
    from itsmlint.model import _candidates

    shared = ["team:shared"]
    data = {"a": shared, "b": shared, "c": "person:once", "d": "person:once"}
    assert [(p, v) for p, v, _ in _candidates(data)] == [
        (("a", 0), "team:shared"),
        (("c",), "person:once"),
        (("d",), "person:once"),
    ]


@pytest.mark.parametrize(
    ("names", "value", "expected"),
    [
        # One name one edit away, well above the cut-off: the fix may respell it.
        (["role:request-approver", "role:peer-reviewer"], "role:request-aprover", "role:request-approver"),
        # Two names one edit away and as alike: no single candidate, no fix.
        (["team:sales-eu", "team:sales-us"], "team:sales-u", None),
        # The best match is below the fix's 0.8 (the "did you mean" would still name it at 0.6).
        (["team:infrastructure"], "team:infra", None),
        # Nothing alike at all.
        (["person:jdoe"], "person:zzzzzz", None),
        # No name one edit away: the pool's single well-matching name.
        (["service:customer-portal", "service:email"], "service:custmer-portl", "service:customer-portal"),
    ],
)
def test_a_respelling_fix_needs_exactly_one_candidate_well_above_the_cut_off(
    names: list[str], value: str, expected: str | None
) -> None:
    index = Names(names)
    assert index.unique(value) == expected
    assert index.unique(value) == expected  # answered once, the same the second time


def test_the_ratio_of_names_one_edit_apart_is_difflibs() -> None:
    from itsmlint.suggest import _ratio

    for a, b in [("request-aprover", "request-approver"), ("sales-eu", "sales-us"), ("abc", "abcd"), ("x", "")]:
        assert _ratio(a, b, 0.0) == pytest.approx(SequenceMatcher(None, a, b).ratio())
