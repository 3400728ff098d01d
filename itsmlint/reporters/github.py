"""GitHub Actions workflow commands: one annotation per finding.

Errors and warnings become ``::error`` and ``::warning`` annotations on the
file and line; info and suppressed findings become ``::notice``, so a
waived finding is visible in the log without failing anyone's review.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from itsmlint.finding import Severity
from itsmlint.reporters.text import summary_line, suppression_note

if TYPE_CHECKING:
    from itsmlint.engine import Result
    from itsmlint.reporters import RenderContext

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _data(text: str) -> str:
    """Escape a message for a workflow command."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    """Escape a property value (file, title) for a workflow command."""
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(result: Result, ctx: RenderContext) -> str:
    lines = []
    for f in result.findings:
        command = COMMANDS[f.severity] if f.suppression is None else "notice"
        title = f"{f.qualified_id} {f.rule_name}"
        message = f.message + (f" [{suppression_note(f)}]" if f.suppression is not None else "")
        if f.hint and f.suppression is None:
            message += f"\nFix: {f.hint}"
        lines.append(f"::{command} file={_property(f.path)},line={f.line},col={f.column},"
                     f"title={_property(title)}::{_data(message)}")
    lines.append(f"itsmlint: {summary_line(result)}")
    return "\n".join(lines) + "\n"
