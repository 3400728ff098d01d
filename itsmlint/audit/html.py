"""``report.html``: one self-contained page, readable on a laptop and on paper.

No script, no font, no stylesheet or image from elsewhere: the page opens
from a mail attachment. Charts and heat maps are inline SVG and HTML tables;
flow diagrams are the SVG that ``itsmlint graph`` draws.
"""

from __future__ import annotations

from collections import defaultdict
from html import escape as _html_escape

from itsmlint.audit import AgreementView, Audit, OwnerActions, ProcessView, RiskView, headline_scope, next_step
from itsmlint.finding import Finding, render_pointer
from itsmlint.maturity import LEVELS, MOTTOS, Rating
from itsmlint.render import one_line
from itsmlint.reporters.text import suppression_note

LEVEL_COLORS = {0: "#9e9e9e", 1: "#c62828", 2: "#ef6c00", 3: "#f9a825", 4: "#7cb342", 5: "#2e7d32"}
SEVERITY_COLORS = {"error": "#c62828", "warning": "#ef6c00", "info": "#1565c0"}

CSS = """
:root { --ink: #1f2933; --muted: #5f6b7a; --line: #d9e1e8; --soft: #f4f7fa; }
* { box-sizing: border-box; }
body { font-family: -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: var(--ink); margin: 0;
       line-height: 1.45; font-size: 15px; background: #fff; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 28px 64px; }
header.top { background: #15324d; color: #fff; padding: 22px 28px; }
header.top h1 { margin: 0 0 4px; font-size: 24px; }
header.top p { margin: 0; color: #c9d6e3; }
nav { position: sticky; top: 0; background: #fff; border-bottom: 1px solid var(--line); padding: 8px 28px;
      z-index: 2; font-size: 14px; }
nav a { margin-right: 16px; color: #15324d; text-decoration: none; }
h2 { margin-top: 40px; border-bottom: 2px solid var(--line); padding-bottom: 6px; }
#overview h2 { margin-top: 8px; }
h3 { margin: 28px 0 6px; }
.meta { color: var(--muted); font-size: 14px; margin: 0 0 10px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(160px, 1fr)); gap: 12px; margin: 16px 0; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 12px 14px; background: var(--soft); }
.card .big { font-size: 28px; font-weight: 700; }
.card .big.words { font-size: 19px; line-height: 1.3; margin: 4px 0 6px; }
.card .label { color: var(--muted); font-size: 13px; }
.level { display: inline-block; min-width: 28px; padding: 2px 8px; border-radius: 10px; color: #fff;
         font-weight: 700; font-size: 13px; text-align: center; white-space: nowrap; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: 14px; }
th, td { border: 1px solid var(--line); padding: 5px 8px; text-align: left; vertical-align: top; }
th { background: var(--soft); font-weight: 600; }
td.num, th.num { text-align: right; white-space: nowrap; }
.bar { background: #e8edf2; border-radius: 6px; height: 12px; width: 140px; overflow: hidden; display: inline-block;
       vertical-align: middle; }
.bar span { display: block; height: 100%; }
.steps { display: inline-flex; gap: 2px; vertical-align: middle; }
.steps i { display: block; width: 22px; height: 12px; border-radius: 3px; background: #e8edf2; }
.tag { display: inline-block; font-size: 11px; font-weight: 600; padding: 0 6px; border-radius: 8px;
       background: #fdecea; color: #b71c1c; margin-left: 4px; }
.who { color: var(--muted); font-size: 13px; }
table.facts th { width: 230px; }
table.facts td code, td.where code { overflow-wrap: anywhere; }
table.raci td.msg { font-size: 13px; }
table.raci td.msg div + div { margin-top: 4px; }
table.raci td.cell { text-align: center; font-weight: 600; width: 46px; }
table.raci th.party { font-size: 12px; writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap;
                      height: 150px; vertical-align: bottom; text-align: left; }
table.raci tr.problem td { background: #fdecea; }
table.raci td.A { color: #15324d; background: #dde8f3; }
table.raci tr.problem td.A { background: #f6c9c4; }
.rules { color: #c62828; font-weight: 600; font-size: 13px; }
figure.flow { margin: 8px 0 20px; overflow-x: auto; border: 1px solid var(--line); border-radius: 8px; padding: 8px; }
figure.flow svg { max-width: 100%; height: auto; }
.heat { display: grid; grid-template-columns: repeat(auto-fit, minmax(380px, 1fr)); gap: 20px; }
table.heatmap { table-layout: fixed; }
table.heatmap td { height: 64px; font-size: 12px; overflow-wrap: anywhere; }
table.heatmap td.axis, table.heatmap th { background: #fff; border: none; color: var(--muted); font-weight: 400;
                                          text-align: center; vertical-align: middle; }
.risk { display: block; }
.risk.uncovered { color: #b71c1c; font-weight: 700; }
.sev { font-weight: 700; text-transform: uppercase; font-size: 12px; }
.suppressed { color: var(--muted); }
code { font-size: 13px; }
.empty { color: var(--muted); font-style: italic; }
footer { color: var(--muted); font-size: 13px; margin-top: 48px; border-top: 1px solid var(--line); padding-top: 10px; }
@media print {
  nav { display: none; }
  header.top { background: #fff; color: #000; border-bottom: 2px solid #000; }
  header.top p { color: #333; }
  h2 { break-before: page; }
  #overview h2 { break-before: auto; }
  table, figure, .card { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  figure.flow { overflow: visible; }
}
"""


