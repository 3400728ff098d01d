"""One finding a line (``path:line:col: severity RULE message``), then a summary."""

from __future__ import annotations

from typing import TYPE_CHECKING

from itsmlint.finding import Severity

if TYPE_CHECKING:
    from itsmlint.engine import Result
    from itsmlint.reporters import RenderContext

_COLORS = {Severity.ERROR: "\033[31m", Severity.WARNING: "\033[33m", Severity.INFO: "\033[36m"}
_BOLD, _DIM, _RESET = "\033[1m", "\033[2m", "\033[0m"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def render(result: Result, ctx: RenderContext) -> str:
    lines = []
    for f in result.findings:
        severity = f.severity.label
        if f.suppressed_by is not None:
            severity = f"{severity} (suppressed by {f.suppressed_by})"
        location = f"{f.path}:{f.line}:{f.column}:"
        if ctx.color:
            location = f"{_BOLD}{location}{_RESET}"
            severity = f"{_COLORS[f.severity]}{severity}{_RESET}"
        lines.append(f"{location} {severity} {f.qualified_id} {f.message}")
        for rel in f.related:
            note = f"    {rel.path}:{rel.line}:{rel.column}: note: {rel.message}"
            lines.append(f"{_DIM}{note}{_RESET}" if ctx.color else note)
    s = result.summary
    counts = f"{_plural(s.error, 'error')}, {_plural(s.warning, 'warning')}, {s.info} info"
    if s.suppressed:
        counts += f", {s.suppressed} suppressed"
    lines.append(f"{_plural(s.files, 'file')}, {_plural(s.documents, 'document')} checked: {counts}.")
    return "\n".join(lines) + "\n"
