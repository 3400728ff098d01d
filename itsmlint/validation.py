"""JSON Schema validation: a compiled yes/no check first, jsonschema for details.

Every schema itsmlint uses (the kind schemas, the config schema, the rule
meta-schema, the options of functions and parameters) goes through here.
Most instances are valid, so each schema is compiled once into a predicate
built from closures, which answers "valid?" several times faster than
jsonschema's general machinery; only an invalid instance pays for
jsonschema's detailed errors, and jsonschema is not even imported until one
turns up. That keeps a clean run, and the start of every run, light.

Two conventions hold in both paths, because the instances come from YAML:

* a date the loader produced from an unquoted ``2025-01-15`` counts as a
  string (and is checked against ``pattern`` and ``format: date`` as its
  ISO text);
* a key written with no value (``owner:``) counts as absent; the rules
  report missing values with better messages than a type error.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Mapping
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple, cast

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError
    from jsonschema.protocols import Validator

Check = Callable[[Any], bool]

_DATE_TEXT = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def as_text(instance: object) -> object:
    """A date as its ISO text; anything else unchanged."""
    return instance.isoformat() if isinstance(instance, dt.date) else instance


def date_format(instance: object) -> bool:
    """The ``date`` format: a date object, or YYYY-MM-DD text naming a real day."""
    if isinstance(instance, dt.date) or not isinstance(instance, str):
        return True
    if not _DATE_TEXT.match(instance):
        return False
    try:
        dt.date.fromisoformat(instance)
    except ValueError:
        return False
    return True


# --------------------------------------------------------------------------
# The quick check
# --------------------------------------------------------------------------

_PY_TYPES: dict[str, Check] = {
    "string": lambda v: isinstance(v, (str, dt.date)),
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "boolean": lambda v: isinstance(v, bool),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "null": lambda v: v is None,
}
_ANNOTATIONS = frozenset({"description", "title", "$schema", "$id", "x-ref", "x-ref-text", "default", "examples"})
_OBJECT_KEYWORDS = ("properties", "patternProperties", "additionalProperties")


class Unsupported(Exception):
    """The schema uses a keyword the quick check does not know; jsonschema decides alone."""


def _number(v: Any) -> bool:
    return _PY_TYPES["number"](v)


def _same(a: Any, b: Any) -> bool:
    return bool(a == b) and type(a) is type(b)  # JSON Schema: true is not 1


def _type(expected: Any) -> Check:
    tests = [_PY_TYPES[t] for t in (expected if isinstance(expected, list) else [expected])]
    if len(tests) == 1:
        return tests[0]
    return lambda v: any(test(v) for test in tests)


def _const(expected: Any) -> Check:
    return lambda v: _same(v, expected)


def _enum(expected: Any) -> Check:
    return lambda v: any(_same(v, option) for option in expected)


def _pattern(expected: Any) -> Check:
    regex = re.compile(expected)
    return lambda v: not isinstance(v, (str, dt.date)) or regex.search(str(as_text(v))) is not None


def _max_length(expected: Any) -> Check:
    return lambda v: not isinstance(v, str) or len(v) <= expected


def _min_length(expected: Any) -> Check:
    return lambda v: not isinstance(v, str) or len(v) >= expected


def _minimum(expected: Any) -> Check:
    return lambda v: not _number(v) or v >= expected


def _maximum(expected: Any) -> Check:
    return lambda v: not _number(v) or v <= expected


def _exclusive_minimum(expected: Any) -> Check:
    return lambda v: not _number(v) or v > expected


def _format(expected: Any) -> Check:
    if expected == "date":
        return date_format
    if expected == "regex":
        return _is_regex
    raise Unsupported(f"format {expected}")


def _is_regex(v: Any) -> bool:
    if not isinstance(v, str):
        return True
    try:
        re.compile(v)
    except re.error:
        return False
    return True


def _required(expected: Any) -> Check:
    return lambda v: not isinstance(v, dict) or all(k in v for k in expected)


def _items(expected: Any) -> Check:
    item = compile_check(expected)
    return lambda v: not isinstance(v, list) or all(item(x) for x in v)


def _min_items(expected: Any) -> Check:
    return lambda v: not isinstance(v, list) or len(v) >= expected


def _max_items(expected: Any) -> Check:
    return lambda v: not isinstance(v, list) or len(v) <= expected


def _min_properties(expected: Any) -> Check:
    return lambda v: not isinstance(v, dict) or len(v) >= expected


def _max_properties(expected: Any) -> Check:
    return lambda v: not isinstance(v, dict) or len(v) <= expected


def _property_names(expected: Any) -> Check:
    name = compile_check(expected)
    return lambda v: not isinstance(v, dict) or all(name(k) for k in v)


def _one_of(expected: Any) -> Check:
    branches = [compile_check(b) for b in expected]
    return lambda v: sum(1 for b in branches if b(v)) == 1


def _any_of(expected: Any) -> Check:
    branches = [compile_check(b) for b in expected]
    return lambda v: any(b(v) for b in branches)


def _all_of(expected: Any) -> Check:
    branches = [compile_check(b) for b in expected]
    return lambda v: all(b(v) for b in branches)


def _dependent_required(expected: Any) -> Check:
    return lambda v: not isinstance(v, dict) or all(all(d in v for d in deps) for k, deps in expected.items() if k in v)


_KEYWORDS: dict[str, Callable[[Any], Check]] = {
    "type": _type,
    "const": _const,
    "enum": _enum,
    "pattern": _pattern,
    "maxLength": _max_length,
    "minLength": _min_length,
    "minimum": _minimum,
    "maximum": _maximum,
    "exclusiveMinimum": _exclusive_minimum,
    "format": _format,
    "required": _required,
    "items": _items,
    "minItems": _min_items,
    "maxItems": _max_items,
    "minProperties": _min_properties,
    "maxProperties": _max_properties,
    "propertyNames": _property_names,
    "oneOf": _one_of,
    "anyOf": _any_of,
    "allOf": _all_of,
    "dependentRequired": _dependent_required,
}


def compile_check(node: Any) -> Check:
    """Turn a ``$ref``-free schema into a predicate, or raise :class:`Unsupported`."""
    if node is True or node == {}:
        return lambda value: True
    if node is False:
        return lambda value: False
    if not isinstance(node, dict):
        raise Unsupported(repr(node))
    checks: list[Check] = []
    for keyword, expected in node.items():
        if keyword in _ANNOTATIONS or keyword in _OBJECT_KEYWORDS:
            continue
        factory = _KEYWORDS.get(keyword)
        if factory is None:
            raise Unsupported(keyword)
        checks.append(factory(expected))
    if any(k in node for k in _OBJECT_KEYWORDS):
        checks.append(_compile_object(node))
    # Most schema nodes hold one or two keywords: no generator for those.
    if not checks:
        return lambda value: True
    if len(checks) == 1:
        return checks[0]
    if len(checks) == 2:
        first, second = checks
        return lambda value: first(value) and second(value)
    return lambda value: all(check(value) for check in checks)


def _compile_object(node: dict[str, Any]) -> Check:
    properties = {name: compile_check(sub) for name, sub in node.get("properties", {}).items()}
    patterns = [(re.compile(p), compile_check(sub)) for p, sub in node.get("patternProperties", {}).items()]
    extra = compile_check(node.get("additionalProperties", True))

    by_key: dict[str, list[Check]] = {}  # the pattern checks that apply to a key, found once per key

    def check(value: Any) -> bool:
        if not isinstance(value, dict):
            return True
        for key, item in value.items():
            if item is None and key in properties:
                continue  # a key with no value counts as absent
            known = properties.get(key)
            matched = False
            if known is not None:
                if not known(item):
                    return False
                matched = True
            if patterns:
                subs = by_key.get(key)
                if subs is None:
                    subs = by_key[key] = [sub for regex, sub in patterns if regex.search(str(key))]
                for sub in subs:
                    matched = True
                    if not sub(item):
                        return False
            if not matched and not extra(item):
                return False
        return True

    return check


# --------------------------------------------------------------------------
# The detailed check: what is wrong, where, as jsonschema would say it
# --------------------------------------------------------------------------


class Violation(NamedTuple):
    """One failed keyword: where, which keyword with what it expected, the value there, and the schema node.

    The same facts as a jsonschema ``ValidationError``, for the schemas whose
    keywords :func:`compile_explain` knows.
    """

    path: tuple[str | int, ...]
    keyword: str
    expected: Any
    instance: Any
    schema: dict[str, Any]
    message: str = ""
    """jsonschema's own sentence, when it found the violation."""


