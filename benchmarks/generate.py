#!/usr/bin/env python3
"""Write a realistic, deterministic repository of about N itsmlint documents.

The model is the sample organisation in ``samples/northwind``: every kind
(people, teams, roles and their assignments, value streams, processes of five
to fifteen activities, services, offerings, SLAs with full priority matrices,
OLAs and supplier contracts, the social-media policy, risks and controls).
One *unit* is one copy of that organisation with every name suffixed, and
every reference rewritten to the copy, so references resolve inside each
unit. One unit in ten carries a defect (an owner removed, a wait without a
timeout, a control no longer implemented, a reference misspelt), so a run
reports a small share of findings, as a real repository does.

Each document is written to a file of its own (``unit-0003/process-x.yaml``):
check-jsonschema reads one document per file, and the comparison needs the
same files for every tool. The same arguments always give the same bytes.

``--scenario`` chooses what the repository looks like:

* ``realistic`` (the default): as above, one unit in ten with a defect;
* ``tidy``: no defect, every reference resolves, and richer documents (about
  90 lines each: labels, annotations, descriptions, longer processes), as a
  mature repository has them; a run reports nothing;
* ``adoption``: the first run on a repository that was never linted. Every
  document has one unknown key (a schema error) and about 25 references to
  documents that are not there, most of them near misses of real names, so
  every one asks for a "did you mean".
* ``backstage``: a Backstage software catalog and nothing else (see
  :func:`catalog_unit`): one unit is a department of three teams with its
  people, domain, systems, components, APIs, resources and a Location; one
  unit in ten carries a defect (an owner misspelt, a component owned by a
  person, an API that is not there).

    python benchmarks/generate.py OUT --documents 10000 [--scenario tidy]
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import re
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "northwind"
_REF = re.compile(r"^(?P<kind>[a-z]+):(?P<name>[a-z0-9]([-a-z0-9]*[a-z0-9])?)(?P<rest>(?:[#/].*)?)$")


def sample_documents() -> list[dict[str, Any]]:
    """The sample organisation's documents, in a stable order (read as YAML 1.2, as itsmlint reads them)."""
    from itsmlint.loader import load

    return [copy.deepcopy(d.data) for d in load([SAMPLE], ROOT).documents]


def _rename(value: Any, names: set[tuple[str, str]], suffix: str) -> Any:
    if isinstance(value, dict):
        return {k: _rename(v, names, suffix) for k, v in value.items()}
    if isinstance(value, list):
        return [_rename(v, names, suffix) for v in value]
    if isinstance(value, str):
        m = _REF.match(value)
        if m and (m["kind"], m["name"]) in names:
            return f"{m['kind']}:{m['name']}{suffix}{m['rest']}"
    return value


def _activities(process: dict[str, Any], count: int) -> None:
    """Grow or shrink a process's activity chain to ``count`` activities, keeping it well formed."""
    acts = process["spec"].get("activities")
    if not isinstance(acts, list) or not acts or count <= len(acts):
        return
    last = acts[-1]
    for n in range(len(acts), count):
        extra = copy.deepcopy(last)
        extra["id"] = f"{last['id']}-{n}"
        extra["name"] = f"{last.get('name', 'Step')} ({n})"
        extra["after"] = [acts[-1]["id"]]
        extra.pop("waitsFor", None)
        extra["inputs"] = list(acts[-1].get("outputs") or [])
        extra["outputs"] = [f"{o}-{n}" for o in (last.get("outputs") or ["result"])]
        acts.append(extra)


