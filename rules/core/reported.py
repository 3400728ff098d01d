"""Rules reported by the loader (YAML001-003) and the engine (INT001)."""

from __future__ import annotations

from itsmlint.rule import ReportedRule


class Yaml001(ReportedRule):
    """A YAML syntax error, or a file that cannot be read or decoded."""

    id = "YAML001"


class Yaml002(ReportedRule):
    """A mapping repeats a key."""

    id = "YAML002"


class Yaml003(ReportedRule):
    """A tag the safe loader does not construct."""

    id = "YAML003"


class Int001(ReportedRule):
    """A rule raised an exception."""

    id = "INT001"
