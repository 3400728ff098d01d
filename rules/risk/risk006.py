"""RISK006: residual risk above appetite is formally accepted, and the acceptance expires."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from itsmlint.finding import Hit
from itsmlint.model import Document, as_date, as_dict, is_blank
from itsmlint.risks import score, treatment
from itsmlint.rule import Context, DocumentRule


class RiskAccepted(DocumentRule):
    """Risk left above appetite, or accepted on purpose, has a dated, approved, time-boxed acceptance."""

    def check(self, doc: Document, ctx: Context) -> Iterator[Hit]:
        appetite = float(ctx.params["riskAppetite"])
        level = score(doc.spec.get("residual")) or score(doc.spec.get("inherent"))
        above = level is not None and level[0] * level[1] > appetite
        accepted = treatment(doc) == "accept"
        acceptance = as_dict(doc.spec.get("acceptance"))
        expires = as_date(acceptance.get("expires"))
        if expires is not None and expires < ctx.today:
            # An expired acceptance hides nothing, whatever the score now is.
            yield Hit(
                ("spec", "acceptance", "expires"),
                f"the acceptance of risk {doc.name} expired on {expires.isoformat()}; renew it or treat the risk",
                sub="expired",
            )
            return
        if not (above or accepted):
            return
        why = (
            f"its residual score {level[0] * level[1]:g} is above riskAppetite={appetite:g}"
            if above and level
            else "its treatment is accept"
        )
        if not acceptance:
            yield Hit(("spec", "acceptance"), f"risk {doc.name} needs a formal acceptance: {why}", sub="not-accepted")
            return
        missing = [k for k in ("approvedBy", "approvedOn", "expires", "rationale") if is_blank(acceptance.get(k))]
        if missing:
            yield Hit(
                ("spec", "acceptance"),
                f"the acceptance of risk {doc.name} lacks {', '.join(missing)} ({why})",
                sub="not-accepted",
            )
        approved = as_date(acceptance.get("approvedOn"))
        longest = int(ctx.params["maxAcceptanceDays"])
        if approved is not None and expires is not None and expires > approved + dt.timedelta(days=longest):
            yield Hit(
                ("spec", "acceptance", "expires"),
                f"the acceptance of risk {doc.name} runs {(expires - approved).days} days, longer than "
                f"maxAcceptanceDays={longest}",
                sub="too-long",
            )
