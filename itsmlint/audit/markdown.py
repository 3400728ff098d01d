"""``report.md``: the audit as Markdown, for pull-request comments and wikis.

The same sections as the HTML report; flow diagrams are Mermaid, which
GitHub, GitLab and most wikis draw.

Titles, names, values and messages come from the repository under review and
are written through :func:`_text` (or :func:`_code`), never raw: a title
holding a line break and ``<!--`` would otherwise end its heading and hide
every section after it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from itsmlint.audit import Audit, RiskView
from itsmlint.finding import render_pointer
from itsmlint.maturity import LEVELS, MOTTOS
from itsmlint.render import one_line

# The repository's text as Markdown that shows exactly that text. It is made
# one line first: a line break would end a table row or a heading and start a
# block of the author's choosing. Then:
# - ``&``, ``<`` and ``>`` become entities: Markdown passes raw HTML through
#   (``<!--`` hides everything up to the next ``-->``, ``<img>`` loads a
#   picture), and entities mean the same in every Markdown flavour.
# - ``|`` gets a backslash, or it would end a table cell; a backtick, or it
#   would open a code span. A backslash of the author's gets one too, so it
#   cannot undo ours (``\|``). CommonMark shows every backslash-escaped
#   punctuation character as the character alone.
# - ``](`` becomes ``]\(``: that pair is what makes ``[text](target)`` a link
#   or, after ``!``, an image whose target the reader does not see. Brackets
#   alone stay (``outcomes[0]``, ``ignore[RULE]``): the other link forms need a
#   definition at the start of a line, which the repository never writes.
# Emphasis marks (``*``, ``_``, ``~``) stay: they cannot leave their line nor
# hide a target, and names with underscores would fill with backslashes.
# Nothing the repository writes starts a line, so ``#``, ``-``, ``>`` and
# digits cannot start a heading, list or quote either.
_MARKDOWN = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\\": "\\\\", "|": "\\|", "`": "\\`"})


def _text(value: object) -> str:
    """The repository's text (a title, a value, a message) as inline Markdown."""
    return one_line(str(value)).translate(_MARKDOWN).replace("](", "]\\(")


def _code(value: object) -> str:
    """The repository's text in a code span, as refs and rule ids are shown.

    Inside a code span no escape works, so text holding a backtick, a pipe or
    a backslash is shown as escaped plain text instead; references and rule
    ids never hold one.
    """
    text = one_line(str(value))
    return _text(text) if any(c in text for c in "`|\\") else f"`{text}`"


def _id(rule_id: str) -> str:
    """A rule id, as ``RIG006[unowned-handoff]``: the catalog and the rule schema allow no Markdown in one."""
    return one_line(rule_id)


def _cell(text: object) -> str:
    """A table cell: already Markdown, or a number."""
    return str(text)


def _level(level: int | None) -> str:
    return f"L{level} {LEVELS[level]}" if level else "unrated"


def _table(head: Sequence[str], rows: Sequence[Sequence[object]]) -> list[str]:
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return [*out, ""]


