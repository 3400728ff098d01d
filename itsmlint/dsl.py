"""The rule language's compiler: function calls and conditions, checked and prepared once.

A declarative rule (or a condition inside one) calls a function of the
library (:mod:`itsmlint.functions`) with options. When the rule file is
loaded, each call is checked against its function's option schema and its
options are *prepared*: a value the function needs in another shape (a
pattern, a field path, a date bound, nested conditions) is replaced by that
shape, which still shows as the text that was written. A value written as
``{param: name}`` is known only when the rule runs, so such a call is checked
with the parameter's default and prepared again once per run with the run's
value. Either way a function gets :class:`Prepared` options and never
compiles anything itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from difflib import get_close_matches
from typing import Any

from itsmlint.model import Corpus, Document
from itsmlint.params import PARAMS
from itsmlint.selectors import MISSING, SelectorError, Steps, parse_field, values_at

__all__ = [
    "FUNCTIONS",
    "MISSING",
    "Call",
    "Condition",
    "OptionError",
    "Options",
    "Prepared",
    "compile_call",
    "compile_conditions",
    "compile_field",
    "describe",
    "function",
    "holds",
]


@dataclass(frozen=True, slots=True)
class Call:
    """What a function may see besides the value."""

    document: Document
    corpus: Corpus
    today: dt.date
    item: Any = None
    """The value being checked around: the rule's selected value, or a list item in ``where``."""
    params: Mapping[str, Any] = field(default_factory=dict)
    """The run's parameters, for options written as ``{param: name}``."""

    def around(self, item: Any) -> Call:
        return Call(self.document, self.corpus, self.today, item, self.params)


Prepared = Mapping[str, Any]
"""A call's options as its function reads them: each value prepared (see the module's description)."""
Function = Callable[[Any, Prepared, Call], "str | None"]
Prepare = Callable[[dict[str, Any]], dict[str, Any]]
"""Checked options to the values that replace them; raises :class:`OptionError`."""


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


FUNCTIONS: dict[str, FunctionSpec] = {}
"""The library, by name: filled by :func:`function` as :mod:`itsmlint.functions` is imported."""


def function(
    name: str, prepare: Prepare | None = None, required: tuple[str, ...] = (), **properties: Any
) -> Callable[[Function], Function]:
    """Register ``fn`` under ``name`` with the given option properties (a JSON Schema each)."""

    def register(fn: Function) -> Function:
        schema: dict[str, Any] = {"type": "object", "properties": properties, "additionalProperties": False}
        if required:
            schema["required"] = list(required)
        FUNCTIONS[name] = FunctionSpec(fn, schema, prepare)
        return fn

    return register


