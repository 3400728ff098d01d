"""SLO003: OpenSLO durations are well formed, and a time window is not counted in minutes by mistake."""

from __future__ import annotations

from collections.abc import Iterator

from itsmlint.finding import Hit, Pointer
from itsmlint.interop.openslo import index_of, parse_duration
from itsmlint.model import Corpus, Document, as_dict, dig, items
from itsmlint.rule import Context, CorpusRule


class DurationUnits(CorpusRule):
    """Durations are a number and one of m h d w M Q Y; an SLO time window in minutes (m) likely means months (M)."""

    def check(self, corpus: Corpus, ctx: Context) -> Iterator[Hit]:
        for doc in index_of(corpus).objects:
            for pointer, value in _durations(doc):
                duration = parse_duration(value)
                if duration is None:
                    yield Hit(
                        pointer,
                        f"{doc.kind} {doc.name}: {pointer[-1]} {value!r} is not an OpenSLO duration "
                        "(a whole number and one unit: m h d w M Q Y, as in 28d or 1M)",
                        sub="invalid",
                        document=doc,
                    )
                elif pointer[:2] == ("spec", "timeWindow") and duration.unit == "m":
                    calendar = dig(doc.data, *pointer[:-1], "isRolling") is False
                    what = "calendar" if calendar else "rolling"
                    yield Hit(
                        pointer,
                        f"SLO {doc.name}: a {what} time window of {value} is {duration.words()}: in "
                        f"OpenSLO m is minutes and M is months; write {duration.count}M for "
                        f"{duration.count} month{'' if duration.count == 1 else 's'}",
                        sub="minutes-window",
                        document=doc,
                    )


def _durations(doc: Document) -> Iterator[tuple[Pointer, object]]:
    spec = doc.spec
    if doc.kind == "SLO":
        for i, window in items(spec.get("timeWindow")):
            if "duration" in window:
                yield ("spec", "timeWindow", i, "duration"), window["duration"]
        for i, objective in items(spec.get("objectives")):
            if "timeSliceWindow" in objective:
                yield ("spec", "objectives", i, "timeSliceWindow"), objective["timeSliceWindow"]
        for i, policy in items(spec.get("alertPolicies")):
            yield from _policy(as_dict(policy.get("spec")), ("spec", "alertPolicies", i, "spec"))
    elif doc.kind == "AlertPolicy":
        yield from _policy(spec, ("spec",))
    elif doc.kind == "AlertCondition":
        yield from _condition(as_dict(spec.get("condition")), ("spec", "condition"))


def _policy(spec: dict[str, object], at: Pointer) -> Iterator[tuple[Pointer, object]]:
    for i, condition in items(spec.get("conditions")):
        yield from _condition(as_dict(dig(condition, "spec", "condition")), (*at, "conditions", i, "spec", "condition"))


def _condition(condition: dict[str, object], at: Pointer) -> Iterator[tuple[Pointer, object]]:
    for key in ("lookbackWindow", "alertAfter"):
        if key in condition:
            yield (*at, key), condition[key]