def escape(text: str) -> str:
    """Text for the page, most of it the repository's: one line, then HTML-escaped (quotes too, for attributes).

    HTML forbids most control characters and browsers handle them each their
    own way; shown escaped, they read the same here as in every other report.
    """
    return _html_escape(one_line(text))


def _level(level: int | None) -> str:
    name = LEVELS.get(level or 0, "Unrated")
    text = f"L{level}" if level else "unrated"
    return (
        f'<span class="level" style="background:{LEVEL_COLORS[level or 0]}" title="{escape(name)}">'
        f"{escape(text)}</span>"
    )


def _steps(rating: Rating) -> str:
    """The level reached as five steps, filled up to it: a bundle at L1 shows one step of five, never 97 %.

    The share of passing checks would read "nearly there" for a bundle that
    one error holds at level 1; the failing checks are written beside it.
    """
    level = rating.level or 0
    color = LEVEL_COLORS[level]
    steps = "".join(f'<i style="background:{color}"></i>' if step <= level else "<i></i>" for step in range(1, 6))
    label = f"level {level} of 5" if level else "unrated"
    return (
        f'<span class="steps" role="img" aria-label="{label}" title="{label}">{steps}</span> '
        f"<small>{escape(next_step(rating))}</small>"
    )


def _who(audit: Audit, ref: str) -> str:
    """A reference with the name a reader knows it by: <code>person:dokafor</code> Dana Okafor."""
    if not ref:
        return '<span class="rules">no owner</span>'
    name = audit.name(ref)
    return f"<code>{escape(ref)}</code>" + (f' <span class="who">{escape(name)}</span>' if name else "")


def _chart(audit: Audit) -> str:
    """Bundles per level as an inline SVG bar chart."""
    dist = audit.organisation.distribution
    levels = [0, 1, 2, 3, 4, 5]
    most = max([dist.get(level, 0) for level in levels] + [1])
    width, height, bar, gap, base = 520, 210, 60, 20, 170
    parts = [
        f'<svg id="level-chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="Bundles per maturity level">'
    ]
    for i, level in enumerate(levels):
        count = dist.get(level, 0)
        h = round(140 * count / most)
        x = 30 + i * (bar + gap)
        parts.append(
            f'<rect x="{x}" y="{base - h}" width="{bar}" height="{h}" rx="4" '
            f'fill="{LEVEL_COLORS[level]}"><title>{count} bundles</title></rect>'
        )
        parts.append(
            f'<text x="{x + bar / 2}" y="{base - h - 6}" text-anchor="middle" font-size="14" '
            f'font-weight="700" fill="#1f2933">{count}</text>'
        )
        label = "unrated" if level == 0 else f"L{level}"
        parts.append(
            f'<text x="{x + bar / 2}" y="{base + 18}" text-anchor="middle" font-size="13" fill="#1f2933">{label}</text>'
        )
        if level:
            parts.append(
                f'<text x="{x + bar / 2}" y="{base + 34}" text-anchor="middle" font-size="10" '
                f'fill="#5f6b7a">{escape(LEVELS[level])}</text>'
            )
    parts.append(f'<line x1="20" y1="{base}" x2="{width - 10}" y2="{base}" stroke="#9aa5b1"/></svg>')
    return "".join(parts)


