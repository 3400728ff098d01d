"""Wording and grading that the fixtures cannot pin (they compare rule, sub-check, line and document)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from helpers import lint_paths

from itsmlint.engine import run
from itsmlint.finding import Severity
from itsmlint.loader import load
from itsmlint.options import Options
from itsmlint.params import defaults
from itsmlint.registry import builtin_catalog
from itsmlint.settings import Settings

CASES = Path(__file__).parent / "cases"


def _messages(path: Path, rule: str) -> list[str]:
    return [f.message for f in lint_paths([path], path.parent, [rule]).findings if f.rule_id == rule]


def test_sm007_names_one_missing_step_in_the_singular() -> None:
    [message] = _messages(CASES / "SM007" / "fail_playbook_one_step_missing.yaml", "SM007")
    assert message.endswith("has no step to review; name an activity for it")


def test_sm007_names_several_missing_steps_in_the_plural() -> None:
    [message] = _messages(CASES / "SM007" / "fail_playbook_missing_steps.yaml", "SM007")
    assert message.endswith("has no steps to recover or review; name an activity for each")


def test_words_where_a_reference_belongs_are_graded_apart_from_unresolved_references() -> None:
    case = CASES / "REF001" / "fail_plain_text_where_a_reference_belongs.yaml"
    settings = Settings(severities={"REF001[not-a-reference]": Severity.WARNING}, params=defaults())
    options = Options(dt.date(2026, 11, 23), select=("REF001",))
    findings = run(load([case], case.parent), builtin_catalog(), settings, options).findings
    assert {(f.sub, f.severity) for f in findings} == {
        ("unresolved", Severity.ERROR),
        ("not-a-reference", Severity.WARNING),
    }
    assert [f.message for f in findings if f.sub == "not-a-reference"] == [
        "'credit analysts' is not a reference; this field takes person:<name> or role:<name>",
        "'the credit committee' is not a reference; this field takes person:<name> or role:<name>",
    ]