def _is_param(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {"param"}


class Options:
    """A call's options: prepared at load, or once per run for the values that are parameters."""

    __slots__ = ("_params", "_prepared", "_runs", "function", "written")

    def __init__(self, function: str, written: Mapping[str, Any], prepared: Prepared | None) -> None:
        self.function = function
        self.written = written
        """As the rule file wrote them (``{param: name}`` values kept)."""
        self._params = {k: v["param"] for k, v in written.items() if _is_param(v)}
        self._prepared = prepared
        self._runs: dict[tuple[str, ...], Prepared] = {}

    def for_run(self, params: Mapping[str, Any]) -> Prepared:
        """The options as the function reads them, with this run's parameter values."""
        if self._prepared is not None:
            return self._prepared
        values = {k: params.get(name, PARAMS[name][0]) for k, name in self._params.items()}
        key = tuple(repr(values[k]) for k in sorted(values))
        found = self._runs.get(key)
        if found is None:
            found = self._runs[key] = _prepare(self.function, {**self.written, **values})
        return found


def _prepare(name: str, options: dict[str, Any]) -> Prepared:
    spec = FUNCTIONS[name]
    return {**options, **spec.prepare(options)} if spec.prepare is not None else options


def compile_call(item: Mapping[str, Any], pointer: tuple[str | int, ...] = ()) -> tuple[str, Options]:
    """Check a ``{function, options}`` call against its function and prepare its options.

    Raises :class:`OptionError` naming the key to blame.
    """
    from itsmlint.validation import compiled, first_mistake  # jsonschema only when rule files are loaded

    name = item.get("function")
    spec = FUNCTIONS.get(name) if isinstance(name, str) else None
    if spec is None:
        guess = get_close_matches(str(name), list(FUNCTIONS), n=1)
        hint = f"did you mean {guess[0]!r}? " if guess else ""
        raise OptionError(
            f"unknown function {name!r}; {hint}known: {', '.join(sorted(FUNCTIONS))}", (*pointer, "function")
        )
    options = item.get("options", {})
    if not isinstance(options, dict):
        raise OptionError(f"options of {name} must be a mapping", (*pointer, "options"))
    params = {k: v["param"] for k, v in options.items() if _is_param(v)}
    for key, param in params.items():
        if param not in PARAMS:
            raise OptionError(f"unknown parameter {param!r}", (*pointer, "options", key))
    # A parameter's value is known only when the rule runs: check and prepare with its default now.
    plain = {k: PARAMS[params[k]][0] if k in params else v for k, v in options.items()}
    mistake = first_mistake(compiled(spec.options), plain)
    if mistake is not None and mistake.unknown is not None:
        raise OptionError(
            f"unknown option {mistake.unknown!r} for {name} (its options: {', '.join(mistake.known) or 'none'})",
            (*pointer, "options", *mistake.pointer),
        )
    if mistake is not None:
        raise OptionError(f"bad options for {name}: {mistake.message}", (*pointer, "options", *mistake.pointer))
    try:
        prepared = _prepare(str(name), plain)
    except OptionError as exc:
        raise OptionError(f"{name}: {exc.message}", (*pointer, "options", *exc.pointer)) from None
    return str(name), Options(str(name), options, None if params else prepared)


def compile_field(text: Any, pointer: tuple[str | int, ...]) -> Field | None:
    if text is None:
        return None
    if not isinstance(text, str):
        raise OptionError("a field is a dotted path such as spec.owner", pointer)
    try:
        return Field(text, parse_field(text))
    except SelectorError as exc:
        raise OptionError(str(exc), pointer) from None


@dataclass(frozen=True, slots=True)
class Field:
    """A field option, parsed: shows as the path that was written."""

    text: str
    path: tuple[bool, Steps]

    def __str__(self) -> str:
        return self.text


# --------------------------------------------------------------------------
# Conditions: ``when`` on a rule, ``where`` inside the cross-document functions
# --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Condition:
    """A function call that must pass for something to count, e.g. ``spec.criticality`` equals ``high``."""

    field: Field | None
    function: str
    options: Options

    def holds(self, item: Any, call: Call) -> bool:
        """True when any value the field names passes; a missing field passes only ``absent``."""
        fn = FUNCTIONS[self.function].fn
        options = self.options.for_run(call.params)
        # compare's other field is read beside this one, in the item the condition is about.
        inner = call.around(item)
        for value in values_at(item, call.document.data, self.field.path if self.field else None):
            if value is MISSING and self.function != "absent":
                continue
            if fn(value, options, inner) is None:
                return True
        return False

    def describe(self) -> str:
        subject = str(self.field) if self.field else "the value"
        o = self.options.written
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
            raise OptionError(
                f"unknown key {extra[0]!r} in a condition (keys: field, function, options)", (*where, extra[0])
            )
        name, options = compile_call(item, where)
        out.append(Condition(compile_field(item.get("field"), (*where, "field")), name, options))
    return tuple(out)


# The library registers its functions with the decorator above; importing it
# here, last, means that whoever imports the language also has its functions.
from itsmlint import functions as _functions  # noqa: E402, F401
