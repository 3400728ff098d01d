"""Text the repository wrote, made safe to put on one line of a report.

Names, titles, values quoted in messages, file names, waiver reasons and the
messages of an organisation's own rules all come from the repository under
review, and a CI gate must not trust its authors. Written raw, a newline in
such text starts a line that the reader, or a log parser, takes for ours: a
forged GitHub workflow command (``::error file=…::``), a forged summary
line. A control character drives the reader's terminal (ESC[2J clears it,
OSC 52 writes the clipboard, OSC 8 hides a link) or makes a JUnit file
malformed XML.

So every reporter passes user text through :func:`one_line`, the one rule,
and adds its own format's escaping on top (workflow-command percent
encoding, XML entities, Markdown and HTML escapes). JSON needs no line rule
(``json.dumps`` escapes newlines and C0 controls); :func:`json_controls`
escapes what it leaves raw.
"""

from __future__ import annotations

import re

# What cannot appear raw on a line of a report:
# - C0 controls, DEL and C1 controls (Unicode category Cc): line feeds,
#   carriage returns, ESC, BEL, NUL; U+0085 (NEL) and U+009B (CSI) are C1.
# - U+2028 and U+2029, line and paragraph separators: editors, browsers and
#   Python's str.splitlines() break lines there.
# - The bidirectional embeddings, overrides and isolates (U+202A-U+202E,
#   U+2066-U+2069): they reorder what a reader sees ("Trojan Source"). The
#   marks U+200E/U+200F and joiners stay: right-to-left text and emoji need them.
# - U+FFFE and U+FFFF, which XML 1.0 forbids, and lone surrogates, which no
#   UTF-8 stream can carry (a file name that is not UTF-8 holds them).
# Every other character, accents, CJK and emoji included, is printable and stays.
_BEYOND_C0 = r"\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff\ud800-\udfff"
_UNSAFE = re.compile(rf"[\x00-\x1f{_BEYOND_C0}]")
# JSON escapes C0 itself, and writes line feeds of its own between values.
_JSON_RAW = re.compile(f"[{_BEYOND_C0}]")

# How they show: as Python's repr, Ruff and git show them, so a reader sees
# what is in the file: a line feed as the two characters backslash and n.
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _shown(match: re.Match[str]) -> str:
    char = match.group()
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def one_line(text: str) -> str:
    """``text`` with every line break and control character shown as an escape (``\\n``, ``\\x1b``, ``\\u2028``).

    The result cannot end the line it is written on, nor drive a terminal;
    ordinary text, non-ASCII letters and emoji included, is returned as it is.
    A backslash already in the text stays one backslash: escaping it would
    change every Windows path and pattern in a message, and the formats that
    must tell the two apart (JSON, SARIF) carry the exact text.
    """
    if _UNSAFE.search(text) is None:  # the common case: nothing to do, no copy
        return text
    return _UNSAFE.sub(_shown, text)


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def json_controls(dumped: str) -> str:
    """JSON from ``json.dumps(..., ensure_ascii=False)`` with the unsafe characters it leaves raw as ``\\uXXXX``.

    ``json.dumps`` escapes C0 controls but writes DEL, C1 controls (CSI among
    them), the line separators and the bidirectional controls raw, and those
    reach the terminal of whoever prints the report. The escapes decode to the
    same text, so a consumer reads exactly what the repository holds. Such
    characters appear only inside JSON strings, where a ``\\uXXXX`` escape is
    always valid, whatever precedes it.
    """
    if _JSON_RAW.search(dumped) is None:
        return dumped
    return _JSON_RAW.sub(_json_escape, dumped)
