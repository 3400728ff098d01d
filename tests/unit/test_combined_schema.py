"""The combined schema an editor uses for files that mix kinds: it judges each document as itsmlint does.

``itsmlint schema`` (or ``all``) prints ``document.schema.json``; the YAML
language server applies it to each document of a multi-document file. It
must accept exactly the documents for which itsmlint reports no SCHEMA001:
every document of every sample, the anti-pattern gallery included, is
checked both ways.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from click.testing import CliRunner

from itsmlint.cli import main
from itsmlint.loader.compose import parse_text
from itsmlint.loader.envelope import envelope, is_itsmlint
from itsmlint.model import KINDS
from itsmlint.schema import schema_errors, schema_for

ROOT = Path(__file__).parents[2]
SAMPLES = sorted(p for p in (ROOT / "samples").rglob("*.y*ml") if p.suffix in (".yaml", ".yml"))


def _combined() -> dict[str, Any]:
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0
    schema: dict[str, Any] = json.loads(result.stdout)
    return schema


VALIDATOR = jsonschema.Draft202012Validator(_combined(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def _as_an_editor_reads_it(value: Any) -> Any:
    """The document as the YAML language server (YAML 1.2) sees it: a date is text there.

    itsmlint's reader turns ``2026-01-15`` into a date and accepts it where the
    schema wants a date string; a YAML 1.2 reader keeps it as that string.
    """
    if isinstance(value, dict):
        return {str(k): _as_an_editor_reads_it(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_an_editor_reads_it(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _documents() -> list[tuple[str, Any, bool]]:
    """(where, document, whether itsmlint reports a SCHEMA001 for it) for every itsmlint document of the samples."""
    out = []
    for path in SAMPLES:
        shown = path.relative_to(ROOT).as_posix()
        parsed, _ = parse_text(path.read_text(encoding="utf-8"), shown)
        for index, value, locator in parsed:
            if not is_itsmlint(value):
                continue  # a rule file, a configuration: not a document
            doc, problems = envelope(value, shown, index, locator)
            broken = bool(problems) or (doc is not None and bool(schema_errors(doc)))
            out.append((f"{shown}#{index}", value, broken))
    return out


DOCUMENTS = _documents()


def test_the_samples_have_documents_of_every_kind_and_some_that_break_the_schema() -> None:
    kinds = {value.get("kind") for _, value, broken in DOCUMENTS if not broken}
    assert kinds == set(KINDS.values())
    assert len(DOCUMENTS) > 250 and any(broken for _, _, broken in DOCUMENTS)


@pytest.mark.parametrize(("where", "value", "broken"), DOCUMENTS, ids=[w for w, _, _ in DOCUMENTS])
def test_valid_exactly_where_itsmlint_reports_no_schema001(where: str, value: Any, broken: bool) -> None:
    errors = [e.message for e in VALIDATOR.iter_errors(_as_an_editor_reads_it(value))]
    assert bool(errors) == broken, errors


def test_each_kind_is_judged_by_its_own_schema() -> None:
    process = {"apiVersion": "itsmlint/v1", "kind": "Process", "metadata": {"name": "p"}, "spec": {"ownr": "x"}}
    errors = list(VALIDATOR.iter_errors(process))
    # one complaint, the unknown key; not the complaints of twelve other kinds
    assert len(errors) == 1 and "'ownr'" in errors[0].message and list(errors[0].absolute_path) == ["spec"]
    person = {"apiVersion": "itsmlint/v1", "kind": "Person", "metadata": {"name": "p"}, "spec": {"ownr": "x"}}
    assert not VALIDATOR.is_valid(person)
    person["spec"] = {"displayName": "P"}
    assert VALIDATOR.is_valid(person)
    for kind in ("Widget", "process"):
        assert not VALIDATOR.is_valid({**person, "kind": kind})
    assert not VALIDATOR.is_valid({**person, "apiVersion": "itsmlint/v2"})


@pytest.mark.parametrize("kind", list(KINDS.values()))
def test_it_holds_each_kind_schema_unchanged(kind: str) -> None:
    combined = _combined()
    jsonschema.Draft202012Validator.check_schema(combined)
    alone = schema_for(kind)
    assert combined["$defs"][kind] == {k: v for k, v in alone.items() if k not in ("$schema", "$id", "$defs")}
    assert all(combined["$defs"][name] == definition for name, definition in alone["$defs"].items())


def test_schema_config_prints_the_configuration_schema() -> None:
    result = CliRunner().invoke(main, ["schema", "config"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["$id"].endswith("/config.schema.json")
    validator = jsonschema.Draft202012Validator(schema)
    assert validator.is_valid({"extends": "recommended", "rules": {"RACI003": "off"}})
    assert not validator.is_valid({"rulez": {}})
    assert CliRunner().invoke(main, ["schema", "all"]).stdout == CliRunner().invoke(main, ["schema"]).stdout
