"""SM004: publishing needs approval, and a crisis can still be answered fast."""

from __future__ import annotations

from collections.abc import Iterator

from itsmlint.finding import Hit
from itsmlint.model import Document, as_dict, is_blank
from itsmlint.rule import Context, DocumentRule


class PublishingApproval(DocumentRule):
    """Official posts are approved by named people, and a crisis path says who may post at once, how fast."""

    def check(self, doc: Document, ctx: Context) -> Iterator[Hit]:
        publishing = as_dict(doc.spec.get("publishing"))
        required = publishing.get("approvalRequired")
        if required is None:
            yield Hit(
                ("spec", "publishing", "approvalRequired"),
                f"policy {doc.name} does not say whether official posts need approval (publishing.approvalRequired)",
            )
            return
        if required is not True:
            return
        if is_blank(publishing.get("approvers")):
            yield Hit(
                ("spec", "publishing", "approvers"), f"posts under {doc.name} need approval but no approvers are named"
            )
        crisis = as_dict(publishing.get("crisisPath"))
        lacks = [k for k in ("authority", "maxDelay") if is_blank(crisis.get(k))]
        if lacks:
            yield Hit(
                ("spec", "publishing", "crisisPath"),
                f"the approval gate of {doc.name} has no crisis fast path "
                f"(crisisPath.{' and crisisPath.'.join(lacks)}): who may post at once, within how long?",
            )
