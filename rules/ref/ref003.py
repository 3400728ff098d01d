"""REF003: every role in use is staffed."""

from __future__ import annotations

from collections.abc import Iterator

from itsmlint.finding import Hit, Pointer
from itsmlint.model import Corpus, Document, references
from itsmlint.rule import Context, CorpusRule


class RolesStaffed(CorpusRule):
    """A role someone relies on has a current assignment with an active person, in scope."""

    def check(self, corpus: Corpus, ctx: Context) -> Iterator[Hit]:
        for doc in corpus:
            if doc.kind in ("Role", "RoleAssignment"):
                continue  # they define and staff roles; they do not rely on them
            uses: dict[tuple[str, str, str], list[tuple[Pointer, str, Document]]] = {}
            for pointer, value, ref in references(doc):
                if ref.kind != "role" or (pointer and pointer[0] == "metadata"):
                    continue
                role = corpus.resolve(ref, doc)
                if role is None or role.kind != "Role":
                    continue
                uses.setdefault(role.key, []).append((pointer, value, role))
            for found in uses.values():
                pointer, value, role = found[0]
                if ctx.directory.holders(value, doc):
                    continue
                times = f" (used {len(found)} times)" if len(found) > 1 else ""
                yield Hit(
                    pointer,
                    f"{value} is not staffed for {doc.ref}{times}: no current RoleAssignment, "
                    "scoped to it or unscoped, has an active assignee",
                    document=doc,
                    related=((role, (), "the role"),),
                )
