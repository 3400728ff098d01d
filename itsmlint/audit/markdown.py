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

from itsmlint.audit import Audit, RiskView, headline_scope, next_step
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


def _who(audit: Audit, ref: str) -> str:
    """A reference with the name a reader knows it by: `person:dokafor` Dana Okafor."""
    if not ref:
        return "**no owner**"
    name = audit.name(ref)
    return _code(ref) + (f" {_text(name)}" if name else "")


def render(audit: Audit, scope: str) -> str:
    from itsmlint.audit.html import git_summary

    org = audit.organisation
    s = audit.result.summary
    git = git_summary(audit)
    out = [
        f"# Service-management audit of {_text(scope)}",
        "",
        f"As of {audit.today.isoformat()} · itsmlint {_text(audit.version)} · {len(audit.result.catalog)} rules"
        + (f" · {_text(git)}" if git else ""),
        "",
        "## Overview",
        "",
    ]
    motto = MOTTOS.get(org.level or 0)
    weakest, critical = org.weakest, org.weakest_critical
    everything, critical_scope = headline_scope(org)
    out += [
        f"- **Organisation level: {_level(org.level)}**"
        + (f" (“{motto}”)" if motto else "")
        + f": the weakest of all {len(org.ratings)} bundles",
        (
            f"- Weakest bundle: {_text(weakest.bundle.title)} ({_code(weakest.bundle.ref)}), "
            f"{_text(next_step(weakest))}"
            + (f"; blocked by {_id(', '.join(weakest.blockers))}" if weakest.blockers else "")
        )
        if weakest and weakest.level != 5
        else "- Weakest bundle: none, every bundle is at level 5"
        if weakest
        else "- Weakest bundle: –",
        (
            f"- **Critical-bundles level: {_level(critical.level)}**: the weakest of the {len(org.critical)} "
            f"bundle{'s' if len(org.critical) != 1 else ''} marked criticality: high; the weakest is "
            f"{_code(critical.bundle.ref)}"
        )
        if critical
        else "- Critical-bundles level: – (no bundle is marked criticality: high)",
        f"- {_text(everything)} {_text(critical_scope)}",
        f"- Median bundle level: {org.median if org.median is not None else '–'}",
        f"- {len(org.ratings)} bundles from {s.documents} documents in {s.files} files",
        f"- {s.error} errors, {s.warning} warnings, {s.info} info, {s.suppressed} suppressed",
        "",
    ]
    out += _table(
        ["Level", "Bundles"],
        [[_level(level) if level else "unrated", org.distribution.get(level, 0)] for level in range(6)],
    )
    if audit.comparison is not None:
        c = audit.comparison
        out += [
            f"### Since the audit of {_text(c.previous_today)}",
            "",  # read from the earlier audit.json
            f"Organisation level then {_level(c.previous_level)}, now {_level(org.level)}; "
            f"{len(c.new)} new finding(s), {len(c.fixed)} fixed.",
            "",
        ]
        if c.level_changes:
            out += _table(
                ["Bundle", "Before", "Now"],
                [
                    [
                        _text(ref),
                        _level(b) if ref in c.previous_bundles else "new",
                        _level(a) if ref in c.current_bundles else "gone",
                    ]
                    for ref, b, a in c.level_changes
                ],
            )
        if c.new:
            out += [
                "New findings:",
                "",
                *[f"- {_code(f.rule_id)} {_text(f.path)}:{f.line} {_text(f.message)}" for f in c.new],
                "",
            ]
        if c.fixed:
            out += [
                "Fixed findings:",
                "",
                *[
                    f"- {_code(f.get('rule'))} {_text(f.get('path'))}:{_text(f.get('line'))} {_text(f.get('message'))}"
                    for f in c.fixed
                ],
                "",
            ]
    out += [
        "## Bundles",
        "",
        "Weakest first. The next level column counts the checks (one rule on one document of "
        "the bundle) that gate the next level and fail; the blocking rules are what to fix first.",
        "",
    ]
    ratings = sorted(org.ratings, key=lambda r: (r.level or 0, r.progress, r.bundle.ref))
    out += _table(
        ["Bundle", "Kind", "Owner", "Level", "Next level", "Blocking"],
        [
            [
                f"{_text(r.bundle.title)} ({_code(r.bundle.ref)})"
                + (" **criticality: high**" if r.bundle.critical else ""),
                _text(r.bundle.kind),
                _who(audit, audit.owners.get(r.bundle.ref, "")),
                _level(r.level),
                _text(next_step(r)),
                _id(", ".join(r.blockers)) or "–",
            ]
            for r in ratings
        ],
    )
    out += ["## Actions by owner", ""]
    if not audit.actions:
        out += ["Every bundle is at level 5: nothing to do.", ""]
    for group in audit.actions:
        out += [f"### {_code(group.owner)} {_text(group.label)}" if group.owner else "### Bundles with no owner", ""]
        for r in group.bundles:
            out += [f"- {_text(r.bundle.title)} ({_code(r.bundle.ref)}), {_level(r.level)}, {_text(next_step(r))}:"]
            out += [
                f"  - {_id(f.qualified_id)} {_text(f.message)} ({_text(f'{f.path}:{f.line}')})"
                for f in r.blocking[:_SHOWN_PER_BUNDLE]
            ]
            if len(r.blocking) > _SHOWN_PER_BUNDLE:
                out.append(f"  - and {len(r.blocking) - _SHOWN_PER_BUNDLE} more (see Findings)")
        out.append("")
    out += ["## Processes", ""]
    for p in audit.processes:
        doc = p.doc
        out += [
            f"### {_text(doc.metadata.get('title') or doc.name)}",
            "",
            f"{_code(doc.ref)} · owner {_who(audit, audit.owners.get(doc.ref, ''))} · "
            f"{_level(p.rating.level) if p.rating else ''}",
            "",
        ]
        if p.raci.rows:
            rows = []
            for i, (label, _) in enumerate(p.raci.rows):
                rows.append(
                    [
                        _text(label),
                        *[_text(p.raci.cells.get((i, party), "")) for party in p.raci.parties],
                        "; ".join(f"{_id(f.qualified_id)} {_text(f.message)}" for f in p.raci.problems.get(i, ())),
                    ]
                )
            out += _table(
                [
                    "Activity",
                    *[
                        _text(party) + (f" ({_text(audit.name(party, doc))})" if audit.name(party, doc) else "")
                        for party in p.raci.parties
                    ],
                    "Findings",
                ],
                rows,
            )
        out += ["```mermaid", p.mermaid.rstrip(), "```", ""]
    out += ["## Service levels", ""]
    for a in audit.agreements:
        out += [
            f"### {_text(a.doc.metadata.get('title') or a.doc.name)}",
            "",
            f"{_code(a.doc.ref)} · {_text(a.kind.upper())} · availability {_text(a.availability or 'not stated')}",
            "",
        ]
        if a.impacts and a.urgencies:
            out += _table(
                ["impact \\ urgency", *map(_text, a.urgencies)],
                [
                    [_text(i), *[_text(a.matrix.get((i, u), "")) or "**unmapped**" for u in a.urgencies]]
                    for i in a.impacts
                ],
            )
        if a.targets:
            out += _table(
                ["Priority", "Response", "Resolution", "Update", "Clock"],
                [
                    [_text(p), *[_text(v[k]) for k in ("response", "resolution", "update", "clock")]]
                    for p, v in a.targets
                ],
            )
    out += ["## Risks", ""]
    out += _heat(audit, "inherent") + _heat(audit, "residual")
    out += _table(
        ["Risk", "Owner", "Inherent (likelihood × impact)", "Residual (likelihood × impact)", "Treatment", "Coverage"],
        [
            [
                _code(r.doc.ref),
                _who(audit, r.owner) if r.owner else "–",
                _score(r.inherent),
                _score(r.residual),
                _text(r.treatment),
                "covered" if r.covered else "**uncovered**",
            ]
            for r in audit.risks
        ],
    )
    out += ["## Waivers and risk acceptances", ""]
    out += (
        _table(
            ["Kind", "Document", "Covers", "Approved by", "Expires", "Status"],
            [
                [
                    _text(e.kind),
                    _code(e.doc.ref),
                    _text(e.subject),
                    _who(audit, e.approved_by) if e.approved_by else "–",
                    e.expires or "–",
                    _text(e.status),
                ]
                for e in audit.register
            ],
        )
        if audit.register
        else ["No waivers and no risk acceptances.", ""]
    )
    out += [
        "## Framework coverage",
        "",
        "A check is one rule applied to one document it concerns: passing checks "
        "are the evidence, failing checks the gaps.",
        "",
    ]
    for framework in dict.fromkeys(c.framework for c in audit.coverage):
        out += [f"### {_text(framework)}", ""]
        out += _table(
            ["Clause or practice", "Rules", "Evidence: passing checks", "Gaps: failing checks"],
            [
                [_text(c.item), _id(", ".join(c.rules)), c.passing, len(c.gaps)]
                for c in audit.coverage
                if c.framework == framework
            ],
        )
    out += _provenance(audit)
    out += ["## Findings", ""]
    out += (
        _table(
            ["Severity", "Rule", "Where", "What"],
            [
                [
                    f.severity.label + (" (suppressed)" if f.suppression else ""),
                    _id(f.qualified_id),
                    _text(f"{f.path}:{f.line}:{f.column} {f.document or ''}{render_pointer(f.pointer)}"),
                    _text(f.message),
                ]
                for f in audit.result.findings
            ],
        )
        if audit.result.findings
        else ["No findings.", ""]
    )
    return "\n".join(out).rstrip() + "\n"


