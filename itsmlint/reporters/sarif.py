"""SARIF 2.1.0, for GitHub code scanning, Azure DevOps and every other SARIF consumer.

One run, named by ``automationDetails.id`` (``--sarif-category``, the
category GitHub's upload-sarif action and Azure DevOps' Advanced Security
group analyses by) and ``tool.driver.fullName``; 1-based regions;
``partialFingerprints`` built from rule, document and pointer, so alerts
survive edits above them; ``level`` from the finding's severity; waivers,
inline comments and the baseline as SARIF's own ``suppressions``, so
consumers hide them without losing them.

``tool.driver.rules`` lists the rules the run used, not the whole catalog,
and short: a rule with results has its summary, its fix and its references
as help, with ``helpUri`` pointing at its full page; a rule that ran and
found nothing has a name, a one-line description and its page's URI, so a
viewer can tell what was checked. GitHub needs an entry for every
``ruleId``; it does not need the pages, which were 582 KB of the gallery's
823 KB report. ``--sarif-full-help`` embeds the full page of each rule with
results (for a viewer with no network, or a custom rule with no ``url``).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from itsmlint.finding import Finding, Severity, render_pointer
from itsmlint.fixes import Fix
from itsmlint.render import json_controls
from itsmlint.ruledocs import REFERENCES

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


def _short_help(meta: RuleMeta) -> tuple[str, str]:
    """(text, markdown) help of a rule with results: what it checks, the fix, the references, the page."""
    refs = "; ".join(f"{label}: {', '.join(meta.refs[key])}" for key, label in REFERENCES.items() if meta.refs.get(key))
    text = [meta.summary] + ([f"Fix: {meta.remediation}"] if meta.remediation else [])
    text += [f"References: {refs}"] if refs else []
    markdown = [meta.summary] + ([f"**Fix:** {meta.remediation}"] if meta.remediation else [])
    markdown += [f"**References:** {refs}"] if refs else []
    if meta.docs_url:
        text.append(f"More: {meta.docs_url}")
        markdown.append(f"[The rule's page]({meta.docs_url})")
    return "\n\n".join(text), "\n\n".join(markdown)


def _rule(meta: RuleMeta, used: bool, full_help: bool) -> dict[str, Any]:
    """A rule's entry: brief for a rule that found nothing, with help for one that did."""
    tags = [meta.family, f"maturity-level-{meta.level}"] + (["heuristic"] if meta.heuristic else [])
    out: dict[str, Any] = {"id": meta.id, "name": meta.name, "shortDescription": {"text": _cut(meta.summary)}}
    if used:
        out["fullDescription"] = {"text": _cut(f"{meta.summary} {meta.remediation}".strip())}
        text, markdown = _short_help(meta)
        if full_help and meta.doc:
            text = markdown = meta.doc
        out["help"] = {"text": text, "markdown": markdown}
    if meta.docs_url:  # a custom rule without a url: SARIF wants a URI or nothing
        out["helpUri"] = meta.docs_url
    out["defaultConfiguration"] = {"level": LEVELS[meta.severity]}
    out["properties"] = {"tags": tags, "precision": "medium" if meta.heuristic else "high"}
    return out


def _location(path: str, line: int, column: int) -> dict[str, Any]:
    return {
        "physicalLocation": {
            "artifactLocation": {"uri": path, "uriBaseId": "%SRCROOT%"},
            "region": {"startLine": line, "startColumn": column},
        }
    }


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
            {"fullyQualifiedName": f"{f.document}{render_pointer(f.pointer)}", "kind": "object"}
        ]
    if f.related:
        out["relatedLocations"] = [
            {"id": i, **_location(r.path, r.line, r.column), "message": {"text": r.message}}
            for i, r in enumerate(f.related, start=1)
        ]
    if f.fix is not None and f.fix.replacements and f.active:
        out["fixes"] = [_fix(f.fix)]
    if f.suppression is not None:
        s = f.suppression
        justification = f"{s.by}: {s.reason}" + (f" (until {s.expires.isoformat()})" if s.expires else "")
        out["suppressions"] = [
            {"kind": _SUPPRESSION_KIND.get(s.kind, "external"), "status": "accepted", "justification": justification}
        ]
    return out


def _fix(fix: Fix) -> dict[str, Any]:
    """SARIF's fix: the replacements in each file, regions 1-based with an exclusive end, as code scanning applies them.

    Only a fix whose text is known (the command line worked out its
    replacements from the files) is written: SARIF has no place for a
    structured edit. Its safety goes in the description, so a reviewer knows
    an unsafe fix may change what the document means.
    """
    changes: dict[str, list[dict[str, Any]]] = {}
    for r in fix.replacements:
        changes.setdefault(r.path, []).append(
            {
                "deletedRegion": {
                    "startLine": r.line,
                    "startColumn": r.column,
                    "endLine": r.end_line,
                    "endColumn": r.end_column,
                },
                "insertedContent": {"text": r.text},
            }
        )
    return {
        "description": {"text": f"{fix.summary} ({fix.safety} fix)"},
        "artifactChanges": [
            {"artifactLocation": {"uri": path, "uriBaseId": "%SRCROOT%"}, "replacements": reps}
            for path, reps in changes.items()
        ],
    }


def as_sarif(result: Result, ctx: RenderContext) -> dict[str, Any]:
    used = {f.rule_id for f in result.findings}
    run = set(result.rules_run) | used
    rules = sorted((m for m in result.catalog if m.id in run), key=lambda m: m.id)
    index = {m.id: i for i, m in enumerate(rules)}
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "itsmlint",
                        "fullName": f"itsmlint {ctx.version}",
                        "version": ctx.version,
                        "semanticVersion": ctx.version,
                        "informationUri": INFORMATION_URI,
                        "rules": [_rule(m, m.id in used, result.options.sarif_full_help) for m in rules],
                    }
                },
                "automationDetails": {"id": result.options.sarif_category},
                "invocations": [{"executionSuccessful": not result.crashed}],
                "results": [_result(f, index) for f in result.findings],
                "columnKind": "unicodeCodePoints",
            }
        ],
    }


def render(result: Result, ctx: RenderContext) -> str:
    return json_controls(json.dumps(as_sarif(result, ctx), indent=2, ensure_ascii=False)) + "\n"
