"""CO001: every CODEOWNERS line can be read, names an owner, and decides something."""

from __future__ import annotations

from collections.abc import Iterator

from itsmlint.finding import Hit
from itsmlint.interop.codeowners import files_of, rules_of, shadowed_by
from itsmlint.model import Corpus, as_dict, as_list
from itsmlint.rule import Context, CorpusRule


class CodeownersRules(CorpusRule):
    """A CODEOWNERS file has no invalid line, no rule without owners, and no rule a later one always overrides."""

    def check(self, corpus: Corpus, ctx: Context) -> Iterator[Hit]:
        for doc in files_of(corpus):
            for i, error in enumerate(as_list(doc.data.get("errors"))):
                yield Hit(
                    ("errors", i),
                    f"{as_dict(error).get('message')}; GitHub ignores a CODEOWNERS file with "
                    "an invalid line, so no review is requested for any file",
                    sub="syntax",
                    document=doc,
                )
            rules = rules_of(doc)
            for rule in rules:
                if not rule.owners:
                    yield Hit(
                        ("rules", rule.index, "pattern"),
                        f"{rule.pattern} names no owner: changes to those files need no code owner's review",
                        sub="no-owner",
                        document=doc,
                    )
            # The last matching rule wins: a rule that a later one always matches too never decides anything.
            for i, rule in enumerate(rules):
                later = next((r for r in reversed(rules[i + 1 :]) if shadowed_by(rule, r)), None)
                if later is None:
                    continue
                line = doc.locate(("rules", later.index))[0]
                owners = " ".join(rule.owners) or "no owner"
                yield Hit(
                    ("rules", rule.index, "pattern"),
                    f"{rule.pattern} never decides anything: {later.pattern} "
                    f"(line {line}) matches every path it matches, and the last match wins, so {owners} "
                    "is never asked",
                    sub="shadowed",
                    document=doc,
                    related=((doc, ("rules", later.index, "pattern"), "the rule that wins"),),
                )
