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
from dataclasses import dataclass, field
from difflib import get_close_matches
from typing import Any, cast

from itsmlint.durations import Duration, parse_duration
from itsmlint.model import Corpus, Document, is_blank, parse_ref
from itsmlint.params import PARAMS
from itsmlint.patterns import Matcher, PatternError, compile_linear
from itsmlint.selectors import MISSING, SelectorError, Steps, parse_field, select, values_at

__all__ = ["FUNCTIONS", "MISSING", "Call", "Condition", "OptionError", "compile_call", "holds"]


PLACEHOLDERS = frozenset({"tbd", "tba", "n/a", "na", "none", "todo", "unknown", "-", "?", "xxx", "null", "placeholder"})


@dataclass(frozen=True, slots=True)
class Call:
    """What a function may see besides the value."""

    document: Document
    corpus: Corpus
    today: dt.date
    item: Any = None
    """The value being checked around: the rule's selected value, or a list item in ``where``."""
    params: Mapping[str, Any] = field(default_factory=dict)
    """The run's parameters, for ``{param: name}`` options inside conditions."""

    def around(self, item: Any) -> Call:
        return Call(self.document, self.corpus, self.today, item, self.params)


def resolve_params(options: Mapping[str, Any], params: Mapping[str, Any]) -> dict[str, Any]:
    """Options with each ``{param: name}`` value replaced by the parameter's value in this run."""
    return {k: params.get(v["param"], PARAMS[v["param"]][0]) if _is_param(v) else v for k, v in options.items()}


