"""RIG009: a continual-improvement loop with feedback, on a cadence that is kept."""

from __future__ import annotations

from collections.abc import Iterator

from itsmlint.durations import parse_duration
from itsmlint.finding import Hit
from itsmlint.model import Document, as_date, as_dict, is_blank
from itsmlint.rule import Context, DocumentRule


class ImprovementLoop(DocumentRule):
    """The process is reviewed for improvement often enough, from real feedback, and on time."""

    def check(self, doc: Document, ctx: Context) -> Iterator[Hit]:
        improvement = doc.spec.get("improvement")
        if not isinstance(improvement, dict) or not improvement:
            yield Hit(
                ("spec", "improvement"),
                f"process {doc.name} has no improvement loop: no review cadence, feedback or register",
            )
            return
        base = ("spec", "improvement")
        limit = ctx.duration("maxImprovementCycle")
        frequency = parse_duration(improvement.get("reviewFrequency"))
        if frequency is None:
            if is_blank(improvement.get("reviewFrequency")):
                yield Hit((*base, "reviewFrequency"), f"process {doc.name} sets no improvement reviewFrequency")
        elif frequency > limit:
            yield Hit(
                (*base, "reviewFrequency"),
                f"process {doc.name} is reviewed for improvement every "
                f"{frequency}, less often than maxImprovementCycle={limit}",
            )
        if is_blank(as_dict(doc.spec).get("improvement", {}).get("feedbackFrom")):
            yield Hit(
                (*base, "feedbackFrom"),
                f"the improvement loop of {doc.name} takes feedback from nothing; "
                "name the KPIs, surveys or reviews it learns from",
            )
        last = as_date(improvement.get("lastReview"))
        cycle = frequency or limit
        if last is None:
            if improvement.get("lastReview") is None:
                yield Hit((*base, "lastReview"), f"the improvement loop of {doc.name} records no lastReview")
        elif ctx.today > cycle.add_to(last):
            yield Hit(
                (*base, "lastReview"),
                f"the last improvement review of {doc.name} was on {last.isoformat()}; "
                f"with a cycle of {cycle} the next was due on {cycle.add_to(last).isoformat()}",
            )
