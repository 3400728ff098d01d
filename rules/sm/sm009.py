"""SM009: accounts are watched, their access reviewed, and leavers removed promptly."""

from __future__ import annotations

from collections.abc import Iterator

from itsmlint.durations import cadence_broken
from itsmlint.finding import Hit
from itsmlint.model import Document, as_date, as_dict, is_blank, items
from itsmlint.rule import Context, DocumentRule

from ._accounts import accounts


class MonitoringAndAccess(DocumentRule):
    """Impersonation is monitored, access and third-party apps are reviewed, and leavers lose access fast."""

    def check(self, doc: Document, ctx: Context) -> Iterator[Hit]:
        monitoring = as_dict(doc.spec.get("monitoring"))
        base = ("spec", "monitoring")
        if monitoring.get("impersonation") is not True:
            yield Hit((*base, "impersonation"), f"policy {doc.name} does not monitor for impersonation of its accounts")
        longest = ctx.duration("maxAccessReviewInterval")
        cycle, said = cadence_broken(monitoring.get("accessReviewFrequency"), longest, none="on no schedule")
        if said:
            yield Hit(
                (*base, "accessReviewFrequency"),
                f"access to the accounts of {doc.name} is reviewed {said}; "
                f"review it at least every {longest} (maxAccessReviewInterval)",
            )
        every = cycle if cycle is not None and not cycle > longest else longest
        for pointer, label, account in accounts(doc):
            last = as_date(account.get("lastAccessReview"))
            if last is None:
                if account.get("lastAccessReview") is None:
                    yield Hit(pointer, f"account {label} records no access review (lastAccessReview)")
            elif ctx.today > every.add_to(last):
                yield Hit(
                    (*pointer, "lastAccessReview"),
                    f"access to account {label} was last reviewed on "
                    f"{last.isoformat()}; the next review was due on {every.add_to(last).isoformat()}",
                )
            for j, app in items(account.get("thirdPartyApps")):
                name = app.get("name") if isinstance(app.get("name"), str) else f"#{j + 1}"
                lacks = [
                    k
                    for k, bad in (
                        ("approval", app.get("approved") is not True),
                        ("review date", is_blank(app.get("reviewedOn"))),
                    )
                    if bad
                ]
                if lacks:
                    yield Hit(
                        (*pointer, "thirdPartyApps", j),
                        f"third-party app {name} on account {label} has no {' and no '.join(lacks)}",
                    )
        offboarding = as_dict(doc.spec.get("offboarding"))
        delay = ctx.duration("maxOffboardingDelay")
        _, said = cadence_broken(offboarding.get("revokeWithin"), delay, every="within", none="with no deadline")
        if said:
            yield Hit(
                ("spec", "offboarding", "revokeWithin"),
                f"leavers lose access to the accounts of {doc.name} "
                f"{said}; revoke within {delay} (maxOffboardingDelay)",
            )
        if offboarding.get("rotateCredentials") is not True:
            yield Hit(
                ("spec", "offboarding", "rotateCredentials"),
                f"policy {doc.name} does not rotate credentials when an admin leaves",
            )
