"""Documents that start right: ``itsmlint init`` (a starter repository) and ``itsmlint new`` (one document).

``new`` writes every field the kind's schema knows (the schemas are
generated from the catalog's needs, ``tools/gen_schemas.py``), each with a
one-line comment of what goes there, and the placeholder ``TBD`` where a
value is needed. The rules report each placeholder (an owner that is
``TBD``, a purpose too short, a duration that is not one), so the linter
guides the writer field by field until none is left.

``init`` writes a configuration that extends a chosen preset, the
pre-commit configuration, a GitHub Actions workflow, and a small
organisation (two people, a team, a role and its assignment, one process)
that lints clean at every level, dated from the day given, so that the
first ``itsmlint check`` passes and the files show what a finished document
looks like.

Pure text: nothing here reads or writes files (the command line does).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from itsmlint.model import API_VERSION, KINDS
from itsmlint.schema import schema_for

PLACEHOLDER = "TBD"
#: How deep ``new`` writes nested mappings and lists of mappings.
_DEPTH = 4
#: Comments for the few fields whose schema has no description.
_FALLBACK = {
    "title": "A short, readable title.",
    "description": "What it is, in a sentence or two.",
    "email": "The person's work e-mail address.",
    "prohibitions": "What may not be posted (confidential information, customer data...).",
    "id": "A local id, unique in this list (lower case, with hyphens).",
    "name": "A readable name.",
    "rationale": "Why, in a sentence.",
    "method": "How it is measured.",
    "source": "Where the data comes from, e.g. a monitoring tool.",
    "store": "Where the credentials are kept, e.g. vault:social/linkedin.",
    "shared": "true when several people share one login (they should not).",
    "approved": "true once the app is approved.",
    "enabled": "true when the content is archived.",
    "system": "The archive system.",
    "approvalRequired": "true when posts need approval before they go out.",
    "approvers": "Who approves posts.",
    "allowed": "true when staff may post about work on their own accounts.",
    "legalHold": "true when content can be held for litigation.",
    "required": "true when the training is mandatory.",
    "topics": "What the training covers, e.g. social-engineering, phishing.",
    "incidentsPerMonth": "The volume the targets hold for.",
    "measurement": "How availability is measured.",
    "credentials": "Where the login is kept, and whether it is shared.",
    "archive": "Whether, and where, the account's content is archived.",
}
#: Data-keyed mappings: ``new`` writes one entry under an example key, so the rules see a complete shape.
_EXAMPLE_KEYS = {
    ("spec", "targets"): "P1",
    ("spec", "priorityMatrix", "map"): PLACEHOLDER,
    ("spec", "workloadLimits"): "incidentsPerMonth",
}
#: Lists that may rightly stay empty: a placeholder in them would be a finding about nothing (one party
#: holding every RACI letter, an activity waiting for itself).
_EMPTY = frozenset({"consulted", "informed", "after", "skips", "deputies"})
#: Fields whose value decides which checks apply; ``new`` writes the commonest, with the others in the comment.
_CHOSEN = {("spec", "paths", "type"): "expedite"}
#: What the example entry of a data-keyed mapping stands for.
_ENTRY = {
    "map": "An impact, mapped to {an urgency: its priority}.",
    "workloadLimits": "The number the targets hold for.",
}
#: A mapping of at most this many plain fields is written on one line, as the documents usually are.
_INLINE = 3


#: What a shared definition holds, said short (its own description explains the whole format).
_DEFS = {
    "ref": "A reference, kind:name (e.g. person:jdoe).",
    "date": "A date, YYYY-MM-DD.",
    "duration": "An ISO 8601 duration (PT4H, P3D, P1M).",
    "name": "A lower-case name.",
    "refOrText": "A reference (team:sales), or plain words for a party no document describes.",
}


def _resolve(node: Any, defs: dict[str, Any]) -> dict[str, Any]:
    while isinstance(node, dict) and "$ref" in node:
        name = str(node["$ref"]).rsplit("/", 1)[-1]
        extra = {k: v for k, v in node.items() if k != "$ref"}
        shared = {k: v for k, v in defs.get(name, {}).items() if k != "description"}
        node = {**shared, "x-def": name, **extra}
    return node if isinstance(node, dict) else {}


def _comment(node: dict[str, Any], key: str) -> str:
    text = str(node.get("description") or _FALLBACK.get(key) or _DEFS.get(str(node.get("x-def")), ""))
    enum = node.get("enum")
    if isinstance(enum, list) and "one of" not in text:
        text = f"{text} One of: {', '.join(str(e) for e in enum)}.".strip()
    return " ".join(text.split())


def _is_object(node: dict[str, Any]) -> bool:
    return node.get("type") == "object" or "properties" in node


def _fields(
    node: dict[str, Any], defs: dict[str, Any], pointer: tuple[str, ...], indent: int, first_prefix: str = ""
) -> list[str]:
    """The lines of a mapping's fields at ``indent``; the first line may carry a list dash (``first_prefix``)."""
    lines: list[str] = []
    pad = " " * indent
    for key, raw in node.get("properties", {}).items():
        sub = _resolve(raw, defs)
        lead = (first_prefix or pad) if not lines else pad
        lines += _field(key, sub, defs, (*pointer, key), indent, lead)
    return lines


