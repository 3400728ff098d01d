"""The function library of declarative rules: every function, its options and conditions."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from itsmlint.dsl import (
    FUNCTIONS,
    MISSING,
    Call,
    Condition,
    OptionError,
    compile_call,
    compile_conditions,
    describe,
    holds,
)
from itsmlint.loader import parse_text
from itsmlint.model import Corpus, Document
from itsmlint.patterns import compile_linear

TODAY = dt.date(2026, 11, 23)

CORPUS_TEXT = """\
apiVersion: itsmlint/v1
kind: Service
metadata: {name: crm}
spec:
  criticality: high
  maxOutage: PT4H
  owner: person:jdoe
---
apiVersion: itsmlint/v1
kind: Service
metadata: {name: billing}
spec:
  criticality: low
---
apiVersion: itsmlint/v1
kind: Service
metadata: {name: orphan}
spec:
  criticality: low
---
apiVersion: itsmlint/v1
kind: SLA
metadata: {name: crm-gold}
spec:
  service: service:crm
  serviceHours: {schedule: 24x7}
---
apiVersion: itsmlint/v1
kind: SLA
metadata: {name: crm-basic}
spec:
  service: service:crm
  serviceHours: {schedule: business-hours}
---
apiVersion: itsmlint/v1
kind: SLA
metadata: {name: billing-basic}
spec:
  service: service:billing
  serviceHours: {schedule: business-hours}
---
apiVersion: itsmlint/v1
kind: Person
metadata: {name: jdoe}
spec: {status: active}
---
apiVersion: itsmlint/v1
kind: Person
metadata: {name: gone}
spec: {status: left}
---
apiVersion: itsmlint/v1
kind: Team
metadata: {name: ops}
spec:
  members: [person:jdoe, person:gone]
---
apiVersion: itsmlint/v1
kind: Role
metadata: {name: approver}
spec: {}
---
apiVersion: itsmlint/v1
kind: Process
metadata: {name: change}
spec:
  owner: role:approver
  services: [service:crm, service:billing]
---
apiVersion: itsmlint/v1
kind: Process
metadata: {name: incident}
spec:
  owner: role:approver
  services: [service:crm, service:crm]
"""


def corpus_from(text: str) -> Corpus:
    parsed, problems = parse_text(text, "corpus.yaml")
    assert problems == []
    return Corpus(
        [
            Document("corpus.yaml", index, value["kind"], value["metadata"]["name"], "default", value, locator)
            for index, value, locator in parsed
        ]
    )


CORPUS = corpus_from(CORPUS_TEXT)


def doc(ref: str) -> Document:
    found = CORPUS.resolve(ref)
    assert found is not None, ref
    return found


def call_on(ref: str, item: Any = None) -> Call:
    return Call(doc(ref), CORPUS, TODAY, item)


CALL = call_on("service:crm")


def run(name: str, value: Any, options: dict[str, Any] | None = None, call: Call = CALL) -> str | None:
    """Compile the options as a rule file's are, then call the function."""
    compiled_name, compiled_options = compile_call({"function": name, "options": options or {}})
    return FUNCTIONS[compiled_name].fn(value, compiled_options.for_run(call.params), call)


def option_error(item: dict[str, Any], pointer: tuple[str | int, ...] = ()) -> OptionError:
    with pytest.raises(OptionError) as info:
        compile_call(item, pointer)
    return info.value


def test_every_registered_function_is_covered_here() -> None:
    assert set(FUNCTIONS) == {
        "present",
        "absent",
        "non_empty",
        "not_blank",
        "truthy",
        "equals",
        "count",
        "type",
        "min_words",
        "pattern",
        "enum",
        "length",
        "unique",
        "iso_duration",
        "date",
        "any_present",
        "all_keys_present",
        "not_placeholder",
        "resolves",
        "compare",
        "any_item",
        "referenced_by",
    }


