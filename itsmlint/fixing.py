"""``check --fix`` and ``--diff``: apply the findings' fixes, lint again, repeat; then write, or show the diff.

The loop works on bytes in memory: each round takes the fixes of the active
findings that the run may apply (safe ones, and unsafe ones with
``--unsafe-fixes``), applies them file by file (:mod:`itsmlint.fixer`),
and lints the repository again with the new bytes in place of the files
(the loader's ``overlay``), since a fix can make or settle other findings.
It stops when a round changes nothing, or after :data:`ROUNDS` rounds.
Then ``--fix`` writes each changed file and ``--diff`` prints what would
change; neither touches a file that had nothing to fix.

A file is read for fixing once, bounded like any document, and must still
read as the documents the run linted; just before it is replaced it must
still hold those bytes. A file that changed in between is not written (one
error line; the change someone else made is kept, and so is nothing of ours).
A read-only file is not replaced either.
"""

from __future__ import annotations

import difflib
import os
import stat
from collections.abc import Callable, Container, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from itsmlint.engine import Result
from itsmlint.files import write_atomically
from itsmlint.finding import Finding
from itsmlint.fixer import Refused, Text, fix_bytes
from itsmlint.fixes import Fix, wanted
from itsmlint.reading import TooLarge, read_bounded, why
from itsmlint.render import one_line

#: Rounds of fixing and linting again; a fix that makes another fixable finding is applied in the next one.
ROUNDS = 10


@dataclass(slots=True)
class Outcome:
    """What the loop did: the last run's result, the new bytes of each changed file, what went wrong."""

    result: Result
    per_file: dict[str, int] = field(default_factory=dict)
    """Findings whose fix was applied, by the file the fix changed."""
    originals: dict[str, bytes] = field(default_factory=dict)
    texts: dict[str, bytes] = field(default_factory=dict)
    """The new bytes of each file a fix changed, by display path."""
    errors: list[str] = field(default_factory=list)

    @property
    def fixed(self) -> int:
        return sum(self.per_file.values())

    @property
    def changed(self) -> list[str]:
        return sorted(p for p, data in self.texts.items() if data != self.originals.get(p))


def _key(fix: Fix) -> tuple[object, ...]:
    return tuple((e.op, e.path, e.index, e.pointer, e.value) for e in fix.edits)


def applicable(
    findings: list[Finding], unsafe: bool, may_edit: Callable[[str], bool], rules: Container[str] | None = None
) -> list[Finding]:
    """The active findings whose fix this run applies, each fix on files the run may edit, in report order."""
    return [
        f
        for f in findings
        if f.active
        and wanted(f.fix, unsafe)
        and f.fix is not None
        and all(may_edit(e.path) for e in f.fix.edits)
        and (rules is None or f.rule_id in rules)
    ]


def run_fixes(
    first: Result,
    lint: Callable[[Mapping[str, bytes]], Result],
    *,
    unsafe: bool,
    max_size: int,
    may_edit: Callable[[str], bool],
    rules: Container[str] | None = None,
) -> Outcome:
    """Fix, lint again with the new bytes, and repeat while a round changes something.

    ``rules`` limits the fixes to those of some rules (a rule's fixture test applies its own alone).
    """
    outcome = Outcome(first)
    result = first
    broken: set[str] = set()
    for _ in range(ROUNDS):
        by_file: dict[str, dict[tuple[object, ...], tuple[Fix, int]]] = {}
        for finding in applicable(result.findings, unsafe, may_edit, rules):
            assert finding.fix is not None
            paths = {e.path for e in finding.fix.edits}
            if len(paths) != 1 or next(iter(paths)) in broken:
                continue  # a fix across files is not applied: the files could not be replaced together
            fixes = by_file.setdefault(next(iter(paths)), {})
            fix, count = fixes.get(_key(finding.fix), (finding.fix, 0))
            fixes[_key(finding.fix)] = (fix, count + 1)
        progress = False
        for path in sorted(by_file):
            current = outcome.texts.get(path)
            if current is None:
                current = _read(path, result, max_size, outcome.errors)
                if current is None:
                    broken.add(path)
                    continue
                outcome.originals[path] = current
            offered = list(by_file[path].values())
            new, taken = fix_bytes(current, [fix for fix, _ in offered], path)
            if taken and new != current:
                counts = {_key(fix): count for fix, count in offered}
                outcome.per_file[path] = outcome.per_file.get(path, 0) + sum(counts[_key(fix)] for fix in taken)
                outcome.texts[path] = new
                progress = True
        if not progress:
            break
        result = lint({p: outcome.texts[p] for p in outcome.changed})
    outcome.result = result
    return outcome


