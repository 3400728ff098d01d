"""Regular expressions that a repository supplies, run in time linear in the text they read.

Two kinds come from the linted repository: the ``match`` and ``notMatch``
options of the ``pattern`` function in rule files (also inside ``when`` and
``where`` conditions), and the configuration's ``exclude`` globs, which
:func:`itsmlint.files.compile_globs` turns into one expression. Python's
``re`` backtracks: ``^([a-zA-Z]+ ?)+$`` takes minutes on a 37-character
value, and a glob of twenty stars as long on a long file name, so one line
of a pull request could hang every CI run. Both run on RE2 instead.

Why RE2 (the ``google-re2`` package) and not the ``regex`` module with a timeout:

* RE2 never backtracks: a match costs time linear in the text, for any
  pattern, so the bound holds by construction, with no budget to tune;
* a timeout depends on the machine and its load, so whether a finding
  appears would too, and the same input would no longer give the same
  output on every runner; a timeout per call also adds up (a second on each
  of 10,000 documents is still a hung job);
* ``google-re2`` publishes wheels for CPython 3.10 to 3.13 on Linux (glibc,
  x86-64 and aarch64), macOS (x86-64 and arm64; macOS 13 for the newest
  release, 11 and 12 for earlier ones) and Windows, and needs nothing else;
  there is none for musl, where Alpine would have to build it from source.

The price is RE2's syntax: no look-around, no backreferences, ``\\z``
rather than ``\\Z``, and ``\\w``, ``\\d``, ``\\s`` and ``\\b`` match ASCII only
(``\\pL`` is a letter in any script). A pattern that RE2 cannot compile is a
configuration error when its rule file is loaded, naming file, line and
column, rather than a fallback to a backtracking engine. The schemas'
own patterns are itsmlint's, and stay on ``re``.

RE2 is imported on first use, so only a run that has such patterns pays
for loading it.
"""

from __future__ import annotations

import functools
from typing import Any, Protocol


class Matcher(Protocol):
    """A compiled pattern: what itsmlint calls on one, whichever engine compiled it."""

    def search(self, text: str) -> Any: ...

    def match(self, text: str) -> Any: ...


class PatternError(ValueError):
    """A pattern that RE2 cannot compile; the message says why in a few words."""


#: What RE2's complaint means, for the constructs that Python's re has and RE2 lacks on purpose.
_UNSUPPORTED = (
    ("invalid perl operator: (?=", "look-ahead"),
    ("invalid perl operator: (?!", "look-ahead"),
    ("invalid perl operator: (?<=", "look-behind"),
    ("invalid perl operator: (?<!", "look-behind"),
    ("invalid perl operator: (?P=", "a backreference"),
    ("invalid perl operator: (?>", "an atomic group"),
    ("invalid escape sequence: \\Z", "\\Z (write \\z for the end of the text)"),
    ("invalid repetition size", "a repetition count over 1000"),
    ("pattern too large", "more states than RE2's memory bound allows"),
    ("bad repetition operator: *+", "a possessive quantifier"),
    ("bad repetition operator: ++", "a possessive quantifier"),
    ("bad repetition operator: ?+", "a possessive quantifier"),
)


@functools.lru_cache(maxsize=256)
def compile_linear(pattern: str) -> Matcher:
    """The pattern compiled by RE2; :class:`PatternError` when RE2 cannot run it."""
    import re2  # here: most runs have no pattern, and loading RE2 is not free

    options = re2.Options()
    options.log_errors = False  # RE2 would print its own complaint on standard error
    try:
        compiled: Matcher = re2.compile(pattern, options)
    except re2.error as exc:
        raise PatternError(_explain(pattern, exc)) from None
    except UnicodeEncodeError:  # a lone surrogate: RE2 reads UTF-8 (YAML never gives one, Python text may)
        raise PatternError(f"{pattern!r} is not valid Unicode text") from None
    return compiled


def _explain(pattern: str, exc: Exception) -> str:
    raw = exc.args[0] if exc.args else exc
    detail = raw.decode("utf-8", errors="replace") if isinstance(raw, bytes) else str(raw)
    if detail.startswith("invalid escape sequence: \\") and detail[-1:].isdigit():
        return _unsupported(pattern, "a backreference")
    for prefix, what in _UNSUPPORTED:
        if detail.startswith(prefix):
            return _unsupported(pattern, what)
    return f"{pattern!r} is not a regular expression: {detail}"


def _unsupported(pattern: str, what: str) -> str:
    return (
        f"{pattern!r} uses {what}, which RE2 lacks; itsmlint runs patterns with RE2 so that no pattern "
        "can take more than linear time"
    )
