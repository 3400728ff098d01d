"""JUnit XML, for Jenkins and GitLab test reports.

One ``testsuite`` per file; in it one ``testcase`` per document and rule
that checked it, so a clean repository shows its passes too. A testcase
fails when the rule found something in that document (all its findings in
one ``failure``, since Jenkins keeps only one); it is ``skipped`` when every
finding was suppressed, with who suppressed it and why.

XML 1.0 has no way to write most C0 controls, not even as character
references, so one in a name or message makes the whole file malformed:
Jenkins fails the build, GitLab drops the report. The repository's text
therefore goes through :func:`~itsmlint.render.one_line` first, which shows
such characters escaped (``\x07``), then through the XML escaping.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from itsmlint.finding import Finding
from itsmlint.render import one_line
from itsmlint.reporters.text import suppression_note

if TYPE_CHECKING:
    from itsmlint.engine import Result
    from itsmlint.reporters import RenderContext


# Our own escaping, the same as xml.sax.saxutils': importing that module
# imports urllib.request, http.client, ssl and email (about 20 ms) on every
# uncached check, whether JUnit is asked for or not.
_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_ATTRIBUTE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"})


def escape(text: str) -> str:
    return text.translate(_TEXT)


def quoteattr(text: str) -> str:
    """An attribute value with its quotes: double quotes unless the value holds some and no single ones."""
    value = text.translate(_ATTRIBUTE)
    if '"' not in value:
        return f'"{value}"'
    if "'" not in value:
        return f"'{value}'"
    return '"' + value.replace('"', "&quot;") + '"'


def _classname(path: str) -> str:
    # Jenkins splits a classname at its last dot into package and class.
    return path.replace(".", "_")


def _attribute(text: str) -> str:
    """An attribute holding the repository's text: one line, then XML-quoted."""
    return quoteattr(one_line(text))


def _case(path: str, name: str, findings: list[Finding]) -> tuple[str, str]:
    """(XML, outcome) of one testcase: outcome is pass, fail or skip."""
    head = (f"    <testcase classname={_attribute(_classname(path))} name={_attribute(name)} "
            f'file={_attribute(path)} time="0"')
    active = [f for f in findings if f.active]
    if active:
        first = active[0]
        # One line per finding: the line breaks are ours, the fields the repository's.
        body = "\n".join(f"{one_line(f.path)}:{f.line}:{f.column}: {f.severity.label} {one_line(f.qualified_id)} "
                         f"{one_line(f.message)}" for f in active)
        kind = first.severity.label
        return (f"{head}>\n      <failure message={_attribute(first.message)} type={quoteattr(kind)}>"
                f"{escape(body)}</failure>\n    </testcase>", "fail")
    if findings:
        notes = "; ".join(suppression_note(f) for f in findings)
        return f"{head}>\n      <skipped message={_attribute(notes)}/>\n    </testcase>", "skip"
    return f"{head}/>", "pass"


def render(result: Result, ctx: RenderContext) -> str:
    run = set(result.rules_run)
    checkers = [m for m in sorted(result.catalog, key=lambda m: m.id) if m.id in run and not m.reported]
    found: dict[tuple[str, str, str], list[Finding]] = defaultdict(list)
    for f in result.findings:
        found[(f.path, f.document or "", f.rule_id)].append(f)
    cases: dict[str, dict[tuple[str, str], list[Finding]]] = defaultdict(dict)
    for doc in result.corpus:
        for meta in checkers:
            if not meta.kinds or doc.kind in meta.kinds:
                cases[doc.path][(doc.ref, meta.id)] = found.get((doc.path, doc.ref, meta.id), [])
    for (path, document, rule_id), findings in found.items():
        cases[path].setdefault((document or "(file)", rule_id), findings)
    suites = []
    totals = {"pass": 0, "fail": 0, "skip": 0}
    for path in sorted(cases):
        counts = {"pass": 0, "fail": 0, "skip": 0}
        rendered = []
        for (document, rule_id), findings in sorted(cases[path].items()):
            xml, outcome = _case(path, f"{rule_id} {document}", findings)
            counts[outcome] += 1
            rendered.append(xml)
        for key in totals:
            totals[key] += counts[key]
        tests = sum(counts.values())
        suites.append(f'  <testsuite name={_attribute(path)} tests="{tests}" failures="{counts["fail"]}" errors="0" '
                      f'skipped="{counts["skip"]}" time="0">\n' + "\n".join(rendered) + "\n  </testsuite>")
    tests = sum(totals.values())
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<testsuites name="itsmlint" tests="{tests}" failures="{totals["fail"]}" errors="0" '
            f'skipped="{totals["skip"]}" time="0">\n' + "\n".join(suites) + "\n</testsuites>\n")
