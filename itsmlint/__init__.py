"""itsmlint: a policy-as-code governance linter for IT service management."""

from __future__ import annotations

__version__ = "0.1.0"