def _scalar(key: str, sub: dict[str, Any], defs: dict[str, Any], pointer: tuple[str, ...]) -> str | None:
    """A plain field's placeholder text, or None for a field that holds a mapping or a list of them."""
    if pointer in _CHOSEN:
        return _CHOSEN[pointer]
    if sub.get("type") == "array":
        items = _resolve(sub.get("items", {}), defs)
        if _is_object(items) and items.get("properties"):
            return None
        return "[]" if key in _EMPTY else f"[{PLACEHOLDER}]"
    if _is_object(sub):
        return None
    return "[]" if key in _EMPTY else PLACEHOLDER


def _field(
    key: str, sub: dict[str, Any], defs: dict[str, Any], pointer: tuple[str, ...], indent: int, lead: str
) -> list[str]:
    comment = _comment(sub, key)
    tail = f"  # {comment}" if comment else ""
    deeper = len(pointer) < _DEPTH + 1
    plain = _scalar(key, sub, defs, pointer)
    if plain is not None:
        return [f"{lead}{key}: {plain}{tail}"]
    properties = sub.get("properties", {})
    parts = {k: _scalar(k, _resolve(v, defs), defs, (*pointer, k)) for k, v in properties.items()}
    if _is_object(sub) and 0 < len(parts) <= _INLINE and None not in parts.values():
        return [f"{lead}{key}: {{{', '.join(f'{k}: {v}' for k, v in parts.items())}}}{tail}"]
    if sub.get("type") == "array":
        items = _resolve(sub.get("items", {}), defs)
        if _is_object(items) and items.get("properties") and deeper:
            inner = _fields(items, defs, pointer, indent + 4, " " * (indent + 2) + "- ")
            return [f"{lead}{key}:{tail}", *inner]
        return [f"{lead}{key}: [{PLACEHOLDER}]{tail}"]  # nested too deep: a list to fill in
    if _is_object(sub) and sub.get("properties") and deeper:
        return [f"{lead}{key}:{tail}", *_fields(sub, defs, pointer, indent + 2)]
    if _is_object(sub) and isinstance(sub.get("additionalProperties"), dict) and pointer in _EXAMPLE_KEYS:
        entry = _resolve(sub["additionalProperties"], defs)
        example = _EXAMPLE_KEYS[pointer]
        if _is_object(entry) and entry.get("properties"):
            return [
                f"{lead}{key}:{tail}",
                f"{' ' * (indent + 2)}{example}:",
                *_fields(entry, defs, (*pointer, example), indent + 4),
            ]
        entry_comment = _ENTRY.get(key, "One entry.")
        return [f"{lead}{key}:{tail}", f"{' ' * (indent + 2)}{example}: {PLACEHOLDER}  # {entry_comment}"]
    if _is_object(sub):
        return [f"{lead}{key}: {{}}{tail}"]
    return [f"{lead}{key}: {PLACEHOLDER}{tail}"]