# --------------------------------------------------------------------------
# Single-value functions
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "value", "options", "expected"),
    [
        # present / absent
        ("present", MISSING, {}, "is missing"),
        ("present", None, {}, None),
        ("present", "", {}, None),
        ("absent", MISSING, {}, None),
        ("absent", None, {}, "is present but must not be"),
        ("absent", "x", {}, "is present but must not be"),
        # non_empty / not_blank
        ("non_empty", MISSING, {}, "is missing"),
        ("non_empty", None, {}, "is empty"),
        ("non_empty", "  ", {}, "is empty"),
        ("non_empty", [], {}, "is empty"),
        ("non_empty", {}, {}, "is empty"),
        ("non_empty", ["a"], {}, None),
        ("non_empty", 0, {}, None),
        ("non_empty", False, {}, None),
        ("not_blank", MISSING, {}, None),
        ("not_blank", None, {}, "is empty"),
        ("not_blank", " \t", {}, "is empty"),
        ("not_blank", [], {}, "is empty"),
        ("not_blank", "x", {}, None),
        # truthy
        ("truthy", MISSING, {}, "is missing"),
        ("truthy", True, {}, None),
        ("truthy", False, {}, "is not true"),
        ("truthy", "yes", {}, "is not true"),
        ("truthy", "true", {}, "is not true"),
        ("truthy", 1, {}, "is not true"),
        # equals
        ("equals", MISSING, {"value": "high"}, "is missing"),
        ("equals", "high", {"value": "high"}, None),
        ("equals", "low", {"value": "high"}, "is 'low', not 'high'"),
        ("equals", 3, {"value": 3.0}, None),
        ("equals", 3, {"value": 4}, "is 3, not 4"),
        ("equals", True, {"value": 1}, "is True, not 1"),
        ("equals", 1, {"value": True}, "is 1, not True"),
        ("equals", False, {"value": False}, None),
        ("equals", None, {"value": None}, None),
        ("equals", dt.date(2026, 1, 31), {"value": "2026-01-31"}, None),
        ("equals", dt.date(2026, 2, 1), {"value": "2026-01-31"}, "is 2026-02-01, not '2026-01-31'"),
        ("equals", dt.date(2026, 1, 31), {"value": dt.date(2026, 1, 31)}, None),
        ("equals", ["a"], {"value": ["a"]}, None),
        # count
        ("count", "a", {"min": 1, "max": 1}, None),
        ("count", ["a", "b"], {"min": 1, "max": 1}, "has 2 entries; exactly 1 required"),
        ("count", MISSING, {"min": 1, "max": 1}, "is missing; exactly 1 required"),
        ("count", [], {"min": 1}, "is empty; at least 1 required"),
        ("count", None, {"min": 1}, "is empty; at least 1 required"),
        ("count", "  ", {"min": 1}, "is empty; at least 1 required"),
        ("count", {"a": 1}, {"min": 2}, "has 1 entry; at least 2 required"),
        ("count", ["a", "b"], {"max": 1}, "has 2 entries; at most 1 required"),
        ("count", ["a", "b", "c"], {"min": 1, "max": 2}, "has 3 entries; between 1 and 2 required"),
        ("count", ["a", "b"], {"min": 1, "max": 2}, None),
        ("count", MISSING, {"max": 1}, None),
        ("count", 7, {"min": 1, "max": 1}, None),
        ("count", ["a"], {}, None),
        # type
        ("type", MISSING, {"type": "number"}, None),
        ("type", "x", {}, None),
        ("type", 5, {}, "is a number, not text"),
        ("type", 4, {"type": "number"}, None),
        ("type", 4.5, {"type": "number"}, None),
        ("type", "4", {"type": "number"}, "is text, not a number"),
        ("type", True, {"type": "number"}, "is a boolean, not a number"),
        ("type", [], {"type": "list"}, None),
        ("type", {}, {"type": "list"}, "is a mapping, not a list"),
        ("type", {}, {"type": "mapping"}, None),
        ("type", [], {"type": "mapping"}, "is a list, not a mapping"),
        ("type", False, {"type": "boolean"}, None),
        ("type", "x", {"type": "boolean"}, "is text, not a boolean"),
        # min_words
        ("min_words", "one two three", {"min": 3}, None),
        ("min_words", "one two", {"min": 3}, "has 2 words; at least 3 required"),
        ("min_words", "one", {"min": 2}, "has 1 word; at least 2 required"),
        ("min_words", "", {}, "has 0 words; at least 1 required"),
        ("min_words", "word", {}, None),
        ("min_words", MISSING, {"min": 1}, "is missing"),
        ("min_words", None, {"min": 1}, "is missing"),
        ("min_words", 42, {"min": 3}, None),
        # pattern
        ("pattern", "abc", {"match": "^a"}, None),
        ("pattern", "xabc", {"match": "^a"}, "does not match ^a"),
        ("pattern", "xabc", {"match": "ab"}, None),
        ("pattern", "abc", {"notMatch": "b"}, "matches b"),
        ("pattern", "acd", {"notMatch": "b"}, None),
        ("pattern", "abz", {"match": "^a", "notMatch": "z$"}, "matches z$"),
        ("pattern", "xyz", {"match": "^a", "notMatch": "z$"}, "does not match ^a"),
        ("pattern", MISSING, {"match": "^a"}, None),
        ("pattern", 12, {"match": "^a"}, None),
        # enum
        ("enum", "a", {"values": ["a", "b"]}, None),
        ("enum", "x", {"values": ["a", "b"]}, "is 'x'; expected one of a, b"),
        ("enum", 3, {"values": [1, 2]}, "is 3; expected one of 1, 2"),
        ("enum", MISSING, {"values": ["a"]}, None),
        ("enum", None, {"values": ["a"]}, "is None; expected one of a"),
        # length
        ("length", "abc", {"min": 1, "max": 3}, None),
        ("length", "abcd", {"max": 3}, "is 4 long; at most 3 allowed"),
        ("length", "", {"min": 1}, "is 0 long; at least 1 required"),
        ("length", [1, 2], {"min": 3}, "is 2 long; at least 3 required"),
        ("length", {"a": 1, "b": 2}, {"max": 1}, "is 2 long; at most 1 allowed"),
        ("length", MISSING, {"min": 1}, None),
        ("length", 12345, {"max": 1}, None),
        # unique
        ("unique", ["a", "b"], {}, None),
        ("unique", ["a", "b", "a"], {}, "repeats 'a'"),
        ("unique", [1, 2, 2], {}, "repeats 2"),
        ("unique", [{"id": "x"}, {"id": "y"}], {"key": "id"}, None),
        ("unique", [{"id": "x", "n": 1}, {"id": "x", "n": 2}], {"key": "id"}, "repeats 'x'"),
        ("unique", [{"id": "x", "n": 1}, {"id": "x", "n": 2}], {}, None),
        ("unique", [{"id": "x"}, {"id": "x"}], {}, "repeats {'id': 'x'}"),
        ("unique", "aa", {}, None),
        ("unique", MISSING, {}, None),
        # iso_duration
        ("iso_duration", "PT30M", {"max": "PT1H"}, None),
        ("iso_duration", "PT4H", {"max": "PT1H"}, "PT4H is longer than PT1H"),
        ("iso_duration", "PT30M", {"min": "PT1H"}, "PT30M is shorter than PT1H"),
        ("iso_duration", "PT1H", {"min": "PT1H", "max": "PT1H"}, None),
        ("iso_duration", "P1Y", {"max": "P12M"}, None),
        ("iso_duration", "P1M", {"max": "P30D"}, "P1M is longer than P30D"),
        ("iso_duration", "PT90M", {"max": "PT1H"}, "PT90M is longer than PT1H"),
        ("iso_duration", "3 days", {}, "'3 days' is not an ISO 8601 duration"),
        ("iso_duration", 5, {}, "5 is not an ISO 8601 duration"),
        ("iso_duration", "P", {}, "'P' is not an ISO 8601 duration"),
        ("iso_duration", MISSING, {"max": "PT1H"}, None),
        ("iso_duration", None, {"max": "PT1H"}, None),
        # any_present
        ("any_present", {"ref": "x"}, {"fields": ["ref", "steps"]}, None),
        ("any_present", {"steps": [1]}, {"fields": ["ref", "steps"]}, None),
        ("any_present", {"ref": False}, {"fields": ["ref"]}, None),
        ("any_present", {"steps": []}, {"fields": ["ref", "steps"]}, "has none of ref, steps"),
        ("any_present", {"ref": "  ", "other": 1}, {"fields": ["ref", "steps"]}, "has none of ref, steps"),
        ("any_present", MISSING, {"fields": ["ref"]}, "has none of ref"),
        ("any_present", ["ref"], {"fields": ["ref"]}, "has none of ref"),
        # all_keys_present
        ("all_keys_present", {"a": 1, "b": 2}, {"fields": ["a", "b"]}, None),
        ("all_keys_present", {"a": None}, {"fields": ["a"]}, None),
        ("all_keys_present", {"a": []}, {"fields": ["a", "b"]}, "lacks b"),
        ("all_keys_present", {"x": 1}, {"fields": ["a", "b", "c"]}, "lacks a, b, c"),
        ("all_keys_present", MISSING, {"fields": ["a"]}, None),
        ("all_keys_present", ["a"], {"fields": ["a"]}, None),
        # not_placeholder
        ("not_placeholder", "TBD", {}, "is the placeholder 'TBD'"),
        ("not_placeholder", " n/a ", {}, "is the placeholder ' n/a '"),
        ("not_placeholder", "Unknown", {}, "is the placeholder 'Unknown'"),
        ("not_placeholder", "?", {}, "is the placeholder '?'"),
        ("not_placeholder", "person:jdoe", {}, None),
        ("not_placeholder", "TBD later", {}, None),
        ("not_placeholder", MISSING, {}, None),
        ("not_placeholder", None, {}, None),
    ],
)
def test_value_functions(name: str, value: Any, options: dict[str, Any], expected: str | None) -> None:
    assert run(name, value, options) == expected


