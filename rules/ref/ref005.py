"""REF005: two-sided links agree."""

from __future__ import annotations

from collections.abc import Iterator

from itsmlint.finding import Hit
from itsmlint.fixes import Fix, append_item, set_value
from itsmlint.model import Corpus, Document, as_list, is_blank
from itsmlint.rule import Context, CorpusRule

#: The back fields that hold one reference; the others hold a list of them.
_SINGLE = frozenset({"service"})


def _points_to(corpus: Corpus, doc: Document, field: str, target: Document) -> bool:
    value = doc.spec.get(field)
    refs = value if isinstance(value, list) else [value]
    return any(corpus.resolve(ref, doc) is target for ref in refs)


class LinksAgree(CorpusRule):
    """Risk↔Control, Service↔ServiceOffering and SocialMediaPolicy↔Risk links are two-sided."""

    def check(self, corpus: Corpus, ctx: Context) -> Iterator[Hit]:
        yield from self._pair(corpus, "Risk", "controls", "Control", "mitigates")
        yield from self._pair(corpus, "Control", "mitigates", "Risk", "controls")
        yield from self._pair(corpus, "Service", "offerings", "ServiceOffering", "service")
        yield from self._pair(corpus, "ServiceOffering", "service", "Service", "offerings")
        yield from self._pair(corpus, "SocialMediaPolicy", "risks", "Risk", "affects")
        for risk in corpus.of_kind("Risk"):
            for i, ref in enumerate(as_list(risk.spec.get("affects"))):
                policy = corpus.resolve(ref, risk)
                if (
                    policy is not None
                    and policy.kind == "SocialMediaPolicy"
                    and not _points_to(corpus, policy, "risks", risk)
                ):
                    yield Hit(
                        ("spec", "affects", i),
                        f"risk {risk.name} affects {policy.ref}, but the policy's spec.risks does not list it",
                        document=risk,
                        related=((policy, ("spec", "risks"), "the policy's risks"),),
                        fix=_back_link(policy, "risks", risk),
                    )

    def _pair(self, corpus: Corpus, kind: str, field: str, other_kind: str, back: str) -> Iterator[Hit]:
        for doc in corpus.of_kind(kind):
            value = doc.spec.get(field)
            entries = list(enumerate(value)) if isinstance(value, list) else [(None, value)]
            for i, ref in entries:
                other = corpus.resolve(ref, doc)
                if other is None or other.kind != other_kind or _points_to(corpus, other, back, doc):
                    continue
                pointer = ("spec", field) if i is None else ("spec", field, i)
                yield Hit(
                    pointer,
                    f"{doc.ref} lists {other.ref} in {field}, but {other.ref} does not point back in {back}",
                    document=doc,
                    related=((other, ("spec", back), f"its {back}"),),
                    fix=_back_link(other, back, doc),
                )


def _back_link(other: Document, back: str, doc: Document) -> Fix | None:
    """The missing half of a link, written on ``other``: ``doc``'s reference added to (or set as) its ``back``.

    Safe: it says what the other side already says. A one-reference field
    that points elsewhere has no fix: which side is wrong is a decision.
    """
    current = other.spec.get(back)
    if back in _SINGLE:
        if not is_blank(current):
            return None
        return Fix(
            f"set {other.ref} spec.{back} to {doc.ref}", (set_value(("spec", back), doc.ref, current, document=other),)
        )
    if current is not None and not isinstance(current, list):
        return None
    return Fix(f"add {doc.ref} to {other.ref} spec.{back}", (append_item(("spec", back), doc.ref, document=other),))