def _defect(docs: list[dict[str, Any]], unit: int) -> None:
    """One small, realistic mistake in one unit of ten."""
    kind = ("Process", "Control", "Service", "Person")[unit // 10 % 4]
    target = next(d for d in docs if d["kind"] == kind)
    spec = target["spec"]
    if kind == "Process":
        spec.pop("owner", None)
    elif kind == "Control":
        spec["status"] = "planned"
    elif kind == "Service":
        spec["owner"] = str(spec.get("owner", "person:x")) + "x"
    else:
        spec["active"] = False


SCENARIOS = ("realistic", "tidy", "adoption", "backstage")


def _enrich(doc: dict[str, Any], unit: int, n: int) -> None:
    """Labels, annotations and prose that a mature repository carries (schema-valid, no finding)."""
    md = doc["metadata"]
    md.setdefault("title", md["name"].replace("-", " ").title())
    md["description"] = (
        f"{md['title']} as kept by unit {unit}. It is reviewed with its owner at every review "
        "cycle, and changes to it are proposed by merge request and approved by the owner.\n"
        "Questions go to the service desk; the history of this document is in git.\n"
    )
    md["labels"] = {
        **md.get("labels", {}),
        "unit": f"u{unit:04d}",
        "region": ("emea", "amer", "apac")[n % 3],
        "tier": str(1 + n % 3),
        "cost-centre": f"cc-{1000 + unit % 97}",
    }
    md["annotations"] = {
        "itsmlint.example/source": f"https://git.example/unit-{unit:04d}",
        "itsmlint.example/contact": "service-desk@northwind.example",
        "itsmlint.example/runbook": f"https://wiki.example/unit-{unit:04d}/{md['name']}",
        "itsmlint.example/last-import": "2026-10-01",
    }
    doc["spec"]["x-notes"] = [f"note {i} on {md['name']}: kept for the audit trail of unit {unit}" for i in range(1, 8)]
    doc["spec"]["x-history"] = [
        {
            "on": f"2026-{month:02d}-1{n % 10}",
            "by": "change advisory board",
            "change": f"revision {month} of {md['name']}",
        }
        for month in range(1, 8)
    ]


def _misspell(name: str, salt: int) -> str:
    """A near miss of ``name``: one letter dropped, doubled or swapped, as people type them."""
    cut = 1 + salt % max(1, len(name) - 2)
    match salt % 3:
        case 0:
            return name[:cut] + name[cut + 1 :]
        case 1:
            return name[:cut] + name[cut] + name[cut:]
        case _:
            return name[: cut - 1] + name[cut] + name[cut - 1] + name[cut + 1 :] if cut < len(name) else name + "x"


def _first_run(docs: list[dict[str, Any]], unit: int) -> None:
    """What a repository that never ran itsmlint looks like: a stray key and references to nothing."""
    refs = [(d["kind"].lower(), d["metadata"]["name"]) for d in docs]
    for n, doc in enumerate(docs):
        doc["spec"]["legacyId"] = f"CI{unit:04d}{n:03d}"  # not in the schema: one SCHEMA001 each
        links = []
        for i in range(25):
            kind, name = refs[(n * 7 + i * 3) % len(refs)]
            if i % 5 == 4:
                links.append(f"{kind}:retired-{('crm', 'billing', 'intranet', 'fax-gateway')[i % 4]}")
            else:
                links.append(f"{kind}:{_misspell(name, n + i + unit)}")
        doc["spec"]["x-links"] = links


def unit_documents(sample: list[dict[str, Any]], unit: int, scenario: str = "realistic") -> list[dict[str, Any]]:
    names = {(d["kind"].lower(), d["metadata"]["name"]) for d in sample}
    suffix = f"-u{unit:04d}"
    docs = []
    for n, doc in enumerate(sample):
        copied = _rename(doc, names, suffix)
        copied["metadata"]["name"] = doc["metadata"]["name"] + suffix
        if copied["kind"] == "Process":
            # Five to fifteen activities; a mature repository's processes are longer.
            _activities(copied, (8 if scenario == "tidy" else 5) + (unit + n) % 11)
        if scenario == "tidy":
            _enrich(copied, unit, n)
        docs.append(copied)
    if scenario == "realistic" and unit % 10 == 9:
        _defect(docs, unit)
    if scenario == "adoption":
        _first_run(docs, unit)
    return docs


def _dump(doc: dict[str, Any]) -> str:
    return yaml.dump(doc, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True, width=100)


def _entity(kind: str, name: str, spec: dict[str, Any], **metadata: Any) -> dict[str, Any]:
    return {
        "apiVersion": "backstage.io/v1alpha1",
        "kind": kind,
        "metadata": {"name": name, "description": f"{kind} {name}", **metadata},
        "spec": spec,
    }


#: Entities in one unit of the backstage scenario.
CATALOG_UNIT = 32


def catalog_unit(unit: int) -> list[dict[str, Any]]:
    """One department of a Backstage catalog: 32 entities whose references all resolve (but in one unit in ten)."""
    u = f"u{unit:04d}"
    dept = f"dept-{u}"
    teams = [f"team-{u}-{t}" for t in "abc"]
    people = {team: [f"person.{u}{t}{n}" for n in range(4)] for t, team in zip("abc", teams, strict=True)}
    out = [_entity("Group", dept, {"type": "department", "parent": "acme", "children": teams})]
    for team in teams:
        out.append(_entity("Group", team, {"type": "team", "parent": dept, "children": [], "members": people[team]}))
        out += [
            _entity(
                "User",
                person,
                {"profile": {"displayName": person.title(), "email": f"{person}@acme.example"}, "memberOf": [team]},
                annotations={"github.com/user-login": person.replace(".", "-")},
            )
            for person in people[team]
        ]
    out.append(_entity("Domain", f"domain-{u}", {"owner": dept}))
    systems = [f"system-{u}-{n}" for n in range(2)]
    out += [_entity("System", system, {"owner": teams[n], "domain": f"domain-{u}"}) for n, system in enumerate(systems)]
    apis = [f"api-{u}-{n}" for n in range(4)]
    out += [
        _entity(
            "API",
            api,
            {
                "type": "openapi",
                "lifecycle": "production",
                "owner": teams[n % 3],
                "system": systems[n % 2],
                "definition": f"openapi: 3.0.0\ninfo: {{title: {api}}}",
            },
        )
        for n, api in enumerate(apis)
    ]
    resources = [f"db-{u}-{n}" for n in range(2)]
    out += [
        _entity("Resource", res, {"type": "database", "owner": teams[n], "system": systems[n]})
        for n, res in enumerate(resources)
    ]
    for n in range(6):
        spec: dict[str, Any] = {
            "type": "service",
            "lifecycle": "production",
            "owner": teams[n % 3],
            "system": systems[n % 2],
            "providesApis": [apis[n % 4]],
            "consumesApis": [apis[(n + 1) % 4]],
            "dependsOn": [f"resource:{resources[n % 2]}"],
        }
        if n == 5:
            spec["subcomponentOf"] = f"component-{u}-2"  # owned by the same team (2 % 3 == 5 % 3)
        out.append(_entity("Component", f"component-{u}-{n}", spec))
    if unit % 10 == 9:
        out[-1]["spec"]["owner"] = teams[2] + "x"  # a misspelt owner
        out[-2]["spec"]["owner"] = f"user:{people[teams[1]][0]}"  # a person owns a component
        out[-3]["spec"]["consumesApis"] = [f"api-{u}-9"]  # an API that is not there
    return out


def write_catalog(out: Path, documents: int) -> int:
    """The backstage scenario: about ``documents`` entities, one per file, under Locations that list them."""
    units = max(1, round(documents / CATALOG_UNIT))
    out.mkdir(parents=True, exist_ok=True)
    root = [_entity("Group", "acme", {"type": "organization", "children": [f"dept-u{u:04d}" for u in range(units)]})]
    locations = []
    written = 0
    for unit in range(units):
        folder = out / f"unit-{unit:04d}"
        folder.mkdir(parents=True, exist_ok=True)
        names = []
        for entity in catalog_unit(unit):
            name = f"{entity['kind'].lower()}-{entity['metadata']['name']}.yaml"
            (folder / name).write_text(_dump(entity), encoding="utf-8")
            names.append(f"./{name}")
            written += 1
        (folder / "catalog-info.yaml").write_text(
            _dump(_entity("Location", f"unit-{unit:04d}", {"targets": names})), encoding="utf-8"
        )
        locations.append(f"./unit-{unit:04d}/catalog-info.yaml")
        written += 1
    root.append(_entity("Location", "acme", {"targets": locations}))
    (out / "catalog-info.yaml").write_text("---\n".join(_dump(e) for e in root), encoding="utf-8")
    return written + len(root)


def write(out: Path, documents: int, scenario: str = "realistic") -> int:
    """Write about ``documents`` documents under ``out``; return how many were written."""
    if scenario == "backstage":
        return write_catalog(out, documents)
    sample = sample_documents()
    units = max(1, round(documents / len(sample)))
    written = 0
    out.mkdir(parents=True, exist_ok=True)
    (out / ".itsmlint.yaml").write_bytes((SAMPLE / ".itsmlint.yaml").read_bytes())
    for unit in range(units):
        folder = out / f"unit-{unit:04d}"
        folder.mkdir(parents=True, exist_ok=True)
        for doc in unit_documents(sample, unit, scenario):
            name = f"{doc['kind'].lower()}-{doc['metadata']['name']}.yaml"
            (folder / name).write_text(_dump(doc), encoding="utf-8")
            written += 1
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("out", type=Path, help="folder to write (created)")
    parser.add_argument("--documents", type=int, default=1000, help="about how many documents")
    parser.add_argument(
        "--scenario",
        choices=SCENARIOS,
        default="realistic",
        help="realistic (one unit in ten with a defect), tidy (no finding, richer documents), "
        "adoption (every document with a schema error and unresolved references) or backstage (a "
        "Backstage catalog only)",
    )
    args = parser.parse_args(argv)
    count = write(args.out, args.documents, args.scenario)
    print(f"{count} documents in {args.out} ({dt.date.today().isoformat()})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
