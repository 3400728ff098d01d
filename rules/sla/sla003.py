"""SLA003: targets are ordered: respond before resolving, higher priorities faster."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

from itsmlint.agreements import agreement_type, rank, targets
from itsmlint.durations import Duration, parse_duration
from itsmlint.finding import Hit
from itsmlint.model import Document
from itsmlint.rule import Context, DocumentRule


class TargetOrder(DocumentRule):
    """Within a priority, response ≤ resolution and update ≤ resolution; a higher priority is never slower."""

    def check(self, doc: Document, ctx: Context) -> Iterator[Hit]:
        kind = agreement_type(doc)
        parsed: dict[str, dict[str, Duration]] = {}
        for priority, target in targets(doc):
            times = {k: d for k in ("response", "resolution", "update") if (d := parse_duration(target.get(k)))}
            parsed[priority] = times
            base = ("spec", "targets", priority)
            if "response" in times and "resolution" in times and times["resolution"] < times["response"]:
                yield Hit(
                    (*base, "resolution"),
                    f"{kind} {doc.name}: {priority} resolution {times['resolution']} is "
                    f"shorter than its response {times['response']}",
                    sub="inverted",
                )
            if "update" in times and "resolution" in times and times["update"] > times["resolution"]:
                yield Hit(
                    (*base, "update"),
                    f"{kind} {doc.name}: {priority} update interval {times['update']} is "
                    f"longer than its resolution {times['resolution']}",
                    sub="inverted",
                )
        order = rank(parsed)
        for field in ("response", "resolution"):
            ranked = [(p, parsed[p][field]) for p in order if field in parsed[p]]
            for (higher, fast), (lower, slow) in pairwise(ranked):
                if fast > slow:
                    yield Hit(
                        ("spec", "targets", higher, field),
                        f"{kind} {doc.name}: {higher} {field} {fast} is longer than {lower}'s {slow}; a higher "
                        "priority must not be slower",
                        sub="priority-order",
                        related=((doc, ("spec", "targets", lower, field), f"{lower} {field}"),),
                    )
