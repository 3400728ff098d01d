"""CO003: CODEOWNERS gives each governance document's file to the document's owner or the owner's team."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from itsmlint.directory import Directory
from itsmlint.finding import Hit, Pointer
from itsmlint.interop.backstage import same_person
from itsmlint.interop.codeowners import base_of, files_of, governing, owners_of, relative, who
from itsmlint.model import Corpus, Document
from itsmlint.rule import Context, CorpusRule
from itsmlint.waivers import target_owner

#: The documents whose changes their owner must see: the governance itsmlint checks.
GOVERNED = (
    "Process",
    "Service",
    "ServiceOffering",
    "SLA",
    "SocialMediaPolicy",
    "ValueStream",
    "Risk",
    "Control",
    "Waiver",
)


class GovernanceCodeowned(CorpusRule):
    """Where a CODEOWNERS file decides reviews, the rule for a governance file names its owner or the owner's team."""

    def check(self, corpus: Corpus, ctx: Context) -> Iterator[Hit]:
        files = files_of(corpus)
        if not files:
            return
        for doc in corpus:
            if doc.kind not in GOVERNED:
                continue
            codeowners = governing(files, doc.path)
            if codeowners is None:
                continue
            pointer: Pointer = ("spec", "provider", "owner") if doc.kind == "SLA" else ("spec", "owner")
            value = target_owner(doc)
            owner = corpus.resolve(value, doc)
            if owner is None:
                continue  # no owner that resolves: the ownership rules say so
            # Who stands behind the owner today; an owner who left is REF002's, and still the one to compare.
            people = ctx.directory.holders(value, doc) or ([owner] if owner.acts_as == "Person" else [])
            rel = relative(doc.path, base_of(codeowners.path)) or doc.path
            rule = owners_of(corpus, codeowners).rule_for(rel)
            owners = rule.owners if rule is not None else ()
            if any(_gives(token, owner, people, corpus, ctx.directory) for token in owners):
                continue
            if rule is None:
                why = f"no rule of {codeowners.path} matches {rel}"
                related: tuple[tuple[Document, Pointer, str], ...] = ()
            else:
                line = codeowners.locate(("rules", rule.index))[0]
                named = " ".join(owners) if owners else "nobody"
                unknown = [t for t in owners if who(t, corpus) is None]
                hint = (
                    (
                        f" (itsmlint does not know who {unknown[0]} is: a github.com/user-login or "
                        "github.com/team-slug annotation says so)"
                    )
                    if unknown
                    else ""
                )
                why = f"{codeowners.path}:{line} gives {rel} to {named}, not to them or their team{hint}"
                related = ((codeowners, ("rules", rule.index, "pattern"), "the deciding rule"),)
            yield Hit(
                pointer,
                f"{doc.ref} is owned by {value}, but {why}: a change to it can be approved without its owner",
                document=doc,
                related=related,
            )


def _gives(token: str, owner: Document, people: Sequence[Document], corpus: Corpus, directory: Directory) -> bool:
    """Whether a CODEOWNERS owner is the document's owner, one of the people behind it, or a team of theirs."""
    named = who(token, corpus)
    if named is None:
        return False
    if named is owner:
        return True
    if named.acts_as == "Person":
        return any(same_person(named, p) for p in people)
    if named.acts_as == "Team":
        return any(named.key in directory.teams_of(p) for p in people)
    return False
