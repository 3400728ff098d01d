"""The JSON report: a stable shape that other tools consume."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from itsmlint.finding import Finding, render_pointer
from itsmlint.render import json_controls

if TYPE_CHECKING:
    from itsmlint.engine import Result
    from itsmlint.reporters import RenderContext


def as_dict(result: Result, ctx: RenderContext) -> dict[str, Any]:
    s = result.summary
    return {
        "version": ctx.version,
        "today": result.today.isoformat(),
        "summary": {
            "files": s.files,
            "documents": s.documents,
            "error": s.error,
            "warning": s.warning,
            "info": s.info,
            "suppressed": s.suppressed,
            "fixable": dict(zip(("safe", "unsafe"), result.fixable(), strict=True)),
            "fixed": result.fixed,
        },
        "findings": [
            {
                "rule": f.rule_id,
                "name": f.rule_name,
                "check": f.sub,
                "severity": f.severity.label,
                "message": f.message,
                "hint": f.hint,
                "path": f.path,
                "line": f.line,
                "column": f.column,
                "document": f.document,
                "pointer": render_pointer(f.pointer),
                "fingerprint": f.fingerprint,
                "suppressed": _suppression(f),
                "fix": f.fix.as_dict() if f.fix is not None else None,
            }
            for f in result.findings
        ],
    } | (
        {"baseline": {"path": result.baseline.path, "gone": list(result.baseline_gone)}}
        if result.baseline is not None
        else {}
    )


def _suppression(finding: Finding) -> dict[str, Any] | None:
    s = finding.suppression
    if s is None:
        return None
    return {
        "kind": s.kind,
        "by": s.by,
        "reason": s.reason,
        "where": s.where,
        "expires": s.expires.isoformat() if s.expires else None,
        "approvedBy": s.approved_by,
    }


def render(result: Result, ctx: RenderContext) -> str:
    return json_controls(json.dumps(as_dict(result, ctx), indent=2, ensure_ascii=False)) + "\n"
