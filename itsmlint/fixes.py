"""Fixes as records: what a rule offers to change, said as structured edits on documents, never as text.

A rule that can repair what it reports attaches a :class:`Fix` to its hit:
a one-line summary, whether it is safe, and one or more :class:`Edit`\\ s.
An edit names a place by document and pointer, as a finding does, and says
what to do there: set a value, rename a key, or add an item to a list. It
never holds line numbers or text: :mod:`itsmlint.fixer` finds the exact
characters in the file when the fix is applied, so a fix stays right however
the file is formatted, and a stale one is refused rather than misapplied.

Safety follows Ruff's meaning. A **safe** fix never changes what the
documents mean (a kind spelt in the wrong case, a snake_case key, a
back-link both sides already imply); ``check --fix`` applies it. An
**unsafe** fix is a good guess that may change the meaning (a misspelt
reference's only close match); it is applied only with ``--unsafe-fixes``.
Rules declare which kinds of fix they offer in their metadata (``fix:``),
and the engine refuses a fix whose safety the rule did not declare.

Plain data only (no YAML): fixes travel with findings between processes,
into the reporters and through the loader's file cache.
"""

from __future__ import annotations

import copy
import datetime as dt
import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal

from itsmlint.finding import Pointer, render_pointer

if TYPE_CHECKING:
    from itsmlint.model import Document

Safety = Literal["safe", "unsafe"]
SAFETIES: tuple[Safety, ...] = ("safe", "unsafe")
Op = Literal["set", "rename", "append"]

#: A value an edit may write: a scalar, or a flat list of scalars (written as a flow list, ``[]`` when empty).
Scalar = str | int | float | bool | dt.date | None
Value = Scalar | tuple[Scalar, ...]


class _Absent(enum.Enum):
    """ "No value given": an enum member, so it stays itself when a fix is pickled to or from a helper process."""

    ABSENT = "absent"


_ABSENT: Any = _Absent.ABSENT


@dataclass(frozen=True, slots=True)
class Edit:
    """One structured change to one document.

    * ``set``: ``pointer`` names a value; it becomes ``value``. A missing
      last key is added to its mapping (the mapping itself must exist).
    * ``rename``: ``pointer`` names a key; it becomes the key ``value``
      (a string that the mapping does not hold yet), keeping its place.
    * ``append``: ``pointer`` names a list; ``value`` is added at its end.
      A missing last key is added, holding a list of that one item.

    ``old`` is what the place must hold for the edit to apply (the value to
    replace, or the key's value for a rename); a document that no longer
    holds it makes the edit stale, and it is refused. ``document`` is for
    rules (an edit on another document than the hit's, as REF005's
    back-link); the engine replaces it with ``path`` and ``index``.
    """

    op: Op
    pointer: Pointer
    value: Value
    old: Any = _ABSENT
    document: Document | None = field(default=None, compare=False, repr=False)
    path: str = ""
    index: int = -1

    def placed(self, path: str, index: int) -> Edit:
        """The edit as findings carry it: on a file and the index of a document in it, with no Document."""
        return replace(self, document=None, path=path, index=index)

    def as_dict(self) -> dict[str, Any]:
        """JSON's shape: the place as an RFC 6901 pointer, the value as YAML would read it."""
        value = list(self.value) if isinstance(self.value, tuple) else self.value
        return {
            "op": self.op,
            "path": self.path,
            "document": self.index,
            "pointer": render_pointer(self.pointer),
            "value": value.isoformat() if isinstance(value, dt.date) else value,
        }


@dataclass(frozen=True, slots=True)
class Replacement:
    """The text an edit becomes in its file: characters from (line, column) to (end line, end column) replaced.

    Lines and columns are 1-based and count Unicode code points, as SARIF's
    ``columnKind: unicodeCodePoints`` does; the end is exclusive, so an
    insertion starts and ends at the same place.
    """

    path: str
    line: int
    column: int
    end_line: int
    end_column: int
    text: str


@dataclass(frozen=True, slots=True)
class Fix:
    """What a rule offers to repair one finding: a summary, its safety, the edits.

    ``safety`` None means the only kind the rule's metadata declares.
    ``replacements`` are filled in by the command line (which may read
    files) for the JSON and SARIF reports, never by rules.
    """

    summary: str
    edits: tuple[Edit, ...]
    safety: Safety | None = None
    replacements: tuple[Replacement, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "safety": self.safety,
            "summary": self.summary,
            "edits": [e.as_dict() for e in self.edits],
            "replacements": [
                {
                    "path": r.path,
                    "line": r.line,
                    "column": r.column,
                    "endLine": r.end_line,
                    "endColumn": r.end_column,
                    "text": r.text,
                }
                for r in self.replacements
            ],
        }


def set_value(pointer: Pointer, value: Value, old: Any = _ABSENT, document: Document | None = None) -> Edit:
    return Edit("set", pointer, value, old, document)


def rename_key(pointer: Pointer, new_key: str, document: Document | None = None) -> Edit:
    return Edit("rename", pointer, new_key, _ABSENT, document)


