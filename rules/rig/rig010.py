"""RIG010: over-specified procedures and time-and-motion KPIs (Taylorism). Heuristic."""

from __future__ import annotations

import re
from collections.abc import Iterator

from itsmlint.finding import Hit
from itsmlint.model import Document, as_dict, as_list, is_blank, items
from itsmlint.process import activities
from itsmlint.rule import Context, DocumentRule

_TIME_UNITS = frozenset(
    {"s", "sec", "secs", "second", "seconds", "min", "mins", "minute", "minutes", "h", "hr", "hrs", "hour", "hours"}
)
_TIME_WORDS = re.compile(r"\b(times?|duration|seconds?|minutes?|hours?)\b", re.IGNORECASE)


class OutcomesOverSteps(DocumentRule):
    """Procedures describe outcomes and guardrails, not every motion; KPIs measure the service, not the person."""

    def check(self, doc: Document, ctx: Context) -> Iterator[Hit]:
        limit = int(ctx.params["maxProcedureSteps"])
        for activity in activities(doc):
            steps = as_list(as_dict(activity.data.get("procedure")).get("steps"))
            if len(steps) > limit and is_blank(activity.data.get("rationale")):
                yield Hit(
                    (*activity.pointer, "procedure", "steps"),
                    f"heuristic: activity {activity.label} prescribes {len(steps)} steps, more than "
                    f"maxProcedureSteps={limit}; professionals need outcomes and guardrails, not every motion",
                )
        for i, kpi in items(doc.spec.get("kpis")):
            if kpi.get("scope") != "individual":
                continue
            unit = as_dict(kpi.get("target")).get("unit")
            words = " ".join(str(kpi.get(k, "")) for k in ("id", "name", "description"))
            if (isinstance(unit, str) and unit.strip().lower() in _TIME_UNITS) or _TIME_WORDS.search(words):
                label = kpi.get("id") if isinstance(kpi.get("id"), str) else f"#{i + 1}"
                yield Hit(
                    ("spec", "kpis", i, "scope"),
                    f"heuristic: KPI {label} times individual people at their tasks; measure the service "
                    "and its outcome instead",
                )
