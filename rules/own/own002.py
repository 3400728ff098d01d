"""OWN002: a Process names its process managers."""

from __future__ import annotations

from collections.abc import Iterator

from itsmlint.finding import Hit
from itsmlint.model import Document, is_blank
from itsmlint.rule import Context, DocumentRule


class ProcessManagers(DocumentRule):
    """A Process names at least one process manager (a Person or a Role)."""

    id = "OWN002"

    def check(self, doc: Document, ctx: Context) -> Iterator[Hit]:
        managers = doc.spec.get("managers")
        if is_blank(managers):
            yield Hit(("spec", "managers"), f"process {doc.name} names no process manager in spec.managers")
            return
        entries = managers if isinstance(managers, list) else [managers]
        for i, ref in enumerate(entries):
            pointer = ("spec", "managers", i) if isinstance(managers, list) else ("spec", "managers")
            target = ctx.corpus.resolve(ref, doc)
            if target is None:
                if not isinstance(ref, str) or ":" not in ref:
                    yield Hit(pointer, f"manager {ref!r} is not a reference to a Person or Role")
                continue  # unresolved references are reported by REF001
            if target.kind not in ("Person", "Role"):
                yield Hit(pointer, f"manager {ref} is a {target.kind}; a process manager is a Person or a Role",
                          related=((target, (), f"the {target.kind}"),))
