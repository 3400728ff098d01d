"""RISK005: controls are tested on their cadence, with evidence."""

from __future__ import annotations

from collections.abc import Iterator

from itsmlint.durations import parse_duration
from itsmlint.finding import Hit
from itsmlint.model import Document, as_date, as_dict, is_blank
from itsmlint.rule import Context, DocumentRule


class ControlTested(DocumentRule):
    """An implemented control is tested at least every maxControlTestInterval, on time, with evidence."""

    def applies_to(self, doc: Document) -> bool:
        # A planned or retired control has nothing to test yet, or any more; one
        # that states no status does not claim to work (RISK003 says so).
        return super().applies_to(doc) and doc.spec.get("status") == "implemented"

    def check(self, doc: Document, ctx: Context) -> Iterator[Hit]:
        test = as_dict(doc.spec.get("test"))
        limit = ctx.duration("maxControlTestInterval")
        grace = float(ctx.params["controlTestGrace"])
        frequency = parse_duration(test.get("frequency"))
        if frequency is None:
            if is_blank(test.get("frequency")):
                yield Hit(("spec", "test", "frequency"), f"control {doc.name} has no test frequency")
        elif frequency > limit:
            yield Hit(
                ("spec", "test", "frequency"),
                f"control {doc.name} is tested every {frequency}, less often than maxControlTestInterval={limit}",
            )
        last = as_date(test.get("lastTested"))
        cycle = frequency or limit
        if last is not None:
            due = cycle.add_to(last, 1 + grace)
            if ctx.today > due:
                yield Hit(
                    ("spec", "test", "lastTested"),
                    f"control {doc.name} was last tested on {last.isoformat()}; with a cycle of {cycle} and "
                    f"{grace:.0%} grace the next test was due by {due.isoformat()}",
                )
        elif test.get("lastTested") is None:
            yield Hit(("spec", "test", "lastTested"), f"control {doc.name} records no lastTested date")
        if is_blank(test.get("evidence")):
            yield Hit(("spec", "test", "evidence"), f"control {doc.name} has no test evidence; link where it is kept")
