"""RIG003: a sanctioned way to deviate: expedite, exception or emergency paths."""

from __future__ import annotations

from collections.abc import Iterator

from itsmlint.finding import Hit, Pointer
from itsmlint.model import Document, is_blank, items
from itsmlint.rule import Context, DocumentRule

PATH_TYPES = ("expedite", "exception", "emergency")


def _missing(entry: dict[str, object], keys: tuple[str, ...]) -> list[str]:
    return [k for k in keys if is_blank(entry.get(k))]


class DeviationPath(DocumentRule):
    """A process says who may deviate from it, when, and how the deviation is reviewed."""

    def check(self, doc: Document, ctx: Context) -> Iterator[Hit]:
        yield from self._paths(doc)
        if doc.spec.get("practice") == "change-enablement":
            yield from self._emergency_changes(doc)

    def _paths(self, doc: Document) -> Iterator[Hit]:
        typed = [(i, p) for i, p in items(doc.spec.get("paths")) if p.get("type") in PATH_TYPES]
        if any(not _missing(p, ("trigger", "authority")) for _, p in typed):
            return
        if typed:
            i, path = typed[0]
            gaps = " and ".join(_missing(path, ("trigger", "authority")))
            yield Hit(
                ("spec", "paths", i),
                f"process {doc.name}: the {path['type']} path has no {gaps}; say when it may be taken and who decides",
                sub="no-exception-path",
            )
            return
        yield Hit(
            ("spec", "paths"),
            f"process {doc.name} has no expedite, exception or emergency path; staff "
            "can only follow the letter of the process, whatever it costs the customer",
            sub="no-exception-path",
        )

    def _emergency_changes(self, doc: Document) -> Iterator[Hit]:
        emergencies = [(i, t) for i, t in items(doc.spec.get("changeTypes")) if t.get("type") == "emergency"]
        for _, change in emergencies:
            if not is_blank(change.get("authority")) and change.get("postReview") is True:
                return
        pointer: Pointer = ("spec", "changeTypes")
        if emergencies:
            i, change = emergencies[0]
            pointer = ("spec", "changeTypes", i)
            gaps = []
            if is_blank(change.get("authority")):
                gaps.append("no authority")
            if change.get("postReview") is not True:
                gaps.append("no postReview: true")
            message = f"the emergency change type of {doc.name} has {' and '.join(gaps)}"
        else:
            message = (
                f"change process {doc.name} defines no emergency change type with an authority and postReview: true"
            )
        yield Hit(pointer, message, sub="no-emergency-change")