def test_compiled_options_hold_prepared_values() -> None:
    _, options = compile_call({"function": "pattern", "options": {"match": "^a", "notMatch": "z"}})
    prepared = options.for_run({})
    assert prepared["match"].matcher is compile_linear("^a")  # compiled once, by RE2
    assert str(prepared["match"]) == "^a"  # and shown as written
    assert options.written == {"match": "^a", "notMatch": "z"}
    _, options = compile_call({"function": "date", "options": {"before": "2026-01-31"}})
    assert options.for_run({})["before"].value == dt.date(2026, 1, 31)


@pytest.mark.parametrize(
    ("value", "wanted"),
    [(dt.date(2026, 1, 31), "text"), (None, "text"), (None, "number")],
)
def test_type_does_not_call_dates_or_null_text(value: Any, wanted: str) -> None:
    result = run("type", value, {"type": wanted})
    # validation.py: an unquoted date counts as a string, a key with no value as absent.
    assert result is None or not result.startswith("is text")


def test_enum_accepts_a_date_listed_as_text() -> None:
    assert run("equals", dt.date(2026, 1, 31), {"value": "2026-01-31"}) is None
    assert run("enum", dt.date(2026, 1, 31), {"values": ["2026-01-31", "2026-02-28"]}) is None


def test_enum_keeps_booleans_and_numbers_apart() -> None:
    assert run("equals", True, {"value": 1}) == "is True, not 1"
    assert run("enum", True, {"values": [1, 2]}) == "is True; expected one of 1, 2"


def test_equals_date_option_matches_quoted_text() -> None:
    assert run("equals", dt.date(2026, 1, 31), {"value": "2026-01-31"}) is None  # this direction works
    assert run("equals", "2026-01-31", {"value": dt.date(2026, 1, 31)}) is None


def test_unique_key_ignores_items_without_the_key() -> None:
    assert run("unique", [{"id": "x"}, {"name": "a"}, {"name": "b"}], {"key": "id"}) is None


# --------------------------------------------------------------------------
# date
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "options", "expected"),
    [
        (dt.date(2025, 12, 1), {"after": "today-P1Y"}, None),
        (dt.date(2025, 11, 1), {"after": "today-P1Y"}, "2025-11-01 is not after today-P1Y (2025-11-23)"),
        (dt.date(2025, 11, 23), {"after": "today-P1Y"}, "2025-11-23 is not after today-P1Y (2025-11-23)"),
        (dt.date(2026, 11, 22), {"before": "today"}, None),
        (dt.date(2026, 11, 23), {"before": "today"}, "2026-11-23 is not before today (2026-11-23)"),
        (dt.date(2026, 12, 22), {"before": "today+P30D"}, None),
        (dt.date(2026, 12, 23), {"before": "today+P30D"}, "2026-12-23 is not before today+P30D (2026-12-23)"),
        (dt.date(2026, 12, 1), {"before": "today + P1M"}, None),
        (dt.date(2026, 1, 30), {"before": "2026-01-31"}, None),
        (dt.date(2026, 2, 1), {"before": "2026-01-31"}, "2026-02-01 is not before 2026-01-31 (2026-01-31)"),
        (dt.date(2026, 6, 1), {"after": "2026-01-31", "before": "today"}, None),
        (
            dt.date(2027, 1, 1),
            {"after": "2026-01-31", "before": "today"},
            "2027-01-01 is not before today (2026-11-23)",
        ),
        (
            dt.date(2025, 1, 1),
            {"after": "2026-01-31", "before": "today"},
            "2025-01-01 is not after 2026-01-31 (2026-01-31)",
        ),
        ("next week", {"before": "today"}, "'next week' is not a date (YYYY-MM-DD)"),
        (20260101, {}, "20260101 is not a date (YYYY-MM-DD)"),
        (MISSING, {"before": "today"}, None),
        (None, {"before": "today"}, None),
    ],
)
def test_date(value: Any, options: dict[str, Any], expected: str | None) -> None:
    assert run("date", value, options) == expected


def test_date_bounds_follow_the_call_date() -> None:
    options = {"after": "today-P1Y"}
    later = Call(CALL.document, CORPUS, dt.date(2027, 3, 1))
    assert run("date", dt.date(2026, 2, 1), options, later) == "2026-02-01 is not after today-P1Y (2026-03-01)"
    assert run("date", dt.date(2026, 2, 1), options) is None


def test_date_accepts_quoted_iso_text() -> None:
    assert run("date", "2026-01-31", {"before": "today"}) is None


