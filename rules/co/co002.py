"""CO002: the people CODEOWNERS asks for reviews are still here."""

from __future__ import annotations

from collections.abc import Iterator

from itsmlint.finding import Hit
from itsmlint.interop.backstage import entity_name, left_on
from itsmlint.interop.codeowners import files_of, rules_of, who
from itsmlint.model import Corpus, Document, as_date
from itsmlint.rule import Context, CorpusRule


class CodeownersActive(CorpusRule):
    """An owner named in CODEOWNERS is not a Person (or catalog User) who has left."""

    def check(self, corpus: Corpus, ctx: Context) -> Iterator[Hit]:
        for doc in files_of(corpus):
            sections: set[object] = set()
            for rule in rules_of(doc):
                field = "owners" if rule.written else "sectionOwners"
                if not rule.written:
                    # A GitLab section's default owners: judged once, at the first rule that uses them.
                    section = doc.data["rules"][rule.index].get("section")
                    if section in sections:
                        continue
                    sections.add(section)
                for j, owner in enumerate(rule.owners):
                    person = who(owner, corpus)
                    if person is None or person.acts_as != "Person" or ctx.directory.is_active(person):
                        continue
                    yield Hit(
                        ("rules", rule.index, field, j),
                        f"{owner} is {_name(person)}, who {_gone(person)}: "
                        f"reviews of {rule.pattern} wait for someone who is not there",
                        document=doc,
                        related=((person, ("metadata", "name"), "the person"),),
                    )


def _name(person: Document) -> str:
    return entity_name(person) if person.foreign else person.ref


def _gone(person: Document) -> str:
    day = left_on(person) if person.foreign else as_date(person.spec.get("leftOn"))
    return f"left on {day.isoformat()}" if day is not None else "is no longer active"
