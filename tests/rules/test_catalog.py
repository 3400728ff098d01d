"""Meta-tests over the whole catalog: metadata, docs and fixtures for every rule."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from itsmlint.model import KINDS
from itsmlint.params import PARAMS
from itsmlint.registry import builtin_catalog
from itsmlint.rule import ReportedRule

ROOT = Path(__file__).parents[2]
CASES = Path(__file__).parent / "cases"
RULES = list(builtin_catalog())
IDS = [r.meta.id for r in RULES]
HEADINGS = ["## What it checks", "## Why it matters", "## Example", "## Use instead"]
# The foundation release: these must all be present.
FOUNDATION = (
    [f"OWN00{i}" for i in range(1, 6)]
    + [f"DOC00{i}" for i in range(1, 7)]
    + [f"RACI00{i}" for i in range(1, 6)]
    + [f"REF00{i}" for i in range(1, 6)]
    + ["GOV001", "GOV002", "SCHEMA001", "YAML001", "YAML002", "YAML003", "INT001"]
)


def test_foundation_rules_are_all_there() -> None:
    assert set(FOUNDATION) <= set(IDS)


def test_ids_and_names_are_unique_and_well_formed() -> None:
    names = [r.meta.name for r in RULES]
    assert len(set(IDS)) == len(IDS)
    assert len(set(names)) == len(names)
    for rule in RULES:
        assert re.fullmatch(r"[A-Z]+[0-9]{3}", rule.meta.id)
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.meta.name)


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_metadata_is_complete(rule: object) -> None:
    meta = rule.meta  # type: ignore[attr-defined]
    assert meta.summary.endswith(".")
    assert meta.remediation
    assert 1 <= meta.level <= 5
    assert set(meta.params) <= set(PARAMS)
    if meta.family != "core":
        assert meta.kinds or meta.id in ("REF001", "REF002", "REF003", "GOV001", "GOV002", "GOV005", "GOV006")
        assert meta.refs.get("seeds") or meta.refs.get("iso20000") or meta.refs.get("iso27001")


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_documentation_page_has_the_required_sections(rule: object) -> None:
    meta = rule.meta  # type: ignore[attr-defined]
    assert meta.doc.startswith(f"# {meta.id} {meta.name}\n")
    positions = [meta.doc.find(h) for h in HEADINGS]
    assert -1 not in positions, f"missing one of {HEADINGS}"
    assert positions == sorted(positions)
    if meta.params:
        assert "## Options" in meta.doc
        for param in meta.params:
            assert param in meta.doc
    if meta.heuristic:
        assert "## Known limitations" in meta.doc


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_documentation_page_says_whether_and_how_it_fixes(rule: object) -> None:
    meta = rule.meta  # type: ignore[attr-defined]
    assert "\n## Fixing\n\n" in meta.doc
    section = meta.doc.split("\n## Fixing\n\n", 1)[1].split("\n## ", 1)[0]
    assert section.startswith("No automatic fix") == (not meta.fix)
    assert ("--unsafe-fixes" in section) == ("unsafe" in meta.fix)
    if "safe" in meta.fix:
        assert "`itsmlint check --fix`" in section


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_every_rule_has_passing_and_failing_fixtures(rule: object) -> None:
    meta = rule.meta  # type: ignore[attr-defined]
    if isinstance(rule, ReportedRule) and meta.id == "INT001":
        pytest.skip("a crash cannot be written as a document; tests/unit/test_engine.py covers INT001")
    folder = CASES / meta.id
    assert list(folder.glob("pass_*.yaml")), f"no pass_ fixture in {folder}"
    assert list(folder.glob("fail_*.yaml")), f"no fail_ fixture in {folder}"


@pytest.mark.parametrize("rule", RULES, ids=IDS)
def test_every_declared_sub_check_is_exercised(rule: object) -> None:
    meta = rule.meta  # type: ignore[attr-defined]
    # A failing case is a fail_*.yaml with its companions: a fail_*.CODEOWNERS, the files of a fail_*/ folder.
    found = sorted((CASES / meta.id).glob("fail_*"))
    files = [p for p in found if p.is_file()] + [f for p in found if p.is_dir() for f in p.rglob("*") if f.is_file()]
    texts = "".join(f.read_text(encoding="utf-8") for f in files)
    for sub in meta.subchecks:
        assert f"{meta.id}[{sub}]" in texts, f"no fixture pins {meta.id}[{sub}]"


def test_fixture_folders_match_rules() -> None:
    assert {p.name for p in CASES.iterdir() if p.is_dir()} <= set(IDS)


def test_wheel_ships_the_catalog_and_policies(tmp_path: Path) -> None:
    build = pytest.importorskip("build", reason="the 'build' package is not installed")
    del build
    import shutil
    import subprocess
    import sys

    # Build from a copy: a build writes build/ and *.egg-info beside its sources.
    source = tmp_path / "src"
    for name in ("itsmlint", "rules", "policies"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(tmp_path), str(source)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for rule in RULES:
        stem = f"itsmlint/catalog/{rule.meta.family}/{rule.meta.id.lower()}"
        assert f"{stem}.yaml" in names
        assert f"{stem}.md" in names
    assert "itsmlint/policies/recommended.yaml" in names
    # every module of a checkout ships: a package missing from pyproject's list would break only installs
    modules = {f"itsmlint/{p.relative_to(ROOT / 'itsmlint').as_posix()}" for p in (ROOT / "itsmlint").rglob("*.py")}
    modules |= {f"itsmlint/catalog/{p.relative_to(ROOT / 'rules').as_posix()}" for p in (ROOT / "rules").rglob("*.py")}
    assert modules - names == set()
    for kind in KINDS:
        assert f"itsmlint/schemas/kinds/{kind}.schema.json" in names


def test_policy_presets_are_current_and_name_every_rule() -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "gen_policies.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    named = set()
    for path in (ROOT / "policies").glob("*.yaml"):
        named |= set(re.findall(r"^  ([A-Z]+[0-9]{3}):", path.read_text(encoding="utf-8"), re.MULTILINE))
    assert set(IDS) <= named


@pytest.mark.parametrize("level", [2, 3, 4, 5])
def test_level_presets_run_exactly_the_rules_up_to_their_level(level: int) -> None:
    from itsmlint.engine import active_rules
    from itsmlint.settings import build_settings

    settings = build_settings(builtin_catalog(), isolated=True, policy=f"level-{level}")
    ran = {r.meta.id for r in active_rules(builtin_catalog(), settings)}
    assert ran == {r.meta.id for r in RULES if r.meta.level <= level}
