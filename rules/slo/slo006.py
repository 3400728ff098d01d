"""SLO006: an availability SLO counts over the SLA's period, in time, as the SLA does."""

from __future__ import annotations

from collections.abc import Iterator

from itsmlint.durations import Duration as IsoDuration
from itsmlint.durations import parse_duration as parse_iso
from itsmlint.finding import Hit
from itsmlint.interop.openslo import Duration, measuring, parse_duration
from itsmlint.model import Corpus, dig, items
from itsmlint.rule import Context, CorpusRule

from ._sla import availability_target, is_availability

#: OpenSLO units as (months, days, seconds): how ISO 8601 periods are compared with them, exactly.
_PARTS = {
    "m": (0, 0, 60),
    "h": (0, 0, 3600),
    "d": (0, 1, 0),
    "w": (0, 7, 0),
    "M": (1, 0, 0),
    "Q": (3, 0, 0),
    "Y": (12, 0, 0),
}


class WindowMatchesSla(CorpusRule):
    """The SLO's time window is the SLA's period, aligned to the calendar, and its budget counts time, not events."""

    def check(self, corpus: Corpus, ctx: Context) -> Iterator[Hit]:
        measured = measuring(corpus)
        for sla in corpus.of_kind("SLA"):
            service = corpus.resolve(sla.spec.get("service"), sla)
            period = parse_iso(dig(sla.spec, "availability", "period"))
            if availability_target(sla) is None or service is None or service.kind != "Service":
                continue
            related = ((sla, ("spec", "availability"), "the SLA's availability"),)
            for slo in measured.get(id(service), []):
                if not is_availability(slo, corpus):
                    continue
                for i, window in items(slo.spec.get("timeWindow")):
                    duration = parse_duration(window.get("duration"))
                    if period is not None and duration is not None and _parts(duration) != _iso_parts(period):
                        yield Hit(
                            ("spec", "timeWindow", i, "duration"),
                            f"SLO {slo.name} counts over "
                            f"{duration.words()}, sla {sla.name} over {period.text or period}: the two never "
                            "report on the same stretch of time",
                            sub="window-length",
                            document=slo,
                            related=related,
                        )
                    elif window.get("isRolling") is True:
                        yield Hit(
                            ("spec", "timeWindow", i, "isRolling"),
                            f"SLO {slo.name} rolls its window while "
                            f"sla {sla.name} is reported per calendar period: the SLO can be met on the day "
                            "the month's SLA is broken",
                            sub="rolling",
                            document=slo,
                            related=related,
                        )
                method = slo.spec.get("budgetingMethod")
                if method == "Occurrences":
                    yield Hit(
                        ("spec", "budgetingMethod"),
                        f"SLO {slo.name} budgets by Occurrences (a share of "
                        f"events), while sla {sla.name} promises a share of time: use Timeslices or "
                        "RatioTimeslices to measure what was promised",
                        sub="budgeting",
                        document=slo,
                        related=related,
                    )


def _parts(duration: Duration) -> tuple[int, int, int]:
    months, days, seconds = _PARTS[duration.unit]
    return months * duration.count, days * duration.count, seconds * duration.count


def _iso_parts(period: IsoDuration) -> tuple[int, int, int]:
    return period.years * 12 + period.months, period.days, int(period.seconds)
