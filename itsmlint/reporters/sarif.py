"""SARIF 2.1.0, for GitHub code scanning and every other SARIF consumer.

One run; the whole catalog in ``tool.driver.rules`` (with help text and a
help URI); 1-based regions; ``partialFingerprints`` built from rule,
document and pointer, so alerts survive edits above them; ``level`` from
the finding's severity; waivers, inline comments and the baseline as
SARIF's own ``suppressions``, so consumers hide them without losing them.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from itsmlint.finding import Finding, Severity, render_pointer
from itsmlint.render import json_controls

if TYPE_CHECKING:
    from itsmlint.engine import Result
    from itsmlint.reporters import RenderContext
    from itsmlint.rule import RuleMeta

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://itsmlint.dev"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_SUPPRESSION_KIND = {"waiver": "external", "baseline": "external", "inline": "inSource"}
_MAX_TEXT = 1000  # GitHub caps short and full descriptions at 1,024 characters


def _cut(text: str) -> str:
    return text if len(text) <= _MAX_TEXT else text[: _MAX_TEXT - 1] + "…"


def _rule(meta: RuleMeta) -> dict[str, Any]:
    full = f"{meta.summary} {meta.remediation}".strip()
    tags = [meta.family, f"maturity-level-{meta.level}"] + (["heuristic"] if meta.heuristic else [])
    out: dict[str, Any] = {
        "id": meta.id,
        "name": meta.name,
        "shortDescription": {"text": _cut(meta.summary)},
        "fullDescription": {"text": _cut(full)},
        "help": {"text": meta.doc or full, "markdown": meta.doc or full},
        "helpUri": meta.docs_url,
        "defaultConfiguration": {"level": LEVELS[meta.severity]},
        "properties": {"tags": tags, "precision": "medium" if meta.heuristic else "high"},
    }
    if not meta.docs_url:  # a custom rule without a url: SARIF wants a URI or nothing
        del out["helpUri"]
    return out


def _location(path: str, line: int, column: int) -> dict[str, Any]:
    return {"physicalLocation": {
        "artifactLocation": {"uri": path, "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": line, "startColumn": column},
    }}


def _result(f: Finding, index: dict[str, int]) -> dict[str, Any]:
    message = f.message if not f.hint else f"{f.message}. Fix: {f.hint}"
    out: dict[str, Any] = {
        "ruleId": f.rule_id,
        "ruleIndex": index[f.rule_id],
        "level": LEVELS[f.severity],
        "message": {"text": message},
        "locations": [_location(f.path, f.line, f.column)],
        "partialFingerprints": {"itsmlint/v1": f.fingerprint},
        "properties": {"subcheck": f.sub, "document": f.document, "pointer": render_pointer(f.pointer)},
    }
    if f.document is not None:
        out["locations"][0]["logicalLocations"] = [
            {"fullyQualifiedName": f"{f.document}{render_pointer(f.pointer)}", "kind": "object"}]
    if f.related:
        out["relatedLocations"] = [
            {"id": i, **_location(r.path, r.line, r.column), "message": {"text": r.message}}
            for i, r in enumerate(f.related, start=1)
        ]
    if f.suppression is not None:
        s = f.suppression
        justification = f"{s.by}: {s.reason}" + (f" (until {s.expires.isoformat()})" if s.expires else "")
        out["suppressions"] = [{"kind": _SUPPRESSION_KIND.get(s.kind, "external"), "status": "accepted",
                                "justification": justification}]
    return out


def as_sarif(result: Result, ctx: RenderContext) -> dict[str, Any]:
    rules = sorted(result.catalog, key=lambda m: m.id)
    index = {m.id: i for i, m in enumerate(rules)}
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "itsmlint",
                "version": ctx.version,
                "semanticVersion": ctx.version,
                "informationUri": INFORMATION_URI,
                "rules": [_rule(m) for m in rules],
            }},
            "invocations": [{"executionSuccessful": not result.crashed}],
            "results": [_result(f, index) for f in result.findings],
            "columnKind": "unicodeCodePoints",
        }],
    }


def render(result: Result, ctx: RenderContext) -> str:
    return json_controls(json.dumps(as_sarif(result, ctx), indent=2, ensure_ascii=False)) + "\n"
