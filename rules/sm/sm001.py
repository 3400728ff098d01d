"""SM001: social media enables the business, through an inventory of owned official accounts."""

from __future__ import annotations

from collections.abc import Iterator

from itsmlint.finding import Hit
from itsmlint.model import Document, is_blank
from itsmlint.rule import Context, DocumentRule

from ._accounts import accounts


class EnablingInventory(DocumentRule):
    """The policy names the business uses it enables, and every official account with a business owner."""

    def check(self, doc: Document, ctx: Context) -> Iterator[Hit]:
        if is_blank(doc.spec.get("purposes")):
            yield Hit(
                ("spec", "purposes"),
                f"policy {doc.name} only prohibits: it names no business purposes that social media serves",
                sub="prohibition-only",
            )
        found = list(accounts(doc))
        if not found:
            yield Hit(
                ("spec", "accounts"),
                f"policy {doc.name} lists no official accounts; an inventory is where guarding them starts",
                sub="no-inventory",
            )
        for pointer, label, account in found:
            lacks = [k for k in ("platform", "handle", "purpose", "businessOwner") if is_blank(account.get(k))]
            if lacks:
                yield Hit(
                    pointer, f"account {label} of {doc.name} has no {', no '.join(lacks)}", sub="account-incomplete"
                )
