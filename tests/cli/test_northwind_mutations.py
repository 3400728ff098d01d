"""Break the clean sample one field at a time: exactly the expected rule fires.

``samples/northwind`` lints clean. Each case removes one owner, target,
control or other element from one document (or one whole document) and
checks the set of rules that then report. Where one removal rightly breaks
two things (a policy that lists no risks has neither back-links nor risk
coverage), both rules are named, and why.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from itsmlint.engine import run
from itsmlint.loader import LoadResult, load
from itsmlint.model import Document
from itsmlint.options import Options
from itsmlint.registry import builtin_catalog
from itsmlint.settings import build_settings

ROOT = Path(__file__).parents[2]
NORTHWIND = ROOT / "samples" / "northwind"
TODAY = dt.date(2026, 11, 23)
REMOVE = object()

# (document, path inside it or None to drop the whole document, new value or REMOVE, expected rules)
CASES: list[tuple[str, tuple[Any, ...] | None, Any, set[str]]] = [
    # owners
    ("process:incident-management", ("spec", "owner"), REMOVE, {"OWN001"}),
    ("process:incident-management", ("spec", "managers"), REMOVE, {"OWN002"}),
    ("service:email", ("spec", "owner"), REMOVE, {"OWN003"}),
    ("sla:email-standard", ("spec", "provider", "owner"), REMOVE, {"OWN003"}),
    ("risk:sm-account-takeover", ("spec", "owner"), REMOVE, {"RISK001"}),
    ("control:sm-mfa-enforced", ("spec", "owner"), REMOVE, {"RISK004[no-owner]"}),
    # process documentation and shape
    ("process:incident-management", ("spec", "purpose"), REMOVE, {"DOC001"}),
    ("process:incident-management", ("spec", "policies"), REMOVE, {"DOC003"}),
    ("process:incident-management", ("spec", "paths"), REMOVE, {"RIG003[no-exception-path]"}),
    ("process:incident-management", ("spec", "improvement"), REMOVE, {"RIG009"}),
    # without KPIs nothing measures the outcome either
    ("process:incident-management", ("spec", "kpis"), REMOVE, {"DOC004[no-kpis]", "RIG008"}),
    # targets
    ("sla:email-standard", ("spec", "targets", "P1", "resolution"), REMOVE, {"SLA002"}),
    ("sla:email-standard", ("spec", "targets", "P2", "response"), "ASAP", {"SLA004"}),
    ("sla:email-standard", ("spec", "availability", "target"), REMOVE, {"SLA001"}),
    ("sla:email-standard", ("spec", "serviceHours", "timezone"), REMOVE, {"SLA001"}),
    ("sla:email-standard", ("spec", "reporting", "audience"), REMOVE, {"SLA005"}),
    ("sla:email-standard", ("spec", "exclusions"), REMOVE, {"SLA006"}),
    ("sla:email-standard", ("spec", "escalation"), REMOVE, {"SLA007"}),
    ("sla:email-standard", ("spec", "outcomes"), REMOVE, {"SLA008"}),
    # the OLA now needs PT5H for what the SLA promises in PT4H (PT5H is still within the OLA's own P2)
    ("sla:email-infrastructure-ola", ("spec", "targets", "P1", "resolution"), "PT5H", {"SLA009"}),
    # controls
    ("control:sm-mfa-enforced", ("spec", "test", "evidence"), REMOVE, {"RISK005"}),
    # the only control of a social risk: the risk is uncovered (RISK003), so the policy's family is too (SM010)
    ("control:sm-impersonation-monitoring", ("spec", "status"), "planned", {"RISK003", "SM010"}),
    ("control:mail-continuity", ("spec", "status"), "planned", set()),  # its risk has a second, working control
    # a control that is gone leaves its risk pointing at nothing, and uncovered
    ("control:sm-impersonation-monitoring", None, REMOVE, {"REF001[unresolved]", "RISK003", "SM010"}),
    # risks
    ("risk:sm-account-takeover", ("spec", "inherent"), REMOVE, {"RISK002[unscored]"}),
    ("risk:portal-single-site", ("spec", "acceptance"), REMOVE, {"RISK006[not-accepted]"}),
    # the social-media policy
    ("socialmediapolicy:corporate-social", ("spec", "purposes"), REMOVE, {"SM001[prohibition-only]"}),
    ("socialmediapolicy:corporate-social", ("spec", "accounts", 0, "mfa"), REMOVE, {"SM003"}),
    ("socialmediapolicy:corporate-social", ("spec", "publishing", "crisisPath"), REMOVE, {"SM004"}),
    ("socialmediapolicy:corporate-social", ("spec", "personalUse"), REMOVE, {"SM005"}),
    ("socialmediapolicy:corporate-social", ("spec", "retention", "period"), REMOVE, {"SM006[no-retention]"}),
    ("socialmediapolicy:corporate-social", ("spec", "incidentResponse", "playbook"), REMOVE, {"SM007"}),
    ("socialmediapolicy:corporate-social", ("spec", "training"), REMOVE, {"SM008"}),
    ("socialmediapolicy:corporate-social", ("spec", "monitoring", "impersonation"), REMOVE, {"SM009"}),
    # the risks still say they affect the policy (REF005), and the family is no longer covered (SM010)
    ("socialmediapolicy:corporate-social", ("spec", "risks"), REMOVE, {"REF005", "SM010"}),
]


@pytest.fixture(scope="module")
def northwind() -> LoadResult:
    return load([NORTHWIND], ROOT)


def _mutated(loaded: LoadResult, ref: str, path: tuple[Any, ...] | None, value: Any) -> LoadResult:
    documents: list[Document] = []
    found = False
    for doc in loaded.documents:
        if doc.ref != ref:
            documents.append(doc)
            continue
        found = True
        if path is None:
            continue
        data = copy.deepcopy(doc.data)
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        assert path[-1] in parent if isinstance(parent, dict) else path[-1] < len(parent), path
        if value is REMOVE:
            del parent[path[-1]]
        else:
            parent[path[-1]] = value
        documents.append(dataclasses.replace(doc, data=data, _references=None))
    assert found, f"{ref} is not in the sample"
    return LoadResult(documents, list(loaded.problems), loaded.files)


def _rules(loaded: LoadResult) -> set[str]:
    catalog = builtin_catalog()
    settings = build_settings(catalog, start=NORTHWIND)
    return {f.qualified_id for f in run(loaded, catalog, settings, Options(TODAY)).findings}


def test_the_sample_starts_clean(northwind: LoadResult) -> None:
    assert _rules(northwind) == set()


@pytest.mark.parametrize(
    ("ref", "path", "value", "expected"),
    CASES,
    ids=[f"{r}:{'/'.join(map(str, p)) if p else 'whole'}" for r, p, _, _ in CASES],
)
def test_one_removal_fires_exactly_the_expected_rule(
    northwind: LoadResult, ref: str, path: tuple[Any, ...] | None, value: Any, expected: set[str]
) -> None:
    assert _rules(_mutated(northwind, ref, path, value)) == expected
