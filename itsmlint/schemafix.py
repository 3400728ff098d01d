"""What SCHEMA001 can repair: a key or value the schema rejects whose intended form is certain, or nearly.

Safe (the meaning is certain, only the spelling changes):

* a snake_case key whose camelCase form the schema knows (``waits_for`` →
  ``waitsFor``; domain.md §3.1 names such aliases), or a known key in the
  wrong case (``Owner`` → ``owner``);
* an enum value in the wrong case (``Approved`` → ``approved``);
* a date written with one-digit parts or other separators
  (``2025-1-5``, ``2025/01/05`` → ``2025-01-05``); a day-month-year date is
  ambiguous and left alone;
* a duration in lower case or in words with one number and one unit
  (``pt4h``, ``4 hours``, ``12 months``, ``quarterly`` → ``PT4H``, ``P12M``, ``P3M``);
* YAML 1.1's words for a boolean where the schema wants one (``yes`` → ``true``).

Unsafe (a guess that is probably right): an unknown key or enum value whose
only close match is a known one (``acountable`` → ``accountable``).

No YAML here: the answers are values, which the fixer writes.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping
from difflib import SequenceMatcher, get_close_matches
from typing import Any

from itsmlint.durations import DURATION_PATTERN
from itsmlint.finding import Pointer
from itsmlint.fixes import Fix, Safety, rename_key, set_value
from itsmlint.schema import schema_for

#: A close match must be at least this alike (difflib's ratio) to be offered as an unsafe fix.
CLOSE = 0.8

_UNITS = {
    "y": "Y",
    "yr": "Y",
    "yrs": "Y",
    "year": "Y",
    "years": "Y",
    "mo": "M",
    "mon": "M",
    "month": "M",
    "months": "M",
    "w": "W",
    "wk": "W",
    "wks": "W",
    "week": "W",
    "weeks": "W",
    "d": "D",
    "day": "D",
    "days": "D",
    "h": "TH",
    "hr": "TH",
    "hrs": "TH",
    "hour": "TH",
    "hours": "TH",
    "min": "TM",
    "mins": "TM",
    "minute": "TM",
    "minutes": "TM",
    "s": "TS",
    "sec": "TS",
    "secs": "TS",
    "second": "TS",
    "seconds": "TS",
}
_CADENCES = {
    "daily": "P1D",
    "weekly": "P1W",
    "fortnightly": "P2W",
    "monthly": "P1M",
    "quarterly": "P3M",
    "yearly": "P1Y",
    "annually": "P1Y",
    "annual": "P1Y",
    "hourly": "PT1H",
}
_WORDS = re.compile(r"^\s*(?:every\s+)?(\d+)\s*([a-z]+)\s*$", re.IGNORECASE)
_ISO = re.compile(DURATION_PATTERN)
_DATE = re.compile(r"^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\s*$")
_BOOLEANS = {"yes": True, "y": True, "on": True, "true": True, "no": False, "n": False, "off": False, "false": False}


def canonical_duration(value: object) -> str | None:
    """The ISO 8601 form of a duration written otherwise, when there is exactly one; else None."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    upper = text.upper().replace(" ", "")
    if _ISO.match(upper) and upper != value:
        return upper
    lowered = text.lower()
    if lowered in _CADENCES:
        return _CADENCES[lowered]
    m = _WORDS.match(text)
    if m and m.group(2).lower() in _UNITS:
        unit = _UNITS[m.group(2).lower()]
        number = int(m.group(1))
        return f"PT{number}{unit[1]}" if unit.startswith("T") else f"P{number}{unit}"
    return None


def canonical_date(value: object) -> dt.date | None:
    """The date a year-first date means when written with other separators or one-digit parts; else None."""
    if not isinstance(value, str):
        return None
    m = _DATE.match(value)
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None  # not a real day: there is nothing certain to write


def camel(key: str) -> str:
    """``waits_for`` → ``waitsFor``; ``on-timeout`` → ``onTimeout``."""
    head, *rest = re.split(r"[_-]+", key)
    return head + "".join(part[:1].upper() + part[1:] for part in rest if part)


def _resolve(node: Any, defs: Mapping[str, Any]) -> Any:
    seen = 0
    while isinstance(node, dict) and isinstance(node.get("$ref"), str) and seen < 16:
        target = node["$ref"]
        merged = {k: v for k, v in node.items() if k != "$ref"}
        node = {**defs.get(target.rsplit("/", 1)[-1], {}), **merged}
        seen += 1
    return node


