#!/usr/bin/env python3
"""Build the JSON Schema (Draft 2020-12) of every itsmlint document kind.

This script is the single source of truth for ``itsmlint/schemas/kinds/``
and for ``itsmlint/schemas/document.schema.json``, the combined schema of
every kind: edit the dictionaries below, then run
``python3 tools/gen_schemas.py`` to rewrite the JSON files (``--check`` only
compares and exits 1 on a difference). A unit test regenerates them and
fails when they drift.

Design, in short:

* Only the envelope (``apiVersion``, ``kind``, ``metadata.name``, ``spec``) is
  required. Missing content is reported by the lint rules with their own
  ids, so the schema never duplicates those findings.
* The schema checks shapes and types. Values that a rule judges (MFA modes,
  timeout actions, SLA targets, ...) are left free here, so the rule can say
  what is wrong in its own terms; values that decide which rules apply (a
  risk's treatment, a control's status, a document's status) are enums.
* Every object rejects unknown keys, to catch typos, but accepts extension
  keys that start with ``x-``. Maps keyed by data (SLA ``targets``, the
  priority ``map``, ``labels``) take any key.
* Fields holding a cross-document reference carry ``x-ref``: the lower-case
  kinds they may point to. Whether such a field also takes plain words is
  decided in one list, ``REFERENCE_TEXT`` below, and written into the schema
  as ``x-ref-text`` beside ``x-ref``. ``itsmlint.schema.reference_fields``
  reads both and rule REF001 checks them; validators ignore the keywords.
* Each file is self-contained (its own ``$defs``), so an editor can load one
  file alone, e.g. with a ``# yaml-language-server: $schema=...`` comment.
* The combined schema is for files that mix kinds, as a repository does: it
  holds every kind's schema under ``$defs`` and applies the one its ``kind``
  names (``if`` the kind is X ``then`` X's schema), so an editor validates
  and completes each document of a multi-document file by its own kind, and
  says only what is wrong for that kind (a ``oneOf`` would list every kind's
  complaints). An unknown kind fails the ``kind`` enum.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

# The format's facts (kinds, version, name and duration patterns) are the model's.
from itsmlint.durations import DURATION_PATTERN
from itsmlint.model import API_VERSION, KINDS, NAME_PATTERN

Schema = dict[str, Any]

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS_DIR = ROOT / "itsmlint" / "schemas"
OUT_DIR = SCHEMAS_DIR / "kinds"
COMBINED = "document.schema.json"

DIALECT = "https://json-schema.org/draft/2020-12/schema"
BASE_ID = "https://itsmlint.dev/schemas/v1/"
KIND_NAMES = tuple(KINDS.values())
ANY_KIND = tuple(KINDS)

# Who may stand in which seat (domain.md §8.10).
PEOPLE = ("person", "role")  # approvers, authorities, RACI parties
PEOPLE_OR_TEAM = ("person", "role", "team")
PERSON = ("person",)  # accountable document owners


# --------------------------------------------------------------------------
# Reference fields: which take only references, which also take plain words
# --------------------------------------------------------------------------
#
# domain.md §8.13: a string is a reference only when it starts with one of the
# 13 kinds in lower case; anything else is plain text. So each reference field
# must say what plain text means there. This is the one list that says it; the
# schema's ``x-ref-text`` marks and REF001's behaviour are derived from it, and
# build() refuses a reference field that is missing here (or an entry that
# names no reference field), so the two cannot drift apart.
#
# REFERENCE  Only a reference will do; words are a REF001[not-a-reference]
#            finding. These are the seats §8.10 names (owners, approvers,
#            authorities, escalation targets, RACI parties, handoff ``to``,
#            business owners), the other parties a rule walks (managers, case
#            owners, staffing, membership) and the links between documents
#            (service -> SLA, risk -> control ...): words there would quietly
#            remove an edge the rules rely on.
# OWNER      The same, but words are left to the ownership rules (OWN001,
#            OWN003, RISK001, RISK004), which also name placeholders like TBD.
# PLAIN      Words are accepted: the field names who is served or addressed,
#            often people outside the organisation (debit card holders, the
#            board, a customer's signatory) that no document describes. A value
#            with a kind prefix is still a reference and must resolve.
#
# Paths are dotted field names from the document root; ``[]`` steps into list
# items. A field that takes one reference or a list of them is named once.
REFERENCE = "reference"
OWNER = "owner"
PLAIN = "plain"

REFERENCE_TEXT: dict[str, dict[str, str]] = {
    "*": {  # the envelope, in every kind
        "metadata.approvedBy": REFERENCE,
    },
    "Person": {
        "spec.memberOf": REFERENCE,
    },
    "Team": {
        "spec.owner": OWNER,
        "spec.members": REFERENCE,
        "spec.contract": REFERENCE,
    },
    "Role": {},
    "RoleAssignment": {
        "spec.role": REFERENCE,
        "spec.scope": REFERENCE,
        "spec.assignees": REFERENCE,
        "spec.deputies": REFERENCE,
    },
    "ValueStream": {
        "spec.owner": OWNER,
        "spec.outcomes[].consumer": PLAIN,
        "spec.stages[].processes": REFERENCE,
    },
    "Process": {
        "spec.owner": OWNER,
        "spec.managers": REFERENCE,
        "spec.caseOwner": REFERENCE,
        "spec.valueStreams": REFERENCE,
        "spec.outcomes[].consumer": PLAIN,
        "spec.policies[].enforcedBy": REFERENCE,  # a bare word is a local activity id (REF001 checks it as one)
        "spec.dimensions.people": REFERENCE,
        "spec.dimensions.partners": REFERENCE,
        "spec.kpis[].audience": PLAIN,
        "spec.activities[].raci.responsible": REFERENCE,
        "spec.activities[].raci.accountable": REFERENCE,
        "spec.activities[].raci.consulted": REFERENCE,
        "spec.activities[].raci.informed": REFERENCE,
        "spec.activities[].waitsFor[].escalateTo": REFERENCE,
        "spec.activities[].handoff.to": REFERENCE,
        "spec.activities[].handoff.owner": REFERENCE,
        "spec.activities[].approval.approvers": REFERENCE,
        "spec.paths[].authority": REFERENCE,
        "spec.escalation.functional.to": REFERENCE,
        "spec.escalation.hierarchical.to": REFERENCE,
        "spec.changeTypes[].authority": REFERENCE,
    },
    "Service": {
        "spec.owner": OWNER,
        "spec.consumers": PLAIN,
        "spec.outcomes[].consumer": PLAIN,
        "spec.offerings": REFERENCE,
        "spec.suppliers": REFERENCE,
        "spec.dependsOn": REFERENCE,
    },
    "ServiceOffering": {
        "spec.service": REFERENCE,
        "spec.owner": OWNER,
        "spec.targetConsumers": PLAIN,
        "spec.sla": REFERENCE,
    },
    "SLA": {
        "spec.service": REFERENCE,
        "spec.offering": REFERENCE,
        "spec.provider.owner": OWNER,
        "spec.provider.party": REFERENCE,
        "spec.provider.signatory": REFERENCE,
        # The customer may be outside the organisation (external: true).
        "spec.customer.party": PLAIN,
        "spec.customer.signatory": PLAIN,
        "spec.reporting.audience": PLAIN,
        "spec.escalation[].to": REFERENCE,
        "spec.kpis[].audience": PLAIN,
        "spec.underpinnedBy": REFERENCE,
    },
    "SocialMediaPolicy": {
        "spec.owner": OWNER,
        "spec.guardian": REFERENCE,
        "spec.accounts[].businessOwner": REFERENCE,
        "spec.accounts[].administrators": REFERENCE,
        "spec.publishing.approvers": REFERENCE,
        "spec.publishing.crisisPath.authority": REFERENCE,
        "spec.incidentResponse.playbook": REFERENCE,
        "spec.risks": REFERENCE,
    },
    "Risk": {
        "spec.owner": OWNER,
        "spec.affects": REFERENCE,
        "spec.controls": REFERENCE,
        "spec.acceptance.approvedBy": REFERENCE,
    },
    "Control": {
        "spec.owner": OWNER,
        "spec.mitigates": REFERENCE,
    },
    "Waiver": {
        "spec.target": REFERENCE,
        "spec.owner": OWNER,
        "spec.approvedBy": REFERENCE,
    },
}

#: Appended to the description of every PLAIN field, so that editors show it.
PLAIN_NOTE = (
    "Plain words are accepted for a party no document describes (e.g. small business customers); "
    "a value with a kind prefix (team:sales) is a reference and must resolve."
)


# --------------------------------------------------------------------------
# Building blocks
# --------------------------------------------------------------------------


def _with(schema: Schema, description: str | None) -> Schema:
    """Put the description first, which reads better in the JSON and in editors."""
    if description is None:
        return schema
    return {"description": description, **schema}


def obj(properties: dict[str, Schema], description: str | None = None) -> Schema:
    """A closed object: known keys only, plus ``x-`` extension keys."""
    return _with(
        {
            "type": "object",
            "properties": properties,
            "patternProperties": {"^x-": {}},
            "additionalProperties": False,
        },
        description,
    )


def mapping(values: Schema, description: str | None = None) -> Schema:
    """An object keyed by data (priorities, risk tiers, label names)."""
    return _with({"type": "object", "additionalProperties": values}, description)


def text(description: str | None = None) -> Schema:
    return _with({"type": "string"}, description)


def flag(description: str | None = None) -> Schema:
    return _with({"type": "boolean"}, description)


def date(description: str | None = None) -> Schema:
    return _with({"$ref": "#/$defs/date"}, description)


def duration(description: str | None = None) -> Schema:
    return _with({"$ref": "#/$defs/duration"}, description)


def strings(description: str | None = None) -> Schema:
    return _with({"$ref": "#/$defs/stringList"}, description)


def lst(items: Schema, description: str | None = None) -> Schema:
    return _with({"type": "array", "items": items}, description)


def measure(description: str | None = None) -> Schema:
    """A value a rule judges (number, duration or text): any scalar text or number."""
    return _with({"type": ["number", "string"]}, description)


def text_or_list(description: str | None = None) -> Schema:
    return _with({"type": ["string", "array"], "items": {"type": "string"}}, description)


def ref(kinds: tuple[str, ...], description: str | None = None) -> Schema:
    """One reference, ``kind:name`` or ``kind:namespace/name``, to one of ``kinds``."""
    return _with({"$ref": "#/$defs/ref", "x-ref": list(kinds)}, description)


def refs(kinds: tuple[str, ...], description: str | None = None) -> Schema:
    return lst(ref(kinds), description)


def ref_or_refs(kinds: tuple[str, ...], description: str | None = None) -> Schema:
    """One reference or a list of them: a rule reports the list (e.g. OWN001)."""
    return _with({"type": ["string", "array"], "items": ref(kinds), "x-ref": list(kinds)}, description)


def owner(kinds: tuple[str, ...] = PERSON, description: str | None = None) -> Schema:
    return ref_or_refs(
        kinds, description or "The single accountable owner (one reference; a list is reported by the ownership rules)."
    )


def defs() -> Schema:
    """The shared pieces every kind file carries."""
    return {
        "name": {
            "description": "A lower-case DNS-style label: letters, digits and '-', at most 63 characters.",
            "type": "string",
            "pattern": NAME_PATTERN,
            "maxLength": 63,
        },
        "ref": {
            "description": "A reference to another document: kind:name or kind:namespace/name, e.g. person:jdoe. "
            "Only a lower-case kind prefix makes a reference; plain words are not accepted here. "
            "Whether it resolves is checked by rule REF001.",
            "type": "string",
        },
        "refOrText": {
            "description": "A reference to another document (kind:name, e.g. team:sales), or plain words naming "
            "a party no document describes (e.g. small business customers). Only a lower-case "
            "kind prefix makes a reference, and a reference must resolve (rule REF001).",
            "type": "string",
        },
        "duration": {
            "description": "An ISO 8601 duration such as PT15M, PT4H, P3D, P1M or P1Y.",
            "type": "string",
            "pattern": DURATION_PATTERN,
        },
        "date": {
            "description": "A calendar date, YYYY-MM-DD.",
            "type": "string",
            "format": "date",
        },
        "stringList": {
            "type": "array",
            "items": {"type": "string"},
        },
        "metadata": obj(
            {
                "name": {"$ref": "#/$defs/name", "description": "Unique per kind and namespace; used in references."},
                "namespace": {"$ref": "#/$defs/name", "description": "Optional; 'default' when absent."},
                "title": text("A human-readable title."),
                "description": text(),
                "labels": mapping({"type": "string"}, "Free key/value labels for grouping and selection."),
                "annotations": mapping({"type": "string"}, "Free key/value notes for tools, e.g. itsmlint/waivers."),
                "status": {
                    "description": "Lifecycle state of the document (rule GOV002).",
                    "enum": ["draft", "approved", "retired"],
                },
                "version": _with({"type": ["string", "number"]}, 'The document\'s own version, e.g. "2.1".'),
                "approvedBy": ref(PEOPLE, "Who approved this version."),
                "approvedOn": date("When this version was approved."),
                "lastReviewed": date("Date of the latest review (rule GOV001)."),
                "reviewCycle": duration("How often the document is reviewed, e.g. P12M."),
            },
            "Identity and governance data shared by every kind. Only name is required.",
        ),
    }


def document(kind: str, description: str, spec: Schema) -> Schema:
    """Wrap a kind's spec in the common envelope."""
    return {
        "$schema": DIALECT,
        "$id": f"{BASE_ID}{kind.lower()}.schema.json",
        "title": f"itsmlint {kind}",
        "description": description,
        "type": "object",
        "required": ["apiVersion", "kind", "metadata", "spec"],
        "properties": {
            "apiVersion": {"description": "Format version of the document.", "const": API_VERSION},
            "kind": {"description": "Document kind.", "const": kind},
            "metadata": {"$ref": "#/$defs/metadata"},
            "spec": spec,
        },
        "patternProperties": {"^x-": {}},
        "additionalProperties": False,
        "$defs": defs(),
    }


