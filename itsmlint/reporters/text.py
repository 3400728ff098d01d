"""One finding a line (``path:line:col: severity RULE message``), then a summary.

Suppressed findings stay in the list, marked with who suppressed them and
why, so nothing is hidden; they do not count in the summary or the exit code.

Paths, messages and suppression notes hold the repository's own text: each
goes through :func:`~itsmlint.render.one_line`, so it can neither start a
line that passes for ours nor send the terminal an escape sequence.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from itsmlint.finding import Finding, Severity
from itsmlint.render import one_line

if TYPE_CHECKING:
    from itsmlint.engine import Result
    from itsmlint.reporters import RenderContext

_COLORS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"


def _plural(n: int, word: str) -> str:
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
    counts = f"{_plural(s.error, 'error')}, {_plural(s.warning, 'warning')}, {s.info} info"
    if s.suppressed:
        counts += f", {s.suppressed} suppressed"
    return f"{_plural(s.files, 'file')}, {_plural(s.documents, 'document')} checked: {counts}."


def render(result: Result, ctx: RenderContext) -> str:
    lines = []
    for f in result.findings:
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
        for rel in f.related:
            note = f"    {one_line(rel.path)}:{rel.line}:{rel.column}: note: {one_line(rel.message)}"
            lines.append(f"{_DIM}{note}{_RESET}" if ctx.color else note)
    lines.append(summary_line(result))
    if result.baseline is not None and result.baseline_gone:
        lines.append(f"{_plural(len(result.baseline_gone), 'baselined finding')} no longer occur; shrink "
                     f"{one_line(result.baseline.path)} with 'itsmlint baseline write'.")
    return "\n".join(lines) + "\n"
