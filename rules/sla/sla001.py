"""SLA001: service hours and, for an SLA, a measurable availability commitment."""

from __future__ import annotations

from collections.abc import Iterator

from itsmlint.agreements import agreement_type
from itsmlint.finding import Hit
from itsmlint.model import Document, as_dict, as_number, dig, is_blank
from itsmlint.rule import Context, DocumentRule


class HoursAndAvailability(DocumentRule):
    """The agreement says when the service is supported, and an SLA how available it is and how that is measured."""

    def check(self, doc: Document, ctx: Context) -> Iterator[Hit]:
        hours = as_dict(doc.spec.get("serviceHours"))
        missing = [k for k in ("schedule", "timezone") if is_blank(hours.get(k))]
        if missing:
            yield Hit(
                ("spec", "serviceHours"),
                f"{agreement_type(doc)} {doc.name} has no serviceHours."
                f"{' or serviceHours.'.join(missing)}; say when the service is supported, and in which zone",
            )
        if agreement_type(doc) != "sla":
            return  # §8.7: the availability commitment is the SLA's, not its OLAs' or UCs'
        availability = as_dict(doc.spec.get("availability"))
        target = availability.get("target")
        value = as_number(target)
        if value is None or not 0 < value <= 100:
            said = "no availability.target" if target is None else f"availability.target {target!r}"
            yield Hit(
                ("spec", "availability", "target"),
                f"sla {doc.name} has {said}; give a percentage above 0 and at most 100, e.g. 99.9",
            )
        gaps = [
            path
            for path, value in (
                ("period", availability.get("period")),
                ("measurement.method", dig(availability, "measurement", "method")),
                ("measurement.source", dig(availability, "measurement", "source")),
                ("unavailableWhen", availability.get("unavailableWhen")),
            )
            if is_blank(value)
        ]
        if gaps:
            yield Hit(
                ("spec", "availability"),
                f"sla {doc.name} does not say how availability is measured: no "
                f"availability.{', availability.'.join(gaps)}",
            )
