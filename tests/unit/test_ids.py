"""The ids of the rules itsmlint reports itself are written in one module, itsmlint/ids.py."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).parents[2]
LITERAL = re.compile(r"""["'](?:YAML|GOV|INT|SCHEMA)0\d\d""")


def test_reported_rule_ids_are_written_only_in_ids_py() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "itsmlint").rglob("*.py"))
        if path.name != "ids.py" or path.parent.name != "itsmlint"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if LITERAL.search(line)
    ]
    assert found == []
