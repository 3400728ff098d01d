"""The schema explainer finds exactly what jsonschema finds, on every kind, for wrong values in every field.

SCHEMA001 explains an invalid document with a walk compiled from the kind's
schema instead of jsonschema's general machinery (a first run on a real
repository explains thousands of documents). Here both explain the same
documents: every field of every kind with each wrong value of
tests/hostile/test_wrong_types.py, an unknown key at every level, 1.0 where
an integer belongs, and every sample, gallery and hostile-corpus document.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from hostile.test_wrong_types import WRONG, _mutants, _set

from itsmlint import schema
from itsmlint.loader import load

ROOT = Path(__file__).parents[2]


def by_jsonschema(kind: str, data: dict[str, Any]) -> list[schema.SchemaError]:
    """What SCHEMA001 said when jsonschema explained every invalid document."""
    checker = schema._compiled(kind)
    if checker.is_valid(data):
        return []
    found = {e for violation in checker.jsonschema_violations(data) for e in schema._explain(violation)}
    return sorted(found, key=schema._order)


def documents() -> list[tuple[str, dict[str, Any]]]:
    out = [(d.kind, d.data) for d in load([ROOT / "samples", ROOT / "tests" / "hostile" / "corpus"], ROOT).documents]
    for label in sorted(WRONG):
        out.extend((doc.kind, doc.data) for doc, _ in _mutants(label))
    for kind, data in list(out[:200]):
        for path in (("x",), ("metadata", "nmae"), ("spec", "ownr"), ("spec", "activities", 0, "raci", "acountable")):
            twisted = copy.deepcopy(data)
            _set(twisted, path, "typo")
            out.append((kind, twisted))
    return out


def test_the_explainer_and_jsonschema_agree_on_every_document() -> None:
    docs = documents()
    invalid = 0
    for kind, data in docs:
        fast = schema.validate(kind, data)
        assert fast == by_jsonschema(kind, data), (kind, data.get("metadata"))
        invalid += bool(fast)
    assert invalid > 2000  # the comparison is about invalid documents: there are plenty


@pytest.mark.parametrize(("value", "valid"), [(1.0, True), (2.5, False), (True, False), ("1", False)])
def test_an_integer_field_is_judged_as_jsonschema_judges_it(value: object, valid: bool) -> None:
    """Where the kind schemas ask for an integer, 1.0 passes (as in jsonschema) and 2.5, true and "1" do not."""
    integer = next(k for k in schema.KIND_NAMES if '"integer"' in schema.schema_text(k))
    path = next(p for p in _integer_paths(schema.schema_for(integer)))
    data = {"apiVersion": "itsmlint/v1", "kind": integer, "metadata": {"name": "x"}, "spec": {}}
    _set(data, path, value)
    assert schema.validate(integer, data) == by_jsonschema(integer, data)
    assert (schema.validate(integer, data) == []) is valid


def _integer_paths(node: Any, path: tuple[str | int, ...] = (), root: Any = None) -> list[tuple[str | int, ...]]:
    root = root or node
    if isinstance(node, dict) and "$ref" in node:
        node = {**root["$defs"][node["$ref"].rsplit("/", 1)[1]], **{k: v for k, v in node.items() if k != "$ref"}}
    if not isinstance(node, dict):
        return []
    found = [path] if node.get("type") == "integer" else []
    for key, sub in node.get("properties", {}).items():
        found += _integer_paths(sub, (*path, key), root)
    if isinstance(node.get("items"), dict):
        found += _integer_paths(node["items"], (*path, 0), root)
    return found
