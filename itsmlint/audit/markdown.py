"""``report.md``: the audit as Markdown, for pull-request comments and wikis.

The same sections as the HTML report; flow diagrams are Mermaid, which
GitHub, GitLab and most wikis draw.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from itsmlint.audit import Audit, RiskView
from itsmlint.finding import render_pointer
from itsmlint.maturity import LEVELS, MOTTOS


def _cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _level(level: int | None) -> str:
    return f"L{level} {LEVELS[level]}" if level else "unrated"


def _table(head: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return [*out, ""]


def render(audit: Audit, scope: str) -> str:
    org = audit.organisation
    s = audit.result.summary
    out = [f"# Service-management audit of {scope}", "",
           f"As of {audit.today.isoformat()} · itsmlint {audit.version} · {len(audit.result.catalog)} rules", "",
           "## Overview", ""]
    motto = MOTTOS.get(org.level or 0)
    out += [f"- **Organisation level: {_level(org.level)}**" + (f" (“{motto}”)" if motto else "")
            + f", set by its weakest link {org.weakest.bundle.ref if org.weakest else '–'}",
            f"- Median bundle level: {org.median if org.median is not None else '–'}",
            f"- {len(org.ratings)} bundles from {s.documents} documents in {s.files} files",
            f"- {s.error} errors, {s.warning} warnings, {s.info} info, {s.suppressed} suppressed", ""]
    out += _table(["Level", "Bundles"], [[_level(level) if level else "unrated", org.distribution.get(level, 0)]
                                         for level in range(6)])
    if audit.comparison is not None:
        c = audit.comparison
        out += [f"### Since the audit of {c.previous_today}", "",
                f"Organisation level then {_level(c.previous_level)}, now {_level(org.level)}; "
                f"{len(c.new)} new finding(s), {len(c.fixed)} fixed.", ""]
        if c.level_changes:
            out += _table(["Bundle", "Before", "Now"], [[ref, _level(b) if ref in c.previous_bundles else "new",
                                                         _level(a) if ref in c.current_bundles else "gone"]
                                                        for ref, b, a in c.level_changes])
        if c.new:
            out += ["New findings:", "", *[f"- `{f.rule_id}` {f.path}:{f.line} {f.message}" for f in c.new], ""]
        if c.fixed:
            out += ["Fixed findings:", "",
                    *[f"- `{f.get('rule')}` {f.get('path')}:{f.get('line')} {f.get('message')}" for f in c.fixed], ""]
    out += ["## Bundles", "", "Weakest first; the blocking rules are what to fix first.", ""]
    ratings = sorted(org.ratings, key=lambda r: (r.level or 0, r.progress, r.bundle.ref))
    out += _table(["Bundle", "Kind", "Level", "Toward the next level", "Blocking"],
                  [[f"{r.bundle.title} (`{r.bundle.ref}`)", r.bundle.kind, _level(r.level),
                    f"{round(100 * r.progress)}%", ", ".join(r.blockers) or "–"] for r in ratings])
    out += ["## Processes", ""]
    for p in audit.processes:
        doc = p.doc
        out += [f"### {doc.metadata.get('title') or doc.name}", "",
                f"`{doc.ref}` · owner {doc.spec.get('owner') or 'none'} · "
                f"{_level(p.rating.level) if p.rating else ''}", ""]
        if p.raci.rows:
            rows = []
            for i, (label, _) in enumerate(p.raci.rows):
                rows.append([label, *[p.raci.cells.get((i, party), "") for party in p.raci.parties],
                             " ".join(p.raci.problems.get(i, ()))])
            out += _table(["Activity", *p.raci.parties, "Findings"], rows)
        out += ["```mermaid", p.mermaid.rstrip(), "```", ""]
    out += ["## Service levels", ""]
    for a in audit.agreements:
        out += [f"### {a.doc.metadata.get('title') or a.doc.name}", "",
                f"`{a.doc.ref}` · {a.kind.upper()} · availability {a.availability or 'not stated'}", ""]
        if a.impacts and a.urgencies:
            out += _table(["impact \\ urgency", *a.urgencies],
                          [[i, *[a.matrix.get((i, u), "") or "**unmapped**" for u in a.urgencies]]
                           for i in a.impacts])
        if a.targets:
            out += _table(["Priority", "Response", "Resolution", "Update", "Clock"],
                          [[p, v["response"], v["resolution"], v["update"], v["clock"]] for p, v in a.targets])
    out += ["## Risks", ""]
    out += _heat(audit, "inherent") + _heat(audit, "residual")
    out += _table(["Risk", "Owner", "Inherent", "Residual", "Treatment", "Coverage"],
                  [[f"`{r.doc.ref}`", r.owner, _score(r.inherent), _score(r.residual), r.treatment,
                    "covered" if r.covered else "**uncovered**"] for r in audit.risks])
    out += ["## Waivers and risk acceptances", ""]
    out += _table(["Kind", "Document", "Covers", "Approved by", "Expires", "Status"],
                  [[e.kind, f"`{e.doc.ref}`", e.subject, e.approved_by, e.expires or "–", e.status]
                   for e in audit.register]) if audit.register else ["No waivers and no risk acceptances.", ""]
    out += ["## Framework coverage", "", "Passing checks are evidence, failing checks are gaps.", ""]
    for framework in dict.fromkeys(c.framework for c in audit.coverage):
        out += [f"### {framework}", ""]
        out += _table(["Clause or practice", "Rules", "Evidence", "Gaps"],
                      [[c.item, ", ".join(c.rules), c.passing, len(c.gaps)]
                       for c in audit.coverage if c.framework == framework])
    out += ["## Findings", ""]
    out += _table(["Severity", "Rule", "Where", "What"],
                  [[f.severity.label + (" (suppressed)" if f.suppression else ""), f.qualified_id,
                    f"{f.path}:{f.line}:{f.column} {f.document or ''}{render_pointer(f.pointer)}", f.message]
                   for f in audit.result.findings]) if audit.result.findings else ["No findings.", ""]
    return "\n".join(out).rstrip() + "\n"


def _score(pair: tuple[int, int] | None) -> str:
    return f"{pair[0]}×{pair[1]} = {pair[0] * pair[1]}" if pair else "–"


def _heat(audit: Audit, which: str) -> list[str]:
    low, high = audit.scale
    cells: dict[tuple[int, int], list[RiskView]] = defaultdict(list)
    for risk in audit.risks:
        pair = risk.inherent if which == "inherent" else risk.residual
        if pair is not None:
            cells[pair].append(risk)
    rows = [[f"impact {impact}", *[", ".join(("⚠ " if not r.covered else "") + r.doc.name
                                              for r in cells.get((likelihood, impact), []))
                                   for likelihood in range(low, high + 1)]]
            for impact in range(high, low - 1, -1)]
    head = ["", *[f"likelihood {n}" for n in range(low, high + 1)]]
    return [f"**{which.capitalize()} risk**", "", *_table(head, rows)]
