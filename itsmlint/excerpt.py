"""The source lines that ``check --show-source`` shows under its findings.

The CLI reads them before rendering, so reporters stay pure functions of
the result. Only the files the findings name are opened (the files the run
linted), each once, through :func:`~itsmlint.reading.read_bounded`: a
regular file of at most ``max_size`` bytes, never a pipe that would block.
A file that cannot be read, or has changed so that the line is gone, shows
no frame; the finding itself is unchanged. The lines are returned raw: the
text reporter escapes their control characters like every other text of the
repository's (:func:`~itsmlint.render.one_line`).
"""

from __future__ import annotations

from collections.abc import Iterable

from itsmlint.finding import Finding
from itsmlint.loader.compose import LINE_BREAK
from itsmlint.reading import read_bounded


def source_lines(findings: Iterable[Finding], max_size: int) -> dict[tuple[str, int], str]:
    """The text of each (path, line) a finding points at, as the loader counted lines."""
    wanted: dict[str, set[int]] = {}
    for f in findings:
        if f.line >= 1:
            wanted.setdefault(f.path, set()).add(f.line)
    out: dict[tuple[str, int], str] = {}
    for path, numbers in sorted(wanted.items()):
        try:
            data = read_bounded(path, max_size)
        except OSError:
            continue
        # As the loader decodes (a BOM is not part of line 1); a file that is
        # not UTF-8 still shows, with replacement characters.
        lines = LINE_BREAK.split(data.decode("utf-8-sig", errors="replace"))
        out.update(((path, n), lines[n - 1]) for n in numbers if n <= len(lines))
    return out
