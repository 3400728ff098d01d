"""Every schema itsmlint ships compiles to the quick check, so a clean run never imports jsonschema.

jsonschema is imported only to explain an invalid instance (itsmlint.validation);
a keyword the quick check does not know sends every instance of that schema
through jsonschema instead, at about 40 ms of start-up on every run.
"""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from itsmlint.dsl import FUNCTIONS
from itsmlint.params import PARAMS
from itsmlint.validation import compile_check, inline

ROOT = Path(__file__).parents[2]


def shipped() -> dict[str, dict[str, Any]]:
    folder = resources.files("itsmlint.schemas")
    # document.schema.json is for editors (if/then on the kind); itsmlint validates with the kinds' own.
    found = {
        f"schemas/{e.name}": json.loads(e.read_text(encoding="utf-8"))
        for e in folder.iterdir()
        if e.name.endswith(".json") and e.name != "document.schema.json"
    }
    kinds = folder / "kinds"
    found.update(
        {
            f"schemas/kinds/{e.name}": json.loads(e.read_text(encoding="utf-8"))
            for e in kinds.iterdir()
            if e.name.endswith(".json")
        }
    )
    found.update({f"options of {name}": spec.options for name, spec in FUNCTIONS.items()})
    found.update({f"parameter {name}": schema for name, (_, schema) in PARAMS.items()})
    return found


SCHEMAS = shipped()


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_a_shipped_schema_compiles_to_the_quick_check(name: str) -> None:
    schema = SCHEMAS[name]
    compile_check(inline(schema) if "$defs" in schema else schema)  # raises Unsupported for an unknown keyword


def test_a_clean_check_does_not_import_jsonschema() -> None:
    probe = (
        "import sys\nfrom itsmlint.entry import main\ntry:\n    main(sys.argv[1:])\nexcept SystemExit:\n"
        "    pass\nprint('jsonschema' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, "check", "samples/northwind", "--today", "2026-11-23", "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.stdout.rstrip().endswith("False"), done.stdout + done.stderr