def _overview(audit: Audit) -> str:
    org = audit.organisation
    s = audit.result.summary
    level, weakest = org.level, org.weakest
    motto = MOTTOS.get(level or 0, "")
    critical = org.weakest_critical
    everything, critical_scope = headline_scope(org)
    blocking = ", ".join(weakest.blockers) if weakest and weakest.blockers else ""
    cards = [
        (
            "headline-level",
            True,
            f"{_level(level)} {escape(LEVELS.get(level or 0, 'Unrated'))}",
            f"organisation level: the weakest of all {len(org.ratings)} bundles" + (f" (“{motto}”)" if motto else ""),
        ),
        (
            "headline-weakest",
            True,
            escape(weakest.bundle.title) if weakest and weakest.level != 5 else "–",
            (
                f"weakest bundle: {escape(weakest.bundle.ref)}, {escape(next_step(weakest))}"
                + (f"; blocked by {escape(blocking)}" if blocking else "")
            )
            if weakest and weakest.level != 5
            else "weakest bundle: none, every bundle is at level 5"
            if weakest
            else "weakest bundle: none",
        ),
        (
            "headline-critical",
            True,
            f"{_level(critical.level)} {escape(critical.name)}" if critical else "–",
            (
                f"critical-bundles level: the weakest of the {len(org.critical)} bundle"
                f"{'s' if len(org.critical) != 1 else ''} marked criticality: high; the weakest is "
                f"{escape(critical.bundle.ref)}"
            )
            if critical
            else "critical-bundles level: no bundle is marked criticality: high",
        ),
        ("headline-median", False, f"{org.median:g}" if org.median is not None else "–", "median level of the bundles"),
        (
            "headline-bundles",
            False,
            f"{len(org.ratings)}",
            f"bundles rated from {s.documents} documents in {s.files} files",
        ),
        (
            "headline-findings",
            False,
            f'<span style="color:{SEVERITY_COLORS["error"]}">{s.error}</span> / '
            f'<span style="color:{SEVERITY_COLORS["warning"]}">{s.warning}</span> / {s.info}',
            f"errors / warnings / info ({s.suppressed} suppressed)",
        ),
    ]
    out = ['<section id="overview"><h2>Overview</h2><div class="cards">']
    # Numbers read best large; names and level titles wrap, so they get a smaller face.
    out += [
        f'<div class="card" id="{anchor}"><div class="big{" words" if words else ""}">{big}</div>'
        f'<div class="label">{label}</div></div>'
        for anchor, words, big, label in cards
    ]
    out.append("</div>")
    out.append(f'<p class="meta" id="headline-scope">{escape(everything)} {escape(critical_scope)}</p>')
    out.append(
        f'<figure>{_chart(audit)}<figcaption class="meta">Bundles per maturity level. A bundle is a '
        "process, a service, the social-media policy or a value stream, with every document it relies on."
        "</figcaption></figure>"
    )
    if org.unparsed_files:
        out.append(
            f'<p class="rules">{len(org.unparsed_files)} file(s) could not be read and are in no bundle: '
            f"{escape(', '.join(org.unparsed_files))}</p>"
        )
    if audit.comparison is not None:
        out.append(_comparison(audit))
    out.append("</section>")
    return "".join(out)


def _comparison(audit: Audit) -> str:
    c = audit.comparison
    assert c is not None
    rows = "".join(
        f"<tr><td>{escape(ref)}</td>"
        f"<td>{_level(before) if ref in c.previous_bundles else 'new'}</td>"
        f"<td>{_level(after) if ref in c.current_bundles else 'gone'}</td></tr>"
        for ref, before, after in c.level_changes
    )
    table = (
        f"<table><tr><th>Bundle</th><th>Before</th><th>Now</th></tr>{rows}</table>"
        if rows
        else '<p class="empty">No bundle changed level.</p>'
    )
    new = "".join(
        f"<li><code>{escape(f.rule_id)}</code> {escape(f.path)}:{f.line} {escape(f.message)}</li>" for f in c.new
    )
    fixed = "".join(
        f"<li><code>{escape(str(f.get('rule')))}</code> {escape(str(f.get('path')))}:{f.get('line')} "
        f"{escape(str(f.get('message')))}</li>"
        for f in c.fixed
    )
    return (
        f'<h3 id="since">Since the audit of {escape(c.previous_today)}</h3>'
        f'<p class="meta">Organisation level then: {_level(c.previous_level)}; now: '
        f"{_level(audit.organisation.level)}. {len(c.new)} new finding(s), {len(c.fixed)} fixed.</p>{table}"
        + (f"<details open><summary>New findings ({len(c.new)})</summary><ul>{new}</ul></details>" if new else "")
        + (f"<details><summary>Fixed findings ({len(c.fixed)})</summary><ul>{fixed}</ul></details>" if fixed else "")
    )