# --------------------------------------------------------------------------
# compare
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "options", "expected"),
    [
        # numbers
        (3, {"op": "<=", "value": 3}, None),
        (5, {"op": "<=", "value": 3}, "is 5, not at most 3"),
        (2, {"op": ">=", "value": 3}, "is 2, not at least 3"),
        (2.5, {"op": ">", "value": 2}, None),
        (2, {"op": ">", "value": 2}, "is 2, not more than 2"),
        (3, {"op": "<", "value": 3}, "is 3, not less than 3"),
        (3, {"op": "==", "value": 3.0}, None),
        (3, {"op": "!=", "value": 3}, "is 3, not different from 3"),
        # ISO durations
        ("PT90M", {"op": ">", "value": "PT1H"}, None),
        ("PT30M", {"op": ">", "value": "PT1H"}, "is 'PT30M', not more than 'PT1H'"),
        ("P1Y", {"op": "==", "value": "P12M"}, None),
        ("P1Y", {"op": "!=", "value": "P12M"}, "is 'P1Y', not different from 'P12M'"),
        ("P1M", {"op": ">", "value": "P30D"}, None),
        ("PT8H", {"op": "<=", "value": "PT4H"}, "is 'PT8H', not at most 'PT4H'"),
        # dates, unquoted or quoted
        (dt.date(2026, 1, 1), {"op": "<", "value": "2027-01-01"}, None),
        (dt.date(2027, 6, 1), {"op": "<", "value": dt.date(2027, 1, 1)}, "is 2027-06-01, not less than 2027-01-01"),
        ("2026-01-01", {"op": "<", "value": dt.date(2027, 1, 1)}, None),
        # text: only == and !=
        ("a", {"op": "==", "value": "a"}, None),
        ("a", {"op": "==", "value": "b"}, "is 'a', not equal to 'b'"),
        ("a", {"op": "!=", "value": "b"}, None),
        ("a", {"op": "<", "value": "b"}, "is 'a', which cannot be compared with 'b' ('b')"),
        # different kinds
        ("abc", {"op": "<", "value": 3}, "is 'abc', which cannot be compared with 3 (3)"),
        (5, {"op": "<", "value": "PT1H"}, "is 5, which cannot be compared with 'PT1H' ('PT1H')"),
        (
            "PT1H",
            {"op": "<", "value": "2026-01-01"},
            "is 'PT1H', which cannot be compared with '2026-01-01' ('2026-01-01')",
        ),
        (True, {"op": "==", "value": 1}, "is True, which cannot be compared with 1 (1)"),
        ([1], {"op": "==", "value": 1}, "is [1], which cannot be compared with 1 (1)"),
        # missing values are another function's business
        (MISSING, {"op": "<", "value": 3}, None),
        (None, {"op": "<", "value": 3}, None),
    ],
)
def test_compare_with_a_value(value: Any, options: dict[str, Any], expected: str | None) -> None:
    assert run("compare", value, options) == expected


@pytest.mark.parametrize(
    ("item", "op", "expected"),
    [
        ({"actual": 5, "target": 3}, "<=", "is 5, not at most target (3)"),
        ({"actual": 3, "target": 3}, "<=", None),
        ({"actual": "PT90M", "target": "PT1H"}, ">", None),
        ({"actual": "PT30M", "target": "PT1H"}, ">", "is 'PT30M', not more than target ('PT1H')"),
        ({"actual": "abc", "target": 3}, "<", "is 'abc', which cannot be compared with target (3)"),
        ({"actual": 5}, "<=", None),
        ({"actual": 5, "target": None}, "<=", None),
    ],
)
def test_compare_with_a_field_of_the_item(item: dict[str, Any], op: str, expected: str | None) -> None:
    call = call_on("service:crm", item)
    assert run("compare", item["actual"], {"op": op, "field": "target"}, call) == expected


def test_compare_with_a_nested_field_of_the_item() -> None:
    item = {"window": {"start": "2026-01-01", "end": "2025-12-01"}}
    call = call_on("service:crm", item)
    assert run("compare", "2025-12-01", {"op": ">", "field": "window.start"}, call) == (
        "is '2025-12-01', not more than window.start ('2026-01-01')"
    )
    assert run("compare", "2026-02-01", {"op": ">", "field": "window.start"}, call) is None


def test_compare_with_a_field_from_the_document_root() -> None:
    # crm has spec.maxOutage: PT4H; the item is something inside it.
    call = call_on("service:crm", {"restore": "PT8H"})
    options = {"op": "<=", "field": "$.spec.maxOutage"}
    assert run("compare", "PT8H", options, call) == "is 'PT8H', not at most $.spec.maxOutage ('PT4H')"
    assert run("compare", "PT2H", options, call) is None
    # billing has no spec.maxOutage: nothing to compare with.
    assert run("compare", "PT8H", options, call_on("service:billing", {"restore": "PT8H"})) is None


def test_compare_field_without_an_item_is_silent() -> None:
    assert run("compare", 5, {"op": "<", "field": "target"}, call_on("service:crm")) is None


# --------------------------------------------------------------------------
# any_item
# --------------------------------------------------------------------------

CHANNELS = [{"type": "email", "primary": True}, {"type": "phone"}, {"type": "phone", "primary": False}]


@pytest.mark.parametrize(
    ("value", "options", "expected"),
    [
        (CHANNELS, {"where": [{"field": "type", "function": "equals", "options": {"value": "phone"}}]}, None),
        (CHANNELS, {"where": [{"field": "type", "function": "equals", "options": {"value": "phone"}}], "min": 2}, None),
        (
            CHANNELS,
            {"where": [{"field": "type", "function": "equals", "options": {"value": "phone"}}], "min": 3},
            "has 2 items with type = phone; at least 3 required",
        ),
        (
            CHANNELS,
            {"where": [{"field": "type", "function": "equals", "options": {"value": "email"}}], "min": 2},
            "has 1 item with type = email; at least 2 required",
        ),
        (
            CHANNELS,
            {"where": [{"field": "type", "function": "equals", "options": {"value": "fax"}}]},
            "has no item with type = fax",
        ),
        (
            CHANNELS,
            {"where": [{"field": "type", "function": "enum", "options": {"values": ["fax", "pager"]}}]},
            "has no item with type in fax, pager",
        ),
        (
            CHANNELS,
            {
                "where": [
                    {"field": "type", "function": "equals", "options": {"value": "phone"}},
                    {"field": "primary", "function": "truthy"},
                ]
            },
            "has no item with type = phone and primary true",
        ),
        (
            CHANNELS,
            {
                "where": [
                    {"field": "type", "function": "equals", "options": {"value": "email"}},
                    {"field": "primary", "function": "truthy"},
                ]
            },
            None,
        ),
        # a missing field never holds, even for a function that lets MISSING pass
        (
            [{"type": "phone"}],
            {"where": [{"field": "primary", "function": "not_blank"}]},
            "has no item with primary passing not_blank",
        ),
        ([{"type": "phone"}], {"where": [{"field": "primary", "function": "absent"}]}, None),
        (["a", "b"], {"where": [{"function": "equals", "options": {"value": "b"}}]}, None),
        (
            ["a", "b"],
            {"where": [{"function": "pattern", "options": {"match": "^z"}}]},
            "has no item with the value matching ^z",
        ),
        ([], {"where": [{"field": "type", "function": "present"}]}, "has no item with type present"),
        (MISSING, {"where": [{"field": "type", "function": "present"}]}, "is missing"),
        (None, {"where": [{"field": "type", "function": "present"}]}, "is missing"),
        ({"type": "phone"}, {"where": [{"field": "type", "function": "present"}]}, None),
    ],
)
def test_any_item(value: Any, options: dict[str, Any], expected: str | None) -> None:
    assert run("any_item", value, options) == expected


