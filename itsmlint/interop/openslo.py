"""OpenSLO v1: which fields name other objects, the duration shorthand, and which itsmlint Service an SLO measures.

OpenSLO objects refer to each other by ``metadata.name`` alone (v1 has no
namespaces): an SLO's ``service`` names a Service, its ``indicatorRef`` an
SLI, an ``alertPolicyRef`` an AlertPolicy; an AlertPolicy's ``conditionRef``
an AlertCondition and ``targetRef`` an AlertNotificationTarget; a metric's
``metricSourceRef`` a DataSource. SLIs and alert policies may also be written
inline, and their references are followed there too.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from itsmlint.finding import Pointer
from itsmlint.model import OPENSLO, Corpus, Document, as_dict, dig, items

KINDS = ("SLO", "SLI", "Service", "DataSource", "AlertPolicy", "AlertCondition", "AlertNotificationTarget")

#: ``duration-shorthand``: a positive whole number and one unit, case-sensitive.
_DURATION = re.compile(r"^([1-9][0-9]{0,8})([mhdwMQY])$")
UNITS = {"m": "minute", "h": "hour", "d": "day", "w": "week", "M": "month", "Q": "quarter", "Y": "year"}
#: Approximate lengths in minutes, to compare a window with an SLA's period.
MINUTES = {"m": 1, "h": 60, "d": 1440, "w": 10080, "M": 43200, "Q": 129600, "Y": 525600}

_METRIC_PARTS = ("good", "bad", "total", "raw")


@dataclass(frozen=True, slots=True)
class Duration:
    count: int
    unit: str

    @property
    def minutes(self) -> int:
        return self.count * MINUTES[self.unit]

    def __str__(self) -> str:
        return f"{self.count}{self.unit}"

    def words(self) -> str:
        return f"{self.count} {UNITS[self.unit]}{'' if self.count == 1 else 's'}"


def parse_duration(value: object) -> Duration | None:
    """An OpenSLO duration (``1h``, ``28d``, ``1M``), or None for anything else."""
    if not isinstance(value, str):
        return None
    m = _DURATION.match(value.strip())
    return Duration(int(m.group(1)), m.group(2)) if m else None


@dataclass(frozen=True, slots=True)
class Reference:
    """A name in one object that should be another object's ``metadata.name``."""

    pointer: Pointer
    kind: str
    name: str


def references(doc: Document) -> Iterator[Reference]:
    """Every reference an OpenSLO object makes, in document order."""
    spec = doc.spec
    base: Pointer = ("spec",)
    if doc.kind == "SLO":
        yield from _ref(spec, base, "service", "Service")
        yield from _ref(spec, base, "indicatorRef", "SLI")
        yield from _indicator(as_dict(spec.get("indicator")), (*base, "indicator"))
        for i, objective in items(spec.get("objectives")):
            yield from _ref(objective, (*base, "objectives", i), "indicatorRef", "SLI")
            yield from _indicator(as_dict(objective.get("indicator")), (*base, "objectives", i, "indicator"))
        policies = spec.get("alertPolicies")
        if isinstance(policies, list):
            for i, policy in enumerate(policies):
                where: Pointer = (*base, "alertPolicies", i)
                if isinstance(policy, str):  # a bare name, as some writers use
                    yield Reference(where, "AlertPolicy", policy)
                elif isinstance(policy, dict):
                    yield from _ref(policy, where, "alertPolicyRef", "AlertPolicy")
                    yield from _policy(as_dict(policy.get("spec")), (*where, "spec"))
    elif doc.kind == "SLI":
        yield from _metrics(spec, base)
    elif doc.kind == "AlertPolicy":
        yield from _policy(spec, base)


def _ref(holder: dict[str, object], at: Pointer, key: str, kind: str) -> Iterator[Reference]:
    value = holder.get(key)
    if isinstance(value, str) and value.strip():
        yield Reference((*at, key), kind, value.strip())