def _bundles(audit: Audit) -> str:
    rows = []
    for r in sorted(audit.organisation.ratings, key=lambda r: (r.level or 0, r.progress, r.bundle.ref)):
        blockers = ", ".join(f"<code>{escape(b)}</code>" for b in r.blockers) or '<span class="empty">none</span>'
        count = sum(1 for f in r.findings if f.active)
        critical = '<span class="tag">criticality: high</span>' if r.bundle.critical else ""
        rows.append(
            f"<tr><td><strong>{escape(r.bundle.title)}</strong>{critical}<br>"
            f"<code>{escape(r.bundle.ref)}</code></td><td>{escape(r.bundle.kind)}</td>"
            f"<td>{_who(audit, audit.owners.get(r.bundle.ref, ''))}</td>"
            f"<td>{_level(r.level)} {escape(r.name)}</td>"
            f'<td>{_steps(r)}</td><td>{blockers}</td><td class="num">{count}</td></tr>'
        )
    return (
        '<section id="bundles"><h2>Bundles</h2><p class="meta">Weakest first. The steps show the level '
        "reached, out of 5; beside them, how many of the checks that gate the next level fail (a check is one "
        "rule on one document of the bundle). The blocking rules are what to fix first; "
        '<a href="#actions">Actions by owner</a> lists the findings behind them.</p>'
        '<table id="bundle-table"><tr><th>Bundle</th><th>Kind</th><th>Owner</th><th>Level</th>'
        f'<th>Level reached, and the next</th><th>Blocking</th><th class="num">Findings</th></tr>{"".join(rows)}'
        "</table></section>"
    )


_SHOWN_PER_BUNDLE = 8


def _owner_actions(audit: Audit, group: OwnerActions) -> str:
    rows = []
    for r in group.bundles:
        items = "".join(
            f"<li><code>{escape(f.qualified_id)}</code> {escape(f.message)} "
            f"<small><code>{escape(f.path)}:{f.line}</code></small></li>"
            for f in r.blocking[:_SHOWN_PER_BUNDLE]
        )
        more = len(r.blocking) - _SHOWN_PER_BUNDLE
        if more > 0:
            items += f'<li class="empty">and {more} more (see <a href="#findings">Findings</a>)</li>'
        rows.append(
            f"<tr><td><strong>{escape(r.bundle.title)}</strong><br><code>{escape(r.bundle.ref)}</code></td>"
            f"<td>{_level(r.level)}</td><td><small>{escape(next_step(r))}</small></td>"
            f"<td><ul>{items}</ul></td></tr>"
        )
    who = (
        f'<code>{escape(group.owner)}</code> <span class="who">{escape(group.label)}</span>'
        if group.owner
        else '<span class="rules">Bundles with no owner</span>'
    )
    return (
        f'<article class="owner"><h3>{who}</h3><table><tr><th>Bundle</th><th>Level</th><th>Next level</th>'
        f"<th>What to fix to reach it</th></tr>{''.join(rows)}</table></article>"
    )


def _actions(audit: Audit) -> str:
    if not audit.actions:
        return (
            '<section id="actions"><h2>Actions by owner</h2><p class="empty">Every bundle is at level 5: '
            "nothing to do.</p></section>"
        )
    return (
        '<section id="actions"><h2>Actions by owner</h2><p class="meta">Every bundle below level 5, under the '
        "owner its process, service, policy or value stream names (bundles with no owner first), with the "
        "findings that keep it from its next level.</p>"
        + "".join(_owner_actions(audit, group) for group in audit.actions)
        + "</section>"
    )