def test_where_may_be_one_mapping() -> None:
    where = {"field": "type", "function": "equals", "options": {"value": "fax"}}
    assert run("any_item", CHANNELS, {"where": where}) == "has no item with type = fax"


def test_any_item_compare_reads_fields_of_each_list_item() -> None:
    item = {"kpis": [{"actual": 5, "target": 3}, {"actual": 7, "target": 4}]}
    options = {"where": [{"field": "actual", "function": "compare", "options": {"op": "<=", "field": "target"}}]}
    assert run("any_item", item["kpis"], options, call_on("service:crm", item)) == (
        "has no item with actual passing compare"
    )


# --------------------------------------------------------------------------
# resolves
# --------------------------------------------------------------------------

HIGH = [{"field": "spec.criticality", "function": "equals", "options": {"value": "high"}}]


@pytest.mark.parametrize(
    ("value", "options", "expected"),
    [
        ("service:crm", {}, None),
        ("service:crm", {"kinds": ["Service"]}, None),
        ("service:crm", {"kinds": ["service", "process"]}, None),
        (["person:jdoe", "person:gone"], {"kinds": ["person"]}, None),
        ([], {}, None),
        (MISSING, {}, "is missing"),
        (None, {}, "is missing"),
        ("crm", {}, "'crm' is not a reference"),
        ("vault:secret", {}, "'vault:secret' is not a reference"),
        (["person:jdoe", 5], {}, "5 is not a reference"),
        ("service:nope", {}, "service:nope does not resolve"),
        ("service:crm", {"kinds": ["Person"]}, "service:crm is a Service, expected person"),
        ("service:crm", {"kinds": ["person", "team"]}, "service:crm is a Service, expected person or team"),
        (["person:jdoe", "service:crm"], {"kinds": ["person"]}, "service:crm is a Service, expected person"),
        # where: every reference must fit, or with all: false one of them
        ("service:crm", {"where": HIGH}, None),
        ("service:billing", {"where": HIGH}, "service:billing does not have spec.criticality = high"),
        (["service:crm", "service:billing"], {"where": HIGH}, "service:billing does not have spec.criticality = high"),
        (
            ["service:crm", "service:billing"],
            {"where": HIGH, "all": True},
            "service:billing does not have spec.criticality = high",
        ),
        (["service:billing", "service:crm"], {"where": HIGH, "all": False}, None),
        (
            ["service:billing", "service:orphan"],
            {"where": HIGH, "all": False},
            "refers to nothing with spec.criticality = high",
        ),
        ([], {"where": HIGH}, "refers to nothing with spec.criticality = high"),
        (
            "person:gone",
            {"where": [{"field": "spec.status", "function": "equals", "options": {"value": "active"}}]},
            "person:gone does not have spec.status = active",
        ),
        # where fields are read from the referred document: "$." and plain agree
        (
            "service:crm",
            {"where": [{"field": "$.metadata.name", "function": "pattern", "options": {"match": "^c"}}]},
            None,
        ),
        (
            "service:billing",
            {"where": [{"field": "$.metadata.name", "function": "pattern", "options": {"match": "^c"}}]},
            "service:billing does not have $.metadata.name matching ^c",
        ),
        (
            "team:ops",
            {"where": [{"field": "spec.members[*]", "function": "equals", "options": {"value": "person:gone"}}]},
            None,
        ),
        (
            "team:ops",
            {"where": [{"field": "spec.members[*]", "function": "equals", "options": {"value": "person:nobody"}}]},
            "team:ops does not have spec.members[*] = person:nobody",
        ),
        # the referred document's own references are resolved for nested where
        (
            "process:change",
            {"where": [{"field": "spec.owner", "function": "resolves", "options": {"kinds": ["role"]}}]},
            None,
        ),
        (
            "process:change",
            {"where": [{"field": "spec.owner", "function": "resolves", "options": {"kinds": ["person"]}}]},
            "process:change does not have spec.owner resolving to a person",
        ),
    ],
)
def test_resolves(value: Any, options: dict[str, Any], expected: str | None) -> None:
    assert run("resolves", value, options) == expected


# --------------------------------------------------------------------------
# referenced_by
# --------------------------------------------------------------------------

SCHEDULE_24X7 = [{"field": "spec.serviceHours.schedule", "function": "equals", "options": {"value": "24x7"}}]


@pytest.mark.parametrize(
    ("ref", "options", "expected"),
    [
        ("service:crm", {"kind": "SLA", "field": "spec.service"}, None),
        ("service:billing", {"kind": "SLA", "field": "spec.service"}, None),
        ("service:orphan", {"kind": "SLA", "field": "spec.service"}, "has no SLA whose spec.service refers to it"),
        ("service:crm", {"kind": "SLA", "field": "$.spec.service"}, None),
        ("service:orphan", {"kind": "SLA", "field": "$.spec.service"}, "has no SLA whose $.spec.service refers to it"),
        # where
        ("service:crm", {"kind": "SLA", "field": "spec.service", "where": SCHEDULE_24X7}, None),
        (
            "service:billing",
            {"kind": "SLA", "field": "spec.service", "where": SCHEDULE_24X7},
            "has no SLA whose spec.service refers to it with spec.serviceHours.schedule = 24x7",
        ),
        (
            "service:crm",
            {
                "kind": "SLA",
                "field": "spec.service",
                "where": [{"field": "$.metadata.name", "function": "pattern", "options": {"match": "^crm-g"}}],
            },
            None,
        ),
        (
            "service:billing",
            {
                "kind": "SLA",
                "field": "spec.service",
                "where": [{"field": "$.metadata.name", "function": "pattern", "options": {"match": "^crm-g"}}],
            },
            "has no SLA whose spec.service refers to it with $.metadata.name matching ^crm-g",
        ),
        # min
        ("service:crm", {"kind": "SLA", "field": "spec.service", "min": 2}, None),
        (
            "service:billing",
            {"kind": "SLA", "field": "spec.service", "min": 2},
            "has 1 SLA whose spec.service refers to it; at least 2 required",
        ),
        (
            "service:crm",
            {"kind": "SLA", "field": "spec.service", "min": 3},
            "has 2 SLAs whose spec.service refers to it; at least 3 required",
        ),
        (
            "service:crm",
            {"kind": "SLA", "field": "spec.service", "min": 2, "where": SCHEDULE_24X7},
            "has 1 SLA whose spec.service refers to it with spec.serviceHours.schedule = 24x7; at least 2 required",
        ),
        # a field reaching lists, with [*] or without; one document counts once
        ("service:crm", {"kind": "Process", "field": "spec.services[*]", "min": 2}, None),
        ("service:crm", {"kind": "Process", "field": "spec.services", "min": 2}, None),
        (
            "service:crm",
            {"kind": "Process", "field": "spec.services[*]", "min": 3},
            "has 2 Processes whose spec.services[*] refers to it; at least 3 required",
        ),
        (
            "service:billing",
            {"kind": "Process", "field": "spec.services[*]", "min": 2},
            "has 1 Process whose spec.services[*] refers to it; at least 2 required",
        ),
        (
            "service:orphan",
            {"kind": "Process", "field": "spec.services[*]"},
            "has no Process whose spec.services[*] refers to it",
        ),
        ("person:gone", {"kind": "Team", "field": "spec.members[*]"}, None),
        ("role:approver", {"kind": "Process", "field": "spec.owner", "min": 2}, None),
        # only the kind asked for counts
        ("service:crm", {"kind": "Team", "field": "spec.service"}, "has no Team whose spec.service refers to it"),
        ("person:jdoe", {"kind": "Service", "field": "spec.owner"}, None),
        ("person:gone", {"kind": "Service", "field": "spec.owner"}, "has no Service whose spec.owner refers to it"),
    ],
)
def test_referenced_by(ref: str, options: dict[str, Any], expected: str | None) -> None:
    # The value is whatever the rule selected; referenced_by looks at the document.
    assert run("referenced_by", MISSING, options, call_on(ref)) == expected