Explain = Callable[[Any, tuple[str | int, ...], list[Violation]], None]


# jsonschema's types, with a date counted as text: 1.0 is an integer there, unlike in the quick check
# above (which then sends such a value here, where it is found to be valid after all).
_JSON_TYPES: dict[str, Check] = {
    **_PY_TYPES,
    "integer": lambda v: (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and v.is_integer()),
}


def _explained_type(expected: Any) -> Check:
    tests = [_JSON_TYPES[t] for t in (expected if isinstance(expected, list) else [expected])]
    return lambda v: any(test(v) for test in tests)


def _explain_keyword(node: dict[str, Any], keyword: str, expected: Any) -> Explain | None:
    """The explainer of one keyword, with jsonschema's semantics (Draft 2020-12) and the YAML conventions above."""

    def report(test: Check) -> Explain:
        def run(value: Any, path: tuple[str | int, ...], out: list[Violation]) -> None:
            if not test(value):
                out.append(Violation(path, keyword, expected, value, node))

        return run

    if keyword in ("properties", "patternProperties", "additionalProperties"):
        return None  # the object keywords are explained together, see _explain_object
    if keyword == "items":
        item = compile_explain(expected)

        def items(value: Any, path: tuple[str | int, ...], out: list[Violation]) -> None:
            if isinstance(value, list):
                for i, x in enumerate(value):
                    item(x, (*path, i), out)

        return items
    if keyword == "required":

        def required(value: Any, path: tuple[str | int, ...], out: list[Violation]) -> None:
            if isinstance(value, dict):
                for name in expected:
                    if name not in value:
                        out.append(Violation(path, keyword, expected, value, node))

        return required
    if keyword in ("const", "enum"):
        options = [expected] if keyword == "const" else list(expected)
        return report(lambda v: any(_json_equal(v, option) for option in options))
    if keyword == "type":
        return report(_explained_type(expected))
    if keyword == "maxLength":
        return report(lambda v: not isinstance(v, (str, dt.date)) or len(str(as_text(v))) <= expected)
    if keyword == "minLength":
        return report(lambda v: not isinstance(v, (str, dt.date)) or len(str(as_text(v))) >= expected)
    factory = _KEYWORDS.get(keyword)
    if factory is None or keyword in _NOT_EXPLAINED:
        raise Unsupported(keyword)
    return report(factory(expected))


