"""SLO002: no two OpenSLO objects of one kind share a name."""

from __future__ import annotations

from collections.abc import Iterator

from itsmlint.finding import Hit
from itsmlint.interop.openslo import index_of
from itsmlint.model import Corpus
from itsmlint.rule import Context, CorpusRule


class UniqueNames(CorpusRule):
    """Each OpenSLO kind's names are unique: objects refer to each other by name alone."""

    def check(self, corpus: Corpus, ctx: Context) -> Iterator[Hit]:
        for first, again in index_of(corpus).duplicates():
            line = first.locate(("metadata", "name"))[0]
            where = f"line {line}" if first.path == again.path else f"{first.path}:{line}"
            yield Hit(
                ("metadata", "name"),
                f"{again.kind} {again.name} is defined twice, first at {where}: a "
                "reference to the name cannot tell them apart, and tools keep one or reject both",
                document=again,
                related=((first, ("metadata", "name"), "first defined here"),),
            )
