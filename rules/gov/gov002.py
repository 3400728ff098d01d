"""GOV002: approval status is complete, consistent and current."""

from __future__ import annotations

from collections.abc import Iterator

from itsmlint.finding import Hit
from itsmlint.model import Corpus, as_date, references
from itsmlint.rule import Context, CorpusRule


class ApprovalConsistent(CorpusRule):
    """Approved documents say who approved them and when, rely only on approved ones, and are in date."""

    def check(self, corpus: Corpus, ctx: Context) -> Iterator[Hit]:
        for doc in corpus:
            if doc.status == "approved":
                missing = [k for k in ("approvedBy", "approvedOn") if not doc.metadata.get(k)]
                if missing:
                    yield Hit(
                        ("metadata", "status"),
                        f"{doc.ref} is approved but has no {' or '.join(missing)}",
                        sub="approval-incomplete",
                        document=doc,
                    )
                for pointer, value, ref in references(doc):
                    target = corpus.resolve(ref, doc)
                    if target is not None and target.status in ("draft", "retired"):
                        yield Hit(
                            pointer,
                            f"approved {doc.ref} relies on {value}, which is {target.status}",
                            sub="refers-to-unapproved",
                            document=doc,
                            related=((target, ("metadata", "status"), f"status {target.status}"),),
                        )
            if doc.kind in ("SLA", "RoleAssignment"):
                until = as_date(doc.spec.get("validUntil"))
                if until is not None and until < ctx.today:
                    yield Hit(
                        ("spec", "validUntil"),
                        f"{doc.ref} expired on {until.isoformat()}; renew or retire it",
                        sub="expired",
                        document=doc,
                    )