# --------------------------------------------------------------------------
# Shared shapes used by more than one kind
# --------------------------------------------------------------------------


def outcome_item() -> Schema:
    """A consumer outcome: plain text, or an object with an id and a consumer."""
    schema = obj(
        {
            "id": text("Local id, used by kpis[].outcome."),
            "consumer": ref(PEOPLE_OR_TEAM, "Who benefits from the outcome."),
            "description": text("What the consumer achieves."),
        },
        "An outcome the consumer wants: text, or {id, consumer, description}.",
    )
    schema["type"] = ["string", "object"]
    return schema


def kpi_item() -> Schema:
    target = obj(
        {
            "op": text("Comparison, e.g. <=, >=, =."),
            "value": measure("The threshold; a number (rule DOC004)."),
            "unit": text("Unit of the value, e.g. h, %, count."),
        },
        "The target: {op, value, unit}. Text or a bare number is accepted here and judged by rule SLA004.",
    )
    target["type"] = ["object", "string", "number"]
    return obj(
        {
            "id": text("Local id of the KPI."),
            "name": text(),
            "description": text(),
            "outcome": text("Local id of the outcome this KPI measures (rule RIG008)."),
            "target": target,
            "source": text("Where the data comes from, e.g. itsm-tool."),
            "frequency": duration("How often it is measured or reported."),
            "audience": refs(PEOPLE_OR_TEAM, "Who reads and uses it."),
            "scope": text("What is measured, e.g. service, team or individual (rule RIG010)."),
        },
        "A key performance indicator.",
    )


