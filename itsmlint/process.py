"""Reading a Process: its activities, their control edges and RACI parties.

Small, defensive accessors shared by the RACI, ownership and graph rules, so
that every rule reads ``after``/``waitsFor`` and the RACI letters the same way.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from itsmlint.finding import Pointer
from itsmlint.model import Document, as_dict, as_list, items

LETTERS = ("responsible", "accountable", "consulted", "informed")


@dataclass(frozen=True, slots=True)
class Activity:
    """One entry of ``spec.activities`` with its index and pointer."""

    index: int
    data: dict[str, Any]

    @property
    def pointer(self) -> Pointer:
        return ("spec", "activities", self.index)

    @property
    def id(self) -> str | None:
        value = self.data.get("id")
        return value if isinstance(value, str) and value else None

    @property
    def label(self) -> str:
        return self.id or f"#{self.index + 1}"

    @property
    def raci(self) -> dict[str, Any]:
        return as_dict(self.data.get("raci"))

    def parties(self, letter: str) -> list[tuple[Pointer, str]]:
        """(pointer, reference) for each party of one RACI letter."""
        value = self.raci.get(letter)
        base = (*self.pointer, "raci", letter)
        if isinstance(value, str):
            return [(base, value)] if value.strip() else []
        return [((*base, i), v) for i, v in enumerate(as_list(value)) if isinstance(v, str) and v.strip()]

    def strings(self, key: str) -> list[str]:
        return [v for v in as_list(self.data.get(key)) if isinstance(v, str)]

    @property
    def is_approval(self) -> bool:
        return isinstance(self.data.get("approval"), dict) or self.raci.get("approval") is True

    def approvers(self) -> list[tuple[Pointer, str]]:
        """Who approves: ``approval.approvers``, else the Accountable of a RACI-flagged approval."""
        approval = self.data.get("approval")
        if isinstance(approval, dict):
            base = (*self.pointer, "approval", "approvers")
            return [((*base, i), v) for i, v in enumerate(as_list(approval.get("approvers"))) if isinstance(v, str)]
        if self.raci.get("approval") is True:
            return self.parties("accountable")
        return []

    def predecessors(self) -> Iterator[tuple[str, Pointer, bool]]:
        """(predecessor id, pointer of the entry creating the edge, is-a-wait)."""
        after = self.data.get("after")
        if isinstance(after, str):
            yield after, (*self.pointer, "after"), False
        else:
            for i, ref in enumerate(as_list(after)):
                if isinstance(ref, str):
                    yield ref, (*self.pointer, "after", i), False
        for i, wait in items(self.data.get("waitsFor")):
            on = wait.get("on")
            if isinstance(on, str) and on.startswith("activity:"):
                yield on[len("activity:") :], (*self.pointer, "waitsFor", i, "on"), True


def activities(doc: Document) -> list[Activity]:
    """The activities of a Process, skipping entries that are not mappings."""
    return [Activity(i, a) for i, a in items(doc.spec.get("activities"))]


def by_id(doc: Document) -> dict[str, Activity]:
    """Activities by id (the first one wins when ids repeat)."""
    out: dict[str, Activity] = {}
    for activity in activities(doc):
        if activity.id is not None:
            out.setdefault(activity.id, activity)
    return out
