"""GitHub Actions workflow commands: one annotation per finding.

Errors and warnings become ``::error`` and ``::warning`` annotations on the
file and line; info and suppressed findings become ``::notice``, so a
waived finding is visible in the log without failing anyone's review.

The runner reads every line of the log that starts with ``::`` as a command,
so the repository's text (path, message, hint, suppression note) first goes
through :func:`~itsmlint.render.one_line`: it cannot start a line nor carry
ESC to the log viewer. GitHub's own escaping comes on top, so what the
annotation shows is that text, and ``%0A`` breaks only the lines we mean.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from itsmlint.finding import Severity
from itsmlint.render import one_line
from itsmlint.reporters.text import summary_line, suppression_note

if TYPE_CHECKING:
    from itsmlint.engine import Result
    from itsmlint.reporters import RenderContext

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _data(text: str) -> str:
    """Escape a message for a workflow command, as the runner's toolkit does: ``%`` first, then CR and LF."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    """Escape a property value (file, title) for a workflow command."""
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def render(result: Result, ctx: RenderContext) -> str:
    lines = []
    for f in result.findings:
        command = COMMANDS[f.severity] if f.suppression is None else "notice"
        title = one_line(f"{f.qualified_id} {f.rule_name}")
        message = one_line(f.message) + (f" [{one_line(suppression_note(f))}]" if f.suppression is not None else "")
        if f.hint and f.suppression is None:
            message += f"\nFix: {one_line(f.hint)}"  # our line break: the annotation shows the fix below
        lines.append(
            f"::{command} file={_property(one_line(f.path))},line={f.line},col={f.column},"
            f"title={_property(title)}::{_data(message)}"
        )
    lines.append(f"itsmlint: {summary_line(result)}")
    return "\n".join(lines) + "\n"