def append_item(pointer: Pointer, value: Scalar, document: Document | None = None) -> Edit:
    return Edit("append", pointer, value, _ABSENT, document)


def declared(fix_meta: Mapping[str, str], fix: Fix) -> Fix:
    """``fix`` with its safety settled from the rule's metadata; ValueError when the rule did not declare it."""
    safety = fix.safety
    if safety is None:
        if len(fix_meta) != 1:
            raise ValueError(
                "the rule declares both safe and unsafe fixes, so each fix must say which it is"
                if fix_meta
                else "the rule declares no fix in its metadata (fix:)"
            )
        safety = "safe" if "safe" in fix_meta else "unsafe"
    if safety not in fix_meta:
        raise ValueError(f"a {safety} fix from a rule whose metadata declares {' and '.join(fix_meta) or 'no fix'}")
    if not fix.edits:
        raise ValueError("a fix needs at least one edit")
    return replace(fix, safety=safety)


def wanted(fix: Fix | None, unsafe: bool) -> bool:
    """Whether a run applies this fix: safe ones always, unsafe ones with ``--unsafe-fixes``."""
    return fix is not None and (fix.safety == "safe" or unsafe)


# --------------------------------------------------------------------------
# Edits on plain data: what the document must read as once the text is edited
# --------------------------------------------------------------------------


class Stale(Exception):
    """An edit that does not fit the document any more (the file changed, or another fix got there first)."""


def _container(data: Any, pointer: Sequence[str | int]) -> Any:
    node = data
    for part in pointer:
        found = (isinstance(node, dict) and isinstance(part, str) and part in node) or (
            isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        )
        if found:
            node = node[part]
        else:
            raise Stale(f"{render_pointer(tuple(pointer))} is not in the document")
    return node


def as_data(value: Value) -> Any:
    """An edit's value as the loader reads it back: a tuple is a list."""
    return list(value) if isinstance(value, tuple) else value


def apply_to_data(data: Any, edit: Edit) -> None:
    """Apply ``edit`` to a document's plain data, in place; :class:`Stale` when it does not fit."""
    if not edit.pointer:
        raise Stale("an edit cannot replace a whole document")
    parent = _container(data, edit.pointer[:-1])
    last = edit.pointer[-1]
    if edit.op == "rename":
        if (
            not isinstance(parent, dict)
            or not isinstance(last, str)
            or last not in parent
            or not isinstance(edit.value, str)
            or edit.value in parent
        ):
            raise Stale(f"cannot rename {render_pointer(edit.pointer)}")
        items = list(parent.items())
        parent.clear()
        parent.update((edit.value if k == last else k, v) for k, v in items)
        return
    if isinstance(parent, list) and isinstance(last, int) and 0 <= last < len(parent):
        current = parent[last]
    elif isinstance(parent, dict) and isinstance(last, str):
        current = parent.get(last, _ABSENT)
    else:
        raise Stale(f"{render_pointer(edit.pointer)} is not in the document")
    if edit.old is not _ABSENT and not _same(current, edit.old):
        raise Stale(f"{render_pointer(edit.pointer)} no longer holds {edit.old!r}")
    if edit.op == "set":
        parent[last] = as_data(edit.value)
    elif current is _ABSENT:
        parent[last] = [as_data(edit.value)]
    elif isinstance(current, list):
        current.append(as_data(edit.value))
    else:
        raise Stale(f"{render_pointer(edit.pointer)} is not a list")


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b if not isinstance(b, tuple) else a == list(b)


def applied(data: Any, edits: Iterable[Edit]) -> Any:
    """A copy of ``data`` with the edits applied in order."""
    out = copy.deepcopy(data)
    for edit in edits:
        apply_to_data(out, edit)
    return out


# --------------------------------------------------------------------------
# The file cache's form (JSON with dates as the cache writes them)
# --------------------------------------------------------------------------


def to_plain(fix: Fix | None) -> list[Any] | None:
    """A loader problem's fix as plain lists for the file cache; the places are filled in when it is reported."""
    if fix is None:
        return None
    return [
        fix.summary,
        fix.safety,
        [
            [
                e.op,
                list(e.pointer),
                list(e.value) if isinstance(e.value, tuple) else e.value,
                None if e.old is _ABSENT else [e.old],
            ]
            for e in fix.edits
        ],
    ]


def from_plain(plain: Any) -> Fix | None:
    """The inverse of :func:`to_plain`; raises ValueError or TypeError for anything else."""
    if plain is None:
        return None
    summary, safety, edits = plain
    if safety not in (None, *SAFETIES) or not isinstance(summary, str):
        raise ValueError("not a fix")
    out = []
    for op, pointer, value, old in edits:
        if op not in ("set", "rename", "append"):
            raise ValueError("not an edit")
        out.append(
            Edit(
                op,
                tuple(pointer),
                tuple(value) if isinstance(value, list) else value,
                _ABSENT if old is None else old[0],
            )
        )
    return Fix(summary, tuple(out), safety)
