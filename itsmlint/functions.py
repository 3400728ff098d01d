"""The function library of declarative rules (the language itself is :mod:`itsmlint.dsl`).

Each function looks at one value and returns None when it is fine, or a short
phrase saying what is wrong ("is missing", "has 2 entries; exactly 1 is
required"). The phrase fills ``{error}`` in the rule's message. Each function
declares a JSON Schema for its options, checked when a rule file is loaded,
and may prepare them (a pattern compiled, a field parsed): it then reads the
prepared values, which still show as the text that was written.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from itsmlint.dsl import (
    Call,
    Condition,
    OptionError,
    Prepared,
    compile_conditions,
    compile_field,
    describe,
    function,
    holds,
)
from itsmlint.durations import Duration, parse_duration
from itsmlint.model import Document, is_blank, parse_ref
from itsmlint.patterns import Matcher, PatternError, compile_linear
from itsmlint.selectors import MISSING, Steps, select, values_at

#: Values that stand for "not filled in yet": a field holding one is as good as empty.
PLACEHOLDER_VALUES = frozenset(
    {"tbd", "tba", "n/a", "na", "none", "todo", "unknown", "-", "?", "xxx", "null", "placeholder"}
)


_NUM = {"type": "number"}
_INT = {"type": "integer", "minimum": 0}
_FIELD = {"type": "string", "minLength": 1}
_CONDITIONS = {"type": ["object", "array"]}  # one condition or a list; compile_conditions checks each


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
    if isinstance(value, dt.date):
        return "a date"
    if isinstance(value, (int, float)):
        return "a number"
    return "text"


@function("present")
def present(value: Any, options: Prepared, call: Call) -> str | None:
    return "is missing" if value is MISSING else None


@function("non_empty")
def non_empty(value: Any, options: Prepared, call: Call) -> str | None:
    if value is MISSING:
        return "is missing"
    return "is empty" if is_blank(value) else None


@function("not_blank")
def not_blank(value: Any, options: Prepared, call: Call) -> str | None:
    """Like non_empty, but an absent field passes (another check reports it)."""
    if value is MISSING:
        return None
    return "is empty" if is_blank(value) else None


@function("truthy")
def truthy(value: Any, options: Prepared, call: Call) -> str | None:
    if value is MISSING:
        return "is missing"
    return None if value is True else "is not true"


@function("count", min=_INT, max=_INT)
def count(value: Any, options: Prepared, call: Call) -> str | None:
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
def type_(value: Any, options: Prepared, call: Call) -> str | None:
    if value is MISSING or value is None:
        return None  # absent or empty: present and non_empty say so
    wanted = options.get("type", "text")
    checks: dict[str, Callable[[Any], bool]] = {
        # An unquoted 2026-01-31 is a date to YAML and text to the schemas.
        "text": lambda v: isinstance(v, (str, dt.date)),
        "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
        "list": lambda v: isinstance(v, list),
        "mapping": lambda v: isinstance(v, dict),
        "boolean": lambda v: isinstance(v, bool),
    }
    return None if checks[wanted](value) else f"is {_describe(value)}, not {'a ' if wanted != 'text' else ''}{wanted}"


@function("min_words", min=_INT)
def min_words(value: Any, options: Prepared, call: Call) -> str | None:
    if value is MISSING or value is None:
        return "is missing"
    if not isinstance(value, str):
        return None  # the schema reports the wrong type
    words = len(value.split())
    wanted = int(options.get("min", 1))
    return f"has {words} word{'s' if words != 1 else ''}; at least {wanted} required" if words < wanted else None


@dataclass(frozen=True, slots=True)
class Pattern:
    """A pattern option, compiled: shows as the pattern that was written."""

    text: str
    matcher: Matcher

    def __str__(self) -> str:
        return self.text


def _regexes(options: dict[str, Any]) -> dict[str, Any]:
    # A rule file comes from the linted repository: its patterns run on RE2,
    # in time linear in the value, never on a backtracking engine (see
    # itsmlint.patterns for why RE2 rather than a timeout).
    if "match" not in options and "notMatch" not in options:
        raise OptionError("give match or notMatch")
    out: dict[str, Any] = {}
    for key in ("match", "notMatch"):
        if key in options:
            try:
                out[key] = Pattern(options[key], compile_linear(options[key]))
            except PatternError as exc:
                raise OptionError(str(exc), (key,)) from None
    return out


@function("pattern", prepare=_regexes, match={"type": "string"}, notMatch={"type": "string"})
def pattern(value: Any, options: Prepared, call: Call) -> str | None:
    if not isinstance(value, str):
        return None
    if "match" in options and not options["match"].matcher.search(value):
        return f"does not match {options['match']}"
    if "notMatch" in options and options["notMatch"].matcher.search(value):
        return f"matches {options['notMatch']}"
    return None


@function("enum", values={"type": "array"})
def enum(value: Any, options: Prepared, call: Call) -> str | None:
    if value is MISSING:
        return None
    allowed = list(options.get("values", []))
    if any(_same(value, a) for a in allowed):
        return None
    return f"is {_show(value)}; expected one of {', '.join(map(str, allowed))}"


@function("length", min=_INT, max=_INT)
def length(value: Any, options: Prepared, call: Call) -> str | None:
    if not isinstance(value, (str, list, dict)):
        return None
    n = len(value)
    if "min" in options and n < options["min"]:
        return f"is {n} long; at least {options['min']} required"
    if "max" in options and n > options["max"]:
        return f"is {n} long; at most {options['max']} allowed"
    return None


@function("unique", key={"type": "string"})
def unique(value: Any, options: Prepared, call: Call) -> str | None:
    if not isinstance(value, list):
        return None
    key = options.get("key")
    seen: set[str] = set()
    for item in value:
        if key and not (isinstance(item, dict) and key in item):
            continue  # an item without the key repeats nothing
        k = item[key] if key else item
        marker = repr(k)
        if marker in seen:
            return f"repeats {k!r}"
        seen.add(marker)
    return None


def _durations(options: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in ("min", "max"):
        if key in options:
            parsed = parse_duration(options[key])
            if parsed is None:
                raise OptionError(f"{options[key]!r} is not an ISO 8601 duration such as PT4H or P30D", (key,))
            out[key] = parsed
    return out


@function("iso_duration", prepare=_durations, min={"type": "string"}, max={"type": "string"})
def iso_duration(value: Any, options: Prepared, call: Call) -> str | None:
    if value is MISSING or value is None:
        return None
    duration = parse_duration(value)
    if duration is None:
        return f"{value!r} is not an ISO 8601 duration"
    low, high = options.get("min"), options.get("max")
    if high is not None and duration > high:
        return f"{value} is longer than {high}"
    if low is not None and duration < low:
        return f"{value} is shorter than {low}"
    return None


_RELATIVE = re.compile(r"^today(?:\s*(?P<sign>[+-])\s*(?P<duration>P\S+))?$")


def _bound(text: str) -> tuple[int, Duration] | dt.date:
    """``today``, ``today+P30D``, ``today-P1Y`` or a fixed ``YYYY-MM-DD``."""
    m = _RELATIVE.match(text.strip())
    if m:
        duration = parse_duration(m.group("duration") or "P0D")
        if duration is None:
            raise OptionError(f"{m.group('duration')!r} is not an ISO 8601 duration")
        return (-1 if m.group("sign") == "-" else 1), duration
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise OptionError(f"{text!r} is neither a date (YYYY-MM-DD) nor today, today+P30D, today-P1Y") from None


@dataclass(frozen=True, slots=True)
class Bound:
    """A date option, parsed: a fixed date, or a distance from today; shows as what was written."""

    text: str
    value: tuple[int, Duration] | dt.date

    def __str__(self) -> str:
        return self.text

    def on(self, today: dt.date) -> dt.date:
        if isinstance(self.value, dt.date):
            return self.value
        sign, duration = self.value
        return duration.add_to(today, sign)


def _dates(options: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in ("before", "after"):
        if key in options:
            try:
                out[key] = Bound(str(options[key]), _bound(str(options[key])))
            except OptionError as exc:
                raise OptionError(exc.message, (key,)) from None
    return out


@function("date", prepare=_dates, before={"type": "string"}, after={"type": "string"})
def date(value: Any, options: Prepared, call: Call) -> str | None:
    if value is MISSING or value is None:
        return None
    if isinstance(value, str):  # quoted: "2026-01-31" is still a date
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            return f"{value!r} is not a date (YYYY-MM-DD)"
    if not isinstance(value, dt.date):
        return f"{value!r} is not a date (YYYY-MM-DD)"
    if "before" in options:
        limit = options["before"].on(call.today)
        if not value < limit:
            return f"{value.isoformat()} is not before {options['before']} ({limit.isoformat()})"
    if "after" in options:
        limit = options["after"].on(call.today)
        if not value > limit:
            return f"{value.isoformat()} is not after {options['after']} ({limit.isoformat()})"
    return None


@function("any_present", fields={"type": "array", "items": {"type": "string"}, "minItems": 1})
def any_present(value: Any, options: Prepared, call: Call) -> str | None:
    fields = list(options.get("fields", []))
    if isinstance(value, dict) and any(not is_blank(value.get(f)) for f in fields):
        return None
    return f"has none of {', '.join(fields)}"


@function("all_keys_present", fields={"type": "array", "items": {"type": "string"}, "minItems": 1})
def all_keys_present(value: Any, options: Prepared, call: Call) -> str | None:
    if not isinstance(value, dict):
        return None
    missing = [f for f in options.get("fields", []) if f not in value]
    return f"lacks {', '.join(missing)}" if missing else None


@function("not_placeholder")
def not_placeholder(value: Any, options: Prepared, call: Call) -> str | None:
    if isinstance(value, str) and value.strip().lower() in PLACEHOLDER_VALUES:
        return f"is the placeholder {value!r}"
    return None


def _where(options: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "where" in options:
        out["where"] = compile_conditions(options["where"], ("where",))
    if "field" in options:
        out["field"] = compile_field(options["field"], ("field",))
    return out


def _conditions(options: Prepared) -> tuple[Condition, ...]:
    found: tuple[Condition, ...] = options.get("where", ())
    return found


@function(
    "resolves",
    prepare=_where,
    kinds={"type": "array", "items": {"type": "string"}},
    where=_CONDITIONS,
    all={"type": "boolean"},
)
def resolves(value: Any, options: Prepared, call: Call) -> str | None:
    """Each reference resolves (to one of ``kinds``); with ``where``, every one (or, ``all: false``, one) fits."""
    if value is MISSING or value is None:
        return "is missing"
    refs = value if isinstance(value, list) else [value]
    kinds = [k.lower() for k in options.get("kinds", [])]
    where = _conditions(options)
    fitting = 0
    for ref in refs:
        if parse_ref(ref) is None:
            return f"{ref!r} is not a reference"
        doc = call.corpus.resolve(ref, call.document)
        if doc is None:
            return f"{ref} does not resolve"
        if kinds and doc.acts_as.lower() not in kinds:
            return f"{ref} is a {doc.qualified_kind}, expected {' or '.join(kinds)}"
        if where:
            fits = holds(where, doc.data, _seen_from(call, doc))
            fitting += fits
            if not fits and options.get("all", True):
                return f"{ref} does not have {describe(where)}"
    if where and not fitting:
        return f"refers to nothing with {describe(where)}"
    return None


def _seen_from(call: Call, doc: Document) -> Call:
    """The call as another document sees it: its own ``$`` fields, its own references."""
    return Call(doc, call.corpus, call.today, doc.data, call.params)


@function("absent")
def absent(value: Any, options: Prepared, call: Call) -> str | None:
    return None if value is MISSING else "is present but must not be"


@function("equals", required=("value",), value={})
def equals(value: Any, options: Prepared, call: Call) -> str | None:
    if value is MISSING:
        return "is missing"
    expected = options["value"]
    if _same(value, expected):
        return None
    return f"is {_show(value)}, not {_show(expected)}"


def _same(value: Any, expected: Any) -> bool:
    if isinstance(value, dt.date) and isinstance(expected, str):
        return value.isoformat() == expected.strip()
    if isinstance(expected, dt.date) and isinstance(value, str):
        return expected.isoformat() == value.strip()
    if isinstance(value, bool) or isinstance(expected, bool):
        return value is expected
    return bool(value == expected)


def _show(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return repr(value) if isinstance(value, str) else str(value)


_OPS: dict[str, Callable[[Any, Any], bool]] = {
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    ">=": lambda a, b: a >= b,
    ">": lambda a, b: a > b,
}
_OP_WORDS = {
    "<": "less than",
    "<=": "at most",
    "==": "equal to",
    "!=": "different from",
    ">=": "at least",
    ">": "more than",
}


def _compare_options(options: dict[str, Any]) -> dict[str, Any]:
    if ("field" in options) == ("value" in options):
        raise OptionError("give exactly one of field (another field to compare with) or value")
    return _where(options)


def _comparable(value: Any) -> tuple[str, Any] | None:
    """Numbers, ISO 8601 durations and dates compare with their own kind."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return "number", value
    if isinstance(value, dt.date):
        return "date", value
    if isinstance(value, str):
        duration = parse_duration(value)
        if duration is not None:
            return "duration", duration.total_seconds
        try:
            return "date", dt.date.fromisoformat(value)
        except ValueError:
            return "text", value
    return None