def _raci(audit: Audit, view: ProcessView) -> str:
    raci = view.raci
    if not raci.rows:
        return '<p class="empty">No activities.</p>'
    head = "".join(
        f'<th class="party">{escape(p)}'
        + (f'<br><span class="who">{escape(audit.name(p, view.doc))}</span>' if audit.name(p, view.doc) else "")
        + "</th>"
        for p in raci.parties
    )
    rows = []
    for i, (label, name) in enumerate(raci.rows):
        cells = []
        for party in raci.parties:
            letter = raci.cells.get((i, party), "")
            css = "cell A" if "A" in letter else "cell"
            cells.append(f'<td class="{css}">{escape(letter)}</td>')
        problems = raci.problems.get(i, ())
        note = "".join(
            f'<div><span class="rules">{escape(f.qualified_id)}</span> {escape(f.message)}</div>' for f in problems
        )
        css = ' class="problem"' if problems else ""
        title = f"<strong>{escape(label)}</strong>" + (f"<br><small>{escape(name)}</small>" if name else "")
        rows.append(f'<tr{css}><td>{title}</td>{"".join(cells)}<td class="msg">{note}</td></tr>')
    return f'<table class="raci"><tr><th>Activity</th>{head}<th>Findings</th></tr>{"".join(rows)}</table>'


def _process(audit: Audit, view: ProcessView) -> str:
    doc = view.doc
    title = doc.metadata.get("title") or doc.name
    level = f"{_level(view.rating.level)} {escape(view.rating.name)}" if view.rating else ""
    active = [f for f in view.findings if f.active]
    return (
        f'<article class="process" id="{escape(doc.ref)}"><h3>{escape(str(title))}</h3>'
        f'<p class="meta"><code>{escape(doc.ref)}</code> · owner {_who(audit, audit.owners.get(doc.ref, ""))} · '
        f"{level} · {len(active)} finding(s) · <code>{escape(doc.path)}</code></p>"
        f"<h4>RACI matrix</h4>{_raci(audit, view)}"
        f'<h4>Flow</h4><figure class="flow">{view.svg}</figure></article>'
    )


def _agreement(view: AgreementView) -> str:
    doc = view.doc
    title = doc.metadata.get("title") or doc.name
    if view.impacts and view.urgencies:
        head = "".join(f"<th>{escape(u)}</th>" for u in view.urgencies)
        rows = "".join(
            f"<tr><th>{escape(i)}</th>"
            + "".join(
                f"<td>{escape(view.matrix.get((i, u), '')) or '<span class=rules>unmapped</span>'}</td>"
                for u in view.urgencies
            )
            + "</tr>"
            for i in view.impacts
        )
        matrix = f'<table class="matrix"><tr><th>impact \\ urgency</th>{head}</tr>{rows}</table>'
    else:
        matrix = '<p class="empty">No priority matrix.</p>'
    target_rows = "".join(
        f"<tr><th>{escape(p)}</th>"
        + "".join(f"<td>{escape(v[k]) or '–'}</td>" for k in ("response", "resolution", "update", "clock"))
        + "</tr>"
        for p, v in view.targets
    )
    targets = (
        f"<table><tr><th>Priority</th><th>Response</th><th>Resolution</th><th>Update</th><th>Clock</th></tr>"
        f"{target_rows}</table>"
        if target_rows
        else '<p class="empty">No targets.</p>'
    )
    active = [f for f in view.findings if f.active]
    problems = f'<p class="rules">{escape(" ".join(sorted({f.rule_id for f in active})))}</p>' if active else ""
    return (
        f'<article class="agreement" id="{escape(doc.ref)}"><h3>{escape(str(title))}</h3>'
        f'<p class="meta"><code>{escape(doc.ref)}</code> · {escape(view.kind.upper())} · availability '
        f"{escape(view.availability or 'not stated')} · {len(active)} finding(s)</p>{problems}"
        f'<div class="heat">{matrix}{targets}</div></article>'
    )


def _heatmap(audit: Audit, which: str) -> str:
    low, high = audit.scale
    cells: dict[tuple[int, int], list[RiskView]] = defaultdict(list)
    for risk in audit.risks:
        pair = risk.inherent if which == "inherent" else risk.residual
        if pair is not None and low <= pair[0] <= high and low <= pair[1] <= high:
            cells[pair].append(risk)
    rows = []
    for impact in range(high, low - 1, -1):
        tds = [f'<td class="axis">impact {impact}</td>']
        for likelihood in range(low, high + 1):
            product = likelihood * impact
            color = (
                "#e8f5e9" if product <= audit.appetite / 2 else ("#fff8e1" if product <= audit.appetite else "#fdecea")
            )
            names = "".join(
                f'<span class="risk{" uncovered" if not r.covered else ""}">'
                f"{'⚠ ' if not r.covered else ''}{escape(r.doc.name)}</span>"
                for r in sorted(cells.get((likelihood, impact), []), key=lambda r: r.doc.name)
            )
            tds.append(f'<td style="background:{color}">{names}</td>')
        rows.append(f"<tr>{''.join(tds)}</tr>")
    axis = "".join(f"<th>likelihood {n}</th>" for n in range(low, high + 1))
    cols = '<colgroup><col style="width:64px">' + "<col>" * (high - low + 1) + "</colgroup>"
    return (
        f'<figure><table class="heatmap" id="heat-{which}"><caption>{which.capitalize()} risk (likelihood × '
        f'impact)</caption>{cols}{"".join(rows)}<tr><td class="axis"></td>{axis}</tr></table>'
        f'<figcaption class="meta">Likelihood left to right, impact bottom to top; a risk sits where its '
        f"likelihood × impact puts it. Amber above half the appetite ({audit.appetite:g}), red above it. ⚠ marks "
        "a risk with no working control.</figcaption></figure>"
    )


