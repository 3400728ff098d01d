"""RISK002: risks are scored, before and after controls, on the agreed scale."""

from __future__ import annotations

from collections.abc import Iterator

from itsmlint.finding import Hit
from itsmlint.model import Document, as_dict, is_blank
from itsmlint.risks import score
from itsmlint.rule import Context, DocumentRule


class RiskScored(DocumentRule):
    """A risk has an inherent score on the scale, and a residual one once controls exist."""

    def check(self, doc: Document, ctx: Context) -> Iterator[Hit]:
        low, high = ctx.params["riskScale"]
        for key in ("inherent", "residual"):
            block = as_dict(doc.spec.get(key))
            for axis in ("likelihood", "impact"):
                value = block.get(axis)
                if value is None:
                    if key == "inherent":
                        yield Hit(("spec", key, axis), f"risk {doc.name} has no inherent {axis}", sub="unscored")
                    continue
                number = isinstance(value, (int, float)) and not isinstance(value, bool)
                if not number or not low <= value <= high:
                    yield Hit(
                        ("spec", key, axis),
                        f"risk {doc.name}: {key} {axis} {value!r} is not on the risk scale {low}..{high}",
                        sub="unscored",
                    )
        inherent, residual = score(doc.spec.get("inherent")), score(doc.spec.get("residual"))
        if not is_blank(doc.spec.get("controls")) and residual is None:
            yield Hit(
                ("spec", "residual"),
                f"risk {doc.name} has controls but no residual likelihood and impact; say what is left once they work",
                sub="no-residual",
            )
        elif (
            inherent
            and residual
            and residual[0] * residual[1] > inherent[0] * inherent[1]
            and is_blank(as_dict(doc.spec.get("residual")).get("rationale"))
        ):
            yield Hit(
                ("spec", "residual"),
                f"risk {doc.name}: residual score {residual[0] * residual[1]:g} is above "
                f"the inherent {inherent[0] * inherent[1]:g} with no residual.rationale",
                sub="residual-above-inherent",
            )