def _is_param(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {"param"}


Function = Callable[[Any, Mapping[str, Any], Call], "str | None"]
Prepare = Callable[[dict[str, Any]], dict[str, Any]]


class OptionError(ValueError):
    """A rule file's function call that cannot work, with the key path to blame."""

    def __init__(self, message: str, pointer: tuple[str | int, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.pointer = pointer


@dataclass(frozen=True, slots=True)
class FunctionSpec:
    fn: Function
    options: dict[str, Any]
    prepare: Prepare | None = None
    """Turns checked options into what ``fn`` reads (parsed fields, conditions, dates), once, at load."""


FUNCTIONS: dict[str, FunctionSpec] = {}

_NUM = {"type": "number"}
_INT = {"type": "integer", "minimum": 0}
_FIELD = {"type": "string", "minLength": 1}
_CONDITIONS = {"type": ["object", "array"]}  # one condition or a list; compile_conditions checks each


def function(name: str, prepare: Prepare | None = None, required: tuple[str, ...] = (),
             **properties: Any) -> Callable[[Function], Function]:
    """Register ``fn`` under ``name`` with the given option properties."""

    def register(fn: Function) -> Function:
        schema: dict[str, Any] = {"type": "object", "properties": properties, "additionalProperties": False}
        if required:
            schema["required"] = list(required)
        FUNCTIONS[name] = FunctionSpec(fn, schema, prepare)
        return fn

    return register


# --------------------------------------------------------------------------
# Conditions: ``when`` on a rule, ``where`` inside the cross-document functions
# --------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Condition:
    """A function call that must pass for something to count, e.g. ``spec.criticality`` equals ``high``."""

    field: str | None
    path: tuple[bool, Steps] | None
    function: str
    options: Mapping[str, Any]

    def holds(self, item: Any, call: Call) -> bool:
        """True when any value the field names passes; a missing field passes only ``absent``."""
        fn = FUNCTIONS[self.function].fn
        options = resolve_params(self.options, call.params)
        # compare's other field is read beside this one, in the item the condition is about.
        inner = call.around(item)
        for value in values_at(item, call.document.data, self.path):
            if value is MISSING and self.function != "absent":
                continue
            if fn(value, options, inner) is None:
                return True
        return False

    def describe(self) -> str:
        subject = self.field or "the value"
        o = self.options
        phrases = {"present": "present", "absent": "absent", "non_empty": "not empty", "truthy": "true"}
        if self.function == "equals":
            phrase = f"= {o.get('value')}"
        elif self.function == "enum":
            phrase = f"in {', '.join(map(str, o.get('values', [])))}"
        elif self.function == "resolves":
            kinds = o.get("kinds") or []
            phrase = f"resolving to a {' or '.join(kinds)}" if kinds else "resolving"
        elif self.function == "pattern":
            phrase = f"matching {o.get('match') or o.get('notMatch')}"
        else:
            phrase = phrases.get(self.function, f"passing {self.function}")
        return f"{subject} {phrase}"


def holds(conditions: tuple[Condition, ...], item: Any, call: Call) -> bool:
    return all(c.holds(item, call) for c in conditions)


def describe(conditions: tuple[Condition, ...]) -> str:
    return " and ".join(c.describe() for c in conditions)


def compile_call(item: Mapping[str, Any], pointer: tuple[str | int, ...] = ()) -> tuple[str, dict[str, Any]]:
    """Check a ``{function, options}`` call against its function and prepare its options.

    Raises :class:`OptionError` naming the key to blame. ``{param: name}``
    option values are left for the run to fill in.
    """
    from itsmlint.validation import compiled  # jsonschema only when rule files are loaded

    name = item.get("function")
    spec = FUNCTIONS.get(name) if isinstance(name, str) else None
    if spec is None:
        guess = get_close_matches(str(name), list(FUNCTIONS), n=1)
        hint = f"did you mean {guess[0]!r}? " if guess else ""
        raise OptionError(f"unknown function {name!r}; {hint}known: {', '.join(sorted(FUNCTIONS))}",
                          (*pointer, "function"))
    options = item.get("options", {})
    if not isinstance(options, dict):
        raise OptionError(f"options of {name} must be a mapping", (*pointer, "options"))
    params = {k: v["param"] for k, v in options.items() if _is_param(v)}
    for key, name_ in params.items():
        if name_ not in PARAMS:
            raise OptionError(f"unknown parameter {name_!r}", (*pointer, "options", key))
    # A parameter's value is known only when the rule runs: check and prepare with its default instead.
    plain = {k: PARAMS[params[k]][0] if k in params else v for k, v in options.items()}
    errors = compiled(spec.options).first_errors(plain)
    if errors:
        err = min(errors, key=lambda e: len(e.absolute_path))
        where = tuple(err.absolute_path)
        if err.validator == "additionalProperties":
            known = ", ".join(spec.options["properties"]) or "none"
            extra = sorted(set(cast("dict[str, Any]", err.instance)) - set(spec.options["properties"]))
            raise OptionError(f"unknown option {extra[0]!r} for {name} (its options: {known})",
                              (*pointer, "options", *where, extra[0]))
        raise OptionError(f"bad options for {name}: {err.message}", (*pointer, "options", *where))
    if spec.prepare is not None:
        try:
            prepared = spec.prepare(plain)
        except OptionError as exc:
            raise OptionError(f"{name}: {exc.message}", (*pointer, "options", *exc.pointer)) from None
        # What was prepared from a parameter's default would be stale: the function derives it at run time.
        options = {**options, **{k: v for k, v in prepared.items() if k[1:] not in params}}
    return str(name), options


def compile_field(text: Any, pointer: tuple[str | int, ...]) -> tuple[bool, Steps] | None:
    if text is None:
        return None
    if not isinstance(text, str):
        raise OptionError("a field is a dotted path such as spec.owner", pointer)
    try:
        return parse_field(text)
    except SelectorError as exc:
        raise OptionError(str(exc), pointer) from None


def compile_conditions(raw: Any, pointer: tuple[str | int, ...] = ()) -> tuple[Condition, ...]:
    """``[{field, function, options}, ...]`` as conditions; one mapping is a list of one."""
    items = raw if isinstance(raw, list) else [raw]
    if not items:
        raise OptionError("give at least one condition", pointer)
    out = []
    for i, item in enumerate(items):
        where = (*pointer, i) if isinstance(raw, list) else pointer
        if not isinstance(item, dict):
            raise OptionError("a condition is a mapping with a function (and a field, options)", where)
        extra = sorted(set(item) - {"field", "function", "options"})
        if extra:
            raise OptionError(f"unknown key {extra[0]!r} in a condition (keys: field, function, options)",
                              (*where, extra[0]))
        name, options = compile_call(item, where)
        out.append(Condition(item.get("field"), compile_field(item.get("field"), (*where, "field")), name, options))
    return tuple(out)


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
def min_words(value: Any, options: Mapping[str, Any], call: Call) -> str | None:
    if value is MISSING or value is None:
        return "is missing"
    if not isinstance(value, str):
        return None  # the schema reports the wrong type
    words = len(value.split())
    wanted = int(options.get("min", 1))
    return f"has {words} word{'s' if words != 1 else ''}; at least {wanted} required" if words < wanted else None


def _regexes(options: dict[str, Any]) -> dict[str, Any]:
    # A rule file comes from the linted repository: its patterns run on RE2,
    # in time linear in the value, never on a backtracking engine (see
    # itsmlint.patterns for why RE2 rather than a timeout).
    if "match" not in options and "notMatch" not in options:
        raise OptionError("give match or notMatch")
    out = {}
    for key in ("match", "notMatch"):
        if key in options:
            try:
                out[f"_{key}"] = compile_linear(options[key])
            except PatternError as exc:
                raise OptionError(str(exc), (key,)) from None
    return out


@function("pattern", prepare=_regexes, match={"type": "string"}, notMatch={"type": "string"})
def pattern(value: Any, options: Mapping[str, Any], call: Call) -> str | None:
    if not isinstance(value, str):
        return None
    if "match" in options and not _regex(options, "match").search(value):
        return f"does not match {options['match']}"
    if "notMatch" in options and _regex(options, "notMatch").search(value):
        return f"matches {options['notMatch']}"
    return None


def _regex(options: Mapping[str, Any], key: str) -> Matcher:
    compiled_: Matcher | None = options.get(f"_{key}")
    # Compiled at load, unless the pattern is a {param: name} whose value only the run knows.
    return compiled_ if compiled_ is not None else compile_linear(options[key])


@function("enum", values={"type": "array"})
def enum(value: Any, options: Mapping[str, Any], call: Call) -> str | None:
    if value is MISSING:
        return None
    allowed = list(options.get("values", []))
    if any(_same(value, a) for a in allowed):
        return None
    return f"is {_show(value)}; expected one of {', '.join(map(str, allowed))}"


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
        if key and not (isinstance(item, dict) and key in item):
            continue  # an item without the key repeats nothing
        k = item[key] if key else item
        marker = repr(k)
        if marker in seen:
            return f"repeats {k!r}"
        seen.add(marker)
    return None


def _durations(options: dict[str, Any]) -> dict[str, Any]:
    for key in ("min", "max"):
        if key in options and parse_duration(options[key]) is None:
            raise OptionError(f"{options[key]!r} is not an ISO 8601 duration such as PT4H or P30D", (key,))
    return {}


@function("iso_duration", prepare=_durations, min={"type": "string"}, max={"type": "string"})
def iso_duration(value: Any, options: Mapping[str, Any], call: Call) -> str | None:
    if value is MISSING or value is None:
        return None
    duration = parse_duration(value)
    if duration is None:
        return f"{value!r} is not an ISO 8601 duration"
    low, high = parse_duration(options.get("min")), parse_duration(options.get("max"))
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


def _dates(options: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key in ("before", "after"):
        if key in options:
            try:
                out[f"_{key}"] = _bound(str(options[key]))
            except OptionError as exc:
                raise OptionError(exc.message, (key,)) from None
    return out


def _date_of(options: Mapping[str, Any], key: str, today: dt.date) -> dt.date:
    bound = options.get(f"_{key}") or _bound(str(options[key]))
    if isinstance(bound, dt.date):
        return bound
    sign, duration = bound
    return duration.add_to(today, sign)


@function("date", prepare=_dates, before={"type": "string"}, after={"type": "string"})
def date(value: Any, options: Mapping[str, Any], call: Call) -> str | None:
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
        limit = _date_of(options, "before", call.today)
        if not value < limit:
            return f"{value.isoformat()} is not before {options['before']} ({limit.isoformat()})"
    if "after" in options:
        limit = _date_of(options, "after", call.today)
        if not value > limit:
            return f"{value.isoformat()} is not after {options['after']} ({limit.isoformat()})"
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


def _where(options: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if "where" in options:
        out["_where"] = compile_conditions(options["where"], ("where",))
    if "field" in options:
        out["_field"] = compile_field(options["field"], ("field",))
    return out


def _conditions(options: Mapping[str, Any], key: str = "where") -> tuple[Condition, ...]:
    found = options.get(f"_{key}")
    if isinstance(found, tuple):
        return found
    return compile_conditions(options[key]) if key in options else ()


@function("resolves", prepare=_where, kinds={"type": "array", "items": {"type": "string"}}, where=_CONDITIONS,
          all={"type": "boolean"})
def resolves(value: Any, options: Mapping[str, Any], call: Call) -> str | None:
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
def absent(value: Any, options: Mapping[str, Any], call: Call) -> str | None:
    return None if value is MISSING else "is present but must not be"


@function("equals", required=("value",), value={})
def equals(value: Any, options: Mapping[str, Any], call: Call) -> str | None:
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
    "<": lambda a, b: a < b, "<=": lambda a, b: a <= b, "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b, ">=": lambda a, b: a >= b, ">": lambda a, b: a > b,
}
_OP_WORDS = {"<": "less than", "<=": "at most", "==": "equal to", "!=": "different from", ">=": "at least",
             ">": "more than"}


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
def compare(value: Any, options: Mapping[str, Any], call: Call) -> str | None:
    """The value against another field of the same item (``$.`` for the document) or a fixed value."""
    if value is MISSING or value is None:
        return None  # present/non_empty report an absent field
    if "field" in options:
        path = options.get("_field") or parse_field(options["field"])
        others = values_at(call.item, call.document.data, path)
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


@function("any_item", prepare=lambda o: {"_where": compile_conditions(o["where"], ("where",))}, required=("where",),
          where=_CONDITIONS, min={"type": "integer", "minimum": 1})
def any_item(value: Any, options: Mapping[str, Any], call: Call) -> str | None:
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


@function("referenced_by", prepare=_referenced_options, required=("kind", "field"), kind={"type": "string"},
          field=_FIELD, where=_CONDITIONS, min={"type": "integer", "minimum": 1})
def referenced_by(value: Any, options: Mapping[str, Any], call: Call) -> str | None:
    """At least ``min`` documents of ``kind`` refer to this document through ``field`` (and meet ``where``)."""
    # A field of another document is read from its root: "spec.service" and "$.spec.service" agree.
    _, steps = options.get("_field") or parse_field(options["field"])
    candidates = _referrers(call, options["kind"], (True, steps))
    where = _conditions(options)
    fitting = [d for d in candidates.get(id(call.document), [])
               if not where or holds(where, d.data, _seen_from(call, d))]
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
