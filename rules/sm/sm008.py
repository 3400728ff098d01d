"""SM008: staff and account admins are trained against social engineering."""

from __future__ import annotations

from collections.abc import Iterator

from itsmlint.durations import cadence_broken
from itsmlint.finding import Hit
from itsmlint.model import Document, as_dict, as_list
from itsmlint.rule import Context, DocumentRule

TOPICS = ("social-engineering", "phishing")


def _norm(value: object) -> str:
    return str(value).strip().lower().replace(" ", "-").replace("_", "-")


class AwarenessTraining(DocumentRule):
    """Training is required, at least every maxTrainingInterval, for the account admins, on the right topics."""

    def check(self, doc: Document, ctx: Context) -> Iterator[Hit]:
        training = as_dict(doc.spec.get("training"))
        base = ("spec", "training")
        if training.get("required") is not True:
            yield Hit((*base, "required"), f"policy {doc.name} does not require social-media training")
        limit = ctx.duration("maxTrainingInterval")
        _, said = cadence_broken(training.get("frequency"), limit)
        if said:
            yield Hit(
                (*base, "frequency"),
                f"training under {doc.name} runs {said}; run it at least every {limit} (maxTrainingInterval)",
            )
        audience = [_norm(a) for a in as_list(training.get("audience"))]
        if not any("admin" in a for a in audience):
            yield Hit((*base, "audience"), f"training under {doc.name} leaves out the account admins")
        topics = {_norm(t) for t in as_list(training.get("topics"))}
        missing = [t for t in TOPICS if t not in topics]
        if missing:
            yield Hit((*base, "topics"), f"training under {doc.name} does not cover {' or '.join(missing)}")
