"""OWN002: a Process names its process managers."""

from __future__ import annotations

from collections.abc import Iterator

from itsmlint.finding import Hit
from itsmlint.model import Document, is_blank
from itsmlint.rule import Context, DocumentRule


class ProcessManagers(DocumentRule):
    """A Process names at least one process manager (a Person or a Role)."""

    def check(self, doc: Document, ctx: Context) -> Iterator[Hit]:
        managers = doc.spec.get("managers")
        if is_blank(managers):
            yield Hit(("spec", "managers"), f"process {doc.name} names no process manager in spec.managers")
            return
        entries = managers if isinstance(managers, list) else [managers]
        # Each broken entry is REF001's (unresolved or wrong kind); here the
        # question is whether the process is left with any manager at all.
        usable = [
            t
            for t in (ctx.corpus.resolve(ref, doc) for ref in entries)
            if t is not None and t.acts_as in ("Person", "Role")
        ]
        if not usable:
            listed = ", ".join(str(e) for e in entries)
            yield Hit(
                ("spec", "managers"),
                f"process {doc.name} has no usable manager: none of {listed} is a Person or a Role",
            )
