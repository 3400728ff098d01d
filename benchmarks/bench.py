#!/usr/bin/env python3
"""Measure how itsmlint scales with the size of a repository.

The script writes synthetic organisations of growing size (people, roles,
assignments, processes with ten activities each, services, offerings and
SLAs, spread over files as a real repository would be), then times
``itsmlint check`` on each as a whole process, several runs apiece, and
prints the median wall time, documents per second and the time per
document. A linear linter keeps the last column flat.

    python benchmarks/bench.py                    # sizes 1, 5, 25, 125 units
    python benchmarks/bench.py --units 10 100 --runs 7
    python benchmarks/bench.py --keep /tmp/corpus # keep the generated corpus
    python benchmarks/bench.py --audit            # time ``itsmlint audit`` instead

One unit is one team of eight people with two processes, a service, an
offering and an SLA: 25 documents. Only the standard library and the
installed ``itsmlint`` command are used.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HEADER = "apiVersion: itsmlint/v1\n"
ACTIVITIES = 10


def _doc(kind: str, name: str, spec: str, governed: bool = False) -> str:
    meta = f"metadata:\n  name: {name}\n  title: {name.replace('-', ' ').title()}\n"
    if governed:
        meta += (
            "  status: approved\n  approvedBy: person:cio\n  approvedOn: 2026-06-01\n"
            "  lastReviewed: 2026-06-01\n  reviewCycle: P12M\n"
        )
    return f"{HEADER}kind: {kind}\n{meta}spec:\n{spec}"


def _process(unit: int, n: int) -> str:
    lines = [
        f"  practice: practice-{n}",
        f"  purpose: Deliver outcome {n} of team {unit} reliably for every consumer we serve",
        "  scope: Everything the team handles for its consumers",
        f"  owner: person:u{unit}-p0",
        f"  managers: [role:u{unit}-manager]",
        f"  caseOwner: role:u{unit}-agent",
        "  valueStreams: [valuestream:run]",
        f"  outcomes: [{{id: done, consumer: team:u{unit}-team, description: Work is done on time}}]",
        "  policies: [{id: log-all, statement: All work is logged, enforcedBy: [a0]}]",
        f"  dimensions: {{people: [role:u{unit}-agent], tools: [itsm-tool], partners: []}}",
        "  kpis:",
        "    - {id: lead-time, outcome: done, target: {op: '<=', value: 4, unit: h}, source: itsm-tool,",
        f"       frequency: P1M, audience: [role:u{unit}-manager]}}",
        "  activities:",
    ]
    for a in range(ACTIVITIES):
        after = f"\n      after: [a{a - 1}]" if a else ""
        inputs = f"[out-{a - 1}]" if a else "[request]"
        lines.append(
            f"    - id: a{a}\n      name: Step {a}\n      description: Carry out step {a} of the work\n"
            f"      procedure: {{ref: procedures/step-{a}.md}}{after}\n"
            f"      raci: {{responsible: [role:u{unit}-agent], accountable: role:u{unit}-manager}}\n"
            f"      inputs: {inputs}\n      outputs: [out-{a}]"
        )
    return _doc("Process", f"u{unit}-process-{n}", "\n".join(lines) + "\n", governed=True)


def write_unit(root: Path, unit: int) -> int:
    """Write one unit's files; return the number of documents written."""
    folder = root / f"unit-{unit:04d}"
    folder.mkdir(parents=True)
    people = [
        _doc("Person", f"u{unit}-p{i}", f"  displayName: Person {i}\n  memberOf: [team:u{unit}-team]\n  active: true\n")
        for i in range(8)
    ]
    (folder / "people.yaml").write_text("---\n".join(people), encoding="utf-8")
    org = [
        _doc("Team", f"u{unit}-team", f"  type: internal\n  owner: person:u{unit}-p0\n"),
        _doc("Role", f"u{unit}-agent", "  category: practitioner\n  competencies: [triage]\n"),
        _doc("Role", f"u{unit}-manager", "  category: process-manager\n  competencies: [coordination]\n"),
        _doc(
            "RoleAssignment",
            f"u{unit}-agents",
            f"  role: role:u{unit}-agent\n  assignees: [person:u{unit}-p2, person:u{unit}-p3, person:u{unit}-p4]\n",
        ),
        _doc(
            "RoleAssignment", f"u{unit}-managers", f"  role: role:u{unit}-manager\n  assignees: [person:u{unit}-p1]\n"
        ),
    ]
    (folder / "org.yaml").write_text("---\n".join(org), encoding="utf-8")
    for n in range(2):
        (folder / f"process-{n}.yaml").write_text(_process(unit, n), encoding="utf-8")
    service = [
        _doc(
            "Service",
            f"u{unit}-service",
            f"  owner: person:u{unit}-p0\n  consumers: [team:u{unit}-team]\n  outcomes: [Work gets done]\n"
            f"  offerings: [serviceoffering:u{unit}-offering]\n",
            governed=True,
        ),
        _doc(
            "ServiceOffering",
            f"u{unit}-offering",
            f"  service: service:u{unit}-service\n  owner: person:u{unit}-p0\n  targetConsumers: [team:u{unit}-team]\n"
            f"  goods: []\n  accessToResources: [portal]\n  serviceActions: [reset]\n  sla: sla:u{unit}-sla\n",
        ),
        _doc(
            "SLA",
            f"u{unit}-sla",
            f"  type: sla\n  service: service:u{unit}-service\n  offering: serviceoffering:u{unit}-offering\n"
            f"  provider: {{owner: person:u{unit}-p0}}\n"
            f"  customer: {{party: team:u{unit}-team, signatory: person:u{unit}-p1}}\n"
            "  targets: {P1: {response: PT15M, resolution: PT4H}, P2: {response: PT1H, resolution: P1D}}\n",
            governed=True,
        ),
    ]
    (folder / "service.yaml").write_text("---\n".join(service), encoding="utf-8")
    return len(people) + len(org) + 2 + len(service)