def new_document(kind: str, name: str) -> str:
    """A document of ``kind`` named ``name``: every field, commented, ``TBD`` where a value is needed."""
    canonical = KINDS[kind.lower()]
    schema = schema_for(canonical)
    defs = schema.get("$defs", {})
    spec = _resolve(schema["properties"]["spec"], defs)
    lines = [
        f"# A new {canonical}: replace every {PLACEHOLDER}; 'itsmlint check' reports each one until it is filled.",
        f"# Reference: docs/kinds/{canonical.lower()}.md (the fields, what each rule expects, an example).",
        f"apiVersion: {API_VERSION}",
        f"kind: {canonical}",
        "metadata:",
        f"  name: {name}",
        f"  title: {PLACEHOLDER}  # A short, readable title.",
        "  status: draft  # draft, approved or retired; once approved, fill in the four lines below (GOV001, GOV002).",
        "  # approvedBy: person:<name>  # who approved this version",
        "  # approvedOn: YYYY-MM-DD",
        "  # lastReviewed: YYYY-MM-DD  # when it was last reviewed",
        "  # reviewCycle: P12M  # how often it is reviewed, an ISO 8601 duration",
        "spec:",
        *_fields(spec, defs, ("spec",), 2),
    ]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------
# itsmlint init
# --------------------------------------------------------------------------

#: The presets ``init --level`` may name (``policies/``).
LEVELS = ("level-2", "level-3", "level-4", "level-5", "recommended", "iso20000")


def _config(level: str) -> str:
    return f"""\
# itsmlint configuration. 'itsmlint check' finds this file from any folder below it.
# extends: a preset shipped with itsmlint: level-2 ... level-5 (the rules that gate each maturity
# level and those below it), recommended, or iso20000. Raise the level as the documents mature.
extends: {level}
# params:
#   corporateDomains: [example.org]  # SM002: the mail domains official social-media accounts use
#   maxReviewCycle: P12M             # GOV001: the longest review cycle allowed
"""


PRE_COMMIT = """\
# pre-commit: 'pre-commit install', then every commit is linted.
# This hook runs the itsmlint installed on the machine. To pin a version for everyone instead:
#   - repo: https://github.com/itsmlint/itsmlint
#     rev: <full commit SHA>   # no release is tagged yet
#     hooks: [{id: itsmlint}]  # or itsmlint-changed: only the findings a commit brings
repos:
  - repo: local
    hooks:
      - id: itsmlint
        name: itsmlint
        entry: itsmlint check
        language: system
        pass_filenames: false
        always_run: true
        require_serial: true
"""

WORKFLOW = """\
# itsmlint on every pull request: findings as annotations, the check fails on errors.
# For code scanning (SARIF upload), use the itsmlint action instead: see docs/ci.md in the itsmlint repository.
name: itsmlint
on:
  pull_request:
  push:
    branches: [main]
permissions:
  contents: read
jobs:
  itsmlint:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      # Pin a commit of itsmlint for repeatable builds: ...itsmlint@<full commit SHA>
      - run: pip install "itsmlint @ git+https://github.com/itsmlint/itsmlint"
      - run: itsmlint check --format github
"""


def _organisation(today: dt.date) -> str:
    until = dt.date(today.year + 1, today.month, min(today.day, 28)) - dt.timedelta(days=1)
    return f"""\
# The people, team and role that the processes name. Add yours; 'itsmlint new Person NAME' starts one.
apiVersion: {API_VERSION}
kind: Person
metadata: {{name: alex-morgan, title: Alex Morgan}}
spec:
  displayName: Alex Morgan (Head of IT Operations)
  email: alex.morgan@example.org
  memberOf: [team:it-operations]
  active: true
---
apiVersion: {API_VERSION}
kind: Person
metadata: {{name: sam-lee, title: Sam Lee}}
spec:
  displayName: Sam Lee (Service Desk Analyst)
  email: sam.lee@example.org
  memberOf: [team:it-operations]
  active: true
---
apiVersion: {API_VERSION}
kind: Person
metadata: {{name: kim-patel, title: Kim Patel}}
spec:
  displayName: Kim Patel (Service Desk Analyst)
  email: kim.patel@example.org
  memberOf: [team:it-operations]
  active: true
---
apiVersion: {API_VERSION}
kind: Team
metadata: {{name: it-operations, title: IT Operations}}
spec:
  type: internal
  description: Runs the service desk and the services staff use every day.
  owner: person:alex-morgan
---
apiVersion: {API_VERSION}
kind: Role
metadata: {{name: service-desk-agent, title: Service Desk Analyst}}
spec:
  category: practitioner
  description: Takes every request from staff and stays their single point of contact until it is closed.
  competencies: [request triage, customer communication]
  authorities: [fulfil catalogue requests]
---
apiVersion: {API_VERSION}
kind: RoleAssignment
metadata: {{name: service-desk-agents, title: Service desk analysts}}
spec:
  role: role:service-desk-agent
  assignees: [person:sam-lee, person:kim-patel]
  validFrom: {today.isoformat()}
  validUntil: {until.isoformat()}
"""