def _indicator(indicator: dict[str, object], at: Pointer) -> Iterator[Reference]:
    yield from _metrics(as_dict(indicator.get("spec")), (*at, "spec"))


def _metrics(spec: dict[str, object], at: Pointer) -> Iterator[Reference]:
    threshold = as_dict(spec.get("thresholdMetric"))
    if threshold:
        yield from _ref(
            as_dict(threshold.get("metricSource")),
            (*at, "thresholdMetric", "metricSource"),
            "metricSourceRef",
            "DataSource",
        )
    ratio = as_dict(spec.get("ratioMetric"))
    for part in _METRIC_PARTS:
        source = as_dict(dig(ratio, part, "metricSource"))
        if source:
            yield from _ref(source, (*at, "ratioMetric", part, "metricSource"), "metricSourceRef", "DataSource")


def _policy(spec: dict[str, object], at: Pointer) -> Iterator[Reference]:
    for i, condition in items(spec.get("conditions")):
        yield from _ref(condition, (*at, "conditions", i), "conditionRef", "AlertCondition")
    for i, target in items(spec.get("notificationTargets")):
        yield from _ref(target, (*at, "notificationTargets", i), "targetRef", "AlertNotificationTarget")


class SloIndex:
    """The OpenSLO objects of a run, by kind and name."""

    def __init__(self, documents: list[Document]) -> None:
        self.objects = [d for d in documents if d.family == OPENSLO]
        self._by_kind: dict[str, dict[str, list[Document]]] = defaultdict(lambda: defaultdict(list))
        for doc in self.objects:
            self._by_kind[doc.kind][doc.name].append(doc)

    def __bool__(self) -> bool:
        return bool(self.objects)

    def of_kind(self, kind: str) -> list[Document]:
        return [d for d in self.objects if d.kind == kind]

    def defines(self, kind: str) -> bool:
        """Whether any object of this kind is kept here (then a name that matches none is a mistake)."""
        return bool(self._by_kind.get(kind))

    def get(self, kind: str, name: str) -> Document | None:
        found = self._by_kind.get(kind, {}).get(name)
        return found[0] if found else None

    def names(self, kind: str) -> list[str]:
        return sorted(self._by_kind.get(kind, {}))

    def duplicates(self) -> Iterator[tuple[Document, Document]]:
        """(first, again) for each object whose kind and name an earlier one already has."""
        for by_name in self._by_kind.values():
            for same in by_name.values():
                for again in same[1:]:
                    yield same[0], again


def index_of(corpus: Corpus) -> SloIndex:
    """The run's OpenSLO objects, indexed once per corpus."""
    return corpus.memo("openslo-index", lambda: SloIndex(corpus.foreign))


def measured_service(slo: Document, corpus: Corpus) -> Document | None:
    """The itsmlint Service an SLO measures.

    Matched, in this order, by an ``itsmlint/service`` annotation on the SLO,
    by one on the OpenSLO Service the SLO names, or by the itsmlint Service
    whose name is the SLO's ``service``.
    """
    from itsmlint.interop.backstage import SERVICE_ANNOTATION, annotation

    named = slo.spec.get("service")
    candidates = [slo]
    if isinstance(named, str):
        service = index_of(corpus).get("Service", named.strip())
        if service is not None:
            candidates.append(service)
    for doc in candidates:
        value = annotation(doc, SERVICE_ANNOTATION)
        if value:
            found = corpus.resolve(value.strip())
            return found if found is not None and found.kind == "Service" else None
    if isinstance(named, str):
        return corpus.get("service", named.strip())
    return None


def measuring(corpus: Corpus) -> dict[int, list[Document]]:
    """The SLOs that measure each itsmlint Service (:func:`measured_service`), by the Service's identity; built once."""

    def build() -> dict[int, list[Document]]:
        found: dict[int, list[Document]] = {}
        for slo in index_of(corpus).of_kind("SLO"):
            service = measured_service(slo, corpus)
            if service is not None:
                found.setdefault(id(service), []).append(slo)
        return found

    return corpus.memo("openslo-measuring", build)