#: Keywords whose errors jsonschema reports in ways the explainer does not copy (nested contexts, no path).
_NOT_EXPLAINED = frozenset({"oneOf", "anyOf", "allOf", "propertyNames", "dependentRequired"})


def _json_equal(a: Any, b: Any) -> bool:
    """Equality as JSON Schema (and jsonschema) sees it: true is not 1, but 1 is 1.0."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    return bool(a == b)


def _explain_object(node: dict[str, Any]) -> Explain:
    properties = {name: compile_explain(sub) for name, sub in node.get("properties", {}).items()}
    patterns = [(re.compile(p), compile_explain(sub)) for p, sub in node.get("patternProperties", {}).items()]
    extra_schema = node.get("additionalProperties", True)
    extra = compile_explain(extra_schema) if extra_schema is not False else None

    def run(value: Any, path: tuple[str | int, ...], out: list[Violation]) -> None:
        if not isinstance(value, dict):
            return
        additional = False
        for key, item in value.items():
            known = properties.get(key)
            if known is not None and item is not None:  # a key with no value counts as absent
                known(item, (*path, key), out)
            matched = False
            for regex, sub in patterns:
                if regex.search(str(key)):
                    matched = True
                    sub(item, (*path, key), out)
            if known is None and not matched:
                if extra is None:
                    additional = True
                else:
                    extra(item, (*path, key), out)
        if additional:
            out.append(Violation(path, "additionalProperties", False, value, node))

    return run


def compile_explain(node: Any) -> Explain:
    """Turn a ``$ref``-free schema into an explainer, or raise :class:`Unsupported`."""
    if node is True or node == {}:
        return lambda value, path, out: None
    if node is False:

        def never(value: Any, path: tuple[str | int, ...], out: list[Violation]) -> None:
            out.append(Violation(path, "false", False, value, {}))

        return never
    if not isinstance(node, dict):
        raise Unsupported(repr(node))
    parts: list[Explain] = []
    for keyword, expected in node.items():
        if keyword in _ANNOTATIONS:
            continue
        part = _explain_keyword(node, keyword, expected)
        if part is not None:
            parts.append(part)
    if any(k in node for k in _OBJECT_KEYWORDS):
        parts.append(_explain_object(node))
    if len(parts) == 1:
        return parts[0]

    def run(value: Any, path: tuple[str | int, ...], out: list[Violation]) -> None:
        for part in parts:
            part(value, path, out)

    return run


def inline(schema: dict[str, Any]) -> dict[str, Any]:
    """Replace every local ``$ref`` by the definition it names.

    The shipped files keep ``$defs`` so that editors show one definition of a
    date or a reference; validation gets them inlined, once, because
    resolving a ``$ref`` on every value was half the cost of validation. The
    schemas hold no recursive definitions, so inlining terminates.
    """
    definitions: dict[str, Any] = schema.get("$defs", {})

    def resolve(node: Any) -> Any:
        if isinstance(node, list):
            return [resolve(item) for item in node]
        if not isinstance(node, dict):
            return node
        target = node.get("$ref")
        if isinstance(target, str) and target.startswith("#/$defs/"):
            siblings = {k: v for k, v in node.items() if k != "$ref"}
            return resolve({**definitions[target[len("#/$defs/") :]], **siblings})
        return {k: resolve(v) for k, v in node.items() if k != "$defs"}

    inlined: dict[str, Any] = resolve(schema)
    return inlined


# --------------------------------------------------------------------------
# Schemas compiled once, keyed by identity
# --------------------------------------------------------------------------


class Compiled:
    """One schema, ready to check instances: quickly, then in detail if needed."""

    def __init__(self, schema: dict[str, Any]) -> None:
        self.schema = inline(schema) if "$defs" in schema else schema
        try:
            self._quick: Check | None = compile_check(self.schema)
        except Unsupported:
            self._quick = None
        try:
            self._explain: Explain | None = compile_explain(self.schema)
        except Unsupported:
            self._explain = None
        self._full: Validator | None = None

    def violations(self, instance: Any) -> list[Violation]:
        """What is wrong with an instance, as jsonschema would report it; nothing for a valid one (cheaply)."""
        if self.is_valid(instance):
            return []
        if self._explain is not None:
            out: list[Violation] = []
            self._explain(instance, (), out)
            return out
        return self.jsonschema_violations(instance)

    def jsonschema_violations(self, instance: Any) -> list[Violation]:
        """:meth:`violations` by jsonschema's general machinery, for a schema the explainer cannot compile.

        The tests compare it with the compiled explainer on every kind.
        """
        found = []
        for error in self.errors(instance):
            # Inside anyOf/oneOf, the most relevant underlying error.
            e = (best_match(error.context) or error) if error.context else error
            found.append(
                Violation(
                    tuple(e.absolute_path),
                    str(e.validator),
                    e.validator_value,
                    e.instance,
                    e.schema if isinstance(e.schema, dict) else {},
                    str(e.message),
                )
            )
        return found

    def is_valid(self, instance: Any) -> bool:
        if self._quick is not None:
            return self._quick(instance)
        return not any(True for _ in self.errors(instance))

    def errors(self, instance: Any) -> Iterator[ValidationError]:
        """jsonschema's errors for ``instance``, after the quick check found it invalid."""
        if self._full is None:
            self._full = _validator_class()(self.schema, format_checker=_format_checker())
        yield from self._full.iter_errors(instance)

    def first_errors(self, instance: Any) -> list[ValidationError]:
        """Nothing for a valid instance (cheaply); every error otherwise."""
        if self.is_valid(instance):
            return []
        return list(self.errors(instance))


