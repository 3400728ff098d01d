"""BKS006: no two catalog entities share kind, namespace and name."""

from __future__ import annotations

from collections.abc import Iterator

from itsmlint.finding import Hit
from itsmlint.interop.backstage import catalog_of, entity_name
from itsmlint.model import Corpus
from itsmlint.rule import Context, CorpusRule


class UniqueEntities(CorpusRule):
    """Each (kind, namespace, name) names one entity; Backstage compares them without regard to case."""

    def check(self, corpus: Corpus, ctx: Context) -> Iterator[Hit]:
        for first, again in catalog_of(corpus).duplicates:
            line = first.locate(("metadata", "name"))[0]
            where = f"line {line}" if first.path == again.path else f"{first.path}:{line}"
            case = "" if first.name == again.name else f" (as {first.name!r}: case does not count)"
            yield Hit(
                ("metadata", "name"),
                f"{entity_name(again)} is defined twice{case}, first at {where}; "
                "the catalog keeps one of them and rejects the other",
                document=again,
                related=((first, ("metadata", "name"), "first defined here"),),
            )
