"""Waivers: time-boxed, approved exceptions to one rule on one document.

A waiver suppresses findings only when it is well formed (GOV003) and in
date (GOV004). Both the rule that reports malformed waivers and the step
that applies them ask the same questions, so the answers live here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from itsmlint.directory import Directory
from itsmlint.finding import Pointer
from itsmlint.model import Corpus, Document, as_date, as_dict, as_list, dig, is_blank, parse_ref

MIN_REASON = 10


@dataclass(frozen=True, slots=True)
class Terms:
    """What a waiver says (rule, target, expiry), and what is wrong with it."""

    waiver: Document
    rule_id: str | None
    target: Document | None
    fragment: str | None
    expires: dt.date | None
    problems: list[tuple[Pointer, str, str]] = field(default_factory=list)
    """(pointer, message, sub-check) for each GOV003 problem."""

    @property
    def well_formed(self) -> bool:
        return not self.problems

    def expired(self, today: dt.date) -> bool:
        return self.expires is not None and self.expires < today

    def applies(self, today: dt.date) -> bool:
        return self.well_formed and not self.expired(today)


def target_owner(target: Document) -> object:
    """The owner field domain.md §8.10 names for the target's kind."""
    if target.kind == "SLA":
        return dig(target.spec, "provider", "owner")
    return target.spec.get("owner")


def _people(value: object, scope: Document, directory: Directory) -> set[tuple[str, str, str]]:
    refs = value if isinstance(value, list) else [value]
    return {p.key for ref in refs if isinstance(ref, str) for p in directory.holders(ref, scope, deputies=False)}


def has_fragment(target: Document, fragment: str) -> bool:
    """Whether an item of the target (an activity, a policy, an account...) has ``id: fragment``."""
    stack: list[object] = [target.spec]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            if value.get("id") == fragment:
                return True
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return False


def read_terms(
    waiver: Document, corpus: Corpus, rules: Mapping[str, str], directory: Directory, max_days: int
) -> Terms:
    """Read a waiver and list its GOV003 problems."""
    spec = waiver.spec
    problems: list[tuple[Pointer, str, str]] = []
    name = spec.get("rule")
    rule_id = rules.get(name.upper(), rules.get(name)) if isinstance(name, str) else None
    if is_blank(name):
        problems.append((("spec", "rule"), f"waiver {waiver.name} names no rule", "incomplete"))
    elif rule_id is None:
        problems.append(
            (("spec", "rule"), f"waiver {waiver.name} names rule {name!r}, which is not in the catalog", "unknown-rule")
        )
    raw_target = spec.get("target")
    ref = parse_ref(raw_target)
    # A document of another format is named as findings name it: backstage:component:default/payroll.
    target = corpus.resolve(ref, waiver) if ref else corpus.foreign_named(raw_target)
    fragment = ref.fragment if ref else None
    if is_blank(raw_target):
        problems.append((("spec", "target"), f"waiver {waiver.name} names no target document", "incomplete"))
    elif target is not None and fragment and not has_fragment(target, fragment):
        problems.append(
            (
                ("spec", "target"),
                f"waiver {waiver.name}: {target.ref} has no item with id {fragment!r}",
                "unknown-target",
            )
        )
    # An unresolved target is REF001's to report; such a waiver applies to nothing.
    reason = spec.get("reason")
    if not isinstance(reason, str) or len(reason.strip()) < MIN_REASON:
        problems.append(
            (
                ("spec", "reason"),
                f"waiver {waiver.name} gives no real reason (at least {MIN_REASON} "
                "characters saying why the exception is needed)",
                "no-reason",
            )
        )
    if is_blank(spec.get("owner")):
        problems.append((("spec", "owner"), f"waiver {waiver.name} has no owner", "incomplete"))
    approver = spec.get("approvedBy")
    if is_blank(approver):
        problems.append((("spec", "approvedBy"), f"waiver {waiver.name} is not approved (approvedBy)", "incomplete"))
    else:
        approvers = _people(approver, waiver, directory)
        owners = _people(target_owner(target), target, directory) if target is not None else set()
        if owners & approvers:
            problems.append(
                (
                    ("spec", "approvedBy"),
                    f"waiver {waiver.name} is approved by {approver}, the owner of "
                    f"{target.ref if target else 'its target'}: nobody may waive their own findings",
                    "self-approved",
                )
            )
        elif approvers & _people(spec.get("owner"), waiver, directory):
            problems.append(
                (
                    ("spec", "approvedBy"),
                    f"waiver {waiver.name} is approved by its own owner {approver}; "
                    "someone else must approve the exception",
                    "self-approved",
                )
            )
    approved = as_date(spec.get("approvedOn"))
    expires = as_date(spec.get("expires"))
    lacks = [k for k, v in (("approvedOn", approved), ("expires", expires)) if v is None]
    if lacks:
        problems.append(
            (
                ("spec", lacks[0]),
                f"waiver {waiver.name} has no {' and no '.join(lacks)}; a waiver is dated and time-boxed",
                "undated",
            )
        )
    elif approved is not None and expires is not None and expires < approved:
        problems.append(
            (
                ("spec", "expires"),
                f"waiver {waiver.name} expires on {expires}, before it was approved on {approved}",
                "undated",
            )
        )
    elif approved is not None and expires is not None and expires > approved + dt.timedelta(days=max_days):
        problems.append(
            (
                ("spec", "expires"),
                f"waiver {waiver.name} runs {(expires - approved).days} days, longer than maxWaiverDays={max_days}",
                "too-long",
            )
        )
    return Terms(waiver, rule_id, target, fragment, expires, problems)


def covers(terms: Terms, rule_id: str, document: str | None, pointer: Pointer) -> bool:
    """Whether a finding of ``rule_id`` at ``pointer`` in ``document`` is the waiver's to suppress."""
    target = terms.target
    if target is None or rule_id != terms.rule_id or document != target.ref:
        return False
    if not terms.fragment:
        return True
    # With a fragment, only findings inside the item that carries that id.
    value: object = target.data
    for part in pointer:
        if isinstance(value, dict) and value.get("id") == terms.fragment:
            return True
        value = (
            as_dict(value).get(part)
            if isinstance(part, str)
            else (as_list(value)[part] if isinstance(part, int) and part < len(as_list(value)) else None)
        )
    return isinstance(value, dict) and value.get("id") == terms.fragment
