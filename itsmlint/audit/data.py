"""``audit.json``: the audit for machines, and for the next ``--compare``."""

from __future__ import annotations

import json
from typing import Any

from itsmlint.audit import Audit, RegisterEntry
from itsmlint.maturity import LEVELS, Rating
from itsmlint.render import json_controls
from itsmlint.reporters import RenderContext
from itsmlint.reporters.json_reporter import as_dict as report_dict


def _rating(r: Rating) -> dict[str, Any]:
    return {"ref": r.bundle.ref, "kind": r.bundle.kind, "title": r.bundle.title, "level": r.level,
            "name": r.name, "progress": round(r.progress, 4), "blockers": list(r.blockers),
            "documents": [d.ref for d in r.bundle.members],
            "findings": sum(1 for f in r.findings if f.active)}


def _entry(e: RegisterEntry) -> dict[str, Any]:
    return {"kind": e.kind, "document": e.doc.ref, "subject": e.subject, "approvedBy": e.approved_by,
            "approvedOn": e.approved_on.isoformat() if e.approved_on else None,
            "expires": e.expires.isoformat() if e.expires else None, "status": e.status, "daysLeft": e.days_left,
            "suppresses": e.suppresses}


def as_dict(audit: Audit) -> dict[str, Any]:
    org = audit.organisation
    report = report_dict(audit.result, RenderContext(audit.version))
    out: dict[str, Any] = {
        "version": audit.version,
        "today": audit.today.isoformat(),
        "organisation": {
            "level": org.level,
            "name": LEVELS.get(org.level or 0, "Unrated"),
            "median": org.median,
            "distribution": {str(level): count for level, count in sorted(org.distribution.items())},
            "weakest": org.weakest.bundle.ref if org.weakest else None,
            "unparsedFiles": list(org.unparsed_files),
        },
        "summary": report["summary"],
        "bundles": [_rating(r) for r in org.ratings],
        "register": [_entry(e) for e in audit.register],
        "coverage": [{"framework": c.framework, "item": c.item, "rules": list(c.rules), "passing": c.passing,
                      "gaps": [{"rule": rule, "document": doc} for rule, doc in c.gaps]} for c in audit.coverage],
        "findings": report["findings"],
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
