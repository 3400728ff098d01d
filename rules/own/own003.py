"""OWN003: service-side artefacts have one accountable owner."""

from __future__ import annotations

from collections.abc import Iterator

from itsmlint.finding import Hit
from itsmlint.model import Document, as_dict, is_blank
from itsmlint.rule import Context, DocumentRule

from ._owners import owner_fix, owner_problem


class ServiceSideOwner(DocumentRule):
    """Services, offerings, SLAs, the social policy, value streams and suppliers have one owner."""

    def applies_to(self, doc: Document) -> bool:
        if doc.kind == "Team":
            return doc.spec.get("type") == "supplier"
        return super().applies_to(doc)

    def check(self, doc: Document, ctx: Context) -> Iterator[Hit]:
        if doc.kind == "SLA":
            yield from self._sla(doc, ctx)
            return
        problem = owner_problem(doc.spec.get("owner"), "spec.owner", doc, ctx.corpus)
        if problem:
            yield Hit(
                ("spec", "owner"), f"{doc.ref}: {problem}", fix=owner_fix(doc.spec.get("owner"), ("spec", "owner"))
            )

    def _sla(self, doc: Document, ctx: Context) -> Iterator[Hit]:
        provider = doc.spec.get("provider")
        owner = as_dict(provider).get("owner")
        problem = owner_problem(owner, "provider.owner", doc, ctx.corpus)
        if problem:
            yield Hit(
                ("spec", "provider", "owner"),
                f"{doc.spec.get('type', 'sla')} {doc.name}: {problem}",
                fix=owner_fix(owner, ("spec", "provider", "owner")),
            )
        if doc.spec.get("type", "sla") == "sla":
            customer = as_dict(doc.spec.get("customer"))
            for key in ("party", "signatory"):
                if is_blank(customer.get(key)):
                    yield Hit(
                        ("spec", "customer", key),
                        f"sla {doc.name} has no customer.{key}; an SLA is agreed with a named customer",
                    )
