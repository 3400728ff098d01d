"""REF001: references resolve, to a kind the field accepts; identities are unique."""

from __future__ import annotations

from collections.abc import Iterator
from difflib import SequenceMatcher, get_close_matches
from typing import Literal

from itsmlint.directory import Directory
from itsmlint.finding import Hit, Pointer
from itsmlint.fixes import Fix, set_value
from itsmlint.model import (
    KINDS,
    Corpus,
    Document,
    as_dict,
    as_list,
    items,
    parse_ref,
    ref_prefix,
    reference_candidates,
)
from itsmlint.process import activities
from itsmlint.rule import Context, CorpusRule
from itsmlint.schema import iter_reference_values


def _suggest(value: str, corpus: Corpus) -> str:
    ref = parse_ref(value)
    kind = ref.kind if ref else (ref_prefix(value) or "")
    guess = corpus.closest(kind, value)
    if guess is None:
        # The name may be right and the kind wrong (role:x written as person:x).
        same_name = corpus.refs_named(ref.name if ref else value.split(":", 1)[-1])
        guess = same_name[0] if same_name else None
    return f"; did you mean {guess}?" if guess else ""


def _expected(value: str, allowed: tuple[str, ...]) -> str:
    head, _, rest = value.partition(":")
    if rest and head.lower() in KINDS:
        return f"kind prefixes are lower case: {head.lower()}:{rest}"
    return "this field takes " + " or ".join(f"{k}:<name>" for k in allowed)


class ReferencesResolve(CorpusRule):
    """Every reference names an existing document of an accepted kind; names are unique."""

    each = True  # the references of each document are resolved on their own

    def check(self, corpus: Corpus, ctx: Context) -> Iterator[Hit]:
        for first, again in corpus.duplicates:
            line = first.locate(("metadata", "name"))[0]
            where = f"line {line}" if first.path == again.path else f"{first.path}:{line}"
            yield Hit(
                ("metadata", "name"),
                f"{again.ref} is defined twice (first at {where}); names are unique per kind and namespace",
                sub="duplicate-identity",
                document=again,
                related=((first, ("metadata", "name"), "first defined here"),),
            )

    def check_each(self, doc: Document, ctx: Context) -> Iterator[Hit]:
        yield from self._cross(doc, ctx.corpus, ctx.directory)
        if doc.kind == "Process":
            yield from self._local(doc)

    def _cross(self, doc: Document, corpus: Corpus, directory: Directory) -> Iterator[Hit]:
        fields = list(iter_reference_values(doc.kind, doc.data))
        for pointer, value, field in fields:
            if ref_prefix(value) is not None or not value.strip():
                continue  # a reference, resolved below; a blank is for the rules that want the field filled
            if field.plain_text:
                # Words describe a party no document describes (domain.md
                # §8.13); only a reference with its kind in the wrong case is
                # surely a mistake, and saying nothing would lose the link.
                meant = _miscased(value)
                if meant:
                    yield Hit(
                        pointer,
                        f"{value!r} is not a reference: kind prefixes are lower case; write {meant}, "
                        "or plain words for a party no document describes",
                        sub="unresolved",
                        document=doc,
                        fix=_rewrite(pointer, value, meant, "safe", "write the kind in lower case"),
                    )
            elif (
                field.text is None
                and "activity" not in field.kinds
                and not _waives_foreign(doc, pointer, value, corpus)
            ):
                # Owner fields (OWNER_TEXT) are the ownership rules' (OWN001,
                # OWN003, RISK001, RISK004), which also name placeholders such
                # as TBD; fields that also take local activity ids are checked
                # by _local below.
                meant = _miscased(value)
                fix = _rewrite(pointer, value, meant, "safe", "write the kind in lower case") if meant else None
                yield Hit(
                    pointer,
                    f"{value!r} is not a reference; {_expected(value, field.kinds)}",
                    sub="not-a-reference",
                    document=doc,
                    fix=fix,
                )
        allowed_at = {pointer: field.kinds for pointer, _, field in fields}
        for pointer, value, ref in reference_candidates(doc):
            if ref is None:
                lowered = value.lower()
                fix = (
                    _rewrite(pointer, value, lowered, "safe", "write the reference in lower case")
                    if corpus.resolve(lowered, doc) is not None
                    else None
                )
                yield Hit(
                    pointer,
                    f"{value!r} is not a valid reference (expected {ref_prefix(value)}:<name> in lower case)",
                    sub="unresolved",
                    document=doc,
                    fix=fix,
                )
                continue
            target = corpus.resolve(ref, doc)
            kinds = allowed_at.get(pointer)
            if target is None:
                yield Hit(
                    pointer,
                    f"{value} does not resolve to any document{_suggest(value, corpus)}",
                    sub="unresolved",
                    document=doc,
                    fix=_unresolved_fix(pointer, value, corpus, doc),
                )
            elif kinds and target.acts_as.lower() not in kinds:
                accepted = " or ".join(KINDS[k] for k in kinds)
                yield Hit(
                    pointer,
                    f"{value} is a {target.qualified_kind}; this field accepts {accepted}",
                    sub="wrong-kind",
                    document=doc,
                    related=((target, (), f"the {target.qualified_kind}"),),
                    fix=_holder_fix(pointer, value, target, kinds, doc, directory),
                )

    def _local(self, doc: Document) -> Iterator[Hit]:
        acts = activities(doc)
        ids = {a.id for a in acts if a.id is not None}
        outcomes = {str(o["id"]) for _, o in items(doc.spec.get("outcomes")) if isinstance(o.get("id"), str)}

        def unknown(pointer: Pointer, value: str, what: str, pool: set[str], written: str | None = None) -> Hit:
            guess = get_close_matches(value, sorted(pool), n=1)
            hint = f"; did you mean {guess[0]}?" if guess else ""
            only = get_close_matches(value, sorted(pool), n=2, cutoff=0.6)
            fix = None
            if len(only) == 1 and SequenceMatcher(None, value, only[0]).ratio() >= _WELL_ABOVE:
                # "activity:recod" stays in its form: only the id is respelt.
                new = only[0] if written is None or written == value else f"activity:{only[0]}"
                fix = _rewrite(pointer, written or value, new, "unsafe", f"respell {value} as {only[0]}")
            return Hit(
                pointer,
                f"{what} {value!r} matches no {'activity' if what != 'outcome' else 'outcome'} "
                f"of process {doc.name}{hint}",
                sub="local-unresolved",
                document=doc,
                fix=fix,
            )

        for activity in acts:
            for pred, pointer, _ in activity.predecessors():
                if pred not in ids:
                    yield unknown(pointer, pred, "predecessor", ids)
        for i, policy in items(doc.spec.get("policies")):
            for j, entry in enumerate(as_list(policy.get("enforcedBy"))):
                if not isinstance(entry, str) or ref_prefix(entry) is not None:
                    continue  # a control reference: checked by _cross
                local = entry.removeprefix("activity:")
                if local not in ids:
                    yield unknown(("spec", "policies", i, "enforcedBy", j), local, "enforcing activity", ids, entry)
        for i, path in items(doc.spec.get("paths")):
            for j, entry in enumerate(as_list(path.get("skips"))):
                if isinstance(entry, str) and entry not in ids:
                    yield unknown(("spec", "paths", i, "skips", j), entry, "skipped activity", ids)
        for i, kpi in items(doc.spec.get("kpis")):
            outcome = as_dict(kpi).get("outcome")
            if isinstance(outcome, str) and outcome not in outcomes:
                yield unknown(("spec", "kpis", i, "outcome"), outcome, "outcome", outcomes)