_COMPILED: dict[int, tuple[dict[str, Any], Compiled]] = {}


def compiled(schema: dict[str, Any]) -> Compiled:
    """The compiled form of a schema object, built once per object."""
    entry = _COMPILED.get(id(schema))
    if entry is None or entry[0] is not schema:
        entry = _COMPILED[id(schema)] = (schema, Compiled(schema))
    return entry[1]


# --------------------------------------------------------------------------
# jsonschema, adapted to YAML and imported only when an error needs explaining
# --------------------------------------------------------------------------


@cache
def _format_checker() -> Any:
    from jsonschema import FormatChecker

    checker = FormatChecker(formats=())
    checker.checks("date")(date_format)
    checker.checks("regex")(_is_regex)
    return checker


@cache
def _validator_class() -> Any:
    import jsonschema
    from jsonschema import Draft202012Validator

    base = Draft202012Validator.VALIDATORS

    def on_text(keyword: Any) -> Any:
        def check(validator: Any, value: Any, instance: Any, schema: dict[str, Any]) -> Iterator[Any]:
            result = keyword(validator, value, as_text(instance), schema)
            if result is not None:
                yield from result

        return check

    def properties(validator: Any, props: Mapping[str, Any], instance: Any, schema: dict[str, Any]) -> Iterator[Any]:
        if not validator.is_type(instance, "object"):
            return
        for name, subschema in props.items():
            if name in instance and instance[name] is not None:
                yield from validator.descend(instance[name], subschema, path=name, schema_path=name)

    def is_string(checker: object, instance: object) -> bool:
        return isinstance(instance, (str, dt.date))

    return cast(Any, jsonschema.validators).extend(
        Draft202012Validator,
        validators={
            "pattern": on_text(base["pattern"]),
            "minLength": on_text(base["minLength"]),
            "maxLength": on_text(base["maxLength"]),
            "properties": properties,
        },
        type_checker=Draft202012Validator.TYPE_CHECKER.redefine("string", is_string),
    )


