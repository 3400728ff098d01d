"""SLO005: the SLOs measuring a service aim at least as high as the availability its SLA promises."""

from __future__ import annotations

from collections.abc import Iterator

from itsmlint.finding import Hit
from itsmlint.interop.openslo import measuring
from itsmlint.model import Corpus
from itsmlint.rule import Context, CorpusRule

from ._sla import availability_target, downtime, is_availability, objectives, percent


class SloMeetsSla(CorpusRule):
    """Heuristic: an availability SLO whose strictest objective is looser than the SLA's target cannot warn in time."""

    def check(self, corpus: Corpus, ctx: Context) -> Iterator[Hit]:
        measured = measuring(corpus)
        for sla in corpus.of_kind("SLA"):
            promised = availability_target(sla)
            service = corpus.resolve(sla.spec.get("service"), sla)
            if promised is None or service is None or service.kind != "Service":
                continue
            for slo in measured.get(id(service), []):
                aims = objectives(slo)
                if not aims or not is_availability(slo, corpus):
                    continue
                best = max(aims, key=lambda o: o.percent)
                if best.percent >= promised:
                    continue
                yield Hit(
                    best.pointer,
                    f"SLO {slo.name} aims at {percent(best.percent)} ({downtime(best.percent)} "
                    f"of downtime in a 30-day month), looser than the {percent(promised)} sla {sla.name} "
                    f"promises ({downtime(promised)}): the SLO is met while the SLA is broken (heuristic)",
                    document=slo,
                    related=((sla, ("spec", "availability", "target"), "the SLA's promise"),),
                )