def _waives_foreign(doc: Document, pointer: tuple[str | int, ...], value: str, corpus: Corpus) -> bool:
    """A waiver's target naming a document of another format as findings name it (backstage:component:...)."""
    return doc.kind == "Waiver" and pointer == ("spec", "target") and corpus.foreign_named(value) is not None


def _miscased(value: str) -> str | None:
    """``team:sales`` for ``Team:sales``: one word whose prefix is a kind in the wrong case, else None."""
    text = value.strip()
    head, colon, rest = text.partition(":")
    if not colon or not rest or head.lower() not in KINDS or any(c.isspace() for c in text):
        return None
    return f"{head.lower()}:{rest}"


#: How alike a misspelt name and its only match must be for an unsafe fix (difflib's ratio; "did you mean" needs 0.6).
_WELL_ABOVE = 0.8


def _rewrite(pointer: Pointer, value: str, new: str, safety: Literal["safe", "unsafe"], why: str) -> Fix:
    return Fix(f"{why}: {new}", (set_value(pointer, new, value),), safety)


def _unresolved_fix(pointer: Pointer, value: str, corpus: Corpus, doc: Document) -> Fix | None:
    """A reference that resolves to nothing: its namespace left out (safe), or a misspelt name (unsafe).

    Safe when the name exists in exactly one other namespace: the reference
    names that document, only in a form that does not reach it. Unsafe when
    one name of the kind is much like it and no other comes near.
    """
    ref = parse_ref(value)
    if ref is None:
        return None
    if ref.namespace is None:
        # Through the corpus's index of names, so that many broken references cost no pass over every document.
        homes = [r for r in corpus.refs_named(ref.name) if r.startswith(f"{ref.kind}:") and "/" in r]
        if len(homes) == 1:
            new = homes[0] + (f"#{ref.fragment}" if ref.fragment else "")
            return _rewrite(pointer, value, new, "safe", f"name the namespace of {homes[0]}")
    guess = corpus.unique_match(ref.kind, value)
    if guess is None:
        return None
    new = guess + (f"#{ref.fragment}" if ref.fragment else "")
    return _rewrite(pointer, value, new, "unsafe", f"respell {value} as {guess}")


def _holder_fix(
    pointer: Pointer, value: str, target: Document, kinds: tuple[str, ...], doc: Document, directory: Directory
) -> Fix | None:
    """A role where only a Person will do: its one holder (unsafe: the document then names a person, not a seat)."""
    if target.kind != "Role" or "person" not in kinds:
        return None
    holders = directory.holders(value, doc, deputies=False)
    if len(holders) != 1:
        return None
    return _rewrite(pointer, value, holders[0].ref, "unsafe", f"name {target.ref}'s one holder")
