"""SLA009: OLAs and UCs really underpin the SLA; every supplier has a UC."""

from __future__ import annotations

from collections.abc import Iterator

from itsmlint.agreements import agreement_type, targets
from itsmlint.durations import parse_duration
from itsmlint.finding import Hit
from itsmlint.model import Corpus, Document, as_dict, as_list, as_number
from itsmlint.rule import Context, CorpusRule


def _availability(doc: Document) -> float | None:
    return as_number(as_dict(doc.spec.get("availability")).get("target"))


class Underpinned(CorpusRule):
    """An OLA or UC is at least as good as the SLA it backs; each supplier of a service has a UC for it."""

    def check(self, corpus: Corpus, ctx: Context) -> Iterator[Hit]:
        for sla in corpus.of_kind("SLA"):
            for i, ref in enumerate(as_list(sla.spec.get("underpinnedBy"))):
                backing = corpus.resolve(ref, sla)
                if backing is None or backing.kind != "SLA":
                    continue  # REF001 reports it
                if agreement_type(backing) == "sla":
                    yield Hit(
                        ("spec", "underpinnedBy", i),
                        f"{agreement_type(sla)} {sla.name} is underpinned by "
                        f"{backing.ref}, which is itself an SLA; underpinning agreements are OLAs and UCs",
                        document=sla,
                    )
                    continue
                yield from self._compare(sla, backing)
        yield from self._suppliers(corpus)

    def _compare(self, sla: Document, backing: Document) -> Iterator[Hit]:
        """Report on the underpinning agreement: it is the one that must be tightened."""
        promised = dict(targets(sla))
        kind = agreement_type(backing)
        for priority, target in targets(backing):
            mine = parse_duration(target.get("resolution"))
            theirs = parse_duration(as_dict(promised.get(priority)).get("resolution"))
            if mine is not None and theirs is not None and mine > theirs:
                yield Hit(
                    ("spec", "targets", priority, "resolution"),
                    f"{kind} {backing.name} resolves {priority} in {mine}, longer than the {theirs} that "
                    f"{sla.ref} promises on top of it",
                    document=backing,
                    related=((sla, ("spec", "targets", priority, "resolution"), f"{sla.ref} {priority} resolution"),),
                )
        mine_a, theirs_a = _availability(backing), _availability(sla)
        if mine_a is not None and theirs_a is not None and mine_a < theirs_a:
            yield Hit(
                ("spec", "availability", "target"),
                f"{kind} {backing.name} commits to {mine_a:g}% availability, less than the {theirs_a:g}% that "
                f"{sla.ref} promises on top of it",
                document=backing,
                related=((sla, ("spec", "availability", "target"), f"{sla.ref} availability"),),
            )

    def _suppliers(self, corpus: Corpus) -> Iterator[Hit]:
        contracts = [d for d in corpus.of_kind("SLA") if agreement_type(d) == "uc"]
        for service in corpus.of_kind("Service"):
            for i, ref in enumerate(as_list(service.spec.get("suppliers"))):
                team = corpus.resolve(ref, service)
                if team is None or team.kind != "Team" or team.spec.get("type") == "internal":
                    continue  # an internal team is underpinned by an OLA, not a contract
                covered = any(
                    corpus.resolve(uc.spec.get("service"), uc) is service
                    and (
                        corpus.resolve(as_dict(uc.spec.get("provider")).get("party"), uc) is team
                        or corpus.resolve(team.spec.get("contract"), team) is uc
                    )
                    for uc in contracts
                )
                if not covered:
                    yield Hit(
                        ("spec", "suppliers", i),
                        f"supplier {team.ref} of service {service.name} has no "
                        "underpinning contract (an SLA of type uc for this service, from this supplier)",
                        document=service,
                        related=((team, ("spec",), "the supplier"),),
                    )