# --------------------------------------------------------------------------
# Kinds
# --------------------------------------------------------------------------


def person() -> Schema:
    return document(
        "Person",
        "An individual who can own, approve or perform work.",
        obj(
            {
                "displayName": text("Name as shown to people."),
                "email": text(),
                "memberOf": refs(("team",), "Teams the person belongs to; used to find handoffs."),
                "active": flag("False once the person has left or may not be assigned (rule REF002)."),
                "leftOn": date("Date the person left; on or before today means inactive."),
            },
            "What the person is and where they belong.",
        ),
    )


def team() -> Schema:
    return document(
        "Team",
        "An internal team or an external supplier.",
        obj(
            {
                "type": {"description": "internal or supplier.", "enum": ["internal", "supplier"]},
                "description": text(),
                "owner": owner(PERSON, "The person accountable for the team (for suppliers, the contract owner)."),
                "members": refs(PERSON, "People in the team."),
                "contract": ref(("sla",), "For suppliers: the underpinning contract (an SLA document of type uc)."),
            },
            "Team type, owner and members.",
        ),
    )


def role() -> Schema:
    return document(
        "Role",
        "A named role that people are assigned to.",
        obj(
            {
                "category": {
                    "description": "The kind of role.",
                    "enum": [
                        "process-owner",
                        "process-manager",
                        "practitioner",
                        "service-owner",
                        "service-level-manager",
                        "approver",
                        "other",
                    ],
                },
                "description": text(),
                "competencies": strings("Skills a holder needs (rule DOC005)."),
                "authorities": strings("Decisions a holder may take."),
            },
            "What the role is and what it needs.",
        ),
    )


