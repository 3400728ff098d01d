"""Shared test helpers: lint text or files with chosen rules, read expectations."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from itsmlint.engine import Result, run
from itsmlint.finding import Finding
from itsmlint.loader import iter_documents, load, parse_config_text
from itsmlint.model import KINDS
from itsmlint.params import defaults
from itsmlint.registry import builtin_catalog
from itsmlint.settings import Settings

TODAY = dt.date(2026, 11, 22)
_HEADER = re.compile(r"^#\s*itsmlint-test:\s*(\{.*\})\s*$")
_EXPECT = re.compile(r"#\s*expect:\s*([A-Za-z0-9\[\]\-,\s]+?)\s*$")


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


def document_at(text: str) -> list[tuple[int, str | None]]:
    """(start line, document ref) for each document of a file, in order."""
    out = []
    for _, value, locator in iter_documents(text):
        ref = None
        if isinstance(value, dict) and isinstance(value.get("kind"), str):
            name = value.get("metadata", {}).get("name") if isinstance(value.get("metadata"), dict) else None
            kind = KINDS.get(value["kind"].lower())
            if kind and isinstance(name, str):
                ref = f"{kind.lower()}:{name}"
        out.append((locator.lines[0], ref))
    return out


def ref_for_line(starts: list[tuple[int, str | None]], line: int) -> str | None:
    ref = None
    for start, candidate in starts:
        if start <= line:
            ref = candidate
    return ref


def read_case(path: Path) -> Case:
    text = path.read_text(encoding="utf-8")
    today, params, also = TODAY, {}, []
    first = text.splitlines()[0] if text else ""
    m = _HEADER.match(first)
    if m:
        header, _ = parse_config_text(m.group(1), str(path))
        today = header.get("today", TODAY)
        params = header.get("params", {})
        also = list(header.get("also", []))
    return Case(path, today, params, expected_markers(text), also)


def expected_markers(text: str) -> list[tuple[int, str, str | None]]:
    """Sorted (line, rule, document ref) for every ``# expect: RULE[, RULE]`` marker."""
    starts = document_at(text)
    expected = []
    for number, line in enumerate(text.splitlines(), start=1):
        em = _EXPECT.search(line)
        if em:
            for rule in em.group(1).split(","):
                if rule.strip():
                    expected.append((number, rule.strip(), ref_for_line(starts, number)))
    return sorted(expected, key=str)


def compare(findings: list[Finding], expected: list[tuple[int, str, str | None]]) -> list[tuple[int, str, str | None]]:
    """Findings as (line, rule, document), pinned to ``RULE[sub]`` where a marker asks for it."""
    got = []
    for f in findings:
        pinned = (f.line, f.qualified_id, f.document) in expected
        got.append((f.line, f.qualified_id if pinned else f.rule_id, f.document))
    return sorted(got, key=str)