@function("compare", prepare=_compare_options, required=("op",), op={"enum": list(_OPS)}, field=_FIELD, value={})
def compare(value: Any, options: Prepared, call: Call) -> str | None:
    """The value against another field of the same item (``$.`` for the document) or a fixed value."""
    if value is MISSING or value is None:
        return None  # present/non_empty report an absent field
    if "field" in options:
        others = values_at(call.item, call.document.data, options["field"].path)
        other, label = others[0], f"{options['field']}"
        if other is MISSING or other is None:
            return None
    else:
        other, label = options["value"], _show(options["value"])
    left, right = _comparable(value), _comparable(other)
    op = options["op"]
    if left is None or right is None or left[0] != right[0] or (left[0] == "text" and op not in ("==", "!=")):
        return f"is {_show(value)}, which cannot be compared with {label} ({_show(other)})"
    if _OPS[op](left[1], right[1]):
        return None
    shown = f" ({_show(other)})" if "field" in options else ""
    return f"is {_show(value)}, not {_OP_WORDS[op]} {label}{shown}"


@function(
    "any_item",
    prepare=lambda o: {"where": compile_conditions(o["where"], ("where",))},
    required=("where",),
    where=_CONDITIONS,
    min={"type": "integer", "minimum": 1},
)
def any_item(value: Any, options: Prepared, call: Call) -> str | None:
    """A list holds at least ``min`` (default 1) items that meet every ``where`` condition."""
    if value is MISSING or value is None:
        return "is missing"
    if not isinstance(value, list):
        return None  # the schema reports the wrong type
    where = _conditions(options)
    wanted = int(options.get("min", 1))
    n = sum(1 for item in value if holds(where, item, call))
    if n >= wanted:
        return None
    if n == 0:
        return f"has no item with {describe(where)}"
    return f"has {n} item{'s' if n != 1 else ''} with {describe(where)}; at least {wanted} required"