def role_assignment() -> Schema:
    return document(
        "RoleAssignment",
        "Binds a role to people, for one document or everywhere, for a period.",
        obj(
            {
                "role": ref(("role",), "The role being staffed."),
                "scope": ref(ANY_KIND, "The document the assignment applies to; absent means everywhere."),
                "assignees": refs(PERSON, "Who holds the role."),
                "deputies": refs(PERSON, "Who stands in; not counted as holders."),
                "validFrom": date("First day the assignment counts."),
                "validUntil": date("Last day the assignment counts."),
            },
            "Role, scope, holders and validity.",
        ),
    )


def value_stream() -> Schema:
    return document(
        "ValueStream",
        "A value stream of the operating model, with its conductor and stages.",
        obj(
            {
                "description": text(),
                "owner": owner(PERSON, "The conductor: one person above the domain level (rule OWN004)."),
                "outcomes": lst(outcome_item(), "What the stream delivers to its consumers."),
                "stages": lst(
                    obj(
                        {
                            "name": text("Stage name, e.g. Demand, Plan, Build, Run."),
                            "description": text(),
                            "processes": refs(("process",), "Processes that run in this stage."),
                        },
                        "One stage of the stream.",
                    ),
                    "The stages in order.",
                ),
            },
            "Owner, outcomes and stages.",
        ),
    )


def process() -> Schema:
    raci = obj(
        {
            "responsible": ref_or_refs(PEOPLE, "Who does the work (rule RACI002)."),
            "accountable": ref_or_refs(PEOPLE, "The one party answerable for the result (rule RACI001)."),
            "consulted": ref_or_refs(PEOPLE, "Who is asked before or during the work."),
            "informed": ref_or_refs(PEOPLE, "Who is told afterwards."),
            "approval": flag("True when this activity is an approval by its Accountable."),
        },
        "Who is Responsible, Accountable, Consulted and Informed.",
    )
    wait = obj(
        {
            "on": text("What is awaited: activity:<id> (a local activity) or event:<name> (an external event)."),
            "timeout": duration("How long to wait before the timeout action (rule RIG001)."),
            "onTimeout": text("What happens at the timeout: escalate, proceed, reroute or cancel."),
            "escalateTo": ref(PEOPLE, "Who is alerted when onTimeout is escalate."),
        },
        "A blocking wait.",
    )
    activity = obj(
        {
            "id": text("Local id, used by after, waitsFor and enforcedBy."),
            "name": text(),
            "description": text("What is done."),
            "procedure": obj(
                {
                    "ref": text("Path or link to the procedure document."),
                    "steps": strings("The steps, when written inline."),
                },
                "How it is done: a link or inline steps.",
            ),
            "raci": raci,
            "inputs": strings("What the activity consumes."),
            "outputs": strings("What the activity produces."),
            "customerFacing": flag("True when the customer is present or waiting."),
            "after": text_or_list("Ids of the activities that must finish first."),
            "waitsFor": lst(wait, "Blocking waits on other activities or external events."),
            "handoff": obj(
                {
                    "to": ref(PEOPLE_OR_TEAM, "Who takes the work over."),
                    "owner": ref(PEOPLE_OR_TEAM, "Who keeps ownership of the case across the handoff."),
                    "acceptance": text_or_list("What must hold for the receiver to accept the work."),
                },
                "Handoff of the work to another party.",
            ),
            "rationale": text("Why this activity must come after its predecessors, or why it needs many steps."),
            # domain.md §8.9 puts appliesTo on the approval activity; the schema
            # has long had it inside approval. Both mean the same (rule RIG004).
            "appliesTo": strings(
                "Change types this approval activity gates, e.g. [normal, emergency]; the same as approval.appliesTo."
            ),
            "loop": obj(
                {
                    "maxIterations": {
                        "description": "Upper bound on the rework loop.",
                        "type": "integer",
                        "minimum": 1,
                    },
                },
                "Marks a bounded rework loop.",
            ),
            "approval": obj(
                {
                    "approvers": refs(PEOPLE, "Who approves."),
                    "mode": {
                        "description": "any: one approver suffices; all: every approver must approve.",
                        "enum": ["any", "all"],
                    },
                    "appliesTo": strings("Change types this approval gates, e.g. [normal, emergency]."),
                },
                "Makes this activity an approval step.",
            ),
        },
        "One activity of the process.",
    )
    authority = _with(
        {
            "type": ["string", "object"],
            "additionalProperties": ref(PEOPLE, "The authority for this risk tier."),
        },
        "The change authority: pre-authorized, a reference, or a map from risk tier (low, medium, high) "
        "to a reference.",
    )
    return document(
        "Process",
        "A process or ITIL 4 practice with its owner, activities and governance.",
        obj(
            {
                "practice": text("ITIL 4 practice key, e.g. incident-management or change-enablement."),
                "purpose": text("The outcome the process exists for (rule DOC001)."),
                "scope": text("Where the process starts and stops."),
                "owner": owner(
                    PEOPLE, "The process owner: one person, or a role held by exactly one person (rule OWN001)."
                ),
                "managers": refs(PEOPLE, "Process managers (rule OWN002)."),
                "caseOwner": ref(PEOPLE_OR_TEAM, "Single point of contact who keeps the case across handoffs."),
                "valueStreams": refs(("valuestream",), "Value streams this process serves."),
                "outcomes": lst(outcome_item(), "Customer outcomes the process serves (rule RIG008)."),
                "policies": lst(
                    obj(
                        {
                            "id": text(),
                            "statement": text("The rule, e.g. All incidents must be logged."),
                            "enforcedBy": lst(
                                ref(("control", "activity")), "Local activity ids or control references enforcing it."
                            ),
                        },
                        "A policy that governs the process.",
                    ),
                    "Policies (rule DOC003).",
                ),
                "dimensions": obj(
                    {
                        "people": refs(PEOPLE_OR_TEAM, "Roles and people involved."),
                        "process": strings("Related processes or value streams."),
                        "tools": strings("Tools and information systems."),
                        "partners": refs(("team",), "Partner and supplier teams; [] when none."),
                    },
                    "The four dimensions (rule DOC005).",
                ),
                "kpis": lst(kpi_item(), "Key performance indicators (rule DOC004)."),
                "activities": lst(activity, "The activities; their order forms the process graph."),
                "paths": lst(
                    obj(
                        {
                            "type": text("expedite, exception or emergency."),
                            "description": text(),
                            "trigger": text("When the path may be taken."),
                            "authority": ref(PEOPLE, "Who may take the path."),
                            "skips": strings("Ids of activities the path may bypass."),
                        },
                        "A sanctioned deviation from the normal flow.",
                    ),
                    "Exception, expedite and emergency paths (rule RIG003).",
                ),
                "escalation": obj(
                    {
                        "functional": obj(
                            {
                                "after": duration("When to escalate, e.g. PT30M."),
                                "to": ref(PEOPLE_OR_TEAM, "Who receives the escalation."),
                            },
                            "Escalation to more expertise.",
                        ),
                        "hierarchical": obj(
                            {
                                "on": text_or_list("Conditions that trigger it, e.g. [P1, sla-at-risk]."),
                                "to": ref(PEOPLE, "Who receives the escalation."),
                            },
                            "Escalation to more authority.",
                        ),
                    },
                    "Functional and hierarchical escalation.",
                ),
                "improvement": obj(
                    {
                        "reviewFrequency": duration("How often the process is reviewed for improvement."),
                        "feedbackFrom": strings("KPI ids or other feedback sources used."),
                        "register": text("Where improvements are recorded, e.g. a URL."),
                        "lastReview": date("Date of the latest improvement review."),
                    },
                    "Continual-improvement loop (rule RIG009).",
                ),
                "changeTypes": lst(
                    obj(
                        {
                            "type": text("standard, normal or emergency."),
                            "description": text(),
                            "authority": authority,
                            "postReview": flag("True when changes of this type are reviewed afterwards."),
                        },
                        "A change type and who authorises it.",
                    ),
                    "Change types, for practice change-enablement (rules RIG003, RIG004).",
                ),
            },
            "Process content.",
        ),
    )