class Mistake(NamedTuple):
    """The first thing wrong with a configuration, a rule file or a function's options, for a person to fix."""

    pointer: tuple[str | int, ...]
    """Where: for an unknown key, the key itself."""
    message: str
    """jsonschema's sentence, or for an unknown key "unknown key 'x'" with a close match if there is one."""
    unknown: str | None = None
    """The unknown key, when that is the mistake."""
    known: tuple[str, ...] = ()
    """The keys allowed beside it."""


def first_mistake(schema: Compiled, instance: Any) -> Mistake | None:
    """The shallowest error (the first by path among equals): the one nearest what the author wrote.

    Deeper errors are often consequences of it, and a stable choice keeps the
    one-line error the same from run to run.
    """
    from difflib import get_close_matches

    errors = schema.first_errors(instance)
    if not errors:
        return None
    err = min(errors, key=lambda e: (len(e.absolute_path), str(list(e.absolute_path))))
    pointer = tuple(err.absolute_path)
    node = err.schema if isinstance(err.schema, dict) else {}
    if err.validator == "additionalProperties" and isinstance(err.instance, dict):
        known = tuple(node.get("properties", {}))
        allowed = [re.compile(p) for p in node.get("patternProperties", {})]
        extra = sorted(str(k) for k in err.instance if k not in known and not any(p.search(str(k)) for p in allowed))
        if extra:
            guess = get_close_matches(extra[0], known, n=1)
            hint = f" (did you mean {guess[0]!r}?)" if guess else ""
            return Mistake((*pointer, extra[0]), f"unknown key {extra[0]!r}{hint}", extra[0], known)
    return Mistake(pointer, str(err.message))


def best_match(errors: list[ValidationError]) -> ValidationError | None:
    """jsonschema's most relevant error among several."""
    from jsonschema.exceptions import best_match as pick

    found: ValidationError | None = pick(errors)
    return found
