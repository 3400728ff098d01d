"""Reading Risks and Controls: scores, treatments and effective controls.

Shared by the RISK rules and SM010, which asks whether the risks of the
social-media policy are themselves covered.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from itsmlint.finding import Pointer
from itsmlint.model import Corpus, Document, as_dict, as_list, as_number

#: Treatments that need a working control; "accept" and "avoid" do not.
CONTROLLED = ("mitigate", "transfer")
#: Test results that mean the control does not work.
FAILED = frozenset({"fail", "failed", "failure", "ineffective", "not effective"})


def score(value: object) -> tuple[float, float] | None:
    """(likelihood, impact) of a score mapping, when both are numbers."""
    data = as_dict(value)
    likelihood, impact = as_number(data.get("likelihood")), as_number(data.get("impact"))
    return (likelihood, impact) if likelihood is not None and impact is not None else None


def treatment(risk: Document) -> str:
    """The risk's treatment; a risk that records none is treated as mitigated, the usual default.

    The schema allows only mitigate, accept, transfer and avoid.
    """
    value = risk.spec.get("treatment")
    return value.strip().lower() if isinstance(value, str) and value.strip() else "mitigate"


@dataclass(frozen=True, slots=True)
class ControlState:
    """One ``controls`` entry of a Risk and whether it counts as cover."""

    pointer: Pointer
    ref: str
    control: Document | None
    effective: bool
    why: str


def control_states(risk: Document, corpus: Corpus) -> Iterator[ControlState]:
    """Each control a risk lists, judged: implemented and not failing its last test."""
    for i, ref in enumerate(as_list(risk.spec.get("controls"))):
        if not isinstance(ref, str):
            continue
        pointer = ("spec", "controls", i)
        control = corpus.resolve(ref, risk)
        if control is None or control.kind != "Control":
            yield ControlState(pointer, ref, None, False, "does not resolve to a Control")
            continue
        status = control.spec.get("status")
        result = as_dict(control.spec.get("test")).get("result")
        if status != "implemented":
            why = f"is {status}, not implemented" if isinstance(status, str) and status else "has no status"
            yield ControlState(pointer, ref, control, False, why)
        elif isinstance(result, str) and result.strip().lower() in FAILED:
            yield ControlState(pointer, ref, control, False, "failed its last test")
        else:
            yield ControlState(pointer, ref, control, True, "is implemented")


def is_covered(risk: Document, corpus: Corpus) -> bool:
    """RISK003's question: a risk that needs a control has at least one that works."""
    if treatment(risk) not in CONTROLLED:
        return True
    return any(state.effective for state in control_states(risk, corpus))