def service() -> Schema:
    return document(
        "Service",
        "A service in the catalogue.",
        obj(
            {
                "description": text(),
                "owner": owner(PERSON, "The service owner: one person (rule OWN003)."),
                "type": text("Kind of service, e.g. business or technical."),
                "consumers": refs(PEOPLE_OR_TEAM, "Who consumes the service."),
                "outcomes": lst(outcome_item(), "Outcomes consumers achieve with the service."),
                "offerings": refs(("serviceoffering",), "Offerings of this service."),
                "suppliers": refs(("team",), "Supplier teams the service depends on."),
                "dependsOn": refs(("service",), "Services this one depends on."),
                "criticality": text("Business criticality, e.g. high."),
                "sla": text("none to opt out of an SLA (with a rationale), or a reference to the SLA."),
                "rationale": text("Why no SLA applies, when sla is none."),
            },
            "Ownership, consumers and structure of the service.",
        ),
    )


def service_offering() -> Schema:
    return document(
        "ServiceOffering",
        "An ITIL 4 service offering: goods, access to resources and service actions for a target group.",
        obj(
            {
                "description": text(),
                "service": ref(("service",), "The service offered."),
                "owner": owner(PERSON),
                "targetConsumers": refs(PEOPLE_OR_TEAM, "Who the offering is for."),
                "goods": strings("Goods handed over to the consumer; [] when none."),
                "accessToResources": strings("Resources the consumer may use; [] when none."),
                "serviceActions": strings("Actions performed for the consumer; [] when none."),
                "sla": ref(("sla",), "The SLA that covers this offering."),
            },
            "Content of the offering.",
        ),
    )


