"""SM005: personal use, disclosure of employment, confidentiality and employee rights."""

from __future__ import annotations

from collections.abc import Iterator

from itsmlint.finding import Hit
from itsmlint.model import Document, as_dict, as_list, is_blank
from itsmlint.rule import Context, DocumentRule


class PersonalUse(DocumentRule):
    """Staff know what they may do in their own name, must disclose who they work for, and keep their rights."""

    def check(self, doc: Document, ctx: Context) -> Iterator[Hit]:
        use = doc.spec.get("personalUse")
        if not isinstance(use, dict) or not use:
            yield Hit(("spec", "personalUse"), f"policy {doc.name} says nothing about personal use by staff")
            return
        base = ("spec", "personalUse")
        if use.get("disclosureRequired") is not True:
            yield Hit(
                (*base, "disclosureRequired"),
                f"policy {doc.name} does not require staff to disclose their "
                "employment when they speak about the company (disclosureRequired: true)",
            )
        if is_blank(use.get("confidentiality")):
            yield Hit((*base, "confidentiality"), f"policy {doc.name} has no confidentiality clause for personal use")
        places = {str(j).upper() for j in as_list(doc.spec.get("jurisdictions"))}
        american = any(p in ("US", "USA") or p.startswith("US-") for p in places)  # US-CA and the like
        if american and as_dict(use).get("protectedActivityNotice") is not True:
            yield Hit(
                (*base, "protectedActivityNotice"),
                f"policy {doc.name} applies in the US but does not say it "
                "leaves legally protected employee activity alone (protectedActivityNotice: true)",
            )
