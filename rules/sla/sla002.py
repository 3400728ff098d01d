"""SLA002: the impact × urgency matrix is complete, and every priority has targets."""

from __future__ import annotations

from collections.abc import Iterator

from itsmlint.agreements import agreement_type, targets
from itsmlint.finding import Hit
from itsmlint.model import Document, as_dict, as_list, is_blank
from itsmlint.rule import Context, DocumentRule


class PriorityMatrix(DocumentRule):
    """Every impact and urgency pair maps to a priority, and every priority in use has both targets."""

    def check(self, doc: Document, ctx: Context) -> Iterator[Hit]:
        matrix = as_dict(doc.spec.get("priorityMatrix"))
        given = dict(targets(doc))
        if not matrix:
            if agreement_type(doc) == "sla":
                yield Hit(
                    ("spec", "priorityMatrix"),
                    f"sla {doc.name} has no priorityMatrix: nothing says how impact and urgency set a priority",
                )
            mapped: list[str] = []
        else:
            mapped = list(self._cells(doc, matrix))
            yield from self._unmapped(doc, matrix)
        # An OLA or UC without its own matrix still needs both targets for each priority it sets.
        for priority in dict.fromkeys(mapped or list(given)):
            target = given.get(priority)
            lacks = [k for k in ("response", "resolution") if is_blank(as_dict(target).get(k))]
            if lacks:
                where = ("spec", "targets", priority) if target is not None else ("spec", "targets")
                yield Hit(
                    where,
                    f"{agreement_type(doc)} {doc.name}: priority {priority} has no {' and no '.join(lacks)} target",
                )
        if mapped:
            for priority in given:
                if priority not in mapped:
                    yield Hit(
                        ("spec", "targets", priority),
                        f"{agreement_type(doc)} {doc.name} sets targets for "
                        f"{priority}, which no impact and urgency maps to",
                    )

    @staticmethod
    def _cells(doc: Document, matrix: dict[str, object]) -> Iterator[str]:
        for row in as_dict(matrix.get("map")).values():
            for value in as_dict(row).values():
                if isinstance(value, str) and value:
                    yield value

    @staticmethod
    def _unmapped(doc: Document, matrix: dict[str, object]) -> Iterator[Hit]:
        table = as_dict(matrix.get("map"))
        urgencies = [u for u in as_list(matrix.get("urgency")) if isinstance(u, str)]
        for impact in (i for i in as_list(matrix.get("impact")) if isinstance(i, str)):
            row = as_dict(table.get(impact))
            missing = [u for u in urgencies if is_blank(row.get(u))]
            if missing:
                where = (
                    ("spec", "priorityMatrix", "map", impact) if impact in table else ("spec", "priorityMatrix", "map")
                )
                yield Hit(
                    where,
                    f"{agreement_type(doc)} {doc.name}: impact {impact} with urgency "
                    f"{', '.join(missing)} maps to no priority",
                )