def sla() -> Schema:
    party = obj(
        {
            "owner": owner(PERSON, "The accountable service level manager (rule OWN003)."),
            "party": ref(PEOPLE_OR_TEAM, "The providing team or supplier."),
            "signatory": ref(PEOPLE, "Who signs for the provider."),
        },
        "The provider side.",
    )
    customer = obj(
        {
            "party": ref(PEOPLE_OR_TEAM, "The customer team or person."),
            "signatory": ref(PEOPLE, "Who signs for the customer."),
        },
        "The customer side.",
    )
    target = obj(
        {
            "response": measure("Time to respond, an ISO 8601 duration (rule SLA004)."),
            "resolution": measure("Time to resolve, an ISO 8601 duration."),
            "update": measure("Interval between progress updates, an ISO 8601 duration."),
            "clock": text("Which clock runs: 24x7 or service-hours."),
        },
        "Targets for one priority.",
    )
    remedies = obj(
        {
            "serviceCredits": {"description": "Credits owed on a breach, in any form."},
            "cap": measure("Maximum total credit."),
            "description": text(),
        },
        "none, or what the customer gets on a breach.",
    )
    remedies["type"] = ["string", "object"]
    return document(
        "SLA",
        "A service level agreement (sla), operational level agreement (ola) or underpinning contract (uc).",
        obj(
            {
                "type": {"description": "sla, ola or uc.", "enum": ["sla", "ola", "uc"]},
                "description": text(),
                "external": flag("True when the customer is outside the organisation."),
                "service": ref(("service",), "The service covered."),
                "offering": ref(("serviceoffering",), "The offering covered; it must belong to the service."),
                "provider": party,
                "customer": customer,
                "validFrom": date(),
                "validUntil": date(),
                "serviceHours": obj(
                    {
                        "schedule": text("When the service is supported, e.g. Mon-Fri 08:00-18:00 or 24x7."),
                        "timezone": text("IANA time zone, e.g. Europe/London."),
                        "holidays": text_or_list("Holiday calendar(s)."),
                    },
                    "Support hours (rule SLA001).",
                ),
                "availability": obj(
                    {
                        "target": measure("Percentage in (0, 100], e.g. 99.9 (rule SLA001)."),
                        "period": duration("Measurement period, e.g. P1M."),
                        "measurement": obj(
                            {
                                "method": text("How availability is measured."),
                                "source": text("Where the data comes from."),
                            }
                        ),
                        "unavailableWhen": text("What counts as down."),
                    },
                    "Availability commitment.",
                ),
                "priorityMatrix": obj(
                    {
                        "impact": strings("Impact levels, highest first."),
                        "urgency": strings("Urgency levels, highest first."),
                        "map": mapping(mapping({"type": "string"}), "impact -> urgency -> priority name."),
                    },
                    "How impact and urgency map to priorities (rule SLA002).",
                ),
                "defaultClock": text("Clock for targets that set none: 24x7 or service-hours."),
                "targets": mapping(target, "Targets per priority name, e.g. P1."),
                "measurement": obj(
                    {
                        "source": text("Where target compliance is measured."),
                        "method": text(),
                        "pauseWhen": strings("Conditions that stop the clock; each must be an exclusion."),
                    },
                    "How compliance is measured.",
                ),
                "workloadLimits": mapping(measure(), "Volumes the targets assume, e.g. incidentsPerMonth: 400."),
                "exclusions": strings("What the targets do not cover; [] when nothing."),
                "customerResponsibilities": strings("What the customer must do."),
                "reporting": obj(
                    {
                        "frequency": duration("How often performance is reported."),
                        "audience": refs(PEOPLE_OR_TEAM, "Who receives the reports."),
                    },
                    "Service reporting (rule SLA005).",
                ),
                "review": obj(
                    {
                        "frequency": duration("How often the agreement is reviewed."),
                        "withCustomer": flag("True when reviews include the customer."),
                        "lastReview": date(),
                    },
                    "Agreement review.",
                ),
                "escalation": lst(
                    obj(
                        {
                            "at": measure("Share of the target consumed, e.g. 75%."),
                            "to": ref(PEOPLE, "Who is alerted."),
                            "description": text(),
                        },
                        "One escalation step.",
                    ),
                    "Escalation steps as the target is consumed (rule SLA007).",
                ),
                "remedies": remedies,
                "remediesRationale": text("Why there are no remedies."),
                "outcomes": lst(
                    obj(
                        {
                            "id": text(),
                            "metric": text("The business or experience measure."),
                            "target": measure('e.g. ">= 98%".'),
                            "source": text("Where it is measured."),
                            "description": text(),
                        },
                        "An outcome-based measure.",
                    ),
                    "Outcome measures (rule SLA008).",
                ),
                "kpis": lst(kpi_item(), "Further indicators."),
                "underpinnedBy": refs(("sla",), "OLAs and UCs that back this agreement (rule SLA009)."),
            },
            "Content of the agreement.",
        ),
    )


