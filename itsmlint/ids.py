"""The ids of the rules whose findings itsmlint reports itself, not a rule's check, in one place.

The loader finds what cannot be read (YAML001-003) and envelopes that
identify no document (SCHEMA001); the engine, a rule that crashed (INT001);
the suppression step, waivers and comments that do not hold (GOV004-006).
Each has its catalog entry like any rule (``rules/core``, ``rules/gov``:
metadata with ``reported: true``, and a page), so it can be configured,
documented and listed; the code that finds them names them here. Which of
them are structural (a document that breaks one cannot be judged by the
other rules) is the catalog's ``structural: true``, not a list in code.
"""

from __future__ import annotations

INVALID_YAML = "YAML001"
DUPLICATE_KEY = "YAML002"
UNSUPPORTED_TAG = "YAML003"
SCHEMA = "SCHEMA001"
INTERNAL_ERROR = "INT001"
WAIVER = "GOV004"
NO_REASON = "GOV005"
SUPPRESSION = "GOV006"
