"""What the SLA cross-checks share: which SLOs measure an SLA's availability, and their numbers.

:func:`measuring` (which SLOs measure which Service) lives in :mod:`itsmlint.interop.openslo`: the audit puts
those SLOs in the Service's bundle.
"""

from __future__ import annotations

from dataclasses import dataclass

from itsmlint.finding import Pointer
from itsmlint.interop.openslo import index_of
from itsmlint.model import Corpus, Document, as_dict, as_number, dig, items


@dataclass(frozen=True, slots=True)
class Objective:
    """One objective of an SLO, as a percentage, and where it is written."""

    slo: Document
    pointer: Pointer
    percent: float


def availability_target(sla: Document) -> float | None:
    """The availability an SLA promises, in percent, when it promises one in (0, 100]."""
    value = as_number(dig(sla.spec, "availability", "target"))
    return value if value is not None and 0 < value <= 100 else None


def is_availability(slo: Document, corpus: Corpus) -> bool:
    """Heuristic: an SLO measures availability when its indicator is a ratio of events or time (not a threshold).

    A latency SLO (a ``thresholdMetric``, or objectives with a ``value`` to
    compare against) measures something an availability target says nothing about.
    """
    indicator = as_dict(dig(slo.spec, "indicator", "spec"))
    ref = slo.spec.get("indicatorRef")
    if not indicator and isinstance(ref, str):
        sli = index_of(corpus).get("SLI", ref.strip())
        indicator = sli.spec if sli is not None else {}
    if "ratioMetric" not in indicator:
        return False
    return all("value" not in o for _, o in items(slo.spec.get("objectives")))


def objectives(slo: Document) -> list[Objective]:
    """Each objective's target as a percentage (``target`` is a ratio in [0, 1), ``targetPercent`` a percentage)."""
    out = []
    for i, objective in items(slo.spec.get("objectives")):
        ratio = as_number(objective.get("target"))
        percent = as_number(objective.get("targetPercent"))
        if ratio is not None and 0 <= ratio <= 1:
            out.append(Objective(slo, ("spec", "objectives", i, "target"), ratio * 100))
        elif percent is not None and 0 <= percent <= 100:
            out.append(Objective(slo, ("spec", "objectives", i, "targetPercent"), percent))
    return out


def downtime(percent: float) -> str:
    """The downtime a percentage allows in a 30-day month: ``43.2 minutes``."""
    minutes = (100 - percent) / 100 * 30 * 24 * 60
    shown = f"{minutes:.1f}".rstrip("0").rstrip(".")
    return f"{shown} minutes"


def percent(value: float) -> str:
    return f"{value:.4f}".rstrip("0").rstrip(".") + " %"
