"""SM010: the social-engineering risk family is registered, and each risk covered."""

from __future__ import annotations

from collections.abc import Iterator

from itsmlint.finding import Hit
from itsmlint.model import Document, as_list
from itsmlint.risks import is_covered
from itsmlint.rule import Context, DocumentRule


class SocialRiskFamily(DocumentRule):
    """The policy's risks carry every socialRiskFamily tag, and every such risk has a working control."""

    def applies_to(self, doc: Document) -> bool:
        return doc.kind == "SocialMediaPolicy"  # risks and controls are read through the policy

    def check(self, doc: Document, ctx: Context) -> Iterator[Hit]:
        family = [str(t) for t in ctx.params["socialRiskFamily"]]
        tagged: set[str] = set()
        for i, ref in enumerate(as_list(doc.spec.get("risks"))):
            risk = ctx.corpus.resolve(ref, doc)
            if risk is None or risk.kind != "Risk":
                continue  # REF001 reports it
            tags = {str(t) for t in as_list(risk.spec.get("tags"))} & set(family)
            tagged |= tags
            if tags and not is_covered(risk, ctx.corpus):
                yield Hit(
                    ("spec", "risks", i),
                    f"{risk.ref} ({', '.join(sorted(tags))}) is registered for "
                    f"{doc.name} but no control of it works (see RISK003)",
                    related=((risk, ("spec", "controls"), "its controls"),),
                )
        missing = [t for t in family if t not in tagged]
        if missing:
            yield Hit(
                ("spec", "risks"), f"policy {doc.name} registers no risk tagged {', '.join(missing)} (socialRiskFamily)"
            )