def _process(today: dt.date) -> str:
    day = today.isoformat()
    return f"""\
# One process, complete: what each field holds is in docs/kinds/process.md. 'itsmlint new Process NAME'
# starts another with every field and a TBD where a value is needed.
apiVersion: {API_VERSION}
kind: Process
metadata:
  name: service-requests
  title: Service Requests
  status: approved
  approvedBy: person:alex-morgan
  approvedOn: {day}
  lastReviewed: {day}
  reviewCycle: P12M
spec:
  purpose: Give staff the accounts, equipment and information they ask for, within the promised time
  scope: Requests for catalogue items raised through the service desk; anything else is a change
  owner: person:alex-morgan
  managers: [person:alex-morgan]
  caseOwner: role:service-desk-agent
  valueStreams: [valuestream:run]
  outcomes:
    - {{id: get-what-you-need, consumer: team:it-operations, description: Staff get what they asked for on time}}
  policies:
    - {{id: log-every-request, statement: Every request is logged before work starts, enforcedBy: [log-request]}}
  dimensions: {{people: [role:service-desk-agent], tools: [service-desk-tool], partners: []}}
  kpis:
    - id: on-time
      outcome: get-what-you-need
      target: {{op: ">=", value: 90, unit: "%"}}
      source: service-desk-tool
      frequency: P1M
      audience: [person:alex-morgan]
      scope: service
  activities:
    - id: log-request
      name: Log the request
      description: Record who asks for what, and set the due date from the catalogue
      procedure: {{steps: [Check the requester and the catalogue item, Set the due date]}}
      raci: {{responsible: [role:service-desk-agent], accountable: person:alex-morgan}}
      inputs: [request]
      outputs: [request-record]
      customerFacing: true
    - id: fulfil-request
      name: Fulfil and close
      description: Carry out the catalogue task, confirm with the requester, close the request
      procedure: {{steps: [Carry out the task, Confirm with the requester, Close the request]}}
      after: [log-request]
      raci: {{responsible: [role:service-desk-agent], accountable: person:alex-morgan}}
      inputs: [request-record]
      outputs: [closed-request]
      customerFacing: true
  paths:
    - {{type: expedite, trigger: the requester cannot work without it, authority: person:alex-morgan}}
  escalation:
    functional: {{after: P1D, to: team:it-operations}}
    hierarchical: {{on: [request-overdue], to: person:alex-morgan}}
  improvement:
    reviewFrequency: P3M
    feedbackFrom: [on-time]
    lastReview: {day}
---
apiVersion: {API_VERSION}
kind: ValueStream
metadata: {{name: run, title: Run}}
spec:
  owner: person:alex-morgan
  outcomes: [Staff can work with the services they need]
  stages:
    - {{name: run, processes: [process:service-requests]}}
"""


def starter(level: str, today: dt.date) -> dict[str, str]:
    """The files of a starter repository, by path relative to its folder."""
    if level not in LEVELS:
        raise ValueError(f"unknown level {level!r}; choose from {', '.join(LEVELS)}")
    return {
        ".itsmlint.yaml": _config(level),
        ".pre-commit-config.yaml": PRE_COMMIT,
        ".github/workflows/itsmlint.yml": WORKFLOW,
        "governance/organisation.yaml": _organisation(today),
        "governance/processes/service-requests.yaml": _process(today),
    }