def _read(path: str, result: Result, max_size: int, errors: list[str]) -> bytes | None:
    """The file's bytes, if they still read as the documents the run linted."""
    try:
        data = read_bounded(path, max_size)
    except OSError as exc:
        errors.append(f"{path}: cannot read for fixing: {why(Path(path), exc)}")
        return None
    try:
        now = Text(data).data
    except Refused as exc:
        errors.append(f"{path}: not fixed: {exc}")
        return None
    linted = {d.index: d.data for d in result.corpus if d.path == path}
    if any(now.get(index) != value for index, value in linted.items()):
        errors.append(f"{path}: changed on disk since it was read; not fixed")
        return None
    return data


def write(outcome: Outcome) -> list[str]:
    """Write each changed file atomically; the paths written. A file changed since it was read is left alone."""
    written = []
    for path in outcome.changed:
        try:
            now = read_bounded(path, len(outcome.originals[path]))
        except TooLarge:
            now = None  # it grew: changed
        except OSError as exc:
            outcome.errors.append(f"{path}: cannot read before writing: {why(Path(path), exc)}; not written")
            continue
        if now != outcome.originals[path]:
            outcome.errors.append(f"{path}: changed on disk since it was read; not written, so no change is lost")
            continue
        mode = os.stat(path).st_mode
        if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(path, os.W_OK):
            # Root may write anything; the file's mode still says that nobody should.
            outcome.errors.append(f"{path}: read-only; not written")
            continue
        try:
            write_atomically(Path(path), outcome.texts[path])
        except OSError as exc:
            outcome.errors.append(f"{path}: cannot write: {exc.strerror or exc}")
            continue
        written.append(path)
    return written


def diff(outcome: Outcome) -> str:
    """A unified diff of every changed file, as ``git diff`` shows one (a/ and b/ prefixes).

    The lines are the repository's text: a control character in one is shown
    as an escape (:func:`~itsmlint.render.one_line`), so the diff cannot
    drive a terminal; ordinary lines are printed as they are.
    """
    out: list[str] = []
    for path in outcome.changed:
        before = _lines(outcome.originals[path])
        after = _lines(outcome.texts[path])
        shown = one_line(path)
        for line in difflib.unified_diff(before, after, f"a/{shown}", f"b/{shown}", lineterm=""):
            out.append(line)
    return "".join(f"{line}\n" for line in out)


def _lines(data: bytes) -> list[str]:
    # Split at line feeds only, as git does; a CRLF line's carriage return is dropped from the shown line.
    lines = data.decode("utf-8", errors="replace").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [one_line(line[:-1] if line.endswith("\r") else line) for line in lines]


def with_replacements(
    findings: list[Finding], max_size: int, overlay: Mapping[str, bytes] | None = None
) -> list[Finding]:
    """The findings with each active fix's text worked out (for SARIF's ``fixes`` and JSON's ``replacements``).

    Each file a fix edits is read once, bounded (or taken from ``overlay``);
    a fix that does not fit the file as it is now keeps its edits and gets no
    replacements.
    """
    texts: dict[str, Text | None] = {}

    def text_of(path: str) -> Text | None:
        if path not in texts:
            try:
                data = overlay[path] if overlay and path in overlay else read_bounded(path, max_size)
                texts[path] = Text(data)
            except (OSError, Refused):
                texts[path] = None
        return texts[path]

    out = []
    for finding in findings:
        fix = finding.fix
        if fix is not None and finding.active:
            try:
                found = []
                for path in sorted({e.path for e in fix.edits}):
                    text = text_of(path)
                    if text is None:
                        raise Refused("unreadable")
                    found += text.replacements(fix, path)
                finding = replace(
                    finding,
                    fix=replace(
                        fix,
                        replacements=tuple(
                            r for r in found if r.text or (r.line, r.column) != (r.end_line, r.end_column)
                        ),
                    ),
                )
            except Refused:
                pass
        out.append(finding)
    return out