@functools.lru_cache(maxsize=64)
def _schema(kind: str) -> dict[str, Any]:
    return schema_for(kind)


def subschema(kind: str, pointer: Pointer) -> dict[str, Any] | None:
    """The schema of the value at ``pointer`` in a document of ``kind`` (data-keyed maps and items followed)."""
    schema = _schema(kind)
    defs = schema.get("$defs", {})
    node = _resolve(schema, defs)
    for part in pointer:
        if not isinstance(node, dict):
            return None
        if isinstance(part, int):
            node = _resolve(node.get("items"), defs)
            continue
        properties = node.get("properties", {})
        if part in properties:
            node = _resolve(properties[part], defs)
        elif isinstance(node.get("additionalProperties"), dict):
            node = _resolve(node["additionalProperties"], defs)
        else:
            return None
    return node if isinstance(node, dict) else None


def _only(choices: list[str], wanted: str) -> str | None:
    """The one choice that differs from ``wanted`` in case alone."""
    same = [c for c in choices if c.lower() == wanted.lower()]
    return same[0] if len(same) == 1 else None


def _close(choices: list[str], wanted: str) -> str | None:
    """The one choice at least :data:`CLOSE` alike, when no other comes near."""
    found = get_close_matches(wanted, choices, n=2, cutoff=CLOSE - 0.2)
    if not found or SequenceMatcher(None, wanted, found[0]).ratio() < CLOSE:
        return None
    return found[0] if len(found) == 1 else None


def key_fix(kind: str, data: Any, pointer: Pointer) -> Fix | None:
    """A rename for the unknown key at ``pointer``, if its intended key is known."""
    if not pointer or not isinstance(pointer[-1], str):
        return None
    parent_pointer, key = pointer[:-1], pointer[-1]
    schema = subschema(kind, parent_pointer)
    parent = _at(data, parent_pointer)
    if schema is None or not isinstance(parent, dict) or key not in parent:
        return None
    known = [k for k in schema.get("properties", {}) if k not in parent]
    target = camel(key) if camel(key) in known else _only(known, key)
    safety: Safety = "safe"
    if target is None:
        target, safety = _close(known, key), "unsafe"
    if target is None or target == key:
        return None
    return Fix(f"rename the key {key} to {target}", (rename_key(pointer, target),), safety)


def value_fix(kind: str, data: Any, pointer: Pointer) -> Fix | None:
    """A new value for the value the schema rejects at ``pointer``, if its intended form is known."""
    schema = subschema(kind, pointer)
    value = _at(data, pointer)
    if schema is None or value is _MISSING:
        return None
    new: Any = None
    safety: Safety = "safe"
    enum = schema.get("enum")
    if isinstance(enum, list) and isinstance(value, str):
        choices = [e for e in enum if isinstance(e, str)]
        new = _only(choices, value)
        if new is None:
            new, safety = _close(choices, value), "unsafe"
    elif schema.get("format") == "date":
        new = canonical_date(value)
    elif schema.get("pattern") == _ISO.pattern:
        new = canonical_duration(value)
    elif schema.get("type") == "boolean" and isinstance(value, str):
        new = _BOOLEANS.get(value.strip().lower())
    if new is None or new == value:
        return None
    shown = new.isoformat() if isinstance(new, dt.date) else str(new).lower() if isinstance(new, bool) else new
    return Fix(f"write {shown} for {value!r}", (set_value(pointer, new, value),), safety)


_MISSING: Any = object()


def _at(data: Any, pointer: Pointer) -> Any:
    node = data
    for part in pointer:
        in_map = isinstance(node, dict) and isinstance(part, str) and part in node
        if in_map or (isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)):
            node = node[part]
        else:
            return _MISSING
    return node


def schema_fix(kind: str, data: Any, pointer: Pointer) -> Fix | None:
    """The fix for a schema problem at ``pointer``: a key's rename, or a value's new form."""
    parent = _at(data, pointer[:-1]) if pointer else _MISSING
    if pointer and isinstance(parent, dict) and isinstance(pointer[-1], str) and pointer[-1] in parent:
        schema = subschema(kind, pointer[:-1])
        if (
            schema is not None
            and pointer[-1] not in schema.get("properties", {})
            and schema.get("additionalProperties") is False
        ):
            return key_fix(kind, data, pointer)
    return value_fix(kind, data, pointer)
