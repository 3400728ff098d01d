"""The records a run produces: what a rule reports (:class:`Hit`), what itsmlint reports itself
(:class:`Problem`), and what every reporter shows (:class:`Finding`)."""

from __future__ import annotations

import datetime as dt
import enum
import functools
import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from itsmlint.fixes import Fix
    from itsmlint.model import Document

PointerPart = str | int
Pointer = tuple[PointerPart, ...]


class Severity(enum.IntEnum):
    """How bad a finding is; the order is the order of ``--fail-on``."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        return cls[text.upper()]


@functools.lru_cache(maxsize=1 << 16)
def render_pointer(pointer: Pointer) -> str:
    """Render a pointer as an RFC 6901 JSON pointer."""
    if not pointer:
        return ""
    parts = (str(p).replace("~", "~0").replace("/", "~1") for p in pointer)
    return "/" + "/".join(parts)


@dataclass(frozen=True, slots=True)
class Related:
    """A second place that explains a finding (the other end of a reference)."""

    path: str
    line: int
    column: int
    message: str


@dataclass(frozen=True, slots=True)
class Problem:
    """Something found outside a rule's check, already placed: by the loader (a YAML error, a broken envelope)
    or by the suppression step (an expired waiver, a comment without a reason)."""

    rule_id: str
    path: str
    line: int
    column: int
    message: str
    pointer: Pointer = ()
    document: str | None = None
    """The reference of the document it is about, if any."""
    index: int | None = None
    """The position of that document in its file."""
    sub: str | None = None
    fix: Fix | None = None
    """The repair on offer (a kind in the wrong case), its edits on the document at ``index``."""


@dataclass(frozen=True, slots=True)
class Hit:
    """What a rule reports; the engine turns it into a :class:`Finding`.

    ``document`` is needed only by corpus rules (document rules report on the
    document they were given). ``related`` holds (document, pointer, message)
    triples for the other places involved. ``fix`` is the repair the rule
    offers, if it can make one (see :mod:`itsmlint.fixes`).
    """

    pointer: Pointer
    message: str
    sub: str | None = None
    hint: str | None = None
    document: Document | None = None
    related: tuple[tuple[Document, Pointer, str], ...] = ()
    fix: Fix | None = None


@dataclass(frozen=True, slots=True)
class Suppression:
    """Why a finding does not count: who decided, why, and until when.

    Suppressed findings are kept in every output, with this record, so an
    audit can list what was waived and by whom.
    """

    kind: str
    """``waiver``, ``inline`` or ``baseline``."""
    by: str
    """``waiver:<name>``, ``inline`` or ``baseline``."""
    reason: str
    where: str = ""
    """Where the suppression is written: ``path:line``."""
    expires: dt.date | None = None
    approved_by: str | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem at one place, with everything every reporter needs."""

    rule_id: str
    rule_name: str
    severity: Severity
    message: str
    path: str
    line: int
    column: int
    pointer: Pointer
    document: str | None
    hint: str | None = None
    sub: str | None = None
    related: tuple[Related, ...] = ()
    suppression: Suppression | None = None
    fingerprint: str = field(default="", compare=False)
    fix: Fix | None = field(default=None, compare=False)
    """The repair on offer, its edits placed on files (:mod:`itsmlint.fixes`); None when there is none."""

    @property
    def suppressed_by(self) -> str | None:
        return self.suppression.by if self.suppression else None

    @property
    def active(self) -> bool:
        """Counted: not waived, not suppressed inline, not in the baseline."""
        return self.suppression is None

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line, self.column, self.rule_id, self.message)

    @property
    def qualified_id(self) -> str:
        return f"{self.rule_id}[{self.sub}]" if self.sub else self.rule_id


def fingerprint(
    rule_id: str,
    sub: str | None,
    path: str,
    document: str | None,
    pointer: Pointer | str,
    occurrence: int,
    message: str = "",
) -> str:
    """Hash what identifies a finding, leaving out line and column.

    Line numbers change with every edit above a finding; the document and the
    place inside it do not, so baselines and code-scanning alerts survive
    reformatting, reordering and moving a document to another file. The
    place is :func:`stable_pointer` (text), or a pointer rendered as is.
    ``occurrence`` tells apart several findings of one rule at one place
    (messages are left out: they may name values that change). A finding
    outside any document (a file that does not parse, a suppression comment)
    has no pointer, so its path and message identify it instead.
    """
    where = document if document is not None else f"file:{path}\x1f{message}"
    place = pointer if isinstance(pointer, str) else render_pointer(pointer)
    key = "\x1f".join((rule_id, sub or "", where, place, str(occurrence)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def stable_pointer(data: object, pointer: Pointer) -> str:
    """The pointer as a fingerprint sees it: a list item that has an ``id`` is named by it, not by its index.

    Inserting a KPI at the top of a list moves every other KPI down one
    index; their findings must keep their fingerprints, so baselines and
    code-scanning alerts follow the item. The marker ``~2`` cannot come out
    of RFC 6901 escaping (which writes ``~`` as ``~0``), so an id never reads
    as a key. Items without an id keep their index.
    """
    if not any(part.__class__ is int for part in pointer):
        return render_pointer(pointer)
    parts = []
    node = data
    for part in pointer:
        child = None
        if isinstance(part, int) and isinstance(node, list) and 0 <= part < len(node):
            child = node[part]
            ident = child.get("id") if isinstance(child, dict) else None
            parts.append(f"~2{_escape(ident)}" if isinstance(ident, str) and ident else str(part))
        else:
            if isinstance(node, dict):
                child = node.get(str(part))
            parts.append(_escape(str(part)))
        node = child
    return "/" + "/".join(parts)


def _escape(part: str) -> str:
    return part.replace("~", "~0").replace("/", "~1")