def social_media_policy() -> Schema:
    account = obj(
        {
            "id": text(),
            "platform": text("e.g. linkedin."),
            "handle": text("The account name on the platform."),
            "purpose": text("The business use of the account."),
            "businessOwner": ref(PEOPLE_OR_TEAM, "Who owns the account on the business side."),
            "registeredWith": text("Mailbox the account is registered with."),
            "administrators": refs(PERSON, "Named administrators."),
            "mfa": _with({"type": ["string", "boolean"]}, "enforced, optional or none (rule SM003)."),
            "mfaRecovery": obj(
                {
                    "owner": text("Who controls the recovery method, e.g. corporate."),
                    "method": text(),
                },
                "MFA recovery.",
            ),
            "credentials": obj(
                {
                    "store": text("Where credentials are kept, e.g. vault:social/linkedin."),
                    "shared": flag("True when a login is shared."),
                }
            ),
            "thirdPartyApps": lst(
                obj(
                    {
                        "name": text(),
                        "approved": flag(),
                        "reviewedOn": date(),
                    }
                ),
                "Connected third-party applications.",
            ),
            "lastAccessReview": date(),
            "archive": obj(
                {
                    "enabled": flag("True when content is archived."),
                    "system": text(),
                }
            ),
        },
        "An official account.",
    )
    return document(
        "SocialMediaPolicy",
        "Corporate social-media governance: enablement, custody, security and response.",
        obj(
            {
                "description": text(),
                "owner": owner(PERSON, "The business owner of the policy."),
                "guardian": ref(PEOPLE_OR_TEAM, "The IT guardian of the accounts."),
                "jurisdictions": strings("Country codes, e.g. [US, UK]."),
                "purposes": strings("Business uses the policy enables (rule SM001)."),
                "prohibitions": strings(),
                "accounts": lst(account, "Official accounts."),
                "publishing": obj(
                    {
                        "approvalRequired": flag(),
                        "approvers": refs(PEOPLE),
                        "crisisPath": obj(
                            {
                                "authority": ref(PEOPLE, "Who may post urgently."),
                                "maxDelay": duration("How fast an urgent post goes out."),
                            },
                            "Fast path for urgent posts.",
                        ),
                    },
                    "Publishing approval (rule SM004).",
                ),
                "personalUse": obj(
                    {
                        "allowed": flag(),
                        "disclosureRequired": flag(
                            "Employees disclose their employment when they promote the employer."
                        ),
                        "confidentiality": text("The confidentiality clause."),
                        "protectedActivityNotice": flag("Rules do not restrict legally protected employee activity."),
                    },
                    "Personal use by staff (rule SM005).",
                ),
                "retention": obj(
                    {
                        "period": duration("How long official content is kept, e.g. P3Y."),
                        "system": text(),
                        "legalHold": flag(),
                        "regulated": flag("True for regulated firms with a minimum retention."),
                    },
                    "Records retention (rule SM006).",
                ),
                "incidentResponse": obj(
                    {
                        "playbook": ref(("process",), "The account-takeover response process."),
                        "platformContacts": strings("Support channels of the platforms."),
                    },
                    "Account-takeover response (rule SM007).",
                ),
                "training": obj(
                    {
                        "required": flag(),
                        "audience": strings("Groups trained, e.g. [all-staff, account-admins]."),
                        "frequency": duration(),
                        "topics": strings(),
                    },
                    "Awareness training (rule SM008).",
                ),
                "monitoring": obj(
                    {
                        "impersonation": flag(),
                        "brandMentions": flag(),
                        "accessReviewFrequency": duration(),
                    },
                    "Monitoring and access reviews (rule SM009).",
                ),
                "offboarding": obj(
                    {
                        "revokeWithin": duration("How soon a leaver's access is removed."),
                        "rotateCredentials": flag(),
                    },
                    "Leavers (rule SM009).",
                ),
                "risks": refs(("risk",), "Risks the policy addresses (rule SM010)."),
            },
            "Content of the policy.",
        ),
    )


def risk() -> Schema:
    def score(description: str) -> Schema:
        return obj(
            {
                "likelihood": measure("On the agreed scale, 1..5 by default."),
                "impact": measure("On the agreed scale, 1..5 by default."),
                "rationale": text(),
            },
            description,
        )

    return document(
        "Risk",
        "An entry of the risk register.",
        obj(
            {
                "title": text(),
                "description": text(),
                "owner": owner(PERSON, "The risk owner: one person (rule RISK001)."),
                "tags": strings("Risk family tags, e.g. account-takeover."),
                "affects": refs(ANY_KIND, "Documents exposed to the risk."),
                "inherent": score("Score before controls (rule RISK002)."),
                "residual": score("Score after controls; a rationale when it exceeds the inherent score."),
                "target": score("The score aimed for."),
                "treatment": {
                    "description": "How the risk is treated; mitigate and transfer need a working control "
                    "(rule RISK003).",
                    "enum": ["mitigate", "accept", "transfer", "avoid"],
                },
                "controls": refs(("control",), "Controls that treat the risk (rule RISK003)."),
                "acceptance": obj(
                    {
                        "approvedBy": ref(PEOPLE),
                        "approvedOn": date(),
                        "expires": date(),
                        "rationale": text(),
                    },
                    "Formal acceptance of the residual risk (rule RISK006).",
                ),
            },
            "Content of the risk.",
        ),
    )


def control() -> Schema:
    return document(
        "Control",
        "A control that treats one or more risks.",
        obj(
            {
                "title": text(),
                "description": text(),
                "owner": owner(PERSON, "The control owner: one person (rule RISK004)."),
                "type": text("preventive, detective or corrective."),
                "automation": text("e.g. automated or manual."),
                "mitigates": refs(("risk",), "Risks the control treats."),
                "frameworks": strings("Framework references, e.g. iso27001:2022/A.8.5."),
                "status": {
                    "description": "Only an implemented control covers a risk (rule RISK003).",
                    "enum": ["planned", "implemented", "retired"],
                },
                "evidence": text_or_list("Where evidence of the control is kept."),
                "test": obj(
                    {
                        "frequency": duration("How often the control is tested."),
                        "lastTested": date(),
                        "result": text("e.g. pass or fail."),
                        "evidence": text_or_list("Link to the test evidence."),
                    },
                    "Control testing (rule RISK005).",
                ),
            },
            "Content of the control.",
        ),
    )


def waiver() -> Schema:
    return document(
        "Waiver",
        "A time-boxed, approved exception to one rule on one document.",
        obj(
            {
                "rule": text("The rule id, e.g. RIG004."),
                "target": ref(ANY_KIND, "The document waived, optionally with #fragment."),
                "reason": text("Why the exception is needed."),
                "owner": ref(PEOPLE, "Who owns the exception."),
                "approvedBy": ref(PEOPLE, "Who approved it; not the target's owner."),
                "approvedOn": date(),
                "expires": date(),
                "ticket": text("Tracking reference."),
            },
            "Content of the waiver.",
        ),
    )


