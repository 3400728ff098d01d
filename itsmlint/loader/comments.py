"""The comments of a file that mention itsmlint, told apart from text inside values.

A ``#`` inside a quoted or block scalar is text, not a comment; only
libyaml's scanner knows where the scalars are, so finding the real comments
is the loader's job. What a comment asks for (``ignore[RULE] reason``) is
read where suppressions are decided (:mod:`itsmlint.decide`).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from itsmlint.loader.compose import scan_scalar_spans


@dataclass(frozen=True, slots=True)
class Comment:
    """A comment that starts with ``# itsmlint`` (in any spacing), from its ``#`` to the end of its line."""

    path: str
    line: int
    column: int
    text: str
    own_line: bool
    """Nothing but blank space comes before it on its line."""


#: What every such comment contains, found at C speed before the file is scanned.
MARK = re.compile(r"#\s*itsmlint")
# After blank space or at a line's start, so that "a#itsmlint" inside a plain value is not one.
_COMMENT = re.compile(r"(?:^|(?<=\s))#\s*itsmlint[^\n]*", re.MULTILINE)


def comments(text: str, path: str, spans: list[tuple[int, int]] | None = None) -> list[Comment]:
    """Every real ``# itsmlint`` comment of a file, with its position; none if the file does not scan.

    A file of another format passes the spans of its values itself (``[]``
    when no value can hold a comment mark, as in a CODEOWNERS file).
    """
    if spans is None:
        spans = scan_scalar_spans(text)
    if spans is None:
        return []
    starts = [s for s, _ in spans]
    found = []
    for m in _COMMENT.finditer(text):
        at = m.start()
        i = bisect.bisect_right(starts, at) - 1
        if i >= 0 and spans[i][0] <= at < spans[i][1]:
            continue  # part of a value, not a comment
        line_start = text.rfind("\n", 0, at) + 1
        found.append(
            Comment(path, text.count("\n", 0, at) + 1, at - line_start + 1, m.group(0), not text[line_start:at].strip())
        )
    return found
