"""``audit.json``: the audit for machines, and for the next ``--compare``."""

from __future__ import annotations

import json
from typing import Any

from itsmlint.audit import Audit, RegisterEntry, headline_scope, next_step
from itsmlint.finding import Finding
from itsmlint.maturity import LEVELS, Rating
from itsmlint.render import json_controls
from itsmlint.reporters import RenderContext
from itsmlint.reporters.json_reporter import as_dict as report_dict


def _rating(audit: Audit, r: Rating) -> dict[str, Any]:
    owner = audit.owners.get(r.bundle.ref, "")
    return {
        "ref": r.bundle.ref,
        "kind": r.bundle.kind,
        "title": r.bundle.title,
        "critical": r.bundle.critical,
        "owner": owner or None,
        "ownerName": audit.name(owner, r.bundle.anchor) or None,
        "level": r.level,
        "name": r.name,
        "checks": r.checks,
        "failing": r.failing,
        "next": next_step(r),
        "progress": round(r.progress, 4),
        "blockers": list(r.blockers),
        "documents": [d.ref for d in r.bundle.members],
        "findings": sum(1 for f in r.findings if f.active),
    }


def _finding(f: Finding) -> dict[str, Any]:
    return {
        "rule": f.qualified_id,
        "message": f.message,
        "path": f.path,
        "line": f.line,
        "document": f.document,
        "fingerprint": f.fingerprint,
    }


def _entry(e: RegisterEntry) -> dict[str, Any]:
    return {
        "kind": e.kind,
        "document": e.doc.ref,
        "subject": e.subject,
        "approvedBy": e.approved_by,
        "approvedOn": e.approved_on.isoformat() if e.approved_on else None,
        "expires": e.expires.isoformat() if e.expires else None,
        "status": e.status,
        "daysLeft": e.days_left,
        "suppresses": e.suppresses,
    }


def as_dict(audit: Audit) -> dict[str, Any]:
    org = audit.organisation
    report = report_dict(audit.result, RenderContext(audit.version))
    everything, critical_scope = headline_scope(org)
    critical = org.weakest_critical
    out: dict[str, Any] = {
        "version": audit.version,
        "today": audit.today.isoformat(),
        "organisation": {
            "level": org.level,
            "name": LEVELS.get(org.level or 0, "Unrated"),
            "covers": everything,
            "median": org.median,
            "distribution": {str(level): count for level, count in sorted(org.distribution.items())},
            "weakest": org.weakest.bundle.ref if org.weakest else None,
            "critical": {
                "level": critical.level,
                "name": critical.name,
                "weakest": critical.bundle.ref,
                "bundles": [r.bundle.ref for r in org.critical],
                "covers": critical_scope,
            }
            if critical is not None
            else None,
            "unparsedFiles": list(org.unparsed_files),
        },
        "summary": report["summary"],
        "bundles": [_rating(audit, r) for r in org.ratings],
        "actions": [
            {
                "owner": group.owner or None,
                "label": group.label,
                "bundles": [
                    {
                        "ref": r.bundle.ref,
                        "level": r.level,
                        "next": next_step(r),
                        "fix": [_finding(f) for f in r.blocking],
                    }
                    for r in group.bundles
                ],
            }
            for group in audit.actions
        ],
        "register": [_entry(e) for e in audit.register],
        "coverage": [
            {
                "framework": c.framework,
                "item": c.item,
                "rules": list(c.rules),
                "passing": c.passing,
                "gaps": [{"rule": rule, "document": doc} for rule, doc in c.gaps],
            }
            for c in audit.coverage
        ],
        "findings": report["findings"],
    }
    if audit.provenance is not None:
        # Right after the date: what produced the figures comes before the figures.
        head = {"version": out.pop("version"), "today": out.pop("today")}
        out = {
            **head,
            "provenance": {
                **audit.provenance.as_dict(),
                "waiversInForce": [e.doc.ref for e in audit.register if e.kind == "waiver" and e.status == "in force"],
                "suppressed": audit.result.summary.suppressed,
            },
            **out,
        }
    if audit.comparison is not None:
        c = audit.comparison
        out["comparison"] = {
            "previous": c.previous_today,
            "previousLevel": c.previous_level,
            "levels": [{"ref": ref, "before": before, "after": after} for ref, before, after in c.level_changes],
            "new": [f.fingerprint for f in c.new],
            "fixed": [f.get("fingerprint") for f in c.fixed],
        }
    return out


def render(audit: Audit) -> str:
    return json_controls(json.dumps(as_dict(audit), indent=2, ensure_ascii=False)) + "\n"
