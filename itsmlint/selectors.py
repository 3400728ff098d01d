"""Paths into a document's data: the ``given`` selector and dotted fields.

``$.spec.activities[*]`` selects values (a small JSONPath subset: names,
indexes and ``[*]``); ``raci.accountable`` or ``kpis[*].source`` is a field
inside a selected value, and ``$.spec.practice`` a field from the root of
the document whatever was selected.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from itsmlint.finding import Pointer

_STEP = re.compile(r"\.([A-Za-z_][A-Za-z0-9_-]*)|\[\*\]|\[(\d+)\]")

Steps = tuple[str | int | None, ...]


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

#: The value of a field under something that is not a mapping (a list or a
#: number where a mapping belongs). The schema reports the wrong type; the
#: field checks stay quiet rather than call the field missing.
WRONG_SHAPE: Any = object()


class SelectorError(ValueError):
    """A path outside the supported subset."""


def parse_selector(text: str) -> Steps:
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


def parse_field(text: str) -> tuple[bool, Steps]:
    """A field (``a.b``, ``a[*].b``, or ``$.a.b`` from the document root) as (from_root, steps)."""
    if text.startswith("$"):
        return True, parse_selector(text)
    return False, parse_selector("$." + text)


def select(data: Any, steps: Steps) -> Iterator[tuple[Pointer, Any]]:
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


def values_at(item: Any, root: Any, path: tuple[bool, Steps] | None) -> list[Any]:
    """The values a parsed field names, for conditions: one per match, [MISSING] when none.

    ``root`` is the document's data, for fields that start with ``$``.
    """
    if path is None:
        return [item]
    from_root, steps = path
    found = [v for _, v in select(root if from_root else item, steps)]
    return found or [MISSING]