def _referrers(call: Call, kind: str, path: tuple[bool, Steps]) -> dict[int, list[Document]]:
    """Documents of ``kind`` by the document their ``path`` refers to, built once per run and path."""

    def build() -> dict[int, list[Document]]:
        index: dict[int, list[Document]] = {}
        for other in call.corpus.of_kind(kind):
            seen: set[int] = set()
            for _, ref in select(other.data, path[1]):
                for one in ref if isinstance(ref, list) else [ref]:
                    target = call.corpus.resolve(one, other)
                    if target is not None and id(target) not in seen:
                        seen.add(id(target))
                        index.setdefault(id(target), []).append(other)
        return index

    return call.corpus.memo(("referrers", kind, path), build)


def _referenced_options(options: dict[str, Any]) -> dict[str, Any]:
    from itsmlint.model import KINDS

    if options["kind"] not in KINDS.values():
        raise OptionError(f"unknown kind {options['kind']!r}", ("kind",))
    return _where(options)


@function(
    "referenced_by",
    prepare=_referenced_options,
    required=("kind", "field"),
    kind={"type": "string"},
    field=_FIELD,
    where=_CONDITIONS,
    min={"type": "integer", "minimum": 1},
)
def referenced_by(value: Any, options: Prepared, call: Call) -> str | None:
    """At least ``min`` documents of ``kind`` refer to this document through ``field`` (and meet ``where``)."""
    # A field of another document is read from its root: "spec.service" and "$.spec.service" agree.
    _, steps = options["field"].path
    candidates = _referrers(call, options["kind"], (True, steps))
    where = _conditions(options)
    fitting = [
        d for d in candidates.get(id(call.document), []) if not where or holds(where, d.data, _seen_from(call, d))
    ]
    wanted = int(options.get("min", 1))
    if len(fitting) >= wanted:
        return None
    tail = f" whose {options['field']} refers to it" + (f" with {describe(where)}" if where else "")
    if not fitting:
        return f"has no {options['kind']}{tail}"
    kind = options["kind"] if len(fitting) == 1 else _plural(options["kind"])
    return f"has {len(fitting)} {kind}{tail}; at least {wanted} required"


def _plural(noun: str) -> str:
    if noun.endswith("y"):
        return noun[:-1] + "ies"
    return noun + ("es" if noun.endswith("s") else "s")
