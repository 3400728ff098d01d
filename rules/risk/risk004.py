"""RISK004: controls are owned, typed and linked to what they treat."""

from __future__ import annotations

from collections.abc import Iterator

from itsmlint.finding import Hit
from itsmlint.fixes import Fix, set_value
from itsmlint.model import Document, is_blank
from itsmlint.rule import Context, DocumentRule

from ..own._owners import owner_fix, owner_problem

CONTROL_TYPES = ("preventive", "detective", "corrective")


class ControlOwned(DocumentRule):
    """A control has one Person as owner, a control type, and the risks it mitigates."""

    def check(self, doc: Document, ctx: Context) -> Iterator[Hit]:
        problem = owner_problem(doc.spec.get("owner"), "spec.owner", doc, ctx.corpus)
        if problem:
            yield Hit(
                ("spec", "owner"),
                f"control {doc.name}: {problem}",
                sub="no-owner",
                fix=owner_fix(doc.spec.get("owner"), ("spec", "owner")),
            )
        kind = doc.spec.get("type")
        if kind not in CONTROL_TYPES:
            said = "no type" if is_blank(kind) else f"type {kind!r}"
            meant = kind.strip().lower() if isinstance(kind, str) else None
            fix = (
                Fix(f"write the type {meant}", (set_value(("spec", "type"), meant, kind),))
                if meant in CONTROL_TYPES
                else None
            )
            yield Hit(
                ("spec", "type"),
                f"control {doc.name} has {said}; expected one of {', '.join(CONTROL_TYPES)}",
                sub="untyped",
                fix=fix,
            )
        if is_blank(doc.spec.get("mitigates")):
            yield Hit(("spec", "mitigates"), f"control {doc.name} mitigates no risk: an orphan control", sub="orphan")
