"""One finding a line (``path:line:col: severity RULE message``), then a summary.

Suppressed findings stay in the list, marked with who suppressed them and
why, so nothing is hidden; they do not count in the summary or the exit code.

The default stays one line per finding, so editors, ``grep`` and CI log
parsers can jump to ``path:line:col``. Two views add to it:

- ``--show-source`` puts a code frame under each finding, as Ruff and
  rustc do: the offending line with a caret under the column, then the fix
  (``= fix:``, the finding's hint) and the other places involved
  (``= note:``). The fix belongs there, beside the line it changes; in the
  one-line view it would double the output, and JSON, SARIF and the GitHub
  annotations carry it already.
- ``--statistics`` replaces the findings with a count per rule, as Ruff's
  ``--statistics`` does: count, id and name, most frequent first.

Paths, messages, source lines and suppression notes hold the repository's
own text: each goes through :func:`~itsmlint.render.one_line`, so it can
neither start a line that passes for ours nor send the terminal an escape
sequence.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from itsmlint.finding import Finding, Severity
from itsmlint.render import one_line

if TYPE_CHECKING:
    from itsmlint.engine import Result
    from itsmlint.reporters import RenderContext

_COLORS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
_BOLD, _DIM, _BLUE, _RESET = "\033[1m", "\033[2m", "\033[34m", "\033[0m"
#: Columns of a source line shown left of the caret, and in all: a minified line must not flood the terminal.
_LEFT, _WIDTH = 80, 160


def plural(n: int, word: str) -> str:
    """``1 error``, ``2 errors``: the count with its noun in the right number."""
    return f"{n} {word}{'' if n == 1 else 's'}"


def suppression_note(finding: Finding) -> str:
    """``suppressed by waiver:x until 2026-12-31: reason`` for a suppressed finding."""
    s = finding.suppression
    if s is None:
        return ""
    until = f" until {s.expires.isoformat()}" if s.expires else ""
    return f"suppressed by {s.by}{until}: {s.reason}"


def summary_line(result: Result) -> str:
    """``3 files, 12 documents checked: 1 error, 2 warnings, 0 info, 1 suppressed.``"""
    s = result.summary
    # "info" is a mass noun here, as in "2 info": it takes no plural s.
    counts = f"{plural(s.error, 'error')}, {plural(s.warning, 'warning')}, {s.info} info"
    if s.suppressed:
        counts += f", {s.suppressed} suppressed"
    return f"{plural(s.files, 'file')}, {plural(s.documents, 'document')} checked: {counts}."


def fix_lines(result: Result) -> list[str]:
    """What ``--fix`` did or could do, as Ruff says it: ``3 fixable with --fix (1 more with --unsafe-fixes).``"""
    safe, unsafe = result.fixable()
    lines = []
    fixed, unsafe_run = result.fixed, result.options.unsafe_fixes
    if fixed is not None:
        if fixed:
            lines.append(f"Fixed {plural(fixed, 'finding')}.")
        left = safe + unsafe if unsafe_run else safe
        if left:
            lines.append(f"{left} {'fix' if left == 1 else 'fixes'} could not be applied; see the findings above.")
        if unsafe and not unsafe_run:
            lines.append(f"{unsafe} more fixable with --unsafe-fixes.")
    elif safe:
        lines.append(f"{safe} fixable with --fix" + (f" ({unsafe} more with --unsafe-fixes)." if unsafe else "."))
    elif unsafe:
        lines.append(f"{unsafe} fixable with --unsafe-fixes.")
    return lines


def _width(text: str) -> int:
    """Terminal columns of ``text``: East Asian wide characters take two, combining marks none."""
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _clip(line: str, column: int) -> tuple[str, int]:
    """(the line as shown, escaped and cut to a window around the column; the caret's offset in columns)."""
    left = one_line(line[: max(column - 1, 0)])
    right = one_line(line[max(column - 1, 0) :]).rstrip()
    if len(left) > _LEFT:
        left = "…" + left[-(_LEFT - 1) :]
    if len(left) + len(right) > _WIDTH:
        right = right[: max(_WIDTH - len(left) - 1, 1)] + "…"
    return left + right, _width(left)


def _frame(f: Finding, ctx: RenderContext) -> list[str]:
    """The code frame of ``--show-source``: source line and caret, then fix and notes, each ``= ``-led."""
    gutter = " " * len(str(f.line))

    def paint(text: str, color: str) -> str:
        return f"{color}{text}{_RESET}" if ctx.color else text

    bar, equals = paint("|", _BLUE), paint("=", _BLUE)
    lines = []
    source = ctx.source_lines.get((f.path, f.line))
    if source is not None:
        shown, caret = _clip(source, f.column)
        mark = paint("^", _BOLD + _COLORS[f.severity]) if f.suppression is None else "^"
        lines += [
            f"{gutter} {bar}",
            f"{paint(str(f.line), _BLUE)} {bar} {shown}".rstrip(),
            f"{gutter} {bar} {' ' * caret}{mark}",
        ]
    if f.hint and f.suppression is None:
        lines.append(f"{gutter} {equals} fix: {one_line(f.hint)}")
    if f.fix is not None and f.suppression is None:
        flag = "--fix" if f.fix.safety == "safe" else "--fix --unsafe-fixes"
        lines.append(f"{gutter} {equals} {flag}: {one_line(f.fix.summary)}")
    lines += [
        f"{gutter} {equals} note: {one_line(rel.path)}:{rel.line}:{rel.column}: {one_line(rel.message)}"
        for rel in f.related
    ]
    return lines


def _statistics(result: Result) -> list[str]:
    """One line per rule with findings: count (suppressed ones apart), id, name; most frequent first."""
    counts: dict[str, list[int]] = {}
    names: dict[str, str] = {}
    for f in result.findings:
        counts.setdefault(f.rule_id, [0, 0])[0 if f.active else 1] += 1
        names[f.rule_id] = f.rule_name
    if not counts:
        return []
    rows = sorted(counts.items(), key=lambda item: (-item[1][0], item[0]))
    wide = max(len(str(active)) for active, _ in counts.values())
    ids = max(len(one_line(rule_id)) for rule_id in counts)
    return [
        f"{active:>{wide}}  {one_line(rule_id):<{ids}}  {one_line(names[rule_id])}"
        + (f" ({suppressed} suppressed)" if suppressed else "")
        for rule_id, (active, suppressed) in rows
    ]


def render(result: Result, ctx: RenderContext) -> str:
    lines = []
    if result.options.statistics:
        lines += _statistics(result)
    for f in [] if result.options.statistics else result.findings:
        severity = f.severity.label
        # Escaped field by field, before the colours: those are the only escape sequences we write.
        location = f"{one_line(f.path)}:{f.line}:{f.column}:"
        what = f"{one_line(f.qualified_id)} {one_line(f.message)}"
        text = f"{location} {severity} {what}"
        if f.suppression is not None:
            text += f" [{one_line(suppression_note(f))}]"
            lines.append(f"{_DIM}{text}{_RESET}" if ctx.color else text)
        elif ctx.color:
            lines.append(f"{_BOLD}{location}{_RESET} {_COLORS[f.severity]}{severity}{_RESET} {what}")
        else:
            lines.append(text)
        if result.options.show_source:
            lines += [*_frame(f, ctx), ""]
            continue
        for rel in f.related:
            note = f"    {one_line(rel.path)}:{rel.line}:{rel.column}: note: {one_line(rel.message)}"
            lines.append(f"{_DIM}{note}{_RESET}" if ctx.color else note)
    # What fixing did or could do comes before the summary, which stays the last line (CI log parsers read it).
    if not result.options.statistics:
        lines += fix_lines(result)
    lines.append(summary_line(result))
    if result.baseline is not None and result.baseline_gone:
        gone = len(result.baseline_gone)
        lines.append(
            f"{plural(gone, 'baselined finding')} no longer {'occurs' if gone == 1 else 'occur'}; shrink "
            f"{one_line(result.baseline.path)} with 'itsmlint baseline write'."
        )
    return "\n".join(lines) + "\n"