_SHOWN_PER_BUNDLE = 8


def _score(pair: tuple[int, int] | None) -> str:
    return f"{pair[0]} × {pair[1]} = {pair[0] * pair[1]}" if pair else "–"


def _items(values: Sequence[str], empty: str) -> str:
    return ", ".join(values) if values else empty


def _provenance(audit: Audit) -> list[str]:
    p = audit.provenance
    if p is None:
        return []
    git = p.git
    if not git.read:
        git_text = "not read: the audit ran with --no-git"
    else:
        commit = (
            f"{_code(git.commit)}" + (f" on branch {_code(git.branch)}" if git.branch else " (detached HEAD)")
            if git.commit
            else "**no commit recorded**"
        )
        state = (
            "**unknown whether files changed since the commit**"
            if git.dirty is None
            else f"**{git.changed} uncommitted change{'s' if git.changed != 1 else ''}**: "
            + ", ".join(_code(c) for c in git.changes)
            + (" …" if git.changed > len(git.changes) else "")
            if git.dirty
            else "clean: the files are those of the commit"
        )
        git_text = f"{commit}; {state}" + "".join(f" ({_text(n)})" for n in git.notes)
    today = p.today.isoformat()
    waivers = [e for e in audit.register if e.kind == "waiver" and e.status == "in force"]
    rows = [
        [
            "itsmlint",
            f"{_text(p.version)}: {len(audit.result.catalog)} rules in the catalog, {len(audit.result.rules_run)} run",
        ],
        [
            "Date the rules used",
            f"{today} (given with --today)"
            if p.today_given
            else f"{today} (the system date: pass --today {today} to reproduce)",
        ],
        [
            "Paths audited",
            _items([_code(x) for x in p.paths], "none")
            + (" (from the top of the git work tree)" if git.read and git.top is not None else ""),
        ],
        ["Git", git_text],
        ["Configuration files", _items([_code(x) for x in p.config_files], "none (the catalog's defaults)")],
        ["Presets", _items([_code(x) for x in p.presets], "none")],
        ["Options", _items([_code(x) for x in p.flags], "none")],
        ["Rules switched off", _items([_code(x) for x in p.rules_off], "none: every rule ran")],
        [
            "Rules re-graded",
            _items(
                [f"{_code(r)}: {_text(d)} → {_text(u)}" for r, d, u in p.regraded],
                "none: every rule at its catalog severity",
            ),
        ],
        [
            "Parameters changed",
            _items([f"{_code(n)} = {_code(v)}" for n, v in p.changed_params], "none: the catalog's defaults"),
        ],
        [
            "Custom rules",
            _items([f"{_code(r)} from {_code(s)}" for r, s in p.custom_rules], "none: only built-in rules"),
        ],
        [
            "Waivers in force",
            _items([f"{_code(e.doc.ref)}: {_text(e.subject)}, until {e.expires or '–'}" for e in waivers], "none")
            + f"; {audit.result.summary.suppressed} finding(s) suppressed in all, listed under Findings",
        ],
        [
            "To reproduce",
            _code(p.command)
            + (
                f", from the top of the git work tree at commit {_code(git.commit[:12])}"
                if git.read and git.commit
                else ""
            ),
        ],
    ]
    return [
        "## How this audit was produced",
        "",
        "What an auditor needs to reproduce the report.",
        "",
        *_table(["What", "Used"], rows),
    ]


def _heat(audit: Audit, which: str) -> list[str]:
    low, high = audit.scale
    cells: dict[tuple[int, int], list[RiskView]] = defaultdict(list)
    for risk in audit.risks:
        pair = risk.inherent if which == "inherent" else risk.residual
        if pair is not None:
            cells[pair].append(risk)
    rows = [
        [
            f"impact {impact}",
            *[
                ", ".join(
                    ("⚠ " if not r.covered else "") + _text(r.doc.name) for r in cells.get((likelihood, impact), [])
                )
                for likelihood in range(low, high + 1)
            ],
        ]
        for impact in range(high, low - 1, -1)
    ]
    head = ["", *[f"likelihood {n}" for n in range(low, high + 1)]]
    return [f"**{which.capitalize()} risk**", "", *_table(head, rows)]
