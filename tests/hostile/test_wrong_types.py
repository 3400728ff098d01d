"""Wrong-but-valid YAML: every field of every kind, given a value of the wrong type.

Each field that a kind's schema declares (followed through ``$ref``s, into
list items and nested mappings) gets, in turn, a list, a mapping, a number,
null, a boolean, text and a date, in a copy of a clean sample document. The
whole catalog runs over the clean sample plus all those copies at once: no
rule may crash, and every copy whose value breaks the schema must carry a
SCHEMA001 finding at that field (or at the mapping that holds it). A rule that
raises anyway is caught, and the run says which rule and which document.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import functools
import itertools
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from itsmlint import rule as rule_module
from itsmlint.cli import main
from itsmlint.engine import run
from itsmlint.loader import LoadResult, load
from itsmlint.model import Document
from itsmlint.options import Options
from itsmlint.params import defaults
from itsmlint.registry import builtin_catalog
from itsmlint.settings import Settings

ROOT = Path(__file__).parents[2]
KINDS = ROOT / "itsmlint" / "schemas" / "kinds"
TODAY = dt.date(2026, 11, 23)
WRONG: dict[str, Any] = {
    "list": ["x", {"y": 1}],
    "mapping": {"z": [1]},
    "number": 7,
    "null": None,
    "boolean": True,
    "text": "some text",
    "date": dt.date(2020, 2, 29),
    "nested-list": [[]],
}
Path_ = tuple[str | int, ...]


def _resolve(schema: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        ref = schema["$ref"]
        target = root
        for part in ref.removeprefix("#/").split("/"):
            target = target[part]
        schema = {**target, **{k: v for k, v in schema.items() if k != "$ref"}}
    return schema


def _fields(schema: dict[str, Any], root: dict[str, Any], path: Path_ = (), depth: int = 0) -> Iterator[Path_]:
    """Every declared field: object properties, and the first item of every list."""
    if depth > 6:
        return
    schema = _resolve(schema, root)
    for key, sub in schema.get("properties", {}).items():
        yield (*path, key)
        yield from _fields(sub, root, (*path, key), depth + 1)
    if "items" in schema and isinstance(schema["items"], dict):
        yield from _fields(schema["items"], root, (*path, 0), depth + 1)
    for branch in schema.get("anyOf", []) + schema.get("oneOf", []):
        yield from _fields(branch, root, path, depth + 1)


def _set(data: dict[str, Any], path: Path_, value: Any) -> None:
    """Put ``value`` at ``path``, building the mappings and lists on the way."""
    node: Any = data
    for part, following in itertools.pairwise(path):
        fresh: Any = [] if isinstance(following, int) else {}
        if isinstance(part, int):
            if not isinstance(node, list):
                return
            if not node:
                node.append(fresh)
            if not isinstance(node[0], (list, dict)) or isinstance(node[0], list) != isinstance(fresh, list):
                node[0] = fresh
            node = node[0]
        else:
            if not isinstance(node.get(part), (list, dict)) or isinstance(node[part], list) != isinstance(fresh, list):
                node[part] = fresh
            node = node[part]
    last = path[-1]
    if isinstance(last, int):
        if isinstance(node, list):
            node[:1] = [value]
    elif isinstance(node, dict):
        node[last] = value


@functools.cache
def _schemas() -> dict[str, dict[str, Any]]:
    out = {}
    for file in KINDS.glob("*.schema.json"):
        schema = json.loads(file.read_text(encoding="utf-8"))
        out[schema["properties"]["kind"]["const"]] = schema
    return out


@functools.cache
def _samples() -> LoadResult:
    return load([ROOT / "samples" / "northwind", ROOT / "samples" / "anti-patterns"], ROOT)


def _seed(kind: str) -> Document:
    return next(d for d in _samples().documents if d.kind == kind)


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _without_empty_keys(value: Any) -> Any:
    # "key:" with no value counts as absent in v1 documents, for the schema as for rules.
    if isinstance(value, dict):
        return {k: _without_empty_keys(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_empty_keys(v) for v in value]
    return value


def _breaks_schema(schema: dict[str, Any], data: dict[str, Any]) -> bool:
    validator = jsonschema.Draft202012Validator(schema, format_checker=None)
    plain = json.loads(json.dumps(_without_empty_keys(data), default=_jsonable))
    return any(True for _ in validator.iter_errors(plain))


def _mutants(label: str) -> list[tuple[Document, Path_]]:
    out = []
    for kind, schema in sorted(_schemas().items()):
        seed = _seed(kind)
        for n, path in enumerate(dict.fromkeys(_fields(schema, schema))):
            if path[0] in ("apiVersion", "kind") or path in (("metadata",), ("spec",), ("metadata", "name")):
                continue  # the envelope identifies a document; the loader checks it (tests/unit/test_loader.py)
            data = copy.deepcopy(seed.data)
            _set(data, path, copy.deepcopy(WRONG[label]))
            data["metadata"] = (
                {**data["metadata"], "name": f"{seed.name}-m{n}"}
                if isinstance(data.get("metadata"), dict)
                else {"name": f"{seed.name}-m{n}"}
            )
            mutant = dataclasses.replace(seed, name=f"{seed.name}-m{n}", data=data, _references=None, _schema=None)
            out.append((mutant, path))
    return out


@pytest.mark.parametrize("label", sorted(WRONG))
def test_every_field_of_every_kind_with_a_wrong_value(label: str) -> None:
    mutants = _mutants(label)
    assert len({d.kind for d, _ in mutants}) == 13
    assert len(mutants) > 300
    clean = _samples()
    loaded = LoadResult([*clean.documents, *(d for d, _ in mutants)], [], clean.files)
    result = run(loaded, builtin_catalog(), Settings(params=defaults()), Options(TODAY))
    assert [f.message for f in result.findings if f.rule_id == "INT001"] == []
    by_document: dict[str, list[tuple[str | int, ...]]] = {}
    for finding in result.findings:
        if finding.rule_id == "SCHEMA001" and finding.document:
            by_document.setdefault(finding.document, []).append(finding.pointer)
    missed = []
    for mutant, path in mutants:
        if not _breaks_schema(_schemas()[mutant.kind], mutant.data):
            continue
        pointers = by_document.get(mutant.ref, [])
        # At the field, inside it, or at a mapping on the way that the value made wrong.
        if not any(p[: len(path)] == path or path[: len(p)] == p for p in pointers):
            missed.append((mutant.ref, path, pointers))
    assert missed == []


def test_a_rule_that_raises_is_one_finding_naming_rule_and_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A crash in one rule is INT001 on the document it was reading; every other rule still runs; exit 1."""
    (tmp_path / "p.yaml").write_text(
        "apiVersion: itsmlint/v1\nkind: Person\nmetadata: {name: ann}\nspec: {displayName: Ann}\n"
        "---\napiVersion: itsmlint/v1\nkind: Team\nmetadata: {name: desk}\nspec: {owner: person:nobody}\n",
        encoding="utf-8",
    )
    catalog = builtin_catalog()
    target = catalog.rules["OWN003"]
    assert isinstance(target, rule_module.DocumentRule)

    def explode(document: Document, ctx: Any) -> Iterator[Any]:
        if document.kind == "Team":
            raise ZeroDivisionError("boom")
        yield from ()

    # The CLI builds its catalog from the same cached rule objects.
    monkeypatch.setattr(target, "check", explode)
    monkeypatch.setattr(target, "applies_to", lambda document: True)
    result = CliRunner().invoke(
        main,
        [
            "check",
            str(tmp_path),
            "--today",
            "2026-11-23",
            "--format",
            "json",
            "--select",
            "OWN003,REF001",
            "--isolated",
        ],
    )
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    crashes = [(f["document"], f["line"], f["message"]) for f in data["findings"] if f["rule"] == "INT001"]
    assert len(crashes) == 1
    document, line, message = crashes[0]
    assert (document, line) == ("team:desk", 6)
    assert message.startswith("rule OWN003 crashed: ZeroDivisionError: boom (test_wrong_types.py:")
    assert any(f["rule"] == "REF001" and f["document"] == "team:desk" for f in data["findings"])


