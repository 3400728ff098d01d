"""Governance rules reported by the suppression step (itsmlint/decide.py)."""

from __future__ import annotations

from itsmlint.rule import ReportedRule


class Gov004(ReportedRule):
    """A waiver has expired, or matches no finding."""

    id = "GOV004"


class Gov005(ReportedRule):
    """An inline suppression gives no reason."""

    id = "GOV005"


class Gov006(ReportedRule):
    """An inline suppression matches nothing, names an unknown rule, or cannot be read."""

    id = "GOV006"
