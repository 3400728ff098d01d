"""Suppressions: waivers, inline comments and the baseline.

Rules report everything; this step decides what counts. A finding that a
waiver, an inline comment or the baseline covers is kept, marked with who
suppressed it and why, and no longer counts towards the exit code. The
suppressions are themselves checked, because a suppression that silently
fails, or silently hides more than it should, is the complaint users have of
every other linter:

* GOV004: a waiver that has expired suppresses nothing and is an error; a
  valid waiver that matches no finding is a warning;
* GOV005: an inline suppression without a reason suppresses nothing;
* GOV006: an inline suppression that matches no finding, names an unknown
  rule, or cannot be read.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from itsmlint.directory import Directory
from itsmlint.files import DEFAULT_MAX_FILE_SIZE
from itsmlint.finding import Finding, Pointer, Problem, Suppression, fingerprint, render_pointer
from itsmlint.ids import NO_REASON, SUPPRESSION, WAIVER
from itsmlint.loader import Comment
from itsmlint.model import Corpus, Document
from itsmlint.options import Options
from itsmlint.reading import TooLarge, read_bounded, why
from itsmlint.waivers import MIN_REASON, Terms, covers, read_terms

BASELINE_VERSION = 1
#: Findings about suppressions themselves, which no suppression may hide.
ABOUT_SUPPRESSIONS = frozenset({WAIVER, NO_REASON, SUPPRESSION})


@dataclass(frozen=True, slots=True)
class Directive:
    """One ``# itsmlint: ignore[RULE,...] reason`` comment (or ``ignore-file``), as read from a :class:`Comment`.

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
# doing nothing. Any other comment that mentions itsmlint is no directive.
_DIRECTIVE = re.compile(r"#\s*itsmlint\s*(?::|(?=\s+ignore))(?P<body>.*)")
_NEXT_COMMENT = re.compile(r"(?:^|\s)#\s")
_BODY = re.compile(r"^\s*(?P<kind>ignore-file|ignore)\s*\[(?P<rules>[^\]]*)\]\s*(?P<reason>.*?)\s*$")


def directive(comment: Comment) -> Directive | None:
    """What a ``# itsmlint`` comment asks for, or None when it is no directive."""
    m = _DIRECTIVE.match(comment.text)
    if m is None:
        return None
    raw = comment.text.strip()
    body = _BODY.match(m.group("body"))
    if body is None:
        return Directive(comment.path, comment.line, comment.column, "", (), "", comment.own_line, raw)
    rules = tuple(r.strip() for r in body.group("rules").split(",") if r.strip())
    # "# itsmlint: ignore[X] reason  # another comment": the reason stops at
    # the next " # "; "ticket #123" keeps its hash.
    reason = _NEXT_COMMENT.split(body.group("reason"), maxsplit=1)[0].strip()
    return Directive(
        comment.path,
        comment.line,
        comment.column,
        body.group("kind"),
        rules,
        reason,
        comment.own_line,
        raw.split(" # ", 1)[0].rstrip() if reason else raw,
    )


@dataclass(slots=True)
class Decision:
    """Suppressions by fingerprint, and the findings about suppressions."""

    suppressions: dict[str, Suppression] = field(default_factory=dict)
    extra: list[Problem] = field(default_factory=list)


def _ids(names: Iterable[str], rules: Mapping[str, str]) -> tuple[list[str], list[str]]:
    """Rule names from a comment as catalog ids, and the names that match no rule."""
    known: list[str] = []
    unknown: list[str] = []
    for name in names:
        rule = rules.get(name.upper(), rules.get(name))
        if rule:
            known.append(rule)
        else:
            unknown.append(name)
    return known, unknown


