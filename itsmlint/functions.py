"""The function library of declarative rules.

Each function looks at one value and returns None when it is fine, or a short
phrase saying what is wrong ("is missing", "has 2 entries; exactly 1 is
required"). The phrase fills ``{error}`` in the rule's message. Each function
declares a JSON Schema for its options, checked when a rule file is loaded.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from itsmlint.durations import parse_duration
from itsmlint.model import Corpus, Document, is_blank, parse_ref


class _Missing:
    """The value of a field that is not there at all."""

    _instance: _Missing | None = None

    def __new__(cls) -> _Missing:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISSING"


MISSING: Any = _Missing()

PLACEHOLDERS = frozenset({"tbd", "tba", "n/a", "na", "none", "todo", "unknown", "-", "?", "xxx", "null", "placeholder"})


@dataclass(frozen=True, slots=True)
class Call:
    """What a function may see besides the value."""

    document: Document
    corpus: Corpus
    today: dt.date


Function = Callable[[Any, Mapping[str, Any], Call], "str | None"]


@dataclass(frozen=True, slots=True)
class FunctionSpec:
    fn: Function
    options: dict[str, Any]


FUNCTIONS: dict[str, FunctionSpec] = {}

_NUM = {"type": "number"}
_INT = {"type": "integer", "minimum": 0}


def function(name: str, **properties: Any) -> Callable[[Function], Function]:
    """Register ``fn`` under ``name`` with the given option properties."""

    def register(fn: Function) -> Function:
        schema = {"type": "object", "properties": properties, "additionalProperties": False}
        FUNCTIONS[name] = FunctionSpec(fn, schema)
        return fn

    return register


def _count(value: Any) -> int:
    if value is MISSING or value is None:
        return 0
    if isinstance(value, (list, dict)):
        return len(value)
    if isinstance(value, str) and not value.strip():
        return 0
    return 1


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    return "text"


@function("present")
def present(value: Any, options: Mapping[str, Any], call: Call) -> str | None:
    return "is missing" if value is MISSING else None


@function("non_empty")
def non_empty(value: Any, options: Mapping[str, Any], call: Call) -> str | None:
    if value is MISSING:
        return "is missing"
    return "is empty" if is_blank(value) else None


@function("not_blank")
def not_blank(value: Any, options: Mapping[str, Any], call: Call) -> str | None:
    """Like non_empty, but an absent field passes (another check reports it)."""
    if value is MISSING:
        return None
    return "is empty" if is_blank(value) else None


@function("truthy")
def truthy(value: Any, options: Mapping[str, Any], call: Call) -> str | None:
    if value is MISSING:
        return "is missing"
    return None if value is True else "is not true"


@function("count", min=_INT, max=_INT)
def count(value: Any, options: Mapping[str, Any], call: Call) -> str | None:
    n = _count(value)
    lo, hi = options.get("min"), options.get("max")
    if (lo is not None and n < lo) or (hi is not None and n > hi):
        if lo is not None and lo == hi:
            wanted = f"exactly {lo}"
        elif hi is None:
            wanted = f"at least {lo}"
        elif lo is None:
            wanted = f"at most {hi}"
        else:
            wanted = f"between {lo} and {hi}"
        if value is MISSING:
            return f"is missing; {wanted} required"
        if n == 0:
            return f"is empty; {wanted} required"
        noun = "entry" if n == 1 else "entries"
        return f"has {n} {noun}; {wanted} required"
    return None


@function("type", type={"enum": ["text", "number", "list", "mapping", "boolean"]})
def type_(value: Any, options: Mapping[str, Any], call: Call) -> str | None:
    if value is MISSING:
        return None
    wanted = options.get("type", "text")
    checks: dict[str, Callable[[Any], bool]] = {
        "text": lambda v: isinstance(v, str),
        "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
        "list": lambda v: isinstance(v, list),
        "mapping": lambda v: isinstance(v, dict),
        "boolean": lambda v: isinstance(v, bool),
    }
    return None if checks[wanted](value) else f"is {_describe(value)}, not {'a ' if wanted != 'text' else ''}{wanted}"


@function("min_words", min=_INT)
def min_words(value: Any, options: Mapping[str, Any], call: Call) -> str | None:
    if value is MISSING or value is None:
        return "is missing"
    if not isinstance(value, str):
        return None  # the schema reports the wrong type
    words = len(value.split())
    wanted = int(options.get("min", 1))
    return f"has {words} word{'s' if words != 1 else ''}; at least {wanted} required" if words < wanted else None


@function("pattern", match={"type": "string", "format": "regex"}, notMatch={"type": "string", "format": "regex"})
def pattern(value: Any, options: Mapping[str, Any], call: Call) -> str | None:
    if not isinstance(value, str):
        return None
    if "match" in options and not re.search(options["match"], value):
        return f"does not match {options['match']}"
    if "notMatch" in options and re.search(options["notMatch"], value):
        return f"matches {options['notMatch']}"
    return None


@function("enum", values={"type": "array"})
def enum(value: Any, options: Mapping[str, Any], call: Call) -> str | None:
    if value is MISSING:
        return None
    allowed = list(options.get("values", []))
    if value in allowed:
        return None
    return f"is {value!r}; expected one of {', '.join(map(str, allowed))}"


@function("length", min=_INT, max=_INT)
def length(value: Any, options: Mapping[str, Any], call: Call) -> str | None:
    if not isinstance(value, (str, list, dict)):
        return None
    n = len(value)
    if "min" in options and n < options["min"]:
        return f"is {n} long; at least {options['min']} required"
    if "max" in options and n > options["max"]:
        return f"is {n} long; at most {options['max']} allowed"
    return None


@function("unique", key={"type": "string"})
def unique(value: Any, options: Mapping[str, Any], call: Call) -> str | None:
    if not isinstance(value, list):
        return None
    key = options.get("key")
    seen: set[str] = set()
    for item in value:
        k = item.get(key) if key and isinstance(item, dict) else item
        marker = repr(k)
        if marker in seen:
            return f"repeats {k!r}"
        seen.add(marker)
    return None


@function("iso_duration", max={"type": "string"})
def iso_duration(value: Any, options: Mapping[str, Any], call: Call) -> str | None:
    if value is MISSING or value is None:
        return None
    duration = parse_duration(value)
    if duration is None:
        return f"{value!r} is not an ISO 8601 duration"
    limit = parse_duration(options.get("max"))
    if limit is not None and duration > limit:
        return f"{value} is longer than {limit}"
    return None


@function("date", before={"type": "string"}, after={"type": "string"})
def date(value: Any, options: Mapping[str, Any], call: Call) -> str | None:
    if value is MISSING or value is None:
        return None
    if not isinstance(value, dt.date):
        return f"{value!r} is not a date (YYYY-MM-DD)"

    def bound(text: str) -> dt.date:
        return call.today if text == "today" else dt.date.fromisoformat(text)

    if "before" in options and not value < bound(options["before"]):
        return f"{value.isoformat()} is not before {options['before']}"
    if "after" in options and not value > bound(options["after"]):
        return f"{value.isoformat()} is not after {options['after']}"
    return None


@function("any_present", fields={"type": "array", "items": {"type": "string"}, "minItems": 1})
def any_present(value: Any, options: Mapping[str, Any], call: Call) -> str | None:
    fields = list(options.get("fields", []))
    if isinstance(value, dict) and any(not is_blank(value.get(f)) for f in fields):
        return None
    return f"has none of {', '.join(fields)}"


@function("all_keys_present", fields={"type": "array", "items": {"type": "string"}, "minItems": 1})
def all_keys_present(value: Any, options: Mapping[str, Any], call: Call) -> str | None:
    if not isinstance(value, dict):
        return None
    missing = [f for f in options.get("fields", []) if f not in value]
    return f"lacks {', '.join(missing)}" if missing else None


@function("not_placeholder")
def not_placeholder(value: Any, options: Mapping[str, Any], call: Call) -> str | None:
    if isinstance(value, str) and value.strip().lower() in PLACEHOLDERS:
        return f"is the placeholder {value!r}"
    return None


@function("resolves", kinds={"type": "array", "items": {"type": "string"}})
def resolves(value: Any, options: Mapping[str, Any], call: Call) -> str | None:
    if value is MISSING or value is None:
        return "is missing"
    refs = value if isinstance(value, list) else [value]
    kinds = [k.lower() for k in options.get("kinds", [])]
    for ref in refs:
        if parse_ref(ref) is None:
            return f"{ref!r} is not a reference"
        doc = call.corpus.resolve(ref, call.document)
        if doc is None:
            return f"{ref} does not resolve"
        if kinds and doc.kind.lower() not in kinds:
            return f"{ref} is a {doc.kind}, expected {' or '.join(kinds)}"
    return None
