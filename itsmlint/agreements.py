"""Reading SLAs, OLAs and UCs: type, targets, priority order, vague wording."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from itsmlint.model import Document, as_dict

CLOCKS = ("24x7", "service-hours")
TARGET_FIELDS = ("response", "resolution", "update")


def agreement_type(doc: Document) -> str:
    """``sla``, ``ola`` or ``uc``; an SLA document that says nothing is an ``sla``."""
    value = doc.spec.get("type")
    return value if isinstance(value, str) and value else "sla"


def targets(doc: Document) -> Iterator[tuple[str, dict[str, object]]]:
    """(priority, target mapping) for each entry of ``spec.targets``."""
    for name, target in as_dict(doc.spec.get("targets")).items():
        if isinstance(target, dict):
            yield str(name), target


def rank(names: Iterable[str]) -> list[str]:
    """Priorities from highest to lowest: ``P1 < P2 < …`` by number, otherwise as written."""
    names = list(names)
    numbered = [re.fullmatch(r"[A-Za-z]*(\d+)", n) for n in names]
    if names and all(numbered):
        return sorted(names, key=lambda n: int(re.fullmatch(r"[A-Za-z]*(\d+)", n).group(1)))  # type: ignore[union-attr]
    return names


def vague_token(value: object, tokens: Iterable[str]) -> str | None:
    """The first vague word or phrase (``asap``, ``best effort``…) a value contains, if any."""
    if not isinstance(value, str):
        return None
    text = value.lower()
    for token in tokens:
        if re.search(rf"(?<![a-z]){re.escape(token.lower())}(?![a-z])", text):
            return token
    return None
