"""BKS007: a relation's name written as a spec field, which the catalog ignores."""

from __future__ import annotations

from collections.abc import Iterator

from itsmlint.finding import Hit
from itsmlint.interop.backstage import RELATION_ONLY, catalog_of, entity_name, relation_fields
from itsmlint.model import Corpus
from itsmlint.rule import Context, CorpusRule


class RelationAsField(CorpusRule):
    """A built-in kind's spec holds no key named after a relation (apiConsumedBy, ownedBy...) that is not its field."""

    def check(self, corpus: Corpus, ctx: Context) -> Iterator[Hit]:
        for entity in catalog_of(corpus).entities:
            fields = {f.key for f in relation_fields(entity)}
            if not fields:
                continue  # a kind whose fields Backstage does not define here (Location, custom kinds)
            for key in entity.spec:
                if key in RELATION_ONLY and key not in fields:
                    made = RELATION_ONLY[key]
                    source = f"; the relation comes from {made}" if made else ""
                    yield Hit(
                        ("spec", key),
                        f"{entity_name(entity)}: spec.{key} is the name of a relation, not a "
                        f"field of a {entity.kind}, so the catalog ignores it{source}",
                        document=entity,
                    )
