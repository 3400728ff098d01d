"""OWN005: ownership concentration (bus factor). Heuristic."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from itsmlint.finding import Hit
from itsmlint.model import Corpus, Document, as_list
from itsmlint.process import activities
from itsmlint.rule import Context, CorpusRule


class OwnershipConcentration(CorpusRule):
    """Work and ownership are not concentrated on one person."""

    def check(self, corpus: Corpus, ctx: Context) -> Iterator[Hit]:
        share = float(ctx.params["maxSoleResponsibleShare"])
        owned: dict[tuple[str, str, str], list[Document]] = {}
        people: dict[tuple[str, str, str], Document] = {}
        for process in corpus.of_kind("Process"):
            owner = process.spec.get("owner")
            owners = ctx.directory.holders(owner, process) if isinstance(owner, str) else []
            if len(owners) == 1:
                owned.setdefault(owners[0].key, []).append(process)
                people[owners[0].key] = owners[0]
            yield from self._sole_responsible(process, ctx, share, owners)
        limit = int(ctx.params["maxOwnedProcesses"])
        for key, processes in sorted(owned.items()):
            if len(processes) > limit:
                person = people[key]
                names = ", ".join(p.name for p in processes)
                yield Hit(
                    ("metadata", "name"),
                    f"heuristic: {person.ref} owns {len(processes)} processes ({names}); "
                    f"more than maxOwnedProcesses={limit}",
                    document=person,
                    related=tuple((p, ("spec", "owner"), "owned here") for p in processes),
                )

    def _sole_responsible(self, process: Document, ctx: Context, share: float, owners: list[Document]) -> Iterator[Hit]:
        acts = activities(process)
        sole: Counter[tuple[str, str, str]] = Counter()
        who: dict[tuple[str, str, str], Document] = {}
        resolved_any = 0
        for activity in acts:
            doers: dict[tuple[str, str, str], Document] = {}
            for _, ref in activity.parties("responsible"):
                for person in ctx.directory.holders(ref, process):
                    doers[person.key] = person
            if doers:
                resolved_any += 1
            if len(doers) == 1:
                person = next(iter(doers.values()))
                sole[person.key] += 1
                who[person.key] = person
        # Silent without data: with no resolvable Responsible parties there is
        # nothing to measure (REF003 and RACI002 report the gaps).
        if len(acts) < 2 or resolved_any < len(acts):
            return
        for key, count in sorted(sole.items()):
            if count / len(acts) >= share:
                person = who[key]
                yield Hit(
                    ("spec", "activities"),
                    f"heuristic: {person.ref} is the only Responsible on {count} of {len(acts)} activities "
                    f"of process {process.name} (maxSoleResponsibleShare={share:g})",
                    document=process,
                )
                if owners and owners[0].key == key and count == len(acts):
                    managers = {
                        p.key
                        for ref in as_list(process.spec.get("managers"))
                        for p in ctx.directory.holders(ref, process)
                    }
                    if key in managers:
                        yield Hit(
                            ("spec", "owner"),
                            f"heuristic: {person.ref} is owner, manager and sole practitioner of "
                            f"process {process.name}",
                            document=process,
                        )
