"""The tunable parameters of domain.md §5, with their defaults and types."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from itsmlint.durations import DURATION_PATTERN, parse_duration

_DURATION = {"type": "string", "pattern": DURATION_PATTERN}
_POS_INT = {"type": "integer", "minimum": 1}
_STRINGS = {"type": "array", "items": {"type": "string"}}

#: name -> (default, JSON Schema of the value)
PARAMS: dict[str, tuple[Any, dict[str, Any]]] = {
    "maxSoleResponsibleShare": (0.8, {"type": "number", "exclusiveMinimum": 0, "maximum": 1}),
    "maxOwnedProcesses": (5, _POS_INT),
    "minPurposeWords": (8, _POS_INT),
    "maxConsulted": (5, {"type": "integer", "minimum": 0}),
    "maxApprovalChain": (3, _POS_INT),
    "maxApprovers": (5, _POS_INT),
    "maxHandoffs": (4, {"type": "integer", "minimum": 0}),
    "maxImprovementCycle": ("P6M", _DURATION),
    "maxProcedureSteps": (25, _POS_INT),
    "vagueTargetTokens": (
        ["asap", "immediately", "immediate", "best effort", "reasonable", "prompt", "promptly", "tbd", "n/a"],
        _STRINGS,
    ),
    "maxReportingInterval": ("P3M", _DURATION),
    "maxSlaReviewCycle": ("P12M", _DURATION),
    "corporateDomains": ([], _STRINGS),
    "minAdmins": (2, _POS_INT),
    "maxAdmins": (5, _POS_INT),
    "minRegulatedRetention": ("P3Y", _DURATION),
    "maxTrainingInterval": ("P12M", _DURATION),
    "maxAccessReviewInterval": ("P6M", _DURATION),
    "maxOffboardingDelay": ("PT24H", _DURATION),
    "socialRiskFamily": (
        ["account-takeover", "phishing-via-social", "impersonation", "data-leakage", "third-party-app-compromise"],
        _STRINGS,
    ),
    "riskScale": ([1, 5], {"type": "array", "items": {"type": "integer"}, "minItems": 2, "maxItems": 2}),
    "riskAppetite": (9, {"type": "number", "minimum": 0}),
    "maxAcceptanceDays": (365, _POS_INT),
    "maxControlTestInterval": ("P12M", _DURATION),
    "controlTestGrace": (0.25, {"type": "number", "minimum": 0}),
    "maxReviewCycle": ("P12M", _DURATION),
    "maxWaiverDays": (180, _POS_INT),
    # Backstage catalog (BKS002): the kinds a Group, not a single User, must own.
    "groupOwnedKinds": (["Component", "API", "Resource", "System", "Domain", "AiResource", "Template"], _STRINGS),
}


def typed(values: Mapping[str, Any]) -> dict[str, Any]:
    """Parameter values as rules use them: a duration parameter as a :class:`Duration`, the rest as they are."""
    return {
        name: (parse_duration(value) or value) if PARAMS.get(name, (None, {}))[1] is _DURATION else value
        for name, value in values.items()
    }


def defaults() -> dict[str, Any]:
    """A fresh mapping of every parameter to its default."""
    return {name: default for name, (default, _) in PARAMS.items()}