def _risks(audit: Audit) -> str:
    if not audit.risks:
        return '<section id="risks"><h2>Risks</h2><p class="empty">No risks are registered.</p></section>'
    rows = "".join(
        f"<tr><td><code>{escape(r.doc.ref)}</code></td><td>{_who(audit, r.owner)}</td>"
        f"<td>{_score(r.inherent)}</td><td>{_score(r.residual)}</td><td>{escape(r.treatment)}</td>"
        f"<td>{'covered' if r.covered else '<span class=rules>uncovered</span>'}</td>"
        f"<td>{escape(', '.join(r.controls))}</td></tr>"
        for r in audit.risks
    )
    return (
        f'<section id="risks"><h2>Risks</h2><div class="heat">{_heatmap(audit, "inherent")}'
        f"{_heatmap(audit, 'residual')}</div><table><tr><th>Risk</th><th>Owner</th>"
        "<th>Inherent (likelihood × impact)</th><th>Residual (likelihood × impact)</th><th>Treatment</th>"
        f"<th>Coverage</th><th>Controls</th></tr>{rows}</table></section>"
    )


def _score(pair: tuple[int, int] | None) -> str:
    return f"{pair[0]} × {pair[1]} = {pair[0] * pair[1]}" if pair else "–"


def _register(audit: Audit) -> str:
    if not audit.register:
        return (
            '<section id="register"><h2>Waivers and risk acceptances</h2>'
            '<p class="empty">No waivers and no risk acceptances.</p></section>'
        )
    rows = []
    for e in audit.register:
        warn = not e.status.startswith("in force")
        status = f'<span class="rules">{escape(e.status)}</span>' if warn else escape(e.status)
        left = (
            "–" if e.days_left is None else (f"{e.days_left} days" if e.days_left >= 0 else f"{-e.days_left} days ago")
        )
        rows.append(
            f"<tr><td>{escape(e.kind)}</td><td><code>{escape(e.doc.ref)}</code></td><td>{escape(e.subject)}"
            f"</td><td>{_who(audit, e.approved_by) if e.approved_by else '–'}</td>"
            f"<td>{e.approved_on or '–'}</td><td>{e.expires or '–'}</td>"
            f'<td>{left}</td><td>{status}</td><td class="num">{e.suppresses or ""}</td></tr>'
        )
    return (
        '<section id="register"><h2>Waivers and risk acceptances</h2><p class="meta">Soonest expiry first.</p>'
        "<table><tr><th>Kind</th><th>Document</th><th>Covers</th><th>Approved by</th><th>Approved on</th>"
        '<th>Expires</th><th>Left</th><th>Status</th><th class="num">Findings waived</th></tr>'
        f"{''.join(rows)}</table></section>"
    )


def _coverage(audit: Audit) -> str:
    out = [
        '<section id="coverage"><h2>Framework coverage</h2><p class="meta">For each clause or practice, the '
        "rules the catalog maps to it. A check is one of those rules applied to one document it concerns: "
        "passing checks are the evidence, failing checks the gaps. Clause numbers are paraphrased from public "
        "summaries of ISO/IEC 20000-1:2018.</p>"
    ]
    for framework in dict.fromkeys(c.framework for c in audit.coverage):
        rows = []
        for c in (c for c in audit.coverage if c.framework == framework):
            gaps = "; ".join(f"{escape(rule)} {escape(doc)}" for rule, doc in c.gaps[:6])
            more = f" and {len(c.gaps) - 6} more" if len(c.gaps) > 6 else ""
            rows.append(
                f"<tr><td>{escape(c.item)}</td><td>{escape(', '.join(c.rules))}</td>"
                f'<td class="num">{c.passing}</td><td class="num">{len(c.gaps)}</td>'
                f"<td><small>{gaps}{more}</small></td></tr>"
            )
        out.append(
            f"<h3>{escape(framework)}</h3><table><tr><th>Clause or practice</th><th>Rules</th>"
            '<th class="num">Evidence: passing checks</th><th class="num">Gaps: failing checks</th>'
            f"<th>Where the gaps are</th></tr>{''.join(rows)}</table>"
        )
    out.append("</section>")
    return "".join(out)


