"""JUnit XML, for Jenkins, GitLab and other test tabs.

The shape is the one Jenkins' xUnit plugin validates against
(``junit-10.xsd``) and pytest's ``xunit2`` report follows, so strict
consumers accept it: ``testcase`` has no ``file`` attribute and
``testsuites`` no ``skipped`` count. The file path is where that schema
allows it: the ``name`` and ``file`` of the suite, and the ``classname`` of
each case.

**One test case per document and rule family** (``RACI process:incident``),
in one ``testsuite`` per file. A test tab is read by a person: one case per
rule and document (2,726 cases for the 69 files of the gallery) buries the
few that fail, and one case per file does not say which document or which
area to fix. A document and a family (the id prefix ``--select`` takes:
``RACI``, ``REF``, ``X-ACME``) names both, keeps a few cases per document,
and still lists the families that passed, so a clean repository shows what
was checked. Findings outside any document (a file that does not parse) form
the case ``YAML (file)``.

**The outcome follows --fail-on**, as the exit code does:

- ``failure`` when the case has findings at or above ``--fail-on``, all of
  them in it, one line each (Jenkins keeps one failure per case);
- ``error`` when a rule crashed on the document (``INT001``): the check did
  not run, and the run fails whatever ``--fail-on`` says;
- ``skipped`` when every finding of the case was suppressed (a waiver, an
  inline comment, the baseline), with who suppressed it and why: an
  accepted failure, as pytest reports an expected one;
- passed otherwise. Findings below ``--fail-on`` (warnings and info by
  default), and suppressed ones, are listed in the case's ``system-out``:
  visible in the test tab, yet they neither fail GitLab's tab nor make
  Jenkins mark the build UNSTABLE while the exit code is 0.

XML 1.0 has no way to write most C0 controls, not even as character
references, so one in a name or message makes the whole file malformed:
Jenkins fails the build, GitLab drops the report. The repository's text
therefore goes through :func:`~itsmlint.render.one_line` first, which shows
such characters escaped (``\x07``), then through the XML escaping.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from itsmlint.finding import Finding, Severity
from itsmlint.ids import INTERNAL_ERROR
from itsmlint.render import one_line
from itsmlint.reporters.text import suppression_note

if TYPE_CHECKING:
    from itsmlint.engine import Result
    from itsmlint.reporters import RenderContext

#: The case name of findings outside any document.
FILE_LEVEL = "(file)"

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


def family(rule_id: str) -> str:
    """The rule's family as ``--select`` names it: its id without the trailing digits (``RACI``, ``X-ACME``)."""
    return rule_id.rstrip("0123456789") or rule_id


def _classname(path: str) -> str:
    # Jenkins splits a classname at its last dot into package and class.
    return path.replace(".", "_")


def _attribute(text: str) -> str:
    """An attribute holding the repository's text: one line, then XML-quoted."""
    return quoteattr(one_line(text))


def _line(f: Finding) -> str:
    """One finding as the text output shows it; the line breaks between them are ours, the fields the repository's."""
    line = (
        f"{one_line(f.path)}:{f.line}:{f.column}: {f.severity.label} {one_line(f.qualified_id)} {one_line(f.message)}"
    )
    return line if f.suppression is None else f"{line} [{one_line(suppression_note(f))}]"


def _outcome(findings: list[Finding], fail_on: Severity | None) -> tuple[str, list[Finding]]:
    """(outcome, the findings that cause it): outcome is error, fail, skip or pass."""
    active = [f for f in findings if f.active]
    # A rule that crashed (INT001) makes its case an error, not a failure.
    crashed = [f for f in active if f.rule_id == INTERNAL_ERROR]
    if crashed:
        return "error", crashed
    failing = [f for f in active if fail_on is not None and f.severity >= fail_on]
    if failing:
        return "fail", failing
    if findings and not active:
        return "skip", findings
    return "pass", []


def _case(path: str, name: str, findings: list[Finding], fail_on: Severity | None) -> tuple[str, str]:
    """(XML, outcome) of one test case."""
    head = f'    <testcase classname={_attribute(_classname(path))} name={_attribute(name)} time="0"'
    outcome, cause = _outcome(findings, fail_on)
    body: list[str] = []
    if outcome in ("error", "fail"):
        first = cause[0]
        message = first.message + (f" (and {len(cause) - 1} more)" if len(cause) > 1 else "")
        element = "error" if outcome == "error" else "failure"
        body.append(
            f"      <{element} message={_attribute(message)} type={quoteattr(first.severity.label)}>"
            + escape("\n".join(_line(f) for f in cause))
            + f"</{element}>"
        )
    elif outcome == "skip":
        body.append(f"      <skipped message={_attribute('; '.join(suppression_note(f) for f in cause))}/>")
    shown = {id(f) for f in cause} if outcome != "skip" else set()
    rest = [f for f in findings if id(f) not in shown]
    if rest:
        body.append("      <system-out>" + escape("\n".join(_line(f) for f in rest)) + "</system-out>")
    if not body:
        return f"{head}/>", outcome
    return f"{head}>\n" + "\n".join(body) + "\n    </testcase>", outcome


def render(result: Result, ctx: RenderContext) -> str:
    run = set(result.rules_run)
    checkers = [m for m in result.catalog if m.id in run and not m.reported]
    found: dict[tuple[str, str, str], list[Finding]] = defaultdict(list)
    for f in result.findings:
        found[(f.path, f.document or FILE_LEVEL, family(f.rule_id))].append(f)
    cases: dict[str, dict[tuple[str, str], list[Finding]]] = defaultdict(dict)
    present = frozenset(d.family for d in result.corpus.foreign)
    for doc in (*result.corpus, *result.corpus.foreign):
        for meta in checkers:
            if meta.covers(doc, present):
                case = (doc.ref, family(meta.id))
                cases[doc.path][case] = found.get((doc.path, *case), [])
    for (path, document, name), findings in found.items():
        cases[path][(document, name)] = findings
    suites = []
    totals = {"pass": 0, "fail": 0, "error": 0, "skip": 0}
    for path in sorted(cases):
        counts = dict.fromkeys(totals, 0)
        rendered = []
        for (document, name), findings in sorted(cases[path].items()):
            xml, outcome = _case(path, f"{name} {document}", findings, result.options.fail_on)
            counts[outcome] += 1
            rendered.append(xml)
        for outcome, count in counts.items():
            totals[outcome] += count
        suites.append(
            f'  <testsuite name={_attribute(path)} tests="{sum(counts.values())}" '
            f'failures="{counts["fail"]}" errors="{counts["error"]}" skipped="{counts["skip"]}" '
            f'time="0" file={_attribute(path)}>\n' + "\n".join(rendered) + "\n  </testsuite>"
        )
    # testsuites has no skipped count in the schema: the suites carry theirs.
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<testsuites name="itsmlint" tests="{sum(totals.values())}" failures="{totals["fail"]}" '
        f'errors="{totals["error"]}" time="0">\n' + "\n".join(suites) + "\n</testsuites>\n"
    )
