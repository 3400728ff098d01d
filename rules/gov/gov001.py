"""GOV001: documents are reviewed on time."""

from __future__ import annotations

from collections.abc import Iterator

from itsmlint.durations import parse_duration
from itsmlint.finding import Hit
from itsmlint.model import Document, as_date
from itsmlint.rule import Context, DocumentRule


class ReviewOnTime(DocumentRule):
    """Approved documents record a review and are reviewed within their cycle."""

    def check(self, doc: Document, ctx: Context) -> Iterator[Hit]:
        md = doc.metadata
        last = as_date(md.get("lastReviewed"))
        limit = ctx.duration("maxReviewCycle")
        cycle = parse_duration(md.get("reviewCycle"))
        if cycle is not None and cycle > limit:
            yield Hit(
                ("metadata", "reviewCycle"),
                f"{doc.ref} is reviewed every {cycle}, less often than maxReviewCycle={limit}",
                sub="cycle-too-long",
            )
        if last is None:
            if doc.status == "approved" and md.get("lastReviewed") is None:
                yield Hit(
                    ("metadata", "lastReviewed"),
                    f"approved {doc.ref} records no lastReviewed date",
                    sub="no-last-reviewed",
                )
            return
        # Without a declared cycle the longest allowed one applies.
        effective = cycle or limit
        due = effective.add_to(last)
        if ctx.today > effective.add_to(last, 2):
            yield Hit(
                ("metadata", "lastReviewed"),
                f"{doc.ref} was last reviewed on {last.isoformat()}; its review was due on {due.isoformat()} "
                f"and is more than a whole cycle ({effective}) overdue",
                sub="long-overdue",
            )
        elif ctx.today > due:
            yield Hit(
                ("metadata", "lastReviewed"),
                f"{doc.ref} was last reviewed on {last.isoformat()}; its review was due on {due.isoformat()} "
                f"(cycle {effective})",
                sub="overdue",
            )
