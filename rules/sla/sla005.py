"""SLA005: performance is reported, and the agreement reviewed with the customer, on time."""

from __future__ import annotations

from collections.abc import Iterator

from itsmlint.agreements import agreement_type
from itsmlint.durations import cadence_broken
from itsmlint.finding import Hit
from itsmlint.model import Document, as_date, as_dict, is_blank
from itsmlint.rule import Context, DocumentRule


class ReportingAndReview(DocumentRule):
    """Reports go to someone at least every maxReportingInterval; reviews with the customer happen on time."""

    def check(self, doc: Document, ctx: Context) -> Iterator[Hit]:
        kind = agreement_type(doc)
        reporting, review = as_dict(doc.spec.get("reporting")), as_dict(doc.spec.get("review"))
        most, longest = ctx.duration("maxReportingInterval"), ctx.duration("maxSlaReviewCycle")
        _, said = cadence_broken(reporting.get("frequency"), most)
        if said:
            yield Hit(
                ("spec", "reporting", "frequency"),
                f"{kind} {doc.name} is reported {said}; report at least every {most} (maxReportingInterval)",
            )
        if is_blank(reporting.get("audience")):
            yield Hit(("spec", "reporting", "audience"), f"{kind} {doc.name} reports to nobody; name the audience")
        cycle, said = cadence_broken(review.get("frequency"), longest)
        if said:
            yield Hit(
                ("spec", "review", "frequency"),
                f"{kind} {doc.name} is reviewed {said}; review it at least every {longest} (maxSlaReviewCycle)",
            )
        if review.get("withCustomer") is not True:
            yield Hit(
                ("spec", "review", "withCustomer"),
                f"{kind} {doc.name} is not reviewed with the customer (review.withCustomer: true)",
            )
        last = as_date(review.get("lastReview"))
        if last is not None:
            due = (cycle or longest).add_to(last)
            if ctx.today > due:
                yield Hit(
                    ("spec", "review", "lastReview"),
                    f"{kind} {doc.name} was last reviewed on "
                    f"{last.isoformat()}; the next review was due on {due.isoformat()}",
                )
        elif review.get("lastReview") is None:
            yield Hit(("spec", "review", "lastReview"), f"{kind} {doc.name} records no review (review.lastReview)")