def test_referenced_by_index_is_per_corpus() -> None:
    corpus = corpus_from(CORPUS_TEXT.split("---\napiVersion: itsmlint/v1\nkind: SLA\nmetadata: {name: crm-gold}")[0])
    alone = corpus.resolve("service:crm")
    assert alone is not None
    options = {"kind": "SLA", "field": "spec.service"}
    assert run("referenced_by", MISSING, options, Call(alone, corpus, TODAY)) == (
        "has no SLA whose spec.service refers to it"
    )
    assert run("referenced_by", MISSING, options, call_on("service:crm")) is None


# --------------------------------------------------------------------------
# Load-time option errors
# --------------------------------------------------------------------------

KNOWN = ", ".join(sorted(FUNCTIONS))


@pytest.mark.parametrize(
    ("item", "pointer", "message"),
    [
        ({"function": "nope"}, ("function",), f"unknown function 'nope'; known: {KNOWN}"),
        ({}, ("function",), f"unknown function None; known: {KNOWN}"),
        ({"function": 5}, ("function",), f"unknown function 5; known: {KNOWN}"),
        ({"function": "presnt"}, ("function",), f"unknown function 'presnt'; did you mean 'present'? known: {KNOWN}"),
        (
            {"function": "count", "options": {"most": 1}},
            ("options", "most"),
            "unknown option 'most' for count (its options: min, max)",
        ),
        (
            {"function": "present", "options": {"x": 1}},
            ("options", "x"),
            "unknown option 'x' for present (its options: none)",
        ),
        (
            {"function": "referenced_by", "options": {"kind": "SLA", "field": "spec.service", "minimum": 2}},
            ("options", "minimum"),
            "unknown option 'minimum' for referenced_by (its options: kind, field, where, min)",
        ),
        ({"function": "count", "options": [1]}, ("options",), "options of count must be a mapping"),
        (
            {"function": "count", "options": {"min": -1}},
            ("options", "min"),
            "bad options for count: -1 is less than the minimum of 0",
        ),
        (
            {"function": "type", "options": {"type": "date"}},
            ("options", "type"),
            "bad options for type: 'date' is not one of ['text', 'number', 'list', 'mapping', 'boolean']",
        ),
        ({"function": "equals"}, ("options",), "bad options for equals: 'value' is a required property"),
        # pattern
        ({"function": "pattern"}, ("options",), "pattern: give match or notMatch"),
        (
            {"function": "pattern", "options": {"match": 5}},
            ("options", "match"),
            "bad options for pattern: 5 is not of type 'string'",
        ),
        # iso_duration
        (
            {"function": "iso_duration", "options": {"min": "4 hours"}},
            ("options", "min"),
            "iso_duration: '4 hours' is not an ISO 8601 duration such as PT4H or P30D",
        ),
        (
            {"function": "iso_duration", "options": {"min": "PT1H", "max": "P1H"}},
            ("options", "max"),
            "iso_duration: 'P1H' is not an ISO 8601 duration such as PT4H or P30D",
        ),
        # date
        (
            {"function": "date", "options": {"before": "tomorrow"}},
            ("options", "before"),
            "date: 'tomorrow' is neither a date (YYYY-MM-DD) nor today, today+P30D, today-P1Y",
        ),
        (
            {"function": "date", "options": {"after": "2026-02-30"}},
            ("options", "after"),
            "date: '2026-02-30' is neither a date (YYYY-MM-DD) nor today, today+P30D, today-P1Y",
        ),
        (
            {"function": "date", "options": {"after": "today+30D"}},
            ("options", "after"),
            "date: 'today+30D' is neither a date (YYYY-MM-DD) nor today, today+P30D, today-P1Y",
        ),
        (
            {"function": "date", "options": {"before": "today", "after": "today-PXD"}},
            ("options", "after"),
            "date: 'PXD' is not an ISO 8601 duration",
        ),
        # compare
        (
            {"function": "compare", "options": {"op": "<", "value": 1, "field": "x"}},
            ("options",),
            "compare: give exactly one of field (another field to compare with) or value",
        ),
        (
            {"function": "compare", "options": {"op": "<"}},
            ("options",),
            "compare: give exactly one of field (another field to compare with) or value",
        ),
        (
            {"function": "compare", "options": {"value": 1}},
            ("options",),
            "bad options for compare: 'op' is a required property",
        ),
        (
            {"function": "compare", "options": {"op": "=~", "value": 1}},
            ("options", "op"),
            "bad options for compare: '=~' is not one of ['<', '<=', '==', '!=', '>=', '>']",
        ),
        (
            {"function": "compare", "options": {"op": "<", "field": "a b"}},
            ("options", "field"),
            "compare: selector '$.a b': cannot read ' b'",
        ),
        # referenced_by
        (
            {"function": "referenced_by", "options": {"kind": "Widget", "field": "spec.service"}},
            ("options", "kind"),
            "referenced_by: unknown kind 'Widget'",
        ),
        (
            {"function": "referenced_by", "options": {"kind": "sla", "field": "spec.service"}},
            ("options", "kind"),
            "referenced_by: unknown kind 'sla'",
        ),
        (
            {"function": "referenced_by", "options": {"kind": "SLA"}},
            ("options",),
            "bad options for referenced_by: 'field' is a required property",
        ),
        # any_item and nested where
        ({"function": "any_item"}, ("options",), "bad options for any_item: 'where' is a required property"),
        (
            {"function": "any_item", "options": {"where": []}},
            ("options", "where"),
            "any_item: give at least one condition",
        ),
        (
            {"function": "any_item", "options": {"where": [{"function": "nope"}]}},
            ("options", "where", 0, "function"),
            f"any_item: unknown function 'nope'; known: {KNOWN}",
        ),
        (
            {
                "function": "any_item",
                "options": {"where": [{"function": "present"}, {"function": "count", "options": {"most": 1}}]},
            },
            ("options", "where", 1, "options", "most"),
            "any_item: unknown option 'most' for count (its options: min, max)",
        ),
        (
            {"function": "any_item", "options": {"where": [{"function": "present", "fields": "x"}]}},
            ("options", "where", 0, "fields"),
            "any_item: unknown key 'fields' in a condition (keys: field, function, options)",
        ),
        (
            {"function": "resolves", "options": {"where": [{"field": "x", "function": "nope"}]}},
            ("options", "where", 0, "function"),
            f"resolves: unknown function 'nope'; known: {KNOWN}",
        ),
        (
            {
                "function": "referenced_by",
                "options": {"kind": "SLA", "field": "spec.service", "where": [{"field": "x", "function": "nope"}]},
            },
            ("options", "where", 0, "function"),
            f"referenced_by: unknown function 'nope'; known: {KNOWN}",
        ),
    ],
)
def test_option_errors(item: dict[str, Any], pointer: tuple[str | int, ...], message: str) -> None:
    error = option_error(item)
    assert (error.pointer, error.message) == (pointer, message)
    assert str(error) == message


