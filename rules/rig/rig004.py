"""RIG004: standard changes are pre-authorised and authority is delegated by risk."""

from __future__ import annotations

from collections.abc import Iterator

from itsmlint.finding import Hit
from itsmlint.model import Document, as_list, items
from itsmlint.process import activities
from itsmlint.rule import Context, DocumentRule

PRE_AUTHORIZED = frozenset({"pre-authorized", "pre-authorised", "preauthorized", "preauthorised"})


def _authorities(change: dict[str, object]) -> list[str]:
    """Every authority a change type names: one, or one per risk tier."""
    value = change.get("authority")
    if isinstance(value, dict):
        return [str(v) for _, v in sorted(value.items())]
    return [str(value)] if isinstance(value, str) and value.strip() else []


class DelegatedChangeAuthority(DocumentRule):
    """Standard changes skip the CAB; each type and risk tier has its own authority."""

    def applies_to(self, doc: Document) -> bool:
        return super().applies_to(doc) and doc.spec.get("practice") == "change-enablement"

    def check(self, doc: Document, ctx: Context) -> Iterator[Hit]:
        types = list(items(doc.spec.get("changeTypes")))
        standard = [(i, t) for i, t in types if t.get("type") == "standard"]
        if not standard:
            yield Hit(
                ("spec", "changeTypes"),
                f"change process {doc.name} defines no standard change type; "
                "low-risk, repeatable changes should be pre-authorized",
                sub="standard-not-preauthorized",
            )
        for i, change in standard:
            authority = change.get("authority")
            if isinstance(authority, str) and authority.strip().lower() in PRE_AUTHORIZED:
                continue
            if isinstance(authority, str) and authority.strip():
                now = f"go to {authority}"
            elif isinstance(authority, dict):
                now = "go to a different authority per risk tier"
            else:
                now = "name no authority"
            yield Hit(
                ("spec", "changeTypes", i, "authority") if authority is not None else ("spec", "changeTypes", i),
                f"standard changes of {doc.name} {now}; standard changes are pre-authorized "
                "(authority: pre-authorized), not sent to a board",
                sub="standard-not-preauthorized",
            )
        for activity in activities(doc):
            if not activity.is_approval:
                continue
            approval = activity.data.get("approval")
            # appliesTo on the activity (domain.md §8.9) or inside its approval: both say what it gates.
            for where, applies in (
                ((), activity.data.get("appliesTo")),
                (("approval",), approval.get("appliesTo") if isinstance(approval, dict) else None),
            ):
                listed = as_list(applies)
                if "standard" in listed:
                    yield Hit(
                        (*activity.pointer, *where, "appliesTo", listed.index("standard")),
                        f"approval {activity.label} gates standard changes, which are pre-authorized; "
                        "limit it to normal (and emergency) changes",
                        sub="approval-gates-standard",
                    )
        # Pre-authorized standard changes are not a delegation of the rest:
        # the question is whether every other type and risk tier goes to one body.
        named = [a for _, t in types for a in _authorities(t) if a.strip().lower() not in PRE_AUTHORIZED]
        if len(named) > 1 and len(set(named)) == 1:
            yield Hit(
                ("spec", "changeTypes"),
                f"every change type and risk tier of {doc.name} goes to {named[0]}; delegate authority "
                "by type and risk (e.g. peer review for low risk)",
                sub="single-authority",
            )
