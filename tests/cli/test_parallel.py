"""--jobs: the work is shared among processes, and the output is the same, byte for byte."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from itsmlint import engine
from itsmlint.finding import Hit
from itsmlint.loader import load
from itsmlint.model import Document
from itsmlint.options import Options
from itsmlint.params import defaults
from itsmlint.registry import builtin_catalog
from itsmlint.rule import Context
from itsmlint.settings import Settings

# Spawns processes (or a browser): left out of the fast suite, pytest -m 'not e2e'.
pytestmark = pytest.mark.e2e

ROOT = Path(__file__).parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))

import generate  # noqa: E402  (the benchmark's generator: a realistic repository of any size)


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Over 700 documents with findings of many rules: enough for helpers to load and to check."""
    root = tmp_path_factory.mktemp("large")
    generate.write(root / "org", 650, "realistic")
    generate.write(root / "first-run", 60, "adoption")
    shutil.copytree(ROOT / "samples" / "anti-patterns", root / "gallery")
    (root / ".git").mkdir()
    return root


def check(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ITSMLINT_NO_CACHE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "itsmlint", "check", ".", "--today", "2026-11-23", *args],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_one_two_and_three_processes_print_the_same_bytes(large: Path, fmt: str) -> None:
    one = check(large, "--format", fmt)
    assert one.returncode == 1 and one.stdout.count("REF001") > 100 and "SCHEMA001" in one.stdout
    for jobs in ("2", "3"):
        many = check(large, "--format", fmt, "--jobs", jobs)
        assert (many.returncode, many.stdout, many.stderr) == (one.returncode, one.stdout, one.stderr)


def test_a_rule_that_crashes_in_a_helper_is_reported_as_in_one_process(
    large: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A crash is an INT001 finding wherever it happened; the other findings are all there."""
    catalog = builtin_catalog()
    rule = catalog.rules["OWN001"]
    real = type(rule).check  # type: ignore[attr-defined]  # OWN001 is a DocumentRule

    def flaky(self: object, doc: Document, ctx: Context) -> Iterator[Hit]:
        if doc.name.endswith("3"):
            raise RuntimeError(f"cannot read {doc.name}")
        yield from real(self, doc, ctx)

    monkeypatch.setattr(type(rule), "check", flaky)
    loaded = load([large], large)
    settings = Settings(params=defaults())
    one = engine.run(loaded, catalog, settings, Options(dt.date(2026, 11, 23), jobs=1))
    two = engine.run(loaded, catalog, settings, Options(dt.date(2026, 11, 23), jobs=2))
    assert any(f.rule_id == "INT001" for f in one.findings)
    assert one.findings == two.findings
    assert [f.fingerprint for f in one.findings] == [f.fingerprint for f in two.findings]
    assert one.crashed == two.crashed
