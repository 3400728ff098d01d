"""SLO001: the names an OpenSLO object uses for other objects name objects that exist."""

from __future__ import annotations

from collections.abc import Iterator
from difflib import get_close_matches

from itsmlint.finding import Hit
from itsmlint.interop.openslo import SloIndex, index_of, references
from itsmlint.model import Corpus
from itsmlint.rule import Context, CorpusRule


class ReferencesResolve(CorpusRule):
    """An SLO's service, indicator and alert policies, a policy's conditions and targets, a metric's data source exist.

    A kind is checked only where the repository keeps objects of that kind:
    where it keeps none, the names refer to what the SLO platform holds.
    An SLO's service may also be an itsmlint Service of that name.
    """

    def check(self, corpus: Corpus, ctx: Context) -> Iterator[Hit]:
        index = index_of(corpus)
        services = {d.name for d in corpus.of_kind("Service")}
        for doc in index.objects:
            if doc.kind == "SLO" and "alertPolicies" in doc.spec and not doc.spec["alertPolicies"]:
                yield Hit(
                    ("spec", "alertPolicies"),
                    f"SLO {doc.name}: alertPolicies is written but names no "
                    "policy: nobody is alerted when the error budget burns",
                    sub="empty",
                    document=doc,
                )
            for ref in references(doc):
                if ref.kind == "Service":
                    if not (index.defines("Service") or services):
                        continue
                    if index.get("Service", ref.name) is not None or ref.name in services:
                        continue
                elif not index.defines(ref.kind) or index.get(ref.kind, ref.name) is not None:
                    continue
                pool = index.names(ref.kind) + (sorted(services) if ref.kind == "Service" else [])
                yield Hit(
                    ref.pointer,
                    f"{doc.kind} {doc.name}: {ref.pointer[-1]} {ref.name!r} names no "
                    f"{ref.kind}{_where(ref.kind, index, bool(services))}{_guess(ref.name, pool)}",
                    sub="unresolved",
                    document=doc,
                )


def _where(kind: str, index: SloIndex, services: bool) -> str:
    if kind == "Service" and services and not index.defines("Service"):
        return " (no OpenSLO Service, and no itsmlint Service, has that name)"
    return f" (the {kind}s kept here: {', '.join(index.names(kind)[:5])})" if index.names(kind) else ""


def _guess(name: str, pool: list[str]) -> str:
    """A did-you-mean: the name with the same words in another order, else the closest spelling."""
    words = sorted(name.split("-"))
    same = [p for p in pool if sorted(p.split("-")) == words]
    guess = same or get_close_matches(name, pool, n=1)
    return f"; did you mean {guess[0]}?" if guess else ""
