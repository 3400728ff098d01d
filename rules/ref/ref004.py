"""REF004: services, offerings and SLAs cover each other."""

from __future__ import annotations

from collections.abc import Iterator

from itsmlint.finding import Hit
from itsmlint.model import Corpus, Document, is_blank
from itsmlint.rule import Context, CorpusRule


class ServiceLevelCoverage(CorpusRule):
    """Approved services have an SLA; SLAs match their offering's service; offerings with actions have an SLA."""

    def check(self, corpus: Corpus, ctx: Context) -> Iterator[Hit]:
        slas_for_service: dict[tuple[str, str, str], list[Document]] = {}
        slas_for_offering: dict[tuple[str, str, str], list[Document]] = {}
        for sla in corpus.of_kind("SLA"):
            service = corpus.resolve(sla.spec.get("service"), sla)
            offering = corpus.resolve(sla.spec.get("offering"), sla)
            if service is not None:
                slas_for_service.setdefault(service.key, []).append(sla)
            if offering is not None:
                slas_for_offering.setdefault(offering.key, []).append(sla)
                owner_service = corpus.resolve(offering.spec.get("service"), offering)
                if service is not None and owner_service is not None and owner_service is not service:
                    yield Hit(
                        ("spec", "offering"),
                        f"sla {sla.name} is for {service.ref} but its offering {offering.ref} belongs to "
                        f"{owner_service.ref}",
                        document=sla,
                        related=((offering, ("spec", "service"), "the offering's service"),),
                    )
        for service in corpus.of_kind("Service"):
            if service.status != "approved" or service.key in slas_for_service:
                continue
            if service.spec.get("sla") == "none":
                if is_blank(service.spec.get("rationale")):
                    yield Hit(
                        ("spec", "sla"),
                        f"service {service.name} opts out with sla: none but gives no rationale",
                        document=service,
                    )
                continue
            declared = corpus.resolve(service.spec.get("sla"), service)
            if declared is not None and declared.kind == "SLA":
                continue
            yield Hit(
                ("spec",),
                f"approved service {service.name} has no SLA; agree one, or declare sla: none with a rationale",
                document=service,
            )
        for offering in corpus.of_kind("ServiceOffering"):
            if is_blank(offering.spec.get("serviceActions")) or offering.key in slas_for_offering:
                continue
            declared = corpus.resolve(offering.spec.get("sla"), offering)
            if declared is not None and declared.kind == "SLA":
                continue
            yield Hit(
                ("spec", "sla"),
                f"offering {offering.name} promises service actions but no SLA covers it",
                document=offering,
            )
