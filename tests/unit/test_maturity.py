"""Maturity levels: the gates of domain.md §6 on hand-built bundles."""

from __future__ import annotations

import datetime as dt

import pytest

from itsmlint.finding import Finding, Severity, Suppression
from itsmlint.loader import parse_text
from itsmlint.maturity import Bundle, assess, blocks, rate
from itsmlint.model import Corpus, Document
from itsmlint.rule import RuleMeta

PROCESS = "apiVersion: itsmlint/v1\nkind: Process\nmetadata: {name: p}\nspec: {}\n"


def doc(text: str = PROCESS) -> Document:
    ((index, value, locator),), _ = parse_text(text, "t.yaml")
    return Document("t.yaml", index, value["kind"], value["metadata"]["name"], "default", value, locator)


def meta(rule_id: str, level: int, severity: Severity = Severity.ERROR, structural: bool = False) -> RuleMeta:
    return RuleMeta(rule_id, rule_id.lower(), "s.", "t", ("Process",), severity, level, structural=structural)


# SCHEMA001 is structural (its catalog entry says so): a document that breaks it leaves its bundle unrated.
METAS = {
    m.id: m
    for m in [
        meta("L1", 1),
        meta("L2", 2),
        meta("L3", 3),
        meta("L4", 4),
        meta("L5", 5),
        meta("SCHEMA001", 1, structural=True),
    ]
}
CHECKED = [m for m in METAS.values() if m.id != "SCHEMA001"]


def finding(rule_id: str, severity: Severity, waived: bool = False) -> Finding:
    suppression = Suppression("waiver", "waiver:w", "a reason of some length") if waived else None
    return Finding(
        rule_id,
        rule_id.lower(),
        severity,
        "m",
        "t.yaml",
        1,
        1,
        (),
        "process:p",
        suppression=suppression,
        fingerprint=rule_id + severity.label,
    )


E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO


@pytest.mark.parametrize(
    ("findings", "level", "blockers"),
    [
        ([], 5, ()),
        ([finding("L5", INFO)], 5, ()),  # info never gates
        ([finding("L2", E)], 1, ("L2",)),  # an error of a level-2 rule stops at 1
        ([finding("L3", E)], 2, ("L3",)),
        ([finding("L2", W)], 2, ("L2",)),  # a warning stops the level after its rule's
        ([finding("L4", E)], 3, ("L4",)),
        ([finding("L3", W)], 3, ("L3",)),
        ([finding("L5", E)], 4, ("L5",)),
        ([finding("L4", W)], 4, ("L4",)),  # §6 worked example: a level-4 warning, L4
        ([finding("L5", W)], 4, ("L5",)),
        ([finding("L2", E, waived=True)], 4, ("L2",)),  # waived: counts for nothing but gate 5
        ([finding("L4", E, waived=True)], 5, ()),  # a waiver on a level-4 rule does not stop level 5
        ([finding("L3", W), finding("L2", E)], 1, ("L2",)),
    ],
)
def test_gates(findings: list[Finding], level: int, blockers: tuple[str, ...]) -> None:
    rating = rate(Bundle(doc(), (doc(),)), findings, METAS, CHECKED)
    assert (rating.level, rating.blockers) == (level, blockers)


def test_a_schema_error_leaves_the_bundle_unrated() -> None:
    rating = rate(Bundle(doc(), (doc(),)), [finding("SCHEMA001", E)], METAS, CHECKED)
    assert rating.level is None and rating.name == "Unrated"
    assert rating.progress == 0.0 and rating.blockers == ("SCHEMA001",)


def test_progress_is_the_share_of_checks_toward_the_next_level_that_pass() -> None:
    process = doc()
    rating = rate(Bundle(process, (process,)), [finding("L4", W)], METAS, CHECKED)
    # Level 4; gate 5 counts every rule: 5 checks on the one document, one failing.
    assert rating.level == 4 and rating.checks == 5 and rating.passing == 4
    assert rating.progress == pytest.approx(0.8)


def test_blocks_follows_the_table() -> None:
    assert blocks(finding("L3", E), METAS["L3"], 3) and not blocks(finding("L4", E), METAS["L4"], 3)
    assert blocks(finding("L2", W), METAS["L2"], 3) and not blocks(finding("L3", W), METAS["L3"], 3)
    assert not blocks(finding("L1", INFO), METAS["L1"], 5)


CORPUS = """\
apiVersion: itsmlint/v1
kind: Service
metadata: {name: mail}
spec: {criticality: high, offerings: [serviceoffering:mail-basic]}
---
apiVersion: itsmlint/v1
kind: ServiceOffering
metadata: {name: mail-basic}
spec: {service: service:mail}
---
apiVersion: itsmlint/v1
kind: Risk
metadata: {name: outage}
spec: {affects: [serviceoffering:mail-basic]}
---
apiVersion: itsmlint/v1
kind: Process
metadata: {name: p}
spec: {owner: person:x}
---
apiVersion: itsmlint/v1
kind: Person
metadata: {name: x}
spec: {}
"""


def test_bundles_hold_their_members_and_the_headline_is_the_weakest_of_all() -> None:
    docs = [
        Document("c.yaml", i, v["kind"], v["metadata"]["name"], "default", v, loc)
        for i, v, loc in parse_text(CORPUS, "c.yaml")[0]
    ]
    corpus = Corpus(docs)
    from itsmlint.directory import Directory

    risk_finding = Finding("L3", "l3", E, "m", "c.yaml", 1, 1, (), "risk:outage", fingerprint="r")
    person_finding = Finding("L2", "l2", W, "m", "c.yaml", 1, 1, (), "person:x", fingerprint="p")
    metas = list(METAS.values())
    org = assess(
        corpus, Directory(corpus, dt.date(2026, 1, 1)), [risk_finding, person_finding], metas, [m.id for m in metas]
    )
    by_ref = {r.bundle.ref: r for r in org.ratings}
    assert [d.ref for d in by_ref["service:mail"].bundle.members] == [
        "service:mail",
        "serviceoffering:mail-basic",
        "risk:outage",
    ]
    assert by_ref["service:mail"].level == 2  # the risk affecting its offering counts against it
    assert by_ref["process:p"].level == 2  # so does the owner who is a member
    assert org.weakest_critical is by_ref["service:mail"]  # the only critical bundle
    assert org.critical == (by_ref["service:mail"],)
    assert org.distribution[2] == 2 and org.median == 2
    # A process has no criticality: an error that holds it at level 1 sets the headline, below the critical figure.
    owner_finding = Finding("L2", "l2", E, "m", "c.yaml", 1, 1, (), "process:p", fingerprint="o")
    org = assess(
        corpus, Directory(corpus, dt.date(2026, 1, 1)), [risk_finding, owner_finding], metas, [m.id for m in metas]
    )
    assert org.weakest is not None and org.weakest.bundle.ref == "process:p"
    assert (org.level, org.critical_level) == (1, 2)