def _finding_row(f: Finding) -> str:
    note = f'<br><span class="suppressed">{escape(suppression_note(f))}</span>' if f.suppression else ""
    css = ' class="suppressed"' if f.suppression else ""
    color = SEVERITY_COLORS[f.severity.label]
    return (
        f'<tr{css}><td><span class="sev" style="color:{color}">{f.severity.label}</span></td>'
        f"<td><code>{escape(f.qualified_id)}</code></td><td><code>{escape(f.path)}:{f.line}:{f.column}</code><br>"
        f"<small>{escape(f.document or '')} {escape(render_pointer(f.pointer))}</small></td>"
        f"<td>{escape(f.message)}{note}</td></tr>"
    )


def _findings(audit: Audit) -> str:
    findings = audit.result.findings
    if not findings:
        return '<section id="findings"><h2>Findings</h2><p class="empty">No findings.</p></section>'
    rows = "".join(_finding_row(f) for f in findings)
    return (
        f'<section id="findings"><h2>Findings</h2><p class="meta">{len(findings)} finding(s), in file order; '
        "suppressed ones are kept, with who suppressed them and why.</p><table><tr><th>Severity</th><th>Rule</th>"
        f"<th>Where</th><th>What</th></tr>{rows}</table></section>"
    )


def _list(items: list[str], empty: str) -> str:
    """Items already escaped, one per line, or the words for none."""
    return "<br>".join(items) if items else f'<span class="empty">{escape(empty)}</span>'


def git_summary(audit: Audit) -> str:
    """``commit 0123abc (clean)`` for the header: which commit, and whether the tree matched it."""
    p = audit.provenance
    if p is None:
        return ""
    git = p.git
    if not git.read:
        return "git not read (--no-git)"
    if git.commit is None:
        return "no git commit recorded"
    state = {
        True: f"{git.changed} uncommitted change{'s' if git.changed != 1 else ''}",
        False: "clean",
        None: "state unknown",
    }[git.dirty]
    return f"commit {git.commit[:12]} ({state})"


