"""docs/kinds/: a page per kind, generated from the schemas and the rule catalog, never stale."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from itsmlint.kinddocs import fields, page
from itsmlint.model import KINDS
from itsmlint.registry import builtin_catalog

ROOT = Path(__file__).parents[2]


def test_the_kind_pages_are_current() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "gen_kind_docs.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert {p.stem for p in (ROOT / "docs" / "kinds").glob("*.md")} == {*KINDS, "README"}


def test_a_page_lists_every_field_every_rule_of_its_kind_and_the_example() -> None:
    catalog = list(builtin_catalog())
    text = page("Process", catalog, "apiVersion: itsmlint/v1\nkind: Process")
    for path, _, _, _ in fields("Process"):
        assert f"| `{path}` |" in text
    for rule in catalog:
        if "Process" in rule.meta.kinds:
            assert f"### [{rule.meta.id}](../rules.md#{rule.meta.id.lower()})" in text
    assert "| `spec.owner` |" in text and "OWN001" in text.split("| `spec.owner` |")[1].split("\n")[0]
    assert text.endswith("```yaml\napiVersion: itsmlint/v1\nkind: Process\n```\n")


def test_itsmlint_schema_points_to_the_pages() -> None:
    from click.testing import CliRunner

    from itsmlint.cli import main

    assert "docs/kinds/" in CliRunner().invoke(main, ["schema", "--help"]).stdout
