"""Declarative rules: a selector, a list of checks and a message template.

A rule file says *where* to look (``given``: a small JSONPath subset such as
``$.spec.activities[*]``), *what* must hold (``then``: fields and functions
from :mod:`itsmlint.functions`) and *what to say* (a message template). The
format stops at functions: anything needing loops or cross-document logic is
a Python rule instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from itsmlint.finding import Hit, Pointer
from itsmlint.functions import FUNCTIONS, MISSING, Call
from itsmlint.model import Document
from itsmlint.rule import Context, DocumentRule

#: Names a message template may use; anything else is left as written.
PLACEHOLDERS = ("value", "property", "pointer", "error", "label", "document", "name")
_PLACEHOLDER = re.compile(r"\{(" + "|".join(PLACEHOLDERS) + r")\}")
_STEP = re.compile(r"\.([A-Za-z_][A-Za-z0-9_-]*)|\[\*\]|\[(\d+)\]")


class SelectorError(ValueError):
    """A ``given`` path outside the supported subset."""


def parse_selector(text: str) -> tuple[str | int | None, ...]:
    """Parse ``$.a.b[*].c`` into steps: names, indexes, and None for ``[*]``."""
    if not text.startswith("$"):
        raise SelectorError(f"selector {text!r} must start with '$'")
    steps: list[str | int | None] = []
    pos = 1
    while pos < len(text):
        m = _STEP.match(text, pos)
        if not m:
            raise SelectorError(f"selector {text!r}: cannot read {text[pos:]!r}")
        if m.group(1):
            steps.append(m.group(1))
        elif m.group(2):
            steps.append(int(m.group(2)))
        else:
            steps.append(None)
        pos = m.end()
    return tuple(steps)


def select(data: Any, steps: tuple[str | int | None, ...]) -> Iterator[tuple[Pointer, Any]]:
    """Every (pointer, value) the steps reach; absent branches yield nothing."""
    frontier: list[tuple[Pointer, Any]] = [((), data)]
    for step in steps:
        nxt: list[tuple[Pointer, Any]] = []
        for pointer, value in frontier:
            if step is None:
                if isinstance(value, list):
                    nxt.extend(((*pointer, i), v) for i, v in enumerate(value))
                elif isinstance(value, dict):
                    nxt.extend(((*pointer, k), v) for k, v in value.items())
            elif isinstance(step, int):
                if isinstance(value, list) and 0 <= step < len(value):
                    nxt.append(((*pointer, step), value[step]))
            elif isinstance(value, dict) and step in value:
                nxt.append(((*pointer, step), value[step]))
        frontier = nxt
    yield from frontier


#: The value of a field under something that is not a mapping (a list or a
#: number where a mapping belongs). The schema reports the wrong type; the
#: field checks stay quiet rather than call the field missing.
WRONG_SHAPE: Any = object()


def field_value(value: Any, field: str | None) -> tuple[tuple[str, ...], Any]:
    """Follow a dotted ``field`` inside a selected value; MISSING when absent."""
    if not field:
        return (), value
    parts = tuple(field.split("."))
    cur = value
    for part in parts:
        if cur is None:
            return parts, MISSING
        if not isinstance(cur, dict):
            return parts, WRONG_SHAPE
        if part not in cur:
            return parts, MISSING
        cur = cur[part]
    return parts, cur


def render(template: str, values: Mapping[str, str]) -> str:
    """Fill whitelisted ``{name}`` placeholders; never ``str.format``.

    Rule files are data written by users; ``str.format`` would let a template
    reach attributes of the values it is given.
    """
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), template)


@dataclass(frozen=True, slots=True)
class Check:
    """One ``then`` item, with its options already validated."""

    function: str
    field: str | None
    options: Mapping[str, Any]
    kinds: tuple[str, ...]
    sub: str | None
    message: str | None


@dataclass(frozen=True, slots=True)
class Given:
    steps: tuple[str | int | None, ...]
    kinds: tuple[str, ...]


class DeclarativeRule(DocumentRule):
    """A rule defined entirely by data in its catalog file."""

    def __init__(self, given: tuple[Given, ...], checks: tuple[Check, ...], message: str, hint: str | None) -> None:
        self.given = given
        self.checks = checks
        self.message = message
        self.hint = hint

    def check(self, doc: Document, ctx: Context) -> Iterator[Hit]:
        call = Call(doc, ctx.corpus, ctx.today)
        for given in self.given:
            if given.kinds and doc.kind not in given.kinds:
                continue
            for pointer, selected in select(doc.data, given.steps):
                for check in self.checks:
                    if check.kinds and doc.kind not in check.kinds:
                        continue
                    yield from self._run(check, doc, ctx, call, pointer, selected)

    def _run(self, check: Check, doc: Document, ctx: Context, call: Call,
             pointer: Pointer, selected: Any) -> Iterator[Hit]:
        head, _, rest = (check.field or "").rpartition("[*]")
        if head:
            # ``kpis[*].source``: check the field in every existing item.
            steps = parse_selector("$." + head + "[*]")
            for inner, item in select(selected, steps):
                yield from self._one(check, rest.lstrip(".") or None, doc, ctx, call, (*pointer, *inner), item)
        else:
            yield from self._one(check, check.field, doc, ctx, call, pointer, selected)

    def _one(self, check: Check, field: str | None, doc: Document, ctx: Context, call: Call,
             pointer: Pointer, selected: Any) -> Iterator[Hit]:
        parts, value = field_value(selected, field)
        if value is WRONG_SHAPE:
            return
        options = {k: _resolve_param(v, ctx.params) for k, v in check.options.items()}
        error = FUNCTIONS[check.function].fn(value, options, call)
        if error is None:
            return
        label = _label(selected, doc)
        prop = ".".join(parts) if parts else (str(pointer[-1]) if pointer else "document")
        values = {
            "value": "" if value is MISSING else str(value),
            "property": prop,
            "pointer": "/" + "/".join(str(p) for p in (*pointer, *parts)),
            "error": error,
            "label": label,
            "document": doc.ref,
            "name": doc.name,
        }
        template = check.message or self.message
        yield Hit((*pointer, *parts), render(template, values), sub=check.sub,
                  hint=render(self.hint, values) if self.hint else None)


def _label(selected: Any, doc: Document) -> str:
    if isinstance(selected, dict):
        for key in ("id", "name"):
            if isinstance(selected.get(key), str):
                return str(selected[key])
    return doc.ref


def _resolve_param(value: Any, params: Mapping[str, Any]) -> Any:
    """Replace ``{param: name}`` option values with the parameter's value."""
    if isinstance(value, dict) and set(value) == {"param"}:
        return params[value["param"]]
    return value
