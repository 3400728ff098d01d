"""Declarative rules: selectors, functions, templates and load-time checks."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from itsmlint.configfiles import ConfigError, parse_config_text
from itsmlint.declarative import parse_selector, render, select
from itsmlint.directory import Directory
from itsmlint.dsl import FUNCTIONS, MISSING, Call, compile_call
from itsmlint.graph import Graphs
from itsmlint.loader import parse_text
from itsmlint.model import Corpus, Document
from itsmlint.params import defaults
from itsmlint.registry import build_rule
from itsmlint.rule import Context

TODAY = dt.date(2026, 11, 22)


def doc_from(text: str) -> Document:
    ((index, value, locator),), _ = parse_text(text, "t.yaml")
    return Document("t.yaml", index, value["kind"], value["metadata"]["name"], "default", value, locator)


def rule_from(text: str):  # type: ignore[no-untyped-def]
    data, locator = parse_config_text(text, "rule.yaml")
    return build_rule(data, locator, "rule.yaml", "test", "")


BASE = """\
id: X-TEST
name: test-rule
summary: A rule for tests.
kinds: [Process]
severity: warning
level: 3
remediation: Fix it.
"""

PROCESS = """\
apiVersion: itsmlint/v1
kind: Process
metadata: {name: p}
spec:
  activities:
    - id: a
      raci: {accountable: [role:x, role:y]}
    - id: b
      raci: {accountable: role:x}
    - id: c
