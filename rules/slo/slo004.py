"""SLO004: an SLA that promises availability has an SLO measuring its service (where SLOs are kept)."""

from __future__ import annotations

from collections.abc import Iterator

from itsmlint.finding import Hit
from itsmlint.interop.openslo import index_of, measuring
from itsmlint.model import Corpus
from itsmlint.rule import Context, CorpusRule

from ._sla import availability_target, percent


class SlaMeasured(CorpusRule):
    """When the repository keeps OpenSLO SLOs, every SLA's availability promise is measured by one of them."""

    def check(self, corpus: Corpus, ctx: Context) -> Iterator[Hit]:
        if not index_of(corpus).defines("SLO"):
            return  # SLOs are not kept here: nothing to say about which one measures what
        measured = measuring(corpus)
        for sla in corpus.of_kind("SLA"):
            target = availability_target(sla)
            if target is None or sla.spec.get("type", "sla") != "sla":
                continue
            service = corpus.resolve(sla.spec.get("service"), sla)
            if service is None or service.kind != "Service" or measured.get(id(service)):
                continue
            yield Hit(
                ("spec", "availability", "target"),
                f"sla {sla.name} promises {percent(target)} availability "
                f"for {service.ref}, and no OpenSLO SLO measures {service.ref}: nobody sees the promise "
                "being broken until the customer does",
                document=sla,
                related=((service, ("metadata", "name"), "the service"),),
            )