@pytest.mark.parametrize("number", ["1" + "0" * 400, "-1" + "0" * 400, ".nan", ".inf"])
def test_numbers_no_float_can_hold_are_findings_not_crashes(tmp_path: Path, number: str) -> None:
    """Found by fuzzing: a 400-digit likelihood or availability once crashed RISK002, RISK006, SLA001 and SLA009."""
    (tmp_path / "r.yaml").write_text(
        "apiVersion: itsmlint/v1\nkind: Risk\nmetadata: {name: r}\n"
        f"spec: {{inherent: {{likelihood: {number}, impact: 1}}, residual: {{likelihood: 1, impact: {number}}}}}\n"
        "---\napiVersion: itsmlint/v1\nkind: SLA\nmetadata: {name: s}\n"
        f"spec: {{type: sla, availability: {{target: {number}}}}}\n"
        "---\napiVersion: itsmlint/v1\nkind: SLA\nmetadata: {name: o}\n"
        f"spec: {{type: ola, underpins: sla:s, availability: {{target: {number}}}}}\n",
        encoding="utf-8",
    )
    loaded = load([tmp_path], tmp_path)
    result = run(loaded, builtin_catalog(), Settings(params=defaults()), Options(TODAY))
    assert [f.message for f in result.findings if f.rule_id == "INT001"] == []
    assert any(f.rule_id == "SLA001" and f.pointer == ("spec", "availability", "target") for f in result.findings)
