"""Shared test helpers: lint text or files with chosen rules, read expectations."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from itsmlint import fixtures
from itsmlint.engine import Result, run
from itsmlint.finding import Finding
from itsmlint.loader import load
from itsmlint.params import defaults
from itsmlint.registry import builtin_catalog
from itsmlint.settings import Settings

TODAY = dt.date(2026, 11, 22)


def settings_with(params: dict[str, Any] | None = None) -> Settings:
    merged = defaults()
    merged.update(params or {})
    return Settings(params=merged)


def lint_paths(paths: list[Path], root: Path, select: list[str], today: dt.date = TODAY,
               params: dict[str, Any] | None = None) -> Result:
    loaded = load(paths, root)
    return run(loaded, builtin_catalog(), settings_with(params), today, select=select)


def lint_text(tmp_path: Path, text: str, select: list[str], name: str = "doc.yaml", **kw: Any) -> list[Finding]:
    file = tmp_path / name
    file.write_text(text, encoding="utf-8")
    return lint_paths([file], tmp_path, select, **kw).findings


@dataclass(frozen=True)
class Case:
    path: Path
    today: dt.date
    params: dict[str, Any]
    expected: list[tuple[int, str, str | None]]  # sorted (line, rule id or id[sub], document ref)
    also: list[str]  # rules that also run, whose own findings are not compared (GOV004 needs findings to waive)


def read_case(path: Path) -> Case:
    case = fixtures.read_case(path)
    return Case(path, case.today or TODAY, case.params, case.expected, case.also)


document_at = fixtures.document_starts
expected_markers = fixtures.expected_markers
compare = fixtures.compare
