"""The bundled samples: northwind lints clean, anti-patterns shows every rule.

Each file in ``samples/anti-patterns/`` is named after the rule it shows
(``raci001-two-accountables.yaml``) and marks the lines where that rule must
report with ``# expect: RULE`` (or ``RULE[sub-check]``). Other rules may
report on the same file (a real document rarely breaks one rule only); the
test pins the file's own rule exactly, by line and document. A rule about
CODEOWNERS lines marks them in the gallery's ``.github/CODEOWNERS``, where
its file's story is told.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from pathlib import Path

import pytest
from helpers import compare, expected_markers, lint_paths

from itsmlint.engine import Result
from itsmlint.registry import builtin_catalog
from itsmlint.settings import build_settings

ROOT = Path(__file__).parents[2]
NORTHWIND = ROOT / "samples" / "northwind"
HARBOURLINE = ROOT / "samples" / "harbourline"
ANTI = ROOT / "samples" / "anti-patterns"
ANTI_OWNERS = ANTI / ".github" / "CODEOWNERS"
_FILE = re.compile(r"^([a-z]+[0-9]{3})-[a-z0-9-]+\.yaml$")
# The date the README's commands pass with --today.
SAMPLE_TODAY = dt.date(2026, 11, 23)
# Rules that no document can trigger on purpose.
UNDEMONSTRABLE = {"INT001"}


def lint_sample(folder: Path) -> Result:
    settings = build_settings(builtin_catalog(), start=folder)
    return lint_paths([folder], ROOT, [], SAMPLE_TODAY, dict(settings.params))


@pytest.fixture(scope="module")
def anti_patterns() -> Result:
    return lint_sample(ANTI)


def test_northwind_lints_clean() -> None:
    result = lint_sample(NORTHWIND)
    shown = [f"{f.path}:{f.line}: {f.qualified_id} {f.message}" for f in result.findings]
    assert shown == []
    assert result.documents > 60


def test_the_mixed_sample_lints_clean_with_every_format_read() -> None:
    # Backstage catalog, OpenSLO, CODEOWNERS and itsmlint documents side by side, with people kept
    # in the catalog only: every rule runs, and none reports.
    result = lint_sample(HARBOURLINE)
    shown = [f"{f.path}:{f.line}: {f.qualified_id} {f.message}" for f in result.findings]
    assert shown == []
    families = {d.family for d in result.corpus.foreign}
    assert families == {"backstage", "openslo", "codeowners"}
    assert {d.kind for d in result.corpus} >= {"Process", "Service", "SLA", "Role", "RoleAssignment"}
    # The process owner is a catalog User, and the role holders too.
    process = result.corpus.get("process", "incident-management")
    assert process is not None
    owner = result.corpus.resolve(process.spec["owner"], process)
    assert owner is not None and owner.family == "backstage" and owner.kind == "User"
    role = result.corpus.get("role", "resolver")
    assert role is not None
    assert [p.name for p in result.directory.holders("role:resolver", process)] == ["ines.park", "tom.berg"]


ANTI_FILES = sorted(p for p in ANTI.glob("*.yaml") if _FILE.match(p.name))


@pytest.mark.parametrize("path", ANTI_FILES, ids=[p.stem for p in ANTI_FILES])
def test_anti_pattern_file_shows_its_rule_at_the_marked_lines(anti_patterns: Result, path: Path) -> None:
    match = _FILE.match(path.name)
    assert match
    rule_id = match.group(1).upper()
    expected = expected_markers(path.read_text(encoding="utf-8"))
    assert all(rule.split("[")[0] == rule_id for _, rule, _ in expected), "mark only the file's own rule"
    owners = ANTI_OWNERS.relative_to(ROOT).as_posix()
    expected = sorted(
        [
            *expected,
            *(
                m
                for m in expected_markers(ANTI_OWNERS.read_text(encoding="utf-8"), f"codeowners:{owners}")
                if m[1].split("[")[0] == rule_id
            ),
        ],
        key=str,
    )
    assert expected, f"{path.name} marks no '# expect: {rule_id}' line"
    rel = path.relative_to(ROOT).as_posix()
    mine = [f for f in anti_patterns.findings if f.path in (rel, owners) and f.rule_id == rule_id]
    assert compare(mine, expected) == expected


def test_every_rule_has_an_anti_pattern_file() -> None:
    shown = {_FILE.match(p.name).group(1).upper() for p in ANTI_FILES}  # type: ignore[union-attr]
    missing = {r.meta.id for r in builtin_catalog()} - shown - UNDEMONSTRABLE
    assert missing == set()


def test_anti_patterns_report_every_rule(anti_patterns: Result) -> None:
    by_rule: dict[str, int] = defaultdict(int)
    for f in anti_patterns.findings:
        by_rule[f.rule_id] += 1
    missing = {r.meta.id for r in builtin_catalog()} - set(by_rule) - UNDEMONSTRABLE
    assert missing == set()


def test_json_report_of_the_gallery_is_byte_identical_run_to_run(monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from itsmlint.cli import main

    monkeypatch.chdir(ROOT)
    args = ["check", "samples/anti-patterns", "--format", "json", "--today", "2026-11-23"]
    first, second = (CliRunner().invoke(main, args).stdout for _ in range(2))
    assert first == second and '"findings": [' in first


def test_the_restaurant_of_s004_gets_exactly_its_rigid_process_findings(anti_patterns: Result) -> None:
    path = ANTI / "restaurant-table-service.yaml"
    expected = expected_markers(path.read_text(encoding="utf-8"))
    mine = [f for f in anti_patterns.findings if f.path == path.relative_to(ROOT).as_posix()]
    assert compare(mine, expected) == expected
    assert {"RIG001", "RIG002", "RIG003", "RIG006"} <= {rule for _, rule, _ in expected}
