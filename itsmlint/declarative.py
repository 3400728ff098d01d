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
from functools import cache
from typing import Any

from itsmlint.dsl import FUNCTIONS, Call, Condition, Options, holds
from itsmlint.finding import Hit, Pointer
from itsmlint.model import Document
from itsmlint.rule import Context, DocumentRule, RuleMeta
from itsmlint.selectors import MISSING, WRONG_SHAPE, SelectorError, Steps, field_value, parse_selector, select

__all__ = [
    "MESSAGE_FIELDS",
    "Check",
    "DeclarativeRule",
    "Given",
    "SelectorError",
    "parse_selector",
    "render",
    "select",
    "unknown_placeholders",
]

#: Names a message template may use.
MESSAGE_FIELDS = ("value", "property", "pointer", "error", "label", "document", "name", "kind", "title")
_MESSAGE_FIELD = re.compile(r"\{(" + "|".join(MESSAGE_FIELDS) + r")\}")
_ANY_MESSAGE_FIELD = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def unknown_placeholders(template: str) -> list[str]:
    """``{names}`` in a template that are not placeholders (a typo would show up in every message)."""
    return [m.group(1) for m in _ANY_MESSAGE_FIELD.finditer(template) if m.group(1) not in MESSAGE_FIELDS]


def render(template: str, values: Mapping[str, str]) -> str:
    """Fill whitelisted ``{name}`` placeholders; never ``str.format``.

    Rule files are data written by users; ``str.format`` would let a template
    reach attributes of the values it is given.
    """
    return _MESSAGE_FIELD.sub(lambda m: values.get(m.group(1), m.group(0)), template)


@dataclass(frozen=True, slots=True)
class Check:
    """One ``then`` item, with its options already validated."""

    function: str
    field: str | None
    options: Options
    kinds: tuple[str, ...]
    sub: str | None
    message: str | None


@dataclass(frozen=True, slots=True)
class Given:
    steps: tuple[str | int | None, ...]
    kinds: tuple[str, ...]


class DeclarativeRule(DocumentRule):
    """A rule defined entirely by data in its catalog file."""

    def __init__(
        self,
        meta: RuleMeta,
        given: tuple[Given, ...],
        checks: tuple[Check, ...],
        message: str,
        hint: str | None,
        when: tuple[Condition, ...] = (),
    ) -> None:
        super().__init__(meta)
        self.given = given
        self.checks = checks
        self.message = message
        self.hint = hint
        self.when = when

    def check(self, doc: Document, ctx: Context) -> Iterator[Hit]:
        for given in self.given:
            if given.kinds and doc.kind not in given.kinds:
                continue
            for pointer, selected in select(doc.data, given.steps):
                call = Call(doc, ctx.corpus, ctx.today, selected, ctx.params)
                if self.when and not holds(self.when, selected, call):
                    continue
                for check in self.checks:
                    if check.kinds and doc.kind not in check.kinds:
                        continue
                    yield from self._run(check, doc, ctx, call, pointer, selected)

    def _run(
        self, check: Check, doc: Document, ctx: Context, call: Call, pointer: Pointer, selected: Any
    ) -> Iterator[Hit]:
        steps, rest = _split_wildcard(check.field)
        if steps:
            # ``kpis[*].source``: check the field in every existing item.
            for inner, item in select(selected, steps):
                # Fields that ``compare`` names are read beside the checked one, in the same item.
                yield from self._one(check, rest, doc, ctx, call.around(item), (*pointer, *inner), item)
        else:
            yield from self._one(check, check.field, doc, ctx, call, pointer, selected)

    def _one(
        self, check: Check, field: str | None, doc: Document, ctx: Context, call: Call, pointer: Pointer, selected: Any
    ) -> Iterator[Hit]:
        parts, value = field_value(selected, field)
        if value is WRONG_SHAPE:
            return
        error = FUNCTIONS[check.function].fn(value, check.options.for_run(ctx.params), call)
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
            "kind": doc.kind,
            "title": str(doc.metadata.get("title") or doc.name),
        }
        template = check.message or self.message
        yield Hit(
            (*pointer, *parts),
            render(template, values),
            sub=check.sub,
            hint=render(self.hint, values) if self.hint else None,
        )


@cache
def _split_wildcard(field: str | None) -> tuple[Steps, str | None]:
    """``kpis[*].source`` as (the steps to each item, the field inside it); once per field, not per document."""
    head, _, rest = (field or "").rpartition("[*]")
    if not head:
        return (), field
    return parse_selector("$." + head + "[*]"), rest.lstrip(".") or None


def _label(selected: Any, doc: Document) -> str:
    if isinstance(selected, dict):
        for key in ("id", "name"):
            if isinstance(selected.get(key), str):
                return str(selected[key])
    return doc.ref
