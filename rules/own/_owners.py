"""What the ownership rules share: is this value one named Person?"""

from __future__ import annotations

from itsmlint.finding import Pointer
from itsmlint.fixes import Fix, set_value
from itsmlint.functions import PLACEHOLDER_VALUES
from itsmlint.model import Corpus, Document, is_blank, parse_ref


def owner_problem(value: object, field: str, doc: Document, corpus: Corpus, *, allow_role: bool = False) -> str | None:
    """Say why ``value`` is not a single accountable owner, or None if it is.

    References that resolve to nothing, or to a kind the field does not take,
    are left to REF001, which reports them with suggestions; saying it twice
    would only add noise.
    """
    if value is None:
        return f"{field} is missing"
    if isinstance(value, list):
        if len(value) == 1 and isinstance(value[0], str):
            return f"{field} is a list; write the single owner {value[0]} as a plain value"
        return f"{field} lists {len(value)} owners; exactly one is required"
    if not isinstance(value, str):
        return None  # a mapping or a number: the schema reports the wrong type
    if is_blank(value):
        return f"{field} is empty"
    if value.strip().lower() in PLACEHOLDER_VALUES:
        return f"{field} is the placeholder {value!r}, not an owner"
    ref = parse_ref(value)
    if ref is None:
        expected = "person:<name> or role:<name>" if allow_role else "person:<name>"
        return f"{field} {value!r} is not a reference to a Person (expected {expected})"
    return None


def owner_fix(value: object, pointer: Pointer) -> Fix | None:
    """A one-item list where one owner belongs, written as the plain value (safe: the same owner)."""
    if isinstance(value, list) and len(value) == 1 and isinstance(value[0], str):
        return Fix(
            f"write the single owner {value[0]} as a plain value", (set_value(pointer, value[0], tuple(value)),), "safe"
        )
    return None