def _provenance(audit: Audit) -> str:
    p = audit.provenance
    if p is None:
        return ""
    git = p.git
    if not git.read:
        git_cell = '<span class="empty">not read: the audit ran with --no-git</span>'
    else:
        commit = (
            f"<code>{escape(git.commit)}</code>"
            + (f" on branch <code>{escape(git.branch)}</code>" if git.branch else " (detached HEAD)")
            if git.commit
            else '<span class="rules">no commit recorded</span>'
        )
        if git.dirty is None:
            state = '<span class="rules">unknown whether files changed since the commit</span>'
        elif git.dirty:
            listed = "".join(f"<li><code>{escape(c)}</code></li>" for c in git.changes)
            more = git.changed - len(git.changes)
            state = (
                f'<span class="rules">{git.changed} uncommitted change{"s" if git.changed != 1 else ""}'
                " (tracked or untracked files; git status --porcelain)</span>"
                f"<ul>{listed}{f'<li>and {more} more</li>' if more > 0 else ''}</ul>"
            )
        else:
            state = "clean: the files are those of the commit"
        notes = "".join(f'<br><span class="empty">{escape(n)}</span>' for n in git.notes)
        git_cell = f"{commit}<br>{state}{notes}"
    today = (
        f"{p.today.isoformat()} (given with --today)"
        if p.today_given
        else f"{p.today.isoformat()} (the system date: pass --today {p.today.isoformat()} to reproduce)"
    )
    waivers = [e for e in audit.register if e.kind == "waiver" and e.status == "in force"]
    catalog = audit.result.catalog
    facts = [
        ("itsmlint", f"{escape(p.version)}: {len(catalog)} rules in the catalog, {len(audit.result.rules_run)} run"),
        ("Date the rules used", escape(today)),
        (
            "Paths audited",
            _list([f"<code>{escape(x)}</code>" for x in p.paths], "none")
            + (" <small>(from the top of the git work tree)</small>" if git.read and git.top is not None else ""),
        ),
        ("Git", git_cell),
        (
            "Configuration files",
            _list([f"<code>{escape(x)}</code>" for x in p.config_files], "none (the catalog's defaults)"),
        ),
        ("Presets", _list([f"<code>{escape(x)}</code>" for x in p.presets], "none")),
        ("Options", _list([f"<code>{escape(x)}</code>" for x in p.flags], "none")),
        ("Rules switched off", _list([f"<code>{escape(x)}</code>" for x in p.rules_off], "none: every rule ran")),
        (
            "Rules re-graded",
            _list(
                [f"<code>{escape(r)}</code>: {escape(d)} → {escape(u)}" for r, d, u in p.regraded],
                "none: every rule at its catalog severity",
            ),
        ),
        (
            "Parameters changed",
            _list(
                [f"<code>{escape(n)}</code> = <code>{escape(v)}</code>" for n, v in p.changed_params],
                "none: the catalog's defaults",
            ),
        ),
        (
            "Custom rules",
            _list(
                [f"<code>{escape(r)}</code> from <code>{escape(src)}</code>" for r, src in p.custom_rules],
                "none: only built-in rules",
            ),
        ),
        (
            "Waivers in force",
            _list(
                [
                    f"<code>{escape(e.doc.ref)}</code>: {escape(e.subject)}, until "
                    f"{e.expires or '–'} ({e.suppresses} finding{'s' if e.suppresses != 1 else ''})"
                    for e in waivers
                ],
                "none",
            )
            + f"<br><small>{audit.result.summary.suppressed} finding(s) suppressed in all (waivers and inline "
            "comments), listed under Findings</small>",
        ),
        (
            "To reproduce",
            f"<code>{escape(p.command)}</code>"
            + (
                f"<br><small>from the top of the git work tree, at commit {escape(git.commit[:12])}</small>"
                if git.read and git.commit
                else ""
            ),
        ),
    ]
    rows = "".join(f"<tr><th>{escape(name)}</th><td>{value}</td></tr>" for name, value in facts)
    return (
        '<section id="provenance"><h2>How this audit was produced</h2><p class="meta">What an auditor needs to '
        f"reproduce the report: the same version, date, files, configuration and command.</p>"
        f'<table class="facts" id="provenance-table">{rows}</table></section>'
    )


def render(audit: Audit, scope: str) -> str:
    processes = "".join(_process(audit, p) for p in audit.processes) or '<p class="empty">No processes.</p>'
    agreements = "".join(_agreement(a) for a in audit.agreements) or '<p class="empty">No agreements.</p>'
    title = f"Service-management audit of {scope}"
    links = [
        ("overview", "Overview"),
        ("bundles", "Bundles"),
        ("actions", "Actions"),
        ("processes", "Processes"),
        ("agreements", "Service levels"),
        ("risks", "Risks"),
        ("register", "Waivers"),
        ("coverage", "Coverage"),
        ("provenance", "How it was produced"),
        ("findings", "Findings"),
    ]
    nav = "".join(
        f'<a href="#{anchor}">{label}</a>'
        for anchor, label in links
        if anchor != "provenance" or audit.provenance is not None
    )
    git = git_summary(audit)
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body>"
        f'<header class="top"><h1>{escape(title)}</h1><p>As of {audit.today.isoformat()} · itsmlint '
        f"{escape(audit.version)} · {len(audit.result.catalog)} rules"
        + (f" · {escape(git)}" if git else "")
        + "</p></header>"
        f"<nav>{nav}</nav><main>{_overview(audit)}{_bundles(audit)}{_actions(audit)}"
        f'<section id="processes"><h2>Processes</h2>{processes}</section>'
        f'<section id="agreements"><h2>Service levels</h2>{agreements}</section>'
        f"{_risks(audit)}{_register(audit)}{_coverage(audit)}{_provenance(audit)}{_findings(audit)}"
        f"<footer>Generated by itsmlint {escape(audit.version)} from the documents under {escape(scope)}, as of "
        f"{audit.today.isoformat()}. The levels follow the five-level, rule-derived maturity model of the "
        f"itsmlint catalog; they are not a COBIT assessment.</footer></main></body></html>\n"
    )