def test_option_error_for_a_bad_regex() -> None:
    error = option_error({"function": "pattern", "options": {"notMatch": "("}})
    assert error.pointer == ("options", "notMatch")
    assert error.message.startswith("pattern: '(' is not a regular expression: ")
    error = option_error({"function": "pattern", "options": {"match": "ok", "notMatch": "[a-"}})
    assert error.pointer == ("options", "notMatch")


def test_option_error_pointer_starts_at_the_call() -> None:
    error = option_error({"function": "any_item", "options": {"where": [{"function": "nope"}]}}, ("then", 2))
    assert error.pointer == ("then", 2, "options", "where", 0, "function")
    error = option_error({"function": "count", "options": {"most": 1}}, ("when",))
    assert error.pointer == ("when", "options", "most")


@pytest.mark.parametrize(
    ("item", "prepared_key"),
    [
        ({"function": "date", "options": {"before": "today", "after": "today-P1Y"}}, "after"),
        ({"function": "date", "options": {"before": "today + P30D"}}, "before"),
        ({"function": "date", "options": {"after": "2026-01-31"}}, "after"),
        ({"function": "iso_duration", "options": {"min": "PT1H", "max": "P1Y2M10DT2H30M"}}, "max"),
        ({"function": "compare", "options": {"op": "<=", "field": "$.spec.maxOutage"}}, "field"),
        ({"function": "referenced_by", "options": {"kind": "SLA", "field": "spec.services[*]"}}, "field"),
        ({"function": "count", "options": {"min": {"param": "minAdmins"}}}, None),
    ],
)
def test_valid_options_compile(item: dict[str, Any], prepared_key: str | None) -> None:
    name, options = compile_call(item)
    assert name == item["function"]
    assert options.written == item["options"]  # the rule author's options stay as written
    if prepared_key is not None:
        prepared = options.for_run({})[prepared_key]
        assert prepared != item["options"][prepared_key]  # parsed, not the text
        assert str(prepared) == str(item["options"][prepared_key]) or prepared_key == "max"


@pytest.mark.parametrize(
    ("item", "key", "run_params", "shown"),
    [
        (
            {"function": "compare", "options": {"op": "<=", "value": {"param": "maxSlaReviewCycle"}}},
            "value",
            {"maxSlaReviewCycle": "P2Y"},
            "P2Y",
        ),
        ({"function": "equals", "options": {"value": {"param": "minAdmins"}}}, "value", {"minAdmins": 3}, "3"),
        (
            {"function": "iso_duration", "options": {"max": {"param": "maxSlaReviewCycle"}}},
            "max",
            {"maxSlaReviewCycle": "P2Y"},
            "P2Y",
        ),
    ],
)
def test_param_options_take_the_runs_value(
    item: dict[str, Any], key: str, run_params: dict[str, Any], shown: str
) -> None:
    _, options = compile_call(item)
    assert options.written == item["options"]
    first = options.for_run(run_params)
    assert str(first[key]) == shown  # this run's value, not the default
    assert options.for_run(dict(run_params)) is first  # prepared once per value


def test_a_param_of_the_wrong_type_is_rejected_at_load() -> None:
    with pytest.raises(OptionError) as info:
        compile_call({"function": "pattern", "options": {"match": {"param": "corporateDomains"}}})
    assert info.value.pointer == ("options", "match")
    assert info.value.message == "bad options for pattern: [] is not of type 'string'"


# --------------------------------------------------------------------------
# Conditions
# --------------------------------------------------------------------------

ITEM: dict[str, Any] = {
    "id": "a",
    "criticality": "high",
    "empty": None,
    "activities": [{"id": "a1", "raci": {"r": "role:x"}}, {"id": "a2"}],
}


