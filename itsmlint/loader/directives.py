"""``# itsmlint: ignore[...]`` comments: found in a file's text, told apart from text inside values."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from itsmlint.loader.compose import scan_scalar_spans


@dataclass(frozen=True, slots=True)
class Directive:
    """One ``# itsmlint: ignore[RULE,...] reason`` comment (or ``ignore-file``).

    ``kind`` is empty when the comment names itsmlint but cannot be read, so
    that a typo is reported instead of silently suppressing nothing.
    """

    path: str
    line: int
    column: int
    kind: str
    rules: tuple[str, ...]
    reason: str
    own_line: bool
    text: str


# "# itsmlint: ..." and, forgetting the colon, "# itsmlint ignore[...]": both
# are read, so that a near miss works (or is reported) instead of silently
# doing nothing.
#: What every directive contains, found at C speed; the full pattern below is slow
#: to search for (its look-behind is tried at every character).
MARK = re.compile(r"#\s*itsmlint")
_DIRECTIVE = re.compile(r"(?:^|(?<=\s))#\s*itsmlint\s*(?::|(?=\s+ignore))(?P<body>[^\n]*)", re.MULTILINE)
_NEXT_COMMENT = re.compile(r"(?:^|\s)#\s")
_BODY = re.compile(r"^\s*(?P<kind>ignore-file|ignore)\s*\[(?P<rules>[^\]]*)\]\s*(?P<reason>.*?)\s*$")


def directives(text: str, path: str, spans: list[tuple[int, int]] | None = None) -> list[Directive]:
    """Every ``# itsmlint:`` comment of a file, with its position.

    A ``#`` inside a quoted or block scalar is text, not a comment: the
    spans of the scalars come from libyaml's scanner, so only real comments
    count. If the file does not scan, no directive is read from it. A file
    of another format passes the spans of its values itself (``[]`` when no
    value can hold a comment mark, as in a CODEOWNERS file).
    """
    if spans is None:
        spans = scan_scalar_spans(text)
    if spans is None:
        return []
    starts = [s for s, _ in spans]
    found = []
    for m in _DIRECTIVE.finditer(text):
        at = m.start()
        i = bisect.bisect_right(starts, at) - 1
        if i >= 0 and spans[i][0] <= at < spans[i][1]:
            continue  # part of a value, not a comment
        line_start = text.rfind("\n", 0, at) + 1
        line = text.count("\n", 0, at) + 1
        body = _BODY.match(m.group("body"))
        own_line = not text[line_start:at].strip()
        raw = m.group(0).strip()
        if body is None:
            found.append(Directive(path, line, at - line_start + 1, "", (), "", own_line, raw))
            continue
        rules = tuple(r.strip() for r in body.group("rules").split(",") if r.strip())
        # "# itsmlint: ignore[X] reason  # another comment": the reason stops at
        # the next " # "; "ticket #123" keeps its hash.
        reason = _NEXT_COMMENT.split(body.group("reason"), maxsplit=1)[0].strip()
        found.append(Directive(path, line, at - line_start + 1, body.group("kind"), rules, reason, own_line,
                               raw.split(" # ", 1)[0].rstrip() if reason else raw))
    return found
