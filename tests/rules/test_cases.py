"""Every rule's pass_/fail_ fixtures under tests/rules/cases/<RULE>/.

A fixture is a YAML file holding every document the rule needs. Each line
where a finding is expected ends with ``# expect: RULE`` (or ``RULE[sub]``
to pin the sub-check); the test checks rule, line and document exactly, and
that nothing else is reported. An optional first line
``# itsmlint-test: {today: 2026-01-31, params: {maxConsulted: 2}}`` sets the
date and parameters, and ``also: [OWN002]`` runs more rules whose findings are
not compared (a waiver or a suppression comment needs findings to act on).
Fixtures must also be free of schema and YAML findings, so that they stay
realistic documents.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import compare, lint_paths, read_case

from itsmlint.ids import INTERNAL_ERROR
from itsmlint.registry import builtin_catalog

CASES = Path(__file__).parent / "cases"
FILES = sorted(CASES.glob("*/*.yaml"))
# The structural rules (the catalog's "structural: true") run with every fixture, and INT001 shows a crash.
STRUCTURAL = [*(r.meta.id for r in builtin_catalog() if r.meta.structural), INTERNAL_ERROR]


@pytest.mark.parametrize("path", FILES, ids=[f"{p.parent.name}/{p.stem}" for p in FILES])
def test_case(path: Path) -> None:
    rule_id = path.parent.name
    case = read_case(path)
    select = [rule_id] if rule_id in STRUCTURAL else [rule_id, *STRUCTURAL]
    result = lint_paths(case.paths, path.parent, [*select, *case.also], case.today, case.params)
    # A marker may pin the sub-check (RULE[sub]); otherwise the rule id is compared.
    got = compare([f for f in result.findings if f.rule_id in select], case.expected)
    if path.name.startswith("pass_"):
        assert got == [], f"{path.name}: expected no findings"
    else:
        assert path.name.startswith("fail_"), "fixtures are named pass_*.yaml or fail_*.yaml"
        assert case.expected, f"{path.name}: a fail_ fixture needs '# expect:' markers"
        assert got == case.expected
