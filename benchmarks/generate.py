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


SCENARIOS = ("realistic", "tidy", "adoption")


def _enrich(doc: dict[str, Any], unit: int, n: int) -> None:
    """Labels, annotations and prose that a mature repository carries (schema-valid, no finding)."""
    md = doc["metadata"]
    md.setdefault("title", md["name"].replace("-", " ").title())
    md["description"] = (f"{md['title']} as kept by unit {unit}. It is reviewed with its owner at every review "
                         "cycle, and changes to it are proposed by merge request and approved by the owner.\n"
                         "Questions go to the service desk; the history of this document is in git.\n")
    md["labels"] = {**md.get("labels", {}), "unit": f"u{unit:04d}", "region": ("emea", "amer", "apac")[n % 3],
                    "tier": str(1 + n % 3), "cost-centre": f"cc-{1000 + unit % 97}"}
    md["annotations"] = {"itsmlint.example/source": f"https://git.example/unit-{unit:04d}",
                         "itsmlint.example/contact": "service-desk@northwind.example",
                         "itsmlint.example/runbook": f"https://wiki.example/unit-{unit:04d}/{md['name']}",
                         "itsmlint.example/last-import": "2026-10-01"}
    doc["spec"]["x-notes"] = [f"note {i} on {md['name']}: kept for the audit trail of unit {unit}"
                              for i in range(1, 8)]
    doc["spec"]["x-history"] = [{"on": f"2026-{month:02d}-1{n % 10}", "by": "change advisory board",
                                 "change": f"revision {month} of {md['name']}"} for month in range(1, 8)]


def _misspell(name: str, salt: int) -> str:
    """A near miss of ``name``: one letter dropped, doubled or swapped, as people type them."""
    cut = 1 + salt % max(1, len(name) - 2)
    match salt % 3:
        case 0:
            return name[:cut] + name[cut + 1:]
        case 1:
            return name[:cut] + name[cut] + name[cut:]
        case _:
            return name[:cut - 1] + name[cut] + name[cut - 1] + name[cut + 1:] if cut < len(name) else name + "x"


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


def write(out: Path, documents: int, scenario: str = "realistic") -> int:
    """Write about ``documents`` documents under ``out``; return how many were written."""
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
    parser.add_argument("--scenario", choices=SCENARIOS, default="realistic",
                        help="realistic (one unit in ten with a defect), tidy (no finding, richer documents) or "
                        "adoption (every document with a schema error and unresolved references)")
    args = parser.parse_args(argv)
    count = write(args.out, args.documents, args.scenario)
    print(f"{count} documents in {args.out} ({dt.date.today().isoformat()})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
