"""The kind schemas: generated, valid, and explained in one clear sentence each."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
from pathlib import Path
from types import ModuleType

import jsonschema
import pytest

from itsmlint.model import KINDS
from itsmlint.schema import OWNER_TEXT, PLAIN_TEXT, reference_fields, schema_for, validate

ROOT = Path(__file__).parents[2]


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_schemas", ROOT / "tools" / "gen_schemas.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_shipped_schemas_match_the_generator() -> None:
    folder = ROOT / "itsmlint" / "schemas"
    generated = _generator().files()
    assert "document.schema.json" in generated and len(generated) == len(KINDS) + 1
    for name, text in generated.items():
        assert (folder / name).read_text(encoding="utf-8") == text, f"{name} is stale: run tools/gen_schemas.py"


@pytest.mark.parametrize("kind", list(KINDS.values()))
def test_every_kind_has_a_valid_draft_2020_12_schema(kind: str) -> None:
    schema = schema_for(kind)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["properties"]["kind"]["const"] == kind


def envelope(kind: str, spec: object, **metadata: object) -> dict[str, object]:
    return {"apiVersion": "itsmlint/v1", "kind": kind, "metadata": {"name": "x", **metadata}, "spec": spec}


@pytest.mark.parametrize(
    ("kind", "spec", "metadata", "pointer", "fragment"),
    [
        ("Process", {"ownr": "person:a"}, {}, ("spec", "ownr"), "unknown key 'ownr' in spec (did you mean 'owner'?)"),
        ("Process", {}, {"reviewCycle": "12 months"}, ("metadata", "reviewCycle"), "is not an ISO 8601 duration"),
        ("Process", {}, {"lastReviewed": "2026-02-30"}, ("metadata", "lastReviewed"), "is not a valid date"),
        ("Process", {}, {"status": "aproved"}, ("metadata", "status"), "(did you mean 'approved'?)"),
        ("Process", {"kpis": {"id": "m"}}, {}, ("spec", "kpis"), "expected a list, got a mapping"),
        ("Person", {"active": "yes"}, {}, ("spec", "active"), "expected true or false, got the text 'yes'"),
        (
            "Process",
            {"activities": [{"raci": {"responsible": 5}}]},
            {},
            ("spec", "activities", 0, "raci", "responsible"),
            "responsible: expected",
        ),
    ],
)
def test_one_clear_error_at_the_offending_key(
    kind: str, spec: object, metadata: dict[str, object], pointer: tuple[object, ...], fragment: str
) -> None:
    errors = validate(kind, envelope(kind, spec, **metadata))
    assert len(errors) == 1, errors
    assert errors[0].pointer == pointer
    assert fragment in errors[0].message


def test_dates_from_yaml_count_as_strings_and_empty_keys_as_absent() -> None:
    doc = envelope("Process", {"owner": None}, lastReviewed=dt.date(2026, 1, 5), reviewCycle="P12M")
    assert validate("Process", doc) == []


def test_extension_keys_are_accepted() -> None:
    assert validate("Person", envelope("Person", {"x-hr-id": 42})) == []


def test_reference_fields_carry_the_kinds_they_accept() -> None:
    fields = {f.pattern: f.kinds for f in reference_fields("Process")}
    assert fields[("spec", "activities", "*", "raci", "accountable")] == ("person", "role")
    assert fields[("spec", "valueStreams", "*")] == ("valuestream",)
    assert "activity" in fields[("spec", "policies", "*", "enforcedBy", "*")]


def test_reference_fields_say_what_plain_words_mean() -> None:
    # The generator's one list reaches the runtime through the schema's x-ref-text.
    generator = _generator()
    assert (generator.PLAIN, generator.OWNER) == (PLAIN_TEXT, OWNER_TEXT)
    service = {f.pattern: f.text for f in reference_fields("Service")}
    assert service[("spec", "consumers", "*")] == PLAIN_TEXT
    assert service[("spec", "outcomes", "*", "consumer")] == PLAIN_TEXT
    assert service[("spec", "owner")] == service[("spec", "owner", "*")] == OWNER_TEXT
    assert service[("spec", "offerings", "*")] is None
    process = {f.pattern: f.text for f in reference_fields("Process")}
    assert process[("spec", "activities", "*", "raci", "responsible", "*")] is None  # §8.10: a RACI party
    assert process[("spec", "activities", "*", "approval", "approvers", "*")] is None
    assert process[("metadata", "approvedBy")] is None
    offering = {f.pattern: f.text for f in reference_fields("ServiceOffering")}
    assert offering[("spec", "targetConsumers", "*")] == PLAIN_TEXT
    consumers = schema_for("Service")["properties"]["spec"]["properties"]["consumers"]
    assert "Plain words are accepted" in consumers["description"]


def test_every_reference_field_is_in_the_generators_list() -> None:
    generator = _generator()
    generator.REFERENCE_TEXT["Service"] = {
        k: v for k, v in generator.REFERENCE_TEXT["Service"].items() if k != "spec.consumers"
    }
    with pytest.raises(SystemExit, match=r"not listed \['spec.consumers'\]"):
        generator.build()


def test_schema_files_are_plain_json_for_editors() -> None:
    for path in sorted((ROOT / "itsmlint" / "schemas" / "kinds").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert data["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert data["$id"].endswith(path.name)


def test_quick_check_agrees_with_jsonschema_on_good_and_bent_documents() -> None:
    import copy
    import random

    from itsmlint.loader import load
    from itsmlint.schema import _compiled

    rng = random.Random(7)
    wrong = [None, 0, "x", [], {}, [1], {"a": 1}, True, "2026-02-30", "P1X"]
    documents = load([ROOT / "samples"], ROOT).documents
    disagreements = []
    for doc in documents:
        checker = _compiled(doc.kind)
        for attempt in range(3):
            data = copy.deepcopy(doc.data)
            if attempt:
                node, key = data, "spec"
                while (
                    isinstance(node.get(key) if isinstance(node, dict) else None, dict)
                    and node[key]
                    and rng.random() < 0.7
                ):
                    node = node[key]
                    key = rng.choice(sorted(node))
                if isinstance(node, dict):
                    node[key] = copy.deepcopy(rng.choice(wrong))
            quick = checker.is_valid(data)
            full = not list(checker.errors(data))
            if quick != full:
                disagreements.append((doc.ref, attempt, quick, full))
    assert disagreements == []
