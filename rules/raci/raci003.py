"""RACI003: one letter per party, and no inflation of Consulted."""

from __future__ import annotations

from collections.abc import Iterator

from itsmlint.finding import Hit
from itsmlint.model import Document
from itsmlint.process import activities
from itsmlint.rule import Context, DocumentRule

# Pairs of letters one party may not hold together; A+R is the accepted exception.
_CLASHES = (
    ("responsible", "consulted"),
    ("responsible", "informed"),
    ("consulted", "informed"),
    ("accountable", "consulted"),
    ("accountable", "informed"),
)
_SHORT = {"responsible": "R", "accountable": "A", "consulted": "C", "informed": "I"}


class OneLetterPerParty(DocumentRule):
    """Each party holds one RACI letter per activity (A+R allowed); few Consulted."""

    def check(self, doc: Document, ctx: Context) -> Iterator[Hit]:
        limit = int(ctx.params["maxConsulted"])
        for activity in activities(doc):
            who: dict[str, dict[str, str]] = {}
            for letter in _SHORT:
                identities: dict[str, str] = {}
                for _, ref in activity.parties(letter):
                    people = ctx.directory.holders(ref, doc)
                    # Roles are compared by the people holding them; an
                    # unresolved party is compared by its reference.
                    for key in [p.ref for p in people] or [ref]:
                        identities.setdefault(key, ref)
                who[letter] = identities
            reported: set[tuple[str, str, str]] = set()
            for first, second in _CLASHES:
                for key in sorted(set(who[first]) & set(who[second])):
                    a, b = who[first][key], who[second][key]
                    # The same role in two letters is one clash, however many hold it.
                    party = a if a == b else key
                    marker = (party, first, second)
                    if marker in reported:
                        continue
                    reported.add(marker)
                    via = f" (via {a} and {b})" if a != b and (a != key or b != key) else ""
                    yield Hit(
                        (*activity.pointer, "raci"),
                        f"activity {activity.label}: {party} is both {_SHORT[first]} and {_SHORT[second]}{via}; "
                        "give each party one letter",
                        sub="multiple-letters",
                    )
            consulted = activity.parties("consulted")
            if len(consulted) > limit:
                yield Hit(
                    (*activity.pointer, "raci", "consulted"),
                    f"activity {activity.label} consults {len(consulted)} parties; "
                    f"more than maxConsulted={limit} slows decisions",
                    sub="too-many-consulted",
                )