def apply_suppressions(
    findings: Sequence[Finding],
    corpus: Corpus,
    comments: Sequence[Comment],
    rules: Mapping[str, str],
    active: frozenset[str],
    directory: Directory,
    options: Options,
    max_waiver_days: int,
) -> Decision:
    """Decide which findings waivers and inline comments suppress (none with ``--no-suppressions``)."""
    today = options.today
    directives = [d for d in map(directive, comments) if d is not None]
    decision = Decision()
    waivers = [read_terms(w, corpus, rules, directory, max_waiver_days) for w in corpus.of_kind("Waiver")]
    for w in waivers:
        if w.expired(today):
            decision.extra.append(
                _on(
                    w.waiver,
                    WAIVER,
                    "expired",
                    ("spec", "expires"),
                    f"waiver {w.waiver.name} expired on {w.expires}; it no longer suppresses "
                    f"{w.rule_id or 'anything'} on {w.target.ref if w.target else 'its target'}",
                )
            )
    if not options.suppressions:
        return decision
    used: set[str] = set()
    for finding in findings:
        if not finding.active or finding.rule_id in ABOUT_SUPPRESSIONS:
            continue  # suppressions do not suppress findings about suppressions
        waiver = next(
            (w for w in waivers if w.applies(today) and covers(w, finding.rule_id, finding.document, finding.pointer)),
            None,
        )
        if waiver is not None:
            used.add(waiver.waiver.ref)
            decision.suppressions[finding.fingerprint] = _waived(waiver)
    for w in waivers:
        # A waiver for a rule that did not run this time (--select, off in config) is not unused,
        # nor one whose target does not resolve (REF001 reports that).
        if w.applies(today) and w.waiver.ref not in used and w.rule_id in active and w.target is not None:
            decision.extra.append(
                _on(
                    w.waiver,
                    WAIVER,
                    "unused",
                    ("spec", "rule"),
                    f"waiver {w.waiver.name} matches no {w.rule_id} finding on "
                    f"{w.target.ref if w.target else 'its target'}; delete it",
                )
            )
    _inline(findings, directives, rules, active, decision, corpus)
    return decision


def _on(doc: Document, rule_id: str, sub: str, pointer: Pointer, message: str) -> Problem:
    line, column = doc.locate(pointer)
    return Problem(rule_id, doc.path, line, column, message, pointer, doc.ref, doc.index, sub)


def _waived(w: Terms) -> Suppression:
    line = w.waiver.locate(())[0]
    approver = w.waiver.spec.get("approvedBy")
    return Suppression(
        "waiver",
        f"waiver:{w.waiver.name}",
        str(w.waiver.spec.get("reason", "")).strip(),
        f"{w.waiver.path}:{line}",
        w.expires,
        approver if isinstance(approver, str) else None,
    )


def _inline(
    findings: Sequence[Finding],
    directives: Sequence[Directive],
    rules: Mapping[str, str],
    active: frozenset[str],
    decision: Decision,
    corpus: Corpus,
) -> None:
    documents: dict[str, list[Document]] = {}
    for doc in corpus:
        documents.setdefault(doc.path, []).append(doc)

    def extra(rule_id: str, sub: str | None, message: str, d: Directive) -> Problem:
        # A comment belongs to the document whose lines hold it, if any.
        owner = next(
            (doc for doc in documents.get(d.path, ()) if doc.locator.lines[0] <= d.line <= doc.locator.lines[1]), None
        )
        return Problem(
            rule_id,
            d.path,
            d.line,
            d.column,
            message,
            (),
            owner.ref if owner else None,
            owner.index if owner else None,
            sub,
        )

    usable: dict[Directive, list[str]] = {}
    for directive in directives:
        if not directive.kind:
            decision.extra.append(
                extra(
                    SUPPRESSION,
                    "unreadable",
                    f"cannot read {directive.text!r}; write "
                    "'# itsmlint: ignore[RULE] reason' or '# itsmlint: ignore-file[RULE] reason'",
                    directive,
                )
            )
            continue
        ids, unknown = _ids(directive.rules, rules)
        for name in unknown:
            decision.extra.append(
                extra(SUPPRESSION, "unknown-rule", f"{directive.text!r} names {name!r}, which is no rule", directive)
            )
        if not directive.rules:
            decision.extra.append(
                extra(
                    SUPPRESSION,
                    "unknown-rule",
                    f"{directive.text!r} names no rule; list the rules it suppresses",
                    directive,
                )
            )
        if len(directive.reason) < MIN_REASON:
            decision.extra.append(
                extra(
                    NO_REASON,
                    None,
                    f"{directive.text!r} gives no reason (at least {MIN_REASON} "
                    "characters), so it suppresses nothing; say why the finding is accepted",
                    directive,
                )
            )
        else:
            usable[directive] = ids
    by_file: dict[str, list[Directive]] = {}
    for directive in usable:
        by_file.setdefault(directive.path, []).append(directive)
    used: set[tuple[Directive, str]] = set()
    redundant: dict[tuple[Directive, str], str] = {}
    for finding in findings:
        if finding.rule_id in ABOUT_SUPPRESSIONS:
            continue
        for directive in by_file.get(finding.path, ()):
            here = (
                directive.kind == "ignore-file"
                or directive.line == finding.line
                or (directive.own_line and directive.line == finding.line - 1)
            )
            if not here or finding.rule_id not in usable[directive]:
                continue
            waived = decision.suppressions.get(finding.fingerprint)
            if not finding.active or waived is not None:
                redundant.setdefault((directive, finding.rule_id), (waived or finding.suppression).by)  # type: ignore[union-attr]
                continue
            used.add((directive, finding.rule_id))
            decision.suppressions[finding.fingerprint] = Suppression(
                "inline", "inline", directive.reason, f"{directive.path}:{directive.line}"
            )
            break
    for directive, ids in usable.items():
        idle = [i for i in dict.fromkeys(ids) if i in active and (directive, i) not in used]
        if not idle:
            continue
        already = [redundant[(directive, i)] for i in idle if (directive, i) in redundant]
        if already:
            message = f"{directive.text!r} suppresses nothing: the finding is already suppressed by {already[0]}"
        else:
            where = (
                "in this file"
                if directive.kind == "ignore-file"
                else ("on this line or the next" if directive.own_line else "on this line")
            )
            message = (
                f"{directive.text!r} suppresses nothing: no {', '.join(idle)} finding {where}; "
                "delete it, or move it to the finding's line"
            )
        decision.extra.append(extra(SUPPRESSION, "unused", message, directive))


