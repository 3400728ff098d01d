"""GitLab Code Quality: a JSON array of issues with unique fingerprints.

Suppressed findings stay in the report as ``info`` issues whose description
says who suppressed them and why, so nothing disappears from the merge
request, yet nothing suppressed shows as a problem.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from itsmlint.finding import Severity
from itsmlint.render import json_controls
from itsmlint.reporters.text import suppression_note

if TYPE_CHECKING:
    from itsmlint.engine import Result
    from itsmlint.reporters import RenderContext

SEVERITIES = {Severity.ERROR: "critical", Severity.WARNING: "major", Severity.INFO: "info"}


def as_issues(result: Result) -> list[dict[str, Any]]:
    issues = []
    for f in result.findings:
        description = f"{f.qualified_id} {f.message}"
        severity = SEVERITIES[f.severity]
        if f.suppression is not None:
            description += f" [{suppression_note(f)}]"
            severity = "info"
        issues.append(
            {
                "type": "issue",
                "description": description,
                "check_name": f.rule_id,
                "categories": ["Compliance"],
                "fingerprint": f.fingerprint,
                "severity": severity,
                "location": {"path": f.path, "lines": {"begin": f.line}},
            }
        )
    return issues


def render(result: Result, ctx: RenderContext) -> str:
    # No byte-order mark: GitLab rejects one.
    return json_controls(json.dumps(as_issues(result), indent=2, ensure_ascii=False)) + "\n"