def write_corpus(root: Path, units: int) -> int:
    shared = [
        _doc("Person", "cio", "  displayName: The CIO\n  active: true\n"),
        _doc("ValueStream", "run", "  owner: person:cio\n  stages: [{name: Run, processes: []}]\n", governed=True),
    ]
    root.mkdir(parents=True, exist_ok=True)
    (root / "shared.yaml").write_text("---\n".join(shared), encoding="utf-8")
    return len(shared) + sum(write_unit(root, u) for u in range(units))


def time_run(command: list[str], runs: int) -> list[float]:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
        timings.append(time.perf_counter() - start)
        if done.returncode not in (0, 1):
            sys.exit(f"itsmlint failed ({done.returncode}): {done.stderr.decode(errors='replace')}")
    return timings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--units", type=int, nargs="+", default=[1, 5, 25, 125], help="corpus sizes, in units")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per size (the median is shown)")
    parser.add_argument("--keep", type=Path, help="write the corpora under this folder and keep them")
    parser.add_argument("--itsmlint", default=shutil.which("itsmlint") or "itsmlint", help="the command to time")
    parser.add_argument("--audit", action="store_true", help="time `itsmlint audit` (all three reports) instead")
    args = parser.parse_args(argv)
    base = args.keep or Path(tempfile.mkdtemp(prefix="itsmlint-bench-"))
    print(f"{'units':>6} {'documents':>10} {'median s':>9} {'min s':>7} {'docs/s':>8} {'ms/doc':>7}")
    try:
        for units in args.units:
            root = base / f"corpus-{units}"
            if root.exists():
                shutil.rmtree(root)
            documents = write_corpus(root, units)
            if args.audit:
                command = [
                    args.itsmlint,
                    "audit",
                    str(root),
                    "--isolated",
                    "--today",
                    "2026-11-23",
                    "--output",
                    str(base / f"audit-{units}"),
                ]
            else:
                command = [args.itsmlint, "check", str(root), "--isolated", "--today", "2026-11-23", "--format", "json"]
            time_run(command, 1)  # warm the file cache and the bytecode
            timings = time_run(command, args.runs)
            median = statistics.median(timings)
            print(
                f"{units:>6} {documents:>10} {median:>9.3f} {min(timings):>7.3f} "
                f"{documents / median:>8.0f} {1000 * median / documents:>7.2f}"
            )
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
