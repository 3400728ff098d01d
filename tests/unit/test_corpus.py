"""Corpus look-ups that rules share: the "did you mean" pool stays small and keeps the best guess."""

from __future__ import annotations

from difflib import get_close_matches
from pathlib import Path

import pytest

from itsmlint.model import Corpus, Document
from tests.helpers import lint_text


def person(name: str) -> Document:
    data = {"apiVersion": "itsmlint/v1", "kind": "Person", "metadata": {"name": name}, "spec": {}}
    return Document("people.yaml", 0, "Person", name, "default", data, None)  # type: ignore[arg-type]


# Names that look alike, as in a large organisation: only their numbers differ.
PEOPLE = [f"agent-{i:04d}" for i in range(600)] + ["margaret-hamilton", "grace-hopper", "alan-turing"]
CORPUS = Corpus([person(n) for n in PEOPLE])


@pytest.mark.parametrize("typo", ["person:margret-hamilton", "person:grace-hoper", "person:alan-turning",
                                  "person:agent-0l42", "person:agnet-0420", "person:hamilton"])
def test_the_short_pool_gives_the_guess_the_whole_kind_gives(typo: str) -> None:
    pool = CORPUS.refs_like("person", typo)
    assert len(pool) <= 64
    everyone = [f"person:{n}" for n in PEOPLE]
    assert get_close_matches(typo, pool, n=1) == get_close_matches(typo, everyone, n=1)


def test_a_small_kind_is_its_own_pool() -> None:
    small = Corpus([person(n) for n in ("bob", "alice")])
    assert small.refs_like("person", "person:alise") == ["person:alice", "person:bob"]
    assert small.refs_like("team", "team:x") == []


def test_names_are_found_across_kinds() -> None:
    assert CORPUS.refs_named("grace-hopper") == ["person:grace-hopper"]
    assert CORPUS.refs_named("nobody") == []


def test_ref001_suggests_from_a_large_repository(tmp_path: Path) -> None:
    people = "".join(f"---\napiVersion: itsmlint/v1\nkind: Person\nmetadata: {{name: {n}}}\n"
                     f"spec: {{displayName: {n}, email: {n}@example.com}}\n" for n in PEOPLE)
    team = ("apiVersion: itsmlint/v1\nkind: Team\nmetadata: {name: ops}\n"
            "spec: {displayName: Ops, members: [person:margret-hamilton]}\n")
    findings = lint_text(tmp_path, team + people, ["REF001"])
    assert [(f.rule_id, f.document, f.line) for f in findings] == [("REF001", "team:ops", 4)]
    assert findings[0].message.endswith("did you mean person:margaret-hamilton?")