"""


def hits(rule_text: str, doc_text: str = PROCESS) -> list[tuple[int, str]]:
    rule = rule_from(BASE + rule_text)
    doc = doc_from(doc_text)
    corpus = Corpus([doc])
    directory = Directory(corpus, TODAY)
    ctx = Context(TODAY, defaults(), corpus, directory, Graphs(directory))
    return [(doc.locate(h.pointer)[0], h.message) for h in rule.check(doc, ctx)]


def test_count_exactly_one_reports_list_and_missing() -> None:
    found = hits(
        'given: "$.spec.activities[*]"\nthen: {field: raci.accountable, function: count, '
        'options: {min: 1, max: 1}}\nmessage: "activity {label}: {property} {error}"\n'
    )
    assert found == [
        (7, "activity a: raci.accountable has 2 entries; exactly 1 required"),
        (10, "activity c: raci.accountable is missing; exactly 1 required"),
    ]


def test_wildcard_field_checks_every_item() -> None:
    found = hits(
        'given: "$.spec"\nthen: {field: "activities[*].raci", function: present}\n'
        'message: "{label}: {property} {error}"\n'
    )
    assert found == [(10, "c: raci is missing")]


def test_param_option_is_read_from_params() -> None:
    doc = PROCESS.replace("spec:\n", "spec:\n  purpose: Short purpose\n")
    found = hits(
        'given: "$.spec"\n'
        "then: {field: purpose, function: min_words, options: {min: {param: minPurposeWords}}}\n"
        'message: "{property} {error}"\n',
        doc,
    )
    assert found == [(5, "purpose has 2 words; at least 8 required")]


@pytest.mark.parametrize(
    ("rule_text", "line", "fragment"),
    [
        ('given: "$.spec"\nthen: {function: nope}\nmessage: m\n', 9, "unknown function 'nope'"),
        (
            'given: "$.spec"\nthen: {function: count, options: {most: 1}}\nmessage: m\n',
            9,
            "unknown option 'most' for count (its options: min, max)",
        ),
        ('given: "spec"\nthen: {function: present}\nmessage: m\n', 8, "must start with '$'"),
        ('given: "$.spec"\nthen: {function: present, sub: nope}\nmessage: m\n', 9, "not declared in subchecks"),
        ('given: "$.spec"\nthen: {function: present}\n', 1, "invalid rule"),
        (
            'given: "$.spec"\nthen: {function: min_words, options: {min: {param: nope}}}\nmessage: m\n',
            9,
            "unknown parameter 'nope'",
        ),
    ],
)
def test_rule_file_mistakes_name_file_and_line(rule_text: str, line: int, fragment: str) -> None:
    with pytest.raises(ConfigError) as info:
        rule_from(BASE + rule_text)
    assert fragment in info.value.message
    assert info.value.line == line


def test_template_only_fills_whitelisted_names() -> None:
    assert render("{value} {__class__} {value.__class__}", {"value": "x"}) == "x {__class__} {value.__class__}"


def test_selector_subset() -> None:
    assert parse_selector("$.spec.activities[*].raci") == ("spec", "activities", None, "raci")
    assert parse_selector("$.spec.targets[0]") == ("spec", "targets", 0)
    data = {"spec": {"activities": [{"raci": 1}, {"x": 2}, {"raci": 3}]}}
    assert list(select(data, parse_selector("$.spec.activities[*].raci"))) == [
        (("spec", "activities", 0, "raci"), 1),
        (("spec", "activities", 2, "raci"), 3),
    ]


CALL: Any = Call(doc_from(PROCESS), Corpus([doc_from(PROCESS)]), TODAY)


@pytest.mark.parametrize(
    ("name", "value", "options", "ok"),
    [
        ("present", MISSING, {}, False),
        ("present", None, {}, True),
        ("non_empty", [], {}, False),
        ("non_empty", "  ", {}, False),
        ("non_empty", ["a"], {}, True),
        ("count", "a", {"min": 1, "max": 1}, True),
        ("count", ["a", "b"], {"max": 1}, False),
        ("pattern", "abc", {"match": "^a"}, True),
        ("pattern", "abc", {"notMatch": "b"}, False),
        ("enum", "x", {"values": ["a", "b"]}, False),
        ("enum", "a", {"values": ["a", "b"]}, True),
        ("length", "abcd", {"max": 3}, False),
        ("unique", ["a", "a"], {}, False),
        ("unique", ["a", "b"], {}, True),
        ("iso_duration", "PT4H", {"max": "PT1H"}, False),
        ("iso_duration", "3 days", {}, False),
        ("iso_duration", "PT30M", {"max": "PT1H"}, True),
        ("date", dt.date(2026, 1, 1), {"before": "today"}, True),
        ("date", dt.date(2027, 1, 1), {"before": "today"}, False),
        ("date", "2026-01-01", {}, True),
        ("date", "01/01/2026", {}, False),
        ("not_placeholder", "TBD", {}, False),
        ("not_placeholder", "person:a", {}, True),
        ("any_present", {"ref": "x"}, {"fields": ["ref", "steps"]}, True),
        ("any_present", {"steps": []}, {"fields": ["ref", "steps"]}, False),
        ("all_keys_present", {"a": []}, {"fields": ["a", "b"]}, False),
        ("resolves", "process:p", {"kinds": ["process"]}, True),
        ("resolves", "process:q", {}, False),
        ("resolves", "process:p", {"kinds": ["person"]}, False),
        ("type", 4, {"type": "number"}, True),
        ("type", "4", {"type": "number"}, False),
        ("truthy", True, {}, True),
        ("truthy", "yes", {}, False),
        ("min_words", "one two", {"min": 3}, False),
    ],
)
def test_functions(name: str, value: object, options: dict[str, Any], ok: bool) -> None:
    _, compiled = compile_call({"function": name, "options": options})
    assert (FUNCTIONS[name].fn(value, compiled.for_run({}), CALL) is None) is ok


def test_items_of_the_wrong_shape_are_left_to_the_schema() -> None:
    text = PROCESS + "    - just-a-name\n"
    found = hits(
        'given: "$.spec.activities[*]"\nthen: {field: raci.accountable, function: count, '
        'options: {min: 1, max: 1}}\nmessage: "{label}: {error}"\n',
        text,
    )
    assert [line for line, _ in found] == [7, 10]
