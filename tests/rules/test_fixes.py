"""Every fixable rule's fixes, applied to its failing fixtures, give the expected files byte for byte.

For a fixture ``tests/rules/cases/<RULE>/fail_x.yaml`` the file
``tests/rules/cases/<RULE>/fixed/fail_x.yaml`` is what ``check --fix
--unsafe-fixes`` makes of it with that rule's fixes alone, compared byte for
byte (so every line a fix does not change is the fixture's own, comments
and all), and the fixed file lints clean for the rule. Every rule whose metadata declares a fix has at least
one such pair.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from pathlib import Path

import pytest
from helpers import read_case, settings_with

from itsmlint import fixing
from itsmlint.engine import Result, run
from itsmlint.files import DEFAULT_MAX_FILE_SIZE
from itsmlint.ids import INTERNAL_ERROR
from itsmlint.loader import load
from itsmlint.options import Options
from itsmlint.registry import builtin_catalog

CASES = Path(__file__).parent / "cases"
FIXED = sorted(CASES.glob("*/fixed/*.yaml"))
STRUCTURAL = [*(r.meta.id for r in builtin_catalog() if r.meta.structural), INTERNAL_ERROR]


def fix_fixture(path: Path, monkeypatch: pytest.MonkeyPatch, unsafe: bool = True) -> tuple[bytes, Result]:
    """The fixture's bytes after its rule's fixes (read from the fixture's folder, as the command line does)."""
    rule_id = path.parent.name
    case = read_case(path)
    select = [rule_id, *STRUCTURAL, *case.also]
    monkeypatch.chdir(path.parent)

    def lint(overlay: Mapping[str, bytes]) -> Result:
        loaded = load([Path(path.name)], Path("."), overlay=overlay)
        return run(loaded, builtin_catalog(), settings_with(case.params), Options(case.today, select=tuple(select)))

    outcome = fixing.run_fixes(
        lint({}), lint, unsafe=unsafe, max_size=DEFAULT_MAX_FILE_SIZE, may_edit=lambda _: True, rules={rule_id}
    )
    return outcome.texts.get(path.name, path.read_bytes()), outcome.result


@pytest.mark.parametrize("expected", FIXED, ids=[f"{p.parts[-3]}/{p.stem}" for p in FIXED])
def test_fixes_give_the_expected_file(expected: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = expected.parent.parent / expected.name
    rule_id = source.parent.name
    got, result = fix_fixture(source, monkeypatch)
    want = expected.read_bytes()
    shown = "".join(
        difflib.unified_diff(want.decode().splitlines(True), got.decode().splitlines(True), "expected", "got")
    )
    assert got == want, shown
    assert [f"{f.line}: {f.message}" for f in result.findings if f.rule_id == rule_id] == []


def test_every_fixable_rule_has_a_fixed_fixture() -> None:
    fixable = {r.meta.id for r in builtin_catalog() if r.meta.fix}
    covered = {p.parts[-3] for p in FIXED}
    assert fixable - covered == set()
    assert covered - fixable == set(), "a fixed/ file for a rule whose metadata declares no fix"


def test_safe_fixes_alone_leave_the_unsafe_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    source = CASES / "SCHEMA001" / "fail_fixable.yaml"
    got, result = fix_fixture(source, monkeypatch, unsafe=False)
    left = [f for f in result.findings if f.rule_id == "SCHEMA001"]
    assert left and all(f.fix is not None and f.fix.safety == "unsafe" for f in left)
    assert got != source.read_bytes()