def render(audit: Audit, scope: str) -> str:
    org = audit.organisation
    s = audit.result.summary
    out = [f"# Service-management audit of {_text(scope)}", "",
           f"As of {audit.today.isoformat()} · itsmlint {audit.version} · {len(audit.result.catalog)} rules", "",
           "## Overview", ""]
    motto = MOTTOS.get(org.level or 0)
    out += [f"- **Organisation level: {_level(org.level)}**" + (f" (“{motto}”)" if motto else "")
            + f", set by its weakest link {_text(org.weakest.bundle.ref) if org.weakest else '–'}",
            f"- Median bundle level: {org.median if org.median is not None else '–'}",
            f"- {len(org.ratings)} bundles from {s.documents} documents in {s.files} files",
            f"- {s.error} errors, {s.warning} warnings, {s.info} info, {s.suppressed} suppressed", ""]
    out += _table(["Level", "Bundles"], [[_level(level) if level else "unrated", org.distribution.get(level, 0)]
                                         for level in range(6)])
    if audit.comparison is not None:
        c = audit.comparison
        out += [f"### Since the audit of {_text(c.previous_today)}", "",  # read from the earlier audit.json
                f"Organisation level then {_level(c.previous_level)}, now {_level(org.level)}; "
                f"{len(c.new)} new finding(s), {len(c.fixed)} fixed.", ""]
        if c.level_changes:
            out += _table(["Bundle", "Before", "Now"], [[_text(ref), _level(b) if ref in c.previous_bundles else "new",
                                                         _level(a) if ref in c.current_bundles else "gone"]
                                                        for ref, b, a in c.level_changes])
        if c.new:
            out += ["New findings:", "",
                    *[f"- {_code(f.rule_id)} {_text(f.path)}:{f.line} {_text(f.message)}" for f in c.new], ""]
        if c.fixed:
            out += ["Fixed findings:", "",
                    *[f"- {_code(f.get('rule'))} {_text(f.get('path'))}:{_text(f.get('line'))} "
                      f"{_text(f.get('message'))}" for f in c.fixed], ""]
    out += ["## Bundles", "", "Weakest first; the blocking rules are what to fix first.", ""]
    ratings = sorted(org.ratings, key=lambda r: (r.level or 0, r.progress, r.bundle.ref))
    out += _table(["Bundle", "Kind", "Level", "Toward the next level", "Blocking"],
                  [[f"{_text(r.bundle.title)} ({_code(r.bundle.ref)})", _text(r.bundle.kind), _level(r.level),
                    f"{round(100 * r.progress)}%", _id(", ".join(r.blockers)) or "–"] for r in ratings])
    out += ["## Processes", ""]
    for p in audit.processes:
        doc = p.doc
        out += [f"### {_text(doc.metadata.get('title') or doc.name)}", "",
                f"{_code(doc.ref)} · owner {_text(doc.spec.get('owner') or 'none')} · "
                f"{_level(p.rating.level) if p.rating else ''}", ""]
        if p.raci.rows:
            rows = []
            for i, (label, _) in enumerate(p.raci.rows):
                rows.append([_text(label), *[_text(p.raci.cells.get((i, party), "")) for party in p.raci.parties],
                             _id(" ".join(p.raci.problems.get(i, ())))])
            out += _table(["Activity", *map(_text, p.raci.parties), "Findings"], rows)
        out += ["```mermaid", p.mermaid.rstrip(), "```", ""]
    out += ["## Service levels", ""]
    for a in audit.agreements:
        out += [f"### {_text(a.doc.metadata.get('title') or a.doc.name)}", "",
                f"{_code(a.doc.ref)} · {_text(a.kind.upper())} · availability {_text(a.availability or 'not stated')}",
                ""]
        if a.impacts and a.urgencies:
            out += _table(["impact \\ urgency", *map(_text, a.urgencies)],
                          [[_text(i), *[_text(a.matrix.get((i, u), "")) or "**unmapped**" for u in a.urgencies]]
                           for i in a.impacts])
        if a.targets:
            out += _table(["Priority", "Response", "Resolution", "Update", "Clock"],
                          [[_text(p), *[_text(v[k]) for k in ("response", "resolution", "update", "clock")]]
                           for p, v in a.targets])
    out += ["## Risks", ""]
    out += _heat(audit, "inherent") + _heat(audit, "residual")
    out += _table(["Risk", "Owner", "Inherent", "Residual", "Treatment", "Coverage"],
                  [[_code(r.doc.ref), _text(r.owner), _score(r.inherent), _score(r.residual), _text(r.treatment),
                    "covered" if r.covered else "**uncovered**"] for r in audit.risks])
    out += ["## Waivers and risk acceptances", ""]
    out += _table(["Kind", "Document", "Covers", "Approved by", "Expires", "Status"],
                  [[_text(e.kind), _code(e.doc.ref), _text(e.subject), _text(e.approved_by), e.expires or "–",
                    _text(e.status)]
                   for e in audit.register]) if audit.register else ["No waivers and no risk acceptances.", ""]
    out += ["## Framework coverage", "", "Passing checks are evidence, failing checks are gaps.", ""]
    for framework in dict.fromkeys(c.framework for c in audit.coverage):
        out += [f"### {_text(framework)}", ""]
        out += _table(["Clause or practice", "Rules", "Evidence", "Gaps"],
                      [[_text(c.item), _id(", ".join(c.rules)), c.passing, len(c.gaps)]
                       for c in audit.coverage if c.framework == framework])
    out += ["## Findings", ""]
    out += _table(["Severity", "Rule", "Where", "What"],
                  [[f.severity.label + (" (suppressed)" if f.suppression else ""), _id(f.qualified_id),
                    _text(f"{f.path}:{f.line}:{f.column} {f.document or ''}{render_pointer(f.pointer)}"),
                    _text(f.message)]
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
    rows = [[f"impact {impact}", *[", ".join(("⚠ " if not r.covered else "") + _text(r.doc.name)
                                              for r in cells.get((likelihood, impact), []))
                                   for likelihood in range(low, high + 1)]]
            for impact in range(high, low - 1, -1)]
    head = ["", *[f"likelihood {n}" for n in range(low, high + 1)]]
    return [f"**{which.capitalize()} risk**", "", *_table(head, rows)]
