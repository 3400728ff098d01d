"""REF002: referenced people are still active."""

from __future__ import annotations

from collections.abc import Iterator

from itsmlint.finding import Hit
from itsmlint.interop.backstage import left_on
from itsmlint.model import Corpus, as_date, references
from itsmlint.rule import Context, CorpusRule

# Who approved something is a historical fact: a person who has since left
# still approved it. Every other reference is about who acts today.
_HISTORICAL = frozenset({"approvedBy"})


class PeopleActive(CorpusRule):
    """References to people point at people who are still here."""

    def check(self, corpus: Corpus, ctx: Context) -> Iterator[Hit]:
        for doc in corpus:
            for pointer, value, ref in references(doc):
                if ref.kind not in ("person", "user") or (pointer and pointer[-1] in _HISTORICAL):
                    continue
                person = corpus.resolve(ref, doc)
                if person is None or ctx.directory.is_active(person):
                    continue
                left = left_on(person) if person.foreign else as_date(person.spec.get("leftOn"))
                why = "is inactive"
                if left is not None and left <= ctx.today:
                    why = f"left on {left.isoformat()}"
                yield Hit(
                    pointer,
                    f"{value} {why}; reassign to a current person",
                    document=doc,
                    related=((person, ("metadata",) if person.foreign else ("spec",), "the person"),),
                )