# --------------------------------------------------------------------------
# The baseline
# --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Baseline:
    """Fingerprints of the findings a repository had when it adopted itsmlint."""

    path: str
    entries: Mapping[str, Mapping[str, Any]]


class BaselineError(Exception):
    """A baseline file that cannot be used."""


def read_baseline(path: Path, display: str, max_size: int = DEFAULT_MAX_FILE_SIZE) -> Baseline:
    """The baseline file, read like a document: a regular file of at most ``max_size`` (max_file_size) bytes.

    A pipe is never waited on, and a baseline larger than the bound says how
    to raise it (a baseline grows with the findings a repository had).
    """
    try:
        raw = read_bounded(path, max_size)
    except OSError as exc:
        hint = "; raise max_file_size in the configuration" if isinstance(exc, TooLarge) else ""
        raise BaselineError(f"{display}: cannot read the baseline: {why(path, exc)}{hint}") from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except ValueError as exc:  # UnicodeDecodeError is one too
        raise BaselineError(f"{display}: not a baseline file: {exc}") from None
    if (
        not isinstance(data, dict)
        or data.get("version") != BASELINE_VERSION
        or not isinstance(data.get("findings"), list)
    ):
        raise BaselineError(f"{display}: not an itsmlint baseline (version {BASELINE_VERSION})")
    entries = {e["fingerprint"]: e for e in data["findings"] if isinstance(e, dict) and "fingerprint" in e}
    return Baseline(display, entries)


def render_baseline(findings: Sequence[Finding], version: str) -> str:
    """The baseline file for the active findings, sorted for readable diffs, with no dates."""
    entries = sorted(
        (
            {
                "fingerprint": f.fingerprint,
                "rule": f.qualified_id,
                "document": f.document,
                "pointer": render_pointer(f.pointer),
                "path": f.path,
                "message": f.message,
            }
            for f in findings
            if f.active
        ),
        key=lambda e: (e["path"], e["document"] or "", e["rule"], e["pointer"], e["fingerprint"]),
    )
    body = {"version": BASELINE_VERSION, "tool": f"itsmlint {version}", "findings": entries}
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"


def apply_baseline(
    findings: Sequence[Finding], baseline: Baseline
) -> tuple[dict[str, Suppression], list[Mapping[str, Any]]]:
    """Suppress the baselined findings; list the baselined ones that are gone.

    A baseline written before list items were named by their ids in
    fingerprints still matches: each finding's earlier fingerprint (its list
    indexes as they are) is tried too, until the next ``baseline write``.
    """
    earlier = _index_fingerprints(findings)
    matched: set[str] = set()
    suppressions = {}
    for f, old in zip(findings, earlier, strict=True):
        found = f.fingerprint if f.fingerprint in baseline.entries else old if old in baseline.entries else None
        if found is None:
            continue
        matched.add(found)
        if f.active:
            suppressions[f.fingerprint] = Suppression(
                "baseline", "baseline", f"recorded in {baseline.path}", baseline.path
            )
    gone = [baseline.entries[fp] for fp in sorted(baseline.entries) if fp not in matched]
    return suppressions, gone


def _index_fingerprints(findings: Sequence[Finding]) -> list[str]:
    """The fingerprints of itsmlint 0.1, which named list items by index, for findings in report order."""
    seen: dict[tuple[str, str, str, str], int] = {}
    out = []
    for f in findings:
        where = f.document if f.document is not None else f"file:{f.path}\x1f{f.message}"
        key = (f.rule_id, f.sub or "", where, render_pointer(f.pointer))
        occurrence = seen.get(key, 0)
        seen[key] = occurrence + 1
        out.append(fingerprint(f.rule_id, f.sub, f.path, f.document, f.pointer, occurrence, f.message))
    return out
