"""SLA004: targets are measurable: durations, numbers with units, no vague words, a clock."""

from __future__ import annotations

import re
from collections.abc import Iterator

from itsmlint.agreements import CLOCKS, TARGET_FIELDS, agreement_type, targets, vague_token
from itsmlint.durations import parse_duration
from itsmlint.finding import Hit, Pointer
from itsmlint.fixes import Fix, set_value
from itsmlint.model import Document, is_blank, items
from itsmlint.rule import Context, DocumentRule
from itsmlint.schemafix import canonical_duration

# An outcome target such as ">= 98%" or "< 2 days" (domain.md §8.6).
_OUTCOME = re.compile(
    r"^\s*(<=|>=|<|>|=|==|!=)\s*[0-9]+(\.[0-9]+)?\s*[^\s0-9].*$|^\s*(<=|>=|<|>|=|==|!=)\s*[0-9]+"
    r"(\.[0-9]+)?\s*$"
)


class MeasurableTargets(DocumentRule):
    """Every target can be measured: no "ASAP", no "best effort", and a clock that runs."""

    def check(self, doc: Document, ctx: Context) -> Iterator[Hit]:
        tokens = list(ctx.params["vagueTargetTokens"])
        if doc.kind == "SLA":
            yield from self._service_targets(doc, tokens)
            for i, outcome in items(doc.spec.get("outcomes")):
                value = outcome.get("target")
                if value is None:
                    continue  # a missing target is SLA008's
                yield from self._outcome(doc, ("spec", "outcomes", i, "target"), value, tokens)
        for i, kpi in items(doc.spec.get("kpis")):
            if "target" in kpi:
                label = str(kpi["id"]) if isinstance(kpi.get("id"), str) else f"#{i + 1}"
                yield from self._kpi(doc, ("spec", "kpis", i, "target"), kpi.get("target"), tokens, label)

    def _service_targets(self, doc: Document, tokens: list[str]) -> Iterator[Hit]:
        kind = agreement_type(doc)
        default = doc.spec.get("defaultClock")
        if default is not None and default not in CLOCKS:
            yield Hit(
                ("spec", "defaultClock"),
                f"{kind} {doc.name}: defaultClock {default!r} is not a clock; use {' or '.join(CLOCKS)}",
            )
            default = "reported"  # said once here, not again on every target that relies on it
        for priority, target in targets(doc):
            base = ("spec", "targets", priority)
            for field in TARGET_FIELDS:
                value = target.get(field)
                if value is None or parse_duration(value) is not None:
                    continue
                token = vague_token(value, tokens)
                said = (
                    f"says {value!r}, which cannot be measured"
                    if token
                    else f"{value!r} is not an ISO 8601 duration (e.g. PT4H, P3D)"
                )
                canonical = canonical_duration(value) if not token else None
                fix = (
                    Fix(f"write {canonical} for {value!r}", (set_value((*base, field), canonical, value),))
                    if canonical
                    else None
                )
                yield Hit((*base, field), f"{kind} {doc.name}: {priority} {field} {said}", fix=fix)
            clock = target.get("clock", default)
            if clock not in CLOCKS and clock != "reported":
                where: Pointer = (*base, "clock") if "clock" in target else base
                said = (
                    "has no clock and the agreement sets no defaultClock"
                    if is_blank(clock)
                    else f"runs on clock {clock!r}"
                )
                yield Hit(where, f"{kind} {doc.name}: {priority} {said}; use {' or '.join(CLOCKS)}")

    def _kpi(self, doc: Document, pointer: Pointer, target: object, tokens: list[str], label: str) -> Iterator[Hit]:
        if isinstance(target, dict):
            value = target.get("value")
            if value is None or (isinstance(value, (int, float)) and not isinstance(value, bool)):
                return  # absent parts are DOC004's
            token = vague_token(value, tokens)
            said = f"says {value!r}, which cannot be measured" if token else f"{value!r} is not a number"
            yield Hit((*pointer, "value"), f"KPI {label}: target value {said}")
            return
        token = vague_token(target, tokens)
        said = f"says {target!r}, which cannot be measured" if token else f"is {target!r}"
        yield Hit(
            pointer,
            f"KPI {label}: target {said}; write it as {{op, value, unit}}, e.g. {{op: '<=', value: 4, unit: h}}",
        )

    def _outcome(self, doc: Document, pointer: Pointer, value: object, tokens: list[str]) -> Iterator[Hit]:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            yield Hit(pointer, f'outcome target {value!r} of {doc.name} has no comparison or unit; write e.g. ">= 98%"')
            return
        token = vague_token(value, tokens)
        if token:
            yield Hit(pointer, f"outcome target {value!r} of {doc.name} cannot be measured ({token!r})")
        elif not (isinstance(value, str) and _OUTCOME.match(value)):
            yield Hit(
                pointer, f'outcome target {value!r} of {doc.name} is not a comparison with a number, such as ">= 98%"'
            )