def condition(raw: dict[str, Any]) -> Condition:
    (one,) = compile_conditions(raw)
    return one


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ({"field": "criticality", "function": "equals", "options": {"value": "high"}}, True),
        ({"field": "criticality", "function": "equals", "options": {"value": "low"}}, False),
        ({"field": "criticality", "function": "enum", "options": {"values": ["low", "high"]}}, True),
        # a missing field holds for absent only
        ({"field": "nope", "function": "absent"}, True),
        ({"field": "criticality", "function": "absent"}, False),
        ({"field": "empty", "function": "absent"}, False),
        ({"field": "nope", "function": "not_blank"}, False),
        ({"field": "nope", "function": "enum", "options": {"values": ["x"]}}, False),
        ({"field": "nope", "function": "type", "options": {"type": "number"}}, False),
        ({"field": "nope", "function": "present"}, False),
        ({"field": "nope.deeper", "function": "absent"}, True),
        ({"field": "empty", "function": "present"}, True),
        ({"field": "empty", "function": "non_empty"}, False),
        # [*]: any item
        ({"field": "activities[*].id", "function": "equals", "options": {"value": "a2"}}, True),
        ({"field": "activities[*].id", "function": "equals", "options": {"value": "a3"}}, False),
        ({"field": "activities[*].raci.r", "function": "equals", "options": {"value": "role:x"}}, True),
        ({"field": "activities[*].raci", "function": "present"}, True),
        ({"field": "activities[*].nope", "function": "absent"}, True),
        ({"field": "activities[*].nope", "function": "present"}, False),
        ({"field": "activities[0].id", "function": "equals", "options": {"value": "a1"}}, True),
        ({"field": "activities[1].id", "function": "equals", "options": {"value": "a1"}}, False),
        ({"field": "activities[5].id", "function": "absent"}, True),
        # $.: from the document root (the crm Service), whatever the item
        ({"field": "$.kind", "function": "equals", "options": {"value": "Service"}}, True),
        ({"field": "$.spec.criticality", "function": "equals", "options": {"value": "high"}}, True),
        ({"field": "$.id", "function": "absent"}, True),
        ({"field": "$.spec.nope", "function": "present"}, False),
        # no field: the item itself
        ({"function": "type", "options": {"type": "mapping"}}, True),
        ({"function": "all_keys_present", "options": {"fields": ["id", "zzz"]}}, False),
    ],
)
def test_condition_holds(raw: dict[str, Any], expected: bool) -> None:
    assert condition(raw).holds(ITEM, CALL) is expected


def test_holds_needs_every_condition() -> None:
    both = compile_conditions(
        [
            {"field": "criticality", "function": "equals", "options": {"value": "high"}},
            {"field": "$.metadata.name", "function": "equals", "options": {"value": "crm"}},
        ]
    )
    assert holds(both, ITEM, CALL) is True
    assert holds(both, ITEM, call_on("service:billing")) is False
    assert holds(both, {**ITEM, "criticality": "low"}, CALL) is False
    assert holds((), ITEM, CALL) is True


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ({"field": "spec.x", "function": "present"}, "spec.x present"),
        ({"field": "spec.x", "function": "absent"}, "spec.x absent"),
        ({"field": "spec.x", "function": "non_empty"}, "spec.x not empty"),
        ({"field": "spec.x", "function": "truthy"}, "spec.x true"),
        ({"field": "spec.x", "function": "equals", "options": {"value": "high"}}, "spec.x = high"),
        ({"field": "spec.x", "function": "equals", "options": {"value": 3}}, "spec.x = 3"),
        ({"field": "spec.x", "function": "enum", "options": {"values": ["a", 2]}}, "spec.x in a, 2"),
        ({"field": "spec.x", "function": "pattern", "options": {"match": "^a"}}, "spec.x matching ^a"),
        ({"field": "spec.x", "function": "pattern", "options": {"notMatch": "z$"}}, "spec.x matching z$"),
        ({"field": "spec.x", "function": "count", "options": {"min": 1}}, "spec.x passing count"),
        ({"field": "$.spec.x", "function": "not_blank"}, "$.spec.x passing not_blank"),
        (
            {"field": "spec.owner", "function": "resolves", "options": {"kinds": ["person", "team"]}},
            "spec.owner resolving to a person or team",
        ),
        ({"field": "spec.owner", "function": "resolves"}, "spec.owner resolving"),
        ({"function": "present"}, "the value present"),
    ],
)
def test_condition_describe(raw: dict[str, Any], text: str) -> None:
    assert condition(raw).describe() == text


def test_describe_joins_conditions() -> None:
    conditions = compile_conditions(
        [{"field": "a", "function": "present"}, {"field": "b", "function": "equals", "options": {"value": "x"}}]
    )
    assert describe(conditions) == "a present and b = x"


def test_compile_conditions_shapes() -> None:
    (one,) = compile_conditions({"field": "a.b", "function": "present"})
    assert (str(one.field), one.field and one.field.path, one.function, one.options.written) == (
        "a.b",
        (False, ("a", "b")),
        "present",
        {},
    )
    many = compile_conditions([{"field": "$.a[*]", "function": "present"}, {"function": "truthy"}])
    assert [(c.field and (c.field.text, c.field.path), c.function) for c in many] == [
        (("$.a[*]", (True, ("a", None))), "present"),
        (None, "truthy"),
    ]
    (pattern,) = compile_conditions({"function": "pattern", "options": {"match": "^x"}})
    assert pattern.options.for_run({})["match"].matcher is compile_linear("^x")


@pytest.mark.parametrize(
    ("raw", "pointer", "message"),
    [
        (["present"], ("when", 0), "a condition is a mapping with a function (and a field, options)"),
        ("present", ("when",), "a condition is a mapping with a function (and a field, options)"),
        (
            [{"function": "present"}, {"function": "present", "feild": "x"}],
            ("when", 1, "feild"),
            "unknown key 'feild' in a condition (keys: field, function, options)",
        ),
        ({"field": "x", "function": "nope"}, ("when", "function"), f"unknown function 'nope'; known: {KNOWN}"),
        ([{"field": "x", "function": "nope"}], ("when", 0, "function"), f"unknown function 'nope'; known: {KNOWN}"),
        (
            [{"field": "x", "function": "count", "options": {"most": 1}}],
            ("when", 0, "options", "most"),
            "unknown option 'most' for count (its options: min, max)",
        ),
        ([{"field": 5, "function": "present"}], ("when", 0, "field"), "a field is a dotted path such as spec.owner"),
        ([{"field": "a..b", "function": "present"}], ("when", 0, "field"), "selector '$.a..b': cannot read '..b'"),
    ],
)
def test_condition_errors(raw: Any, pointer: tuple[str | int, ...], message: str) -> None:
    with pytest.raises(OptionError) as info:
        compile_conditions(raw, ("when",))
    assert (info.value.pointer, info.value.message) == (pointer, message)


def test_a_condition_reads_params_from_the_run() -> None:
    conditions = compile_conditions([{"field": "x", "function": "count", "options": {"min": {"param": "minAdmins"}}}])
    assert holds(conditions, {"x": [1, 2]}, CALL)  # the default, 2
    strict = Call(CALL.document, CALL.corpus, CALL.today, None, {"minAdmins": 3})
    assert not holds(conditions, {"x": [1, 2]}, strict)
