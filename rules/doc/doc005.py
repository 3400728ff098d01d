"""DOC005: the four dimensions (four Ps) are declared."""

from __future__ import annotations

from collections.abc import Iterator

from itsmlint.finding import Hit
from itsmlint.fixes import Fix, set_value
from itsmlint.model import Corpus, Document, as_dict
from itsmlint.process import activities
from itsmlint.rule import Context, CorpusRule

_DIMENSIONS = ("people", "tools", "partners")


class FourDimensions(CorpusRule):
    """Processes declare people, tools and partners; RACI roles list competencies."""

    def check(self, corpus: Corpus, ctx: Context) -> Iterator[Hit]:
        roles_in_raci: dict[tuple[str, str, str], list[tuple[Document, tuple[str | int, ...]]]] = {}
        for process in corpus.of_kind("Process"):
            dimensions = as_dict(process.spec.get("dimensions"))
            for key in _DIMENSIONS:
                if dimensions.get(key) is None:  # absent, or a key with no value
                    # Only "no partners" can be written for the author; people and tools must be named.
                    fix = (
                        Fix("write partners: [] (no partner takes part)", (set_value(("spec", "dimensions", key), ()),))
                        if key == "partners" and isinstance(process.spec.get("dimensions"), dict)
                        else None
                    )
                    yield Hit(
                        ("spec", "dimensions", key),
                        f"process {process.name} does not declare dimensions.{key}"
                        + (" (an empty list is fine when there are none)" if key == "partners" else ""),
                        document=process,
                        fix=fix,
                    )
            for activity in activities(process):
                for letter in ("responsible", "accountable", "consulted", "informed"):
                    for pointer, ref in activity.parties(letter):
                        role = corpus.resolve(ref, process)
                        if role is not None and role.kind == "Role":
                            roles_in_raci.setdefault(role.key, []).append((process, pointer))
        for role in corpus.of_kind("Role"):
            uses = roles_in_raci.get(role.key)
            if uses and not role.spec.get("competencies"):
                first = uses[0]
                yield Hit(
                    ("spec", "competencies"),
                    f"role {role.name} is a RACI party in {len(uses)} "
                    f"activit{'y' if len(uses) == 1 else 'ies'} but lists no competencies",
                    document=role,
                    related=((first[0], first[1], "used here"),),
                )