BUILDERS = {
    "Person": person,
    "Team": team,
    "Role": role,
    "RoleAssignment": role_assignment,
    "ValueStream": value_stream,
    "Process": process,
    "Service": service,
    "ServiceOffering": service_offering,
    "SLA": sla,
    "SocialMediaPolicy": social_media_policy,
    "Risk": risk,
    "Control": control,
    "Waiver": waiver,
}


def _reference_nodes(schema: Schema) -> dict[str, list[tuple[Schema, Schema]]]:
    """Field path -> (the field's node, a node carrying ``x-ref``) for every reference field.

    The ``x-ref`` node is the field itself (one reference), its list items, or
    the values of a mapping (a change type's authority per risk tier); the
    field's node is the one that carries the description. ``$defs`` entries are
    followed, so the envelope's fields are found under ``metadata``.
    """
    definitions: dict[str, Schema] = schema["$defs"]
    found: dict[str, list[tuple[Schema, Schema]]] = {}

    def walk(node: object, path: str, field: Schema, via: frozenset[str]) -> None:
        if not isinstance(node, dict):
            return
        target = node.get("$ref", "")
        name = target.removeprefix("#/$defs/")
        if name in definitions and name not in via:
            walk(definitions[name], path, field, via | {name})
        if "x-ref" in node:
            found.setdefault(path, []).append((field, node))
        for key, sub in node.get("properties", {}).items():
            walk(sub, f"{path}.{key}" if path else key, sub, via)
        walk(node.get("items"), f"{path}[]", field, via)
        walk(node.get("additionalProperties"), path, field, via)

    walk(schema, "", schema, frozenset())
    # A list of references is named by its field, not by its items.
    named: dict[str, list[tuple[Schema, Schema]]] = {}
    for path, nodes in found.items():
        named.setdefault(path.removesuffix("[]"), []).extend(nodes)
    return named


def mark_reference_text(kind: str, schema: Schema) -> Schema:
    """Write REFERENCE_TEXT into ``schema``: ``x-ref-text`` marks and the descriptions of PLAIN fields."""
    listed = {**REFERENCE_TEXT["*"], **REFERENCE_TEXT[kind]}
    fields = _reference_nodes(schema)
    unlisted = sorted(set(fields) - set(listed))
    unknown = sorted(set(listed) - set(fields))
    if unlisted or unknown:
        raise SystemExit(
            f"REFERENCE_TEXT and the {kind} schema disagree: not listed {unlisted}, not reference fields {unknown}"
        )
    for path, mode in listed.items():
        described: set[int] = set()
        for field, node in fields[path]:
            if mode == REFERENCE:
                continue
            node["x-ref-text"] = mode
            if mode == PLAIN:
                if node.get("$ref") == "#/$defs/ref":
                    node["$ref"] = "#/$defs/refOrText"
                if id(field) not in described:
                    described.add(id(field))
                    field["description"] = (
                        f"{field['description']} {PLAIN_NOTE}" if field.get("description") else PLAIN_NOTE
                    )
    return schema


def build() -> dict[str, Schema]:
    """Every kind's schema, keyed by canonical kind name."""
    return {kind: mark_reference_text(kind, BUILDERS[kind]()) for kind in KIND_NAMES}


def combined(schemas: dict[str, Schema]) -> Schema:
    """One schema for a document of any kind: the kind's own schema, chosen by ``kind``.

    Every kind's schema carries the same shared ``$defs`` (``defs()``), so
    they are kept once at the top, and each kind's schema, less its own
    ``$schema``, ``$id`` and ``$defs``, sits beside them under its kind name;
    the ``#/$defs/...`` references inside it then resolve as they did.
    """
    shared = defs()
    bodies: dict[str, Schema] = {}
    for kind, schema in schemas.items():
        if schema["$defs"] != shared:
            raise SystemExit(f"the {kind} schema has $defs of its own; the combined schema cannot share them")
        bodies[kind] = {key: value for key, value in schema.items() if key not in ("$schema", "$id", "$defs")}
    return {
        "$schema": DIALECT,
        "$id": f"{BASE_ID}{COMBINED}",
        "title": "itsmlint document (any kind)",
        "description": "Any itsmlint document: the schema of the kind it names applies. For editors, on files that "
        "mix kinds; `itsmlint schema KIND` prints one kind's schema alone.",
        "type": "object",
        "required": ["apiVersion", "kind", "metadata", "spec"],
        "properties": {
            "apiVersion": {"description": "Format version of the document.", "const": API_VERSION},
            "kind": {"description": "Document kind: which schema applies.", "enum": list(KIND_NAMES)},
        },
        "allOf": [
            {"if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]}, "then": {"$ref": f"#/$defs/{kind}"}}
            for kind in KIND_NAMES
        ],
        "$defs": {**shared, **bodies},
    }


def render(schema: Schema) -> str:
    """The committed text of one schema file."""
    return json.dumps(schema, indent=2, sort_keys=False) + "\n"


def files() -> dict[str, str]:
    """Path below ``itsmlint/schemas/`` -> text: every kind's schema, and the combined one."""
    schemas = build()
    out = {f"kinds/{kind.lower()}.schema.json": render(schema) for kind, schema in schemas.items()}
    out[COMBINED] = render(combined(schemas))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true", help="compare only; exit 1 if a file differs")
    parser.add_argument(
        "--out", type=Path, default=SCHEMAS_DIR, help="output directory (the kind schemas go to its kinds/ folder)"
    )
    args = parser.parse_args(argv)
    stale = []
    for name, content in files().items():
        path = args.out / name
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current != content:
            stale.append(name)
            if not args.check:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(content, encoding="utf-8")
    if args.check and stale:
        print("out of date: " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
